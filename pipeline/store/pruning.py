"""Removing old versions: never LATEST, never a version a release pins."""
from __future__ import annotations

from pipeline import schemas

from . import history
from .catalog import latest, read_release, releases, versions
from .files import remove_stale_temps, remove_tree
from .layout import HISTORY, table_dir
from .locking import locked


def protected_versions(root, table: str) -> set[str]:
    """Versions prune must keep: LATEST and every version a release pins."""
    keep = {v for v in [latest(root, table)] if v}
    for rid in releases(root):
        try:
            pinned = read_release(root, rid).get("versions", {})
        except ValueError:
            continue
        if table in pinned:
            keep.add(pinned[table])
    return keep


def _prune_table(root, table: str, keep: int, dry_run: bool) -> list[str]:
    folder = table_dir(root, table)
    if not dry_run:
        remove_stale_temps(folder)
    ordered = versions(root, table)
    newest = set(ordered[len(ordered) - keep:]) if keep else set()
    spared = newest | protected_versions(root, table)
    doomed = [v for v in ordered if v not in spared]
    logged = history.read(folder / HISTORY)
    kept = [v for v in logged if v in ordered and v not in doomed]
    if not dry_run and kept != logged:  # before removing, so no line names a missing version
        history.rewrite(folder / HISTORY, kept)
    for version in doomed:
        if not dry_run:
            remove_tree(folder / version)
    return [str(folder / version) for version in doomed]


def prune(root, keep: int, *, dry_run: bool = False, lock_timeout: float | None = None) -> list[str]:
    """Remove versions older than the newest `keep` of each table, never LATEST nor a released one.
    Returns the removed (or, with dry_run, removable) version folders."""
    if keep < 0:
        raise ValueError("keep must be 0 or more")
    removed: list[str] = []
    with locked(root, "prune", lock_timeout):
        for table in schemas.TABLES:
            if table_dir(root, table).is_dir():
                removed += _prune_table(root, table, keep, dry_run)
    return removed
