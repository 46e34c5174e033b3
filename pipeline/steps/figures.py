"""Numeric claims: where each figure is, what it counts, the event it belongs to, who said it.

Two steps. `figure_candidates` works document by document (and is cached per document):
`numbers.find_numbers` finds and normalises the figures of every title, standfirst and body
sentence, and only the texts that hold a figure go through spaCy's dependency parse, which gives
what each figure counts (parse.counted), its event (parse.event), whether it is hedged
(parse.hedged), its direction of change (parse.direction) and the mention span of its speaker
(parse.speaker); periods come from text.periods. A bare number standing for a noun left out ("24%
of people voted Conservative, 76% didn't") counts what the figure before it in the sentence counts.

`attach_speakers` then joins the candidates to the corpus-wide mentions: `attributed_to` is the
entity of the PERSON or ORG mention over the speaker's span, so only this join waits for entity
resolution.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd

from pipeline import nlp
from pipeline.parse.counted import (ELLIPSIS_DEPS, ELLIPSIS_KINDS, IMPLIED_PERSON_NOUN, counted_in_rate,
                                    counted_token, figure_head, figure_tokens, has_person_clause, noun_phrase,
                                    of_object)
from pipeline.parse.direction import figure_direction
from pipeline.parse.event import event_lemma
from pipeline.parse.hedged import HEDGED_QUALIFIERS, is_hedged
from pipeline.parse.reading import TextUnit, parse_text
from pipeline.parse.speaker import SPEAKER_LABELS, MentionSpan, SpeakerContext, attribution
from pipeline.schemas import KEYS, columns, row_id, rows_of
from pipeline.text.numbers import NumberMatch, find_numbers
from pipeline.text.periods import periods_of

SECTION_ORDER = {"title": 0, "standfirst": 1, "body": 2}

# Kinds that never state a change (an age is a level).
UNDIRECTED_KINDS = frozenset({"age"})

# A candidate is a figures row whose speaker is still a span of the text: the section (title,
# standfirst or body) and the offsets of the mention at the subject, null when no one speaks.
SPEAKER_COLUMNS = ("speaker_section", "speaker_start", "speaker_end")
# figures.where repeats section under its former name; only the published table carries it.
FORMER_SECTION_COLUMN = "where"
CANDIDATE_COLUMNS = [name for column in columns("figures") if column != FORMER_SECTION_COLUMN
                     for name in (SPEAKER_COLUMNS if column == "attributed_to" else (column,))]


# What figure extraction reads of the raw mentions (where a speaker's span is and its label): the
# build loads only these columns, not the span and sentence texts.
SPEAKER_MENTION_COLUMNS = ["doc_id", "section", "char_start", "char_end", "label"]


def _published_dates(documents: pd.DataFrame) -> dict[str, date | None]:
    if "published" not in documents:
        return {}
    stamps = pd.to_datetime(documents["published"], errors="coerce")
    return {doc_id: (None if pd.isna(t) else t.date()) for doc_id, t in zip(documents["doc_id"], stamps)}


def _text_units(documents: pd.DataFrame, sentences: pd.DataFrame) -> Iterator[TextUnit]:
    published = _published_dates(documents)
    for row in documents.itertuples(index=False):
        for section in ("title", "standfirst"):
            text = getattr(row, section, None)
            if isinstance(text, str) and text.strip():
                yield TextUnit(row.doc_id, section, None, 0, text, published.get(row.doc_id))
    if len(sentences):
        ordered = sentences.sort_values(["doc_id", "char_start", "sent_id"], kind="stable")
        for doc_id, sent_id, start, text in rows_of(ordered, ["doc_id", "sent_id", "char_start", "text"]):
            yield TextUnit(doc_id, "body", sent_id, int(start), text, published.get(doc_id))


def speaker_context(raw_mentions: pd.DataFrame | None, sentences: pd.DataFrame) -> SpeakerContext:
    """Index the mentions that can speak and the body sentences, once per extraction. Labels are
    the model's: a party tagged NORP is taken for an organisation, as resolution will mostly have it."""
    index: dict[tuple[str, str], list[MentionSpan]] = {}
    if raw_mentions is not None and len(raw_mentions):
        for doc_id, section, start, end, label in rows_of(raw_mentions, SPEAKER_MENTION_COLUMNS):
            label = "ORG" if label == "NORP" else label
            if label in SPEAKER_LABELS:
                index.setdefault((doc_id, section), []).append(MentionSpan(section, int(start), int(end), label))
    for spans in index.values():
        spans.sort(key=lambda m: (m.start, m.end))
    bodies: dict[str, list[tuple[int, int, str]]] = {}
    if len(sentences):
        ordered = sentences.sort_values(["doc_id", "char_start"], kind="stable")
        for doc_id, start, end, text in rows_of(ordered, ["doc_id", "char_start", "char_end", "text"]):
            bodies.setdefault(doc_id, []).append((int(start), int(end), text))
    return SpeakerContext(index, bodies)


def _what_is_counted(unit: TextUnit, match: NumberMatch, head, inside: set[int],
                     occupied: frozenset[int]) -> tuple[Any, str | None, bool]:
    """(counted noun token, counted phrase, elided): the noun, a rate's own noun, people for a
    "who" clause, or nothing, marked elided when the figure stands for a noun said before it."""
    noun = counted_token(head, inside, occupied - inside)
    if noun is not None:
        return noun, noun_phrase(noun, inside, unit.text), False
    if counted_in_rate(match) is not None:
        return None, counted_in_rate(match), False
    if has_person_clause(head):
        return None, IMPLIED_PERSON_NOUN, False
    elided = match.kind in ELLIPSIS_KINDS and head.dep_ in ELLIPSIS_DEPS and of_object(head) is None
    return None, None, elided


def figure_record(unit: TextUnit, match: NumberMatch, doc: Any, context: SpeakerContext,
                  occupied: frozenset[int] = frozenset()) -> dict:
    """One candidate row (without figure_id) for a match in a parsed text unit; `occupied` holds the
    token indexes of every figure of the text."""
    tokens = figure_tokens(doc, match)
    head = figure_head(tokens, match)
    counted = event = speaker = direction = None
    elided = False
    hedged = match.qualifier in HEDGED_QUALIFIERS
    if head is not None:
        inside = {t.i for t in tokens}
        noun, counted, elided = _what_is_counted(unit, match, head, inside, occupied)
        event = event_lemma(head, noun)
        direction = figure_direction(head, inside, match.kind) if match.kind not in UNDIRECTED_KINDS else None
        speaker = attribution(unit, head, context)
        hedged = is_hedged(match, tokens, head, noun)
    return {
        "doc_id": unit.doc_id, "section": unit.section, "sent_id": unit.sent_id,
        "char_start": unit.base + match.start, "char_end": unit.base + match.end, "text": match.text,
        "kind": match.kind, "value": match.value, "low": match.low, "high": match.high,
        "unit": match.unit, "unit_text": match.unit_text, "qualifier": match.qualifier,
        "direction": direction, "period": None, "counted": counted, "event": event,
        "speaker_section": speaker.section if speaker else None,
        "speaker_start": speaker.start if speaker else None, "speaker_end": speaker.end if speaker else None,
        "hedged": bool(hedged),
        "_order": (SECTION_ORDER[unit.section], unit.base + match.start, match.end), "_elided": elided,
    }


def fill_elided(records: list[dict]) -> list[dict]:
    """A bare figure standing for a noun said just before ("24% of people voted Conservative, 76%
    didn't"; "from under 200,000 members to over half a million") counts what the nearest earlier
    figure of the same text, kind and unit counts."""
    for i, record in enumerate(records):
        if record["counted"] is None and record["_elided"]:
            for earlier in reversed(records[:i]):
                if (earlier["kind"], earlier["unit"]) == (record["kind"], record["unit"]) and earlier["counted"]:
                    record["counted"] = earlier["counted"]
                    break
    return records


def _candidate_frame(records: list[dict]) -> pd.DataFrame:
    """Candidate rows with figure ids numbering each document's figures in reading order, sorted by
    the figures key."""
    records = sorted(records, key=lambda r: (r["doc_id"], r["_order"]))
    counters: dict[str, int] = {}
    for r in records:
        n = counters.get(r["doc_id"], 0)
        counters[r["doc_id"]] = n + 1
        r["figure_id"] = row_id("figures", r["doc_id"], n)
    frame = pd.DataFrame(records, columns=CANDIDATE_COLUMNS)
    frame = frame.astype({"char_start": "int64", "char_end": "int64", "value": "float64", "low": "float64",
                          "high": "float64", "hedged": "bool", "speaker_start": "Int64", "speaker_end": "Int64"})
    return frame.sort_values(KEYS["figures"], kind="stable").reset_index(drop=True)


def figure_candidates(documents: pd.DataFrame, sentences: pd.DataFrame, raw_mentions: pd.DataFrame,
                      model_name: str, n_process: int = 1, batch_size: int = 64) -> pd.DataFrame:
    """Every figure of every title, standfirst and body sentence, its speaker as a mention span.

    Offsets index the title, the standfirst or documents.body, as `section` says; figure ids number
    each document's figures in reading order. Only texts holding a figure are parsed. `raw_mentions`
    are the model's mentions (doc_id, section, char_start, char_end, label), before corpus-wide
    resolution.
    """
    found = [(unit, matches) for unit in _text_units(documents, sentences)
             if (matches := find_numbers(unit.text))]
    context = speaker_context(raw_mentions, sentences)
    items = ((parse_text(unit), i) for i, (unit, _) in enumerate(found))
    records: list[dict] = []
    for doc, i in nlp.pipe(items, model_name, "parse", n_process=n_process, batch_size=batch_size):
        unit, matches = found[i]
        occupied = frozenset(t.i for match in matches for t in figure_tokens(doc, match))
        unit_records = fill_elided([figure_record(unit, match, doc, context, occupied) for match in matches])
        for record, period in zip(unit_records, periods_of(unit.text, [(m.start, m.end) for m in matches],
                                                            unit.published)):
            record["period"] = period
        records.extend(unit_records)
    return _candidate_frame(records)


def attach_speakers(candidates: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The figures table: each candidate's speaker span replaced by the resolved entity of the
    first mention over that span, if it is a person or an organisation; else null."""
    spans: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for doc_id, section, start, end, label, entity_id in rows_of(
            mentions, ["doc_id", "section", "char_start", "char_end", "label", "entity_id"]):
        if label in SPEAKER_LABELS:
            spans.setdefault((doc_id, section), []).append((int(start), int(end), entity_id))

    def speaker(doc_id: str, section, start, end) -> str | None:
        if not isinstance(section, str):
            return None
        return next((entity_id for m0, m1, entity_id in spans.get((doc_id, section), [])
                     if m0 < int(end) and m1 > int(start)), None)

    attributed = [speaker(*row) for row in rows_of(candidates, ["doc_id", *SPEAKER_COLUMNS])]
    out = candidates.drop(columns=list(SPEAKER_COLUMNS))
    out["attributed_to"] = pd.Series(attributed, index=out.index, dtype="object")
    out[FORMER_SECTION_COLUMN] = out["section"]
    return out[columns("figures")]
