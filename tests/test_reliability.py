"""Faults a real deployment meets: a writer killed with SIGKILL at every step of a publish, of a
release and of a whole build; a flipped byte in a published file; two builds and two writers at
once; an invalid row. Each fault is a plain function that returns the problems it found (an empty
list means the store survived), so bench/reliability.py can repeat them and count.

Kills use the store's testing seam: PIPELINE_CRASH_AT=<step>[@<n>] makes the child process SIGKILL
itself at that step (see store.faults.crash_point). Heavier variants run with PIPELINE_HEAVY=1.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline import store
from pipeline.schemas import TABLES

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "raw"
HEAVY = os.environ.get("PIPELINE_HEAVY") == "1"
KILLED = -signal.SIGKILL
BUILD_TIMEOUT = 300
SNIPPET_TIMEOUT = 120

# Kill points of a whole build: a step reached during the tables' publishes (the n-th time), and
# steps of the final release (release_build moves LATEST table by table, then writes the record).
BUILD_KILLS_DEFAULT = ("between_latest_moves@5",)
BUILD_KILLS_HEAVY = ("after_parquet@2", "after_rename@4", "before_rename@7", "before_latest@3", "after_latest@9",
                     "before_release_record")
RELEASE_KILLS = ("after_latest@1", "between_latest_moves", "before_latest@2", "before_release_record")


# ---- child processes -------------------------------------------------------------------------------

def child_env(crash_at: str | None = None) -> dict[str, str]:
    """The environment of a child: no Dagster home (an ephemeral instance), no inherited settings."""
    env = {k: v for k, v in os.environ.items()
           if k != "DAGSTER_HOME" and not k.startswith("PIPELINE_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    if crash_at:
        env[store.CRASH_ENV] = crash_at
    return env


def run_python(code: str, *args: str, crash_at: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=child_env(crash_at),
                          capture_output=True, text=True, timeout=SNIPPET_TIMEOUT)


def build_command(raw: Path, datasets: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--datasets", str(datasets), "--quiet"]


def run_build(raw: Path, datasets: Path, crash_at: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(raw, datasets), cwd=REPO, env=child_env(crash_at),
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT)


PUBLISH_SNIPPET = """
import json, sys
import pandas as pd
from pipeline import store
store.publish(sys.argv[1], sys.argv[2], pd.DataFrame(json.loads(sys.argv[3])))
"""

def release_frames(root, frames: dict[str, list[dict]], raw_sha256: str) -> str:
    """A build in miniature: publish each table without moving LATEST, then release them together."""
    versions = {t: store.publish(root, t, pd.DataFrame(rows), move_latest=False).version
                for t, rows in frames.items()}
    return store.release_build(root, versions, raw_sha256)


RELEASE_SNIPPET = """
import json, sys
import pandas as pd
from pipeline import store
frames = json.loads(sys.argv[2])
versions = {t: store.publish(sys.argv[1], t, pd.DataFrame(rows), move_latest=False).version
            for t, rows in frames.items()}
store.release_build(sys.argv[1], versions, sys.argv[3])
"""


# ---- frames and store checks -----------------------------------------------------------------------

def rejected_rows(tag: str, n: int = 3) -> list[dict]:
    return [{"source": f"{tag}/{i}.txt", "raw_sha256": None, "reason": "empty"} for i in range(n)]


def comments_rows(tag: str, n: int = 2) -> list[dict]:
    return [{"doc_id": f"{tag}doc", "comment_id": f"{tag}doc.c{i + 1}", "parent_id": None, "depth": 0,
             "author": f"reader {tag}", "text": f"comment {i} of {tag}", "line_start": 10 + i,
             "line_end": 10 + i} for i in range(n)]


def version_of(table: str, rows: list[dict]) -> str:
    return store.version_id(store.to_parquet_bytes(table, store.prepare(table, pd.DataFrame(rows))))


def same_rows(root: Path, table: str, rows: list[dict], **where) -> bool:
    expected = store.prepare(table, pd.DataFrame(rows))
    actual = store.load(root, table, **where)
    return actual.astype(object).where(actual.notna(), None).values.tolist() == \
        expected.astype(object).where(expected.notna(), None).values.tolist()


def temp_entries(root: Path) -> list[Path]:
    """Leftovers of a killed writer in table and release folders (the Dagster work and cache
    folders have their own writers)."""
    return [p for p in root.rglob(f"{store.TEMP_PREFIX}*")
            if ".work" not in p.relative_to(root).parts and ".cache" not in p.relative_to(root).parts]


def store_problems(root: Path) -> list[str]:
    """verify(), plus: every LATEST and every version loads completely, with the manifest's rows,
    and no half version is visible as a version."""
    problems = [f"verify: {p}" for p in store.verify(root)]
    for table in store.tables(root):
        folder = store.table_dir(root, table)
        visible = {p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")}
        if visible != set(store.versions(root, table)):
            problems.append(f"{table}: folders {sorted(visible)} are not the versions {store.versions(root, table)}")
        for version in store.versions(root, table):
            try:
                rows = len(store.load(root, table, version=version))
            except Exception as exc:
                problems.append(f"{table}/{version}: unreadable ({type(exc).__name__}: {exc})")
                continue
            if rows != store.read_manifest(root, table, version)["rows"]:
                problems.append(f"{table}/{version}: row count differs from the manifest")
        try:
            store.load(root, table)
        except Exception as exc:
            problems.append(f"{table}: LATEST unreadable ({type(exc).__name__}: {exc})")
    for rid in store.releases(root):
        for table in store.read_release(root, rid)["versions"]:
            try:
                store.load(root, table, release=rid)
            except Exception as exc:
                problems.append(f"release {rid}: {table} unreadable ({exc})")
    return problems


def latest_set(root: Path) -> dict[str, str | None]:
    return {t: store.latest(root, t) for t in store.tables(root)}


def release_two_tables(root, tag: str, raw_sha256: str) -> tuple[dict[str, str], str]:
    """Publish `rejected` and `comments` rows tagged `tag` and release them: (versions, release id)."""
    versions = {t: store.publish(root, t, pd.DataFrame(r), move_latest=False).version
                for t, r in (("rejected", rejected_rows(tag)), ("comments", comments_rows(tag)))}
    return versions, store.release_build(root, versions, raw_sha256)


def release_then_kill_the_next(root, step: str) -> tuple[dict[str, str], str, dict, subprocess.CompletedProcess]:
    """An old release of two tables, then a child releasing new rows of both, killed at `step`:
    (old versions, old release id, new rows, the child)."""
    old, rid = release_two_tables(root, "old", "0" * 64)
    new = {"rejected": rejected_rows("new", 2), "comments": comments_rows("new", 3)}
    child = run_python(RELEASE_SNIPPET, str(root), json.dumps(new), "1" * 64, crash_at=step)
    return old, rid, new, child


# ---- faults ----------------------------------------------------------------------------------------

def kill_publish(base: Path, step: str) -> list[str]:
    """A publish killed at `step`: readers keep the old version (the new one once LATEST moved),
    nothing half-written is visible, and the next publish completes without manual steps."""
    root = base / "datasets"
    old_rows, new_rows = rejected_rows("old"), rejected_rows("new", 2)
    old = store.publish(root, "rejected", pd.DataFrame(old_rows))
    new_version = version_of("rejected", new_rows)
    child = run_python(PUBLISH_SNIPPET, str(root), "rejected", json.dumps(new_rows), crash_at=step)
    problems = [] if child.returncode == KILLED else [f"child not killed (exit {child.returncode}): {child.stderr[-500:]}"]
    committed = step == "after_latest"
    expected_latest, expected_rows = (new_version, new_rows) if committed else (old.version, old_rows)
    if store.latest(root, "rejected") != expected_latest:
        problems.append(f"LATEST is {store.latest(root, 'rejected')}, expected {expected_latest}")
    elif not same_rows(root, "rejected", expected_rows):
        problems.append("LATEST rows are neither the old nor the new frame")
    problems += store_problems(root)
    store.publish(root, "rejected", pd.DataFrame(new_rows))
    if store.latest(root, "rejected") != new_version or not same_rows(root, "rejected", new_rows):
        problems.append("the next publish did not make the new frame LATEST")
    if temp_entries(root):
        problems.append(f"leftovers after the next publish: {temp_entries(root)}")
    problems += [f"after recovery: {p}" for p in store_problems(root)]
    return problems


def kill_release(base: Path, step: str) -> list[str]:
    """release_build of two tables killed at `step`: every LATEST is a complete version of the old or
    the new build, the newest release stays the old one (a consistent set) until the record is
    written, and running the release again completes it."""
    root = base / "datasets"
    old_versions, old_release, new, child = release_then_kill_the_next(root, step)
    old = {"rejected": rejected_rows("old"), "comments": comments_rows("old")}
    new_versions = {t: version_of(t, r) for t, r in new.items()}
    problems = [] if child.returncode == KILLED else [f"child not killed (exit {child.returncode}): {child.stderr[-500:]}"]
    for table in old:
        pointer = store.latest(root, table)
        if pointer not in (old_versions[table], new_versions[table]):
            problems.append(f"{table}: LATEST {pointer} is from neither build")
    if store.releases(root)[-1] != old_release:
        problems.append(f"newest release is {store.releases(root)[-1]}, expected the old {old_release}")
    for table, rows in old.items():
        if not same_rows(root, table, rows, release=old_release):
            problems.append(f"{table}: the old release no longer gives the old rows")
    problems += store_problems(root)
    release_frames(root, new, "1" * 64)
    newest = store.releases(root)[-1]
    if latest_set(root) != new_versions or store.read_release(root, newest)["versions"] != new_versions:
        problems.append("after the rerun LATEST and the newest release are not the new build")
    if temp_entries(root):
        problems.append(f"leftovers after the rerun: {temp_entries(root)}")
    problems += [f"after recovery: {p}" for p in store_problems(root)]
    return problems


def corpus(base: Path, name: str, files: list[str]) -> Path:
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copy2(RAW / file, folder / file)
    return folder


def sample_files() -> list[str]:
    return sorted(p.name for p in RAW.glob("*.txt"))


def corpora(base: Path) -> tuple[Path, Path]:
    """Two different small corpora: the first three and the last four sample articles."""
    files = sample_files()
    return corpus(base, "raw_a", files[:3]), corpus(base, "raw_b", files[-4:])


def corpus_files(raw: Path) -> list[str]:
    return sorted(p.name for p in raw.glob("*.txt"))


def release_files(root: Path, rid: str) -> list[str]:
    """The raw files a release was built from, read from its documents table."""
    return sorted(Path(s).name for s in store.load(root, "documents", release=rid)["source"])


def kill_build(base: Path, baseline: Path, crash_at: str) -> list[str]:
    """A whole build (corpus B over a store built from corpus A) killed at `crash_at`; then a normal
    build of B. `baseline` is a store built from A, copied so that it is not changed."""
    _, raw_b = corpora(base)
    root = base / "datasets"
    shutil.copytree(baseline, root, symlinks=True)
    before = latest_set(root)
    old_release = store.releases(root)[-1]
    child = run_build(raw_b, root, crash_at=crash_at)
    problems = [] if child.returncode == KILLED else [f"build not killed (exit {child.returncode}): {child.stderr[-800:]}"]
    if store.releases(root)[-1] != old_release:
        problems.append("the newest release changed although the build was killed")
    if crash_at.split("@")[0] in store.CRASH_POINTS[:4] and latest_set(root) != before:
        problems.append("LATEST moved although the build was killed before its release")
    problems += store_problems(root)
    child = run_build(raw_b, root)
    if child.returncode != 0:
        return problems + [f"the next build failed: {child.stderr[-800:]}"]
    newest = store.read_release(root, store.releases(root)[-1])
    if release_files(root, newest["release"]) != corpus_files(raw_b):
        problems.append("the newest release is not of corpus B")
    if latest_set(root) != newest["versions"]:
        problems.append("after the next build LATEST is not the newest release")
    if temp_entries(root):
        problems.append(f"leftovers after the next build: {temp_entries(root)}")
    problems += [f"after recovery: {p}" for p in store_problems(root)]
    return problems


def concurrent_builds(base: Path) -> list[str]:
    """Two builds of different corpora started together on one datasets folder: both finish (the
    store's lock serialises their writes), nothing is corrupt, and the LATEST set is exactly one
    build's release."""
    raw_a, raw_b = corpora(base)
    root = base / "datasets"
    children = [subprocess.Popen(build_command(raw, root), cwd=REPO, env=child_env(), text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) for raw in (raw_a, raw_b)]
    problems = []
    for child in children:
        _, err = child.communicate(timeout=BUILD_TIMEOUT)
        if child.returncode != 0:
            problems.append(f"a build failed (exit {child.returncode}): {err[-800:]}")
    problems += store_problems(root)
    records = [store.read_release(root, rid) for rid in store.releases(root)]
    built = sorted(release_files(root, r["release"]) for r in records)
    if built != sorted([corpus_files(raw_a), corpus_files(raw_b)]):
        problems.append(f"expected one release per build, found releases of {built}")
    current = latest_set(root)
    if set(current) != set(TABLES) or current not in [r["versions"] for r in records]:
        problems.append(f"the LATEST set is not one build's release: {current}")
    elif records and current != records[-1]["versions"]:
        problems.append("the newest release is not the LATEST set")
    return problems


def _publish_series(root: str, tag: str, count: int, start: float) -> None:
    while time.time() < start:
        time.sleep(0.001)
    for i in range(count):
        store.publish(root, "rejected", pd.DataFrame(rejected_rows(f"{tag}{i}", 2)))


def concurrent_publishes(base: Path, count: int = 10) -> list[str]:
    """Two processes publish `count` different frames each while this process keeps reading:
    no version lost or damaged, no LATEST move lost, and no read ever fails."""
    import multiprocessing

    root = base / "datasets"
    store.publish(root, "rejected", pd.DataFrame(rejected_rows("seed", 2)))
    context = multiprocessing.get_context("spawn")
    start = time.time() + 3.0
    workers = [context.Process(target=_publish_series, args=(str(root), tag, count, start)) for tag in ("l", "r")]
    for worker in workers:
        worker.start()
    read_errors: list[str] = []
    reads = 0
    while any(w.is_alive() for w in workers):
        try:
            frame = store.load(root, "rejected")
            reads += 1
            if len(frame) != 2:
                read_errors.append(f"a read saw {len(frame)} rows")
        except Exception as exc:
            read_errors.append(f"{type(exc).__name__}: {exc}")
    problems = [f"worker exit {w.exitcode}" for w in workers if (w.join() or w.exitcode) != 0]
    problems += read_errors[:5]
    expected = {version_of("rejected", rejected_rows(f"{tag}{i}", 2)) for tag in ("l", "r") for i in range(count)}
    if not expected <= set(store.versions(root, "rejected")):
        problems.append("a published version is missing")
    history = (store.table_dir(root, "rejected") / store.HISTORY).read_text().split()
    if len(history) != 2 * count + 1:
        problems.append(f"HISTORY has {len(history)} LATEST moves, expected {2 * count + 1}")
    if store.latest(root, "rejected") != history[-1]:
        problems.append("LATEST is not the last move")
    problems += store_problems(root)
    return problems if reads else problems + ["the reader never read"]


def flip_byte(base: Path, seed: int) -> list[str]:
    """A flipped bit in a random published file (Parquet, manifest, release record, LATEST,
    HISTORY): `datasets verify` exits 1 and names the file."""
    root = base / "datasets"
    versions = {t: store.publish(root, t, pd.DataFrame(r), move_latest=False).version
                for t, r in (("rejected", rejected_rows("x")), ("comments", comments_rows("x")))}
    store.release_build(root, versions, "2" * 64)
    chooser = random.Random(seed)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != store.LOCK)
    target = chooser.choice(files)
    data = bytearray(target.read_bytes())
    data[chooser.randrange(len(data))] ^= 1 << chooser.randrange(8)
    target.write_bytes(bytes(data))
    child = subprocess.run([sys.executable, "-m", "pipeline", "--datasets", str(root), "datasets", "verify"],
                           cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=SNIPPET_TIMEOUT)
    relative = target.relative_to(root)
    named = set()
    for alias in (p for p in files if p.stat().st_ino == target.stat().st_ino):  # hard links under .current/
        name = alias.relative_to(root)
        named |= {name.as_posix(), name.parent.as_posix() + "/", f"releases/{name.stem}", f"{name.parts[0]}/{alias.name}"}
        if alias.parent.name == store.RELEASES and alias.suffix == ".json":
            named.add(f"release {name.stem}")
    problems = []
    if child.returncode != 1:
        problems.append(f"verify exit {child.returncode} after flipping a bit of {relative}: {child.stdout[-300:]}")
    elif not any(n in child.stdout for n in named):
        problems.append(f"verify did not name {relative}: {child.stdout[-300:]}")
    return problems


def invalid_row_publish(base: Path, baseline: Path) -> list[str]:
    """A figures row with a qualifier outside the vocabulary, published through the store: refused
    with the table, the check and the row named; LATEST and the files unchanged."""
    root = base / "datasets"
    shutil.copytree(baseline, root, symlinks=True)
    before = latest_set(root)
    figures = store.load(root, "figures")
    bad = figures.head(1).copy()
    bad["figure_id"] = bad["figure_id"].astype(str) + "x"
    bad["qualifier"] = "somewhat_unheard_of"
    problems = []
    try:
        store.publish(root, "figures", pd.concat([figures, bad], ignore_index=True))
        problems.append("the invalid figures table was published")
    except store.ValidationFailed as exc:
        message = str(exc)
        for part in ("figures", "qualifier", "isin", "somewhat_unheard_of"):
            if part not in message:
                problems.append(f"the error does not name {part!r}")
    if latest_set(root) != before:
        problems.append("LATEST moved")
    return problems + store_problems(root)


# ---- tests -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("step", store.CRASH_POINTS)
def test_publish_killed_at_each_step(tmp_path, step):
    assert kill_publish(tmp_path, step) == []


@pytest.mark.parametrize("step", RELEASE_KILLS)
def test_release_killed_between_and_after_latest_moves(tmp_path, step):
    assert kill_release(tmp_path, step) == []


def test_kill_between_latest_moves_mixes_builds_but_the_release_stays_consistent(tmp_path):
    """The documented window: after the kill the two tables' LATEST come from different builds;
    a reader that wants a consistent set reads the newest release."""
    root = tmp_path / "datasets"
    old, rid, new, child = release_then_kill_the_next(root, "between_latest_moves")
    assert child.returncode == KILLED
    assert store.latest(root, "rejected") == version_of("rejected", new["rejected"])
    assert store.latest(root, "comments") == old["comments"]
    assert store.releases(root)[-1] == rid
    assert {t: store.resolve_version(root, t, release=rid) for t in old} == old


def test_crash_variable_unset_or_other_step_does_nothing(tmp_path):
    child = run_python(PUBLISH_SNIPPET, str(tmp_path), "rejected", json.dumps(rejected_rows("a")),
                       crash_at="between_latest_moves")
    assert child.returncode == 0, child.stderr
    assert store.latest(tmp_path, "rejected") == version_of("rejected", rejected_rows("a"))


@pytest.mark.parametrize("seed", range(12 if HEAVY else 4))
def test_verify_names_a_flipped_bit_in_any_published_file(tmp_path, seed):
    assert flip_byte(tmp_path, seed) == []


def test_verify_names_a_flipped_byte_in_a_parquet_file(tmp_path):
    root = tmp_path / "datasets"
    result = store.publish(root, "comments", pd.DataFrame(comments_rows("a")))
    data = bytearray(result.path.read_bytes())
    data[len(data) // 3] ^= 0xFF
    result.path.write_bytes(bytes(data))
    child = subprocess.run([sys.executable, "-m", "pipeline", "--datasets", str(root), "datasets", "verify"],
                           cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=SNIPPET_TIMEOUT)
    assert child.returncode == 1
    assert f"comments/{result.version}/comments.parquet" in child.stdout


def test_verify_names_a_changed_manifest_field_that_parses(tmp_path):
    root = tmp_path / "datasets"
    result = store.publish(root, "comments", pd.DataFrame(comments_rows("a")))
    manifest = result.path.parent / store.MANIFEST
    manifest.write_text(manifest.read_text().replace('"code_version": ""', '"code_version": "x"'))
    problems = store.verify(root)
    assert len(problems) == 1 and f"comments/{result.version}/manifest.json" in problems[0]


def test_concurrent_publishes_lose_nothing_while_read(tmp_path):
    assert concurrent_publishes(tmp_path, 10) == []


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A store built from corpus A by a normal build (a child process)."""
    base = tmp_path_factory.mktemp("baseline")
    raw_a, _ = corpora(base)
    root = base / "datasets"
    child = run_build(raw_a, root)
    assert child.returncode == 0, child.stderr[-2000:]
    assert store.verify(root) == []
    return root


@pytest.mark.parametrize("crash_at", BUILD_KILLS_DEFAULT + (BUILD_KILLS_HEAVY if HEAVY else ()))
def test_build_killed_then_next_build_recovers(tmp_path, baseline, crash_at):
    assert kill_build(tmp_path, baseline, crash_at) == []


def test_two_builds_at_once_release_one_consistent_set(tmp_path):
    assert concurrent_builds(tmp_path) == []


def test_invalid_row_is_refused_by_the_store(tmp_path, baseline):
    assert invalid_row_publish(tmp_path, baseline) == []


def test_invalid_row_fails_the_build_and_keeps_latest(tmp_path, baseline, monkeypatch, capsys):
    """Through the CLI's build: a figures row with an unknown qualifier (added to the frame the
    build prepares for the store) fails the run, the error names the table, the check and the failing
    row, and no LATEST moves."""
    from pipeline import cli

    root = tmp_path / "datasets"
    shutil.copytree(baseline, root, symlinks=True)
    before = latest_set(root)
    releases_before = store.releases(root)
    _, raw_b = corpora(tmp_path)
    real_prepare = store.prepare_table

    def prepare_with_bad_row(table, df):
        if table == "figures" and len(df):
            bad = df.head(1).copy()
            bad["figure_id"] = bad["figure_id"].astype(str) + "9"
            bad["qualifier"] = "somewhat_unheard_of"
            df = pd.concat([df, bad], ignore_index=True)
        return real_prepare(table, df)

    monkeypatch.setattr(store, "prepare_table", prepare_with_bad_row)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    import pipeline.defs.build as build_module

    results = []
    real_run_build = build_module.run_build

    def keep_result(*args, **kwargs):
        results.append(real_run_build(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(build_module, "run_build", keep_result)
    code = cli.main(["build", "--raw", str(raw_b), "--datasets", str(root), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert latest_set(root) == before
    assert store.releases(root) == releases_before
    assert store_problems(root) == []
    failure = next(e for e in results[0].all_events if e.is_step_failure)
    assert failure.step_key == "figures"
    chain, error = [], failure.event_specific_data.error
    while error is not None:
        chain.append(error.message)
        error = error.cause
    message = "\n".join(chain)
    for part in ("table 'figures' failed validation", "qualifier", "isin", "somewhat_unheard_of"):
        assert part in message, message[-2000:]
    assert "somewhat_unheard_of" in err  # the run's log on stderr shows the store's error
