"""Versioned Parquet store: every table is a folder of immutable, content-addressed versions.

A version id is the first 16 hex digits of the SHA-256 of the Parquet bytes, and the bytes depend
only on the (validated, sorted) rows, so publishing the same frame twice writes nothing the second
time. Writers serialise on an flock of <root>/.lock; a crash never leaves a half version visible.
The folder layout is in `layout`; each job of the store has one module:

    layout       paths and file names            parquet      Arrow types, Parquet bytes, version ids
    validation   the model check and its error   records      manifests, release records, their seal
    files        durable atomic writes           locking      the writers' lock
    history      HISTORY logs                    catalog      what exists; loading a table
    publishing   publish a version, move LATEST  staging      the versions a build run produced
    work         unpublished intermediates       releasing    release_build, the build's commit point
    verifying    check files against manifests   comparing    diff two versions by key
    pruning      remove old versions             mirror       copy to object storage, read it back
    errors       the store's exceptions          faults       the seam the crash tests use

Callers use the names below (`from pipeline import store; store.publish(...)`).
"""
from __future__ import annotations

from .catalog import latest, load, read_manifest, read_release, releases, resolve_version, tables, versions
from .comparing import diff
from .errors import DatasetNotFound, LockTimeout, StoreError, ValidationFailed
from .faults import CRASH_ENV, CRASH_POINTS, RELEASE_CRASH_POINTS
from .layout import (HISTORY, LATEST, LOCK, MANIFEST, RELEASES, TEMP_PREFIX, VERSION_CHARS, parquet_path,
                     table_dir, version_dir)
from .locking import locked
from .parquet import arrow_schema, frame_bytes, to_parquet_bytes, version_id
from .pruning import protected_versions, prune
from .publishing import PublishResult, publish, set_latest
from .releasing import release_build, release_id, run_versions, write_release
from .staging import staged
from .validation import prepare
from .verifying import verify
from .work import load_work, stash

__all__ = [
    "CRASH_ENV", "CRASH_POINTS", "DatasetNotFound", "HISTORY", "LATEST", "LOCK", "LockTimeout", "MANIFEST",
    "PublishResult", "RELEASES", "RELEASE_CRASH_POINTS", "StoreError", "TEMP_PREFIX", "VERSION_CHARS",
    "ValidationFailed", "arrow_schema", "diff", "frame_bytes", "latest", "load", "load_work", "locked",
    "parquet_path", "prepare", "protected_versions", "prune", "publish", "read_manifest", "read_release",
    "release_build", "release_id", "releases", "resolve_version", "run_versions", "set_latest", "staged",
    "stash", "table_dir", "tables", "to_parquet_bytes", "verify", "version_dir", "version_id", "versions",
    "write_release",
]
