"""Raw NER mentions -> corpus entities (aliases merged) and sentence co-occurrences.

spaCy's small English model tags names inconsistently across a corpus: the same party is ORG in one
sentence, NORP or PERSON in the next; "Mr Corbyn" arrives as "Corbyn"; capitalised common words,
headings and fragments come out as people. Resolution therefore works corpus-wide, in four passes:

1. clean each span (edge punctuation, possessives, leading closed-class words, titles) and apply
   the rules that need only the span and its sentence (drop, relabel, note a title before it);
   names the model left untagged in a sentence it saw ("Mr Cable", "Iain McNicol") are added;
2. index the full (multi-token) person names of the corpus;
3. attach single names and name fragments to the full name that carries them, in the same
   document first, then elsewhere in the corpus (surnames only), most mentioned first; settle the
   label of a name tagged both as a person and as something else by the corpus' votes;
4. group the rest by a normalised key and the alias table, one label per entity.

Every mention of an entity carries the entity's label. Dropped spans (model errors) leave no
mention. The word lists (text.names) and the rule tables below are the place to tune behaviour;
none names a particular article.

Everything here is pure pandas and module-level tables, so it is tested without spaCy.
"""
from __future__ import annotations

import hashlib
import re
import string
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.schemas import ENTITY_LABELS, KEYS, columns, empty_frame, pair_id, row_ids
from pipeline.text.names import (
    AMBIGUOUS_BEFORE_NAME, DETERMINERS, EDGE_CHARS, EVENT_HEAD_WORDS, GIVEN_NAMES, HONORIFICS, ORG_HEAD_WORDS,
    PARTY_SUFFIX, PERSON_NAME_PARTICLES, PERSON_ROLE_WORDS, PERSONAL_HONORIFICS, REGNAL_TITLES, TITLE_WORDS,
    fold, name_run, org_key, party_stripped, slug, strip_possessive, trim_span,
)
from pipeline.text.normalise import NAME_QUOTES

ALIASES_PATH = Path(__file__).with_name("entity_aliases.csv")

MENTION_COLUMNS = columns("mentions")
ENTITY_COLUMNS = columns("entities")
COOCCURRENCE_COLUMNS = columns("cooccurrences")

# ---- rule tables ---------------------------------------------------------------------------------

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A single name with no full-name carrier that takes a determiner this often (and at least twice)
# is a thing, not a person ("an Oscar", "the Oscar"): people's names rarely follow "the" or "his".
DETERMINER_SHARE = 0.3
INDEFINITE_ARTICLES = frozenset({"a", "an"})

LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-z]+(?:[-'’][a-z]+)*(?![\w'’\-])")
HONORIFIC_BEFORE = re.compile(r"(?:^|[\s(\"'“‘])([A-Z][a-z]{1,11})\.?\s+$")
MISSED_NAME = re.compile(r"(?<![\w'’-])([A-Z][a-z]+) ((?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-]| [A-Z])")
GIVEN_NAME_BEFORE = re.compile(r"(?:^|(?<=[\s(\"'“‘]))([A-Z][a-z]+) $")
HONORIFIC_NAME = re.compile(
    r"(?<![\w'’-])(Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Baron|Professor|Prof)\.? "
    r"((?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: (?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?){0,2})(?![\w-])")


# Word sets the rules ask about per mention, joined once.
HONORIFIC_TITLES = HONORIFICS - AMBIGUOUS_BEFORE_NAME
NOT_A_SURNAME = ORG_HEAD_WORDS | TITLE_WORDS
NOT_A_PERSON_HEAD = ORG_HEAD_WORDS | EVENT_HEAD_WORDS
BEFORE_A_NAME = HONORIFICS | PERSON_ROLE_WORDS
SENTENCE_EDGE = EDGE_CHARS.replace(".", "").replace("?", "").replace("!", "")
WORD_BEFORE = re.compile(r"(?:^|[\s(\"'“‘])([A-Za-z]+)\s+$")
# The three patterns above that read the words just before a span.
BEFORE_PATTERNS = (HONORIFIC_BEFORE, GIVEN_NAME_BEFORE, WORD_BEFORE)
ASCII_LETTERS = frozenset(string.ascii_letters)


def search_before(pattern: re.Pattern, before: str) -> re.Match | None:
    """`pattern.search(before)` for one of BEFORE_PATTERNS, started just before the text's last
    run of ASCII letters (behind its trailing spaces and one full stop) instead of at its start.

    Each of them matches only that run (from its start, after the start of the text or a delimiter)
    and what follows it, so no match can start earlier: the result is the same, and a long sentence
    is not scanned position by position for every mention in it."""
    end = len(before.rstrip())
    if end and before[end - 1] == ".":
        end -= 1
    start = end
    while start > 0 and before[start - 1] in ASCII_LETTERS:
        start -= 1
    return pattern.search(before, max(0, start - 1))


# ---- alias table ---------------------------------------------------------------------------------


def load_aliases(path: str | Path | None = None) -> pd.DataFrame:
    """The alias table (alias, canonical, label); the packaged pipeline/entity_aliases.csv by default.

    Lines starting with '#' are comments. Labels outside the entity vocabulary are an error, so a
    typo in a user's table fails loudly instead of producing an invalid entities table.
    """
    table = pd.read_csv(path or ALIASES_PATH, comment="#", dtype=str, skipinitialspace=True)
    table = table[["alias", "canonical", "label"]].dropna().map(str.strip)
    bad = sorted(set(table["label"]) - set(ENTITY_LABELS))
    if bad:
        raise ValueError(f"alias table labels not in ENTITY_LABELS: {bad}")
    return table.reset_index(drop=True)


def _alias_map(aliases: pd.DataFrame) -> dict[str, tuple[str, str]]:
    mapping: dict[str, tuple[str, str]] = {}
    for alias, canonical, label in aliases[["alias", "canonical", "label"]].itertuples(index=False):
        for form in (canonical, alias):
            key = org_key(form)
            mapping[key] = (canonical, label)
            if key.endswith(PARTY_SUFFIX) and len(key) > len(PARTY_SUFFIX):
                mapping.setdefault(key[: -len(PARTY_SUFFIX)], (canonical, label))
    return mapping


# ---- pass 1: one mention ------------------------------------------------------------------------


@dataclass(slots=True)  # one per mention of the corpus: no per-object dict
class _Mention:
    row: int
    doc_id: str
    section: str
    sent_id: str | None
    start: int
    end: int
    text: str
    spacy_label: str
    sentence: str
    offset_in_sentence: int
    display: str = ""
    tokens: tuple[str, ...] = ()
    label: str | None = None
    titled: bool = False          # an honorific or title in or just before the span
    role_before: bool = False     # a role noun just before the span
    article_before: str = ""      # the determiner or possessive just before the span, if any
    common: bool = False          # a one-word person span that the corpus also writes in lower case
    cluster: str = ""
    entity_id: str = ""


def _context(m: _Mention) -> None:
    before = m.sentence[: max(0, m.offset_in_sentence)]
    honorific = search_before(HONORIFIC_BEFORE, before)
    if honorific and honorific.group(1).casefold() in HONORIFIC_TITLES:
        m.titled = True
    word = search_before(WORD_BEFORE, before)
    if word:
        w = word.group(1)
        if w.casefold() in PERSON_ROLE_WORDS and (w.islower() or w.isupper()):
            m.role_before = True
        if w.casefold() in DETERMINERS:
            m.article_before = w.casefold()


def _clean(m: _Mention) -> None:
    """Display form and tokens; titles stripped from the front of a person span."""
    display = strip_possessive(unicodedata.normalize("NFKC", m.text))
    tokens = display.split()
    if len(tokens) > 1 and tokens[0].casefold() == "the":
        tokens = tokens[1:]
    if m.spacy_label == "PERSON":
        tokens = name_run(tokens)
    strip = TITLE_WORDS if m.spacy_label == "PERSON" or m.titled else PERSONAL_HONORIFICS
    while len(tokens) > 1 and tokens[0].rstrip(".").casefold() in strip:
        if tokens[0].casefold() in REGNAL_TITLES:
            m.titled = True  # "Prince Charles", "Pope Francis": the title is part of how they are named
            break
        m.titled = m.titled or tokens[0].rstrip(".").casefold() in HONORIFICS
        tokens = tokens[1:]
    m.tokens, m.display = _shared_name(tokens)


def _shared_name(tokens: list[str]) -> tuple[tuple[str, ...], str]:
    """(tokens, display) as interned strings: a corpus names the same few thousand people and
    organisations over and over, so each word and name is held once, not once per mention."""
    shared = tuple(map(sys.intern, tokens))
    return shared, sys.intern(" ".join(shared))


def _is_heading(m: _Mention) -> bool:
    """The span is (nearly) its whole short body line: a heading or a caption, not running text."""
    if m.section != "body":
        return False
    if m.sentence.rstrip(SENTENCE_EDGE)[-1:] in ".?!…":
        return False  # a sentence that ends as one (a question, an exclamation) is running text
    letters_span = sum(ch.isalpha() for ch in m.display)
    letters_sent = sum(ch.isalpha() for ch in m.sentence)
    return letters_sent > 0 and letters_span >= 0.8 * letters_sent and len(m.sentence.split()) <= 6


def _common_word(token: str, lexicon: set[str]) -> bool:
    folded = fold(token)
    return folded in lexicon and folded not in GIVEN_NAMES


def _person_shape(tokens: tuple[str, ...] | list[str], lexicon: set[str]) -> bool:
    """One to three capitalised words, none a common word or an organisation head word."""
    return (1 <= len(tokens) <= 3 and all(t[:1].isupper() for t in tokens)
            and not any(t.isupper() and len(t) > 1 for t in tokens)
            and tokens[-1].casefold() not in NOT_A_PERSON_HEAD
            and not any(t.rstrip(".").casefold() in TITLE_WORDS for t in tokens)
            and not any(_common_word(t, lexicon) for t in tokens))


def _is_noise(m: _Mention) -> bool:
    """Not a name at all: too short, holding digits, all lower case, or a heading."""
    return (not m.display or len(m.display) < 2 or any(ch.isdigit() for ch in m.display)
            or not any(ch.isupper() for ch in m.display) or _is_heading(m))


@dataclass(frozen=True)
class Span:
    """A cleaned mention with what the first-pass rules ask about it."""

    mention: _Mention
    lexicon: set[str]
    alias: tuple[str, str] | None  # (canonical, label) when the alias table knows the name

    @property
    def tokens(self) -> tuple[str, ...]:
        return self.mention.tokens

    @property
    def untitled(self) -> bool:
        return not self.mention.titled

    def all_common(self) -> bool:
        return all(_common_word(t, self.lexicon) for t in self.tokens)


def _set_label(label: str | None) -> Callable[[Span], None]:
    def effect(s: Span) -> None:
        s.mention.label = label
    return effect


def _mark_common(s: Span) -> None:
    s.mention.common = True  # "Bush", "Hunt": kept only where a full name carries it


FirstPassRule = tuple[str, Callable[[Span], bool], Callable[[Span], None]]

# Spans the model called a person: first rule that applies relabels or drops them.
PERSON_SPAN_RULES: tuple[FirstPassRule, ...] = (
    ("alias_table", lambda s: s.alias is not None and s.untitled, lambda s: _set_label(s.alias[1])(s)),
    ("organisation_head_word", lambda s: s.tokens[-1].casefold() in ORG_HEAD_WORDS and s.untitled, _set_label("ORG")),
    ("event_head_word", lambda s: s.tokens[-1].casefold() in EVENT_HEAD_WORDS and s.untitled, _set_label("EVENT")),
    ("all_capitals", lambda s: all(t.isupper() and len(t) > 1 for t in s.tokens) and s.untitled, _set_label("ORG")),
    ("lower_case_start", lambda s: not s.tokens[0][:1].isupper(), _set_label(None)),
    ("common_words", lambda s: s.untitled and len(s.tokens) > 1 and s.all_common(), _set_label(None)),
    ("common_word", lambda s: s.untitled and len(s.tokens) == 1 and s.all_common(), _mark_common),
    ("after_indefinite_article", lambda s: len(s.tokens) == 1 and s.mention.article_before in INDEFINITE_ARTICLES,
     _set_label(None)),
)
# Spans the model called something else: first rule that applies makes them a person.
OTHER_SPAN_RULES: tuple[FirstPassRule, ...] = (
    # "Mr Brown" is a person even where "brown" is also a common word
    ("titled_person", lambda s: s.alias is None and s.mention.titled and _person_shape(s.tokens, set()),
     _set_label("PERSON")),
    ("given_name_or_role", lambda s: s.alias is None and _person_shape(s.tokens, s.lexicon) and len(s.tokens) >= 2
     and (s.tokens[0].casefold() in GIVEN_NAMES or s.mention.role_before), _set_label("PERSON")),
)


def first_pass_rule(m: _Mention, lexicon: set[str], alias_map: dict) -> str | None:
    """Rules that need only the span and its sentence: drop, relabel, or keep the spaCy label.
    Returns the name of the rule that acted ("noise" for a span that is no name), or None."""
    m.label = m.spacy_label
    if _is_noise(m):
        m.label = None
        return "noise"
    key = org_key(m.display)
    alias = alias_map.get(key, alias_map.get(party_stripped(key, alias_map)))
    span = Span(m, lexicon, alias)
    for name, applies, effect in PERSON_SPAN_RULES if m.label == "PERSON" else OTHER_SPAN_RULES:
        if applies(span):
            effect(span)
            return name
    return None


# ---- passes 2 and 3: people ----------------------------------------------------------------------


def _best(candidates: list[str], counts: Counter) -> str:
    """The most mentioned candidate; ties go to the alphabetically first, so ids are stable."""
    return min(candidates, key=lambda c: (-counts[c], c))


def _join_hyphenated(ms: list[_Mention]) -> None:
    """Write a double-barrelled name one way: "Kilroy Silk" becomes "Kilroy-Silk" when the corpus
    also writes it with the hyphen, so the two spellings are one person."""
    hyphenated = {fold(t.replace("-", " ")): t for m in ms if m.label == "PERSON" for t in m.tokens
                  if "-" in t.strip("-")}
    if not hyphenated:
        return
    for m in ms:
        if m.label != "PERSON" or len(m.tokens) < 2:
            continue
        tokens, i = [], 0
        while i < len(m.tokens):
            pair = fold(" ".join(m.tokens[i:i + 2]))
            if i + 1 < len(m.tokens) and pair in hyphenated:
                tokens.append(hyphenated[pair])
                i += 2
            else:
                tokens.append(m.tokens[i])
                i += 1
        m.tokens, m.display = _shared_name(tokens)


def _label_votes(ms: list[_Mention]) -> dict[str, Counter]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in ms:
        if m.label is not None:
            votes[fold(m.display)][m.label] += 1
    return votes


def _majority_other(votes: Counter) -> tuple[str | None, int]:
    """The most frequent non-person label of a name, and how often it was not a person."""
    rest = [(n, lab) for lab, n in votes.items() if lab != "PERSON"]
    if not rest:
        return None, 0
    _, lab = min(rest, key=lambda x: (-x[0], ENTITY_LABELS.index(x[1])))
    return lab, sum(n for n, _ in rest)


def _places_tagged_as_people(ms: list[_Mention]) -> None:
    """A "person" whose first word is a place elsewhere in the corpus is a place and a district
    ("Manchester Gorton", "Bristol South"); it must not become a carrier of that place's name."""
    place_votes = _label_votes(ms)
    for m in ms:
        if m.label == "PERSON" and len(m.tokens) >= 2 and not m.titled:
            first = m.tokens[0].casefold()
            lab, n_other = _majority_other(place_votes[first])
            if lab in PLACE_LABELS and first not in GIVEN_NAMES and n_other >= place_votes[first]["PERSON"]:
                m.label = lab


@dataclass
class _People:
    """The full (multi-word) person names of the corpus, indexed for attaching fragments to them."""

    full_count: Counter = field(default_factory=Counter)
    by_last: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_first: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    doc_full: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, ms: list[_Mention]) -> "_People":
        people = cls()
        full = [m for m in ms if m.label == "PERSON" and len(m.tokens) >= 2]
        people.full_count.update(fold(m.display) for m in full)
        for name in sorted(people.full_count):
            parts = name.split()
            people.by_last[parts[-1]].append(name)
            people.by_first[parts[0]].append(name)
        for m in full:
            people.doc_full[m.doc_id].add(fold(m.display))
        return people

    def best(self, names: list[str]) -> str:
        return _best(names, self.full_count)

    def longer_carrier(self, name: str, doc_id: str) -> str | None:
        """A longer full name ending in this one ("Duncan Smith" -> "Iain Duncan Smith")."""
        parts = name.split()
        found = [f for f in self.by_last.get(parts[-1], [])
                 if len(f.split()) > len(parts) and f.split()[-len(parts):] == parts]
        here = [f for f in found if f in self.doc_full[doc_id]]
        return self.best(here or found) if found else None

    def settle(self, name: str, doc_id: str) -> str:
        """The cluster of a full name: itself, or the longer name that carries it."""
        return self.longer_carrier(name, doc_id) or name

    def carriers_here(self, token: str, doc_id: str, tagged_person: bool) -> list[str]:
        """Full names of this document carrying a single name: by surname, by the first half of a
        double-barrelled surname ("Kilroy" for "Kilroy-Silk"), then by first name, which for a span
        the model did not call a person must be a known given name."""
        here = [f for f in self.by_last.get(token, []) if f in self.doc_full[doc_id]]
        if not here:
            here = [f for f in self.doc_full[doc_id] if "-" in f.split()[-1] and f.split()[-1].split("-")[0] == token]
        if not here and (tagged_person or token in GIVEN_NAMES):
            here = [f for f in self.by_first.get(token, []) if f in self.doc_full[doc_id]]
        return here

    def carriers_anywhere(self, token: str) -> list[str]:
        """Full names anywhere in the corpus with this surname (a first name alone says too little)."""
        return self.by_last.get(token, [])


def _attach_in_document(ms: list[_Mention], people: _People, lexicon: set[str], alias_map: dict) -> None:
    """In-document evidence first: a fragment of a full name in the same document is that person."""
    for m in ms:
        if m.label is None:
            continue
        folded = fold(m.display)
        if len(m.tokens) == 1:
            here = people.carriers_here(folded, m.doc_id, m.label == "PERSON")
            if here and (m.spacy_label == "PERSON" or not _aliased(folded, alias_map)):
                m.label, m.cluster = "PERSON", people.settle(people.best(here), m.doc_id)
        elif m.label != "PERSON" and not _aliased(org_key(m.display), alias_map):
            if folded in people.full_count or (
                    _person_shape(m.tokens, set()) and m.tokens[-1].casefold() in people.by_last
                    and not _common_word(m.tokens[0], lexicon)):
                m.label = "PERSON"


@dataclass(frozen=True)
class SingleName:
    """A one-word PERSON span no full name of its document carries, with the corpus' evidence."""

    mention: _Mention
    carriers: list[str]          # full names anywhere in the corpus with this surname
    other_label: str | None      # the name's most frequent non-person label, if any
    other_votes: int             # how often the corpus tagged the name as something else
    person_votes: int            # how often as a person (full names ending in it included)
    with_determiner: int         # bare PERSON spans of this name after "the", "his", ...
    bare: int                    # bare PERSON spans of this name


# What a single person name becomes, first rule that applies: (name, predicate, effect).
SINGLE_NAME_RULES: tuple[tuple[str, Callable[[SingleName], bool], str], ...] = (
    ("surname_of_a_full_name", lambda s: bool(s.carriers) and (not s.mention.common or _mid_sentence(s.mention)),
     "attach"),
    ("common_word", lambda s: s.mention.common, "drop"),
    ("mostly_something_else", lambda s: s.other_label is not None and s.other_votes >= s.person_votes
     and not s.mention.titled, "relabel"),
    ("thing_with_determiner", lambda s: s.with_determiner >= max(2, DETERMINER_SHARE * s.bare)
     and not s.mention.titled, "drop"),
    ("own_name", lambda s: True, "keep"),
)


def single_name_rule(s: SingleName) -> tuple[str, str]:
    """(rule name, effect) of the first single-name rule that applies."""
    return next((name, effect) for name, applies, effect in SINGLE_NAME_RULES if applies(s))


def _settle_single_name(s: SingleName, people: _People) -> None:
    m = s.mention
    _, effect = single_name_rule(s)
    if effect == "attach":
        m.cluster = people.settle(people.best(s.carriers), m.doc_id)
    elif effect == "drop":
        m.label = None
    elif effect == "relabel":
        m.label = s.other_label
    else:
        m.cluster = fold(m.display)


def _corpus_votes(ms: list[_Mention], people: _People) -> dict[str, Counter]:
    """Label votes of every name; a full name also votes PERSON for its surname."""
    votes = _label_votes(ms)
    for name, n in people.full_count.items():
        votes[name.split()[-1]]["PERSON"] += n
    return votes


def _attach_across_corpus(ms: list[_Mention], people: _People, alias_map: dict) -> None:
    """Corpus votes settle names tagged both ways where the document itself gave no full name."""
    votes = _corpus_votes(ms, people)
    bare_names = [m for m in ms if m.spacy_label == "PERSON" and len(m.tokens) == 1 and not m.titled]
    determined: Counter = Counter(fold(m.display) for m in bare_names if m.article_before)
    bare_count: Counter = Counter(fold(m.display) for m in bare_names)
    for m in ms:
        if m.label is None or m.cluster:
            continue
        folded = fold(m.display)
        if len(m.tokens) != 1:
            if m.label == "PERSON":
                m.cluster = people.settle(folded, m.doc_id)
            continue
        corpus = people.carriers_anywhere(folded)
        lab, n_other = _majority_other(votes[folded])
        person_votes = votes[folded]["PERSON"]
        if m.label == "PERSON":
            _settle_single_name(SingleName(m, corpus, lab, n_other, person_votes, determined[folded],
                                           bare_count[folded]), people)
        elif corpus and person_votes >= n_other and not _aliased(folded, alias_map):
            m.label, m.cluster = "PERSON", people.settle(people.best(corpus), m.doc_id)


def _resolve_people(ms: list[_Mention], lexicon: set[str], alias_map: dict) -> None:
    """Passes 2 and 3: index the full names, attach fragments to them, settle single names."""
    _join_hyphenated(ms)
    _places_tagged_as_people(ms)
    people = _People.of(ms)
    _attach_in_document(ms, people, lexicon, alias_map)
    _attach_across_corpus(ms, people, alias_map)


def _mid_sentence(m: _Mention) -> bool:
    """Running text of the body before the span, so its capital letter is the name's own."""
    before = m.sentence[: max(0, m.offset_in_sentence)].rstrip()
    return m.section == "body" and bool(before) and (before[-1].isalnum() or before[-1] in ",;")


def _aliased(key: str, alias_map: dict) -> bool:
    return key in alias_map or party_stripped(key, alias_map) in alias_map


# ---- pass 4: everything else, ids, tables --------------------------------------------------------


def _entity_id(label: str, name: str, taken: set[str]) -> str:
    """'PERSON:keir_starmer'; a short hash of the exact name is added only to break a collision."""
    name_slug = slug(name)
    base = f"{label}:{name_slug}" if name_slug else f"{label}:{hashlib.sha1(name.encode()).hexdigest()[:10]}"
    if base in taken:
        base = f"{base}_{hashlib.sha1(f'{label}|{name}'.encode()).hexdigest()[:6]}"
    return base


def _lexicon(rows: "_RawRows") -> set[str]:
    """Words the corpus writes in lower case: a capitalised span made only of these is not a name."""
    written: set[str] = set()
    for sentence in set(rows.sent_text) - {None}:
        written.update(LOWER_WORD.findall(sentence))
    return {w.casefold().translate(NAME_QUOTES) for w in written}  # each distinct word folded once


def _without_lowercase_lead(text: str, start: int) -> tuple[int, str]:
    """Cut lower-case words off the front of a person span ("stepson [Sholto]", "rang [Lucy]")."""
    while True:
        head, _, rest = text.partition(" ")
        if not rest or not head[:1].islower() or head.casefold() in PERSON_NAME_PARTICLES or not rest[:1].isupper():
            return start, text
        start, text = start + len(head) + 1, rest


def _with_given_name(sentence: str, at: int, sent_start: int, text: str) -> tuple[int, str]:
    """Extend a one-word person span over the given name just before it ("Iain [McNicol]")."""
    match = search_before(GIVEN_NAME_BEFORE, sentence[: max(0, at)])
    if match and match.group(1).casefold() in GIVEN_NAMES and text[:1].isupper():
        return sent_start + match.start(1), sentence[match.start(1): at] + text
    return sent_start + at, text


def _with_name_before(sentence: str, at: int, sent_start: int, text: str, alias_map: dict) -> tuple[int, str]:
    """Extend a span over a capitalised word before it when together they are a known name: an
    alias-table name ("Liberal [Democrat]") or a titled name ("Prince [Charles]")."""
    match = search_before(WORD_BEFORE, sentence[: max(0, at)])
    if match and match.group(1)[:1].isupper():
        word = match.group(1)
        joined = sentence[match.start(1): at] + text
        if word.casefold() in REGNAL_TITLES or (word.casefold() not in DETERMINERS and org_key(joined) in alias_map):
            return sent_start + match.start(1), joined
    return sent_start + at, text


@dataclass(frozen=True)
class _RawRows:
    """The raw mentions in reading order (document, title before body, offsets), as columns.

    Strings that repeat across mentions (document and sentence ids, sections, labels, span texts,
    sentences) are one shared object each, and no sorted copy of the frame is made: the corpus'
    mentions are held at once, so their size is the step's memory."""

    doc_id: list[str]
    section: list[str]
    sent_id: list[str | None]
    text: list[str]
    label: list[str]
    sent_text: list[str | None]
    char_start: list[int]
    char_end: list[int]
    sent_start: list[int]

    def __len__(self) -> int:
        return len(self.doc_id)

    @classmethod
    def of(cls, raw: pd.DataFrame) -> "_RawRows":
        section_rank = raw["section"].map({"title": 0, "body": 1}).fillna(2).to_numpy()
        doc_rank = pd.factorize(raw["doc_id"], sort=True)[0]
        order = np.lexsort((raw["char_end"].to_numpy(), raw["char_start"].to_numpy(), section_rank, doc_rank))
        sent_start = pd.to_numeric(raw["sent_start"]).fillna(0).astype("int64").to_numpy()
        return cls(*(_shared_strings(raw[c], order) for c in ("doc_id", "section", "sent_id", "text", "label",
                                                                 "sent_text")),
                   *(raw[c].to_numpy()[order].tolist() for c in ("char_start", "char_end")), sent_start[order].tolist())


def _shared_strings(values: pd.Series, order: np.ndarray) -> list[str | None]:
    """The column in `order`, one str object per distinct value, None for a missing one."""
    codes, uniques = pd.factorize(values)
    pool = [str(u) for u in uniques] + [None]  # code -1 (missing) picks the None at the end
    return [pool[c] for c in codes[order].tolist()]


def _mentions(rows: _RawRows, alias_map: dict) -> list[_Mention]:
    """One _Mention per raw mention, sharing the strings of `rows`."""
    out = []
    for i in range(len(rows)):
        text, start, end = trim_span(rows.text[i] or "", rows.char_start[i], rows.char_end[i])
        sent_start = rows.sent_start[i]
        sentence = rows.sent_text[i] or ""
        label = rows.label[i]
        if label == "PERSON":
            start, text = _without_lowercase_lead(text, start)
        if label == "PERSON" and " " not in text:
            start, text = _with_given_name(sentence, start - sent_start, sent_start, text)
        start, text = _with_name_before(sentence, start - sent_start, sent_start, text, alias_map)
        m = _Mention(i, rows.doc_id[i], rows.section[i], rows.sent_id[i], start, end, sys.intern(text), label,
                     sentence, start - sent_start)
        _context(m)
        _clean(m)
        out.append(m)
    return out


def _unit(rows: _RawRows, i: int) -> tuple:
    return rows.doc_id[i], rows.section[i], rows.sent_id[i]


def _unit_runs(rows: _RawRows) -> Iterator[tuple[tuple, int, int]]:
    """(unit, first row, end row) of each run of adjacent rows of one unit (doc_id, section, sent_id)."""
    first = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or _unit(rows, i) != _unit(rows, first):
            yield _unit(rows, first), first, i
            first = i


def _one_run_each(rows: _RawRows) -> bool:
    """No unit's rows come in two runs. (Units are compared by hash: a collision only costs the
    streaming, never the result.)"""
    seen: set[int] = set()
    for unit, _, _ in _unit_runs(rows):
        if hash(unit) in seen:
            return False
        seen.add(hash(unit))
    return True


def _sentence_units(rows: _RawRows) -> Iterator[tuple[tuple, tuple[int, str], list[tuple[int, int]]]]:
    """(unit, (sentence start, sentence), spans already taken) of every sentence that holds a mention.

    Its spans are those of all the unit's raw mentions; units come in the order their sentence first
    appears, the sentence as its last mention gives it. In reading order each unit's rows are one
    run, streamed a run at a time; otherwise they are gathered first."""
    if _one_run_each(rows):
        for unit, a, b in _unit_runs(rows):
            last = next((i for i in range(b - 1, a - 1, -1) if rows.sent_text[i] is not None), None)
            if last is not None:
                yield unit, (rows.sent_start[last], rows.sent_text[last]), list(zip(rows.char_start[a:b],
                                                                                    rows.char_end[a:b]))
        return
    spans: dict[tuple, list[tuple[int, int]]] = {}
    sentences: dict[tuple, tuple[int, str]] = {}
    for i in range(len(rows)):
        unit = _unit(rows, i)
        spans.setdefault(unit, []).append((rows.char_start[i], rows.char_end[i]))
        if rows.sent_text[i] is not None:
            sentences[unit] = (rows.sent_start[i], rows.sent_text[i])
    for unit, sentence in sentences.items():
        yield unit, sentence, spans[unit]


def _missed_names(rows: _RawRows, lexicon: set[str], non_person: set[str], first_row: int) -> list[_Mention]:
    """Names in a sentence the model saw but left untagged: after an honorific ("Mr Cable",
    "Professor Curtice"), or a given name + capitalised surname ("Iain McNicol").

    Only sentences that hold some mention are visible here. The surname must not be a common word,
    a title or an organisation word, and the pair must stand alone (no capitalised word either side),
    so "Victoria Station" or "Iain Duncan Smith" are not taken.
    """
    out = []
    for unit, (sent_start, sentence), taken in _sentence_units(rows):
        for match in HONORIFIC_NAME.finditer(sentence):
            start, end = sent_start + match.start(2), sent_start + match.end(2)
            words = match.group(2).split()
            if (any(w.casefold() in NOT_A_SURNAME for w in words)
                    or any(s < end and start < e for s, e in taken)):
                continue
            taken.append((start, end))
            m = _Mention(first_row + len(out), unit[0], unit[1], unit[2], start, end, match.group(2),
                         "PERSON", sentence, match.start(2))
            _context(m)
            _clean(m)
            out.append(m)
        for match in MISSED_NAME.finditer(sentence):
            given, surname = match.group(1), match.group(2)
            start, end = sent_start + match.start(), sent_start + match.end()
            if (given.casefold() not in GIVEN_NAMES or _common_word(surname, lexicon)
                    or surname.casefold() in NOT_A_SURNAME or surname.casefold() in non_person
                    or any(s < end and start < e for s, e in taken)):
                continue
            before = sentence[: match.start()].rstrip()
            previous = before.split()[-1] if before.split() else ""
            if previous[:1].isupper() and previous.rstrip(".").casefold() not in BEFORE_A_NAME:
                continue
            m = _Mention(first_row + len(out), unit[0], unit[1], unit[2], start, end, match.group(0),
                         "PERSON", sentence, match.start())
            _context(m)
            _clean(m)
            out.append(m)
    return out


def _entity_groups(kept: list[_Mention], alias_map: dict) -> dict[tuple[str, str], list[_Mention]]:
    """(label, canonical name) -> mentions. People whose clusters end with one name are one person."""
    clusters: dict[tuple[bool, str], list[_Mention]] = defaultdict(list)
    for m in kept:
        clusters[(m.label == "PERSON", m.cluster)].append(m)
    groups: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    person_names: dict[str, str] = {}
    for (is_person, cluster), members in sorted(clusters.items()):
        forms = Counter(m.display for m in members)
        if is_person:
            full = Counter({f: n for f, n in forms.items() if len(f.split()) >= 2})
            name = _best(list(full or forms), full or forms)
            label, name = "PERSON", person_names.setdefault(fold(name), name)
        elif cluster.startswith("alias:"):
            name, label = alias_map[cluster.removeprefix("alias:")]
        else:
            labels = Counter(m.label for m in members)
            label = min(labels, key=lambda lab: (-labels[lab], ENTITY_LABELS.index(lab)))
            name = _best(list(forms), forms)
        groups[(label, name)].extend(members)
    return groups


def resolve_entities(raw_mentions: pd.DataFrame, aliases: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Resolve raw NER mentions into (mentions, entities), corpus-wide.

    Every mention of one entity carries that entity's label, so a party tagged NORP in one sentence
    and ORG in another is one ORG entity. Mentions dropped as model errors are left out; mention ids
    are numbered in reading order (title first) after the drop.
    """
    if raw_mentions.empty:
        return empty_frame("mentions"), empty_frame("entities")
    rows = _RawRows.of(raw_mentions)
    alias_map = _alias_map(aliases)
    lexicon = _lexicon(rows)
    ms = _mentions(rows, alias_map)
    for m in ms:
        first_pass_rule(m, lexicon, alias_map)
    non_person = {fold(m.display) for m in ms if m.label not in (None, "PERSON")}
    ms += _missed_names(rows, lexicon, non_person, len(ms))
    for m in ms[len(rows):]:
        first_pass_rule(m, lexicon, alias_map)
    del rows
    ms.sort(key=lambda m: (m.doc_id, m.section != "title", m.start, m.end))
    _resolve_people(ms, lexicon, alias_map)

    # Non-person names: one key per name, 'X Party' folded into 'X' when X is a name on its own.
    others = [m for m in ms if m.label is not None and m.label != "PERSON"]
    known = {org_key(m.display) for m in others} | set(alias_map)
    for m in others:
        key = party_stripped(org_key(m.display), known)
        m.cluster = f"alias:{key}" if key in alias_map else key
    kept = [m for m in ms if m.label is not None]
    del ms, others  # the dropped spans go: the corpus' mentions are the step's memory

    entities = _entities_table(_entity_groups(kept, alias_map))
    return _mentions_table(kept), entities


def _entities_table(groups: dict[tuple[str, str], list[_Mention]]) -> pd.DataFrame:
    """One row per entity; every member mention takes the entity's label and id."""
    rows, taken = [], set()
    for (label, name), members in sorted(groups.items(), key=lambda item: (item[0][0], fold(item[0][1]), item[0][1])):
        forms = Counter(m.display for m in members)
        entity_id = _entity_id(label, name, taken)
        taken.add(entity_id)
        for m in members:
            m.label, m.entity_id = label, entity_id
        rows.append((entity_id, name, label, sorted(forms), len(members), len({m.doc_id for m in members})))
    return _by_key(pd.DataFrame(rows, columns=ENTITY_COLUMNS), "entities")


def _mentions_table(kept: list[_Mention]) -> pd.DataFrame:
    """The mentions table, built column by column (no row tuple or id string per mention in Python)."""
    if not kept:
        return pd.DataFrame([], columns=MENTION_COLUMNS)
    doc_ids = pd.Series([m.doc_id for m in kept], dtype="str")  # already in reading order
    fields = dict(zip(MENTION_COLUMNS[1:], ("doc_id", "sent_id", "section", "start", "end", "text", "label",
                                            "entity_id")))
    data = {MENTION_COLUMNS[0]: row_ids("mentions", doc_ids), "doc_id": doc_ids}
    for column, attr in fields.items():
        if column != "doc_id":
            values = [getattr(m, attr) for m in kept]
            data[column] = pd.Series(values, dtype="int64" if attr in ("start", "end") else "str")
    return _by_key(pd.DataFrame(data, columns=MENTION_COLUMNS), "mentions")


def _by_key(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The table in key order; rows built in that order already are not copied by a sort."""
    if frame[KEYS[table]].is_monotonic_increasing:
        return frame
    return frame.sort_values(KEYS[table]).reset_index(drop=True)


# The columns of the mentions table that co-occurrences read.
COOCCURRENCE_MENTION_COLUMNS = ["doc_id", "sent_id", "section", "entity_id"]
# Documents per self-join of their body mentions: the join's rows grow with the square of the
# entities in a sentence, so the corpus is joined a slice at a time.
COOCCURRENCE_CHUNK_DOCS = 5_000


def cooccurrences(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of distinct entities named in one body sentence, counted by sentence and by document.

    Sentences, documents and entities are joined as integer codes (entity codes in the order of
    their ids, so code order is id order), a slice of documents at a time; a document lies in one
    slice, so the slices' counts of documents add up."""
    body = mentions.loc[(mentions["section"] == "body") & mentions["sent_id"].notna(),
                        ["doc_id", "sent_id", "entity_id"]]
    doc_codes = pd.factorize(body["doc_id"])[0]
    sentence_codes = pd.factorize(pd.MultiIndex.from_arrays([body["doc_id"], body["sent_id"]]))[0]
    entity_codes, entity_ids = pd.factorize(body["entity_id"], sort=True)
    named = pd.DataFrame({"d": doc_codes, "s": sentence_codes, "e": entity_codes}).drop_duplicates()
    if named.empty:
        return empty_frame("cooccurrences")
    named = named.sort_values("d", kind="stable")
    doc = named["d"].to_numpy()
    counts = []
    for first in range(0, int(doc[-1]) + 1, COOCCURRENCE_CHUNK_DOCS):
        lo, hi = np.searchsorted(doc, [first, first + COOCCURRENCE_CHUNK_DOCS])
        part = named.iloc[lo:hi]
        pairs = part.merge(part[["s", "e"]], on="s", suffixes=("_a", "_b"))
        pairs = pairs[pairs["e_a"] < pairs["e_b"]]
        counts.append(pairs.groupby(["e_a", "e_b"], sort=False).agg(n_sentences=("s", "size"),
                                                                    n_documents=("d", "nunique")))
    counted = pd.concat(counts).groupby(level=["e_a", "e_b"], sort=False).sum().reset_index()
    if counted.empty:
        return empty_frame("cooccurrences")
    a = entity_ids.take(counted["e_a"].to_numpy()).tolist()
    b = entity_ids.take(counted["e_b"].to_numpy()).tolist()
    out = pd.DataFrame({"pair_id": [pair_id(x, y) for x, y in zip(a, b)], "entity_a": a, "entity_b": b,
                        "n_sentences": counted["n_sentences"].to_numpy("int64"),
                        "n_documents": counted["n_documents"].to_numpy("int64")}, columns=COOCCURRENCE_COLUMNS)
    return out.sort_values(KEYS["cooccurrences"]).reset_index(drop=True)
