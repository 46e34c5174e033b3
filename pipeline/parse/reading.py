"""What the parser reads: a title, standfirst or body sentence, and the text handed to spaCy."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TextUnit:
    """A title, standfirst or body sentence, and where its offsets point."""

    doc_id: str
    section: str
    sent_id: str | None
    base: int  # offset of the text inside the field the figure offsets index
    text: str
    published: date | None = None  # the document's publication date, that "last year" is read against


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def parse_text(unit: TextUnit) -> str:
    """The text the parser sees: a Title-Case headline is lower-cased word by word (same length, same
    offsets), since the tagger reads capitalised common words as names."""
    if unit.section == "body" or not _is_title_case(unit.text):
        return unit.text
    return re.sub(r"\b([A-Z])([a-z]+)", lambda m: m.group(1).lower() + m.group(2), unit.text)
