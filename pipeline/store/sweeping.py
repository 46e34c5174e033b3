"""Leftovers of writers that were killed or hit a full disk: temporary files and folders in every
part of the store, and the staging records of dead runs. Every writer of the store holds the lock,
so whatever temporary entry is found while holding it is a leftover.
"""
from __future__ import annotations

from pathlib import Path

from pipeline import schemas

from . import staging
from .files import remove_stale_temps
from .layout import WORK, current_dir, pins_dir, release_dir, reports_dir, table_dir


def _work_folders(root) -> list[Path]:
    work = Path(root) / WORK
    return [work, *sorted(p for p in work.iterdir() if p.is_dir())] if work.is_dir() else []


def sweep(root) -> list[Path]:
    """Remove every leftover; returns what was removed (call with the lock held)."""
    folders = [Path(root), *(table_dir(root, t) for t in schemas.TABLES), release_dir(root), pins_dir(root),
               reports_dir(root), current_dir(root), *_work_folders(root)]
    removed = [entry for folder in folders for entry in remove_stale_temps(folder)]
    return removed + staging.sweep(root)
