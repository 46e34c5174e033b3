"""Mirror the datasets folder to object storage (any fsspec URL) and read tables back from there.

The store itself writes to a POSIX filesystem (local disk or a shared volume), because it relies on
atomic rename and file locks that object stores do not offer. A push copies what the remote lacks
in an order that keeps remote readers consistent without those: immutable version folders first
(parquet, then manifest), then release records, and each table's LATEST last, one small object each.
A reader that follows LATEST or a release therefore never finds a version that is not complete.
"""
from __future__ import annotations

import json
import posixpath
from pathlib import Path

import fsspec
import pandas as pd

from pipeline.schemas import TABLES

from .catalog import latest, releases, tables, versions
from .errors import DatasetNotFound
from .layout import LATEST, MANIFEST, RELEASES, parquet_path, release_path, version_dir


def is_url(path) -> bool:
    return "://" in str(path)


def _fs(url: str):
    fs, root = fsspec.core.url_to_fs(url)
    return fs, root.rstrip("/")


def push(root, url: str) -> list[str]:
    """Copy every version, release and LATEST of a local datasets folder to `url`; returns the
    remote paths written. Versions already on the remote are skipped (they are immutable)."""
    local = Path(root)
    fs, base = _fs(url)
    written: list[str] = []

    def put(source: Path, target: str) -> None:
        fs.makedirs(posixpath.dirname(target), exist_ok=True)
        fs.put_file(str(source), target)
        written.append(target)

    for table in tables(local):
        for version in versions(local, table):
            folder = posixpath.join(base, table, version)
            manifest = posixpath.join(folder, MANIFEST)
            if fs.exists(manifest):
                continue
            put(parquet_path(local, table, version), posixpath.join(folder, f"{table}.parquet"))
            put(version_dir(local, table, version) / MANIFEST, manifest)
    for release in releases(local):
        target = posixpath.join(base, RELEASES, f"{release}.json")
        if not fs.exists(target):
            put(release_path(local, release), target)
    for table in tables(local):
        version = latest(local, table)
        if version:
            target = posixpath.join(base, table, LATEST)
            fs.makedirs(posixpath.dirname(target), exist_ok=True)
            fs.pipe_file(target, f"{version}\n".encode())
            written.append(target)
    return written


def load(url: str, table: str, release: str | None = None, version: str | None = None) -> pd.DataFrame:
    """Read one table from a pushed copy: LATEST unless a release or version is named."""
    if table not in TABLES:
        raise DatasetNotFound(f"unknown table {table!r}")
    fs, base = _fs(url)
    if version is None and release is not None:
        record = json.loads(fs.cat_file(posixpath.join(base, RELEASES, f"{release}.json")))
        version = record["versions"][table]
    if version is None:
        version = fs.cat_file(posixpath.join(base, table, LATEST)).decode().strip()
    with fs.open(posixpath.join(base, table, version, f"{table}.parquet"), "rb") as handle:
        return pd.read_parquet(handle)
