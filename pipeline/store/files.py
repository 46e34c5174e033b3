"""Durable, atomic file writes: data is fsynced before a rename makes it visible.

Temporary names start with layout.TEMP_PREFIX, so a writer holding the lock can tell the leftovers
of a crashed writer from real content and remove them.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from . import faults
from .layout import TEMP_PREFIX


def write_durable(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def append_line(path: Path, line: str) -> None:
    """Append one line and fsync it (an append-only log)."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"{line}\n")
        handle.flush()
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_name(label: str) -> str:
    return f"{TEMP_PREFIX}{label}-{os.getpid()}-{time.monotonic_ns()}"


def replace_file(path: Path, data: bytes, crash_step: str | None = None) -> None:
    """Write a file next to its target, then os.replace it in (atomic on one filesystem). A write
    that fails (a full disk) removes its temporary file before the error goes on."""
    tmp = path.parent / temp_name(path.name)
    try:
        write_durable(tmp, data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if crash_step:
        faults.crash_point(crash_step)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def remove_tree(path: Path) -> None:
    """Rename a folder out of sight first, then delete it, so no reader sees it half removed."""
    doomed = path.parent / temp_name(f"remove-{path.name}")
    os.rename(path, doomed)
    shutil.rmtree(doomed)


def remove_path(path: Path) -> None:
    """Delete a file, a link or a whole folder, whichever it is."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_stale_temps(folder: Path) -> list[Path]:
    """Temporary files and folders left by a crashed writer (call only while holding the lock)."""
    if not folder.is_dir():
        return []
    removed = [entry for entry in folder.iterdir() if entry.name.startswith(TEMP_PREFIX)]
    for entry in removed:
        remove_path(entry)
    return removed
