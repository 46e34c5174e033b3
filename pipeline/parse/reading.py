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


# A list item's marker ("• Reports suggest ..."): the tagger reads the glyph as a name and the word
# after it as part of that name.
LIST_MARKER = re.compile(r"^\s*[•·▪●◦‣*–—-]+(?=\s)")


def parse_text(unit: TextUnit) -> str:
    """The text the parser sees, the same length with the same offsets: a list marker blanked, and a
    Title-Case headline lower-cased word by word, since the tagger reads capitalised common words as
    names."""
    text = LIST_MARKER.sub(lambda m: " " * len(m.group(0)), unit.text)
    if unit.section == "body" or not _is_title_case(text):
        return text
    return re.sub(r"\b([A-Z])([a-z]+)", lambda m: m.group(1).lower() + m.group(2), text)
