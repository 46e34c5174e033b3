"""Reading raw files: decoding, the sources.csv sidecar, and every kind of bad input."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from pipeline import schemas
from pipeline.steps import ingest

ARTICLE = "A headline\n\nThe first paragraph of the article.\n"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _reasons(rejected: pd.DataFrame) -> dict[str, str]:
    return dict(zip(rejected["source"], rejected["reason"]))


def test_samples_ingest_cleanly(sample_raw):
    docs, rejected = ingest.ingest(sample_raw, 10 * 2**20)
    assert len(docs) == 5 and rejected.empty
    for row in docs.itertuples():
        data = (sample_raw / row.source).read_bytes()
        assert row.raw_sha256 == ingest.sha256_bytes(data)
        assert row.doc_id == row.raw_sha256[:16]
        assert row.text == data.decode("utf-8")


def test_cp1252_fallback_is_recorded(tmp_path):
    _write(tmp_path, "a.txt", "Caf\u00e9 prices rose \u201cfast\u201d\n".encode("cp1252"))
    docs, rejected = ingest.ingest(tmp_path, 1000)
    assert rejected.empty
    assert docs.loc[0, "encoding"] == "cp1252"
    assert docs.loc[0, "text"].startswith("Caf\u00e9 prices rose \u201cfast")


def test_utf8_bom_is_stripped(tmp_path):
    _write(tmp_path, "a.txt", b"\xef\xbb\xbf" + ARTICLE.encode())
    docs, _ = ingest.ingest(tmp_path, 1000)
    assert docs.loc[0, "encoding"] == "utf-8-sig" and docs.loc[0, "text"] == ARTICLE


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "empty"),
        ("nul.txt", b"some text\x00more text", "binary"),
        ("controls.txt", bytes(range(1, 9)) * 50, "binary"),
        ("big.txt", b"word " * 400, "too_large"),
        ("undecodable.txt", b"bad \x81\x8d\x8f byte", "undecodable"),
    ],
)
def test_bad_file_is_rejected_and_batch_continues(tmp_path, name, data, reason):
    _write(tmp_path, "good.txt", ARTICLE.encode())
    _write(tmp_path, name, data)
    docs, rejected = ingest.ingest(tmp_path, max_bytes=1000)
    assert list(docs["source"]) == ["good.txt"]
    assert _reasons(rejected)[name].split(":")[0] == reason
    schemas.validate("rejected", rejected)


def test_duplicates_keep_first_by_path(tmp_path):
    _write(tmp_path, "b.txt", ARTICLE.encode())
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "sub/c.txt", ARTICLE.encode())
    docs, rejected = ingest.ingest(tmp_path, 1000)
    assert list(docs["source"]) == ["a.txt"]
    doc_id = docs.loc[0, "doc_id"]
    assert _reasons(rejected) == {"b.txt": f"duplicate_of:{doc_id}", "sub/c.txt": f"duplicate_of:{doc_id}"}


def test_directory_named_like_article_and_link_outside(tmp_path):
    raw = tmp_path / "raw"
    _write(raw, "good.txt", ARTICLE.encode())
    (raw / "folder.txt").mkdir()
    outside = _write(tmp_path, "secret.txt", b"outside the raw folder")
    os.symlink(outside, raw / "link.txt")
    os.symlink(raw / "good.txt", raw / "inside_link.txt")
    docs, rejected = ingest.ingest(raw, 1000)
    reasons = _reasons(rejected)
    assert reasons["folder.txt"].startswith("not_a_file")
    assert reasons["link.txt"].startswith("outside_raw_dir")
    assert reasons["inside_link.txt"].startswith("duplicate_of:")
    assert list(docs["source"]) == ["good.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path):
    _write(tmp_path, "good.txt", ARTICLE.encode())
    locked = _write(tmp_path, "locked.txt", b"text")
    locked.chmod(0)
    docs, rejected = ingest.ingest(tmp_path, 1000)
    assert _reasons(rejected)["locked.txt"].startswith("unreadable")


def test_unreadable_file_via_os_error(tmp_path, monkeypatch):
    """A read that fails (permissions, a file vanishing mid-run) is a rejection, not a crash."""
    _write(tmp_path, "good.txt", ARTICLE.encode())
    _write(tmp_path, "gone.txt", b"text")
    real_open = open

    def failing_open(path, *args, **kwargs):
        if str(path).endswith("gone.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    docs, rejected = ingest.ingest(tmp_path, 1000)
    assert _reasons(rejected)["gone.txt"] == "unreadable: Permission denied"
    assert list(docs["source"]) == ["good.txt"]


def test_sources_csv_fills_metadata(tmp_path):
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "b.txt", b"Other headline\n\nAnother body.\n")
    _write(tmp_path, "sources.csv", b"file,url,outlet,published\na.txt,https://example.org/a,Example News,2015-08-21\n")
    docs, rejected = ingest.ingest(tmp_path, 1000)
    assert rejected.empty
    row = docs.set_index("source").loc["a.txt"]
    assert row["outlet"] == "Example News" and row["url"] == "https://example.org/a"
    assert row["published"] == pd.Timestamp("2015-08-21")
    assert pd.isna(docs.set_index("source").loc["b.txt", "outlet"])


def test_malformed_sources_csv_is_reported_not_fatal(tmp_path):
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "sources.csv", b"\xff\xfe\x00garbage")
    docs, rejected = ingest.ingest(tmp_path, 1000)
    assert len(docs) == 1
    assert _reasons(rejected)["sources.csv"].startswith("sources_file")


def test_fingerprint_ignores_touch_and_sees_content(tmp_path):
    path = _write(tmp_path, "a.txt", ARTICLE.encode())
    before = ingest.fingerprint(tmp_path)
    os.utime(path, (1, 1))
    assert ingest.fingerprint(tmp_path) == before
    path.write_bytes(ARTICLE.replace("first", "second").encode())
    after = ingest.fingerprint(tmp_path)
    assert after != before and set(after) == set(before)
    assert ingest.corpus_sha256(after) != ingest.corpus_sha256(before)


def test_bbc_duplicates_all_rejected(bbc_corpus):
    docs, rejected = ingest.ingest(bbc_corpus, 10 * 2**20)
    reasons = rejected["reason"].str.split(":").str[0]
    assert (reasons == "duplicate_of").sum() == 98
    assert len(docs) + (reasons == "duplicate_of").sum() == 2225
    assert _reasons(rejected)["README.TXT"].startswith("not_an_article")
    assert len(rejected) == 99
    assert docs["raw_sha256"].is_unique
    assert (docs["encoding"] == "cp1252").sum() == 1


def test_html_pages_are_ingested_beside_text(tmp_path):
    (tmp_path / "a.txt").write_text("Bridge opens\n\nThe bridge opened on Monday.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>The bridge opened.</p></body></html>", encoding="utf-8")
    (tmp_path / "c.htm").write_text("<html><body><p>The road closed.</p></body></html>", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    docs, rejected = ingest.ingest(tmp_path, 10_000)
    assert sorted(docs["source"]) == ["a.txt", "b.html", "c.htm"]
    assert rejected["source"].tolist() == ["notes.md"] and rejected["reason"][0].startswith("not_an_article")


def test_control_share_counts_exactly_the_non_whitespace_controls():
    """The share is that of Unicode category Cc without tab, newline, return, form feed, vertical tab."""
    import sys
    import unicodedata

    from pipeline.steps.ingest import _control_share

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    controls = sum(1 for ch in every if ch not in "\t\n\r\f\v" and unicodedata.category(ch) == "Cc")
    assert controls == 60
    assert _control_share(every) == controls / len(every)
    assert _control_share("a\tb\nc\x07\x85") == 2 / 7
    assert _control_share("") == 0.0
