"""A frame made ready to store: validated and sorted (a published table) and serialised, so that its
content-derived version id is known before a byte is written.

The build derives each table's version once, here: the Dagster wiring reports it as the asset's data
version and hands the same bytes to `publish` (or `stash`, for an intermediate), which writes them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .parquet import frame_bytes, to_parquet_bytes, version_id
from .validation import prepare


@dataclass(frozen=True)
class Prepared:
    """The rows as they will be stored and their Parquet bytes."""

    name: str
    frame: pd.DataFrame
    data: bytes

    @property
    def version(self) -> str:
        return version_id(self.data)


def prepare_table(table: str, df: pd.DataFrame) -> Prepared:
    """A published table: validated against its model (raises ValidationFailed), in the model's
    column order, sorted by its key."""
    frame = prepare(table, df)
    return Prepared(table, frame, to_parquet_bytes(table, frame))


def prepare_work(name: str, df: pd.DataFrame) -> Prepared:
    """An intermediate frame (not published): its rows as given."""
    return Prepared(name, df, frame_bytes(df))
