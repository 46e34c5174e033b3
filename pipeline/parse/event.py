"""The event a figure belongs to: the lemma of the verb it is an argument of.

Walk up from the counted noun. A raising or light verb ("expected to be excluded", "could see their
membership revoked") yields to its verbal complement, and a participle or relative clause on the
counted noun ("supporters barred from voting") supplies the verb when the governing one is light.
An event noun met on the way ("expulsion of 1,000 members") is used as is. A bare copula gives no
event. Event nouns and their canonical names come from claim_synonyms.csv beside this module.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from pipeline.parse.counted import NOUN_POS

VERB_POS = frozenset({"VERB", "AUX"})
# Raising, light and perception verbs: the figure's event is their verbal complement.
LIGHT_VERBS = frozenset({
    "be", "have", "do", "get", "go", "expect", "seem", "appear", "see", "become", "remain", "set",
    "need", "continue", "begin", "start", "look", "prove", "tend", "want", "face", "estimate",
    "believe", "think", "say", "report", "fear", "know", "consider", "hope", "plan", "try", "likely",
    "accord",  # "according to", never the event
})
CONTRACTED_LEMMAS = {"'s": "be", "'re": "be", "'m": "be", "'ve": "have", "'d": "would", "'ll": "will"}
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "oprd"})
ADJECTIVE_RAISERS = frozenset({"likely", "unlikely", "set", "due", "able", "certain", "sure", "bound"})
SYNONYMS_FILE = Path(__file__).with_name("claim_synonyms.csv")


def read_event_synonyms(path: Path = SYNONYMS_FILE) -> dict[str, str]:
    """Event lemma -> canonical event, from a two-column CSV (lemma, canonical) users may extend."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["lemma"].strip().lower(): row["canonical"].strip().lower()
                for row in csv.DictReader(handle) if row.get("lemma") and row.get("canonical")}


EVENT_SYNONYMS: dict[str, str] = read_event_synonyms()


def lemma_of(token) -> str:
    """Lower-case lemma, with contracted forms of "be" ("’s", "'re") read as "be"."""
    lemma = token.lemma_.lower().replace("’", "'")
    return CONTRACTED_LEMMAS.get(lemma, lemma)


def _content_verb(verb):
    """Follow raising and light verbs to their verbal complement."""
    for _ in range(4):
        if lemma_of(verb) not in LIGHT_VERBS:
            break
        nxt = next((c for c in verb.children if c.dep_ in COMPLEMENT_DEPS and c.pos_ == "VERB"), None)
        if nxt is None:
            for adj in verb.children:
                if adj.dep_ == "acomp" and adj.lemma_.lower() in ADJECTIVE_RAISERS:
                    nxt = next((c for c in adj.children if c.dep_ in COMPLEMENT_DEPS and c.pos_ == "VERB"), None)
                    if nxt is not None:
                        break
        if nxt is None:
            break
        verb = nxt
    return verb


def _clause_on(token):
    """A participle or relative clause on the counted noun: "supporters barred from voting"."""
    for child in token.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            return _content_verb(child)
    return None


def event_lemma(head, noun, event_nouns: Iterable[str] = frozenset(EVENT_SYNONYMS)) -> str | None:
    """Lemma of the verb the figure is an argument of, or of an event noun it is the "of" object of
    (any noun of the synonym table: "expulsion of 1,000 members")."""
    linked = noun is not None and (noun.i in {a.i for a in head.ancestors} or head.i in {a.i for a in noun.ancestors})
    start = noun if linked else head
    token, verb = start, None
    for _ in range(12):
        parent = token.head
        if parent.i == token.i:
            break
        if parent.pos_ in VERB_POS:
            verb = parent
            break
        if parent.pos_ == "ADP" and parent.head.pos_ in NOUN_POS:
            if parent.lower_ == "of" and parent.head.lemma_.lower() in event_nouns:
                return parent.head.lemma_.lower()  # "expulsion of 1,000 members"
            if parent.lower_ != "of":
                break  # the figure sits in a modifier of another noun, not in an argument of a verb
        token = parent
    if verb is not None:
        verb = _content_verb(verb)
    if verb is None or lemma_of(verb) in LIGHT_VERBS:
        clause = _clause_on(start) or (_clause_on(head) if start.i != head.i else None)
        if clause is not None and lemma_of(clause) not in LIGHT_VERBS:
            verb = clause
    if verb is None or lemma_of(verb) == "be":
        return None
    return lemma_of(verb)
