"""Integrity end to end: a build never builds on, and never publishes, a corrupt byte.

Each fault is a plain function that returns the problems it found (an empty list means the store
held), so bench/reliability.py can repeat and count them. Faults are real: bits flipped in files on
disk, files swapped, pointers rewritten, processes killed with SIGKILL at a named step (the store's
PIPELINE_CRASH_AT seam), a write refused by a file-size limit as a full disk refuses it.
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline import store
from pipeline.schemas import TABLES
from pipeline.store import mirror, staging

from test_reliability import (KILLED, REPO, SNIPPET_TIMEOUT, build_command, child_env, comments_rows, corpora,
                              corpus_files, rejected_rows, release_files, release_then_kill_the_next,
                              release_two_tables, run_build, run_python)


def flip_bit(path: Path, chooser: random.Random) -> None:
    data = bytearray(path.read_bytes())
    data[chooser.randrange(len(data))] ^= 1 << chooser.randrange(8)
    path.write_bytes(bytes(data))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_store(baseline: Path, base: Path) -> Path:
    root = base / "datasets"
    shutil.copytree(baseline, root, symlinks=True)
    return root


def after_rebuild(root: Path, raw: Path, frames_before: dict[str, pd.DataFrame]) -> list[str]:
    """Rebuild from `raw`; the build must succeed and leave a store whose every table is sound and
    holds the rows it held before the damage."""
    return tables_as_before(root, run_build(raw, root), frames_before)


def tables_as_before(root: Path, child: subprocess.CompletedProcess, frames_before: dict[str, pd.DataFrame]) -> list[str]:
    """The build `child` succeeded and left every table sound, with the rows it held before."""
    if child.returncode != 0:
        return [f"the rebuild failed (exit {child.returncode}): {child.stderr[-800:]}"]
    problems = [f"verify: {p}" for p in store.verify(root)]
    for table, before in frames_before.items():
        manifest = store.read_manifest(root, table, store.latest(root, table))
        if sha256(store.parquet_path(root, table, store.latest(root, table))) != manifest["sha256"]:
            problems.append(f"{table}: LATEST's file does not match its manifest")
            continue
        now = store.load(root, table)
        if len(now) != manifest["rows"] or not now.equals(before):
            problems.append(f"{table}: {len(now)} rows after the rebuild, {len(before)} before the damage")
        if not pd.read_parquet(root / "current" / f"{table}.parquet").equals(before):
            problems.append(f"current/{table}.parquet is not the sound table")
    return problems


# ---- B1: a damaged version is never reused or read ----------------------------------------------

def reused_flipped_bit(base: Path, baseline: Path, seed: int) -> list[str]:
    """A bit flipped in LATEST's figures file, then a rebuild of the same corpus (which derives the
    same version id): the build rewrites the version and every table stays sound."""
    raw, _ = corpora(base)
    root = copy_store(baseline, base)
    before = {t: store.load(root, t) for t in TABLES}
    flip_bit(store.parquet_path(root, "figures", store.latest(root, "figures")), random.Random(seed))
    return after_rebuild(root, raw, before)


def swapped_documents(base: Path, baseline: Path) -> list[str]:
    """documents' file swapped for a valid Parquet file that leaves out one article: the rebuild
    rewrites it, and no table of the new release leaves the article out."""
    raw, _ = corpora(base)
    root = copy_store(baseline, base)
    before = {t: store.load(root, t) for t in TABLES}
    version = store.latest(root, "documents")
    shorter = store.to_parquet_bytes("documents", store.prepare("documents", before["documents"].iloc[1:]))
    store.parquet_path(root, "documents", version).write_bytes(shorter)
    problems = after_rebuild(root, raw, before)
    rid = store.releases(root)[-1]
    for table in ("documents", "sentences", "mentions", "figures"):
        released = store.load(root, table, release=rid)
        if set(released["doc_id"]) != set(before[table]["doc_id"]):
            problems.append(f"release {rid}: {table} covers {released['doc_id'].nunique()} documents, "
                            f"{before[table]['doc_id'].nunique()} before")
    return problems


def cache_payload(data: bytes) -> tuple[int, bytes]:
    """(offset, payload) of a cache entry: the Parquet bytes behind the entry's checksum line, if any."""
    start = data.index(b"\n") + 1 if data.startswith(b"sha256:") else 0
    return start, data[start:]


def flip_a_value(path: Path, chooser: random.Random, tries: int = 5000) -> bool:
    """Flip one bit of a cache entry's Parquet payload so that it still decodes, to other values."""
    data = path.read_bytes()
    start, payload = cache_payload(data)
    original = pq.read_table(pa.BufferReader(payload)).to_pandas()
    for _ in range(tries):
        pos = chooser.randrange(len(payload))
        flipped = bytearray(payload)
        flipped[pos] ^= 1 << chooser.randrange(8)
        try:
            changed = pq.read_table(pa.BufferReader(bytes(flipped))).to_pandas()
            if changed.shape == original.shape and not changed.equals(original):
                path.write_bytes(data[:start] + bytes(flipped))
                return True
        except Exception:  # a flip the Parquet reader refuses is not the fault under test
            continue
    return False


def flipped_cache_entry(base: Path, baseline: Path, seed: int) -> list[str]:
    """A bit flipped in a cached document's figure candidates, so that the entry still decodes to
    other values: `verify` names the entry, and a rebuild recomputes it (with a warning) and
    publishes the tables it published before."""
    raw, _ = corpora(base)
    root = copy_store(baseline, base)
    before = {t: store.load(root, t) for t in TABLES}
    chooser = random.Random(seed)
    entries = sorted(p for p in (root / ".cache" / "figure_candidates").rglob("*.*")
                     if not p.name.startswith(".") and len(pq.read_table(
                         pa.BufferReader(cache_payload(p.read_bytes())[1]))) > 0)
    if not entries:
        return ["no cached figure candidates to damage"]
    damaged = chooser.choice(entries)
    if not flip_a_value(damaged, chooser):
        return ["found no bit flip that still decodes"]
    problems = [] if any(damaged.name in p for p in store.verify(root)) else [f"verify did not name {damaged.name}"]
    child = run_build(raw, root)
    if damaged.name not in child.stderr:
        problems.append("the rebuild gave no warning naming the damaged entry")
    return problems + tables_as_before(root, child, before)


def damaged_reuse_is_refused(base: Path, seed: int) -> list[str]:
    """A release (or a build's read) of a version whose file has a flipped bit fails, naming the
    file; LATEST, current and the newest release stay as they were."""
    root = base / "datasets"
    old, old_release = release_two_tables(root, "old", "0" * 64)
    new = {"rejected": store.publish(root, "rejected", pd.DataFrame(rejected_rows("new")), move_latest=False).version,
           "comments": old["comments"]}
    damaged = store.parquet_path(root, "comments", old["comments"])
    flip_bit(damaged, random.Random(seed))
    problems = []
    for attempt, call in (("release", lambda: store.release_build(root, new, "1" * 64)),
                          ("read", lambda: store.load_checked(root, "comments", old["comments"]))):
        try:
            call()
            problems.append(f"the {attempt} of a damaged version went through")
        except store.DamagedStore as exc:
            if str(damaged) not in str(exc):
                problems.append(f"the {attempt}'s error does not name {damaged}: {exc}")
    if store.releases(root)[-1] != old_release or store.current_release(root) != old_release:
        problems.append("a release was made of a damaged version")
    if store.latest(root, "rejected") != old["rejected"]:
        problems.append("LATEST moved to a build with a damaged version")
    return problems


# ---- B3: a killed push is repaired by the next ----------------------------------------------------

def small_store(root: Path) -> None:
    _, rid = release_two_tables(root, "m", "3" * 64)
    store.pin(root, rid, "paper")


def push_command(root: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "--datasets", str(root), "datasets", "push", url]


def killed_push(base: Path, step: str) -> list[str]:
    """`datasets push` killed at `step`: verify on the mirror finds the damage, the next push
    repairs it, and then the mirror verifies clean and gives the local rows."""
    root, url = base / "datasets", f"file://{base / 'mirror'}"
    small_store(root)
    child = subprocess.run(push_command(root, url), cwd=REPO, env=child_env(step), capture_output=True,
                           text=True, timeout=SNIPPET_TIMEOUT)
    problems = [] if child.returncode == KILLED else [f"child not killed (exit {child.returncode}): {child.stderr[-300:]}"]
    if not mirror.verify(url):
        problems.append("verify found nothing wrong with the mirror a killed push left")
    again = subprocess.run(push_command(root, url), cwd=REPO, env=child_env(), capture_output=True, text=True,
                           timeout=SNIPPET_TIMEOUT)
    if again.returncode != 0:
        return problems + [f"the next push failed: {again.stderr[-300:]}"]
    problems += [f"mirror after the next push: {p}" for p in mirror.verify(url)]
    for table in store.tables(root):
        if not pipeline.load(table, datasets_dir=url).equals(store.load(root, table)):
            problems.append(f"{table}: the mirror's rows differ from the local ones")
    return problems


# ---- B4: LATEST is a bare version id --------------------------------------------------------------

def latest_holding_a_path(base: Path) -> list[str]:
    """LATEST rewritten to lead into another store: verify reports it, load() refuses it; a deleted
    LATEST of a table with versions is reported too."""
    root, other = base / "store", base / "other-store"
    store.publish(root, "rejected", pd.DataFrame(rejected_rows("ours")))
    theirs = store.publish(other, "rejected", pd.DataFrame(rejected_rows("theirs", 5))).version
    store.publish(root, "comments", pd.DataFrame(comments_rows("ours")))
    (root / "rejected" / "LATEST").write_text(f"../../other-store/rejected/{theirs}\n")
    (root / "comments" / "LATEST").unlink()
    problems = []
    found = store.verify(root)
    if not any(p.startswith("rejected/LATEST: damaged") for p in found):
        problems.append(f"verify passed a LATEST holding a path: {found}")
    if not any(p.startswith("comments/LATEST: missing") for p in found):
        problems.append(f"verify did not report the deleted LATEST: {found}")
    try:
        rows = len(pipeline.load("rejected", datasets_dir=root))
        problems.append(f"load() followed LATEST out of the store and read {rows} rows")
    except store.DamagedStore as exc:
        if "rejected/LATEST" not in str(exc):
            problems.append(f"the error does not name the file: {exc}")
    return problems


# ---- B5: each build reports its own release -------------------------------------------------------

def builds_report_their_own_release(base: Path) -> list[str]:
    """Build A is held just after its release (the store's pause seam) while build B releases; A
    must still print its own release and row counts, not B's, the store's newest."""
    raw_a, raw_b = corpora(base)
    root, flag = base / "datasets", base / "a-released"
    env = {**child_env(), store.PAUSE_ENV: f"after_release={flag}"}
    first = subprocess.Popen(build_command(raw_a, root), cwd=REPO, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not flag.exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    second = run_build(raw_b, root)
    flag.unlink(missing_ok=True)
    out, err = first.communicate(timeout=300)
    if first.returncode != 0 or second.returncode != 0:
        return [f"a build failed: {err[-400:]} {second.stderr[-400:]}"]
    problems = []
    for label, printed, raw in (("A", out, raw_a), ("B", second.stdout, raw_b)):
        rid = printed.split("release ", 1)[1].split()[0]
        if release_files(root, rid) != corpus_files(raw):
            problems.append(f"build {label} printed release {rid}, which is not of its corpus")
        for table, version in store.read_release(root, rid)["versions"].items():
            rows = store.read_manifest(root, table, version)["rows"]
            if f"{table:14s} {version}  {rows} rows" not in printed:
                problems.append(f"build {label} did not print {table}={version} ({rows} rows) of its release")
    return problems


# ---- B6: leftovers are removed by the next build --------------------------------------------------

def leftovers(root: Path) -> list[str]:
    found = [p for p in root.rglob(f"{store.TEMP_PREFIX}*") if ".cache" not in p.relative_to(root).parts]
    runs = root / ".runs"
    found += list(runs.iterdir()) if runs.is_dir() else []
    return sorted(str(p.relative_to(root)) for p in found)


def age_runs(root: Path, seconds: float) -> None:
    """Make every staging record look `seconds` old (time passing, without the wait)."""
    then = time.time() - seconds
    for path in [root / ".runs", *(root / ".runs").rglob("*")]:
        os.utime(path, (then, then), follow_symlinks=False)


def killed_builds_leave_nothing(base: Path, baseline: Path) -> list[str]:
    """Builds killed while stashing an intermediate and while publishing a table leave temporary
    files and a staging record; once the record is older than the quiet time, the next build
    removes all of them, under the lock."""
    _, raw_b = corpora(base)
    root = copy_store(baseline, base)
    problems = []
    for crash_at in ("work_before_rename@2", "after_parquet@3"):
        child = run_build(raw_b, root, crash_at=crash_at)
        if child.returncode != KILLED:
            problems.append(f"build not killed at {crash_at} (exit {child.returncode}): {child.stderr[-300:]}")
    left = leftovers(root)
    if not any(".work/" in p for p in left) or not any(p.startswith(".runs/") for p in left):
        problems.append(f"the kills left no temporary file in .work/ or no staging record: {left}")
    age_runs(root, staging.STALE_RUN_SECONDS + 60)
    child = run_build(raw_b, root)
    if child.returncode != 0:
        return problems + [f"the next build failed: {child.stderr[-500:]}"]
    if leftovers(root):
        problems.append(f"leftovers after the next build: {leftovers(root)}")
    return problems + [f"verify: {p}" for p in store.verify(root)]


FULL_DISK_SNIPPET = """
import hashlib, resource, signal, sys
import pandas as pd
from pipeline import store
rows = [{"source": f"big/{hashlib.sha256(str(i).encode()).hexdigest()}.txt", "raw_sha256": None, "reason": "empty"}
        for i in range(int(sys.argv[2]))]
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # a refused write fails with EFBIG, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), int(sys.argv[3])))
store.publish(sys.argv[1], "rejected", pd.DataFrame(rows))
"""


def full_disk_publish(base: Path) -> list[str]:
    """A publish whose writes are refused midway (file-size limit): the error reaches the caller,
    LATEST stays, and the half-written version is removed by the next release."""
    root = base / "datasets"
    versions, _ = release_two_tables(root, "old", "0" * 64)
    child = run_python(FULL_DISK_SNIPPET, str(root), "20000", "65536")
    problems = [] if child.returncode == 1 and "File too large" in child.stderr else [
        f"the refused write did not fail the publish (exit {child.returncode}): {child.stderr[-300:]}"]
    if store.latest(root, "rejected") != versions["rejected"]:
        problems.append("LATEST moved although the publish failed")
    if not leftovers(root):
        problems.append("the refused write left nothing to clean (the fault was not produced)")
    store.release_build(root, versions, "0" * 64)
    if leftovers(root):
        problems.append(f"leftovers after the next release: {leftovers(root)}")
    return problems + [f"verify: {p}" for p in store.verify(root)]


def a_live_run_is_kept(base: Path) -> list[str]:
    """A staging record held by a live process stays through a sweep however old it looks; once
    that process is SIGKILLed, the record goes."""
    root = base / "datasets"
    code = ("import sys, time\nfrom pipeline import store\nstore.claim(sys.argv[1], 'live-run')\n"
            "print('claimed', flush=True)\ntime.sleep(600)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(root)], cwd=REPO, env=child_env(),
                              stdout=subprocess.PIPE, text=True)
    problems = [] if holder.stdout.readline().strip() == "claimed" else ["the holder did not start"]
    age_runs(root, staging.STALE_RUN_SECONDS + 60)
    with store.locked(root):
        staging.sweep(root)
    if not (root / ".runs" / "live-run").is_dir():
        problems.append("the record of a live run was removed")
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    age_runs(root, staging.STALE_RUN_SECONDS + 60)
    with store.locked(root):
        staging.sweep(root)
    if (root / ".runs" / "live-run").exists():
        problems.append("the record of a killed run stayed")
    return problems


# ---- tests ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("integrity")
    raw_a, _ = corpora(base)
    child = run_build(raw_a, base / "datasets")
    assert child.returncode == 0, child.stderr[-2000:]
    return base / "datasets"


def test_a_flipped_bit_in_a_reused_version_is_rewritten(tmp_path, baseline):
    assert reused_flipped_bit(tmp_path, baseline, 0) == []


@pytest.mark.parametrize("seed", [0, 1])
def test_a_flipped_bit_in_a_cache_entry_is_recomputed_and_verify_names_it(tmp_path, baseline, seed):
    assert flipped_cache_entry(tmp_path, baseline, seed) == []


def test_a_swapped_documents_file_is_rewritten_before_anything_reads_it(tmp_path, baseline):
    assert swapped_documents(tmp_path, baseline) == []


@pytest.mark.parametrize("seed", range(3))
def test_a_damaged_version_is_never_released_or_read(tmp_path, seed):
    assert damaged_reuse_is_refused(tmp_path, seed) == []


@pytest.mark.parametrize("step", store.PUSH_CRASH_POINTS)
def test_a_killed_push_is_repaired_by_the_next(tmp_path, step):
    assert killed_push(tmp_path, step) == []


def test_verify_reads_a_memory_mirror(tmp_path):
    root = tmp_path / "datasets"
    small_store(root)
    url = "memory://integrity-test/datasets"
    mirror.push(root, url)
    assert mirror.verify(url) == []
    import fsspec

    fs = fsspec.filesystem("memory")
    version = store.latest(root, "comments")
    target = f"/integrity-test/datasets/comments/{version}/comments.parquet"
    data = bytearray(fs.cat_file(target))
    data[len(data) // 2] ^= 0x10
    fs.pipe_file(target, bytes(data))
    assert any(f"comments/{version}/comments.parquet" in p for p in mirror.verify(url))
    fs.rm("/integrity-test", recursive=True)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the probe goes


@pytest.mark.parametrize("url", ["s3://no-such-bucket/datasets", "ftp://127.0.0.1:{port}/datasets",
                                 "nosuchscheme://x/y"])
def test_an_unusable_mirror_is_a_one_line_error(tmp_path, url):
    root = tmp_path / "datasets"
    small_store(root)
    url = url.format(port=closed_port())
    for command in (push_command(root, url), [sys.executable, "-m", "pipeline", "--datasets", url, "datasets", "verify"]):
        done = subprocess.run(command, cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=SNIPPET_TIMEOUT)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert url in done.stderr


def test_latest_must_be_a_bare_version_id(tmp_path):
    assert latest_holding_a_path(tmp_path) == []


def test_each_of_two_racing_builds_reports_its_own_release(tmp_path):
    assert builds_report_their_own_release(tmp_path) == []


def test_leftovers_of_killed_builds_are_removed_by_the_next(tmp_path, baseline):
    assert killed_builds_leave_nothing(tmp_path, baseline) == []


def test_a_full_disk_leaves_nothing_after_the_next_release(tmp_path):
    assert full_disk_publish(tmp_path) == []


def test_a_live_runs_record_stays_and_a_killed_ones_goes(tmp_path):
    assert a_live_run_is_kept(tmp_path) == []


def test_a_release_killed_before_current_moves_leaves_the_old_current_whole(tmp_path):
    root = tmp_path / "datasets"
    old, old_release, _, child = release_then_kill_the_next(root, "before_current")
    assert child.returncode == KILLED
    assert store.current_release(root) == old_release != store.releases(root)[-1]
    for table, version in old.items():
        assert os.path.samefile(root / "current" / f"{table}.parquet", store.parquet_path(root, table, version))
    assert store.verify(root) == []
    newest = store.read_release(root, store.releases(root)[-1])
    store.release_build(root, newest["versions"], newest["raw_sha256"])
    assert store.current_release(root) == newest["release"] and store.verify(root) == []
