"""`python -m pipeline datasets ...` on a small store."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import cli, store

REPO = Path(__file__).resolve().parents[1]


def rejected(rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "source": list(rows),
        "raw_sha256": [hashlib.sha256(s.encode()).hexdigest() for s in rows],
        "reason": list(rows.values()),
    })


@pytest.fixture
def datasets(tmp_path) -> tuple[Path, str, str]:
    old = store.publish(tmp_path, "rejected", rejected({"a.txt": "binary", "b.txt": "empty", "c.txt": "empty"}))
    new = store.publish(tmp_path, "rejected", rejected({"b.txt": "too_large", "c.txt": "empty", "d.txt": "binary"}))
    return tmp_path, old.version, new.version


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(datasets, capsys):
    root, old, new = datasets
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "list")
    assert code == 0
    line = next(l for l in out.splitlines() if l.startswith("rejected"))
    assert line.split() == ["rejected", new, "3", "2"]
    assert old not in out


def test_list_reads_the_root_from_the_environment(datasets, capsys, monkeypatch):
    root, _, new = datasets
    monkeypatch.setenv("PIPELINE_DATASETS_DIR", str(root))
    code, out, _ = run(capsys, "datasets", "list")
    assert code == 0 and new in out


def test_list_on_an_empty_root(tmp_path, capsys):
    code, out, _ = run(capsys, "datasets", "list", "--datasets", str(tmp_path))
    assert code == 0 and "no published tables" in out


def test_show_prints_manifest_and_rows(datasets, capsys):
    root, old, new = datasets
    code, out, _ = run(capsys, "datasets", "--datasets", str(root), "show", "rejected", "--rows", "2")
    assert code == 0
    assert f"version  {new} (LATEST)" in out
    assert store.read_manifest(root, "rejected", new)["sha256"] in out
    assert "raw_sha256  string" in out
    assert "b.txt" in out and "c.txt" in out and "d.txt" not in out and "1 more" in out
    code, out, _ = run(capsys, "datasets", "show", "rejected", "--version", old, "--datasets", str(root))
    assert code == 0 and f"version  {old}\n" in out and "a.txt" in out


def test_show_missing_version_is_an_error(datasets, capsys):
    root, old, new = datasets
    code, out, err = run(capsys, "--datasets", str(root), "datasets", "show", "rejected", "--version", "0badc0de")
    assert code == 2 and "0badc0de" in err and old in err and new in err


def test_diff(datasets, capsys):
    root, old, new = datasets
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "diff", "rejected", old, new)
    assert code == 0
    assert "added 1, removed 1, changed 1, unchanged 1" in out
    added = out.split("added:")[1].split("removed:")[0]
    removed = out.split("removed:")[1].split("changed:")[0]
    changed = out.split("changed:")[1]
    assert "d.txt" in added and "a.txt" not in added
    assert "a.txt" in removed and "d.txt" not in removed
    assert "b.txt" in changed and "too_large" in changed


def test_verify_clean_then_broken(datasets, capsys):
    root, old, _ = datasets
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "verify")
    assert code == 0 and out.startswith("ok: 2 version(s) of 1 table(s)")
    path = store.parquet_path(root, "rejected", old)
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "verify")
    assert code == 1 and "1 problem(s)" in out and f"rejected/{old}" in out


def test_prune(datasets, capsys):
    root, old, new = datasets
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "prune", "--keep", "1", "--dry-run")
    assert code == 0 and f"would remove {root / 'rejected' / old}" in out
    assert (root / "rejected" / old).is_dir()
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "prune", "--keep", "1")
    assert code == 0 and f"removed {root / 'rejected' / old}" in out
    assert store.versions(root, "rejected") == [new]
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "prune", "--keep", "0")
    assert code == 0 and "nothing to prune" in out and store.versions(root, "rejected") == [new]


def test_releases(datasets, capsys):
    root, old, _ = datasets
    rid = store.write_release(root, {"rejected": old}, "e" * 64)
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "releases")
    assert code == 0 and out.startswith(rid) and f"rejected={old}" in out
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "show", "rejected", "--release", rid)
    assert code == 0 and f"version  {old}\n" in out


def test_commands_are_a_registry():
    assert "datasets" in cli.COMMANDS
    with pytest.raises(SystemExit):
        cli.main(["no-such-command"])


def test_python_dash_m(datasets):
    root, _, new = datasets
    done = subprocess.run([sys.executable, "-m", "pipeline", "--datasets", str(root), "datasets", "list"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert new in done.stdout
