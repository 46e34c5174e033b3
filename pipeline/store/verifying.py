"""Checking the store: every file against its manifest, every pointer and log against what exists."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from pipeline import schemas
from pipeline.hashing import sha256_file

from . import history
from .catalog import latest, read_release, releases
from .layout import (HISTORY, LATEST, MANIFEST, RELEASES, VERSION_CHARS, has_version, release_dir,
                     table_dir, version_names)
from .records import MANIFEST_FIELDS, RELEASE_FIELDS, seal_problem
from .releasing import release_id


def _record_problems(record: dict, fields: frozenset, label: str) -> list[str]:
    """The problem with a manifest or release record's own checksum and fields, if any."""
    sealed = seal_problem(record, fields)
    return [f"{label}: {sealed}"] if sealed else []


def _read_manifest(entry: Path, where: str) -> tuple[dict | None, list[str]]:
    manifest_path = entry / MANIFEST
    if not manifest_path.is_file():
        return None, [f"{where}: no {MANIFEST}"]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [f"{where}/{MANIFEST}: unreadable ({exc})"]
    if not isinstance(manifest, dict):
        return None, [f"{where}/{MANIFEST}: not a JSON object"]
    return manifest, _record_problems(manifest, MANIFEST_FIELDS, f"{where}/{MANIFEST}")


def _data_problems(entry: Path, where: str, manifest: dict, table: str) -> list[str]:
    data_path = entry / manifest.get("file", f"{table}.parquet")
    if not data_path.is_file():
        return [f"{where}: missing {data_path.name}"]
    actual = sha256_file(data_path)
    if actual != manifest.get("sha256"):
        return [f"{where}/{data_path.name}: sha256 is {actual}, manifest says {manifest.get('sha256')}"]
    problems = []
    if manifest.get("version") != entry.name or not actual.startswith(entry.name):
        problems.append(f"{where}: folder name does not match the manifest version "
                        f"{manifest.get('version')!r} and the content hash {actual[:VERSION_CHARS]}")
    try:
        rows = pq.ParquetFile(data_path).metadata.num_rows
    except Exception as exc:  # a damaged file whose hash was also rewritten
        return problems + [f"{where}: unreadable Parquet ({exc})"]
    if rows != manifest.get("rows"):
        problems.append(f"{where}: {rows} rows in the file, manifest says {manifest.get('rows')}")
    return problems


def _version_problems(entry: Path, table: str) -> list[str]:
    where = f"{table}/{entry.name}"
    manifest, problems = _read_manifest(entry, where)
    if manifest is None:
        return problems
    return problems + _data_problems(entry, where, manifest, table)


def _table_problems(root: Path, table: str) -> list[str]:
    folder = table_dir(root, table)
    problems: list[str] = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.name.startswith("."):
            problems += _version_problems(entry, table)
    pointer = latest(root, table)
    if pointer is not None and (folder / LATEST).read_bytes() != f"{pointer}\n".encode("utf-8", "replace"):
        problems.append(f"{table}/LATEST: damaged (expected one version id and a newline)")
    elif pointer is not None and not has_version(root, table, pointer):
        problems.append(f"{table}/LATEST points to missing version {pointer}")
    return problems + history.problems(folder / HISTORY, f"{table}/{HISTORY}", set(version_names(root, table)))


def _release_problems(root: Path, rid: str) -> list[str]:
    try:
        record = read_release(root, rid)
    except ValueError as exc:
        return [f"releases/{rid}.json: unreadable ({exc})"]
    if not isinstance(record, dict):
        return [f"releases/{rid}.json: not a JSON object"]
    problems = _record_problems(record, RELEASE_FIELDS, f"releases/{rid}.json")
    for table, version in sorted(record.get("versions", {}).items()):
        if not has_version(root, table, version):
            problems.append(f"release {rid} pins missing version {table}/{version}")
    if release_id(record.get("versions", {}), record.get("raw_sha256", "")) != rid:
        problems.append(f"release {rid}: id does not match its content")
    return problems


def verify(root) -> list[str]:
    """Problems found in the store; an empty list means every file matches its manifest and every
    LATEST and release points to a version that exists."""
    base = Path(root)
    problems: list[str] = []
    for table in schemas.TABLES:
        if table_dir(base, table).is_dir():
            problems += _table_problems(base, table)
    known = releases(base)
    problems += history.problems(release_dir(base) / HISTORY, f"{RELEASES}/{HISTORY}", set(known))
    for rid in known:
        problems += _release_problems(base, rid)
    return problems
