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


class DamagedStore(StoreError):
    """A file of the store is not what its manifest or the layout says (a flipped bit, a swapped
    file, a pointer holding a path): never read as data. The message names the file."""


class AmbiguousId(StoreError, LookupError):
    """A version or release prefix that matches more than one id."""


class MirrorError(StoreError):
    """A mirror URL that cannot be used: no fsspec backend for it, an unreachable host, refused access."""
