"""A build with nothing new reports the current release without running a step, and only then."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline import cli, store
from pipeline.defs import build as dagster_build
from pipeline.incremental import inputs
from pipeline.settings import load_settings

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def built(tmp_path, monkeypatch) -> tuple[Path, Path, list[int]]:
    """Samples built once through the command line; `runs` counts the Dagster builds that follow."""
    raw, datasets = tmp_path / "raw", tmp_path / "datasets"
    shutil.copytree(REPO / "raw", raw)
    assert cli.main(["build", "--quiet", "--raw", str(raw), "--datasets", str(datasets)]) == 0
    runs: list[int] = []
    real = dagster_build.run_build

    def counting(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(dagster_build, "run_build", counting)
    return raw, datasets, runs


def _build(raw: Path, datasets: Path, *extra: str) -> int:
    return cli.main(["build", "--quiet", "--raw", str(raw), "--datasets", str(datasets), *extra])


def test_a_rebuild_with_nothing_new_runs_no_step(built, capsys):
    raw, datasets, runs = built
    before = store.current_release(datasets)
    capsys.readouterr()
    assert _build(raw, datasets) == 0
    out, err = capsys.readouterr()
    assert runs == [] and "nothing new" in err
    assert f"release {before}" in out and store.current_release(datasets) == before


def test_a_changed_raw_file_builds(built, capsys):
    raw, datasets, runs = built
    before = store.current_release(datasets)
    article = sorted(raw.glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing line of 12 words was added to it.\n",
                       encoding="utf-8")
    assert _build(raw, datasets) == 0
    assert runs == [1] and store.current_release(datasets) != before


def test_force_builds_and_a_damaged_table_is_not_trusted(built):
    raw, datasets, runs = built
    assert _build(raw, datasets, "--force") == 0
    assert runs == [1]
    release = store.current_release(datasets)
    version = store.read_release(datasets, release)["versions"]["figures"]
    path = store.parquet_path(datasets, "figures", version)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    os.chmod(path, 0o644)
    path.write_bytes(bytes(data))
    assert _build(raw, datasets) == 0
    assert runs == [1, 1] and store.verify(datasets) == []


def test_a_record_of_an_older_release_is_not_trusted(built):
    raw, datasets, runs = built
    sha = inputs.build_inputs_sha256(load_settings(raw_dir=raw, datasets_dir=datasets))
    assert store.built_release(datasets, sha) == store.current_release(datasets)
    store.record_built(datasets, sha, "0123456789abcdef")
    assert store.built_release(datasets, sha) is None


def test_inputs_hash_follows_content_and_shaping_settings_only(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    settings = load_settings(raw_dir=raw, datasets_dir=tmp_path / "datasets")
    first = inputs.build_inputs_sha256(settings)
    article = sorted(raw.glob("*.txt"))[0]
    os.utime(article, (1, 1))  # touched, same bytes
    assert inputs.build_inputs_sha256(settings) == first
    assert inputs.build_inputs_sha256(settings.with_overrides(n_process=2, batch_size=8)) == first
    assert inputs.build_inputs_sha256(settings.with_overrides(max_bytes=1000)) != first
    assert inputs.build_inputs_sha256(settings.with_overrides(model_name="another_model")) != first
    (raw / "sources.csv").write_text((raw / "sources.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert inputs.build_inputs_sha256(settings) != first


def test_package_hash_covers_every_file_but_bytecode(tmp_path):
    package = tmp_path / "pkg"
    (package / "text" / "__pycache__").mkdir(parents=True)
    (package / "text" / "rules.csv").write_text("a,b\n", encoding="utf-8")
    first = inputs.package_sha256(package)
    (package / "text" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\0")
    assert inputs.package_sha256(package) == first
    (package / "text" / "rules.csv").write_text("a,c\n", encoding="utf-8")
    assert inputs.package_sha256(package) != first
