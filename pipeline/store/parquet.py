"""Deterministic Parquet bytes: Arrow types from the Pandera model and fixed writer options.

A version id is the first 16 hex digits of the SHA-256 of these bytes, and the bytes depend only on
the (validated, sorted) rows, so publishing the same frame twice gives the same id.
"""
from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import schemas
from pipeline.hashing import sha256_bytes

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

# Arrow types of columns whose pandas dtype (object) says nothing about their content.
ARROW_TYPE_OVERRIDES: dict[tuple[str, str], pa.DataType] = {
    ("entities", "aliases"): pa.list_(pa.string()),
}

ARROW_TYPES_BY_DTYPE: dict[str, pa.DataType] = {
    "int64": pa.int64(),
    "int32": pa.int32(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
}


def version_id(data: bytes) -> str:
    return sha256_bytes(data)[:VERSION_CHARS]


def _normalise_type(dtype: pa.DataType) -> pa.DataType:
    """32-bit offsets everywhere, so every reader sees `string` and `list`."""
    if pa.types.is_large_string(dtype) or pa.types.is_string_view(dtype):
        return pa.string()
    if pa.types.is_large_binary(dtype):
        return pa.binary()
    if pa.types.is_large_list(dtype) or pa.types.is_list(dtype) or pa.types.is_list_view(dtype):
        return pa.list_(_normalise_type(dtype.value_type))
    return dtype


def _arrow_type(table: str, column: str, dtype_name: str, values: pd.Series) -> pa.DataType:
    if (table, column) in ARROW_TYPE_OVERRIDES:
        return ARROW_TYPE_OVERRIDES[(table, column)]
    if dtype_name in ("str", "string") or dtype_name.startswith("string"):
        return pa.string()
    if dtype_name.startswith("datetime64"):
        tz = getattr(values.dtype, "tz", None)
        return pa.timestamp("us", tz=str(tz) if tz is not None else None)
    if dtype_name in ARROW_TYPES_BY_DTYPE:
        return ARROW_TYPES_BY_DTYPE[dtype_name]
    return _normalise_type(pa.Array.from_pandas(values).type)


def arrow_schema(table: str, df: pd.DataFrame) -> pa.Schema:
    """The table's Arrow schema, taken from its Pandera model so it never depends on the rows
    (an all-null or empty column gets the same type as a full one)."""
    columns = schemas.TABLES[table].to_schema().columns
    fields = []
    for name in columns:
        model_type = _arrow_type(table, name, str(columns[name].dtype), df[name])
        fields.append(pa.field(name, model_type, nullable=True))
    return pa.schema(fields)


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
