"""The store's errors: every failure a caller may want to tell apart has its own class."""
from __future__ import annotations

import pandas as pd


class StoreError(Exception):
    """Base class of the store's errors."""


class ValidationFailed(StoreError):
    """A table broke its Pandera model; nothing was written."""

    def __init__(self, table: str, message: str, failure_cases: pd.DataFrame | None = None,
                 rows: pd.DataFrame | None = None):
        super().__init__(message)
        self.table = table
        self.failure_cases = failure_cases
        self.rows = rows


class DatasetNotFound(StoreError, LookupError):
    """A table, version, release or staged run that was asked for does not exist."""


class LockTimeout(StoreError, TimeoutError):
    """Another writer held the store's lock for longer than the timeout."""
