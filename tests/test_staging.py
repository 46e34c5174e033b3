"""The run's staging record: what a build run produced, and the release that reads it (no Dagster)."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import store
from pipeline.schemas import TABLES, empty_frame
from pipeline.store import layout, staging


def rejected(tag: str) -> pd.DataFrame:
    return pd.DataFrame({"source": [f"{tag}.txt"], "raw_sha256": [None], "reason": ["empty"]})


def build_run(root, run_id: str, tag: str) -> dict[str, str]:
    """Publish every table for one run without moving LATEST (empty tables, but rejected differs)."""
    versions = {}
    for table in TABLES:
        frame = rejected(tag) if table == "rejected" else empty_frame(table)
        versions[table] = store.publish(root, table, frame, move_latest=False, run_id=run_id).version
    return versions


def test_release_pins_its_own_runs_versions_while_another_run_stages(tmp_path):
    first = build_run(tmp_path, "run-a", "a")
    second = build_run(tmp_path, "run-b", "b")          # staged later, by a concurrent build
    assert first["rejected"] != second["rejected"]
    rid = store.release_build(tmp_path, None, "0" * 64, runs=["run-a"])
    assert store.read_release(tmp_path, rid)["versions"] == first
    assert {t: store.latest(tmp_path, t) for t in TABLES} == first
    rid_b = store.release_build(tmp_path, None, "0" * 64, runs=["run-b"])
    assert store.read_release(tmp_path, rid_b)["versions"] == second
    assert store.releases(tmp_path) == [rid, rid_b]


def test_a_release_clears_its_runs_record_only(tmp_path):
    build_run(tmp_path, "run-a", "a")
    build_run(tmp_path, "run-b", "b")
    store.release_build(tmp_path, None, "0" * 64, runs=["run-a"])
    assert store.staged(tmp_path, ["run-a"]) == {}
    assert set(store.staged(tmp_path, ["run-b"])) == set(TABLES)


def test_a_reexecution_finds_what_its_parent_run_staged(tmp_path):
    parent = build_run(tmp_path, "parent", "p")
    child = store.publish(tmp_path, "rejected", rejected("c"), move_latest=False, run_id="child").version
    found = store.staged(tmp_path, ["child", "parent"])
    assert found["rejected"] == child                     # the run itself comes first
    assert found["documents"] == parent["documents"]
    assert store.run_versions(tmp_path, ["child", "parent"]) == {**parent, "rejected": child}


def test_a_table_the_run_did_not_build_keeps_its_latest(tmp_path):
    released = build_run(tmp_path, "full", "f")
    store.release_build(tmp_path, None, "0" * 64, runs=["full"])
    newer = store.publish(tmp_path, "rejected", rejected("n"), move_latest=False, run_id="partial").version
    assert store.run_versions(tmp_path, ["partial"]) == {**released, "rejected": newer}


def test_a_run_that_staged_nothing_cannot_release_an_empty_store(tmp_path):
    store.publish(tmp_path, "rejected", rejected("x"), move_latest=False, run_id="some-run")
    with pytest.raises(store.DatasetNotFound, match="documents"):
        store.release_build(tmp_path, None, "0" * 64, runs=["other-run"])
    assert store.releases(tmp_path) == []
    assert store.latest(tmp_path, "rejected") is None


def test_intermediates_are_stashed_and_staged(tmp_path):
    frame = pd.DataFrame({"doc_id": ["b", "a"], "text": ["two", "one"]})
    version = store.stash(tmp_path, "raw_documents", frame, run_id="run-1")
    assert store.staged(tmp_path, ["run-1"]) == {"raw_documents": version}
    pd.testing.assert_frame_equal(store.load_work(tmp_path, "raw_documents", version), frame)
    assert store.stash(tmp_path, "raw_documents", frame) == version  # content-addressed
    assert list(store.load_work(tmp_path, "raw_documents", version, columns=["text"]).columns) == ["text"]
    with pytest.raises(store.DatasetNotFound):
        store.load_work(tmp_path, "raw_documents", "0" * 16)


@pytest.mark.parametrize("run_id", ["../elsewhere", ".hidden", "a/b", ""])
def test_a_run_id_is_never_a_path(tmp_path, run_id):
    with pytest.raises(ValueError):
        staging.stage(tmp_path, run_id, "rejected", "0" * 16)
    assert not (tmp_path / layout.RUNS).exists() or not any((tmp_path / layout.RUNS).iterdir())


def test_damaged_staging_entries_are_ignored(tmp_path):
    staging.stage(tmp_path, "run-1", "rejected", "0123456789abcdef")
    (layout.run_dir(tmp_path, "run-1") / "documents").write_text("not a version\n")
    assert store.staged(tmp_path, ["run-1"]) == {"rejected": "0123456789abcdef"}
