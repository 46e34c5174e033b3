"""Numeric claims: where each figure is, what it counts, the event it belongs to, who said it.

`numbers.find_numbers` finds and normalises the figures of every title, standfirst and body
sentence; only the texts that hold a figure go through spaCy's dependency parse, which then gives:

- counted: the noun phrase the number quantifies. From the number's head token, follow a
  nummod/quantmod/compound link to the noun it modifies, or, when the number is itself a noun
  ("thousands", "24%", "half"), descend through "of" to the noun it partitions ("tens of thousands of
  rogues" -> "rogues"). The phrase keeps the noun's adjectival and compound modifiers, never the
  determiners or the figure itself. A bare number with a "who" relative clause ("the 3,100 who have
  been refused") counts people; "half of whom" takes the noun just before it; a bare number standing
  for a noun left out ("24% of people voted Conservative, 76% didn't") counts what the figure
  before it in the sentence counts.
- event: the lemma of the verb the figure is an argument of, walking up from the counted noun. A
  raising or light verb ("expected to be excluded", "could see their membership revoked") yields to
  its verbal complement, and a participle or relative clause on the counted noun ("supporters barred
  from voting") supplies the verb when the governing one is light. An event noun met on the way
  ("expulsion of 1,000 members") is used as is. A bare copula gives no event.
- attributed_to: the entity id of the speaker when a speech verb (SPEECH_VERBS) governs the figure,
  or when the sentence says "according to X"; the speaker is the mention (SPEAKER_LABELS) at the
  subject. A "he"/"she" subject falls back to the person named in the nearest earlier sentence that
  does not itself open with a pronoun.
- hedged: an approximate qualifier, or a hedge word (HEDGE_WORDS: modals, "expected", "estimated",
  "reportedly", ...) on the figure or on the path from it up to the root of the sentence (or of the
  relative clause holding it), so that a "could" in another clause does not hedge it.

`claim_groups` lines up figures from different documents that count the same thing (see there).
"""
from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import nlp
from pipeline.parse.direction import figure_direction
from pipeline.text.periods import periods_of
from pipeline.text.numbers import NumberMatch, find_numbers
from pipeline.schemas import KEYS, RATE_UNITS, TABLES
from pipeline.text.units import PER_WORDS

FIGURE_COLUMNS = list(TABLES["figures"].to_schema().columns)
CLAIM_GROUP_COLUMNS = list(TABLES["claim_groups"].to_schema().columns)
WHERE_ORDER = {"title": 0, "standfirst": 1, "body": 2}

# ---- rule tables ---------------------------------------------------------------------------------

NOUN_POS = frozenset({"NOUN", "PROPN"})
VERB_POS = frozenset({"VERB", "AUX"})

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

# Raising, light and perception verbs: the figure's event is their verbal complement.
LIGHT_VERBS = frozenset({
    "be", "have", "do", "get", "go", "expect", "seem", "appear", "see", "become", "remain", "set",
    "need", "continue", "begin", "start", "look", "prove", "tend", "want", "face", "estimate",
    "believe", "think", "say", "report", "fear", "know", "consider", "hope", "plan", "try", "likely",
    "accord",  # "according to", never the event
})
# Roles of a bare number that stands for a noun left out ("76% didn't"), not an age or a label.
ELLIPSIS_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "pobj", "conj"})
ELLIPSIS_KINDS = frozenset({"count", "percent", "ratio"})  # a bare sum or duration rarely stands for a noun

CONTRACTED_LEMMAS = {"'s": "be", "'re": "be", "'m": "be", "'ve": "have", "'d": "would", "'ll": "will"}
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "oprd"})
ADJECTIVE_RAISERS = frozenset({"likely", "unlikely", "set", "due", "able", "certain", "sure", "bound"})

# Verbs that report speech or an estimate; their subject is the figure's source.
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "claim", "warn", "insist", "estimate", "suggest", "state", "announce",
    "reveal", "confirm", "explain", "note", "argue", "predict", "admit", "report", "write", "tweet",
    "declare", "disclose", "allege", "assert", "calculate", "forecast", "project", "put", "reckon",
    "believe", "think", "indicate", "show", "find", "acknowledge", "concede", "boast", "complain",
    "point", "stress",
})
SPEAKER_LABELS = ("PERSON", "ORG")
PERSON_PRONOUNS = frozenset({"he", "she"})
PRONOUN_LOOKBACK = 4  # body sentences searched back for the person a "he"/"she" speaker refers to

# Words that make a figure an estimate or a possibility (lower-cased forms and lemmas).
MODALS = frozenset({"could", "may", "might", "would", "'d", "’d"})
HEDGE_WORDS = frozenset({
    "estimate", "estimated", "expect", "expected", "reportedly", "believe", "believed", "likely",
    "unlikely", "suggest", "project", "projected", "forecast", "predict", "predicted", "anticipate",
    "possibly", "perhaps", "probably", "potentially", "allegedly", "supposedly", "apparently",
    "reckon", "speculate", "approximately", "roughly", "thought", "fear", "feared", "guess",
    "rumour", "rumor", "could", "may", "might", "would",
})
HEDGE_CHILD_DEPS = frozenset({"aux", "advmod", "acomp", "amod", "npadvmod"})
HEDGED_QUALIFIERS = frozenset({"approx"})
CLAUSE_BOUNDARY_DEPS = frozenset({"relcl", "parataxis"})

# Kinds that never state a change (an age is a level).
UNDIRECTED_KINDS = frozenset({"age"})

# Person nouns: figures counting any of them group by event alone in claim_groups.
PERSON_NOUNS = frozenset({
    "people", "person", "persons", "individual", "member", "supporter", "voter", "resident",
    "citizen", "worker", "employee", "staff", "patient", "student", "pupil", "child", "children",
    "adult", "man", "men", "woman", "women", "passenger", "customer", "user", "migrant", "refugee",
    "seeker", "officer", "official", "activist", "protester", "protestor", "demonstrator",
    "candidate", "councillor", "mp", "politician", "cheat", "infiltrator", "rogue", "winger",
    "leftwinger", "applicant", "fan", "spectator", "visitor", "tourist", "victim", "casualty",
    "soldier", "troop", "civilian", "prisoner", "inmate", "volunteer", "delegate", "subscriber",
    "signatory", "teacher", "nurse", "doctor", "driver", "player", "shareholder", "household",
    "family", "taxpayer", "pensioner", "claimant", "tenant", "homeowner", "consumer", "viewer",
    "reader", "listener", "participant", "respondent", "agent", "contractor", "trader", "farmer",
})

# Events too generic to say two figures count the same thing, and heads that name dates, not things.
UNGROUPED_EVENTS = LIGHT_VERBS | frozenset({"make", "take", "use", "include", "give"})
UNGROUPED_HEADS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december", "year", "month", "week", "day"})

IRREGULAR_PLURALS = {"person": "people", "people": "people", "man": "men", "woman": "women",
                     "child": "children", "staff": "staff", "police": "police", "sheep": "sheep"}
IRREGULAR_SINGULARS = {plural: singular for singular, plural in IRREGULAR_PLURALS.items()
                       if singular != "person"}
IRREGULAR_PARTICIPLES = {
    "win": "won", "lose": "lost", "cut": "cut", "shed": "shed", "hold": "held", "put": "put",
    "set": "set", "hit": "hit", "let": "let", "get": "got", "make": "made", "take": "taken",
    "give": "given", "leave": "left", "find": "found", "bring": "brought", "buy": "bought",
    "sell": "sold", "pay": "paid", "spend": "spent", "send": "sent", "build": "built",
    "keep": "kept", "run": "run", "come": "come", "go": "gone", "fall": "fallen", "rise": "risen",
    "grow": "grown", "see": "seen", "say": "said", "tell": "told", "meet": "met", "flee": "fled",
    "fight": "fought", "shoot": "shot", "steal": "stolen", "drive": "driven", "write": "written",
    "do": "done", "have": "had", "be": "been", "hurt": "hurt", "bid": "bid", "raise": "raised",
}

SYNONYMS_FILE = Path(__file__).with_name("claim_synonyms.csv")


def read_event_synonyms(path: Path = SYNONYMS_FILE) -> dict[str, str]:
    """Event lemma -> canonical event, from a two-column CSV (lemma, canonical) users may extend."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["lemma"].strip().lower(): row["canonical"].strip().lower()
                for row in csv.DictReader(handle) if row.get("lemma") and row.get("canonical")}


EVENT_SYNONYMS: dict[str, str] = read_event_synonyms()


# ---- text units ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextUnit:
    """A title, standfirst or body sentence, and where its offsets point."""

    doc_id: str
    where: str
    sent_id: str | None
    base: int  # offset of the text inside the field the figure offsets index
    text: str
    published: date | None = None  # the document's publication date, that "last year" is read against


def _published_dates(documents: pd.DataFrame) -> dict[str, date | None]:
    if "published" not in documents:
        return {}
    stamps = pd.to_datetime(documents["published"], errors="coerce")
    return {doc_id: (None if pd.isna(t) else t.date()) for doc_id, t in zip(documents["doc_id"], stamps)}


def _text_units(documents: pd.DataFrame, sentences: pd.DataFrame) -> Iterator[TextUnit]:
    published = _published_dates(documents)
    for row in documents.itertuples(index=False):
        for where in ("title", "standfirst"):
            text = getattr(row, where, None)
            if isinstance(text, str) and text.strip():
                yield TextUnit(row.doc_id, where, None, 0, text, published.get(row.doc_id))
    if len(sentences):
        ordered = sentences.sort_values(["doc_id", "char_start", "sent_id"], kind="stable")
        for doc_id, sent_id, start, text in ordered[["doc_id", "sent_id", "char_start", "text"]].itertuples(index=False):
            yield TextUnit(doc_id, "body", sent_id, int(start), text, published.get(doc_id))


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def parse_text(unit: TextUnit) -> str:
    """The text the parser sees: a Title-Case headline is lower-cased word by word (same length, same
    offsets), since the tagger reads capitalised common words as names."""
    if unit.where == "body" or not _is_title_case(unit.text):
        return unit.text
    return re.sub(r"\b([A-Z])([a-z]+)", lambda m: m.group(1).lower() + m.group(2), unit.text)


# ---- per-figure analysis -------------------------------------------------------------------------


def _figure_tokens(doc: Any, match: NumberMatch) -> list:
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    return tokens or [t for t in doc if t.idx < match.end and t.idx + len(t) > match.start]


def _figure_head(tokens: list, match: NumberMatch):
    """The token of the figure phrase that attaches it to the rest of the sentence."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    core = [t for t in heads if t.idx < match.number_end and t.idx + len(t) > match.number_start]
    chosen = core or heads or tokens
    return chosen[-1] if chosen else None


def _of_object(token):
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
            obj = _of_object(candidate)
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


def is_hedged(match: NumberMatch, tokens: list, head, noun) -> bool:
    """An estimate or a possibility: qualifier, hedge words on the figure or on its path to the root."""
    if match.qualifier in HEDGED_QUALIFIERS:
        return True
    near = list(tokens)
    for t in tokens:
        near.extend(t.children)
    if noun is not None:
        near.extend(noun.children)
    if any(t.lower_ in HEDGE_WORDS for t in near):
        return True
    for anc in head.ancestors:
        if anc.lemma_.lower() in HEDGE_WORDS or anc.lower_ in HEDGE_WORDS:
            return True
        for child in anc.children:
            if child.dep_ in HEDGE_CHILD_DEPS and (child.lower_ in MODALS or child.lower_ in HEDGE_WORDS
                                                   or child.lemma_.lower() in HEDGE_WORDS):
                return True
        if anc.dep_ in CLAUSE_BOUNDARY_DEPS:
            break  # a relative clause keeps its own modality: "Disney, which reported $30bn, could ..."
    return False


def speaker_token(head):
    """The subject of the speech verb that governs the figure, or the object of "according to"."""
    for anc in head.ancestors:
        if anc.pos_ == "VERB" and anc.lemma_.lower() in SPEECH_VERBS:
            subject = next((c for c in anc.children if c.dep_ == "nsubj"), None)
            if subject is not None and head.i not in {t.i for t in subject.subtree}:
                return subject
    for tok in head.doc:
        if tok.lower_ == "according":
            for to in tok.children:
                if to.lower_ == "to":
                    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
    return None


@dataclass(frozen=True)
class MentionSpan:
    start: int
    end: int
    label: str
    entity_id: str


@dataclass(frozen=True)
class SpeakerContext:
    """Speaker mentions by (doc_id, where), and each document's body sentences as (start, end, text)."""

    mentions: dict[tuple[str, str], list[MentionSpan]]
    sentences: dict[str, list[tuple[int, int, str]]]


def speaker_context(mentions: pd.DataFrame | None, sentences: pd.DataFrame) -> SpeakerContext:
    """Index the mentions that can speak and the body sentences, once per extraction."""
    index: dict[tuple[str, str], list[MentionSpan]] = {}
    if mentions is not None and len(mentions):
        cols = mentions[["doc_id", "where", "char_start", "char_end", "label", "entity_id"]]
        for doc_id, where, start, end, label, entity_id in cols.itertuples(index=False):
            if label in SPEAKER_LABELS and isinstance(entity_id, str):
                index.setdefault((doc_id, where), []).append(MentionSpan(int(start), int(end), label, entity_id))
    for spans in index.values():
        spans.sort(key=lambda m: (m.start, m.end))
    bodies: dict[str, list[tuple[int, int, str]]] = {}
    if len(sentences):
        ordered = sentences.sort_values(["doc_id", "char_start"], kind="stable")
        for doc_id, start, end, text in ordered[["doc_id", "char_start", "char_end", "text"]].itertuples(index=False):
            bodies.setdefault(doc_id, []).append((int(start), int(end), text))
    return SpeakerContext(index, bodies)


def _starts_with_pronoun(text: str) -> bool:
    first = re.match(r"[\W_]*([A-Za-z]+)", text)
    return bool(first) and first.group(1).lower() in PERSON_PRONOUNS


def antecedent_person(unit: TextUnit, context: SpeakerContext) -> str | None:
    """The person a sentence-initial "he"/"she" most likely refers to: the first PERSON named in the
    nearest earlier sentence that names one and does not itself open with a pronoun (a run of "He ..."
    sentences keeps the subject of the sentence before the run)."""
    spans = [m for m in context.mentions.get((unit.doc_id, "body"), []) if m.label == "PERSON"]
    earlier = [s for s in context.sentences.get(unit.doc_id, []) if s[1] <= unit.base]
    for start, end, text in reversed(earlier[-PRONOUN_LOOKBACK:]):
        if _starts_with_pronoun(text):
            continue
        named = [m for m in spans if m.start >= start and m.end <= end]
        if named:
            return named[0].entity_id
    return None


def attribution(unit: TextUnit, head, context: SpeakerContext) -> str | None:
    """Entity id of the speaker of the figure, or None. A mention counts as the speaker when it covers
    the subject's head word and that word is a name (a common noun such as "Reports" is not a
    speaker even when NER labelled it), or when it is a name inside the subject phrase."""
    subject = speaker_token(head)
    if subject is None:
        return None
    spans = context.mentions.get((unit.doc_id, unit.where), [])
    s0, s1 = unit.base + subject.idx, unit.base + subject.idx + len(subject)
    if subject.pos_ == "PROPN":
        for m in spans:
            if m.start < s1 and m.end > s0:
                return m.entity_id
    sub = list(subject.subtree)
    t0, t1 = unit.base + sub[0].idx, unit.base + sub[-1].idx + len(sub[-1])
    inner = [m for m in spans if m.start >= t0 and m.end <= t1]
    if inner:
        return next((m for m in inner if m.label == "PERSON"), inner[0]).entity_id
    if subject.lower_ in PERSON_PRONOUNS and unit.where == "body":
        return antecedent_person(unit, context)
    return None


def figure_record(unit: TextUnit, match: NumberMatch, doc: Any, context: SpeakerContext,
                  occupied: frozenset[int] = frozenset()) -> dict:
    """One figures row (without figure_id) for a match in a parsed text unit; `occupied` holds the
    token indexes of every figure of the text."""
    tokens = _figure_tokens(doc, match)
    head = _figure_head(tokens, match)
    counted = event = speaker = direction = None
    elided = False
    hedged = match.qualifier in HEDGED_QUALIFIERS
    if head is not None:
        inside = {t.i for t in tokens}
        noun = counted_token(head, inside, occupied - inside)
        if noun is not None:
            counted = noun_phrase(noun, inside, unit.text)
        elif counted_in_rate(match) is not None:
            counted = counted_in_rate(match)
        elif has_person_clause(head):
            counted = IMPLIED_PERSON_NOUN
        else:
            elided = (match.kind in ELLIPSIS_KINDS and head.dep_ in ELLIPSIS_DEPS
                      and _of_object(head) is None)
        event = event_lemma(head, noun)
        direction = figure_direction(head, inside, match.kind) if match.kind not in UNDIRECTED_KINDS else None
        speaker = attribution(unit, head, context)
        hedged = is_hedged(match, tokens, head, noun)
    return {
        "doc_id": unit.doc_id, "where": unit.where, "sent_id": unit.sent_id,
        "char_start": unit.base + match.start, "char_end": unit.base + match.end, "text": match.text,
        "kind": match.kind, "value": match.value, "low": match.low, "high": match.high,
        "unit": match.unit, "unit_text": match.unit_text, "qualifier": match.qualifier,
        "direction": direction, "period": None, "counted": counted, "event": event,
        "attributed_to": speaker, "hedged": bool(hedged),
        "_order": (WHERE_ORDER[unit.where], unit.base + match.start, match.end), "_elided": elided,
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


def _figure_frame(records: list[dict]) -> pd.DataFrame:
    if not records:
        frame = pd.DataFrame({c: pd.Series(dtype="object") for c in FIGURE_COLUMNS})
    else:
        records = sorted(records, key=lambda r: (r["doc_id"], r["_order"]))
        counters: dict[str, int] = {}
        for r in records:
            n = counters.get(r["doc_id"], 0)
            counters[r["doc_id"]] = n + 1
            r["figure_id"] = f"f{n:05d}"
        frame = pd.DataFrame(records)[FIGURE_COLUMNS]
    frame = frame.astype({"char_start": "int64", "char_end": "int64", "value": "float64",
                          "low": "float64", "high": "float64", "hedged": "bool"})
    return frame.sort_values(KEYS["figures"], kind="stable").reset_index(drop=True)


def extract_figures(documents: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                    model_name: str, n_process: int = 1, batch_size: int = 64) -> pd.DataFrame:
    """Every figure of every title, standfirst and body sentence, as a validated-shape figures table.

    Offsets index the title, the standfirst or documents.body, as `where` says; figure ids are
    doc-local in reading order. Only texts holding a figure are parsed.
    """
    found = [(unit, matches) for unit in _text_units(documents, sentences)
             if (matches := find_numbers(unit.text))]
    context = speaker_context(mentions, sentences)
    items = ((parse_text(unit), i) for i, (unit, _) in enumerate(found))
    records: list[dict] = []
    for doc, i in nlp.pipe(items, model_name, "parse", n_process=n_process, batch_size=batch_size):
        unit, matches = found[i]
        occupied = frozenset(t.i for match in matches for t in _figure_tokens(doc, match))
        unit_records = fill_elided([figure_record(unit, match, doc, context, occupied) for match in matches])
        for record, period in zip(unit_records, periods_of(unit.text, [(m.start, m.end) for m in matches],
                                                            unit.published)):
            record["period"] = period
        records.extend(unit_records)
    return _figure_frame(records)


# ---- claim groups --------------------------------------------------------------------------------


def singular(word: str) -> str:
    """Crude English singular of a head noun, enough to line up "members" with "member"."""
    w = word.lower()
    if w in IRREGULAR_SINGULARS:
        return IRREGULAR_SINGULARS[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def plural(word: str) -> str:
    """English plural of a singular head noun, for labels."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def participle(lemma: str) -> str:
    """Past participle for a readable label ("members expelled"); canonical events are kept as is."""
    if lemma in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[lemma]
    if " " in lemma or lemma.endswith("ed") or not lemma.isalpha():
        return lemma
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def counted_head(counted: str) -> str | None:
    """Singular, lower-cased head word of a counted phrase (its last word)."""
    words = re.findall(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*", counted or "")
    return singular(words[-1]) if words else None


def claim_label(counted: str | None, event: str | None, unit: str,
                synonyms: Mapping[str, str] | None = None) -> str | None:
    """What a figure counts, as a group label, or None when it cannot be grouped.

    Person nouns (PERSON_NOUNS) all count "people": a purge reported as "supporters barred" in one
    outlet and "people excluded" in another is the same count, so people group by event alone.
    Figures in another unit than a plain count keep the unit in the label so that, for example,
    percentages never sit beside head counts. Light verbs ("have", "be", "take": UNGROUPED_EVENTS)
    say too little to group on.
    """
    if not counted or not event or event.lower() in UNGROUPED_EVENTS:
        return None
    head = counted_head(counted)
    if head is None or head in UNGROUPED_HEADS:
        return None
    table = EVENT_SYNONYMS if synonyms is None else synonyms
    event_key = event.lower()
    canonical = table.get(event_key)
    what = IMPLIED_PERSON_NOUN if head in PERSON_NOUNS or head == IMPLIED_PERSON_NOUN else head
    label = f"{plural(what)} {canonical if canonical else participle(event_key)}"
    return label if unit == "count" else f"{label} ({unit})"


def group_id_of(label: str, period: str | None = None) -> str:
    """Group id from the label and the period, so the same claim gets the same id in every build."""
    key = label if period is None else f"{label}|{period}"
    return "g" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def claim_groups(figures: pd.DataFrame, documents: pd.DataFrame,
                 synonyms: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Figures from different documents that count the same thing, one row per figure in a group.

    Two figures count the same thing when their counted heads match (singular head word; every person
    noun counts "people") and their events match through the synonym table (EVENT_SYNONYMS, read from
    claim_synonyms.csv, or `synonyms`); an event missing from the table matches only itself. Only groups
    with figures from at least two documents are kept: a group inside one article lines up nothing.
    Figures whose periods differ are different claims (a 2015 purge and 2021 expulsions), so the
    period is part of the group; figures with no known period group only with each other. The group
    id is a hash of the label and the period, stable across runs and corpora.
    """
    if figures is None or not len(figures):
        return _groups_frame([])
    outlets = dict(zip(documents["doc_id"], documents["outlet"])) if "outlet" in documents else {}
    rows = []
    for f in figures.itertuples(index=False):
        counted = f.counted if isinstance(f.counted, str) else None
        event = f.event if isinstance(f.event, str) else None
        label = claim_label(counted, event, f.unit, synonyms)
        if label is None:
            continue
        outlet = outlets.get(f.doc_id)
        period = f.period if isinstance(f.period, str) else None
        rows.append({"group_id": group_id_of(label, period), "label": label, "period": period, "doc_id": f.doc_id,
                     "figure_id": f.figure_id, "value": f.value, "low": f.low, "high": f.high,
                     "qualifier": f.qualifier, "outlet": outlet if isinstance(outlet, str) else None})
    frame = pd.DataFrame(rows, columns=CLAIM_GROUP_COLUMNS)
    if len(frame):
        n_docs = frame.groupby("group_id")["doc_id"].transform("nunique")
        frame = frame[n_docs >= 2]
    return _groups_frame(frame.to_dict("records"))


def _groups_frame(rows: Iterable[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=CLAIM_GROUP_COLUMNS)
    frame = frame.astype({"value": "float64", "low": "float64", "high": "float64"})
    for col in ("group_id", "label", "period", "doc_id", "figure_id", "qualifier", "outlet"):
        frame[col] = frame[col].astype("object")
    for col in ("period", "outlet"):
        frame[col] = frame[col].where(frame[col].notna(), None)
    return frame.sort_values(KEYS["claim_groups"], kind="stable").reset_index(drop=True)


# ---- per-document extraction, for caching ---------------------------------------------------------

SPAN_PREFIX = "@span:"


def span_placeholders(raw_mentions: pd.DataFrame) -> pd.DataFrame:
    """Raw mentions whose entity_id is their own span, so figures of one document can be extracted
    (and cached) before the corpus-wide entities exist; attach_speakers() swaps in the entities."""
    frame = raw_mentions[["doc_id", "where", "char_start", "char_end", "label"]].copy()
    frame["label"] = frame["label"].replace({"NORP": "ORG"})  # parties are often NORP before resolution
    frame["entity_id"] = [f"{SPAN_PREFIX}{w}:{s}:{e}" for w, s, e in
                          frame[["where", "char_start", "char_end"]].itertuples(index=False)]
    return frame


def attach_speakers(figures: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Replace span placeholders in attributed_to with the resolved entity of the mention that
    overlaps that span, if it is a person or an organisation; else null."""
    spans: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for doc_id, where, start, end, label, entity_id in mentions[
            ["doc_id", "where", "char_start", "char_end", "label", "entity_id"]].itertuples(index=False):
        if label in SPEAKER_LABELS:
            spans.setdefault((doc_id, where), []).append((int(start), int(end), entity_id))

    def resolve(doc_id: str, placeholder) -> str | None:
        if not isinstance(placeholder, str) or not placeholder.startswith(SPAN_PREFIX):
            return placeholder if isinstance(placeholder, str) else None
        where, start, end = placeholder[len(SPAN_PREFIX):].rsplit(":", 2)
        s0, s1 = int(start), int(end)
        for m0, m1, entity_id in spans.get((doc_id, where), []):
            if m0 < s1 and m1 > s0:
                return entity_id
        return None

    out = figures.copy()
    out["attributed_to"] = [resolve(d, a) for d, a in out[["doc_id", "attributed_to"]].itertuples(index=False)]
    out["attributed_to"] = out["attributed_to"].astype("object").where(out["attributed_to"].notna(), None)
    return out
