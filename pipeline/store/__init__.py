"""Versioned Parquet store: every table is a folder of immutable, content-addressed versions.

A version id is the first 16 hex digits of the SHA-256 of the Parquet bytes, and the bytes depend
only on the (validated, sorted) rows, so publishing the same frame twice writes nothing the second
time. Writers serialise on an flock of <root>/.lock; a crash never leaves a half version visible.
The folder layout is in `layout`; each job of the store has one module:

    layout       paths and file names            parquet      Parquet bytes, version ids
    columns      each column from the model      records      manifests, release records, their seal
    validation   the model check and its error   files        durable atomic writes
    locking      the writers' lock               history      HISTORY logs
    catalog      what exists; loading a table    publishing   publish a version, move LATEST
    staging      the versions a build run made   work         unpublished intermediates
    releasing    release_build, the commit point current      stable paths of the newest release
    pins         releases kept by name           pruning      remove old releases and versions
    sweeping     leftovers of killed writers     verifying    check files against manifests
    comparing    diff two versions by key        mirror       copy to object storage, read it back
    errors       the store's exceptions          faults       the seam the crash tests use
    reports      a release's HTML page           prepared     a frame ready to store, its version id
    uptodate     the release a build's inputs made

Callers use the names below (`from pipeline import store; store.publish(...)`).
"""
from __future__ import annotations

from .catalog import (latest, load, load_checked, match_release, match_version, read_manifest, read_release,
                      releases, resolve_version, tables, versions)
from .columns import ColumnSpec, arrow_schema, column_specs
from .comparing import diff
from .current import current_release
from .errors import AmbiguousId, DamagedStore, DatasetNotFound, LockTimeout, MirrorError, StoreError, ValidationFailed
from .faults import CRASH_ENV, CRASH_POINTS, PAUSE_ENV, PUSH_CRASH_POINTS, RELEASE_CRASH_POINTS, WORK_CRASH_POINTS
from .layout import (CURRENT, CURRENT_REPORT, HISTORY, LATEST, LOCK, MANIFEST, RELEASES, TEMP_PREFIX, VERSION_CHARS,
                     current_file, parquet_path, report_path, table_dir, version_dir)
from .locking import locked
from .parquet import frame_bytes, to_parquet_bytes, version_id
from .pins import pin, read_pins, unpin
from .prepared import Prepared, prepare_table, prepare_work
from .pruning import kept_releases, protected_versions, prune
from .publishing import PublishResult, publish, set_latest
from .releasing import release_build, release_id, run_versions, write_release
from .reports import write_report
from .staging import claim, staged
from .validation import prepare
from .verifying import verify
from .uptodate import built_release, record_built
from .work import load_work, stash

__all__ = [
    "AmbiguousId", "CRASH_ENV", "CRASH_POINTS", "CURRENT", "CURRENT_REPORT", "ColumnSpec", "DamagedStore", "DatasetNotFound",
    "HISTORY", "LATEST", "LOCK", "LockTimeout", "MANIFEST", "MirrorError", "PAUSE_ENV", "PUSH_CRASH_POINTS", "Prepared", "PublishResult",
    "RELEASES", "RELEASE_CRASH_POINTS", "StoreError", "TEMP_PREFIX", "VERSION_CHARS", "ValidationFailed",
    "WORK_CRASH_POINTS", "arrow_schema", "built_release", "claim", "column_specs", "current_file", "current_release", "diff",
    "frame_bytes", "kept_releases", "latest", "load", "load_checked", "load_work", "locked", "match_release",
    "match_version", "parquet_path", "pin", "prepare", "prepare_table", "prepare_work", "protected_versions", "prune", "publish", "read_manifest",
    "read_pins", "read_release", "record_built", "release_build", "release_id", "releases", "report_path", "resolve_version", "run_versions",
    "set_latest", "staged", "stash", "table_dir", "tables", "to_parquet_bytes", "unpin", "verify", "version_dir",
    "version_id", "versions", "write_release",
    "write_report",
]
