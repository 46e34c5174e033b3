"""Mirror the datasets folder to object storage (any fsspec URL) and read tables back from there.

The store itself writes to a POSIX filesystem (local disk or a shared volume), because it relies on
atomic rename and file locks that object stores do not offer. A push copies what the remote lacks
or holds wrongly, in an order that keeps remote readers consistent without those: each version's
Parquet file, then its manifest (last, so a manifest on the remote means its file was complete),
then release records and pins, and each table's LATEST last, one small object each. A push that
was killed is repaired by the next: a remote manifest that is not byte for byte the local one, or
a remote file of the wrong size, is uploaded again. `verify` checks a mirror as it checks the folder.

fsspec (and the backend of the URL's scheme, such as s3fs) is imported only here, when a mirror is
used: reading the local store needs neither.
"""
from __future__ import annotations

import json
import posixpath
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd

from . import faults
from .catalog import latest, releases, tables, versions
from .errors import DatasetNotFound, MirrorError, StoreError
from .layout import LATEST, MANIFEST, PINS, RELEASES, check_table, is_id, parquet_path, release_path, version_dir
from .pins import read_pins
from .verifying import verify_tree


def is_url(path) -> bool:
    return "://" in str(path)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


@contextmanager
def remote_errors(url: str) -> Iterator[None]:
    """Turn whatever a backend raises (a missing package, a refused connection, a denied access)
    into a one-line MirrorError naming the URL."""
    try:
        yield
    except StoreError:
        raise
    except ImportError as exc:
        raise MirrorError(f"{url}: no fsspec backend for this scheme ({_one_line(exc)})") from None
    except Exception as exc:  # backends raise their own exception types
        raise MirrorError(f"{url}: {_one_line(exc)}") from None


def _fs(url: str):
    try:
        import fsspec
    except ImportError:
        raise MirrorError(f"{url}: a mirror needs fsspec (pip install fsspec)") from None
    with remote_errors(url):
        fs, root = fsspec.core.url_to_fs(url)
    return fs, root.rstrip("/")


def _remote_bytes(fs, path: str) -> bytes | None:
    try:
        return fs.cat_file(path)
    except (FileNotFoundError, IsADirectoryError):
        return None


def _remote_size(fs, path: str) -> int | None:
    try:
        return fs.size(path)
    except FileNotFoundError:
        return None


class RemoteTree:
    """A mirror, as verify reads it (see verifying.LocalTree)."""

    def __init__(self, fs, base: str):
        self.fs, self.base = fs, base

    def entries(self, folder: str) -> list[tuple[str, bool]]:
        try:
            infos = self.fs.ls(posixpath.join(self.base, folder), detail=True)
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted((posixpath.basename(i["name"].rstrip("/")), i["type"] == "directory") for i in infos)

    def read(self, path: str) -> bytes | None:
        return _remote_bytes(self.fs, posixpath.join(self.base, path))


def _put(fs, source: Path, target: str, written: list[str]) -> None:
    fs.makedirs(posixpath.dirname(target), exist_ok=True)
    fs.put_file(str(source), target)
    written.append(target)


def _put_manifest(fs, data: bytes, target: str, written: list[str]) -> None:
    """Write a manifest as an object store does: opened, then filled (a kill between leaves it empty)."""
    with fs.open(target, "wb") as handle:
        faults.crash_point("push_manifest_opened")
        handle.write(data)
    written.append(target)


def _put_small(fs, data: bytes, target: str, written: list[str]) -> None:
    """Write a small object unless the remote already holds exactly these bytes."""
    if _remote_bytes(fs, target) == data:
        return
    fs.makedirs(posixpath.dirname(target), exist_ok=True)
    fs.pipe_file(target, data)
    written.append(target)


def _push_version(fs, base: str, local: Path, table: str, version: str, written: list[str]) -> None:
    folder = posixpath.join(base, table, version)
    manifest = (version_dir(local, table, version) / MANIFEST).read_bytes()
    data_target = posixpath.join(folder, f"{table}.parquet")
    if _remote_bytes(fs, posixpath.join(folder, MANIFEST)) == manifest and \
            _remote_size(fs, data_target) == json.loads(manifest)["bytes"]:
        return
    _put(fs, parquet_path(local, table, version), data_target, written)
    faults.crash_point("push_after_parquet")
    _put_manifest(fs, manifest, posixpath.join(folder, MANIFEST), written)  # last: it vouches for the file


def push(root, url: str) -> list[str]:
    """Copy every version, release, pin and LATEST of a local datasets folder to `url`, repairing
    what an earlier, interrupted push left; returns the remote paths written."""
    local = Path(root)
    fs, base = _fs(url)
    written: list[str] = []
    with remote_errors(url):
        for table in tables(local):
            for version in versions(local, table):
                _push_version(fs, base, local, table, version, written)
        for release in releases(local):
            _put_small(fs, release_path(local, release).read_bytes(), posixpath.join(base, RELEASES, f"{release}.json"),
                       written)
        for name, release in read_pins(local).items():
            _put_small(fs, f"{release}\n".encode(), posixpath.join(base, PINS, name), written)
        for table in tables(local):
            version = latest(local, table)
            if version:
                _put_small(fs, f"{version}\n".encode(), posixpath.join(base, table, LATEST), written)
    return written


def verify(url: str) -> list[str]:
    """The problems of a mirror, as verify finds them in a local folder."""
    fs, base = _fs(url)
    with remote_errors(url):
        if not fs.exists(base):
            return [f"{url}: no such mirror"]
        return verify_tree(RemoteTree(fs, base))


def _remote_version(fs, base: str, table: str, release: str | None, version: str | None) -> str:
    if version is None and release is not None:
        record = _remote_bytes(fs, posixpath.join(base, RELEASES, f"{release}.json")) if is_id(release) else None
        if record is None:
            raise DatasetNotFound(f"no release {release!r} in the mirror")
        version = json.loads(record)["versions"].get(table)
        if version is None:
            raise DatasetNotFound(f"release {release!r} does not pin table {table!r}")
    if version is None:
        pointer = _remote_bytes(fs, posixpath.join(base, table, LATEST))
        if pointer is None:
            raise DatasetNotFound(f"table {table!r} has no LATEST in the mirror")
        version = pointer.decode("utf-8", "replace").strip()
    if not is_id(version):
        raise DatasetNotFound(f"table {table!r}: {version!r} is not a version id of the mirror")
    return version


def load(url: str, table: str, release: str | None = None, version: str | None = None, *,
         columns: list[str] | None = None, filters=None) -> pd.DataFrame:
    """Read one table from a pushed copy: LATEST unless a release or version is named."""
    check_table(table)
    fs, base = _fs(url)
    with remote_errors(url):
        chosen = _remote_version(fs, base, table, release, version)
        with fs.open(posixpath.join(base, table, chosen, f"{table}.parquet"), "rb") as handle:
            return pd.read_parquet(handle, columns=columns, filters=filters)
