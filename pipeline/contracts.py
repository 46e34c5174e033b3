"""Cross-table rules of the data contract, as plain functions returning the offending rows."""
from __future__ import annotations

import pandas as pd


def missing_keys(child: pd.DataFrame, column: str, parent: pd.DataFrame, parent_column: str) -> pd.DataFrame:
    """Rows of `child` whose `column` value is set but does not appear in `parent[parent_column]`
    (a null is no reference: nullable foreign keys are allowed to be empty)."""
    values = child[column]
    return child[values.notna() & ~values.isin(set(parent[parent_column]))].reset_index(drop=True)


def offset_mismatches(spans: pd.DataFrame, documents: pd.DataFrame, field: str) -> pd.DataFrame:
    """Rows of `spans` whose text is not documents.<field>[char_start:char_end]."""
    texts = dict(zip(documents["doc_id"], documents[field]))
    ok = [
        isinstance(texts.get(d), str) and texts[d][s:e] == t
        for d, s, e, t in spans[["doc_id", "char_start", "char_end", "text"]].itertuples(index=False)
    ]
    return spans[[not v for v in ok]].reset_index(drop=True)
