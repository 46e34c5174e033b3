"""Per-document results cache, so a rebuild spends NLP time only on documents it has not seen.

A document's results for a stage are keyed by its raw SHA-256, the code versions of the stage and
of every stage before it, and the spaCy model's name and version. Changing any of these misses the
cache for that stage and what follows. Entries are small Parquet files written atomically, each
sealed with the SHA-256 of its bytes (seal/unseal): an entry whose bytes no longer match is never
used; it is recomputed with a warning, and `datasets verify` reports it (entry_problems).
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
import pyarrow.parquet as pq

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


def entry_key(raw_sha256: str, stage: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{stage}\0{fingerprint}\0{raw_sha256}".encode()).hexdigest()[:40]


class DocCache:
    """Results of one stage, one entry per document and output frame."""

    def __init__(self, root: Path, stage: str, fingerprint: str, outputs: tuple[str, ...]):
        self.root = Path(root) / stage
        self.stage = stage
        self.fingerprint = fingerprint
        self.outputs = outputs

    def _path(self, key: str, output: str) -> Path:
        return self.root / key[:2] / f"{key}.{output}{ENTRY_SUFFIX}"

    def get(self, raw_sha256: str) -> dict[str, pa.Table] | None:
        """The cached Arrow tables of one document, or None (a miss, or a damaged entry, which is
        recomputed with a warning)."""
        key = entry_key(raw_sha256, self.stage, self.fingerprint)
        tables = {}
        for output in self.outputs:
            path = self._path(key, output)
            try:
                data = path.read_bytes()
            except OSError:
                return None
            payload = unseal(data)
            try:
                if payload is None:
                    raise ValueError("does not match its checksum")
                tables[output] = pq.read_table(pa.BufferReader(payload))
            except (ValueError, pa.ArrowException) as exc:
                warn(f"cache entry {path}: {exc}; recomputing the document's {self.stage} results")
                return None
        return tables

    def put(self, raw_sha256: str, frames: dict[str, pd.DataFrame]) -> None:
        key = entry_key(raw_sha256, self.stage, self.fingerprint)
        for output in self.outputs:
            path = self._path(key, output)
            path.parent.mkdir(parents=True, exist_ok=True)
            sink = pa.BufferOutputStream()
            pq.write_table(pa.Table.from_pandas(frames[output], preserve_index=False), sink)
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
    cache: DocCache | None,
    chunk_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Apply a per-document stage to every document, reusing cached results where they exist.

    `fn` takes a frame of documents and returns frames keyed by output name, each with a doc_id
    column. Uncached documents are processed in chunks (bounded memory) and their results stored
    per document. Returns every output for every document, in the order of `documents`.
    """
    outputs: dict[str, list[pd.DataFrame]] = {}
    hits: dict[str, list[pa.Table]] = {}
    todo: list[int] = []
    done = 0
    total = len(documents)
    if cache is not None:
        for pos, sha in enumerate(documents["raw_sha256"]):
            hit = cache.get(sha)
            if hit is None:
                todo.append(pos)
                continue
            for name, table in hit.items():
                hits.setdefault(name, []).append(table)
            done += 1
        for name, tables in hits.items():  # one conversion to pandas, not one per document
            outputs.setdefault(name, []).append(
                pa.concat_tables(tables, promote_options="permissive").to_pandas())
        if progress and done:
            progress(done, total)
        missing = documents.iloc[todo]
    else:
        missing = documents
    for chunk in _chunks(missing, chunk_size):
        result = fn(chunk)
        for name, frame in result.items():
            outputs.setdefault(name, []).append(frame)
        if cache is not None:
            groups = {name: dict(tuple(frame.groupby("doc_id", sort=False))) for name, frame in result.items()}
            for doc_id, sha in chunk[["doc_id", "raw_sha256"]].itertuples(index=False):
                cache.put(sha, {name: groups[name].get(doc_id, result[name].iloc[0:0]).reset_index(drop=True)
                                for name in result})
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
