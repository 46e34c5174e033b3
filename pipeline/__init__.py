"""News text pipeline: scraped articles in raw/, validated and versioned Parquet tables out."""
from __future__ import annotations

__all__ = ["load"]


def load(table: str, release: str | None = None, version: str | None = None, datasets_dir=None, *,
         columns: list[str] | None = None, filters=None):
    """Read one published table as a DataFrame (LATEST unless a release or version is named).

    `columns` reads only those columns; `filters` keeps only the rows that match, in pyarrow's
    form: [("kind", "==", "money")], or [[...], [...]] for an OR of ANDs.

    `datasets_dir` may be a local folder or an fsspec URL that `python -m pipeline datasets push`
    mirrored the datasets to (s3://..., gs://..., with fsspec and the matching backend installed;
    neither is needed for a local folder).
    """
    from pipeline import store
    from pipeline.settings import load_settings
    from pipeline.store import mirror

    root = datasets_dir if datasets_dir is not None else load_settings().datasets_dir
    if mirror.is_url(root):
        return mirror.load(str(root), table, release=release, version=version, columns=columns, filters=filters)
    return store.load(root, table, release=release, version=version, columns=columns, filters=filters)
