"""Reading the store: which tables, versions and releases exist, and loading a table."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline import schemas

from . import history
from .errors import DatasetNotFound
from .layout import (HISTORY, LATEST, MANIFEST, check_table, parquet_path, release_dir, release_path,
                     table_dir, version_dir, version_names)


def tables(root) -> list[str]:
    """Tables that have at least one published version, in the contract's order."""
    return [t for t in schemas.TABLES if table_dir(root, t).is_dir() and version_names(root, t)]


def versions(root, table: str) -> list[str]:
    """Published versions, oldest first: versions never made LATEST first (by folder time), then in
    the order LATEST last moved to them (HISTORY)."""
    names = version_names(root, table)
    last_seen = history.order(table_dir(root, table) / HISTORY)
    never_latest = sorted((v for v in names if v not in last_seen),
                          key=lambda v: (version_dir(root, table, v).stat().st_mtime_ns, v))
    was_latest = sorted((v for v in names if v in last_seen), key=lambda v: last_seen[v])
    return never_latest + was_latest


def latest(root, table: str) -> str | None:
    """The version LATEST names, or None when the table was never published."""
    path = table_dir(root, table) / LATEST
    if not path.is_file():
        return None
    value = path.read_text(encoding="utf-8", errors="replace").strip()  # damage shows as a missing version
    return value or None


def missing_version_message(root, table: str, version: str) -> str:
    known = versions(root, table)
    listing = ", ".join(known) if known else "none"
    return f"table {table!r} has no version {version!r} in {Path(root)} (published versions: {listing})"


def read_manifest(root, table: str, version: str) -> dict:
    path = version_dir(root, table, version) / MANIFEST
    if not path.is_file():
        raise DatasetNotFound(missing_version_message(root, table, version))
    return json.loads(path.read_text(encoding="utf-8"))


def releases(root) -> list[str]:
    """Release ids, oldest first by when each was last released: the last one is the newest
    complete build, a consistent set of versions even while LATEST files are being moved."""
    folder = release_dir(root)
    if not folder.is_dir():
        return []
    names = {p.stem for p in folder.glob("*.json") if not p.name.startswith(".")}
    last_seen = history.order(folder / HISTORY)
    return sorted(names, key=lambda rid: (last_seen.get(rid, -1), rid))


def read_release(root, release: str) -> dict:
    path = release_path(root, release)
    if not path.is_file():
        known = releases(root)
        raise DatasetNotFound(f"no release {release!r} in {release_dir(root)} "
                              f"(releases: {', '.join(known) if known else 'none'})")
    return json.loads(path.read_text(encoding="utf-8"))


def resolve_version(root, table: str, release: str | None = None, version: str | None = None) -> str:
    """The version a reader gets: the one named, the one a release pins, or LATEST."""
    check_table(table)
    if release is not None and version is not None:
        raise ValueError("name either a release or a version, not both")
    if release is not None:
        pinned = read_release(root, release)["versions"]
        if table not in pinned:
            raise DatasetNotFound(f"release {release!r} does not pin table {table!r}")
        version = pinned[table]
    if version is None:
        version = latest(root, table)
        if version is None:
            raise DatasetNotFound(f"table {table!r} has no LATEST version in {Path(root)}: "
                                  "nothing was published yet (run the build first)")
    if not parquet_path(root, table, version).is_file():
        raise DatasetNotFound(missing_version_message(root, table, version))
    return version


def load(root, table: str, release: str | None = None, version: str | None = None) -> pd.DataFrame:
    """One table as a DataFrame: LATEST unless a release or a version is named."""
    chosen = resolve_version(root, table, release=release, version=version)
    return pd.read_parquet(parquet_path(root, table, chosen))
