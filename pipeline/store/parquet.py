"""Deterministic Parquet bytes: Arrow types from the Pandera model and fixed writer options.

A version id is the first 16 hex digits of the SHA-256 of these bytes, and the bytes depend only on
the (validated, sorted) rows, so publishing the same frame twice gives the same id.
"""
from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.hashing import sha256_bytes

from .columns import arrow_schema
from .layout import VERSION_CHARS

# Fixed writer options: the same rows give the same bytes (the Parquet footer holds no timestamp).
PARQUET_OPTIONS = {
    "compression": "zstd",
    "compression_level": 9,
    "row_group_size": 65_536,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
}


def version_id(data: bytes) -> str:
    return sha256_bytes(data)[:VERSION_CHARS]


def _write(arrow: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer, **PARQUET_OPTIONS)
    return buffer.getvalue()


def to_parquet_bytes(table: str, df: pd.DataFrame) -> bytes:
    """Deterministic Parquet bytes of an already prepared frame (no pandas metadata, fixed options)."""
    schema = arrow_schema(table, df)
    return _write(pa.Table.from_pandas(df, schema=schema, preserve_index=False).replace_schema_metadata(None))


def frame_bytes(df: pd.DataFrame) -> bytes:
    """Deterministic Parquet bytes of any frame (intermediate results, not published tables)."""
    return _write(pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False))


def file_schema(data: bytes) -> pa.Schema:
    """The Arrow schema written in Parquet bytes."""
    return pq.read_schema(io.BytesIO(data))
