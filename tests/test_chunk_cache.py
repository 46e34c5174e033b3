"""The per-chunk results cache: hits, misses, subsets of a chunk, damaged entries."""
from __future__ import annotations

import pandas as pd

from pipeline.incremental.cache import ChunkCache, entry_problems, run_cached


def _documents(n: int, start: int = 0) -> pd.DataFrame:
    ids = [f"{i:04d}" for i in range(start, start + n)]
    return pd.DataFrame({"doc_id": [f"d{i}" for i in ids], "raw_sha256": [f"{i}" * 16 for i in ids]})


class CountingStage:
    """A stage that gives each document as many rows as its number's last digit, and counts calls."""

    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, chunk: pd.DataFrame) -> dict[str, pd.DataFrame]:
        self.seen += list(chunk["doc_id"])
        rows = [(d, k) for d in chunk["doc_id"] for k in range(int(d[-1]))]
        return {"rows": pd.DataFrame(rows, columns=["doc_id", "k"]).astype({"k": "int64"})}


def _cache(root) -> ChunkCache:
    return ChunkCache(root, "stage", "code=1", ("rows",))


def test_cached_results_equal_fresh_ones_and_need_no_work(tmp_path):
    documents = _documents(7)
    stage = CountingStage()
    fresh = run_cached(documents, stage, _cache(tmp_path), chunk_size=3)["rows"]
    assert stage.seen == list(documents["doc_id"])
    assert len(list((tmp_path / "stage").rglob("*.index.entry"))) == 3  # one entry per chunk of 3
    again = CountingStage()
    cached = run_cached(documents, again, _cache(tmp_path), chunk_size=3)["rows"]
    assert again.seen == [] and cached.equals(fresh)


def test_new_documents_alone_are_computed_and_a_subset_reads_only_its_rows(tmp_path):
    stage = CountingStage()
    run_cached(_documents(5), stage, _cache(tmp_path), chunk_size=5)
    grown = pd.concat([_documents(5), _documents(2, start=5)], ignore_index=True)
    more = CountingStage()
    out = run_cached(grown, more, _cache(tmp_path), chunk_size=5)["rows"]
    assert more.seen == ["d0005", "d0006"]
    subset = grown.iloc[[1, 6]]
    none = CountingStage()
    rows = run_cached(subset, none, _cache(tmp_path), chunk_size=5)["rows"]
    assert none.seen == [] and set(rows["doc_id"]) == {"d0001", "d0006"}
    assert rows.reset_index(drop=True).equals(out[out["doc_id"].isin(["d0001", "d0006"])].reset_index(drop=True))


def test_a_damaged_entry_recomputes_its_chunk_only_and_is_removed(tmp_path, capsys):
    documents = _documents(6)
    first = run_cached(documents, CountingStage(), _cache(tmp_path), chunk_size=3)["rows"]
    entry = sorted((tmp_path / "stage").rglob("*.rows.entry"))[0]
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0x01
    entry.write_bytes(bytes(data))
    assert any(entry.name in p for p in entry_problems(tmp_path))
    stage = CountingStage()
    again = run_cached(documents, stage, _cache(tmp_path), chunk_size=3)["rows"]
    assert len(stage.seen) == 3 and again.equals(first)
    assert entry.name in capsys.readouterr().err
    assert entry_problems(tmp_path) == []


def test_another_code_version_is_a_miss(tmp_path):
    documents = _documents(4)
    run_cached(documents, CountingStage(), _cache(tmp_path))
    stage = CountingStage()
    run_cached(documents, stage, ChunkCache(tmp_path, "stage", "code=2", ("rows",)))
    assert stage.seen == list(documents["doc_id"])


def test_a_chunk_with_no_rows_reads_back_empty(tmp_path):
    empty = _documents(2, start=10)  # ids ending in 0 and 1: no rows at all for d0010
    run_cached(empty.iloc[:1], CountingStage(), _cache(tmp_path))
    stage = CountingStage()
    out = run_cached(pd.concat([empty.iloc[:1], _documents(1, start=3)]), stage, _cache(tmp_path))["rows"]
    assert stage.seen == ["d0003"] and list(out["doc_id"]) == ["d0003"] * 3
