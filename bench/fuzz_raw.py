"""Fuzz the parts of a build that see raw input, over random raw folders.

    .venv/bin/python bench/fuzz_raw.py --cases 10000 --builds 20 --workers 2 --seed 0  # the run in RELIABILITY.md
    .venv/bin/python bench/fuzz_raw.py --case 1234 --seed 0                  # replay one case

Each case is a raw folder made from its own seed: random trees (up to 1,100 folders deep), names
(any case, trailing blanks, hidden, unicode, no extension), encodings (UTF-8 with and without BOM,
UTF-16, UTF-32, cp1252, bytes that are none), sizes (empty to past the size limit, one very long
line), links, folders named like articles, duplicates, and a sources.csv of random and hostile rows.
Every case goes through ingest -> clean, and the tables of each GROUP of cases (sources prefixed with
the case) are validated against their Pandera models, published to a fresh store and verified (a
Pandera call costs the same for one row or a hundred, so one call per case would triple the run).
The first --builds cases also go through the whole build (`python -m pipeline build`). A case
passes when nothing raises, the build exits 0, every file under raw/ is a document or a row of
`rejected` (or lies in a folder that is one), none is both, and its group publishes and verifies.
"""
from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import schemas, store  # noqa: E402
from pipeline.steps import clean, ingest  # noqa: E402

MAX_BYTES = 200_000
GROUP = 10  # cases whose tables are published to one store together (validation costs per call)
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted((REPO / "raw").glob("*.txt"))]
EXTENSIONS = (".txt", ".txt", ".txt", ".TXT", ".Txt", ".txt ", ".html", ".HTM", ".md", ".csv", ".jpg", "")
STEMS = ("story", "Café_ünïcode", "a b c", "-dash", "=formula", "README", "日本語", "x" * 200, "UPPER", "0")
BOILERPLATE = ("Home", "News", "Sport", "Share this article", "Advertisement", "Sign up for our newsletter",
               "Cookie settings", "Privacy policy", "© 2024 Example Media Ltd. All rights reserved.")
ENCODINGS = ("utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "cp1252")


def text_of(rng: random.Random) -> str:
    """Random page text: a sample article, damaged or not, boilerplate, random characters, HTML, one long line."""
    kind = rng.choice(("sample", "sample", "mutated", "boilerplate", "random", "html", "long_line", "blank"))
    sample = rng.choice(SAMPLES)
    if kind == "sample":
        return sample
    if kind == "mutated":
        chars = list(sample)
        for _ in range(rng.randrange(1, 50)):
            chars[rng.randrange(len(chars))] = chr(rng.choice((rng.randrange(32, 0x2FFF), rng.randrange(0, 32))))
        return "".join(chars)
    if kind == "boilerplate":
        return "\n".join(rng.choices(BOILERPLATE, k=rng.randrange(1, 12)))
    if kind == "random":
        return "".join(chr(rng.randrange(1, 0xD7FF)) for _ in range(rng.randrange(0, 400)))
    if kind == "html":
        paras = "".join(f"<p>{p}</p>" for p in sample.split("\n\n")[:rng.randrange(1, 6)])
        return f"<!DOCTYPE html><html><head><title>T</title></head><body><article>{paras}</article></body></html>"
    if kind == "long_line":
        words = " ".join(sample.split())
        return (words + " ") * rng.choice((1, 2, 5, 300))  # past ingest.MAX_LINE_CHARS at 300
    return rng.choice(("", " ", "\n\n\t\n"))


def bytes_of(rng: random.Random, others: list[bytes]) -> bytes:
    """Random file bytes: a text in a random encoding, raw noise, NUL bytes, or a duplicate."""
    roll = rng.random()
    if roll < 0.08 and others:
        return rng.choice(others)
    if roll < 0.14:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 2000)))
    if roll < 0.17:
        return b"text\x00with NUL\x00" * rng.randrange(1, 20)
    data = text_of(rng).encode(rng.choice(ENCODINGS), errors="replace")
    if rng.random() < 0.03:
        data = data * (MAX_BYTES // max(1, len(data)) + 2)  # past the size limit
    return data


def name_of(rng: random.Random) -> str:
    stem = rng.choice(STEMS) + str(rng.randrange(1000))
    name = stem + rng.choice(EXTENSIONS)
    return "." + name if rng.random() < 0.05 else name


def folder_of(rng: random.Random, raw: Path) -> Path:
    roll = rng.random()
    if roll < 0.01:
        depth = rng.randrange(900, 1100)
    elif roll < 0.4:
        depth = rng.randrange(1, 4)
    else:
        return raw
    parts = [rng.choice(("d", "Sub", ".hidden", "deep", "folder.txt")) for _ in range(depth)]
    return raw.joinpath(*parts) if depth < 50 else raw.joinpath(*(["d"] * depth))


def sources_csv(rng: random.Random, names: list[str]) -> str:
    """A sidecar of random rows: good ones, hostile URLs, formulas, odd dates, damaged quoting, shifted columns."""
    urls = ("https://example.org/a", "http://news.example.com/x?y=1", "javascript:alert(1)",
            "data:text/html,<b>x</b>", "BBC", "", "ftp://example.org/f", "https://exa mple.org")
    outlets = ("Example News", "=HYPERLINK(\"http://x\")", "+972 Magazine", "@handle", "", "O'Reilly, \"The\"")
    dates = ("2020-02-01", "2020-02-01T10:30:00+01:00", "01/02/2020", "13/02/2020", "yesterday", "2020-13-45",
             "Sat, 01 Feb 2020 10:30:00 +0000", "9999-12-31", "", "0001-01-01")
    lines = ["file,url,outlet,published"] if rng.random() < 0.9 else [rng.choice(("url,file", "", "file,file"))]
    for _ in range(rng.randrange(0, len(names) + 3)):
        fields = [rng.choice(names + ["missing.txt", ""]) if names else "x.txt",
                  rng.choice(urls), rng.choice(outlets), rng.choice(dates)]
        line = ",".join('"' + f.replace('"', '""') + '"' if ("," in f or '"' in f) else f for f in fields)
        roll = rng.random()
        if roll < 0.05:
            line = line.replace(",", ',"', 1)  # an unclosed quote
        elif roll < 0.1:
            line = ",".join(fields[:3])  # a column short
        lines.append(line)
    return "\n".join(lines) + "\n"


def special_entry(rng: random.Random, raw: Path, outside: Path, made: list[Path]) -> None:
    kind = rng.choice(("link_out", "link_in", "broken_link", "dir_named", "fifo"))
    path = raw / f"special{rng.randrange(1000)}.txt"
    if path.exists() or path.is_symlink():
        return
    if kind == "link_out":
        os.symlink(outside, path)
    elif kind == "link_in" and made:
        os.symlink(rng.choice(made), path)
    elif kind == "broken_link":
        os.symlink(raw / "nowhere.txt", path)
    elif kind == "dir_named":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)


def make_folders(raw: Path, folder: Path) -> None:
    """mkdir -p without recursion (pathlib's recurses once per missing level)."""
    current = raw
    for part in folder.relative_to(raw).parts:
        current = current / part
        if not current.is_dir():
            current.mkdir()


def make_case(rng: random.Random, raw: Path, outside: Path) -> None:
    raw.mkdir(parents=True)
    made: list[Path] = []
    contents: list[bytes] = []
    for _ in range(rng.randrange(0, 7)):
        folder = folder_of(rng, raw)
        make_folders(raw, folder)
        path = folder / name_of(rng)
        if path.exists():
            continue
        data = bytes_of(rng, contents)
        path.write_bytes(data)
        contents.append(data)
        made.append(path)
    if rng.random() < 0.15:
        special_entry(rng, raw, outside, made)
    if rng.random() < 0.5:
        names = [p.relative_to(raw).as_posix() for p in made]
        data = sources_csv(rng, names).encode("utf-8") if rng.random() < 0.95 else bytes([0xFF, 0xFE, 0x00, 0x41])
        (raw / ingest.SOURCES_FILE).write_bytes(data)


def files_under(raw: Path) -> list[str]:
    """Every non-folder entry under raw (sources.csv aside), walked without recursion, as ingest names them."""
    found, stack = [], [raw]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = (Path(folder) / entry.name).relative_to(raw).as_posix()
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(folder) / entry.name)
                    if entry.name.lower().rstrip().endswith(ingest.RAW_SUFFIXES):
                        found.append(rel)  # a folder named like an article is listed too
                elif rel != ingest.SOURCES_FILE:
                    found.append(rel)
    return [ingest._shown_name(r) for r in found]


def accounting_problems(raw: Path, documents: pd.DataFrame, rejected: pd.DataFrame) -> list[str]:
    docs, rej = set(documents["source"]), set(rejected["source"])
    problems = [f"{s}: both a document and rejected" for s in sorted(docs & rej)]
    listed = docs | rej
    for rel in files_under(raw):
        if rel not in listed and not {p.as_posix() for p in Path(rel).parents} & rej:
            problems.append(f"{rel[:120]}: neither a document nor rejected")
    return problems


def remove_tree(root: Path) -> None:
    """shutil.rmtree recurses once per folder level; this walks deepest first with a stack."""
    order, stack = [], [root]
    while stack:
        folder = stack.pop()
        order.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                else:
                    os.unlink(entry.path)
    for folder in reversed(order):
        os.rmdir(folder)


def clean_case(raw: Path) -> tuple[list[str], dict[str, pd.DataFrame]]:
    """ingest -> clean for one raw folder; (accounting problems, the tables)."""
    raw_documents, ingest_rejected = ingest.ingest(raw, MAX_BYTES)
    tables = clean.reject_empty_bodies(clean.clean_documents(raw_documents), ingest_rejected)
    return accounting_problems(raw, tables["documents"], tables["rejected"]), tables


def group_tables(by_case: dict[int, dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The tables of several cases as one of each: sources prefixed with the case, and a document
    that two cases share (the same bytes, so the same doc_id) kept once, with its rows."""
    owner: dict[str, int] = {}
    for case, tables in by_case.items():
        for doc_id in tables["documents"]["doc_id"]:
            owner.setdefault(doc_id, case)
    merged = {}
    for name in ("documents", "removed", "comments", "rejected"):
        frames = []
        for case, tables in by_case.items():
            frame = tables[name]
            if name != "rejected":
                frame = frame[frame["doc_id"].map(owner) == case]
            if "source" in frame:
                frame = frame.assign(source=f"case{case}/" + frame["source"])
            frames.append(frame)
        frame = pd.concat(frames, ignore_index=True)
        merged[name] = frame.sort_values(schemas.KEYS[name], kind="stable").reset_index(drop=True)
    return merged


def publish_and_verify(root: Path, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Publish every table (each validated against its Pandera model first), then verify the store."""
    for name, frame in tables.items():
        store.publish(root, name, frame)
    return [f"verify: {p}" for p in store.verify(root)]


def run_build(raw: Path, root: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME" and not k.startswith("PIPELINE_")}
    env["PIPELINE_MAX_BYTES"] = str(MAX_BYTES)
    child = subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--datasets", str(root),
                            "--quiet"], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    if child.returncode != 0:
        return [f"build exit {child.returncode}: {child.stderr[-600:]}"]
    documents = pd.read_parquet(root / "current" / "documents.parquet")
    rejected = pd.read_parquet(root / "current" / "rejected.parquet")
    return [f"verify: {p}" for p in store.verify(root)] + accounting_problems(raw, documents, rejected)


def one_case(seed: int, case: int, base: Path, build: bool) -> tuple[list[str], dict[str, pd.DataFrame] | None]:
    """(problems, tables) of one case, made and removed under `base`."""
    rng = random.Random(f"{seed}:{case}")
    folder = base / f"case{case}"
    outside = base / "outside.txt"
    outside.write_text("a file outside the raw folder")
    try:
        make_case(rng, folder / "raw", outside)
        try:
            problems, tables = clean_case(folder / "raw")
            if build and not problems:
                problems = run_build(folder / "raw", folder / "built")
        except Exception as exc:  # noqa: BLE001 - a failure of the case, reported with its seed
            return [f"raised {type(exc).__name__}: {str(exc)[:300]}"], None
        return problems, tables
    finally:
        remove_tree(folder)


def run_group(job: tuple[int, list[int], int, str]) -> tuple[list[tuple[int, list[str]]], collections.Counter]:
    """Cases one after another, then their tables published to a fresh store and verified; returns
    ([(case, problems)] of failed cases, rejected reasons)."""
    seed, cases, builds, tmp = job
    base = Path(tmp) / f"worker{os.getpid()}"
    base.mkdir(exist_ok=True)
    failures, tables, reasons = [], {}, collections.Counter()
    for case in cases:
        problems, found = one_case(seed, case, base, case < builds)
        if problems:
            failures.append((case, problems))
        if found is not None:
            tables[case] = found
            reasons.update(r.split(":")[0] for r in found["rejected"]["reason"])
    root = base / "datasets"
    try:
        problems = publish_and_verify(root, group_tables(tables)) if tables else []
    except Exception as exc:  # noqa: BLE001 - a failure of the group, reported with its cases
        problems = [f"raised {type(exc).__name__}: {str(exc)[:300]}"]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if problems:
        failures.append((cases[0], [f"cases {cases[0]}-{cases[-1]} published together: " + "; ".join(problems[:3])]))
    return failures, reasons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--builds", type=int, default=50, help="how many of the first cases also go through a whole build")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--case", type=int, help="replay this one case")
    parser.add_argument("--workers", type=int, default=1, help="processes running cases side by side")
    args = parser.parse_args()
    cases = [args.case] if args.case is not None else list(range(args.cases))
    reasons: collections.Counter = collections.Counter()
    failed, done, started = 0, 0, time.perf_counter()
    shm = Path("/dev/shm")  # a memory file system where there is one: the cases are small and many
    with tempfile.TemporaryDirectory(prefix="fuzz_raw_", dir=shm if shm.is_dir() else None) as tmp:
        jobs = [(args.seed, cases[i:i + GROUP], args.builds, tmp) for i in range(0, len(cases), GROUP)]
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            for failures, found in pool.imap_unordered(run_group, jobs, chunksize=1):
                done += GROUP
                reasons.update(found)
                failed += len(failures)
                for case, problems in failures:
                    print(f"case {case} (seed {args.seed}) failed: " + "; ".join(problems[:5]), flush=True)
                if done % 1000 == 0:
                    print(f"... {done} cases, {failed} failed, {time.perf_counter() - started:.0f} s", flush=True)
    done = len(cases)
    elapsed = time.perf_counter() - started
    shown = ", ".join(f"{r} {c}" for r, c in reasons.most_common())
    print(f"{done} cases (seed {args.seed}, {min(args.builds, len(cases))} through the whole build, "
          f"{args.workers} worker(s)): {failed} failed, {elapsed:.0f} s; rejected by reason: {shown}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
