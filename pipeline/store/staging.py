"""What a build run produced: one small file per table or intermediate, <root>/.runs/<run id>/<name>,
holding the version id the run staged for it.

publish and stash write it; the build's loads and release_build read it, so a release pins exactly
the versions its own run built, even while another build works in the same folder.
"""
from __future__ import annotations

import shutil
from collections.abc import Sequence

from .files import replace_file
from .layout import TEMP_PREFIX, VERSION_LINE, check_name, run_dir


def stage(root, run_id: str, name: str, version: str) -> None:
    """Record that run `run_id` produced `version` of `name` (a table or an intermediate)."""
    folder = run_dir(root, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    replace_file(folder / check_name("staged name", name), f"{version}\n".encode("utf-8"))


def _read_run(root, run_id: str) -> dict[str, str]:
    folder = run_dir(root, run_id)
    if not folder.is_dir():
        return {}
    found = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(TEMP_PREFIX) or not entry.is_file():
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
    shutil.rmtree(run_dir(root, run_id), ignore_errors=True)
