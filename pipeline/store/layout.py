"""Where everything lives in a datasets folder, and the names of its files.

    <root>/<table>/<version>/<table>.parquet    immutable once written
    <root>/<table>/<version>/manifest.json      rows, columns and types, sha256, provenance
    <root>/<table>/LATEST                       the current version id, replaced atomically
    <root>/<table>/HISTORY                      append-only: version ids in the order LATEST moved to them
    <root>/releases/<release>.json              one version of every table from one build
    <root>/releases/HISTORY                     release ids in the order they were released
    <root>/current                              symlink to .current/<release>: the newest release's
                                                tables at stable paths, switched in one rename
    <root>/.current/<release>/<table>.parquet   hard links to the release's versions (+ release.json)
    <root>/pins/<name>                          a release id kept by prune whatever its age
    <root>/reports/<release>.html               the page made from a release's tables
    <root>/.current/<release>/report.html       hard link to that page, beside the release's tables
    <root>/.runs/<run id>/<name>                the version a build run staged for a table or intermediate
    <root>/.work/<name>/<version>.parquet       unpublished intermediate results
    <root>/.built/<inputs sha256>               the release a build of those inputs wrote (see uptodate)
    <root>/.lock                                the writers' lock
"""
from __future__ import annotations

import re
from pathlib import Path

from pipeline import schemas

from .errors import DatasetNotFound

MANIFEST = "manifest.json"
LATEST = "LATEST"
HISTORY = "HISTORY"
BUILT_DIR = ".built"
RELEASES = "releases"
RUNS = ".runs"
WORK = ".work"
LOCK = ".lock"
CURRENT = "current"
CURRENT_DIR = ".current"
CURRENT_RELEASE = "release.json"
PINS = "pins"
REPORTS = "reports"
CURRENT_REPORT = "report.html"
TEMP_PREFIX = ".tmp-"
VERSION_CHARS = 16
VERSION_LINE = re.compile(r"[0-9a-f]{%d}" % VERSION_CHARS)
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def check_table(table: str) -> None:
    if table not in schemas.TABLES:
        raise DatasetNotFound(f"unknown table {table!r}; the tables are: {', '.join(schemas.TABLES)}")


def check_name(kind: str, name: str) -> str:
    """A run id or intermediate name used as a file name: no separators, no leading dot."""
    if not SAFE_NAME.fullmatch(name or ""):
        raise ValueError(f"{kind} {name!r} is not usable as a file name (letters, digits, '_', '-', '.')")
    return name


def table_dir(root, table: str) -> Path:
    return Path(root) / table


def version_dir(root, table: str, version: str) -> Path:
    return table_dir(root, table) / version


def parquet_path(root, table: str, version: str) -> Path:
    return version_dir(root, table, version) / f"{table}.parquet"


def release_dir(root) -> Path:
    return Path(root) / RELEASES


def release_path(root, release: str) -> Path:
    return release_dir(root) / f"{release}.json"


def run_dir(root, run_id: str) -> Path:
    return Path(root) / RUNS / check_name("run id", run_id)


def work_path(root, name: str, version: str) -> Path:
    return Path(root) / WORK / check_name("intermediate", name) / f"{version}.parquet"


def version_names(root, table: str) -> list[str]:
    """Folders of a table that hold a manifest, by name."""
    folder = table_dir(root, table)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).is_file())


def is_id(value) -> bool:
    """A bare version or release id: 16 lowercase hex digits, never a path."""
    return isinstance(value, str) and VERSION_LINE.fullmatch(value) is not None


def has_version(root, table: str, version: str) -> bool:
    return is_id(version) and (version_dir(root, table, version) / MANIFEST).is_file()


def current_link(root) -> Path:
    return Path(root) / CURRENT


def current_dir(root, release: str | None = None) -> Path:
    folder = Path(root) / CURRENT_DIR
    return folder if release is None else folder / release


def current_file(root, release: str, table: str) -> Path:
    return current_dir(root, release) / f"{table}.parquet"


def reports_dir(root) -> Path:
    return Path(root) / REPORTS


def report_path(root, release: str) -> Path:
    if not is_id(release):
        raise ValueError(f"{release!r} is not a release id")
    return reports_dir(root) / f"{release}.html"


def pins_dir(root) -> Path:
    return Path(root) / PINS


def pin_path(root, name: str) -> Path:
    return pins_dir(root) / check_name("pin name", name)
