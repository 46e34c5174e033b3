"""Reading the store: which tables, versions and releases exist, and loading a table."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from pipeline import schemas
from pipeline.hashing import sha256_bytes

from . import history
from .errors import AmbiguousId, DamagedStore, DatasetNotFound
from .layout import (HISTORY, LATEST, MANIFEST, check_table, is_id, parquet_path, release_dir, release_path,
                     table_dir, version_dir, version_names)
from .records import MANIFEST_FIELDS, seal_problem


def tables(root) -> list[str]:
    """Tables that have at least one published version, in the contract's order."""
    return [t for t in schemas.TABLES if table_dir(root, t).is_dir() and version_names(root, t)]


def versions(root, table: str) -> list[str]:
    """Published versions, oldest first: versions never made LATEST first (by folder time), then in
    the order LATEST last moved to them (HISTORY)."""
    names = version_names(root, table)
    last_seen = history.order(table_dir(root, table) / HISTORY)
    never_latest = sorted((v for v in names if v not in last_seen),
                          key=lambda v: (version_dir(root, table, v).stat().st_mtime_ns, v))
    was_latest = sorted((v for v in names if v in last_seen), key=lambda v: last_seen[v])
    return never_latest + was_latest


def read_pointer(root, table: str) -> str | None:
    """What LATEST holds, unchecked (verify reports damage; a LATEST move overwrites it), or None."""
    path = table_dir(root, table) / LATEST
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8", errors="replace").strip() or None


def latest(root, table: str) -> str | None:
    """The version LATEST names, or None when the table was never published. LATEST holding
    anything but a bare version id (a path, a damaged byte) is an error, never followed."""
    value = read_pointer(root, table)
    if value is not None and not is_id(value):
        raise DamagedStore(f"{table_dir(root, table) / LATEST} is damaged: it holds {value[:80]!r}, not a "
                           "version id (python -m pipeline datasets verify lists the damage)")
    return value


def missing_version_message(root, table: str, version: str) -> str:
    known = versions(root, table)
    listing = ", ".join(known) if known else "none"
    return f"table {table!r} has no version {version!r} in {Path(root)} (published versions: {listing})"


def read_manifest(root, table: str, version: str) -> dict:
    path = version_dir(root, table, version) / MANIFEST
    if not is_id(version) or not path.is_file():
        raise DatasetNotFound(missing_version_message(root, table, version))
    return json.loads(path.read_text(encoding="utf-8"))


def releases(root) -> list[str]:
    """Release ids, oldest first by when each was last released: the last one is the newest
    complete build, a consistent set of versions even while LATEST files are being moved."""
    folder = release_dir(root)
    if not folder.is_dir():
        return []
    names = {p.stem for p in folder.glob("*.json") if not p.name.startswith(".")}
    last_seen = history.order(folder / HISTORY)
    return sorted(names, key=lambda rid: (last_seen.get(rid, -1), rid))


def read_release(root, release: str) -> dict:
    path = release_path(root, release)
    if not is_id(release) or not path.is_file():
        known = releases(root)
        raise DatasetNotFound(f"no release {release!r} in {release_dir(root)} "
                              f"(releases: {', '.join(known) if known else 'none'})")
    return json.loads(path.read_text(encoding="utf-8"))


def resolve_version(root, table: str, release: str | None = None, version: str | None = None) -> str:
    """The version a reader gets: the one named, the one a release pins, or LATEST."""
    check_table(table)
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
            raise DatasetNotFound(f"table {table!r} has no LATEST version in {Path(root)}: "
                                  "nothing was published yet (run the build first)")
    if not is_id(version) or not parquet_path(root, table, version).is_file():
        raise DatasetNotFound(missing_version_message(root, table, version))
    return version


def load(root, table: str, release: str | None = None, version: str | None = None, *,
         columns: list[str] | None = None, filters=None) -> pd.DataFrame:
    """One table as a DataFrame: LATEST unless a release or a version is named; only the columns
    named, and only the rows that pyarrow's `filters` keep (e.g. [("kind", "==", "money")])."""
    chosen = resolve_version(root, table, release=release, version=version)
    return pd.read_parquet(parquet_path(root, table, chosen), columns=columns, filters=filters)


def checked_bytes(root, table: str, version: str) -> bytes:
    """A version's Parquet bytes, checked against its manifest (sealed, naming this version and
    this file's SHA-256): what a build reads, so that it never builds on a damaged file."""
    manifest_path = version_dir(root, table, version) / MANIFEST
    data_path = parquet_path(root, table, version)
    try:
        record = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DamagedStore(f"{manifest_path}: unreadable ({exc})") from None
    problem = seal_problem(record, MANIFEST_FIELDS) if isinstance(record, dict) else "not a JSON object"
    if problem or record.get("version") != version:
        raise DamagedStore(f"{manifest_path}: {problem or 'names another version'}")
    data = data_path.read_bytes()
    actual = sha256_bytes(data)
    if actual != record.get("sha256") or not actual.startswith(version):
        raise DamagedStore(f"{data_path}: sha256 is {actual}, the manifest says {record.get('sha256')}; "
                           "rebuild the table (a build rewrites a damaged version it derives again)")
    return data


def load_checked(root, table: str, version: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One version, read only after its bytes match its manifest (raises DamagedStore otherwise)."""
    check_table(table)
    resolve_version(root, table, version=version)
    return pd.read_parquet(io.BytesIO(checked_bytes(root, table, version)), columns=columns)


def _match(prefix: str, known: list[str], what: str) -> str:
    if prefix in known:
        return prefix
    found = [k for k in known if prefix and k.startswith(prefix)]
    if len(found) > 1:
        raise AmbiguousId(f"{what} prefix {prefix!r} matches {len(found)} ids: {', '.join(found[:5])}")
    if not found:
        raise DatasetNotFound(f"no {what} starts with {prefix!r} (known: {', '.join(known) if known else 'none'})")
    return found[0]


def match_version(root, table: str, prefix: str) -> str:
    """The one version of `table` whose id starts with `prefix` (a whole id matches itself)."""
    check_table(table)
    return _match(prefix, versions(root, table), f"{table} version")


def match_release(root, prefix: str) -> str:
    """The one release whose id starts with `prefix`."""
    return _match(prefix, releases(root), "release")
