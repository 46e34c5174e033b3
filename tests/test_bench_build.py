"""The sharded build benchmark's pure parts: the worker's line is read and the timings add up."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_build", REPO / "bench" / "bench_build.py")
bench_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_build)


def test_the_shard_line_gives_the_shard_and_corpus_documents():
    output = "building...\nshard 1/4: 97 of 403 documents cached in /tmp/d/.cache\n"
    assert bench_build.shard_counts(output) == (97, 403)
    with pytest.raises(ValueError):
        bench_build.shard_counts("Traceback (most recent call last):\n")


def test_the_summary_splits_the_time_between_the_shards_and_the_corpus_wide_build():
    summary = bench_build.sharded_summary([30.0, 40.0], 41.0, 59.0, single_s=80.0)
    assert (summary["slowest_shard_s"], summary["fastest_shard_s"], summary["shard_imbalance"]) == (40.0, 30.0, 1.33)
    assert (summary["total_s"], summary["corpus_wide_pct"]) == (100.0, 59.0)
    assert (summary["single_s"], summary["ratio_total_to_single"]) == (80.0, 1.25)
    assert "single_s" not in bench_build.sharded_summary([5.0], 5.0, 5.0)


def test_the_summary_line_names_every_part():
    record = {"shards": 2, "documents": 403,
              **bench_build.sharded_summary([30.0, 40.0], 41.0, 59.0, single_s=80.0)}
    line = bench_build.summary_line(record)
    assert line.startswith("sharded build, 2 shards, 403 documents: shards 30.0 / 40.0 s, phase 41.0 s")
    assert "corpus-wide 59.0 s = 100.0 s (59.0% corpus-wide); single process 80.0 s, ratio 1.25" in line
    assert "shards 30.0 / 40.0 s (cpu 20.0 / 25.5 s), phase" in bench_build.summary_line(
        {**record, "shard_cpu_s": [20.0, 25.5]})


def test_the_workers_get_one_spacy_process_and_their_own_cache(monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE_DIR", "/tmp/elsewhere")
    env = bench_build.isolated_env()
    assert env["PIPELINE_N_PROCESS"] == "1" and "PIPELINE_CACHE_DIR" not in env
