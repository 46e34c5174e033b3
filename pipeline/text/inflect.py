"""Singular and plural of head nouns and past participles of verbs, enough for readable labels."""
from __future__ import annotations

from pipeline.text.normalise import IRREGULAR_PLURALS

# Plurals of label head nouns: the irregular ones, and nouns that are their own plural.
LABEL_PLURALS = IRREGULAR_PLURALS | {"people": "people", "police": "police", "sheep": "sheep"}
IRREGULAR_SINGULARS = {plural: singular for singular, plural in LABEL_PLURALS.items()
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
    if word in LABEL_PLURALS:
        return LABEL_PLURALS[word]
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
