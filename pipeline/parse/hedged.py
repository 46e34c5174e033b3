"""Whether a figure is hedged: an estimate or a possibility rather than a reported fact.

An approximate qualifier, or a hedge word (HEDGE_WORDS: modals, "expected", "estimated",
"reportedly", ...) on the figure or on the path from it up to the root of the sentence (or of the
relative clause holding it), so that a "could" in another clause does not hedge it.
"""
from __future__ import annotations

from pipeline.text.numbers import NumberMatch

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
