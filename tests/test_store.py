"""The versioned Parquet store: validation before writing, content-addressed versions, atomic
LATEST, crash safety at every write step, concurrent writers, verify, diff, prune and releases."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline import schemas, store
from pipeline.store import faults

REPO = Path(__file__).resolve().parents[1]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def rejected_frame(sources=("b.txt", "a.txt", "c.txt"), reasons=None) -> pd.DataFrame:
    """Rows of the rejected table, deliberately not in key order."""
    reasons = reasons or ["empty", "binary", "duplicate_of:" + sha("x")[:16]][: len(sources)]
    return pd.DataFrame({
        "source": list(sources),
        "raw_sha256": [None if r == "empty" else sha(s) for s, r in zip(sources, reasons)],
        "reason": list(reasons),
    })


def documents_frame(n: int = 2, author=None) -> pd.DataFrame:
    rows = []
    for i in reversed(range(n)):
        raw = f"raw file {i}"
        body = f"Paragraph one of {i}.\n\nParagraph two."
        rows.append({
            "doc_id": sha(raw)[:16], "source": f"doc{i}.txt", "raw_sha256": sha(raw), "encoding": "utf-8",
            "title": f"Title {i}", "standfirst": None, "author": author, "outlet": "The Daily Example",
            "published": pd.Timestamp("2024-03-0%d" % (i + 1)) if i % 2 == 0 else pd.NaT,
            "url": None, "body": body, "n_paragraphs": 2, "n_words": len(body.split()),
            "raw_chars": len(body) + 10, "body_chars": len(body),
        })
    return pd.DataFrame(rows)


def entities_frame(aliases_b=("B", "Mr B")) -> pd.DataFrame:
    return pd.DataFrame({
        "entity_id": ["person:b", "org:a"], "name": ["B", "A"], "label": ["PERSON", "ORG"],
        "aliases": [list(aliases_b), ["A"]], "n_mentions": [2, 1], "n_documents": [1, 1],
    })


def visible_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != store.LOCK}


def temp_entries(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(store.TEMP_PREFIX)]


# ---- publish and load ------------------------------------------------------------------------------

def test_publish_then_load_round_trip(tmp_path):
    result = store.publish(tmp_path, "rejected", rejected_frame(), code_version="3", upstream={"documents": "abc"})
    assert result.created and result.rows == 3 and result.table == "rejected"
    assert result.path == tmp_path / "rejected" / result.version / "rejected.parquet"
    assert store.latest(tmp_path, "rejected") == result.version
    assert (tmp_path / "rejected" / "LATEST").read_text().strip() == result.version
    loaded = store.load(tmp_path, "rejected")
    assert loaded["source"].tolist() == ["a.txt", "b.txt", "c.txt"]  # sorted by the key
    assert loaded["reason"].tolist() == ["binary", "empty", "duplicate_of:" + sha("x")[:16]]
    assert pd.isna(loaded.loc[1, "raw_sha256"]) and loaded.loc[0, "raw_sha256"] == sha("a.txt")
    assert list(loaded.index) == [0, 1, 2]
    manifest = store.read_manifest(tmp_path, "rejected", result.version)
    assert manifest["rows"] == 3 and manifest["table"] == "rejected" and manifest["version"] == result.version
    assert manifest["sha256"] == hashlib.sha256(result.path.read_bytes()).hexdigest()
    assert manifest["sha256"].startswith(result.version)
    assert [(c["name"], c["type"]) for c in manifest["columns"]] == [
        ("source", "string"), ("raw_sha256", "string"), ("reason", "string")]
    assert manifest["upstream"] == {"documents": "abc"} and manifest["code_version"] == "3"
    assert set(manifest["created_by"]) >= {"pandas", "pyarrow"}
    assert pipeline.load("rejected", datasets_dir=tmp_path)["source"].tolist() == ["a.txt", "b.txt", "c.txt"]


def test_documents_types_and_nulls_survive(tmp_path):
    frame = documents_frame(3)
    result = store.publish(tmp_path, "documents", frame, extra={"model": "m", "model_version": "1.0"})
    loaded = store.load(tmp_path, "documents")
    expected = frame.sort_values("doc_id").reset_index(drop=True)
    assert loaded["doc_id"].tolist() == expected["doc_id"].tolist()
    as_text = lambda values: [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in values]
    assert as_text(loaded["published"]) == as_text(expected["published"])
    assert sorted(v for v in as_text(loaded["published"]) if v) == ["2024-03-01", "2024-03-03"]
    assert loaded["author"].isna().all() and (loaded["n_paragraphs"] == 2).all()
    schema = pq.read_schema(result.path)
    assert str(schema.field("published").type).startswith("timestamp")
    assert all(str(schema.field(c).type) == "string" for c in ("doc_id", "body", "author", "title"))
    assert schema.metadata is None or b"pandas" not in schema.metadata
    assert store.read_manifest(tmp_path, "documents", result.version)["extra"] == {"model": "m", "model_version": "1.0"}
    schemas.validate("documents", loaded)  # what readers get still meets the contract


def test_all_null_column_gets_the_same_type_as_a_full_one(tmp_path):
    empty_author = store.publish(tmp_path / "a", "documents", documents_frame(2, author=None))
    with_author = store.publish(tmp_path / "b", "documents", documents_frame(2, author="Jane Doe"))
    assert pq.read_schema(empty_author.path).field("author").type == pq.read_schema(with_author.path).field("author").type


def test_empty_table_publishes(tmp_path):
    result = store.publish(tmp_path, "rejected", schemas.empty_frame("rejected"))
    assert result.rows == 0 and store.load(tmp_path, "rejected").empty
    assert list(store.load(tmp_path, "rejected").columns) == ["source", "raw_sha256", "reason"]


def test_list_column_round_trips(tmp_path):
    store.publish(tmp_path, "entities", entities_frame())
    loaded = store.load(tmp_path, "entities")
    assert loaded["entity_id"].tolist() == ["org:a", "person:b"]
    assert [list(v) for v in loaded["aliases"]] == [["A"], ["B", "Mr B"]]


def test_second_publish_of_the_same_frame_writes_nothing(tmp_path):
    first = store.publish(tmp_path, "rejected", rejected_frame())
    before = visible_files(tmp_path)
    second = store.publish(tmp_path, "rejected", rejected_frame(sources=("c.txt", "a.txt", "b.txt"),
                                                                reasons=["duplicate_of:" + sha("x")[:16], "binary", "empty"]))
    assert second.version == first.version and not second.created and not second.latest_moved
    assert visible_files(tmp_path) == before
    assert store.versions(tmp_path, "rejected") == [first.version]


def test_republishing_an_old_version_moves_latest_back(tmp_path):
    old = store.publish(tmp_path, "rejected", rejected_frame())
    new = store.publish(tmp_path, "rejected", rejected_frame(sources=("z.txt",), reasons=["empty"]))
    assert store.latest(tmp_path, "rejected") == new.version
    again = store.publish(tmp_path, "rejected", rejected_frame())
    assert not again.created and again.latest_moved and store.latest(tmp_path, "rejected") == old.version
    assert (tmp_path / "rejected" / "HISTORY").read_text().split() == [old.version, new.version, old.version]


def test_publish_without_moving_latest_then_set_latest(tmp_path):
    old = store.publish(tmp_path, "rejected", rejected_frame())
    staged = store.publish(tmp_path, "rejected", rejected_frame(sources=("z.txt",), reasons=["empty"]),
                           move_latest=False)
    assert staged.created and store.latest(tmp_path, "rejected") == old.version
    assert store.set_latest(tmp_path, "rejected", staged.version)
    assert store.latest(tmp_path, "rejected") == staged.version
    assert not store.set_latest(tmp_path, "rejected", staged.version)
    with pytest.raises(store.DatasetNotFound):
        store.set_latest(tmp_path, "rejected", "0000000000000000")


def test_same_frame_gives_identical_bytes_in_another_root_and_process(tmp_path):
    one = store.publish(tmp_path / "one", "documents", documents_frame(3))
    two = store.publish(tmp_path / "two", "documents", documents_frame(3).iloc[::-1])
    assert one.version == two.version
    assert one.path.read_bytes() == two.path.read_bytes()
    assert (one.path.parent / "manifest.json").read_bytes() == (two.path.parent / "manifest.json").read_bytes()
    code = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from test_store import documents_frame\nfrom pipeline import store\n"
        "print(store.publish(sys.argv[3], 'documents', documents_frame(3)).version)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(REPO), str(Path(__file__).parent), str(tmp_path / "three")],
                         capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert out.stdout.strip() == one.version
    three = tmp_path / "three" / "documents" / one.version / "documents.parquet"
    assert three.read_bytes() == one.path.read_bytes()


def test_different_rows_give_a_different_version(tmp_path):
    a = store.publish(tmp_path, "rejected", rejected_frame())
    b = store.publish(tmp_path, "rejected", rejected_frame(reasons=["empty", "binary", "too_large"]))
    assert a.version != b.version
    assert store.versions(tmp_path, "rejected") == [a.version, b.version]


# ---- validation ------------------------------------------------------------------------------------

def test_invalid_frame_raises_and_writes_nothing(tmp_path):
    bad = rejected_frame()
    bad.loc[1, "reason"] = "looked_odd"
    bad.loc[2, "source"] = "broken-row.txt"
    bad.loc[2, "raw_sha256"] = "not-a-hash"
    with pytest.raises(store.ValidationFailed) as caught:
        store.publish(tmp_path, "rejected", bad)
    message = str(caught.value)
    assert "rejected" in message and "nothing was written" in message
    assert "reason_in_vocabulary" in message and "str_matches" in message
    assert "looked_odd" in message and "broken-row.txt" in message and "not-a-hash" in message
    assert caught.value.table == "rejected" and len(caught.value.failure_cases) == 2
    assert not (tmp_path / "rejected").exists()
    assert store.latest(tmp_path, "rejected") is None


def test_invalid_frame_keeps_the_old_version(tmp_path):
    good = store.publish(tmp_path, "documents", documents_frame(2))
    before = visible_files(tmp_path)
    bad = documents_frame(2)
    bad.loc[0, "doc_id"] = "NOT-HEX"
    bad.loc[1, "encoding"] = "latin-7"
    with pytest.raises(store.ValidationFailed, match="doc_id") as caught:
        store.publish(tmp_path, "documents", bad)
    assert "NOT-HEX" in str(caught.value) and "latin-7" in str(caught.value)
    assert visible_files(tmp_path) == before and not temp_entries(tmp_path)
    assert store.latest(tmp_path, "documents") == good.version


def test_frame_check_failure_is_named(tmp_path):
    pairs = pd.DataFrame({"entity_a": ["b"], "entity_b": ["a"], "n_sentences": [1], "n_documents": [1]})
    with pytest.raises(store.ValidationFailed, match="pair_ordered"):
        store.publish(tmp_path, "cooccurrences", pairs)


def test_unknown_table_is_refused(tmp_path):
    with pytest.raises(store.DatasetNotFound, match="unknown table"):
        store.publish(tmp_path, "nope", rejected_frame())


# ---- crashes ---------------------------------------------------------------------------------------

class SimulatedCrash(RuntimeError):
    pass


@pytest.mark.parametrize("step", store.CRASH_POINTS)
def test_crash_at_any_step_leaves_readers_on_a_complete_version(tmp_path, monkeypatch, step):
    old = store.publish(tmp_path, "rejected", rejected_frame())
    new_frame = rejected_frame(sources=("new.txt",), reasons=["empty"])

    def crash(name):
        if name == step:
            raise SimulatedCrash(name)

    monkeypatch.setattr(faults, "crash_point", crash)
    with pytest.raises(SimulatedCrash):
        store.publish(tmp_path, "rejected", new_frame)
    monkeypatch.setattr(faults, "crash_point", lambda name: None)

    if step == "after_latest":  # LATEST was already replaced: the commit point had passed
        assert store.load(tmp_path, "rejected")["source"].tolist() == ["new.txt"]
    else:
        assert store.latest(tmp_path, "rejected") == old.version
        assert store.load(tmp_path, "rejected")["source"].tolist() == ["a.txt", "b.txt", "c.txt"]
    # whatever is visible is complete and matches its manifest
    assert store.verify(tmp_path) == []
    for version in store.versions(tmp_path, "rejected"):
        assert not store.load(tmp_path, "rejected", version=version).empty
    visible = [p.name for p in (tmp_path / "rejected").iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert set(visible) == set(store.versions(tmp_path, "rejected"))
    if step in ("after_parquet", "after_manifest", "before_rename"):
        assert store.versions(tmp_path, "rejected") == [old.version]
        assert temp_entries(tmp_path)  # the half version is hidden, not gone

    recovered = store.publish(tmp_path, "rejected", new_frame)
    assert store.latest(tmp_path, "rejected") == recovered.version != old.version
    assert store.load(tmp_path, "rejected")["source"].tolist() == ["new.txt"]
    assert not temp_entries(tmp_path)
    assert store.verify(tmp_path) == []
    assert set(store.versions(tmp_path, "rejected")) == {old.version, recovered.version}


# ---- concurrency -----------------------------------------------------------------------------------

def _publish_series(root: str, series: str, count: int, barrier, results) -> None:
    barrier.wait()
    versions = []
    try:
        for i in range(count):
            frame = rejected_frame(sources=(f"{series}{i}.txt", f"{series}{i}b.txt"), reasons=["empty", "binary"])
            versions.append(store.publish(root, "rejected", frame).version)
    except Exception as exc:  # reported to the parent, which fails the test with it
        results.put((series, f"{type(exc).__name__}: {exc}"))
        return
    results.put((series, versions))


def test_two_processes_publishing_at_once(tmp_path):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    workers = [context.Process(target=_publish_series, args=(str(tmp_path), s, 12, barrier, results))
               for s in ("left", "right")]
    for worker in workers:
        worker.start()
    outcome = dict(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert set(outcome) == {"left", "right"}
    assert all(isinstance(v, list) for v in outcome.values()), outcome
    every = outcome["left"] + outcome["right"]
    assert len(set(every)) == 24
    assert sorted(store.versions(tmp_path, "rejected")) == sorted(every)
    assert store.latest(tmp_path, "rejected") in (outcome["left"][-1], outcome["right"][-1])
    assert len((tmp_path / "rejected" / "HISTORY").read_text().split()) == 24  # no LATEST move lost
    assert store.verify(tmp_path) == []
    assert not temp_entries(tmp_path)
    for version in every:
        assert len(store.load(tmp_path, "rejected", version=version)) == 2


def test_lock_timeout_is_a_clear_error(tmp_path):
    with store.locked(tmp_path, "hold for the test"):
        with pytest.raises(store.LockTimeout, match=r"\.lock.*hold for the test"):
            store.publish(tmp_path, "rejected", rejected_frame(), lock_timeout=0.2)
    assert store.latest(tmp_path, "rejected") is None
    assert store.publish(tmp_path, "rejected", rejected_frame(), lock_timeout=0.2).created


# ---- readers' errors -------------------------------------------------------------------------------

def test_load_errors_name_what_is_missing(tmp_path):
    with pytest.raises(store.DatasetNotFound, match="figures.*no LATEST"):
        store.load(tmp_path, "figures")
    published = store.publish(tmp_path, "rejected", rejected_frame())
    with pytest.raises(store.DatasetNotFound, match=f"no version 'feedbeef'.*{published.version}"):
        store.load(tmp_path, "rejected", version="feedbeef")
    with pytest.raises(store.DatasetNotFound, match="no release 'r1'"):
        store.load(tmp_path, "rejected", release="r1")
    with pytest.raises(ValueError):
        store.load(tmp_path, "rejected", release="r1", version=published.version)


# ---- releases --------------------------------------------------------------------------------------

def test_release_pins_versions(tmp_path):
    old = store.publish(tmp_path, "rejected", rejected_frame())
    docs = store.publish(tmp_path, "documents", documents_frame(2))
    rid = store.write_release(tmp_path, {"rejected": old.version, "documents": docs.version}, "f" * 64,
                              extra={"model": "m"})
    path = tmp_path / "releases" / f"{rid}.json"
    written = path.read_bytes()
    assert store.write_release(tmp_path, {"documents": docs.version, "rejected": old.version}, "f" * 64,
                               extra={"model": "m"}) == rid
    assert path.read_bytes() == written and store.releases(tmp_path) == [rid]
    record = store.read_release(tmp_path, rid)
    assert record["versions"] == {"rejected": old.version, "documents": docs.version}
    assert record["raw_sha256"] == "f" * 64 and record["extra"] == {"model": "m"}

    new = store.publish(tmp_path, "rejected", rejected_frame(sources=("z.txt",), reasons=["empty"]))
    assert store.load(tmp_path, "rejected")["source"].tolist() == ["z.txt"]
    assert store.load(tmp_path, "rejected", release=rid)["source"].tolist() == ["a.txt", "b.txt", "c.txt"]
    other = store.write_release(tmp_path, {"rejected": new.version}, "f" * 64)
    assert other != rid and store.releases(tmp_path) == [rid, other]
    with pytest.raises(store.DatasetNotFound, match="does not pin table 'documents'"):
        store.load(tmp_path, "documents", release=other)
    with pytest.raises(store.DatasetNotFound):
        store.write_release(tmp_path, {"rejected": "0123456789abcdef"}, "f" * 64)


# ---- verify ----------------------------------------------------------------------------------------

def test_verify_detects_a_flipped_byte(tmp_path):
    result = store.publish(tmp_path, "documents", documents_frame(3))
    assert store.verify(tmp_path) == []
    data = bytearray(result.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    result.path.write_bytes(bytes(data))
    problems = store.verify(tmp_path)
    assert len(problems) == 1
    assert f"documents/{result.version}" in problems[0] and "sha256" in problems[0]


def test_verify_detects_dangling_latest_and_release(tmp_path):
    import shutil

    result = store.publish(tmp_path, "rejected", rejected_frame())
    rid = store.write_release(tmp_path, {"rejected": result.version}, "0" * 64)
    shutil.rmtree(tmp_path / "rejected" / result.version)
    problems = store.verify(tmp_path)
    assert any("LATEST" in p and result.version in p for p in problems)
    assert any(rid in p and result.version in p for p in problems)
    assert any(p.startswith("rejected/HISTORY") for p in problems)  # names a version that is gone
    assert any(p.startswith("current/rejected.parquet") for p in problems)  # no longer the release's file
    assert len(problems) == 4


def test_verify_detects_a_manifest_that_lies_about_rows(tmp_path):
    result = store.publish(tmp_path, "rejected", rejected_frame())
    manifest_path = result.path.parent / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["rows"] = 99
    manifest_path.write_text(json.dumps(manifest))
    assert any("99" in p for p in store.verify(tmp_path))


# ---- diff ------------------------------------------------------------------------------------------

def test_diff_counts_added_removed_changed(tmp_path):
    a = store.publish(tmp_path, "rejected", rejected_frame(("a.txt", "b.txt", "c.txt"), ["binary", "empty", "empty"]))
    b = store.publish(tmp_path, "rejected", rejected_frame(("b.txt", "c.txt", "d.txt"), ["too_large", "empty", "empty"]))
    result = store.diff(tmp_path, "rejected", a.version, b.version)
    assert result["counts"] == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    assert result["added"]["source"].tolist() == ["d.txt"]
    assert result["removed"]["source"].tolist() == ["a.txt"]
    assert result["changed"]["source"].tolist() == ["b.txt"]
    assert result["changed"]["reason"].tolist() == ["too_large"]  # the new value
    assert result["changed"]["changed_columns"].tolist() == ["raw_sha256,reason"]
    same = store.diff(tmp_path, "rejected", a.version, a.version)
    assert same["counts"] == {"added": 0, "removed": 0, "changed": 0, "unchanged": 3}


def test_diff_sees_a_changed_list(tmp_path):
    a = store.publish(tmp_path, "entities", entities_frame(("B", "Mr B")))
    b = store.publish(tmp_path, "entities", entities_frame(("B", "Mr B", "Bee")))
    result = store.diff(tmp_path, "entities", a.version, b.version)
    assert result["counts"] == {"added": 0, "removed": 0, "changed": 1, "unchanged": 1}
    assert result["changed"]["entity_id"].tolist() == ["person:b"]
    assert result["changed"]["changed_columns"].tolist() == ["aliases"]


# ---- prune -----------------------------------------------------------------------------------------

def five_builds(root) -> list[str]:
    """Five releases of two tables; `comments` changes only in the fourth, so early releases share
    its version. Returns the release ids, oldest first."""
    rids = []
    for build in range(5):
        frames = {"rejected": rejected_frame((f"{build}.txt",), ["empty"]),
                  "comments": comments_frame("old" if build < 3 else f"new{build}")}
        versions = {t: store.publish(root, t, f, move_latest=False).version for t, f in frames.items()}
        rids.append(store.release_build(root, versions, f"{build}" * 64))
    return rids


def comments_frame(tag: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"{tag}doc"], "comment_id": [f"{tag}doc.c1"], "parent_id": [None], "depth": [0],
                         "author": [None], "text": [f"comment of {tag}"], "line_start": [3], "line_end": [3]})


def pinned_by(root, rids) -> dict[str, set[str]]:
    kept: dict[str, set[str]] = {}
    for rid in rids:
        for table, version in store.read_release(root, rid)["versions"].items():
            kept.setdefault(table, set()).add(version)
    return kept


def test_prune_keeps_the_newest_releases_the_pinned_one_and_what_they_need(tmp_path):
    rids = five_builds(tmp_path)
    store.pin(tmp_path, rids[1], "paper-2024")
    stray = store.publish(tmp_path, "rejected", rejected_frame(("stray.txt",), ["empty"]), move_latest=False).version
    expected = pinned_by(tmp_path, [rids[1], rids[3], rids[4]])
    planned = store.prune(tmp_path, keep=2, dry_run=True)
    assert len(store.releases(tmp_path)) == 5 and stray in store.versions(tmp_path, "rejected")
    removed = store.prune(tmp_path, keep=2)
    assert removed == planned
    assert set(store.releases(tmp_path)) == {rids[1], rids[3], rids[4]}
    assert store.releases(tmp_path)[-1] == rids[4] and store.current_release(tmp_path) == rids[4]
    for table in ("rejected", "comments"):
        assert set(store.versions(tmp_path, table)) == expected[table], table
    assert str(tmp_path / "rejected" / stray) in removed
    assert str(tmp_path / "releases" / f"{rids[0]}.json") in removed
    assert store.verify(tmp_path) == []
    assert store.load(tmp_path, "rejected", release=rids[1])["source"].tolist() == ["1.txt"]
    assert pd.read_parquet(tmp_path / "current" / "rejected.parquet")["source"].tolist() == ["4.txt"]
    assert store.unpin(tmp_path, "paper-2024") == rids[1]
    store.prune(tmp_path, keep=1)
    assert store.releases(tmp_path) == [rids[4]] and store.verify(tmp_path) == []
    assert set(store.versions(tmp_path, "comments")) == pinned_by(tmp_path, [rids[4]])["comments"]
    with pytest.raises(ValueError):
        store.prune(tmp_path, keep=-1)


def test_prune_keeps_latest_current_and_what_a_live_build_staged(tmp_path):
    rids = five_builds(tmp_path)
    staged = store.publish(tmp_path, "rejected", rejected_frame(("next.txt",), ["empty"]), move_latest=False,
                           run_id="build-in-flight").version
    store.set_latest(tmp_path, "comments", store.read_release(tmp_path, rids[0])["versions"]["comments"])
    store.prune(tmp_path, keep=0)
    assert store.releases(tmp_path) == [rids[4]]                     # current's release stays
    assert staged in store.versions(tmp_path, "rejected")            # the running build's version stays
    assert store.latest(tmp_path, "comments") in store.versions(tmp_path, "comments")
    assert store.verify(tmp_path) == []


def test_prune_removes_never_released_versions(tmp_path):
    current = store.publish(tmp_path, "rejected", rejected_frame()).version
    staged = store.publish(tmp_path, "rejected", rejected_frame(("z.txt",), ["empty"]), move_latest=False).version
    assert store.versions(tmp_path, "rejected") == [staged, current]
    assert store.prune(tmp_path, keep=1) == [str(tmp_path / "rejected" / staged)]
    assert store.versions(tmp_path, "rejected") == [current]
