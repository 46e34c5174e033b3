"""A frame made ready to store: validated and sorted (a published table) and serialised, so that its
content-derived version id is known before a byte is written.

The build derives each table's version once, here: the Dagster wiring reports it as the asset's data
version and hands the same bytes to `publish` (or `stash`, for an intermediate), which writes them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .parquet import frame_bytes, to_parquet_bytes, version_id
from .validation import prepare


@dataclass
class Prepared:
    """The rows as they will be stored, their Parquet bytes and the version those bytes give."""

    name: str
    frame: pd.DataFrame | None
    data: bytes | None
    version: str = field(init=False)

    def __post_init__(self) -> None:
        self.version = version_id(self.data)

    def release(self) -> None:
        """Drop the rows and bytes once they are stored. A Dagster run in process keeps every step's
        output object until the run ends: holding the tables there would make a build's memory the
        sum of all its tables instead of the largest step's."""
        self.frame = self.data = None


def prepare_table(table: str, df: pd.DataFrame) -> Prepared:
    """A published table: validated against its model (raises ValidationFailed), in the model's
    column order, sorted by its key."""
    frame = prepare(table, df)
    return Prepared(table, frame, to_parquet_bytes(table, frame))


def prepare_work(name: str, df: pd.DataFrame) -> Prepared:
    """An intermediate frame (not published): its rows as given."""
    return Prepared(name, df, frame_bytes(df))
