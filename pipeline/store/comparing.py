"""Comparing two versions of a table row by row, matched by the table's key."""
from __future__ import annotations

import pandas as pd

from pipeline import schemas

from .catalog import load
from .errors import StoreError


def _comparable(series: pd.Series) -> pd.Series:
    """Values that compare with ==: lists and arrays become tuples."""
    if series.dtype == object:
        return series.map(lambda v: tuple(v) if hasattr(v, "__len__") and not isinstance(v, (str, bytes)) else v)
    return series


def _keys(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    return frame[key].astype(object).apply(tuple, axis=1) if len(frame) else pd.Series([], dtype=object)


def _changed(new: pd.DataFrame, old: pd.DataFrame, key: list[str]) -> tuple[pd.DataFrame, int]:
    """b's rows whose key is in both versions but another column differs, naming those columns
    in `changed_columns`; and the number of rows in both."""
    common_columns = [c for c in new.columns if c in old.columns and c not in key]
    both = new.merge(old, on=key, how="inner", suffixes=("", "__old"))
    changed_flags = pd.DataFrame(index=both.index)
    for column in common_columns:
        left, right = _comparable(both[column]), _comparable(both[f"{column}__old"])
        same = (left == right).fillna(False).astype(bool) | (left.isna() & right.isna())
        changed_flags[column] = ~same
    any_changed = changed_flags.any(axis=1) if common_columns else pd.Series(False, index=both.index)
    changed = both.loc[any_changed, list(new.columns)].reset_index(drop=True)
    changed["changed_columns"] = [
        ",".join(c for c in common_columns if flags[c]) for _, flags in changed_flags[any_changed].iterrows()
    ]
    return changed, len(both)


def diff(root, table: str, a: str, b: str) -> dict:
    """Rows added, removed and changed from version a to version b, matched by the table's key.

    "changed" holds b's rows whose key is in both versions but some other column differs, with a
    `changed_columns` column naming them."""
    key = [schemas.KEYS[table]]
    old = load(root, table, version=a)
    new = load(root, table, version=b)
    for version, frame in ((a, old), (b, new)):
        if not set(key) <= set(frame.columns):
            raise StoreError(f"{table} version {version} has no {', '.join(key)} column (it was written before "
                             "the table had that key): diff compares versions by the key they share")
    old_keys, new_keys = _keys(old, key), _keys(new, key)
    added = new[~new_keys.isin(set(old_keys))].reset_index(drop=True)
    removed = old[~old_keys.isin(set(new_keys))].reset_index(drop=True)
    changed, in_both = _changed(new, old, key)
    return {
        "table": table, "a": a, "b": b, "key": key,
        "added": added, "removed": removed, "changed": changed,
        "counts": {"added": len(added), "removed": len(removed), "changed": len(changed),
                   "unchanged": int(in_both - len(changed))},
        "columns_added": [c for c in new.columns if c not in old.columns],
        "columns_removed": [c for c in old.columns if c not in new.columns],
    }
