"""Who said a figure: the name mention at the subject of the speech verb that governs it.

The speaker is found when a speech verb (SPEECH_VERBS) governs the figure, or when the sentence
says "according to X"; it is the mention (a PERSON or ORG span) at the subject. A "he"/"she"
subject falls back to the person named in the nearest earlier sentence that does not itself open
with a pronoun. The result is a span of the text, not an entity: which entity a span names is
settled corpus-wide later, so a document's parse never waits for entity resolution.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.parse.reading import TextUnit

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


@dataclass(frozen=True)
class MentionSpan:
    """A name mention that can speak: where it is (title, standfirst or body) and its offsets there."""

    section: str
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class SpeakerContext:
    """Speaker mentions by (doc_id, section), and each document's body sentences as (start, end, text)."""

    mentions: dict[tuple[str, str], list[MentionSpan]]
    sentences: dict[str, list[tuple[int, int, str]]]


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


def _starts_with_pronoun(text: str) -> bool:
    first = re.match(r"[\W_]*([A-Za-z]+)", text)
    return bool(first) and first.group(1).lower() in PERSON_PRONOUNS


def antecedent_person(unit: TextUnit, context: SpeakerContext) -> MentionSpan | None:
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
            return named[0]
    return None


# The plural of an initialism ("MPs", "MEPs", "GPs") names a class of people, not one organisation,
# though the tagger reads it as a proper noun and the NER as an organisation.
PLURAL_INITIALISM = re.compile(r"^[A-Z]{2,}s$")


def is_name(token) -> bool:
    """The subject's head word is a name that can speak (a person or an organisation)."""
    return token.pos_ == "PROPN" and not PLURAL_INITIALISM.match(token.text)


def attribution(unit: TextUnit, head, context: SpeakerContext) -> MentionSpan | None:
    """The mention of the speaker of the figure, or None. A mention counts as the speaker when it
    covers the subject's head word and that word is a name (a common noun such as "Reports" is not a
    speaker even when NER labelled it), or when it is a name inside the subject phrase beside a
    common-noun head ("a Home Office spokesman")."""
    subject = speaker_token(head)
    if subject is None:
        return None
    spans = context.mentions.get((unit.doc_id, unit.section), [])
    s0, s1 = unit.base + subject.idx, unit.base + subject.idx + len(subject)
    if is_name(subject):
        for m in spans:
            if m.start < s1 and m.end > s0:
                return m
    sub = list(subject.subtree)
    t0, t1 = unit.base + sub[0].idx, unit.base + sub[-1].idx + len(sub[-1])
    # A name inside the subject phrase ("a Home Office spokesman"); over its head, which the tagger
    # does not read as a name, only a person: "Reports", "Sources" or "MPs" tagged ORG do not speak,
    # a rare surname tagged as a noun does.
    inner = [m for m in spans if m.start >= t0 and m.end <= t1
             and (m.label == "PERSON" or not (m.start < s1 and m.end > s0))]
    if inner:
        return next((m for m in inner if m.label == "PERSON"), inner[0])
    if subject.lower_ in PERSON_PRONOUNS and unit.section == "body":
        return antecedent_person(unit, context)
    return None
