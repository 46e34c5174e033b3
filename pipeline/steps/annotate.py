"""Sentences and raw named-entity mentions of each document, from one NER + senter pass.

Each body paragraph is a spaCy doc of its own (one longer than nlp.MAX_CHARS, several, cut at
sentence ends), so a sentence never crosses a paragraph and its offsets into the body are the
paragraph's (or piece's) offset plus spaCy's. The title goes through the same pass
for its mentions. Numbers, dates and times are not named entities and never become mentions.
"""
from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from pipeline import nlp
from pipeline.schemas import ENTITY_LABELS, columns, row_id, rows_of

PARAGRAPH_SEP = "\n\n"

SENTENCE_COLUMNS = columns("sentences")
RAW_MENTION_COLUMNS = ["doc_id", "section", "sent_id", "char_start", "char_end", "text", "label",
                       "sent_start", "sent_text"]


def paragraph_spans(body: str) -> Iterator[tuple[int, int, str]]:
    """(paragraph index, offset in body, paragraph text) for each paragraph of a clean body."""
    offset = 0
    for index, para in enumerate(body.split(PARAGRAPH_SEP)):
        if para:
            yield index, offset, para
        offset += len(para) + len(PARAGRAPH_SEP)


def _units(documents: pd.DataFrame) -> Iterator[tuple[str, tuple]]:
    for doc_id, title, body in rows_of(documents, ["doc_id", "title", "body"]):
        if isinstance(title, str) and title.strip():
            yield title, (doc_id, "title", -1, 0)
        for para_id, offset, para in paragraph_spans(body or ""):
            for start, piece in nlp.pieces(para):  # a paragraph longer than spaCy takes, in pieces
                yield piece, (doc_id, "body", para_id, offset + start)


def annotate(
    documents: pd.DataFrame, model_name: str, n_process: int = 1, batch_size: int = 64
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split bodies into sentences and find named-entity mentions in titles and bodies.

    Returns (sentences, raw_mentions). Raw mentions carry the sentence text and its offset so that
    alias resolution can look at the words around a mention without another spaCy pass.
    """
    sentences: list[tuple] = []
    mentions: list[tuple] = []
    counters: dict[str, int] = {}
    for doc, (doc_id, section, para_id, offset) in nlp.pipe(
        _units(documents), model_name, "ner", n_process=n_process, batch_size=batch_size
    ):
        for sent in doc.sents:
            text = sent.text.rstrip()
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if not text:
                continue
            start = offset + sent.start_char + lead
            if section == "body":
                index = counters.get(doc_id, 0)
                counters[doc_id] = index + 1
                sid = row_id("sentences", doc_id, index)
                sentences.append((sid, doc_id, para_id, start, start + len(text), text))
            else:
                sid = None
            for ent in sent.ents:
                if ent.label_ not in ENTITY_LABELS:
                    continue
                mentions.append((doc_id, section, sid, offset + ent.start_char, offset + ent.end_char,
                                 ent.text, ent.label_, start, text))
    return (
        pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        pd.DataFrame(mentions, columns=RAW_MENTION_COLUMNS),
    )
