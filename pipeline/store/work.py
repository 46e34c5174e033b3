"""Intermediate results of a build (such as raw_documents and raw_mentions): content-addressed
Parquet files under <root>/.work/<name>/, never published, staged for the run that made them."""
from __future__ import annotations

import pandas as pd

from . import staging
from .errors import DatasetNotFound
from .files import replace_file
from .layout import work_path
from .parquet import frame_bytes, version_id


def stash(root, name: str, df: pd.DataFrame, run_id: str | None = None) -> str:
    """Write an intermediate frame (once per content) and return its version id."""
    data = frame_bytes(df)
    version = version_id(data)
    path = work_path(root, name, version)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, data)
    if run_id is not None:
        staging.stage(root, run_id, name, version)
    return version


def load_work(root, name: str, version: str, columns: list[str] | None = None) -> pd.DataFrame:
    """An intermediate frame, or only the columns named."""
    path = work_path(root, name, version)
    if not path.is_file():
        raise DatasetNotFound(f"intermediate {name!r} has no version {version!r} in {path.parent}")
    return pd.read_parquet(path, columns=columns)
