"""Per-document results cache, so a rebuild spends NLP time only on documents it has not seen.

A document's results for a stage are keyed by its raw SHA-256, the code versions of the stage and
of every stage before it, and the spaCy model's name and version. Changing any of these misses the
cache for that stage and what follows. Results are stored per chunk of documents (ChunkCache), as
Parquet files written atomically, each sealed with the SHA-256 of its bytes (seal/unseal): an
entry whose bytes no longer match is never used; its documents are recomputed with a warning, and
`datasets verify` reports it (entry_problems).
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.schemas import rows_of

StageFn = Callable[[pd.DataFrame], dict[str, pd.DataFrame]]

ENTRY_SUFFIX = ".entry"
SEAL = b"sha256:"  # an entry is SEAL, 64 hex digits of the payload's SHA-256, a newline, the payload
SEAL_CHARS = len(SEAL) + 65

log = logging.getLogger(__name__)


def seal(payload: bytes) -> bytes:
    """The bytes of an entry: its payload behind the payload's SHA-256."""
    return SEAL + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def unseal(data: bytes) -> bytes | None:
    """The payload of an entry, or None when the entry does not match its checksum."""
    head, payload = data[:SEAL_CHARS], data[SEAL_CHARS:]
    if not head.startswith(SEAL) or head[-1:] != b"\n":
        return None
    return payload if hashlib.sha256(payload).hexdigest().encode() == head[len(SEAL):-1] else None


def warn(message: str) -> None:
    """A cache warning: logged, and shown on stderr where a build prints its output."""
    log.warning(message)
    print(f"warning: {message}", file=sys.stderr)


def entry_problems(cache_root: Path) -> list[str]:
    """Every cache entry under cache_root whose bytes do not match its checksum."""
    root = Path(cache_root)
    if not root.is_dir():
        return []
    problems = []
    for path in sorted(root.rglob(f"*{ENTRY_SUFFIX}")):
        try:
            ok = unseal(path.read_bytes()) is not None
        except OSError as exc:
            ok, path = False, f"{path} ({exc.strerror or exc})"
        if not ok:
            problems.append(f"cache entry {path}: does not match its checksum")
    return problems


INDEX = "index"  # the entry that lists a chunk's documents; written after its outputs


class ChunkCache:
    """Results of one stage, stored per chunk of documents (a build's unit of work), not per document.

    <cache>/<stage>/<fingerprint hash>/<chunk key>.<output>.entry   one output of the chunk's documents
    <cache>/<stage>/<fingerprint hash>/<chunk key>.index.entry      their keys and doc ids

    A few large files instead of one small file per document and output: a build of 2,000 documents
    reads and writes a handful of entries. The index is written last, so a chunk whose index exists
    has every output. A document found in no index is a miss; a damaged entry costs its chunk a
    recomputation (with a warning) and is removed.
    """

    def __init__(self, root: Path, stage: str, fingerprint: str, outputs: tuple[str, ...], key: str = "raw_sha256"):
        self.root = Path(root) / stage / hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
        self.stage = stage
        self.outputs = outputs
        self.key = key  # the documents' column that identifies a document's input (its raw SHA-256 by default)

    def _path(self, chunk: str, name: str) -> Path:
        return self.root / f"{chunk}.{name}{ENTRY_SUFFIX}"

    def _read(self, path: Path) -> pa.Table | None:
        """An entry's table; None (with a warning) when it does not match its checksum or decode."""
        try:
            payload = unseal(path.read_bytes())
            if payload is None:
                raise ValueError("does not match its checksum")
            return pq.read_table(pa.BufferReader(payload))
        except (OSError, ValueError, pa.ArrowException) as exc:
            warn(f"cache entry {path}: {exc}; recomputing its documents' {self.stage} results")
            return None

    def _drop(self, chunk: str) -> None:
        for name in (INDEX, *self.outputs):
            self._path(chunk, name).unlink(missing_ok=True)

    def _index(self) -> dict[str, str]:
        """document key -> the chunk holding its results (the first chunk in key order)."""
        where: dict[str, str] = {}
        for path in sorted(self.root.glob(f"*.{INDEX}{ENTRY_SUFFIX}")):
            chunk = path.name[: -len(f".{INDEX}{ENTRY_SUFFIX}")]
            table = self._read(path)
            if table is None:
                self._drop(chunk)
                continue
            for sha in table.column("key").to_pylist():
                where.setdefault(sha, chunk)
        return where

    def _chunk_tables(self, chunk: str, doc_ids: list[str]) -> dict[str, pa.Table] | None:
        """The outputs of one chunk, only the rows of `doc_ids`; None when an entry is damaged."""
        tables = {}
        for name in self.outputs:
            table = self._read(self._path(chunk, name))
            if table is None:
                self._drop(chunk)
                return None
            ids = table.column("doc_id")
            if pa.types.is_null(ids.type):  # no rows (or none with an id): nothing to keep
                tables[name] = table.slice(0, 0)
                continue
            tables[name] = table.filter(pc.is_in(ids, value_set=pa.array(doc_ids, ids.type)))
        return tables

    def get_many(self, documents: pd.DataFrame) -> tuple[dict[str, list[pa.Table]], set[str]]:
        """The cached tables of the documents found, by output, and the keys of those documents."""
        if not self.root.is_dir():
            return {}, set()
        where = self._index()
        wanted: dict[str, list[tuple[str, str]]] = {}
        for doc_id, sha in rows_of(documents, ["doc_id", self.key]):
            if sha in where:
                wanted.setdefault(where[sha], []).append((doc_id, sha))
        found: dict[str, list[pa.Table]] = {}
        hit: set[str] = set()
        for chunk, members in sorted(wanted.items()):
            tables = self._chunk_tables(chunk, [doc_id for doc_id, _ in members])
            if tables is None:
                continue
            for name, table in tables.items():
                found.setdefault(name, []).append(table)
            hit.update(sha for _, sha in members)
        return found, hit

    def missing(self, documents: pd.DataFrame) -> int:
        """How many of the documents no chunk index lists (read from the indexes alone)."""
        where = self._index() if self.root.is_dir() else {}
        return sum(key not in where for key in documents[self.key])

    def put_chunk(self, documents: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> None:
        """Store one chunk's outputs, then its index."""
        shas = sorted(documents[self.key])
        chunk = hashlib.sha256("\n".join(shas).encode()).hexdigest()[:40]
        self.root.mkdir(parents=True, exist_ok=True)
        for name in self.outputs:
            _write_entry(self._path(chunk, name), pa.Table.from_pandas(frames[name], preserve_index=False))
        index = pa.table({"key": documents[self.key].tolist(), "doc_id": documents["doc_id"].tolist()})
        _write_entry(self._path(chunk, INDEX), index)


def _write_entry(path: Path, table: pa.Table) -> None:
    """A sealed Parquet entry, written beside its place and renamed in."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(seal(sink.getvalue().to_pybytes()))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _chunks(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start:start + size]


def run_cached(
    documents: pd.DataFrame,
    fn: StageFn,
    cache: ChunkCache | None,
    chunk_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Apply a per-document stage to every document, reusing cached results where they exist.

    `fn` takes a frame of documents and returns frames keyed by output name, each with a doc_id
    column. Uncached documents are processed in chunks (bounded memory) and their results stored
    per chunk. Returns every output for every document, in the order of `documents`.
    """
    outputs: dict[str, list[pd.DataFrame]] = {}
    done = 0
    total = len(documents)
    missing = documents
    if cache is not None:
        hits, hit_shas = cache.get_many(documents)
        for name, tables in hits.items():  # one conversion to pandas, not one per chunk
            outputs.setdefault(name, []).append(pa.concat_tables(tables, promote_options="permissive").to_pandas())
        done = len(hit_shas)
        if progress and done:
            progress(done, total)
        missing = documents[~documents[cache.key].isin(hit_shas)]
    for chunk in _chunks(missing, chunk_size):
        result = fn(chunk)
        for name, frame in result.items():
            outputs.setdefault(name, []).append(frame)
        if cache is not None:
            cache.put_chunk(chunk, result)
        done += len(chunk)
        if progress:
            progress(done, total)
    if not outputs:
        return fn(documents.iloc[0:0])
    order = {doc_id: i for i, doc_id in enumerate(documents["doc_id"])}
    merged = {}
    for name, frames in outputs.items():
        frames = [f for f in frames if len(f)] or frames[:1]
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if len(frame):
            frame = frame.iloc[frame["doc_id"].map(order).argsort(kind="stable")].reset_index(drop=True)
        merged[name] = frame
    return merged
