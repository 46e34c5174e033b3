"""News text pipeline: scraped articles in raw/, validated and versioned Parquet tables out."""
from __future__ import annotations

__all__ = ["load"]


def load(table: str, release: str | None = None, version: str | None = None, datasets_dir=None):
    """Read one published table as a DataFrame (LATEST unless a release or version is named).

    `datasets_dir` may be a local folder or an fsspec URL that `python -m pipeline datasets push`
    mirrored the datasets to (s3://..., gs://..., with the matching fsspec package installed).
    """
    from pipeline import store
    from pipeline.store import mirror
    from pipeline.settings import load_settings

    root = datasets_dir if datasets_dir is not None else load_settings().datasets_dir
    if mirror.is_url(root):
        return mirror.load(str(root), table, release=release, version=version)
    return store.load(root, table, release=release, version=version)
