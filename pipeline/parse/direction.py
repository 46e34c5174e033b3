"""The direction of a change a figure states: "up", "down" or None.

A figure states a change when it is the amount by which something moved, not the level it moved
from or to: in "shares fell 3.4% to 245p" the 3.4% is a fall and the 245p a level. The rules read
the dependency parse of the figure's sentence (spaCy tokens; this module imports no spaCy) and
run in order, the first that decides wins:

- level: the figure is the object of "to", "from" or "at" ("rose to £3bn", "from 4%") -> None
- by_after_change_verb: "dropped by 21,000", "raised fees by 10%"
- up_or_down_word: "up 5pc", "down 3%", "15 points higher", "5% lower"
- change_noun: the figure measures a change noun ("a 25% rise", "a £2bn cut", "a rise of 5%")
- change_verb: the figure is the object of a change verb or of its "by" ("fell 3.4%", "cut by
  £2bn", "grew more than sixfold", "cut 300 jobs")
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Lemmas of verbs and nouns that state a rise or a fall.
UP_VERBS = frozenset(
    "rise increase grow climb jump gain soar surge rocket rally rebound recover advance improve swell spike "
    "leap balloon boom hike accelerate expand double treble triple quadruple boost add lift up".split())
DOWN_VERBS = frozenset(
    "fall drop decline decrease slip slide shrink cut reduce lower lose plunge tumble slump sink dip ease "
    "shed plummet contract halve trim slash shave crash retreat dive weaken erode sag wipe down".split())
# Verbs that state a change only with "by" ("raised prices by 5%", not "raised £5m").
UP_VERBS_WITH_BY = frozenset("raise extend widen".split())
DOWN_VERBS_WITH_BY = frozenset("narrow undercut".split())
UP_NOUNS = frozenset(
    "rise increase growth gain jump surge boost hike climb rebound upturn uplift leap spike rally "
    "improvement expansion".split())
DOWN_NOUNS = frozenset(
    "fall decrease drop decline cut reduction slump dip slide plunge contraction downturn shrinkage "
    "slowdown".split())
# Change verbs whose object, when it is a count, is what was won, lost or scored ("lost 10 games", "added four
# conversions"), not a change.
NOT_COUNT_CHANGE_VERBS = frozenset({"lose", "gain", "add"})
# Nouns that count occasions, not the thing that changed ("rates rose five times").
OCCASION_NOUNS = frozenset({"times", "occasions"})
UP_WORDS = frozenset({"up", "higher"})
DOWN_WORDS = frozenset({"down", "lower"})
# Prepositions whose object is a level, not a change ("to £3bn", "from 4%", "at 4,751").
LEVEL_PREPOSITIONS = frozenset({"to", "from", "at"})
# Links from a figure to the verb it is the amount of.
AMOUNT_DEPS = frozenset({"dobj", "npadvmod", "advmod", "obj", "attr", "oprd", "acomp", "nummod", "quantmod"})
# Links from a number to the noun it counts or measures ("300 jobs", "25% rise").
MODIFIER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod"})

UP, DOWN = "up", "down"
LEVEL = "level"  # a rule's verdict that the figure is a level: no direction, and no later rule runs


def _lemma(token: Any) -> str:
    return token.lemma_.lower()


def _sense(lemma: str, up: frozenset[str], down: frozenset[str]) -> str | None:
    return UP if lemma in up else DOWN if lemma in down else None


def _words_before(head: Any, inside: set[int], n: int) -> list[Any]:
    """The n tokens just before the figure, nearest last."""
    first = min(inside)
    return [head.doc[k] for k in range(max(0, first - n), first)]


def _level(head: Any, inside: set[int], kind: str) -> str | None:
    """"rose to £3bn", "from 4% to 5%", "closed at 4,751": a level. Read from the words as well as the
    parse, which sometimes joins "by 21,000 to 1.4 million" into one quantity."""
    before = _words_before(head, inside, 1)
    if (before and before[-1].lower_ in LEVEL_PREPOSITIONS) or \
            (head.dep_ == "pobj" and head.head.lower_ in LEVEL_PREPOSITIONS):
        return LEVEL
    return None


def _by_after_change_verb(head: Any, inside: set[int], kind: str) -> str | None:
    """"dropped by 21,000", "raised fees by 10%": "by" just after a change verb, from the words."""
    before = _words_before(head, inside, 3)
    if len(before) < 2 or before[-1].lower_ != "by":
        return None
    for verb in reversed(before[:-1]):
        sense = _sense(_lemma(verb), UP_VERBS | UP_VERBS_WITH_BY, DOWN_VERBS | DOWN_VERBS_WITH_BY)
        if sense is not None and verb.pos_ in ("VERB", "AUX"):
            return sense
    return None


def _up_or_down_word(head: Any, inside: set[int], kind: str) -> str | None:
    """"up 5pc", "down 3%", "15 points higher", "close 12% down"; not the particle of "making up"."""
    before = (_words_before(head, inside, 1) or [None])[-1]
    if before is not None and before.lower_ in UP_WORDS | DOWN_WORDS and before.pos_ in ("ADV", "ADP", "ADJ") \
            and before.dep_ != "prt":
        return _sense(before.lower_, UP_WORDS, DOWN_WORDS)
    last = max(inside)
    after = head.doc[last + 1] if last + 1 < len(head.doc) else None
    if after is not None and after.lower_ in UP_WORDS | DOWN_WORDS and after.dep_ != "prt":
        return _sense(after.lower_, UP_WORDS, DOWN_WORDS)
    parent = head.head
    if parent.i not in inside and parent.lower_ in UP_WORDS | DOWN_WORDS and head.dep_ in MODIFIER_DEPS:
        return _sense(parent.lower_, UP_WORDS, DOWN_WORDS)
    return None


def _change_noun(head: Any, inside: set[int], kind: str) -> str | None:
    """"a 25% rise", "a £2bn cut", "a fivefold increase", "a rise of 5%"."""
    parent = head.head
    if parent.i in inside:
        return None
    if head.dep_ in MODIFIER_DEPS and parent.pos_ == "NOUN":
        return _sense(_lemma(parent), UP_NOUNS, DOWN_NOUNS)
    if head.dep_ == "pobj" and parent.lower_ == "of" and parent.head.pos_ == "NOUN":
        return _sense(_lemma(parent.head), UP_NOUNS, DOWN_NOUNS)
    return None


def _change_verb(head: Any, inside: set[int], kind: str) -> str | None:
    """"fell 3.4%", "cut by £2bn", "has risen by an average of 5%", "cut 300 jobs"."""
    token = head
    if kind == "count" and token.dep_ in MODIFIER_DEPS and token.head.pos_ in ("NOUN", "PROPN") \
            and token.head.i not in inside and token.head.lower_ not in OCCASION_NOUNS:
        token = token.head  # "cut 300 jobs": the counted noun is the verb's object (not "lost his 100m title")
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN" \
            and token.head.head.dep_ == "pobj":
        token = token.head.head  # "by an average of 5%"
    parent = token.head
    if token.dep_ == "pobj" and parent.lower_ == "by":
        verb = parent.head
        if verb.pos_ in ("VERB", "AUX"):
            return _sense(_lemma(verb), UP_VERBS | UP_VERBS_WITH_BY, DOWN_VERBS | DOWN_VERBS_WITH_BY)
        return None
    if token.dep_ in AMOUNT_DEPS and parent.pos_ in ("VERB", "AUX"):
        if kind == "count" and _lemma(parent) in NOT_COUNT_CHANGE_VERBS:
            return None
        return _sense(_lemma(parent), UP_VERBS, DOWN_VERBS)
    return None


# Ordered rules: (name, rule(head, inside, kind)). A rule returns "up", "down", LEVEL (stop: no direction) or None (undecided).
DIRECTION_RULES: tuple[tuple[str, Callable[[Any, set[int], str], str | None]], ...] = (
    ("level", _level),
    ("by_after_change_verb", _by_after_change_verb),
    ("up_or_down_word", _up_or_down_word),
    ("change_noun", _change_noun),
    ("change_verb", _change_verb),
)


def direction_rule(head: Any, inside: set[int], kind: str) -> tuple[str, str] | None:
    """(name, verdict) of the first direction rule that decides the figure, or None."""
    for name, rule in DIRECTION_RULES:
        verdict = rule(head, inside, kind)
        if verdict is not None:
            return name, verdict
    return None


def figure_direction(head: Any, inside: set[int], kind: str) -> str | None:
    """"up", "down" or None for the figure of kind `kind` whose head token is `head` and whose token
    indexes are `inside`."""
    decided = direction_rule(head, inside, kind)
    if decided is not None:
        return None if decided[1] == LEVEL else decided[1]
    if head.dep_ == "conj" and head.head.i not in inside and head.head.like_num is not None:
        first = head.head  # "rose by £106m or 47.3%": the second figure shares the first one's change
        return figure_direction(first, {first.i} | {t.i for t in first.children if t.dep_ in ("nummod", "nmod")}, kind)
    return None
