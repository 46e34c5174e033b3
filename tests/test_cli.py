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


# ---- a missing folder, a closed pipe, prefixes, pins and dates -------------------------------------

MISSING_FOLDER_COMMANDS = [
    ["list"], ["show", "rejected"], ["diff", "rejected", "a", "b"], ["verify"], ["prune", "--keep", "1"],
    ["releases"], ["push", "memory://nowhere"], ["pin", "abc", "paper"], ["unpin", "paper"],
]


@pytest.mark.parametrize("command", MISSING_FOLDER_COMMANDS, ids=lambda c: c[0])
def test_every_command_on_a_missing_folder_is_an_error(tmp_path, capsys, command):
    missing = tmp_path / "datsets"  # a typo
    code, out, err = run(capsys, "--datasets", str(missing), "datasets", *command)
    assert code != 0
    assert f"no datasets folder at {missing}" in err and "Traceback" not in err
    assert not missing.exists()


def test_verify_on_an_empty_folder_says_there_is_nothing(tmp_path, capsys):
    code, out, _ = run(capsys, "--datasets", str(tmp_path), "datasets", "verify")
    assert code == 1 and "nothing to verify" in out


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    many = {f"file{i:05d}.txt": "empty" for i in range(4000)}
    store.publish(tmp_path, "rejected", rejected(many))
    command = [sys.executable, "-m", "pipeline", "--datasets", str(tmp_path), "datasets", "show", "rejected",
               "--rows", "4000"]
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = child.stdout.readline()
    child.stdout.close()                    # as `| head -1` does
    err = child.stderr.read().decode()
    code = child.wait(timeout=60)
    assert first.startswith(b"table")
    assert "BrokenPipeError" not in err and "Traceback" not in err, err
    assert code == cli.EXIT_BROKEN_PIPE


def test_unique_prefixes_name_versions_and_releases(datasets, capsys):
    root, old, new = datasets
    rid = store.write_release(root, {"rejected": old}, "e" * 64)
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "show", "rejected", "--version", old[:6])
    assert code == 0 and f"version  {old}\n" in out
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "show", "rejected", "--release", rid[:5])
    assert code == 0 and f"version  {old}\n" in out
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "diff", "rejected", old[:7], new[:7])
    assert code == 0 and f"rejected {old} -> {new}" in out
    code, _, err = run(capsys, "--datasets", str(root), "datasets", "show", "rejected", "--version", "")
    assert code == 0  # an empty --version is no version: LATEST
    code, _, err = run(capsys, "--datasets", str(root), "datasets", "show", "rejected", "--version", "zz")
    assert code == 2 and "no rejected version starts with 'zz'" in err


def test_an_ambiguous_prefix_lists_the_matches(tmp_path, capsys):
    by_digit: dict[str, str] = {}
    for i in range(17):  # 17 versions: two of them share a first hex digit
        version = store.publish(tmp_path, "rejected", rejected({f"{i}.txt": "empty"})).version
        if version[0] in by_digit:
            pair = (by_digit[version[0]], version)
            break
        by_digit[version[0]] = version
    code, _, err = run(capsys, "--datasets", str(tmp_path), "datasets", "show", "rejected", "--version", pair[0][0])
    assert code == 2 and "matches 2 ids" in err and pair[0] in err and pair[1] in err


def test_releases_show_dates_and_pins(datasets, capsys):
    root, old, new = datasets
    first = store.write_release(root, {"rejected": old}, "e" * 64)
    second = store.write_release(root, {"rejected": new}, "f" * 64)
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "pin", first[:6], "paper-2024")
    assert code == 0 and f"pinned {first} as paper-2024" in out
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "releases")
    lines = out.splitlines()
    assert code == 0 and [l.split()[0] for l in lines] == [first, second]
    created = store.read_release(root, first)["created_at"]
    assert created.replace("T", " ").rstrip("Z") in lines[0]
    assert "(pinned: paper-2024)" in lines[0] and "(current)" in lines[1]
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "unpin", "paper-2024")
    assert code == 0 and first in out and store.read_pins(root) == {}
    code, _, err = run(capsys, "--datasets", str(root), "datasets", "unpin", "paper-2024")
    assert code == 2 and "no pin named 'paper-2024'" in err


def test_prune_through_the_cli_keeps_the_pinned_release(datasets, capsys):
    root, old, new = datasets
    first = store.write_release(root, {"rejected": old}, "e" * 64)
    store.write_release(root, {"rejected": new}, "f" * 64)
    store.pin(root, first, "kept")
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "prune", "--keep", "1")
    assert code == 0 and "nothing to prune" in out
    store.unpin(root, "kept")
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "prune", "--keep", "1")
    assert code == 0 and f"removed {root / 'releases' / (first + '.json')}" in out and f"removed {root / 'rejected' / old}" in out
    code, out, _ = run(capsys, "--datasets", str(root), "datasets", "verify")
    assert code == 0 and out.startswith("ok: 1 version(s) of 1 table(s) and 1 release(s)")
