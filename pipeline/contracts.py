"""Cross-table rules of the data contract, as plain functions returning the offending rows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.schemas import rows_of


def is_in(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """`values.isin(allowed)` by Arrow's hash set: pandas' isin on Arrow string columns makes one
    Arrow scalar per allowed value, about 50x slower on a table's key column. Nulls are never in."""
    try:
        column, value_set = pa.array(values, from_pandas=True), pa.array(allowed, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed Python objects
        column = value_set = None
    if column is None or column.type != value_set.type:  # unlike types: Arrow would cast, pandas does not
        return (values.notna() & values.isin(allowed.dropna())).to_numpy(bool)
    return pc.is_in(column, value_set=value_set, skip_nulls=True).fill_null(False).to_numpy(zero_copy_only=False)


def missing_keys(child: pd.DataFrame, column: str, parent: pd.DataFrame, parent_column: str) -> pd.DataFrame:
    """Rows of `child` whose `column` value is set but does not appear in `parent[parent_column]`
    (a null is no reference: nullable foreign keys are allowed to be empty)."""
    values = child[column]
    return child[values.notna().to_numpy(bool) & ~is_in(values, parent[parent_column])].reset_index(drop=True)


def offset_mismatches(spans: pd.DataFrame, documents: pd.DataFrame, field: str) -> pd.DataFrame:
    """Rows of `spans` whose text is not documents.<field>[char_start:char_end]."""
    texts = dict(zip(documents["doc_id"], documents[field]))
    ok = [
        isinstance(texts.get(d), str) and texts[d][s:e] == t
        for d, s, e, t in rows_of(spans, ["doc_id", "char_start", "char_end", "text"])
    ]
    return spans[[not v for v in ok]].reset_index(drop=True)
