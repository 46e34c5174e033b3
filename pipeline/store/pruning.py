"""Removing old releases and the versions only they needed.

prune keeps the newest `keep` releases, every pinned release and the one `current` shows (a release
removed takes its report with it); then
every version that a kept release pins, every LATEST and every version a live build has staged
stays, and the rest goes. HISTORY files drop the ids they named before anything is removed, so the
store passes verify at every step, even when prune is killed.
"""
from __future__ import annotations

from pathlib import Path

from pipeline import schemas

from . import current, history, reports, staging
from .catalog import latest, read_release, releases, versions
from .files import remove_stale_temps, remove_tree
from .layout import HISTORY, release_dir, release_path, table_dir
from .locking import locked
from .pins import pinned_releases


def kept_releases(root, keep: int) -> set[str]:
    """The newest `keep` releases, the pinned ones and the one `current` shows."""
    known = releases(root)
    kept = set(known[len(known) - keep:]) if keep else set()
    return (kept | pinned_releases(root) | {current.current_release(root)}) & set(known)


def protected_versions(root, table: str, kept: set[str] | None = None) -> set[str]:
    """Versions of `table` prune must keep: LATEST, those the kept releases pin (every release when
    `kept` is None) and those a live build has staged for its release."""
    keep = {v for v in [latest(root, table)] if v}
    for rid in releases(root) if kept is None else sorted(kept):
        try:
            pinned = read_release(root, rid).get("versions", {})
        except ValueError:
            continue
        if table in pinned:
            keep.add(pinned[table])
    staged = staging.staged(root, staging.live_runs(root))
    return keep | ({staged[table]} if table in staged else set())


def _drop_ids(path: Path, doomed: set[str]) -> None:
    logged = history.read(path)
    if any(entry in doomed for entry in logged):
        history.rewrite(path, [entry for entry in logged if entry not in doomed])


def _prune_releases(root, kept: set[str], dry_run: bool) -> list[str]:
    doomed = [rid for rid in releases(root) if rid not in kept]
    if not dry_run:
        _drop_ids(release_dir(root) / HISTORY, set(doomed))
        for rid in doomed:
            release_path(root, rid).unlink()
        reports.drop_reports(root, doomed)
        current.drop_folders(root, {rid for rid in [current.current_release(root)] if rid})
    return [str(release_path(root, rid)) for rid in doomed]


def _prune_table(root, table: str, kept: set[str], dry_run: bool) -> list[str]:
    folder = table_dir(root, table)
    spared = protected_versions(root, table, kept)
    doomed = [v for v in versions(root, table) if v not in spared]
    if not dry_run:
        remove_stale_temps(folder)
        _drop_ids(folder / HISTORY, set(doomed))
        for version in doomed:
            remove_tree(folder / version)
    return [str(folder / version) for version in doomed]


def prune(root, keep: int, *, dry_run: bool = False, lock_timeout: float | None = None) -> list[str]:
    """Keep the newest `keep` releases (and the pinned ones, and current's); remove the other
    release records and every version no kept release, LATEST or live build needs. Returns the
    removed (or, with dry_run, removable) release records and version folders."""
    if keep < 0:
        raise ValueError("keep must be 0 or more")
    with locked(root, "prune", lock_timeout):
        kept = kept_releases(root, keep)
        removed = _prune_releases(root, kept, dry_run)
        for table in schemas.TABLES:
            if table_dir(root, table).is_dir():
                removed += _prune_table(root, table, kept, dry_run)
    return removed
