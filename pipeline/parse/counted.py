"""What a figure counts: the noun it quantifies, found on the dependency parse.

From the number's head token, follow a nummod/quantmod/compound link to the noun it modifies, or,
when the number is itself a noun ("thousands", "24%", "half"), descend through "of" to the noun it
partitions ("tens of thousands of rogues" -> "rogues"). The phrase keeps the noun's adjectival and
compound modifiers, never the determiners or the figure itself. A bare number with a "who" relative
clause ("the 3,100 who have been refused") counts people; "half of whom" takes the noun just before
it.
"""
from __future__ import annotations

from typing import Any

from pipeline.schemas import RATE_UNITS
from pipeline.text.numbers import NumberMatch
from pipeline.text.units import PER_WORDS

NOUN_POS = frozenset({"NOUN", "PROPN"})
# Links from a number to the noun it quantifies.
NUMBER_TO_NOUN_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod", "poss"})
# Modifiers of the counted noun kept in the phrase.
NOUN_PHRASE_DEPS = frozenset({"amod", "compound"})
# Modifiers that quantify rather than describe, never part of the counted phrase.
QUANTITY_WORDS = frozenset({"many", "more", "most", "few", "fewer", "less", "least", "several", "some",
                            "other", "such", "same", "much", "only", "just", "almost", "nearly"})
# Nouns that partition another noun through "of": "24% of people", "half of them".
PARTITIVE_NOUNS = frozenset({
    "%", "percent", "cent", "per", "half", "third", "quarter", "fifth", "tenth", "fraction",
    "ten", "tens", "dozen", "dozens", "score", "scores", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "billion", "billions", "lot", "lots", "number", "proportion",
    "share", "majority", "minority", "total", "handful", "couple", "bulk", "rest",
})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})
PERSON_RELATIVE_PRONOUNS = frozenset({"who", "whom"})
IMPLIED_PERSON_NOUN = "people"
# Roles of a bare number that stands for a noun left out ("76% didn't"), not an age or a label.
ELLIPSIS_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "pobj", "conj"})
ELLIPSIS_KINDS = frozenset({"count", "percent", "ratio"})  # a bare sum or duration rarely stands for a noun


def figure_tokens(doc: Any, match: NumberMatch) -> list:
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    return tokens or [t for t in doc if t.idx < match.end and t.idx + len(t) > match.start]


def figure_head(tokens: list, match: NumberMatch):
    """The token of the figure phrase that attaches it to the rest of the sentence."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    core = [t for t in heads if t.idx < match.number_end and t.idx + len(t) > match.number_start]
    chosen = core or heads or tokens
    return chosen[-1] if chosen else None


def of_object(token):
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _antecedent(token, inside: set[int]):
    """The noun just before a figure ("a disaffected electorate, half of whom")."""
    doc = token.doc
    i = min(inside) - 1
    while i >= 0 and doc[i].is_punct:
        i -= 1
    if i >= 0 and doc[i].pos_ in NOUN_POS:
        return doc[i]
    return None


def counted_token(head, inside: set[int], occupied: frozenset[int] = frozenset()):
    """The noun the figure quantifies, or None; `inside` holds the figure's token indexes and
    `occupied` those of the other figures of the text ("$30.2m (£15.5m)": "m" is not counted)."""
    candidate = head
    if head.dep_ in NUMBER_TO_NOUN_DEPS and head.head.i not in inside and head.head.pos_ in NOUN_POS:
        candidate = head.head
    for _ in range(4):
        if candidate.i == head.i or candidate.i in inside or candidate.lower_ in PARTITIVE_NOUNS:
            obj = of_object(candidate)
            if obj is not None:
                candidate = obj
                continue
        break
    if candidate.pos_ == "PRON" and candidate.lower_ in RELATIVE_PRONOUNS:
        return _antecedent(candidate, inside)
    if candidate.i in inside or candidate.i in occupied or candidate.pos_ not in NOUN_POS:
        return None
    return candidate


def counted_in_rate(match: NumberMatch) -> str | None:
    """What a rate counts when it is written inside it: "7.4 rebounds per game" -> "rebounds"."""
    words = (match.unit_text or "").split()
    if match.unit in RATE_UNITS and len(words) == 3 and words[1].lower() in PER_WORDS and words[0].lower() != "times":
        return words[0]
    return None


def has_person_clause(head) -> bool:
    """A bare number with a "who" relative clause: "the 3,100 who have been refused"."""
    return any(c.dep_ in ("relcl", "acl") and any(g.lower_ in PERSON_RELATIVE_PRONOUNS for g in c.children)
               for c in head.children)


def noun_phrase(noun, inside: set[int], text: str) -> str:
    """The counted noun with its adjectival and compound modifiers, as written in `text` (the parser
    may have seen a re-cased copy); words that are not adjacent are joined by one space."""
    keep = {noun.i}
    for child in noun.children:
        if child.dep_ not in NOUN_PHRASE_DEPS or child.i > noun.i or child.lower_ in QUANTITY_WORDS:
            continue
        sub = list(child.subtree)
        if any(t.i in inside for t in sub):
            continue
        keep.update(t.i for t in sub if not (t.is_quote or t.is_bracket))
    doc = noun.doc
    pieces: list[str] = []
    previous_end = None
    for i in sorted(keep):
        start = doc[i].idx
        if previous_end is not None and start > previous_end:
            pieces.append(" ")
        pieces.append(text[start:start + len(doc[i])])
        previous_end = start + len(doc[i])
    return "".join(pieces)
