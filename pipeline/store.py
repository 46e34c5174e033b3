"""Versioned Parquet store: every table is a folder of immutable, content-addressed versions.

    <root>/<table>/<version>/<table>.parquet    immutable once written
    <root>/<table>/<version>/manifest.json      rows, columns and types, sha256, provenance
    <root>/<table>/LATEST                       the current version id, replaced atomically
    <root>/<table>/HISTORY                      append-only: version ids in the order LATEST moved to them
    <root>/releases/<release>.json              one version of every table from one build

A version id is the first 16 hex digits of the SHA-256 of the Parquet bytes, and the bytes depend only
on the (validated, sorted) rows, so publishing the same frame twice writes nothing the second time.
A version is written into a temporary folder (name starting with ".tmp-") and renamed into place, so
readers only ever see complete versions; LATEST moves by os.replace after the version is in place.
Writers serialise on an flock of <root>/.lock, so temporary folders found while holding it are stale
leftovers of a crashed writer and are removed.
"""
from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pandas as pd
import pandera
import pyarrow as pa
import pyarrow.parquet as pq
from pandera.errors import SchemaError, SchemaErrors

from pipeline import schemas

MANIFEST = "manifest.json"
LATEST = "LATEST"
HISTORY = "HISTORY"
RELEASES = "releases"
LOCK = ".lock"
TEMP_PREFIX = ".tmp-"
VERSION_CHARS = 16

LOCK_TIMEOUT_SECONDS = 120.0
LOCK_POLL_SECONDS = 0.05

# Fixed writer options: the same rows give the same bytes (the Parquet footer holds no timestamp).
PARQUET_OPTIONS = {
    "compression": "zstd",
    "compression_level": 9,
    "row_group_size": 65_536,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
}

# Arrow types of columns whose pandas dtype (object) says nothing about their content.
ARROW_TYPE_OVERRIDES: dict[tuple[str, str], pa.DataType] = {
    ("entities", "aliases"): pa.list_(pa.string()),
}

ARROW_TYPES_BY_DTYPE: dict[str, pa.DataType] = {
    "int64": pa.int64(),
    "int32": pa.int32(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
}

FAILING_ROWS_SHOWN = 5
FAILURE_KINDS_SHOWN = 20


class StoreError(Exception):
    """Base class of the store's errors."""


class ValidationFailed(StoreError):
    """A table broke its Pandera model; nothing was written."""

    def __init__(self, table: str, message: str, failure_cases: pd.DataFrame | None = None,
                 rows: pd.DataFrame | None = None):
        super().__init__(message)
        self.table = table
        self.failure_cases = failure_cases
        self.rows = rows


class DatasetNotFound(StoreError, LookupError):
    """A table, version or release that was asked for does not exist."""


class LockTimeout(StoreError, TimeoutError):
    """Another writer held the store's lock for longer than the timeout."""


@dataclass(frozen=True)
class PublishResult:
    table: str
    version: str
    created: bool
    path: Path
    rows: int
    latest_moved: bool = False


# ---- fault-injection seam --------------------------------------------------------------------------

# Steps of publish (and of every LATEST move), in the order they are reached.
CRASH_POINTS = ("after_parquet", "after_manifest", "before_rename", "after_rename", "before_latest",
                "after_latest")
# Steps of release_build: after one table's LATEST moved and before the next one's; after every
# LATEST moved and before the release record is written.
RELEASE_CRASH_POINTS = ("between_latest_moves", "before_release_record")
CRASH_ENV = "PIPELINE_CRASH_AT"

_crash_hits: dict[str, int] = {}


def _crash_point(name: str) -> None:
    """Named step of a write. Testing seam: when the environment variable PIPELINE_CRASH_AT is
    `<step>` or `<step>@<n>` (the n-th time this process reaches the step), the process kills
    itself with SIGKILL there, as a power cut or the OOM killer would: no cleanup, no finally blocks,
    the lock released by the kernel. Unset (always, outside such tests), it does nothing. Tests may
    also replace this function to raise instead."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    step, _, nth = wanted.partition("@")
    if step.strip() != name:
        return
    _crash_hits[name] = _crash_hits.get(name, 0) + 1
    if _crash_hits[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


# ---- paths and small readers -----------------------------------------------------------------------

def _root(root) -> Path:
    return Path(root)


def _check_table(table: str) -> None:
    if table not in schemas.TABLES:
        raise DatasetNotFound(f"unknown table {table!r}; the tables are: {', '.join(schemas.TABLES)}")


def table_dir(root, table: str) -> Path:
    return _root(root) / table


def version_dir(root, table: str, version: str) -> Path:
    return table_dir(root, table) / version


def parquet_path(root, table: str, version: str) -> Path:
    return version_dir(root, table, version) / f"{table}.parquet"


def tables(root) -> list[str]:
    """Tables that have at least one published version, in the contract's order."""
    return [t for t in schemas.TABLES if table_dir(root, t).is_dir() and _version_names(root, t)]


def _version_names(root, table: str) -> list[str]:
    folder = table_dir(root, table)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).is_file())


def _history(root, table: str) -> list[str]:
    path = table_dir(root, table) / HISTORY
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")  # a damaged byte is verify's to report
    return [line.strip() for line in text.splitlines() if line.strip()]


def versions(root, table: str) -> list[str]:
    """Published versions, oldest first: versions never made LATEST first (by folder time), then in
    the order LATEST last moved to them (HISTORY)."""
    names = _version_names(root, table)
    last_seen = {v: i for i, v in enumerate(_history(root, table))}
    never_latest = sorted((v for v in names if v not in last_seen),
                          key=lambda v: (version_dir(root, table, v).stat().st_mtime_ns, v))
    was_latest = sorted((v for v in names if v in last_seen), key=lambda v: last_seen[v])
    return never_latest + was_latest


def latest(root, table: str) -> str | None:
    """The version LATEST names, or None when the table was never published."""
    path = table_dir(root, table) / LATEST
    if not path.is_file():
        return None
    value = path.read_text(encoding="utf-8", errors="replace").strip()  # damage shows as a missing version
    return value or None


def read_manifest(root, table: str, version: str) -> dict:
    path = version_dir(root, table, version) / MANIFEST
    if not path.is_file():
        raise DatasetNotFound(_missing_version_message(root, table, version))
    return json.loads(path.read_text(encoding="utf-8"))


def _missing_version_message(root, table: str, version: str) -> str:
    known = versions(root, table)
    listing = ", ".join(known) if known else "none"
    return f"table {table!r} has no version {version!r} in {_root(root)} (published versions: {listing})"


def resolve_version(root, table: str, release: str | None = None, version: str | None = None) -> str:
    """The version a reader gets: the one named, the one a release pins, or LATEST."""
    _check_table(table)
    if release is not None and version is not None:
        raise ValueError("name either a release or a version, not both")
    if release is not None:
        pinned = read_release(root, release)["versions"]
        if table not in pinned:
            raise DatasetNotFound(f"release {release!r} does not pin table {table!r}")
        version = pinned[table]
    if version is None:
        version = latest(root, table)
        if version is None:
            raise DatasetNotFound(f"table {table!r} has no LATEST version in {_root(root)}: "
                                  "nothing was published yet (run the build first)")
    if not parquet_path(root, table, version).is_file():
        raise DatasetNotFound(_missing_version_message(root, table, version))
    return version


def load(root, table: str, release: str | None = None, version: str | None = None) -> pd.DataFrame:
    """One table as a DataFrame: LATEST unless a release or a version is named."""
    chosen = resolve_version(root, table, release=release, version=version)
    return pd.read_parquet(parquet_path(root, table, chosen))


# ---- serialisation ---------------------------------------------------------------------------------

def _normalise_type(dtype: pa.DataType) -> pa.DataType:
    """32-bit offsets everywhere, so every reader sees `string` and `list`."""
    if pa.types.is_large_string(dtype) or pa.types.is_string_view(dtype):
        return pa.string()
    if pa.types.is_large_binary(dtype):
        return pa.binary()
    if pa.types.is_large_list(dtype) or pa.types.is_list(dtype) or pa.types.is_list_view(dtype):
        return pa.list_(_normalise_type(dtype.value_type))
    return dtype


def _arrow_type(table: str, column: str, dtype_name: str, values: pd.Series) -> pa.DataType:
    if (table, column) in ARROW_TYPE_OVERRIDES:
        return ARROW_TYPE_OVERRIDES[(table, column)]
    if dtype_name in ("str", "string") or dtype_name.startswith("string"):
        return pa.string()
    if dtype_name.startswith("datetime64"):
        tz = getattr(values.dtype, "tz", None)
        return pa.timestamp("us", tz=str(tz) if tz is not None else None)
    if dtype_name in ARROW_TYPES_BY_DTYPE:
        return ARROW_TYPES_BY_DTYPE[dtype_name]
    return _normalise_type(pa.Array.from_pandas(values).type)


def arrow_schema(table: str, df: pd.DataFrame) -> pa.Schema:
    """The table's Arrow schema, taken from its Pandera model so it never depends on the rows
    (an all-null or empty column gets the same type as a full one)."""
    columns = schemas.TABLES[table].to_schema().columns
    fields = []
    for name in columns:
        model_type = _arrow_type(table, name, str(columns[name].dtype), df[name])
        fields.append(pa.field(name, model_type, nullable=True))
    return pa.schema(fields)


def prepare(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate, put the columns in the model's order and sort the rows by the table's key."""
    _check_table(table)
    try:
        valid = schemas.validate(table, df)
    except SchemaErrors as exc:
        raise _validation_failed(table, df, exc.failure_cases) from exc
    except SchemaError as exc:
        raise _validation_failed(table, df, getattr(exc, "failure_cases", None)) from exc
    columns = list(schemas.TABLES[table].to_schema().columns)
    ordered = valid[columns]
    return ordered.sort_values(schemas.KEYS[table], kind="mergesort", na_position="last").reset_index(drop=True)


def _validation_failed(table: str, df: pd.DataFrame, cases) -> ValidationFailed:
    lines = [f"table {table!r} failed validation against schemas.{schemas.TABLES[table].__name__}; "
             "nothing was written"]
    rows = None
    if isinstance(cases, pd.DataFrame) and len(cases):
        columns = cases["column"] if "column" in cases else pd.Series([None] * len(cases))
        summary = (pd.DataFrame({"column": columns.astype(object).where(columns.notna(), "<table>"),
                                 "check": cases["check"].astype(str)})
                   .value_counts(sort=False).reset_index(name="failures"))
        lines.append(f"{len(cases)} failure(s):")
        for column, check, count in summary.head(FAILURE_KINDS_SHOWN).itertuples(index=False):
            lines.append(f"  column {column}: check {check}: {count} failure(s)")
        if len(summary) > FAILURE_KINDS_SHOWN:
            lines.append(f"  ... and {len(summary) - FAILURE_KINDS_SHOWN} more kinds of failure")
        index = cases["index"].dropna().unique() if "index" in cases else []
        index = [i for i in index if i in df.index]
        try:
            index = sorted(index)
        except TypeError:
            pass
        index = index[:FAILING_ROWS_SHOWN]
        if index:
            rows = df.loc[index]
            with pd.option_context("display.width", 160, "display.max_columns", None,
                                   "display.max_colwidth", 60):
                lines.append(f"first failing rows (index as given):\n{rows.to_string()}")
        without_row = cases[cases["index"].isna()] if "index" in cases else cases
        if len(without_row) or not index:
            sample = (without_row if len(without_row) else cases).head(FAILING_ROWS_SHOWN)
            sample = sample[[c for c in ("column", "check", "failure_case") if c in cases]]
            lines.append(f"failure cases:\n{sample.to_string(index=False)}")
    return ValidationFailed(table, "\n".join(lines), cases if isinstance(cases, pd.DataFrame) else None, rows)


def to_parquet_bytes(table: str, df: pd.DataFrame) -> bytes:
    """Deterministic Parquet bytes of an already prepared frame (no pandas metadata, fixed options)."""
    schema = arrow_schema(table, df)
    arrow = pa.Table.from_pandas(df, schema=schema, preserve_index=False).replace_schema_metadata(None)
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer, **PARQUET_OPTIONS)
    return buffer.getvalue()


def frame_bytes(df: pd.DataFrame) -> bytes:
    """Deterministic Parquet bytes of any frame (intermediate results, not published tables)."""
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False), buffer,
                   **PARQUET_OPTIONS)
    return buffer.getvalue()


def version_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:VERSION_CHARS]


def _created_by() -> dict[str, str]:
    return {"pandas": pd.__version__, "pyarrow": pa.__version__, "pandera": pandera.__version__}


def _manifest(table: str, version: str, data: bytes, rows: int, upstream: dict | None,
              code_version: str, extra: dict | None) -> dict:
    schema = pq.read_schema(io.BytesIO(data))
    return {
        "table": table,
        "version": version,
        "file": f"{table}.parquet",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "rows": rows,
        "key": list(schemas.KEYS[table]),
        "columns": [{"name": f.name, "type": str(f.type)} for f in schema],
        "upstream": dict(sorted((upstream or {}).items())),
        "code_version": code_version,
        "extra": extra or {},
        "created_by": _created_by(),
    }


SEAL = "record_sha256"
MANIFEST_FIELDS = frozenset({"table", "version", "file", "sha256", "bytes", "rows", "key", "columns", "upstream",
                             "code_version", "extra", "created_by"})
RELEASE_FIELDS = frozenset({"release", "versions", "raw_sha256", "extra", "created_by"})
VERSION_LINE = re.compile(r"[0-9a-f]{%d}" % VERSION_CHARS)


def _sealed(record: dict) -> dict:
    """The record with the SHA-256 of its own canonical JSON added, so that verify notices a
    changed byte anywhere in a manifest or release, not only in the fields it checks by meaning."""
    return {**record, SEAL: hashlib.sha256(_json_bytes(record)).hexdigest()}


def _seal_problem(record: dict, fields: frozenset) -> str | None:
    """What is wrong with a record's fields and seal; None when sound. Records written before the
    seal existed have no SEAL field and are only checked for unknown fields."""
    unknown = sorted(set(record) - fields - {SEAL})
    if unknown:
        return f"unknown field(s) {', '.join(map(repr, unknown))}"
    if SEAL not in record:
        return None
    body = {k: v for k, v in record.items() if k != SEAL}
    if hashlib.sha256(_json_bytes(body)).hexdigest() != record[SEAL]:
        return f"{SEAL} does not match its content"
    return None


def _json_bytes(value: dict) -> bytes:
    return (json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")


# ---- durable writes --------------------------------------------------------------------------------

def _write_durable(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_name(label: str) -> str:
    return f"{TEMP_PREFIX}{label}-{os.getpid()}-{time.monotonic_ns()}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file next to its target, then os.replace it in (atomic on one filesystem)."""
    _replace_file(path, data)


def _replace_file(path: Path, data: bytes) -> None:
    """Write a small file next to its target, then os.replace it in (atomic on one filesystem)."""
    tmp = path.parent / _temp_name(path.name)
    _write_durable(tmp, data)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _remove_stale_temps(folder: Path) -> list[Path]:
    """Temporary files and folders left by a crashed writer (call only while holding the lock)."""
    removed = []
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        if entry.name.startswith(TEMP_PREFIX):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


@contextmanager
def locked(root, purpose: str = "write", timeout: float | None = None) -> Iterator[None]:
    """Exclusive lock on <root>/.lock, so one writer at a time changes the store."""
    base = _root(root)
    base.mkdir(parents=True, exist_ok=True)
    path = base / LOCK
    limit = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + limit
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
                    raise LockTimeout(
                        f"could not lock {path} within {limit:g} s to {purpose}: another writer holds it "
                        f"({holder}); wait for it to finish, or raise the lock timeout") from None
                time.sleep(LOCK_POLL_SECONDS)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}: {purpose}\n".encode("utf-8"), 0)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _move_latest(root, table: str, version: str) -> bool:
    """Point LATEST at a version already in place (lock held). Returns whether it moved."""
    folder = table_dir(root, table)
    if latest(root, table) == version:
        return False
    tmp = folder / _temp_name(LATEST)
    _write_durable(tmp, f"{version}\n".encode("utf-8"))
    _crash_point("before_latest")
    history = _history(root, table)
    if not history or history[-1] != version:
        with open(folder / HISTORY, "a", encoding="utf-8") as handle:
            handle.write(f"{version}\n")
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, folder / LATEST)
    _fsync_dir(folder)
    _crash_point("after_latest")
    return True


def set_latest(root, table: str, version: str, *, lock_timeout: float | None = None) -> bool:
    """Make an existing version the table's LATEST. Returns whether LATEST moved."""
    _check_table(table)
    if not (version_dir(root, table, version) / MANIFEST).is_file():
        raise DatasetNotFound(_missing_version_message(root, table, version))
    if latest(root, table) == version:
        return False
    with locked(root, f"set LATEST of {table}", lock_timeout):
        return _move_latest(root, table, version)


# ---- publish ---------------------------------------------------------------------------------------

def publish(root, table: str, df: pd.DataFrame, *, upstream: dict[str, str] | None = None,
            code_version: str = "", extra: dict | None = None, move_latest: bool = True,
            lock_timeout: float | None = None) -> PublishResult:
    """Validate a table and publish it as an immutable version; move LATEST to it unless told not to.

    Validation comes first: an invalid frame raises ValidationFailed and writes nothing. The same
    rows always give the same bytes and version id, so republishing an unchanged table writes
    nothing (created=False)."""
    prepared = prepare(table, df)
    data = to_parquet_bytes(table, prepared)
    version = version_id(data)
    manifest = _json_bytes(_sealed(_manifest(table, version, data, len(prepared), upstream, code_version, extra)))
    folder = table_dir(root, table)
    target = folder / version
    created = False
    with locked(root, f"publish {table} {version}", lock_timeout):
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(folder)
        if not (target / MANIFEST).is_file():
            staging = folder / _temp_name(version)
            staging.mkdir()
            _write_durable(staging / f"{table}.parquet", data)
            _crash_point("after_parquet")
            _write_durable(staging / MANIFEST, manifest)
            _crash_point("after_manifest")
            _fsync_dir(staging)
            _crash_point("before_rename")
            os.rename(staging, target)
            _fsync_dir(folder)
            _crash_point("after_rename")
            created = True
        moved = _move_latest(root, table, version) if move_latest else False
    return PublishResult(table=table, version=version, created=created, path=target / f"{table}.parquet",
                         rows=len(prepared), latest_moved=moved)


# ---- releases --------------------------------------------------------------------------------------

def _release_dir(root) -> Path:
    return _root(root) / RELEASES


def release_id(versions_by_table: dict[str, str], raw_sha256: str) -> str:
    payload = json.dumps({"versions": dict(sorted(versions_by_table.items())), "raw_sha256": raw_sha256},
                         sort_keys=True).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:VERSION_CHARS]


def _check_versions(root, versions: dict[str, str]) -> None:
    for table, version in versions.items():
        _check_table(table)
        if not (version_dir(root, table, version) / MANIFEST).is_file():
            raise DatasetNotFound(_missing_version_message(root, table, version))


def _write_release_locked(root, versions: dict[str, str], raw_sha256: str, extra: dict | None) -> str:
    rid = release_id(versions, raw_sha256)
    record = {"release": rid, "versions": dict(sorted(versions.items())), "raw_sha256": raw_sha256,
              "extra": extra or {}, "created_by": _created_by()}
    folder = _release_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(folder)
    path = folder / f"{rid}.json"
    if not path.is_file():
        _replace_file(path, _json_bytes(_sealed(record)))
    history_path = folder / HISTORY
    history = history_path.read_text(encoding="utf-8", errors="replace").split() if history_path.is_file() else []
    if not history or history[-1] != rid:  # the newest release is last, even when re-released
        with open(history_path, "a", encoding="utf-8") as handle:
            handle.write(f"{rid}\n")
            handle.flush()
            os.fsync(handle.fileno())
    return rid


def write_release(root, versions: dict[str, str], raw_sha256: str, extra: dict | None = None, *,
                  lock_timeout: float | None = None) -> str:
    """Pin one version of each table (and the raw corpus hash) under an id derived from them."""
    _check_versions(root, versions)
    with locked(root, f"write release {release_id(versions, raw_sha256)}", lock_timeout):
        return _write_release_locked(root, versions, raw_sha256, extra)


def release_build(root, versions: dict[str, str], raw_sha256: str, extra: dict | None = None, *,
                  lock_timeout: float | None = None) -> str:
    """Publish a build: under one lock, move every table's LATEST to its version, then pin them
    in a release. Two builds releasing at once are serialised, so neither loses an update."""
    _check_versions(root, versions)
    with locked(root, f"release {release_id(versions, raw_sha256)}", lock_timeout):
        for position, (table, version) in enumerate(versions.items()):
            if position:
                _crash_point("between_latest_moves")
            _move_latest(root, table, version)
        _crash_point("before_release_record")
        return _write_release_locked(root, versions, raw_sha256, extra)


def releases(root) -> list[str]:
    """Release ids, oldest first by when each was last released: the last one is the newest
    complete build, a consistent set of versions even while LATEST files are being moved."""
    folder = _release_dir(root)
    if not folder.is_dir():
        return []
    names = {p.stem for p in folder.glob("*.json") if not p.name.startswith(".")}
    history_path = folder / HISTORY
    history = history_path.read_text(encoding="utf-8", errors="replace").split() if history_path.is_file() else []
    order = {rid: i for i, rid in enumerate(history)}
    return sorted(names, key=lambda rid: (order.get(rid, -1), rid))


def read_release(root, release: str) -> dict:
    path = _release_dir(root) / f"{release}.json"
    if not path.is_file():
        known = releases(root)
        raise DatasetNotFound(f"no release {release!r} in {_release_dir(root)} "
                              f"(releases: {', '.join(known) if known else 'none'})")
    return json.loads(path.read_text(encoding="utf-8"))


# ---- checks, comparisons, pruning ------------------------------------------------------------------

def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _record_problems(record: dict, fields: frozenset, label: str) -> list[str]:
    """The problem with a manifest or release record's own checksum and fields, if any."""
    sealed = _seal_problem(record, fields)
    return [f"{label}: {sealed}"] if sealed else []


def verify(root) -> list[str]:
    """Problems found in the store; an empty list means every file matches its manifest and every
    LATEST and release points to a version that exists."""
    problems: list[str] = []
    base = _root(root)
    for table in schemas.TABLES:
        folder = table_dir(base, table)
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if not entry.is_dir() or entry.name.startswith("."):
                continue
            where = f"{table}/{entry.name}"
            manifest_path = entry / MANIFEST
            if not manifest_path.is_file():
                problems.append(f"{where}: no {MANIFEST}")
                continue
            try:
                manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                problems.append(f"{where}/{MANIFEST}: unreadable ({exc})")
                continue
            if not isinstance(manifest, dict):
                problems.append(f"{where}/{MANIFEST}: not a JSON object")
                continue
            problems.extend(_record_problems(manifest, MANIFEST_FIELDS, f"{where}/{MANIFEST}"))
            data_path = entry / manifest.get("file", f"{table}.parquet")
            if not data_path.is_file():
                problems.append(f"{where}: missing {data_path.name}")
                continue
            actual = _file_sha256(data_path)
            if actual != manifest.get("sha256"):
                problems.append(f"{where}/{data_path.name}: sha256 is {actual}, manifest says "
                                f"{manifest.get('sha256')}")
                continue
            if manifest.get("version") != entry.name or not actual.startswith(entry.name):
                problems.append(f"{where}: folder name does not match the manifest version "
                                f"{manifest.get('version')!r} and the content hash {actual[:VERSION_CHARS]}")
            try:
                rows = pq.ParquetFile(data_path).metadata.num_rows
            except Exception as exc:  # a damaged file whose hash was also rewritten
                problems.append(f"{where}: unreadable Parquet ({exc})")
                continue
            if rows != manifest.get("rows"):
                problems.append(f"{where}: {rows} rows in the file, manifest says {manifest.get('rows')}")
        pointer = latest(base, table)
        if pointer is not None and (folder / LATEST).read_bytes() != f"{pointer}\n".encode("utf-8", "replace"):
            problems.append(f"{table}/LATEST: damaged (expected one version id and a newline)")
        elif pointer is not None and not (folder / pointer / MANIFEST).is_file():
            problems.append(f"{table}/LATEST points to missing version {pointer}")
        problems.extend(_history_problems(folder / HISTORY, f"{table}/{HISTORY}",
                                          set(_version_names(base, table))))
    problems.extend(_history_problems(_release_dir(base) / HISTORY, f"{RELEASES}/{HISTORY}",
                                      set(releases(base))))
    for rid in releases(base):
        try:
            record = read_release(base, rid)
        except ValueError as exc:
            problems.append(f"releases/{rid}.json: unreadable ({exc})")
            continue
        if not isinstance(record, dict):
            problems.append(f"releases/{rid}.json: not a JSON object")
            continue
        problems.extend(_record_problems(record, RELEASE_FIELDS, f"releases/{rid}.json"))
        for table, version in sorted(record.get("versions", {}).items()):
            if not (table_dir(base, table) / version / MANIFEST).is_file():
                problems.append(f"release {rid} pins missing version {table}/{version}")
        if release_id(record.get("versions", {}), record.get("raw_sha256", "")) != rid:
            problems.append(f"release {rid}: id does not match its content")
    return problems


def _history_problems(path: Path, where: str, known: set[str]) -> list[str]:
    """Lines of a HISTORY file that are not the id of an existing version or release (prune drops
    the ids of the versions it removes, so every line names something that exists)."""
    if not path.is_file():
        return []
    try:
        lines = path.read_bytes().decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        return [f"{where}: unreadable ({exc})"]
    bad = [i + 1 for i, line in enumerate(lines[:-1]) if not VERSION_LINE.fullmatch(line) or line not in known]
    if lines[-1] != "":
        bad.append(len(lines))
    return [f"{where}: damaged line(s) {', '.join(map(str, bad[:5]))} (not an existing id)"] if bad else []


def _comparable(series: pd.Series) -> pd.Series:
    """Values that compare with ==: lists and arrays become tuples."""
    if series.dtype == object:
        return series.map(lambda v: tuple(v) if hasattr(v, "__len__") and not isinstance(v, (str, bytes)) else v)
    return series


def diff(root, table: str, a: str, b: str) -> dict:
    """Rows added, removed and changed from version a to version b, matched by the table's key.

    "changed" holds b's rows whose key is in both versions but some other column differs, with a
    `changed_columns` column naming them."""
    key = list(schemas.KEYS[table])
    old = load(root, table, version=a)
    new = load(root, table, version=b)
    old_keys = old[key].astype(object).apply(tuple, axis=1) if len(old) else pd.Series([], dtype=object)
    new_keys = new[key].astype(object).apply(tuple, axis=1) if len(new) else pd.Series([], dtype=object)
    added = new[~new_keys.isin(set(old_keys))].reset_index(drop=True)
    removed = old[~old_keys.isin(set(new_keys))].reset_index(drop=True)
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
    return {
        "table": table, "a": a, "b": b, "key": key,
        "added": added, "removed": removed, "changed": changed,
        "counts": {"added": len(added), "removed": len(removed), "changed": len(changed),
                   "unchanged": int(len(both) - len(changed))},
        "columns_added": [c for c in new.columns if c not in old.columns],
        "columns_removed": [c for c in old.columns if c not in new.columns],
    }


def protected_versions(root, table: str) -> set[str]:
    """Versions prune must keep: LATEST and every version a release pins."""
    keep = {v for v in [latest(root, table)] if v}
    for rid in releases(root):
        try:
            pinned = read_release(root, rid).get("versions", {})
        except ValueError:
            continue
        if table in pinned:
            keep.add(pinned[table])
    return keep


def prune(root, keep: int, *, dry_run: bool = False, lock_timeout: float | None = None) -> list[str]:
    """Remove versions older than the newest `keep` of each table, never LATEST nor a released one.
    Returns the removed (or, with dry_run, removable) version folders."""
    if keep < 0:
        raise ValueError("keep must be 0 or more")
    removed: list[str] = []
    with locked(root, "prune", lock_timeout):
        for table in schemas.TABLES:
            folder = table_dir(root, table)
            if not folder.is_dir():
                continue
            if not dry_run:
                _remove_stale_temps(folder)
            ordered = versions(root, table)
            newest = set(ordered[len(ordered) - keep:]) if keep else set()
            spared = newest | protected_versions(root, table)
            doomed_versions = [v for v in ordered if v not in spared]
            history = _history(root, table)
            kept = [v for v in history if v in ordered and v not in doomed_versions]
            if not dry_run and kept != history:  # before removing, so no line names a missing version
                _replace_file(folder / HISTORY, "".join(f"{v}\n" for v in kept).encode("utf-8"))
            for version in ordered:
                if version in spared:
                    continue
                path = folder / version
                if not dry_run:
                    doomed = folder / _temp_name(f"prune-{version}")
                    os.rename(path, doomed)
                    shutil.rmtree(doomed)
                removed.append(str(path))
    return removed
