"""Word, number and symbol tokens of a text, with the spacing between them, for the number parser."""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN_RE = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?[½¼¾⅓⅔]?|\d+(?:\.\d+)?[½¼¾⅓⅔]?|[½¼¾⅓⅔])"
    r"|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)*)"
    r"|(?P<sym>\S)"
)
_POSSESSIVE_ENDINGS = ("'s", "’s")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: str    # num, word or sym
    low: str     # lowercase, possessive stripped
    core_end: int  # end without a possessive "'s"


def tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        word = m.group()
        start, end = m.span()
        if kind == "word" and len(word) > 2 and word.endswith(_POSSESSIVE_ENDINGS):
            tokens.append(Token(word, start, end, kind, word[:-2].lower(), end - 2))
        else:
            tokens.append(Token(word, start, end, kind, word.lower().replace("’", "'"), end))
    return tokens


_PHRASE_INDEXES: dict[int, dict[str, list[tuple[str, ...]]]] = {}


def phrase_index(table: dict) -> dict[str, list[tuple[str, ...]]]:
    """Phrases of a table grouped by first word, longest first (built once per table)."""
    index = _PHRASE_INDEXES.get(id(table))
    if index is None:
        index = {}
        for phrase in sorted(table, key=len, reverse=True):
            index.setdefault(phrase[0], []).append(phrase)
        _PHRASE_INDEXES[id(table)] = index
    return index


def match_phrase(tokens: list[Token], i: int, table: dict) -> tuple[tuple[str, ...], int] | None:
    """Longest phrase of `table` (lowercase token tuples) starting at token i, and the end index."""
    for phrase in phrase_index(table).get(tokens[i].low, ()):
        end = i + len(phrase)
        if end <= len(tokens) and all(tokens[i + k].low == phrase[k] for k in range(1, len(phrase))) \
                and tight(tokens, i, end):
            return phrase, end
    return None


def tight(tokens: list[Token], i: int, end: int) -> bool:
    """True when tokens i..end-1 sit on one line with at most one space between them."""
    return all(tokens[k].start - tokens[k - 1].end <= 1 for k in range(i + 1, end))


def adjacent(a: Token, b: Token) -> bool:
    return a.end == b.start


def spaced(a: Token, b: Token, text: str) -> bool:
    gap = text[a.end:b.start]
    return gap in (" ", "\u00a0", "\u202f")
