"""Comparison forms of text and the word lists that several rule sets share.

One comparison function serves every rule that asks "is this the same text?": NFKC, a table of
typographic forms mapped to plain ones, single spaces, case-folded. The rules differ only in the
table they pass. Shared word lists are a base here; a rule set that needs more words adds a named
extension beside its own rules, so each rule keeps exactly the words it was tuned with.

>>> comparison_form("  The \u2018Brexit\u2019   deal\u2014done ")
"the 'brexit' deal-done"
>>> comparison_form("Rock \u0060n\u0060 roll", NAME_QUOTES)
"rock 'n' roll"
>>> comparison_form("Don\u2019t  Stop", NO_FOLDING)
'don\u2019t stop'
"""
from __future__ import annotations

import re
import unicodedata

_TYPOGRAPHIC = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}

# Curly quotes, dashes and the no-break space, as page text writes them.
TYPOGRAPHIC_QUOTES = str.maketrans(_TYPOGRAPHIC)
# The same plus the apostrophe-like marks that names carry ("Oʼ Neill", "O`Brien").
NAME_QUOTES = str.maketrans({**_TYPOGRAPHIC, "ʼ": "'", "`": "'"})
# No character mapped: NFKC, spacing and case only.
NO_FOLDING = str.maketrans({})

_SPACES = re.compile(r"\s+")


def comparison_form(text: str, quotes: dict[int, str] = TYPOGRAPHIC_QUOTES) -> str:
    """NFKC, `quotes` mapped, whitespace runs as one space, stripped, case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(quotes)
    return _SPACES.sub(" ", text).strip().casefold()


# Particles inside personal names ("Ursula von der Leyen", "Osama bin Laden"), lower-cased.
NAME_PARTICLES = frozenset("de da del della der den di du la le van von bin al el st".split())

# Nouns naming a journalist's job: a byline's role, and a role word before a person's name.
JOURNALIST_ROLES = frozenset("correspondent editor reporter writer columnist journalist".split())

# Singular -> plural of the nouns whose plural is not the singular plus "s".
IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women", "child": "children", "staff": "staff"}
