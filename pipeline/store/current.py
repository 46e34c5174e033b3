"""Stable paths for readers that know nothing of versions: <root>/current/<table>.parquet is always
the newest release's file of that table, so pandas, polars, DuckDB and Spark read current data
with no project code.

<root>/current is a symlink to .current/<release>/, a folder of hard links to that release's
version files (copies where the filesystem has no hard links) and of its record, as release.json.
A release fills its folder first, then replaces the symlink with one rename: a reader sees every
table of one release, never tables of two. The folder may also hold other files made from the
release (its report, see reports); they stay until the folder is dropped. The folder of the release before
stays one release longer, for readers that resolved the link just before it moved.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline.hashing import sha256_file

from .errors import StoreError
from .files import fsync_dir, remove_path, remove_tree, temp_name
from .layout import (CURRENT, CURRENT_DIR, CURRENT_RELEASE, CURRENT_REPORT, TEMP_PREFIX, current_dir,
                     current_link, is_id, parquet_path, release_path)


def link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # no hard links on this filesystem
        shutil.copyfile(source, target)


def same_file(target: Path, source: Path) -> bool:
    """Whether `target` is `source` (a hard link) or a copy of the same bytes."""
    if not target.is_file():
        return False
    if os.path.samefile(target, source):
        return True
    return target.stat().st_size == source.stat().st_size and sha256_file(target) == sha256_file(source)


def _fill(folder: Path, sources: dict[str, Path]) -> None:
    """Make every file of `sources` present in `folder` under its name, each swapped in by rename."""
    for name, source in sources.items():
        target = folder / name
        if same_file(target, source):
            continue
        tmp = folder / temp_name(name)
        link_or_copy(source, tmp)
        os.replace(tmp, target)
    fsync_dir(folder)


def _sources(root, release: str, versions: dict[str, str]) -> dict[str, Path]:
    files = {f"{table}.parquet": parquet_path(root, table, version) for table, version in sorted(versions.items())}
    return {**files, CURRENT_RELEASE: release_path(root, release)}


def current_release(root) -> str | None:
    """The release `current` points to, or None (no release yet, or not a link this store made)."""
    link = current_link(root)
    if not link.is_symlink():
        return None
    parent, _, name = os.readlink(link).rpartition("/")
    return name if parent == CURRENT_DIR and is_id(name) else None


def _is_copy(folder: Path) -> bool:
    """A plain folder holding only what a release folder holds: `current` copied without its link
    (shutil.copytree, cp -rL), safe to replace."""
    kept = (CURRENT_RELEASE, CURRENT_REPORT)
    return folder.is_dir() and all(e.is_file() and (e.suffix == ".parquet" or e.name in kept) for e in folder.iterdir())


def _point(root, release: str) -> None:
    link = current_link(root)
    if link.exists() and not link.is_symlink():
        if not _is_copy(link):
            raise StoreError(f"{link} is not the link the store keeps there; move it away and release again")
        remove_tree(link)
    target = f"{CURRENT_DIR}/{release}"
    if link.is_symlink() and os.readlink(link) == target:
        return
    tmp = Path(root) / temp_name(CURRENT)
    os.symlink(target, tmp)
    os.replace(tmp, link)
    fsync_dir(Path(root))


def drop_folders(root, keep: set[str]) -> list[Path]:
    """Remove the folders of releases not in `keep`, and leftovers of a killed release (lock held)."""
    base = current_dir(root)
    if not base.is_dir():
        return []
    doomed = [entry for entry in sorted(base.iterdir()) if entry.name not in keep]
    for entry in doomed:
        if entry.name.startswith(TEMP_PREFIX) or not entry.is_dir():
            remove_path(entry)
        else:
            remove_tree(entry)  # out of sight first: a reader never sees a half-removed release
    return doomed


def switch(root, release: str, versions: dict[str, str]) -> Path:
    """Make `current` show this release's tables (lock held; the versions are in place)."""
    base = current_dir(root)
    base.mkdir(exist_ok=True)
    folder = current_dir(root, release)
    if folder.is_dir():
        _fill(folder, _sources(root, release, versions))  # repairs a file that is not the version's
    else:
        temp = base / temp_name(release)
        temp.mkdir()
        _fill(temp, _sources(root, release, versions))
        os.rename(temp, folder)
        fsync_dir(base)
    previous = current_release(root)
    _point(root, release)
    drop_folders(root, {release} | ({previous} if previous else set()))
    return folder
