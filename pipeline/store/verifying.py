"""Checking the store: every file against its manifest, every pointer and log against what exists.

The checks read the store through a tree (list a folder, read a file), so the same code checks the
local folder and a mirror on object storage (mirror.verify).
"""
from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pyarrow.parquet as pq

from pipeline import schemas
from pipeline.hashing import sha256_bytes
from pipeline.incremental.cache import entry_problems

from . import history
from .current import current_release, same_file
from .layout import (CURRENT, CURRENT_RELEASE, HISTORY, LATEST, MANIFEST, PINS, RELEASES, VERSION_CHARS,
                     current_dir, is_id, parquet_path)
from .records import MANIFEST_FIELDS, RELEASE_FIELDS, seal_problem
from .releasing import release_id

POINTER = re.compile(rb"[0-9a-f]{%d}\n" % VERSION_CHARS)


class LocalTree:
    """A datasets folder on this machine, as verify reads it."""

    def __init__(self, root):
        self.root = Path(root)

    def entries(self, folder: str) -> list[tuple[str, bool]]:
        """(name, is a folder) of each entry of `folder`, none when it does not exist."""
        path = self.root / folder
        if not path.is_dir():
            return []
        return sorted((e.name, e.is_dir() and not e.is_symlink()) for e in path.iterdir())

    def read(self, path: str) -> bytes | None:
        target = self.root / path
        return target.read_bytes() if target.is_file() else None


def _record(tree, path: str, fields: frozenset, data: bytes | None = None) -> tuple[dict | None, list[str]]:
    """A manifest or release record (read from `tree` unless its bytes are given), and the
    problems of its bytes and seal."""
    data = tree.read(path) if data is None else data
    if data is None:
        return None, [f"{path}: missing"]
    try:
        record = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [f"{path}: unreadable ({exc})"]
    if not isinstance(record, dict):
        return None, [f"{path}: not a JSON object"]
    sealed = seal_problem(record, fields)
    return record, [f"{path}: {sealed}"] if sealed else []


def _data_problems(tree, table: str, name: str, manifest: dict) -> list[str]:
    where = f"{table}/{name}"
    data = tree.read(f"{where}/{manifest.get('file', f'{table}.parquet')}")
    if data is None:
        return [f"{where}: missing {manifest.get('file', f'{table}.parquet')}"]
    actual = sha256_bytes(data)
    if actual != manifest.get("sha256"):
        return [f"{where}/{table}.parquet: sha256 is {actual}, manifest says {manifest.get('sha256')}"]
    problems = []
    if manifest.get("version") != name or not actual.startswith(name):
        problems.append(f"{where}: folder name does not match the manifest version "
                        f"{manifest.get('version')!r} and the content hash {actual[:VERSION_CHARS]}")
    try:
        rows = pq.ParquetFile(io.BytesIO(data)).metadata.num_rows
    except Exception as exc:  # a damaged file whose hash was also rewritten
        return problems + [f"{where}: unreadable Parquet ({exc})"]
    if rows != manifest.get("rows"):
        problems.append(f"{where}: {rows} rows in the file, manifest says {manifest.get('rows')}")
    return problems


def _versions(tree, table: str) -> tuple[set[str], list[str]]:
    """The table's versions (folders with a manifest), and the problems of each."""
    found, problems = set(), []
    for name, is_folder in tree.entries(table):
        if not is_folder or name.startswith("."):
            continue
        data = tree.read(f"{table}/{name}/{MANIFEST}")
        if data is None:
            problems.append(f"{table}/{name}: no {MANIFEST}")
            continue
        manifest, record_problems = _record(tree, f"{table}/{name}/{MANIFEST}", MANIFEST_FIELDS, data)
        found.add(name)
        problems += record_problems
        if manifest is not None:
            problems += _data_problems(tree, table, name, manifest)
    return found, problems


def _latest_problems(tree, table: str, known: set[str], released: bool) -> list[str]:
    data = tree.read(f"{table}/{LATEST}")
    if data is None:
        was_set = bool((tree.read(f"{table}/{HISTORY}") or b"").strip())
        if was_set or released:
            return [f"{table}/{LATEST}: missing, although {'a release pins the table' if released else 'HISTORY shows it was set'}"]
        return []
    if not POINTER.fullmatch(data):
        return [f"{table}/{LATEST}: damaged (expected one version id and a newline, found {data[:60]!r})"]
    pointer = data.decode().strip()
    return [] if pointer in known else [f"{table}/{LATEST} points to missing version {pointer}"]


def _release_problems(tree, rid: str, known: dict[str, set[str]]) -> list[str]:
    record, problems = _record(tree, f"{RELEASES}/{rid}.json", RELEASE_FIELDS)
    if record is None:
        return problems
    pins = record.get("versions", {})
    for table, version in sorted(pins.items()) if isinstance(pins, dict) else []:
        if version not in known.get(table, set()):
            problems.append(f"release {rid} pins missing version {table}/{version}")
    if not is_id(rid) or release_id(pins if isinstance(pins, dict) else {}, record.get("raw_sha256", "")) != rid:
        problems.append(f"release {rid}: id does not match its content")
    return problems


def _releases(tree) -> list[str]:
    return [name[:-5] for name, is_folder in tree.entries(RELEASES)
            if not is_folder and name.endswith(".json") and not name.startswith(".")]


def _pinned_tables(tree, rids: list[str]) -> set[str]:
    tables = set()
    for rid in rids:
        try:
            tables |= set(json.loads(tree.read(f"{RELEASES}/{rid}.json") or b"{}").get("versions", {}))
        except (ValueError, UnicodeDecodeError, AttributeError):
            continue
    return tables


def _pin_problems(tree, rids: set[str]) -> list[str]:
    problems = []
    for name, is_folder in tree.entries(PINS):
        data = tree.read(f"{PINS}/{name}") if not is_folder and not name.startswith(".") else None
        if data is None:
            continue
        if not POINTER.fullmatch(data):
            problems.append(f"{PINS}/{name}: damaged (expected one release id and a newline)")
        elif data.decode().strip() not in rids:
            problems.append(f"{PINS}/{name} names missing release {data.decode().strip()}")
    return problems


def verify_tree(tree) -> list[str]:
    """Every problem of a store read through `tree` (see LocalTree)."""
    rids = _releases(tree)
    pinned = _pinned_tables(tree, rids)
    known: dict[str, set[str]] = {}
    problems: list[str] = []
    for table in schemas.TABLES:
        if not tree.entries(table):
            continue
        known[table], found = _versions(tree, table)
        problems += found + _latest_problems(tree, table, known[table], table in pinned)
        problems += history.problems_in(tree.read(f"{table}/{HISTORY}"), f"{table}/{HISTORY}", known[table])
    problems += history.problems_in(tree.read(f"{RELEASES}/{HISTORY}"), f"{RELEASES}/{HISTORY}", set(rids))
    for rid in rids:
        problems += _release_problems(tree, rid, known)
    return problems + _pin_problems(tree, set(rids))


def _current_problems(root: Path, tree: LocalTree) -> list[str]:
    """`current` links to the folder of a release whose files are that release's versions."""
    link = root / CURRENT
    if not link.is_symlink():
        return [f"{CURRENT}: not the link the store keeps"] if link.exists() else []
    rid = current_release(root)
    record = tree.read(f"{RELEASES}/{rid}.json") if rid else None
    if record is None:
        return [f"{CURRENT}: points to {os.readlink(link)!r}, not a release of this store"]
    shown_record = current_dir(root, rid) / CURRENT_RELEASE
    problems = [] if shown_record.is_file() and shown_record.read_bytes() == record else [
        f"{CURRENT}/{CURRENT_RELEASE}: not the record of release {rid}"]
    try:
        pins = json.loads(record).get("versions", {})
    except (ValueError, UnicodeDecodeError, AttributeError):
        return problems  # the record's own damage is reported with the releases
    for table, version in sorted(pins.items()):
        shown, source = current_dir(root, rid) / f"{table}.parquet", parquet_path(root, table, version)
        if not source.is_file() or not same_file(shown, source):
            problems.append(f"{CURRENT}/{table}.parquet: not the file of {table}/{version} that release {rid} pins")
    return problems


def verify(root, cache_dir=None) -> list[str]:
    """Problems found in the store; an empty list means every file matches its manifest, every
    LATEST, release, pin and `current` points to what exists, and every entry of the per-document
    cache (cache_dir, by default the store's .cache) matches its checksum."""
    base = Path(root)
    if not base.is_dir():
        return [f"{base}: no such datasets folder"]
    tree = LocalTree(base)
    cache = Path(cache_dir) if cache_dir is not None else base / ".cache"
    return verify_tree(tree) + _current_problems(base, tree) + entry_problems(cache)
