"""Manifests and release records: their fields, canonical JSON bytes, and the seal that makes a
changed byte anywhere in them visible to verify."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pandas as pd
import pandera
import pyarrow as pa

from pipeline import schemas
from pipeline.hashing import sha256_bytes

from .columns import column_specs
from .parquet import file_schema

SEAL = "record_sha256"
MANIFEST_FIELDS = frozenset({"table", "version", "file", "sha256", "bytes", "rows", "key", "columns", "upstream",
                             "code_version", "extra", "created_by"})
RELEASE_FIELDS = frozenset({"release", "versions", "raw_sha256", "extra", "created_by", "created_at"})


def json_bytes(value: dict) -> bytes:
    return (json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def created_by() -> dict[str, str]:
    return {"pandas": pd.__version__, "pyarrow": pa.__version__, "pandera": pandera.__version__}


def column_records(table: str, data: bytes) -> list[dict]:
    """The manifest's columns: what the model says of each, with the type written in the file."""
    specs = {spec.name: spec for spec in column_specs(table)}
    return [{**specs[field.name].record(), "type": str(field.type)} for field in file_schema(data)]


def manifest(table: str, version: str, data: bytes, rows: int, upstream: dict | None,
             code_version: str, extra: dict | None) -> dict:
    return {
        "table": table,
        "version": version,
        "file": f"{table}.parquet",
        "sha256": sha256_bytes(data),
        "bytes": len(data),
        "rows": rows,
        "key": [schemas.KEYS[table]],
        "columns": column_records(table, data),
        "upstream": dict(sorted((upstream or {}).items())),
        "code_version": code_version,
        "extra": extra or {},
        "created_by": created_by(),
    }


def release_record(release: str, versions: dict[str, str], raw_sha256: str, extra: dict | None) -> dict:
    """A release's record. `created_at` (UTC) is the one field that is not derived from the inputs:
    the record is written once per id, so it dates the first build that released those versions."""
    return {"release": release, "versions": dict(sorted(versions.items())), "raw_sha256": raw_sha256,
            "extra": extra or {}, "created_by": created_by(),
            "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def sealed_bytes(record: dict) -> bytes:
    """The record's JSON with the SHA-256 of its own canonical JSON added."""
    return json_bytes({**record, SEAL: sha256_bytes(json_bytes(record))})


def seal_problem(record: dict, fields: frozenset) -> str | None:
    """What is wrong with a record's fields and seal; None when sound. Records written before the
    seal existed have no SEAL field and are only checked for unknown fields."""
    unknown = sorted(set(record) - fields - {SEAL})
    if unknown:
        return f"unknown field(s) {', '.join(map(repr, unknown))}"
    if SEAL not in record:
        return None
    body = {k: v for k, v in record.items() if k != SEAL}
    if sha256_bytes(json_bytes(body)) != record[SEAL]:
        return f"{SEAL} does not match its content"
    return None
