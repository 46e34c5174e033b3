"""What every column of a table is, taken from its Pandera model: the one source of the Parquet
schema (with each column's description in its field metadata), of the manifest's column list and
of the column schema the Dagster wiring shows.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from pipeline import schemas

DESCRIPTION_KEY = b"description"

# Arrow types of columns whose pandas dtype (object) says nothing about their content. A list's
# item is named "element", as Parquet names it, so the type reads back exactly as it was written.
ARROW_TYPE_OVERRIDES: dict[tuple[str, str], pa.DataType] = {
    ("entities", "aliases"): pa.list_(pa.field("element", pa.string())),
}

ARROW_TYPES_BY_DTYPE: dict[str, pa.DataType] = {
    "int64": pa.int64(),
    "int32": pa.int32(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: pa.DataType
    nullable: bool
    unique: bool
    checks: tuple[str, ...]
    description: str

    def record(self) -> dict:
        """The column as the manifest lists it."""
        return {"name": self.name, "type": str(self.type), "nullable": self.nullable, "unique": self.unique,
                "checks": list(self.checks), "description": self.description}


def _normalise_type(dtype: pa.DataType) -> pa.DataType:
    """32-bit offsets everywhere, so every reader sees `string` and `list`."""
    if pa.types.is_large_string(dtype) or pa.types.is_string_view(dtype):
        return pa.string()
    if pa.types.is_large_binary(dtype):
        return pa.binary()
    if pa.types.is_large_list(dtype) or pa.types.is_list(dtype) or pa.types.is_list_view(dtype):
        return pa.list_(_normalise_type(dtype.value_type))
    return dtype


def _arrow_type(table: str, column: str, dtype_name: str, values: pd.Series | None) -> pa.DataType:
    """The column's Arrow type from the model's dtype; the rows are looked at only for a
    timestamp's time zone and for an object column the model does not type."""
    if (table, column) in ARROW_TYPE_OVERRIDES:
        return ARROW_TYPE_OVERRIDES[(table, column)]
    if dtype_name in ("str", "string") or dtype_name.startswith("string"):
        return pa.string()
    if dtype_name.startswith("datetime64"):
        tz = getattr(values.dtype, "tz", None) if values is not None else None
        return pa.timestamp("us", tz=str(tz) if tz is not None else None)
    if dtype_name in ARROW_TYPES_BY_DTYPE:
        return ARROW_TYPES_BY_DTYPE[dtype_name]
    if values is None:
        return pa.string()
    return _normalise_type(pa.Array.from_pandas(values).type)


def column_specs(table: str, df: pd.DataFrame | None = None) -> list[ColumnSpec]:
    """Every column of the table in the model's order: Arrow type, nullability, uniqueness, the
    model's checks and its description."""
    model = schemas.TABLES[table].to_schema()
    unique_key = list(model.unique or []) if isinstance(model.unique, list) else [model.unique]
    specs = []
    for name, column in model.columns.items():
        values = df[name] if df is not None and name in df else None
        specs.append(ColumnSpec(
            name=name,
            type=_arrow_type(table, name, str(column.dtype), values),
            nullable=bool(column.nullable),
            unique=bool(column.unique) or unique_key == [name],
            checks=tuple(check.error or check.name for check in column.checks),
            description=column.description or "",
        ))
    return specs


def arrow_schema(table: str, df: pd.DataFrame | None = None) -> pa.Schema:
    """The table's Arrow schema, taken from its Pandera model so it never depends on the rows (an
    all-null or empty column gets the same type as a full one), each field carrying its description."""
    return pa.schema([pa.field(spec.name, spec.type, nullable=True,
                               metadata={DESCRIPTION_KEY: spec.description.encode("utf-8")})
                      for spec in column_specs(table, df)])
