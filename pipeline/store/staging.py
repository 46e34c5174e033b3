"""What a build run produced: one small file per table or intermediate, <root>/.runs/<run id>/<name>,
holding the version id the run staged for it.

publish and stash write it; the build's loads and release_build read it, so a release pins exactly
the versions its own run built, even while another build works in the same folder.

A process working for a run holds a shared flock on <root>/.runs/<run id>/.owner (taken when it
stages or reads for the run, dropped when the run's record is cleared or the process dies). A record
that no process holds and that has not changed for STALE_RUN_SECONDS belongs to a build that was
killed or failed: `sweep` removes it (with the store's lock held). The quiet time covers the few
seconds between two steps of a build whose steps run in separate processes.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from .files import remove_path, replace_file
from .layout import RUNS, TEMP_PREFIX, VERSION_LINE, check_name, run_dir

OWNER = ".owner"
STALE_RUN_SECONDS = 300.0

_claims: dict[str, int] = {}  # run folder -> fd holding the shared flock, for this process


def claim(root, run_id: str) -> None:
    """Mark the run as alive for as long as this process lives (or until the run is cleared)."""
    folder = run_dir(root, run_id)
    key = str(folder.absolute())
    if key in _claims:
        return
    while True:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / OWNER, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_SH)
        if os.fstat(fd).st_nlink:  # not removed by a sweep while we waited
            _claims[key] = fd
            return
        os.close(fd)


def _release_claim(folder: Path) -> None:
    fd = _claims.pop(str(folder.absolute()), None)
    if fd is not None:
        os.close(fd)


def stage(root, run_id: str, name: str, version: str) -> None:
    """Record that run `run_id` produced `version` of `name` (a table or an intermediate)."""
    claim(root, run_id)
    replace_file(run_dir(root, run_id) / check_name("staged name", name), f"{version}\n".encode("utf-8"))


def _read_run(root, run_id: str) -> dict[str, str]:
    folder = run_dir(root, run_id)
    if not folder.is_dir():
        return {}
    found = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or not entry.is_file():
            continue
        version = entry.read_text(encoding="utf-8", errors="replace").strip()
        if VERSION_LINE.fullmatch(version):
            found[entry.name] = version
    return found


def staged(root, runs: Sequence[str]) -> dict[str, str]:
    """Name -> version staged by these runs. The first run that staged a name wins, so a run that
    re-executes part of another lists itself first, then the run it re-executes."""
    found: dict[str, str] = {}
    for run_id in runs:
        for name, version in _read_run(root, run_id).items():
            found.setdefault(name, version)
    return found


def clear(root, run_id: str) -> None:
    """Forget a run's staging record (once its release is written)."""
    folder = run_dir(root, run_id)
    _release_claim(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _held(folder: Path) -> bool:
    """Whether a live process holds the run (this one included)."""
    if str(folder.absolute()) in _claims:
        return True
    try:
        fd = os.open(folder / OWNER, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def _quiet_for(folder: Path) -> float:
    newest = max([folder.stat().st_mtime] + [e.stat().st_mtime for e in folder.iterdir()])
    return time.time() - newest


def live_runs(root) -> list[str]:
    """Runs whose records are still in use: held by a live process, or changed too recently."""
    folder = Path(root) / RUNS
    if not folder.is_dir():
        return []
    return sorted(entry.name for entry in folder.iterdir()
                  if entry.is_dir() and not entry.name.startswith(".")
                  and (_held(entry) or _quiet_for(entry) < STALE_RUN_SECONDS))


def sweep(root) -> list[Path]:
    """Remove the records of dead runs and the temporary files of any run (lock held)."""
    folder = Path(root) / RUNS
    if not folder.is_dir():
        return []
    live = set(live_runs(root))
    removed = []
    for entry in sorted(folder.iterdir()):
        if entry.name in live:
            leftovers = [p for p in entry.iterdir() if p.name.startswith(TEMP_PREFIX)]
        else:
            leftovers = [entry]
        for leftover in leftovers:
            remove_path(leftover)
        removed += leftovers
    return removed
