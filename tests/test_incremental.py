"""Reproducible builds, per-document caching, and removed files leaving the next release."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import store
from pipeline.incremental import stages
from pipeline.schemas import TABLES

from test_build import materialize_all

REPO = Path(__file__).resolve().parents[1]
NEW_ARTICLE = ("Council approves new bridge\n\n"
               "The city council approved a £12 million bridge on Tuesday, Mayor Jane Porter said.\n\n"
               "Around 4,000 people signed a petition against the plan.\n")


def _parquet_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.glob("*/*/*.parquet"))
            if not p.relative_to(root).parts[0].startswith(".")}


def _count_documents(monkeypatch, name: str) -> list[int]:
    """Record how many documents each call of the stage function `stages.<name>` receives."""
    calls: list[int] = []
    real = getattr(stages, name)

    def counting(documents: pd.DataFrame, *args, **kwargs):
        calls.append(len(documents))
        return real(documents, *args, **kwargs)

    monkeypatch.setattr(stages, name, counting)
    return calls


@pytest.fixture
def counted_annotate(monkeypatch) -> list[int]:
    """Documents per call of the NLP annotate stage."""
    return _count_documents(monkeypatch, "annotate")


def test_two_builds_in_different_folders_are_byte_identical(tmp_path):
    raws = []
    for name in ("one", "two"):
        raw = tmp_path / name / "raw"
        shutil.copytree(REPO / "raw", raw)
        raws.append(raw)
        assert materialize_all(raw, tmp_path / name / "datasets").success
    a, b = tmp_path / "one" / "datasets", tmp_path / "two" / "datasets"
    files_a, files_b = _parquet_files(a), _parquet_files(b)
    assert len(files_a) == len(TABLES) and files_a == files_b
    assert {t: store.latest(a, t) for t in TABLES} == {t: store.latest(b, t) for t in TABLES}
    assert store.releases(a) == store.releases(b)


def test_adding_one_article_runs_nlp_on_it_only(tmp_path, counted_annotate, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    datasets = tmp_path / "datasets"
    assert materialize_all(raw, datasets).success
    assert counted_annotate == [5]
    first = {t: store.latest(datasets, t) for t in TABLES}

    (raw / "new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    counted_annotate.clear()
    assert materialize_all(raw, datasets).success
    assert counted_annotate == [1]
    documents = store.load(datasets, "documents")
    assert "new_article.txt" in set(documents["source"])
    figures = store.load(datasets, "figures")
    new_id = documents.set_index("source").loc["new_article.txt", "doc_id"]
    assert {"£12 million", "Around 4,000"} <= set(figures.loc[figures["doc_id"] == new_id, "text"])
    assert store.latest(datasets, "documents") != first["documents"]

    # a cached build equals a build from scratch
    fresh = tmp_path / "fresh"
    assert materialize_all(raw, fresh).success
    for table in TABLES:
        assert store.latest(fresh, table) == store.latest(datasets, table), table


def test_removed_file_leaves_the_next_release(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    datasets = tmp_path / "datasets"
    assert materialize_all(raw, datasets).success
    gone = sorted(raw.glob("*.txt"))[0]
    gone.unlink()
    assert materialize_all(raw, datasets).success
    documents = store.load(datasets, "documents")
    assert gone.name not in set(documents["source"]) and len(documents) == 4
    release = store.read_release(datasets, store.releases(datasets)[-1])
    assert release["versions"]["documents"] == store.latest(datasets, "documents")
    for table in ("sentences", "mentions", "figures"):
        assert set(store.load(datasets, table)["doc_id"]) <= set(documents["doc_id"])


def test_changing_a_code_version_recomputes_that_stage(tmp_path, counted_annotate, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    datasets = tmp_path / "datasets"
    assert materialize_all(raw, datasets).success
    counted_annotate.clear()
    assert materialize_all(raw, datasets).success
    assert counted_annotate == []                      # everything cached
    monkeypatch.setitem(stages.CODE_VERSIONS, "sentences", "changed")
    assert materialize_all(raw, datasets).success
    assert counted_annotate == [5]                     # that stage ran again on every document


def test_a_sharded_build_equals_a_single_build_byte_for_byte(tmp_path, counted_annotate):
    """Two `prepare --shard` workers, then the corpus-wide steps: the same bytes as one build."""
    from pipeline.cli import main

    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    datasets = tmp_path / "datasets"
    for shard in range(2):
        assert main(["prepare", "--shard", f"{shard}/2", "--raw", str(raw), "--datasets", str(datasets),
                     "--quiet"]) == 0
    assert sum(counted_annotate) == 5                  # each document annotated by exactly one shard
    counted_annotate.clear()
    assert materialize_all(raw, datasets).success
    assert counted_annotate == []
    fresh = tmp_path / "fresh"
    assert materialize_all(raw, fresh).success
    assert {t: store.latest(fresh, t) for t in TABLES} == {t: store.latest(datasets, t) for t in TABLES}
    assert _parquet_files(fresh) == _parquet_files(datasets)


def test_two_processes_fill_the_cache_in_worker_shards_with_the_same_bytes(tmp_path, monkeypatch, counted_annotate):
    """PIPELINE_N_PROCESS=2: two worker processes run the NLP stages a shard each, the build reads
    their results; the tables are those of a one-process build."""
    import dagster as dg
    from pipeline.defs.build import build_defs, execute_build

    monkeypatch.setattr(stages, "WORKERS_MIN_DOCS", 1)  # the samples are fewer than the threshold
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    two = tmp_path / "two"
    assert execute_build(build_defs(raw_dir=raw, datasets_dir=two, n_process=2), dg.DagsterInstance.ephemeral(),
                         raise_on_error=True).success
    assert counted_annotate == []                      # no document annotated in the build's own process
    one = tmp_path / "one"
    assert materialize_all(raw, one).success
    assert counted_annotate == [5]
    assert _parquet_files(one) == _parquet_files(two)


def test_a_failing_worker_costs_only_time(tmp_path, monkeypatch, capsys):
    """A worker that raises (here: a model that is not installed) is a warning, not a failed build:
    the documents it held stay uncached for the build to compute."""
    from pipeline.steps.ingest import ingest

    monkeypatch.setattr(stages, "WORKERS_MIN_DOCS", 1)
    monkeypatch.setattr(stages, "stage_fingerprint", lambda stage, model_name: f"{stage};test")
    raw_documents, _ = ingest(REPO / "raw", 10_000_000)
    documents = stages.clean_stage(raw_documents)["documents"]
    given = stages.prepare_in_workers(documents, 2, "no_such_model_package", tmp_path / "cache")
    assert given == len(documents) == 5
    assert capsys.readouterr().err.count("worker for shard") == 2
    cache = stages._cache(tmp_path / "cache", "figure_candidates", "no_such_model_package", ("figure_candidates",))
    assert cache.missing(documents) == 5


@pytest.fixture
def counted_clean(monkeypatch) -> list[int]:
    """Documents per call of the cleaning step."""
    return _count_documents(monkeypatch, "clean_documents")


def test_cleaning_is_cached_and_a_changed_sources_row_is_cleaned_again(tmp_path, counted_clean):
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    datasets = tmp_path / "datasets"
    assert materialize_all(raw, datasets).success
    assert counted_clean == [5]
    counted_clean.clear()
    (raw / "new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    assert materialize_all(raw, datasets).success
    assert counted_clean == [1]                        # the new file only
    sources = pd.read_csv(raw / "sources.csv", dtype=str)
    changed = sources.loc[0, "file"]
    sources.loc[0, "outlet"] = "The Renamed Gazette"
    sources.to_csv(raw / "sources.csv", index=False)
    counted_clean.clear()
    assert materialize_all(raw, datasets).success
    assert counted_clean == [1]                        # the file whose sources row changed
    documents = store.load(datasets, "documents").set_index("source")
    assert documents.loc[changed, "outlet"] == "The Renamed Gazette"
    fresh = tmp_path / "fresh"
    assert materialize_all(raw, fresh).success
    for table in TABLES:  # version ids are the SHA-256 of the bytes
        assert store.parquet_path(fresh, table, store.latest(fresh, table)).read_bytes() == \
            store.parquet_path(datasets, table, store.latest(datasets, table)).read_bytes(), table
