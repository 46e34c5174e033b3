"""Validation before any write: the Pandera model, the model's column order, the key's row order,
and an error that shows what failed and on which rows."""
from __future__ import annotations

import pandas as pd
from pandera.errors import SchemaError, SchemaErrors

from pipeline import schemas

from .errors import ValidationFailed
from .layout import check_table

FAILING_ROWS_SHOWN = 5
FAILURE_KINDS_SHOWN = 20
ROW_DISPLAY = ("display.width", 160, "display.max_columns", None, "display.max_colwidth", 60)


def prepare(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate, put the columns in the model's order and sort the rows by the table's key."""
    check_table(table)
    try:
        valid = schemas.validate(table, df)
    except SchemaErrors as exc:
        raise validation_failed(table, df, exc.failure_cases) from exc
    except SchemaError as exc:
        raise validation_failed(table, df, getattr(exc, "failure_cases", None)) from exc
    ordered = valid[schemas.columns(table)]
    return ordered.sort_values(schemas.KEYS[table], kind="mergesort", na_position="last").reset_index(drop=True)


def _summary_lines(cases: pd.DataFrame) -> list[str]:
    """Failures counted by column and check."""
    columns = cases["column"] if "column" in cases else pd.Series([None] * len(cases))
    summary = (pd.DataFrame({"column": columns.astype(object).where(columns.notna(), "<table>"),
                             "check": cases["check"].astype(str)})
               .value_counts(sort=False).reset_index(name="failures"))
    lines = [f"{len(cases)} failure(s):"]
    for column, check, count in summary.head(FAILURE_KINDS_SHOWN).itertuples(index=False):
        lines.append(f"  column {column}: check {check}: {count} failure(s)")
    if len(summary) > FAILURE_KINDS_SHOWN:
        lines.append(f"  ... and {len(summary) - FAILURE_KINDS_SHOWN} more kinds of failure")
    return lines


def _failing_index(cases: pd.DataFrame, df: pd.DataFrame) -> list:
    """The first few row labels of `df` that failed, in order where they compare."""
    index = cases["index"].dropna().unique() if "index" in cases else []
    index = [i for i in index if i in df.index]
    try:
        index = sorted(index)
    except TypeError:
        pass
    return index[:FAILING_ROWS_SHOWN]


def validation_failed(table: str, df: pd.DataFrame, cases) -> ValidationFailed:
    lines = [f"table {table!r} failed validation against schemas.{schemas.TABLES[table].__name__}; "
             "nothing was written"]
    rows = None
    if isinstance(cases, pd.DataFrame) and len(cases):
        lines += _summary_lines(cases)
        index = _failing_index(cases, df)
        if index:
            rows = df.loc[index]
            with pd.option_context(*ROW_DISPLAY):
                lines.append(f"first failing rows (index as given):\n{rows.to_string()}")
        without_row = cases[cases["index"].isna()] if "index" in cases else cases
        if len(without_row) or not index:
            sample = (without_row if len(without_row) else cases).head(FAILING_ROWS_SHOWN)
            sample = sample[[c for c in ("column", "check", "failure_case") if c in cases]]
            lines.append(f"failure cases:\n{sample.to_string(index=False)}")
    return ValidationFailed(table, "\n".join(lines), cases if isinstance(cases, pd.DataFrame) else None, rows)
