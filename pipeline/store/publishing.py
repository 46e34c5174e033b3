"""Publishing a table: validate, write an immutable version, and move LATEST (all under the lock).

A version is written into a temporary folder and renamed into place, so readers only ever see
complete versions; LATEST moves by os.replace after the version is in place. Temporary folders
found while holding the lock are leftovers of a crashed writer and are removed. A version that
already exists is reused only when its files match the bytes just derived; a damaged one (a
flipped bit, a swapped file, a lost manifest) is rewritten file by file, each file by a rename.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.hashing import sha256_bytes

from . import faults, history, staging
from .catalog import checked_bytes, missing_version_message
from .errors import DamagedStore, DatasetNotFound
from .files import fsync_dir, remove_stale_temps, replace_file, temp_name, write_durable
from .layout import HISTORY, LATEST, MANIFEST, check_table, has_version, table_dir
from .locking import locked
from .prepared import Prepared, prepare_table
from .records import manifest, sealed_bytes


@dataclass(frozen=True)
class PublishResult:
    table: str
    version: str
    created: bool
    path: Path
    rows: int
    latest_moved: bool = False
    repaired: bool = False


def point_latest(root, table: str, version: str) -> bool:
    """Point LATEST at a version already in place (lock held). Returns whether it moved."""
    folder = table_dir(root, table)
    pointer = folder / LATEST
    if pointer.is_file() and pointer.read_bytes() == f"{version}\n".encode("utf-8"):
        return False  # a damaged LATEST, even one naming this version, is rewritten
    tmp = folder / temp_name(LATEST)
    write_durable(tmp, f"{version}\n".encode("utf-8"))
    faults.crash_point("before_latest")
    history.append(folder / HISTORY, version)
    os.replace(tmp, folder / LATEST)
    fsync_dir(folder)
    faults.crash_point("after_latest")
    return True


def set_latest(root, table: str, version: str, *, lock_timeout: float | None = None) -> bool:
    """Make an existing version the table's LATEST. Returns whether LATEST moved."""
    check_table(table)
    if not has_version(root, table, version):
        raise DatasetNotFound(missing_version_message(root, table, version))
    with locked(root, f"set LATEST of {table}", lock_timeout):
        return point_latest(root, table, version)


def _write_version(folder: Path, table: str, version: str, data: bytes, record: bytes) -> None:
    """Write a version's files into a temporary folder, then rename it into place."""
    target = folder / version
    temp = folder / temp_name(version)
    temp.mkdir()
    write_durable(temp / f"{table}.parquet", data)
    faults.crash_point("after_parquet")
    write_durable(temp / MANIFEST, record)
    faults.crash_point("after_manifest")
    fsync_dir(temp)
    faults.crash_point("before_rename")
    os.rename(temp, target)
    fsync_dir(folder)
    faults.crash_point("after_rename")


def _intact(root, table: str, version: str, data: bytes) -> bool:
    """Whether an existing version holds exactly these bytes under a sound manifest."""
    try:
        return sha256_bytes(checked_bytes(root, table, version)) == sha256_bytes(data)
    except (DamagedStore, OSError):
        return False


def _repair_version(folder: Path, table: str, version: str, data: bytes, record: bytes) -> None:
    """Rewrite a damaged version in place: the Parquet file, then its manifest, each by a rename."""
    target = folder / version
    replace_file(target / f"{table}.parquet", data)
    replace_file(target / MANIFEST, record)


def publish(root, table: str, df: pd.DataFrame | Prepared, *, upstream: dict[str, str] | None = None,
            code_version: str = "", extra: dict | None = None, move_latest: bool = True,
            run_id: str | None = None, lock_timeout: float | None = None) -> PublishResult:
    """Validate a table and publish it as an immutable version; move LATEST to it unless told not to.

    Validation comes first: an invalid frame raises ValidationFailed and writes nothing. The same
    rows always give the same bytes and version id, so republishing an unchanged table writes
    nothing (created=False). With a run id, the version is staged for that run's release. A
    frame already prepared (`prepare_table`) is written as it is."""
    ready = df if isinstance(df, Prepared) else prepare_table(table, df)
    if ready.name != table:
        raise ValueError(f"a prepared {ready.name} table cannot be published as {table}")
    data, version, rows = ready.data, ready.version, len(ready.frame)
    record = sealed_bytes(manifest(table, version, data, rows, upstream, code_version, extra))
    folder = table_dir(root, table)
    with locked(root, f"publish {table} {version}", lock_timeout):
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(folder)
        created = not (folder / version).is_dir()
        repaired = not created and not _intact(root, table, version, data)
        if created:
            _write_version(folder, table, version, data, record)
        elif repaired:
            _repair_version(folder, table, version, data, record)
        if run_id is not None:
            staging.stage(root, run_id, table, version)
        moved = point_latest(root, table, version) if move_latest else False
    return PublishResult(table=table, version=version, created=created, path=folder / version / f"{table}.parquet",
                         rows=rows, latest_moved=moved, repaired=repaired)

