"""News text pipeline: scraped articles in raw/, validated and versioned Parquet tables out."""
from __future__ import annotations

__all__ = ["load"]


def load(table: str, release: str | None = None, version: str | None = None, datasets_dir=None):
    """Read one published table as a DataFrame (LATEST unless a release or version is named)."""
    from pipeline import store
    from pipeline.settings import load_settings

    root = datasets_dir if datasets_dir is not None else load_settings().datasets_dir
    return store.load(root, table, release=release, version=version)
