"""Intermediate results of a build (such as raw_documents and raw_mentions): content-addressed
Parquet files under <root>/.work/<name>/, never published, staged for the run that made them.

They are written under the store's lock (so a temporary file found there while holding the lock is
a crashed writer's leftover), and checked against their content-derived name when read or reused.
"""
from __future__ import annotations

import io

import pandas as pd

from pipeline.hashing import sha256_file

from . import staging
from .errors import DamagedStore, DatasetNotFound
from .files import replace_file
from .layout import work_path
from .locking import locked
from .parquet import version_id
from .prepared import Prepared, prepare_work


def stash(root, name: str, df: pd.DataFrame | Prepared, run_id: str | None = None, *,
          lock_timeout: float | None = None) -> str:
    """Write an intermediate frame (once per content; again when the file on disk was damaged)
    and return its version id."""
    data = (df if isinstance(df, Prepared) else prepare_work(name, df)).data
    version = version_id(data)
    path = work_path(root, name, version)
    with locked(root, f"stash {name} {version}", lock_timeout):
        if not path.is_file() or not sha256_file(path).startswith(version):
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, data, crash_step="work_before_rename")
        if run_id is not None:
            staging.stage(root, run_id, name, version)
    return version


def load_work(root, name: str, version: str, columns: list[str] | None = None) -> pd.DataFrame:
    """An intermediate frame, or only the columns named, once its bytes match its name."""
    path = work_path(root, name, version)
    if not path.is_file():
        raise DatasetNotFound(f"intermediate {name!r} has no version {version!r} in {path.parent}")
    data = path.read_bytes()
    if version_id(data) != version:
        raise DamagedStore(f"{path}: its content hash is {version_id(data)}, not the {version} it is named "
                           "after; materialise it again")
    return pd.read_parquet(io.BytesIO(data), columns=columns)
