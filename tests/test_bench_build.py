"""The build benchmark's pure parts: the sharded build's worker line and timings, the side-by-side pairs."""
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


def test_side_by_side_pairs_alternate_and_the_verdict_is_on_the_median_ratio(monkeypatch, tmp_path):
    calls = []
    times = iter([100.0, 60.0, 110.0, 80.0])  # bare, build of pair 2; bare, build of pair 3

    def fake_child(args, log):
        calls.append(args[1])
        seconds = next(times)
        common = {"loadavg_start": [1.0], "loadavg_end": [1.0]}
        if args[1] == "bare-spacy":
            return {"bare_spacy_s": seconds, **common}
        return {"build_s": seconds, "step_s": {}, **common}

    monkeypatch.setattr(bench_build, "run_child", fake_child)
    out = bench_build.side_by_side({"build_s": 90.0}, {"bare_spacy_s": 100.0}, 3, tmp_path / "d", tmp_path, 1,
                                   tmp_path / "log", {}, None)
    assert calls == ["bare-spacy", "build", "bare-spacy", "build"]
    assert out["ratios"] == [0.9, 0.6, 0.727]
    assert out["median_ratio"] == 0.73 and out["verdict"] == "GAP"
    assert out["median_build_s"] == 80.0 and out["median_bare_spacy_s"] == 100.0
