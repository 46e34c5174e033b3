"""Releases: one version of every table from one build, pinned under an id derived from them.

release_build is the commit point of a build: under one lock it checks every version it releases
against its manifest, moves every table's LATEST to the build's version, writes the release record
and switches `current` to it. Two builds releasing at once are serialised, so neither loses an
update, and each pins the versions its own run staged. The same lock removes the leftovers of
killed writers (see sweeping).
"""
from __future__ import annotations

import json
from collections.abc import Sequence

from pipeline import schemas
from pipeline.hashing import sha256_bytes

from . import current, faults, history, staging, sweeping
from .catalog import checked_bytes, latest, missing_version_message
from .errors import DatasetNotFound
from .files import remove_stale_temps, replace_file
from .layout import HISTORY, VERSION_CHARS, check_table, has_version, release_dir, release_path
from .locking import locked
from .publishing import point_latest
from .records import release_record, sealed_bytes


def release_id(versions_by_table: dict[str, str], raw_sha256: str) -> str:
    payload = json.dumps({"versions": dict(sorted(versions_by_table.items())), "raw_sha256": raw_sha256},
                         sort_keys=True).encode("utf-8")
    return sha256_bytes(payload)[:VERSION_CHARS]


def _check_versions(root, versions: dict[str, str]) -> None:
    for table, version in versions.items():
        check_table(table)
        if not has_version(root, table, version):
            raise DatasetNotFound(missing_version_message(root, table, version))


def _check_intact(root, versions: dict[str, str]) -> None:
    """Every version matches its manifest byte for byte (raises DamagedStore naming the file)."""
    for table, version in versions.items():
        checked_bytes(root, table, version)


def _write_release_locked(root, versions: dict[str, str], raw_sha256: str, extra: dict | None) -> str:
    """Write the release record (once per id), make it the newest and switch `current` to it."""
    rid = release_id(versions, raw_sha256)
    folder = release_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(folder)
    path = release_path(root, rid)
    if not path.is_file():
        replace_file(path, sealed_bytes(release_record(rid, versions, raw_sha256, extra)))
    history.append(folder / HISTORY, rid)  # the newest release is last, even when re-released
    faults.crash_point("before_current")
    current.switch(root, rid, versions)
    return rid


def write_release(root, versions: dict[str, str], raw_sha256: str, extra: dict | None = None, *,
                  lock_timeout: float | None = None) -> str:
    """Pin one version of each table (and the raw corpus hash) under an id derived from them."""
    _check_versions(root, versions)
    with locked(root, f"write release {release_id(versions, raw_sha256)}", lock_timeout):
        _check_intact(root, versions)
        return _write_release_locked(root, versions, raw_sha256, extra)


def run_versions(root, runs: Sequence[str]) -> dict[str, str]:
    """The version of every table that a build run releases: the one it staged (or the run it
    re-executes staged), else, for a table the run did not build, the current LATEST."""
    built = staging.staged(root, runs)
    chosen = {}
    for table in schemas.TABLES:
        version = built.get(table) or latest(root, table)
        if version is None:
            raise DatasetNotFound(f"table {table!r} was not built by run {', '.join(runs) or '(none)'} "
                                  "and has no LATEST version to release")
        chosen[table] = version
    _check_versions(root, chosen)
    return chosen


def release_build(root, versions: dict[str, str] | None, raw_sha256: str, extra: dict | None = None, *,
                  runs: Sequence[str] = (), lock_timeout: float | None = None) -> str:
    """Publish a build: under one lock, move every table's LATEST to its version, then pin them
    in a release. `versions` names them; None takes the versions the build run `runs[0]` staged
    (see run_versions), and that run's staging record is cleared once the release is written."""
    if versions is not None:
        _check_versions(root, versions)
    with locked(root, "release" if versions is None else f"release {release_id(versions, raw_sha256)}",
                lock_timeout):
        sweeping.sweep(root)
        chosen = dict(versions) if versions is not None else run_versions(root, runs)
        _check_intact(root, chosen)
        for position, (table, version) in enumerate(chosen.items()):
            if position:
                faults.crash_point("between_latest_moves")
            point_latest(root, table, version)
        faults.crash_point("before_release_record")
        rid = _write_release_locked(root, chosen, raw_sha256, extra)
        if versions is None and runs:
            staging.clear(root, runs[0])
    faults.pause_point("after_release")
    return rid
