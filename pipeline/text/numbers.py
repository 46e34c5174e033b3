"""Number phrases in running text -> normalised figures (value, range, unit, qualifier).

Pure and table-driven: the text is cut into word, number and symbol tokens, and a small parser walks
the tokens trying, at each position, a qualifier ("an estimated", "fewer than"), then a quantity (a
currency sign, digits or number words, a scale, a unit), then a range continuation ("to", "-",
"and" after "between"). Every word list the parser consults is a module-level table, so a new unit
or qualifier is one new row. Values follow the data contract: money in currency units, percent as
written, ratio as a fraction, vague quantities as a low/high range with no value.

Numbers that are not figures (calendar years, dates, times of day, ordinals, list numbering, numbers
inside names and codes, phone numbers, sport scores, the pronoun "one") are recognised and skipped.

>>> [(m.text, m.value, m.unit, m.qualifier) for m in find_numbers("Over 3,000 people paid £4.4m in 2015.")]
[('Over 3,000', 3000.0, 'count', 'more_than'), ('£4.4m', 4400000.0, 'GBP', 'exact')]
>>> m = parse_number("tens of thousands")
>>> (m.value, m.low, m.high, m.qualifier)
(None, 20000.0, 99999.0, 'vague')
>>> [(m.text, m.value, m.unit) for m in find_numbers("a nine-hour meeting; one in four said no")]
[('nine-hour', 9.0, 'hour'), ('one in four', 0.25, 'ratio')]
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.schemas import CURRENCY_UNITS, DURATION_UNITS, FIGURE_KINDS, FIGURE_UNITS, QUALIFIERS
from pipeline.text.normalise import IRREGULAR_PLURALS
from pipeline.text.units import (
    CURRENCY_SIGNS,
    DOLLAR_SUFFIXES,
    LETTER_PREFIXES,
    PER_WORDS,
    SIGN_PREFIXES,
    currency_word,
    measure_unit,
    rate_unit,
)

# ---- result --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberMatch:
    start: int
    end: int
    text: str
    kind: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    number_start: int
    number_end: int
    unit_text: str | None = None  # the unit as written ("mph", "per cent", "A$"); None for a bare count


# ---- word tables ---------------------------------------------------------------------------------

SMALL_NUMBER_WORDS: dict[str, int] = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split())
}
TENS_WORDS: dict[str, int] = {
    w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
SCALE_WORDS: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                                 "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7}
SCALE_ABBREVIATIONS: dict[str, float] = {"bn": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12}
# Suffixes glued to digits that scale the number; "m", "M" and "b" scale only after a currency sign.
GLUED_SCALES: dict[str, float] = {"k": 1e3, "K": 1e3, **SCALE_ABBREVIATIONS}
GLUED_SCALES_AFTER_CURRENCY: dict[str, float] = {"m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "bn": 1e9,
                                                  "Bn": 1e9, "BN": 1e9, "MN": 1e6, "tr": 1e12}
FRACTION_CHARACTERS: dict[str, float] = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
# Denominator words: singular and plural.
FRACTION_WORDS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
    "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9,
    "ninths": 9, "tenth": 10, "tenths": 10,
}
# Words after a bare "half" that make it a share of something ("half of", "half the voters").
HALF_FOLLOWERS = frozenset(
    "of the their its his her our my your them these those all this that".split())
# Words before "half" that make it a part of a period, match or place ("the first half of 2006").
HALF_AS_PART = frozenset(
    "first second other opposite latter former final top bottom lower upper back front northern southern "
    "eastern western".split())

PERCENT_WORDS: dict[tuple[str, ...], str] = {
    ("%",): "percent", ("per", "cent"): "percent", ("percent",): "percent", ("pc",): "percent",
    ("percentage", "points"): "point", ("percentage", "point"): "point",
    ("basis", "points"): "basis_point", ("basis", "point"): "basis_point", ("bps",): "basis_point",
    ("bp",): "basis_point",
}
# Duration words: (unit, multiplier).
DURATION_WORDS: dict[str, tuple[str, float]] = {
    **{w: ("millisecond", 1.0) for w in ("millisecond", "milliseconds", "ms", "msec")},
    **{w: ("second", 1.0) for w in ("second", "seconds", "sec", "secs")},
    **{w: ("minute", 1.0) for w in ("minute", "minutes", "min", "mins")},
    **{w: ("hour", 1.0) for w in ("hour", "hours", "hr", "hrs")},
    **{w: ("day", 1.0) for w in ("day", "days")},
    **{w: ("week", 1.0) for w in ("week", "weeks")},
    **{w: ("week", 2.0) for w in ("fortnight", "fortnights")},
    **{w: ("month", 1.0) for w in ("month", "months")},
    **{w: ("year", 1.0) for w in ("year", "years", "yr", "yrs")},
    **{w: ("year", 10.0) for w in ("decade", "decades")},
    **{w: ("year", 100.0) for w in ("century", "centuries")},
}
# Durations that "a" alone can count ("a decade" is a figure, "a year" is too common to be one).
ARTICLE_DURATIONS = frozenset({"decade", "century", "fortnight"})

# Single letters and words that pint reads as a unit but that, spaced from a number, are English
# ("5 in the morning", "3 a day") or too short to trust ("5 m", "10 s"). Glued ("5in", "3m") they count.
SPACED_NOT_UNITS = frozenset("in a an at are as be by do is it of on or to so no per s h m g t l b c d f k "
                             "v w C F K M G B A V W".split())
# Single letters that are units glued to digits ("3m", "5g", "2t", "5C", "60W", "12V").
GLUED_LETTER_UNITS = frozenset("m g t l C F W V".split())
# Measure phrases are read from up to this many tokens after the number ("miles per hour", "km / h"),
# made of words and these symbols.
MEASURE_SPAN = 4
UNIT_SYMBOLS = frozenset({"/", "-", "°", "º", "²", "³"})
# Words of a market or index that make "points" index points ("the index closed 58.06 points down").
INDEX_CONTEXT_WORDS = frozenset("index indices indexes average shares stocks stock market markets bourse "
                                "benchmark".split())
# Periods a count can be given per ("7.4 rebounds per game", "40 times a minute").
RATE_PERIODS: dict[str, str] = {
    **{w: unit for w, (unit, factor) in DURATION_WORDS.items() if factor == 1.0 and w == unit and rate_unit(unit)},
    "game": "game", "match": "game",
}
# Singular unit words that measure only before "of" ("a cup of sugar"; not "two cup ties").
SINGULARS_NEEDING_OF = frozenset({"cup"})
# Currency words that need their country's adjective ("Mexican pesos", "Swiss francs").
AMBIGUOUS_CURRENCY_WORDS = frozenset("pesos peso francs franc dinars dinar".split())
# Words after "a year" that make it a point in time, not a rate ("a year earlier").
RATE_NOT_BEFORE = frozenset({"earlier", "ago", "before", "later", "previously"})
# Inch marks after digits, and the words after a straight quote that make it one ('22" long').
INCH_MARKS = frozenset({'"', "″", "”"})
INCH_FOLLOWERS = frozenset("long wide tall high deep screen display monitor tv television laptop tablet x".split())
# Number words that "-fold" multiplies ("sixfold", "tenfold").
FOLD_SUFFIX = "fold"
# Adjectives that may stand between a number and a duration ("four straight years", "45 human hours").
DURATION_ADJECTIVES = frozenset("straight consecutive successive long full short further more additional extra "
                                "human working calendar solid whole hard difficult lean record".split())
# Words that make "pounds" a weight ("he weighed 243 pounds").
WEIGHT_WORDS = frozenset("weigh weighs weighed weighing weight weights heavier lighter overweight".split())
DETERMINERS = frozenset("the its their his her our a an this that".split())
# Singular product nouns after a determiner and a number that name a model ("the 777 program").
MODEL_NOUNS = frozenset("phone handset jet jetliner airliner plane model series engine chip processor program "
                        "programme console camera".split())
# Words before or around a bare number that make it an age ("aged 34", "at the age of 34").
AGE_LEADS = frozenset({"aged", "age", "ages"})
# After a bare glued "m", a plural noun means million ("3m people"); these plurals follow metres.
# Plural nouns without an "s" that a count may quantify ("200 people", "12 staff").
PLURAL_PEOPLE_NOUNS = frozenset(IRREGULAR_PLURALS.values()) | {"personnel"}
METRE_PLURALS = frozenset(
    "hurdles races heats finals titles events medals records times metres runners sprinters athletes "
    "specialists swimmers champions".split())

# Qualifier phrases before a figure (lowercase token sequences).
QUALIFIER_PHRASES: dict[tuple[str, ...], str] = {
    **{tuple(p.split()): "approx" for p in (
        "an estimated", "estimated", "around", "about", "roughly", "some", "approximately", "circa",
        "approx", "an approximate", "close to", "in the region of", "around about", "give or take")},
    **{tuple(p.split()): "more_than" for p in (
        "over", "more than", "above", "in excess of", "upwards of", "just over", "well over",
        "greater than", "just above", "well above", "comfortably over", "nearly over")},
    **{tuple(p.split()): "fewer_than" for p in (
        "under", "fewer than", "less than", "below", "almost", "nearly", "just under", "just short of",
        "just below", "well under", "well below", "short of", "not quite")},
    **{tuple(p.split()): "at_least" for p in (
        "at least", "a minimum of", "no fewer than", "no less than", "not less than", "not fewer than")},
    **{tuple(p.split()): "at_most" for p in (
        "as many as", "up to", "no more than", "at most", "a maximum of", "not more than", "as much as",
        "as high as", "as long as")},
    **{tuple(p.split()): "exact" for p in ("exactly", "precisely")},
}
# Words before a number that stress it without qualifying it ("only 45,000"); find_numbers leaves
# them out of the figure's text and parse_number accepts them.
EXACT_LEADS = r"(only|just|a mere|a total of)\s+(?=\S)"
# Words that open a range: the word that must join the two ends.
RANGE_OPENERS: dict[str, str] = {"between": "and", "from": "to"}
# Plural words after "3-1" that keep it a score.
SCORE_WORDS = frozenset("wins victories defeats draws losses leads sets games points goals".split())
# Words after a bare second number that still let it share the first one's unit ("from six months to nine a year").
RANGE_FOLLOWERS = frozenset("a an per each of in on for and or to at by from than".split())
RANGE_JOINERS = frozenset({"-", "–", "—", "to", "or"})
# Words before "from"/"to" that make "from X to Y" a change, not a range ("rose from 4% to 5%").
CHANGE_WORDS = frozenset(
    "rose fell risen fallen rise fall rising falling increase increased increases decrease decreased "
    "dropped drop drops climbed climb jumped jump grew grown growth slipped slumped soared surged plunged "
    "cut cuts raised raise reduced reduce reduction up down went gone moved changed lowered lifted "
    "boosted trimmed slashed doubled halved expanded shrank shrunk declined gained lost edged eased "
    "tumbled dipped rallied recovered by increasing decreasing going goes moving moves".split())

# Tokens looked back from "from" for a change verb that makes "from X to Y" a before and after.
CHANGE_LOOKBACK = 12

# Vague quantities: phrase -> (low, high).
VAGUE_PHRASES: dict[tuple[str, ...], tuple[float, float]] = {
    ("tens", "of", "thousands"): (20_000, 99_999),
    ("hundreds", "of", "thousands"): (200_000, 999_999),
    ("tens", "of", "millions"): (20_000_000, 99_999_999),
    ("hundreds", "of", "millions"): (200_000_000, 999_999_999),
    ("tens", "of", "billions"): (20e9, 99_999_999_999),
    ("hundreds", "of", "billions"): (200e9, 999_999_999_999),
    ("dozens",): (24, 99),
    ("hundreds",): (200, 999),
    ("thousands",): (2_000, 9_999),
    ("millions",): (2_000_000, 9_999_999),
    ("billions",): (2e9, 9_999_999_999),
    ("a", "few", "dozen"): (24, 99), ("several", "dozen"): (24, 99),
    ("a", "few", "hundred"): (200, 999), ("several", "hundred"): (200, 999),
    ("a", "few", "thousand"): (2_000, 9_999), ("several", "thousand"): (2_000, 9_999),
    ("many", "thousands"): (2_000, 9_999),
    ("a", "few", "million"): (2_000_000, 9_999_999), ("several", "million"): (2_000_000, 9_999_999),
    ("a", "few", "billion"): (2e9, 9_999_999_999), ("several", "billion"): (2e9, 9_999_999_999),
}
# Comparatives after "N times" that make it a multiplier ("three times as many").
TIMES_COMPARATIVES = frozenset(
    "as more higher bigger larger greater faster lower smaller longer shorter less fewer the over "
    "likely cheaper dearer heavier stronger worse better slower richer older younger costlier "
    "deadlier wider taller above".split())

# Words after "times as" that make "as" a role, not a comparison.
TIMES_AS_NOT_COMPARATIVE = frozenset("a an the his her their its my our your part well".split())
# Tokens after which a capitalised word starts a sentence or a quotation.
SENTENCE_OPENERS = frozenset({".", "!", "?", ":", ";", '"', "“", "‘", "'", "(", "[", "—", "–", "-", "•", "*"})
MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
TIME_OF_DAY_WORDS = frozenset({"am", "pm", "o'clock", "o’clock", "gmt", "bst"})
# Capitalised words that may stand just before a number without making it part of a name.
COMMON_CAPITALISED = frozenset(
    "The A An In On At By For From With Of To And But Or So Yet Only Just Some All About Around "
    "Over Under Nearly Almost Another Its Their His Her Our My Your These Those This That When "
    "While After Before Since Until If As Than Every Each Last Next Top Up Down Then Now Also Still "
    "Even Both Less More Fewer Most Least Roughly Approximately Exactly Precisely Estimated I We "
    "They He She It You Barely Already Between Among Including Is Are Was Were Be Been Has Have Had "
    "Will Would Could Should Might Must Can Did Do Does Said Says Say Per Like Unlike Despite "
    "Within Without Across Page Totalling Total Extra Additional".split()
)
# Words in -ing that are prepositions, not verbs ("in one day during the strike" is a duration).
ING_PREPOSITIONS = frozenset("during including following according regarding concerning "
                             "excluding notwithstanding pending".split())
# Words before "one day" that make it a length of time ("within one day"), not "some day".
ONE_DAY_LEADS = frozenset("for in within only just than of after over per by on least most".split())
# Words before a bare number that make it a rank or label ("number 11", "No 10").
NUMBER_LABEL_WORDS = frozenset({"number", "no", "nos", "num", "nr"})
# Nouns that label what follows them with a number ("a category 4 hurricane", "stage 3", "size 10").
LABEL_NOUNS = frozenset("category level grade type stage tier phase class size chapter section clause page "
                        "article room gate platform route flight junction series season episode version "
                        "round step".split())
# Street words after a house number ("10 Downing Street", "9 E 71st St").
STREET_WORDS = frozenset("Street St Road Rd Avenue Ave Lane Ln Boulevard Blvd Drive Place Way Square Terrace "
                         "Crescent Court Row Parkway Highway Hwy".split())
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
# Words that close a name after a number ("50 Cent who", "19 Entertainment company to").
NAME_ENDERS = frozenset("who whom whose which that to in on at for with by from as is was has had have are "
                        "were be been will would can could said says also".split())
# Word numbers that stand alone as a figure only with a unit after them.
NEEDS_UNIT_WORDS = frozenset({"one", "zero"})




def _check_tables() -> None:
    """Every unit and qualifier a table can produce is in the closed vocabularies of the contract
    (currencies and measures are checked in units.py)."""
    durations = {u for u, _ in DURATION_WORDS.values()}
    rates = {rate_unit(period) for period in RATE_PERIODS.values()}
    problems = [
        (name, sorted(str(v) for v in found - set(allowed)))
        for name, found, allowed in (
            ("duration", durations, DURATION_UNITS), ("percent", set(PERCENT_WORDS.values()), FIGURE_UNITS),
            ("rate", rates, FIGURE_UNITS), ("qualifier", set(QUALIFIER_PHRASES.values()), QUALIFIERS))
        if not found <= set(allowed)
    ]
    if problems:
        raise ValueError(f"number tables produce values outside the vocabularies: {problems}")


_check_tables()

# ---- tokens --------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?[½¼¾⅓⅔]?|\d+(?:\.\d+)?[½¼¾⅓⅔]?|[½¼¾⅓⅔])"
    r"|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)*)"
    r"|(?P<sym>\S)"
)
_POSSESSIVE_RE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    kind: str    # num, word or sym
    low: str     # lowercase, possessive stripped
    core_end: int  # end without a possessive "'s"


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        word = m.group()
        core_end = m.end()
        if kind == "word" and _POSSESSIVE_RE.search(word) and len(word) > 2:
            core_end -= 2
            word_low = word[:-2].lower()
        else:
            word_low = word.lower().replace("’", "'")
        tokens.append(_Token(m.group(), m.start(), m.end(), kind, word_low, core_end))
    return tokens


_PHRASE_INDEXES: dict[int, dict[str, list[tuple[str, ...]]]] = {}


def _phrase_index(table: dict) -> dict[str, list[tuple[str, ...]]]:
    """Phrases of a table grouped by first word, longest first (built once per table)."""
    index = _PHRASE_INDEXES.get(id(table))
    if index is None:
        index = {}
        for phrase in sorted(table, key=len, reverse=True):
            index.setdefault(phrase[0], []).append(phrase)
        _PHRASE_INDEXES[id(table)] = index
    return index


def _match_phrase(tokens: list[_Token], i: int, table: dict) -> tuple[tuple[str, ...], int] | None:
    """Longest phrase of `table` (lowercase token tuples) starting at token i, and the end index."""
    for phrase in _phrase_index(table).get(tokens[i].low, ()):
        end = i + len(phrase)
        if end <= len(tokens) and all(tokens[i + k].low == phrase[k] for k in range(1, len(phrase))) \
                and _tight(tokens, i, end):
            return phrase, end
    return None


def _tight(tokens: list[_Token], i: int, end: int) -> bool:
    """True when tokens i..end-1 sit on one line with at most one space between them."""
    return all(tokens[k].start - tokens[k - 1].end <= 1 for k in range(i + 1, end))


def _adjacent(a: _Token, b: _Token) -> bool:
    return a.end == b.start


def _spaced(a: _Token, b: _Token, text: str) -> bool:
    gap = text[a.end:b.start]
    return gap in (" ", "\u00a0", "\u202f")


# ---- quantities ----------------------------------------------------------------------------------


@dataclass
class _Quantity:
    first: int              # first token (currency sign or number)
    end: int                # token after the last one consumed
    num_first: int          # first and last token of the core number
    num_last: int
    raw: float              # the number as written, before scale and unit factors
    factor: float = 1.0     # scale x sub-unit (pence)
    scale: float = 1.0
    kind: str = "count"
    unit: str = "count"
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    words: bool = False     # written in words
    digits: str = ""        # the digit token as written
    bare: bool = True       # no currency, scale or unit: the number alone
    text_end: int | None = None  # char end when the last token carries a possessive
    unit_text: str | None = None  # the unit as written

    @property
    def value(self) -> float:
        return self.raw * self.factor


class _Skip(Exception):
    """The tokens up to `end` are a number that is not a figure (a date, a code, a score); `reason`
    names the rule."""

    def __init__(self, end: int, reason: str):
        super().__init__(reason)
        self.end = end
        self.reason = reason


def _digits_value(token: _Token) -> float:
    text = token.text
    extra = 0.0
    if text[-1] in FRACTION_CHARACTERS:
        extra = FRACTION_CHARACTERS[text[-1]]
        text = text[:-1]
    return (float(text.replace(",", "")) if text else 0.0) + extra


@dataclass
class _Words:
    """A number in words while it is read: the sum of finished scales, the part being built, and
    the class of the last word (small, teen, tens, hundred, scale) that says what may follow."""

    total: float = 0.0
    current: float = 0.0
    last: str | None = None


# A reader looks at token k (its word w and the next word nxt) and returns None when the token is
# not its kind of word, else (step, next k): "take" the token as part of the number, "skip" it (a
# joiner), "stop" before it, or "finish" the number at next k.
WordStep = tuple[str, int] | None


def _small_word(s: _Words, tokens: list[_Token], k: int, w: str, nxt: str) -> WordStep:
    if w not in SMALL_NUMBER_WORDS or tokens[k].kind != "word":
        return None
    v = SMALL_NUMBER_WORDS[w]
    if s.last in ("small", "teen") or (s.last == "tens" and v >= 10):
        return "stop", k
    s.current += v
    s.last = "small" if v < 10 else "teen"
    return "take", k + 1


def _tens_word(s: _Words, tokens: list[_Token], k: int, w: str, nxt: str) -> WordStep:
    if w not in TENS_WORDS:
        return None
    if s.last in ("small", "teen", "tens"):
        return "stop", k
    s.current += TENS_WORDS[w]
    s.last = "tens"
    return "take", k + 1


def _hundred_word(s: _Words, tokens: list[_Token], k: int, w: str, nxt: str) -> WordStep:
    if w != "hundred":
        return None
    if s.last == "hundred":
        return "stop", k
    s.current = (s.current or 1) * 100
    s.last = "hundred"
    return "take", k + 1


def _dozen_word(s: _Words, tokens: list[_Token], k: int, w: str, nxt: str) -> WordStep:
    if w != "dozen" or s.last not in (None, "small", "teen", "tens"):
        return None
    s.current = (s.current or 1) * 12
    s.last = "hundred"
    return "take", k + 1


def _scale_word(s: _Words, tokens: list[_Token], k: int, w: str, nxt: str) -> WordStep:
    if w not in SCALE_WORDS:
        return None
    if s.last is None:
        return "stop", k
    s.total += (s.current or 1) * SCALE_WORDS[w]
    s.current = 0.0
    s.last = "scale"
    return "take", k + 1


def _tens_hyphen(s: _Words, tokens: list[_Token], k: int, w: str, nxt: str) -> WordStep:
    """The hyphen of "twenty-one", written tight on both sides."""
    if (w == "-" and s.last == "tens" and k + 1 < len(tokens) and _adjacent(tokens[k], tokens[k + 1])
            and _adjacent(tokens[k - 1], tokens[k]) and SMALL_NUMBER_WORDS.get(nxt, 10) < 10):
        return "skip", k + 1
    return None


def _joiner(s: _Words, tokens: list[_Token], k: int, w: str, nxt: str) -> WordStep:
    """"and" after a hundred or a scale ("one hundred and six"), "," only after a scale."""
    if w not in ("and", ",") or s.last not in ("hundred", "scale") or not (nxt in SMALL_NUMBER_WORDS
                                                                       or nxt in TENS_WORDS):
        return None
    return ("stop", k) if w == "," and s.last != "scale" else ("skip", k + 1)


def _decimal_point(s: _Words, tokens: list[_Token], k: int, w: str, nxt: str) -> WordStep:
    """"two point five": the digits after "point" end the number."""
    if w != "point" or s.last is None or nxt not in SMALL_NUMBER_WORDS or SMALL_NUMBER_WORDS[nxt] >= 10:
        return None
    digits = ""
    k += 1
    while k < len(tokens) and tokens[k].low in SMALL_NUMBER_WORDS and SMALL_NUMBER_WORDS[tokens[k].low] < 10:
        digits += str(SMALL_NUMBER_WORDS[tokens[k].low])
        k += 1
    s.current += float("0." + digits)
    return "finish", k


# Readers of number words, first that claims the token wins; a token none claims ends the number.
NUMBER_WORD_READERS: tuple[tuple[str, Callable[..., WordStep]], ...] = (
    ("small", _small_word),
    ("tens", _tens_word),
    ("hundred", _hundred_word),
    ("dozen", _dozen_word),
    ("scale", _scale_word),
    ("tens_hyphen", _tens_hyphen),
    ("joiner", _joiner),
    ("decimal_point", _decimal_point),
)


def _parse_words(tokens: list[_Token], i: int, after_article: bool = False) -> tuple[float, int] | None:
    """Number words from token i ("one hundred and six", "twenty-one", "four million") -> value, end.

    `after_article`: the words follow "a"/"an", which counts as one ("a million").
    """
    state = _Words(last="small" if after_article else None)
    k, end = i, None
    while k < len(tokens):
        t = tokens[k]
        w = t.low if t.kind == "word" else t.text
        nxt = tokens[k + 1].low if k + 1 < len(tokens) else ""
        steps = (reader(state, tokens, k, w, nxt) for _, reader in NUMBER_WORD_READERS)
        action, k = next((step for step in steps if step is not None), ("stop", k))
        if action in ("take", "finish"):
            end = k
        if action in ("stop", "finish"):
            break
    if end is None:
        return None
    return state.total + state.current, end


def _core(tokens: list[_Token], i: int) -> _Quantity | None:
    """The number itself at token i: digits or words, with "and a half" and a spaced scale word."""
    n = len(tokens)
    t = tokens[i]
    if t.kind == "num":
        if re.fullmatch(r"0\d+", t.text) or (i > 0 and tokens[i - 1].text == "+" and _adjacent(tokens[i - 1], t)):
            k = i + 1
            while k < n and tokens[k].kind == "num" and tokens[k].start - tokens[k - 1].end == 1:
                k += 1
            raise _Skip(k, "zero_padded")  # phone numbers and zero-padded codes
        q = _Quantity(first=i, end=i + 1, num_first=i, num_last=i, raw=_digits_value(t), digits=t.text)
    elif t.low in ("a", "an") and i + 1 < n and (tokens[i + 1].low in ("hundred", "dozen") or tokens[i + 1].low in SCALE_WORDS):
        parsed = _parse_words(tokens, i + 1, after_article=True)
        if parsed is None:
            return None
        q = _Quantity(first=i, end=parsed[1], num_first=i, num_last=parsed[1] - 1, raw=parsed[0], words=True)
    elif t.kind == "word" and (t.low in SMALL_NUMBER_WORDS or t.low in TENS_WORDS or t.low == "hundred"):
        parsed = _parse_words(tokens, i)
        if parsed is None:
            return None
        q = _Quantity(first=i, end=parsed[1], num_first=i, num_last=parsed[1] - 1, raw=parsed[0], words=True)
    else:
        return None
    k = q.end
    if (k + 2 < n and [x.low for x in tokens[k:k + 3]] == ["and", "a", "half"]):
        q.raw += 0.5
        q.num_last, q.end, q.bare = k + 2, k + 3, False  # "two and a half"
        k = q.end
    elif k + 5 < n and [x.low for x in tokens[k:k + 6]] == ["-", "and", "-", "a", "-", "half"] \
            and all(_adjacent(tokens[j - 1], tokens[j]) for j in range(k, k + 6)):
        q.raw += 0.5
        q.num_last, q.end, q.bare = k + 5, k + 6, False  # "five-and-a-half"
        k = q.end
    if k + 1 < n and tokens[k].text == "-" and tokens[k + 1].low in SCALE_WORDS and not q.words \
            and _adjacent(tokens[k - 1], tokens[k]) and _adjacent(tokens[k], tokens[k + 1]):
        k += 1  # "a 17-million population"
    if k < n and (tokens[k].low in SCALE_WORDS or tokens[k].low in SCALE_ABBREVIATIONS or tokens[k].low == "hundred") \
            and (not _adjacent(tokens[k - 1], tokens[k]) or tokens[k - 1].text == "-") \
            and not (q.words and q.num_last == k - 1 and tokens[k - 1].low in SCALE_WORDS):
        scale = SCALE_WORDS.get(tokens[k].low) or SCALE_ABBREVIATIONS.get(tokens[k].low) or 100.0
        q.scale = q.factor = scale
        q.end = k + 1
        q.num_last = k
        q.bare = False
    return q


def _fraction(tokens: list[_Token], i: int, after_qualifier: bool, text: str) -> _Quantity | None:
    """Shares written as words: "half", "a third of", "two-thirds", "one in four", "half a million"."""
    n = len(tokens)
    t = tokens[i]
    numerator, k = None, i
    if t.low in ("a", "an", "one"):
        numerator, k = 1, i + 1
    elif t.low in SMALL_NUMBER_WORDS and t.kind == "word":
        numerator, k = SMALL_NUMBER_WORDS[t.low], i + 1
    if k < n and tokens[k].low == "-" and numerator is not None and k + 1 < n and _adjacent(tokens[k], tokens[k + 1]):
        k += 1
    if k >= n or tokens[k].low not in FRACTION_WORDS:
        return None
    word = tokens[k].low
    denominator = FRACTION_WORDS[word]
    plural = word.endswith("s")
    if numerator is None:
        if word != "half":
            return None
        numerator = 1
    elif numerator == 1 and plural or numerator > 1 and not plural and word != "half":
        return None
    share = numerator / denominator
    if word == "half" and t.low in ("a", "an"):
        return None  # "a half" alone: too loose
    nxt = tokens[k + 1].low if k + 1 < n else ""
    if k + 1 < n and _adjacent(tokens[k], tokens[k + 1]) and nxt == "-":
        return None  # "half-time", "quarter-final"
    q = _Quantity(first=i, end=k + 1, num_first=i, num_last=k, raw=share, kind="ratio", unit="ratio", words=True)
    # "half a million", "a quarter of a million", "half an hour", "three quarters of a mile"
    j = k + 1
    if nxt == "of" and j + 1 < n and tokens[j + 1].low in ("a", "an"):
        j += 1
    if j < n and tokens[j].low in ("a", "an") and j + 1 < n:
        follower = tokens[j + 1].low
        if follower in SCALE_WORDS or follower in ("hundred", "dozen"):
            scale = SCALE_WORDS.get(follower) or (100.0 if follower == "hundred" else 12.0)
            return replace(q, end=j + 2, num_last=j + 1, raw=share * scale, kind="count", unit="count")
        unit = _unit_after(tokens, j + 1, text, q, allow_hyphen=False)
        if unit is not None and unit.kind in ("duration", "quantity", "percent"):
            return replace(q, end=unit.end, raw=share * unit.factor, kind=unit.kind, unit=unit.unit,
                           text_end=unit.text_end, unit_text=unit.unit_text)
    if word == "half" and i > 0 and tokens[i - 1].low in HALF_AS_PART:
        return None  # "the first half of 2006": a part of a period or a place, not a share
    if word == "half" and not after_qualifier and nxt not in HALF_FOLLOWERS:
        return None
    if word == "quarter" and nxt != "of":
        return None  # "the third quarter": a period of a year
    if plural and nxt != "of" and (share >= 1 or math.gcd(numerator, denominator) != 1):
        return None  # "six quarters", "two quarters ahead": periods, not a share
    if word != "half" and not plural and nxt != "of":
        return None  # "a third term", "the first quarter"
    return q


@dataclass(frozen=True)
class _Unit:
    """A unit read after a number: kind, unit name, factor to the unit, token after it, and the
    words as written."""

    kind: str
    unit: str
    factor: float
    end: int
    unit_text: str
    text_end: int | None = None  # char end when the last token carries a possessive


def _words_text(tokens: list[_Token], k: int, end: int, text: str) -> str:
    """Tokens k..end-1 as written, possessive of the last one left out."""
    return text[tokens[k].start:tokens[end - 1].core_end]


def _read_duration(tokens: list[_Token], k: int, text: str, q: _Quantity) -> _Unit | None:
    """"20 years", "nine-hour", "four straight years", "a 34-year-old" (an age), "34 years old" (an age)."""
    hyphen_after = k + 2 < len(tokens) and tokens[k + 2].text == "-" and _adjacent(tokens[k + 1], tokens[k + 2])
    if tokens[k].low in DURATION_ADJECTIVES and k + 1 < len(tokens) and tokens[k + 1].low in DURATION_WORDS \
            and tokens[k + 1].text == tokens[k + 1].low and _tight(tokens, k, k + 2) and not hyphen_after:
        k += 1  # "45 human hours", "three more years"; not "four more second-half penalties"
    t = tokens[k]
    if t.low not in DURATION_WORDS or (t.low in ("sec", "min", "hr", "yr") and t.text != t.low):
        return None
    unit, factor = DURATION_WORDS[t.low]
    n = len(tokens)
    if k + 2 < n and tokens[k + 1].text == "-" and tokens[k + 2].low in ("old", "olds") and t.core_end == t.end \
            and _adjacent(t, tokens[k + 1]) and _adjacent(tokens[k + 1], tokens[k + 2]):
        return _Unit("age", unit, factor, k + 3, _words_text(tokens, k, k + 3, text), tokens[k + 2].end)
    if k + 1 < n and tokens[k + 1].low == "old" and _tight(tokens, k, k + 2) and t.core_end == t.end:
        return _Unit("age", unit, factor, k + 2, _words_text(tokens, k, k + 2, text), tokens[k + 1].core_end)
    return _Unit("duration", unit, factor, k + 1, t.text[:t.core_end - t.start], t.core_end)


def _read_percent(tokens: list[_Token], k: int, text: str, q: _Quantity) -> _Unit | None:
    """"24%", "24 per cent", "3 percentage points", "25 basis points", "25bp"."""
    hit = _match_phrase(tokens, k, PERCENT_WORDS)
    if not hit or (hit[0] in (("bp",), ("bps",)) and tokens[k].text != tokens[k].low):
        return None  # "BP": a company, not basis points
    return _Unit("percent", PERCENT_WORDS[hit[0]], 1.0, hit[1], _words_text(tokens, k, hit[1], text))


def _read_currency_word(tokens: list[_Token], k: int, text: str, q: _Quantity) -> _Unit | None:
    """"20 pounds", "50 pence", "500 yen", "10.5 million Australian dollars", "5m USD"."""
    if tokens[k].text in CURRENCY_UNITS:
        return _Unit("money", tokens[k].text, 1.0, k + 1, tokens[k].text)
    words = [t.low for t in tokens[k:k + 3] if t.kind == "word"][:3]
    if len(words) < min(3, len(tokens) - k) and not _tight(tokens, k, k + len(words)):
        return None
    hit = currency_word(words, q.scale > 1.0)
    if hit is None or not _tight(tokens, k, k + hit[2]):
        return None
    code, factor, used = hit
    if tokens[k].low in ("pounds", "pound") and used == 1 and WEIGHT_WORDS & {w.lower() for w in re.findall(r"[A-Za-z]+", text)}:
        return _Unit("quantity", "pound", 1.0, k + 1, tokens[k].text, tokens[k].core_end)  # "weighed 243 pounds"
    return _Unit("money", code, factor, k + used, _words_text(tokens, k, k + used, text), tokens[k + used - 1].core_end)


def _read_measure(tokens: list[_Token], k: int, text: str, q: _Quantity, glued: bool = False) -> _Unit | None:
    """A physical unit of up to MEASURE_SPAN tokens, named by pint ("mph", "miles per hour", "sq ft")."""
    first = tokens[k]
    if first.kind == "num" or first.low in ("per", "/"):
        return None
    if glued and len(first.text) == 1 and first.text not in GLUED_LETTER_UNITS:
        return None  # "4G", "3D", "2B"
    if not glued and (first.low in SPACED_NOT_UNITS or first.text in SPACED_NOT_UNITS or _capitalised_word(tokens, k)):
        return None  # "5 in the morning", "Three Degrees", "21 Grams": an English word or a name
    for end in range(min(len(tokens), k + MEASURE_SPAN), k, -1):
        span = tokens[k:end]
        if not _tight(tokens, k, end) or span[-1].low in PER_WORDS \
                or any(t.kind == "num" or (t.kind == "sym" and t.text not in UNIT_SYMBOLS) for t in span) \
                or (span[-1].kind == "sym" and span[-1].text not in ("²", "³")):
            continue
        phrase = " ".join(text[tokens[j].start:tokens[j].end] if j < end - 1 else
                          text[tokens[j].start:tokens[j].core_end] for j in range(k, end))
        phrase = re.sub(r" ?([/²³°º]) ?", r"\1", phrase) if any(t.kind == "sym" for t in tokens[k:end]) else phrase
        phrase = re.sub(r"(?<=\w) - (?=\w)", "-", phrase)
        unit = measure_unit(phrase)
        if unit is not None and phrase.lower() in SINGULARS_NEEDING_OF and (end >= len(tokens) or tokens[end].low != "of"):
            return None  # "two cup competitions": the Cup, not a cupful
        if unit is not None:
            return _Unit("quantity", unit, 1.0, end, _words_text(tokens, k, end, text), tokens[end - 1].core_end)
    return None


def _capitalised_word(tokens: list[_Token], k: int) -> bool:
    """A capitalised word ("Degrees", "Feet"), not a symbol ("Mbps", "Mbit/s")."""
    t = tokens[k]
    symbol = not re.search(r"[aeiou]", t.text[1:]) or (k + 1 < len(tokens) and tokens[k + 1].text == "/")
    return len(t.text) > 3 and t.text.istitle() and not symbol


def _read_index_points(tokens: list[_Token], k: int, text: str, q: _Quantity) -> _Unit | None:
    """"closed 58.06 points lower", "the index rose 23 points": points of a market index."""
    if tokens[k].low not in ("points", "point"):
        return None
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    if not (words & INDEX_CONTEXT_WORDS or re.search(r"\.\d\d$", q.digits)):
        return None
    return _Unit("quantity", "index_point", 1.0, k + 1, tokens[k].text)


def _read_rate(tokens: list[_Token], k: int, text: str, q: _Quantity) -> _Unit | None:
    """A count per period or per game: "7.4 rebounds per game", "40 times per minute", "200 a week"."""
    n = len(tokens)
    j = k
    noun = tokens[k]
    if noun.kind == "word" and noun.text.islower() and noun.low.endswith("s") and noun.low not in PER_WORDS \
            and noun.low not in DURATION_WORDS and measure_unit(noun.text) is None \
            and currency_word([noun.low], True) is None:
        j = k + 1
    if j + 1 >= n or tokens[j].low not in PER_WORDS or tokens[j + 1].low not in RATE_PERIODS \
            or not _tight(tokens, k, j + 2):
        return None
    unit = rate_unit(RATE_PERIODS[tokens[j + 1].low])
    after = tokens[j + 2].low if j + 2 < n else ""
    if unit is None or after in RATE_NOT_BEFORE:
        return None  # "1.27 million a year earlier": a comparison, not a rate
    return _Unit("quantity", unit, 1.0, j + 2, _words_text(tokens, k, j + 2, text), tokens[j + 1].core_end)


def _read_fold(tokens: list[_Token], k: int, text: str, q: _Quantity) -> _Unit | None:
    """"2.5-fold", "six-fold": a multiplier."""
    if tokens[k].low != FOLD_SUFFIX:
        return None
    return _Unit("ratio", "times", 1.0, k + 1, tokens[k].text)


def _read_inch_mark(tokens: list[_Token], k: int, text: str, q: _Quantity) -> _Unit | None:
    """'a 65" screen', '22" long': a double prime (or a straight quote before a size word) after the digits."""
    mark = tokens[k]
    if q.words or mark.text not in INCH_MARKS or not _adjacent(tokens[k - 1], mark):
        return None
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if mark.text != "″" and not (nxt is not None and nxt.low in INCH_FOLLOWERS):
        return None  # a closing quote
    return _Unit("quantity", "inch", 1.0, k + 1, mark.text)


# Readers of the unit written after a number, in order of preference when two read as far.
UNIT_READERS: tuple[tuple[str, Callable[..., _Unit | None]], ...] = (
    ("duration", _read_duration),
    ("percent", _read_percent),
    ("currency_word", _read_currency_word),
    ("rate", _read_rate),
    ("measure", _read_measure),
    ("index_points", _read_index_points),
    ("fold", _read_fold),
    ("inch_mark", _read_inch_mark),
)


def _unit_after(tokens: list[_Token], k: int, text: str, q: _Quantity, allow_hyphen: bool = True) -> _Unit | None:
    """The longest unit any reader finds at token k (after a hyphen when `allow_hyphen`)."""
    n = len(tokens)
    if k >= n:
        return None
    if allow_hyphen and tokens[k].low == "-" and k + 1 < n and _adjacent(tokens[k], tokens[k + 1]) \
            and tokens[k + 1].kind == "word" and _adjacent(tokens[k - 1], tokens[k]):
        found = _unit_after(tokens, k + 1, text, q, allow_hyphen=False)
        return None if found is None or found.kind == "money" else found  # "20-pound": not a sum
    best = None
    for name, reader in UNIT_READERS:
        found = reader(tokens, k, text, q)
        if found is not None and (best is None or found.end > best.end):
            best = found
    return best


# ---- currency before the number --------------------------------------------------------------------


def _currency_before(tokens: list[_Token], i: int) -> tuple[str, int, str] | None:
    """A currency written before a number at token i: (ISO code, index of the number, as written).

    Raises _Skip for a sign with letters that name no known currency ("Z$5").
    """
    n = len(tokens)
    t = tokens[i]
    nxt = tokens[i + 1] if i + 1 < n else None
    if t.kind == "word" and nxt is not None and nxt.text in CURRENCY_SIGNS and _adjacent(t, nxt):
        code = SIGN_PREFIXES.get((t.text, nxt.text))
        if code is None:
            return None
        return _number_after_sign(tokens, i, i + 2, code)
    if t.text in CURRENCY_SIGNS:
        if i > 0 and tokens[i - 1].kind == "word" and _adjacent(tokens[i - 1], t):
            raise _Skip(i + 2, "unknown_currency")  # "Z$5": letters before the sign name no currency we know
        if t.text == "$" and nxt is not None and nxt.text in DOLLAR_SUFFIXES and _adjacent(t, nxt) \
                and i + 2 < n and tokens[i + 2].kind == "num":
            return _number_after_sign(tokens, i, i + 2, DOLLAR_SUFFIXES[nxt.text])  # "$A20", "$US7"
        return _number_after_sign(tokens, i, i + 1, CURRENCY_SIGNS[t.text])
    if t.kind == "word" and t.text in LETTER_PREFIXES and nxt is not None:
        j = i + 2 if nxt.text == "." and _adjacent(t, nxt) else i + 1
        if j < n and tokens[j].kind == "num" and tokens[j].start - tokens[j - 1].end <= 1 \
                and (i == 0 or not _adjacent(tokens[i - 1], t)):
            return LETTER_PREFIXES[t.text], j, t.text
    return None


def _number_after_sign(tokens: list[_Token], i: int, j: int, code: str) -> tuple[str, int, str] | None:
    """The number must touch the sign ("£ 5" is not money)."""
    if j >= len(tokens) or not _adjacent(tokens[j - 1], tokens[j]):
        return None
    return code, j, "".join(t.text for t in tokens[i:j])


# ---- a whole quantity ------------------------------------------------------------------------------


def _vague_quantity(tokens: list[_Token], start: int, i: int, currency: str | None,
                    currency_text: str | None) -> _Quantity | None:
    """"tens of thousands", "hundreds", "millions of pounds", "£ millions"."""
    vague = _match_phrase(tokens, i, VAGUE_PHRASES)
    if not vague:
        return None
    low, high = VAGUE_PHRASES[vague[0]]
    q = _Quantity(first=start, end=vague[1], num_first=i, num_last=vague[1] - 1, raw=0.0, qualifier="vague",
                  low=float(low), high=float(high), words=True, bare=False, unit_text=currency_text)
    j = vague[1]
    if j + 1 < len(tokens) and tokens[j].low == "of":
        named = currency_word([tokens[j + 1].low], False)
        if named is not None and named[1] == 1.0:
            currency, q.unit_text = named[0], tokens[j + 1].text
            q.end = j + 2
    if currency:
        q.kind, q.unit = "money", currency
    return q


def _word_quantity(tokens: list[_Token], i: int, after_qualifier: bool, text: str) -> _Quantity | None:
    """Figures written as one word or a fixed phrase: "twice as", "sixfold", "a decade", "half of"."""
    n = len(tokens)
    t = tokens[i]
    if t.low == "twice" and i + 1 < n and tokens[i + 1].low in TIMES_COMPARATIVES:
        return _Quantity(first=i, end=i + 1, num_first=i, num_last=i, raw=2.0, kind="ratio", unit="times",
                         words=True, bare=False, unit_text=t.text)
    if t.kind == "word" and t.low.endswith(FOLD_SUFFIX) and len(t.low) > len(FOLD_SUFFIX):
        stem = t.low[:-len(FOLD_SUFFIX)]
        value = SMALL_NUMBER_WORDS.get(stem) or TENS_WORDS.get(stem) or {"hundred": 100, "thousand": 1000}.get(stem)
        if value:
            return _Quantity(first=i, end=i + 1, num_first=i, num_last=i, raw=float(value), kind="ratio",
                             unit="times", words=True, bare=False, unit_text=FOLD_SUFFIX)
    if t.low == "a" and i + 1 < n and tokens[i + 1].low in ARTICLE_DURATIONS:
        unit, factor = DURATION_WORDS[tokens[i + 1].low]
        return _Quantity(first=i, end=i + 2, num_first=i, num_last=i + 1, raw=1.0, factor=factor, kind="duration",
                         unit=unit, words=True, bare=False, text_end=tokens[i + 1].core_end,
                         unit_text=tokens[i + 1].text[:tokens[i + 1].core_end - tokens[i + 1].start])
    return _fraction(tokens, i, after_qualifier, text)


def _million_or_metre(tokens: list[_Token], k: int) -> bool:
    """A bare glued "m" is millions before what it counts ("3m people", "1.5m euros", "2.5m") and
    metres otherwise ("100m", "the 400m hurdles")."""
    if re.fullmatch(r"[\d,]+\.\d", tokens[k - 1].text):
        return True
    follower = tokens[k + 1] if k + 1 < len(tokens) else None
    if follower is None or follower.kind != "word":
        return False
    words = [t.low for t in tokens[k + 1:k + 4] if t.kind == "word"]
    return (follower.low == "of" or currency_word(words, True) is not None or follower.low in PLURAL_PEOPLE_NOUNS
            or (follower.text.islower() and follower.text.endswith("s") and follower.low not in METRE_PLURALS))


def _read_glued(tokens: list[_Token], q: _Quantity, text: str, currency: str | None) -> bool:
    """A suffix glued to the digits ("45k", "£4m", "3m", "245p", "5pc", "5.5kg", "3km/h"). Updates q;
    True when it completes the quantity. Raises _Skip for "4G", "3D", "1990s", "21st", "3pm"."""
    k = q.end
    glued = tokens[k].text
    if currency is not None:
        scale = GLUED_SCALES_AFTER_CURRENCY.get(glued) or GLUED_SCALES.get(glued)
        if scale is None:
            raise _Skip(k + 1, "glued_suffix")
        q.scale = q.factor = scale
        q.end = k + 1
        return False
    if glued in GLUED_SCALES:
        q.scale = q.factor = GLUED_SCALES[glued]
        q.end, q.bare = k + 1, False
        return False
    if glued == "m" and _million_or_metre(tokens, k):
        q.scale = q.factor = 1e6
        q.end, q.bare = k + 1, False
        return False
    if glued == "p" and not (k + 2 < len(tokens) and tokens[k + 1].text == "." and _adjacent(tokens[k], tokens[k + 1])
                             and tokens[k + 2].low == "m"):
        q.kind, q.unit, q.factor, q.unit_text = "money", "GBP", 0.01, glued  # "245p"; "3 p.m." is a time
    elif glued == "pc":
        q.kind, q.unit, q.unit_text = "percent", "percent", glued
    else:
        unit = (_read_percent(tokens, k, text, q) or _read_measure(tokens, k, text, q, glued=True)
                or (_read_duration(tokens, k, text, q) if len(glued) > 1 else None))
        if unit is None:
            raise _Skip(k + 1, "glued_suffix")
        q.kind, q.unit, q.unit_text, q.text_end = unit.kind, unit.unit, unit.unit_text, unit.text_end
        q.end, q.bare = unit.end, False
        return True
    q.end, q.bare = k + 1, False
    return True


def _as_money(tokens: list[_Token], q: _Quantity, currency: str, currency_text: str | None) -> _Quantity:
    """A number after a currency sign, with a scale written after a space ("£4.4 million", "$458 m")."""
    k = q.end
    q.kind, q.unit, q.bare, q.unit_text = "money", currency, False, currency_text
    spaced_scales = {**SCALE_WORDS, **SCALE_ABBREVIATIONS, "m": 1e6}
    if q.scale == 1.0 and k < len(tokens) and not _adjacent(tokens[k - 1], tokens[k]) \
            and tokens[k].low in spaced_scales and (tokens[k].low != "m" or tokens[k].text == "m"):
        q.scale = q.factor = spaced_scales[tokens[k].low]
        q.end = k + 1
    return q


def _multiplier(tokens: list[_Token], q: _Quantity) -> bool:
    """"three times as many", "6.5 times": a multiplier ("rose five times" may count occasions, and
    a rate such as "three times a week" is read before this). Updates q."""
    n = len(tokens)
    k = q.end
    if k >= n or tokens[k].low != "times":
        return False
    nxt = tokens[k + 1].low if k + 1 < n else ""
    after_as = tokens[k + 2].low if k + 2 < n else ""
    if nxt == "as" and after_as in TIMES_AS_NOT_COMPARATIVE:
        return False  # "won the Cup four times as a player"
    if not (nxt in TIMES_COMPARATIVES or (len(nxt) > 4 and nxt.endswith("er") and after_as == "than")
            or (not q.words and q.raw != int(q.raw))):
        return False
    q.kind, q.unit, q.end, q.bare, q.unit_text = "ratio", "times", k + 1, False, tokens[k].text
    return True


def _share_of(tokens: list[_Token], q: _Quantity) -> bool:
    """"one in four", "nine out of 10", "one in every five": a ratio. Updates q."""
    n = len(tokens)
    k = j = q.end
    if j >= n or tokens[j].low not in ("in", "out"):
        return False
    if tokens[j].low == "in":
        j += 1
    elif j + 1 < n and tokens[j + 1].low == "of":
        j += 2
    if j < n and tokens[j].low == "every":
        j += 1
    if not (k < j < n):
        return False
    den = _core(tokens, j)
    out_of = tokens[k].low == "out"
    if not (den is not None and den.bare and (den.raw > q.raw or out_of and den.raw == q.raw) and q.raw > 0
            and not _year_like(tokens[j]) and den.raw <= 1000 and q.bare):
        return False
    q.kind, q.unit, q.raw, q.end, q.bare = "ratio", "ratio", q.raw / den.raw, den.end, False
    return True


def _unnamed_currency(tokens: list[_Token], k: int) -> int | None:
    """"12bn pesos", "5m francs": a currency whose country the words do not say, left out rather
    than given a wrong code ("Mexican pesos" is read). Returns the token after the currency word."""
    for j in range(k, min(k + 2, len(tokens))):
        if tokens[j].kind == "word" and tokens[j].low in AMBIGUOUS_CURRENCY_WORDS:
            return j + 1
    return None


def _quantity(tokens: list[_Token], i: int, text: str, after_qualifier: bool = False,
              currency_context: str | None = None) -> _Quantity | None:
    """A whole quantity at token i: currency, number, scale and unit. Raises _Skip for non-figures.

    `currency_context` is the currency of the first end of a range, which a bare second end shares
    ("£4-5m": the "5m" is five million pounds).
    """
    start = i
    currency = currency_context if tokens[i].kind == "num" else None
    currency_text = None
    before = _currency_before(tokens, i)
    if before is not None:
        currency, i, currency_text = before
    vague = _vague_quantity(tokens, start, i, currency, currency_text)
    if vague is not None:
        return vague
    if currency is None:
        word = _word_quantity(tokens, i, after_qualifier, text)
        if word is not None:
            return word
    q = _core(tokens, i)
    if q is None or (currency is not None and q.words):
        return None
    q.first = start
    k = q.end
    if not q.words and k < len(tokens) and tokens[k].kind == "word" and _adjacent(tokens[k - 1], tokens[k]):
        if _read_glued(tokens, q, text, currency):
            return q
        if q.end < len(tokens) and tokens[q.end].kind in ("word", "num") and _adjacent(tokens[q.end - 1], tokens[q.end]):
            raise _Skip(q.end + 1, "glued_suffix")
    if currency is not None:
        return _as_money(tokens, q, currency, currency_text)
    unit = _unit_after(tokens, q.end, text, q)
    unnamed = _unnamed_currency(tokens, q.end) if unit is None else None
    if unnamed is not None:
        raise _Skip(unnamed, "currency_without_country")
    if unit is not None:
        q.kind, q.unit, q.factor, q.unit_text = unit.kind, unit.unit, q.factor * unit.factor, unit.unit_text
        q.end, q.text_end, q.bare = unit.end, unit.text_end, False
        return q
    if _multiplier(tokens, q) or _share_of(tokens, q):
        return q
    return q


def _year_like(token: _Token) -> bool:
    return token.kind == "num" and re.fullmatch(r"1[0-9]{3}|20[0-9]{2}|2100", token.text) is not None


# ---- not-figure checks ---------------------------------------------------------------------------


def _some_day(tokens: list[_Token], q: _Quantity, prev: _Token | None, nxt: _Token | None) -> bool:
    """"one day" meaning some day: not after a word that makes it a length of time, or before a
    verb in -ing."""
    if q.text_end == tokens[q.end - 1].end and (prev is None or prev.low not in ONE_DAY_LEADS):
        return True
    return (nxt is not None and nxt.kind == "word" and nxt.low.endswith("ing") and len(nxt.low) > 5
            and nxt.low not in ING_PREPOSITIONS)


@dataclass(frozen=True)
class _Around:
    """A quantity with the tokens around it, as the not-figure rules see it."""

    tokens: list[_Token]
    q: _Quantity
    text: str

    @property
    def first(self) -> _Token:
        return self.tokens[self.q.num_first]

    def before(self, n: int = 1) -> _Token | None:
        """The n-th token before the quantity (1 = the one just before)."""
        k = self.q.first - n
        return self.tokens[k] if k >= 0 else None

    def after(self, n: int = 0) -> _Token | None:
        """The n-th token after the quantity (0 = the one just after)."""
        k = self.q.end + n
        return self.tokens[k] if k < len(self.tokens) else None

    @property
    def line_before(self) -> str:
        """Text of the line before the number."""
        return self.text[self.text.rfind("\n", 0, self.first.start) + 1:self.first.start]

    @property
    def line_after(self) -> str:
        end = self.text.find("\n", self.first.start)
        return self.text[self.first.end:end if end >= 0 else len(self.text)].strip()


def _label_word_before(c: _Around) -> bool:
    """"number 11", "No 10": a rank or a label."""
    prev = c.before()
    return prev is not None and prev.low in NUMBER_LABEL_WORDS and c.q.bare and c.q.qualifier is None


def _label_noun_before(c: _Around) -> bool:
    """"a category 4 hurricane", "stage 3 of the race", "a size 10 dress": a label, not a count."""
    prev = c.before()
    return (prev is not None and prev.kind == "word" and prev.text == prev.low and prev.low in LABEL_NOUNS
            and c.q.bare and c.q.qualifier is None)


def _lone_one(c: _Around) -> bool:
    """"one", "zero" alone: a pronoun or a word, a figure only with a unit."""
    return c.q.bare and c.first.low in NEEDS_UNIT_WORDS and c.q.num_first == c.q.num_last


def _one_day_as_some_day(c: _Around) -> bool:
    """"One day you will...", "the dream of one day winning": not a duration."""
    return c.first.low == "one" and c.q.unit == "day" and _some_day(c.tokens, c.q, c.before(), c.after())


def _capitalised_in_sentence(c: _Around) -> bool:
    """"the Six Nations", "Wales' Six Nations": a capital inside a sentence marks a name."""
    prev, prev2 = c.before(), c.before(2)
    if not (c.q.bare and c.first.text[0].isupper() and c.q.qualifier is None and prev is not None):
        return False
    possessive = prev.text in ("'", "’") and prev2 is not None and _adjacent(prev2, prev)
    return prev.text not in SENTENCE_OPENERS or possessive


def _word_number_adjective(c: _Around) -> bool:
    """"two-time champion", "three-match ban": an adjective, not a figure."""
    nxt, after = c.after(), c.after(1)
    return (c.q.bare and nxt is not None and nxt.text in ("-", "‑") and _adjacent(c.tokens[c.q.end - 1], nxt)
            and after is not None and after.kind == "word" and _adjacent(nxt, after))


def _hyphenated_after_word(c: _Around) -> bool:
    """"one-person, one-vote"."""
    prev, prev2 = c.before(), c.before(2)
    return (prev is not None and prev.text == "-" and _adjacent(prev, c.first) and prev2 is not None
            and prev2.kind == "word" and _adjacent(prev2, prev) and c.q.bare)


def _glued_to_letters(c: _Around) -> bool:
    """"G20", "B005", "Covid-19", "under-21", "+44": part of a code or a name."""
    prev, prev2 = c.before(), c.before(2)
    if prev is None or c.q.first != c.q.num_first:
        return False
    if prev.kind == "word" and _adjacent(prev, c.first):
        return True
    if prev.text in "-–/#+'’" and _adjacent(prev, c.first) and prev2 is not None and prev2.kind in ("word", "sym") \
            and _adjacent(prev2, prev):
        return True
    return prev.text == "+"


def _month_before(c: _Around) -> bool:
    """"September 12", "Oct. 31"."""
    prev, prev2 = c.before(), c.before(2)
    if not c.q.bare or prev is None:
        return False
    return prev.text in MONTHS or (prev.text == "." and prev2 is not None and prev2.text in MONTHS
                                   and _adjacent(prev2, prev))


def _month_after(c: _Around) -> bool:
    """"12 September"."""
    nxt = c.after()
    return nxt is not None and nxt.text in MONTHS and c.q.bare and c.q.raw <= 31


def _clock_or_slashed(c: _Around) -> bool:
    """"10:30", "12/09/2015", "3.817.69": a time, a date or a code."""
    nxt, after = c.after(), c.after(1)
    if nxt is not None and nxt.text in (":", "/", ".") and _adjacent(c.tokens[c.q.end - 1], nxt) \
            and after is not None and after.kind == "num" and _adjacent(nxt, after):
        return True
    prev, prev2 = c.before(), c.before(2)
    return (prev is not None and prev.text in (":", "/") and _adjacent(prev, c.first) and prev2 is not None
            and prev2.kind == "num")


def _time_of_day(c: _Around) -> bool:
    """"3 pm", "5 o'clock", "3 p.m.", "10.30 GMT"."""
    nxt, after = c.after(), c.after(1)
    if not c.q.bare or nxt is None:
        return False
    if nxt.low in TIME_OF_DAY_WORDS:
        return True
    if nxt.low in ("a", "p") and after is not None and after.text == "." and _adjacent(nxt, after):
        return True
    return "." in c.first.text and nxt.low in ("gmt", "bst", "am", "pm")


def _calendar_year(c: _Around) -> bool:
    """A calendar year, unless qualified and followed by what it counts ("over 1500 people")."""
    if not (c.q.bare and _year_like(c.first)):
        return False
    nxt = c.after()
    counted = (c.q.qualifier is not None and nxt is not None and nxt.kind == "word" and nxt.text.islower()
               and nxt.text.endswith("s") and nxt.text == nxt.low)
    return not counted


def _zero_padded(c: _Around) -> bool:
    """Phone numbers and zero-padded codes."""
    return re.fullmatch(r"0\d+", c.first.text) is not None


def _list_number(c: _Around) -> bool:
    """"1." or "2)" at the start of a line, or a small number in brackets: list numbering."""
    nxt, prev = c.after(), c.before()
    if c.q.bare and not c.line_before.strip() and nxt is not None and nxt.text in (".", ")") \
            and _adjacent(c.first, nxt):
        return True
    return (c.q.bare and prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")"
            and c.q.raw < 20)


def _table_entry(c: _Around) -> bool:
    """A numbered entry of a list or table: "9 Vera Zvonareva (Russia)"."""
    nxt = c.after()
    rest = c.line_after
    return (c.q.bare and not c.line_before.strip() and nxt is not None and nxt.text[:1].isupper()
            and not rest.endswith((".", "!", "?", '"', "”")) and ". " not in rest)


def _name_before(c: _Around) -> bool:
    """"Article 50", "Windows 10", "iPhone 6": a capitalised word before a bare number names it."""
    prev = c.before()
    return (c.q.bare and c.q.qualifier is None and prev is not None and prev.kind == "word"
            and _spaced(prev, c.first, c.text) and any(ch.isupper() for ch in prev.text)
            and prev.text not in COMMON_CAPITALISED and not prev.text.endswith(("'s", "’s"))
            and prev.text not in MONTHS)


def _dotted_label_before(c: _Around) -> bool:
    """"No. 10"."""
    prev, prev2 = c.before(), c.before(2)
    return (c.q.bare and prev is not None and prev.text == "." and prev2 is not None
            and prev2.low in ("no", "nos") and _adjacent(prev2, prev))


def _street_address(c: _Around) -> bool:
    """"10 Downing Street", "9 E 71st St": a house number."""
    if not (c.q.bare and c.q.qualifier is None):
        return False
    for n in range(0, 4):
        t = c.after(n)
        if t is None:
            return False
        if t.text in STREET_WORDS and n > 0:
            return True
        ordinal = t.kind == "num" and (c.after(n + 1) is not None and c.after(n + 1).low in ORDINAL_SUFFIXES)
        if not (t.kind == "word" and t.text[0].isupper()) and not ordinal and t.low not in ORDINAL_SUFFIXES \
                and t.text != ".":
            return False
    return False


def _name_after(c: _Around) -> bool:
    """"50 Cent said", "the 787 Dreamliner.", "19 Entertainment company to": a capitalised name
    follows the digits. What a count counts is plural ("54 Boeing jets", "120 Gurkhas", "12 Eurozone
    finance ministers"), so the words after are read until a plural (a count) or the end of the name."""
    first_word = c.after()
    if not (c.q.bare and c.q.qualifier is None and first_word is not None and first_word.kind == "word"
            and first_word.text[0].isupper() and first_word.text not in COMMON_CAPITALISED
            and _spaced(c.tokens[c.q.end - 1], first_word, c.text)):
        return False
    for n in range(0, 5):
        t = c.after(n)
        if t is None or (t.kind == "sym" and t.text not in ("-", "&")):
            return True
        if t.kind == "num":
            return False
        if t.kind == "word":
            if t.core_end != t.end:
                return True  # "50 Cent's album": a possessive closes the name
            if t.low in NAME_ENDERS:
                return True
            if t.low.endswith("s") and not t.low.endswith("ss") and len(t.low) > 2:
                return False
    return False


def _letter_in_brackets_after(c: _Around) -> bool:
    """"401(k)": a code."""
    nxt, letter, close = c.after(), c.after(1), c.after(2)
    return (c.q.bare and nxt is not None and nxt.text == "(" and _adjacent(c.tokens[c.q.end - 1], nxt)
            and letter is not None and letter.kind == "word" and len(letter.text) == 1
            and close is not None and close.text == ")")


def _bracketed_reference(c: _Around) -> bool:
    """"(17)", "(32, 33)" after a clause: references to sources, not figures."""
    if not (c.q.bare and c.q.qualifier is None and re.fullmatch(r"\d+", c.first.text)):
        return False
    k = c.q.first - 1
    while k >= 0 and (c.tokens[k].kind == "num" or c.tokens[k].text in (",", "-", "–")):
        k -= 1
    j = c.q.end
    while j < len(c.tokens) and (c.tokens[j].kind == "num" or c.tokens[j].text in (",", "-", "–")):
        j += 1
    if k < 0 or j >= len(c.tokens) or c.tokens[k].text != "(" or c.tokens[j].text != ")":
        return False
    before = c.tokens[k - 1] if k > 0 else None
    after = c.tokens[j + 1] if j + 1 < len(c.tokens) else None
    # "Andy Cole (173)" counts goals, "top 50 companies (44) publish them" counts companies
    return (before is not None and before.kind == "word" and before.text.islower()
            and (after is None or after.kind == "sym" or after.low in ("and", "or", "but", "while")))


def _model_number(c: _Around) -> bool:
    """"the 777 program", "its 7610 phone": a model number before a product noun."""
    prev, nxt = c.before(), c.after()
    return (c.q.bare and c.q.qualifier is None and re.fullmatch(r"\d{3,4}", c.first.text) is not None
            and not _year_like(c.first) and prev is not None and prev.low in DETERMINERS
            and nxt is not None and nxt.text in MODEL_NOUNS)


# Ordered rules: (name, applies to numbers in "words", "digits" or "any", predicate).
NOT_FIGURE_RULES: tuple[tuple[str, str, Callable[[_Around], bool]], ...] = (
    ("label_word_before", "any", _label_word_before),
    ("label_noun_before", "any", _label_noun_before),
    ("lone_one", "words", _lone_one),
    ("one_day_as_some_day", "words", _one_day_as_some_day),
    ("capitalised_in_sentence", "words", _capitalised_in_sentence),
    ("word_number_adjective", "words", _word_number_adjective),
    ("hyphenated_after_word", "words", _hyphenated_after_word),
    ("glued_to_letters", "digits", _glued_to_letters),
    ("month_before", "digits", _month_before),
    ("month_after", "digits", _month_after),
    ("clock_or_slashed", "digits", _clock_or_slashed),
    ("time_of_day", "digits", _time_of_day),
    ("calendar_year", "digits", _calendar_year),
    ("zero_padded", "digits", _zero_padded),
    ("list_number", "digits", _list_number),
    ("table_entry", "digits", _table_entry),
    ("name_before", "digits", _name_before),
    ("street_address", "digits", _street_address),
    ("bracketed_reference", "digits", _bracketed_reference),
    ("letter_in_brackets_after", "digits", _letter_in_brackets_after),
    ("model_number", "digits", _model_number),
    ("name_after", "digits", _name_after),
    ("dotted_label_before", "digits", _dotted_label_before),
)


def _not_figure(tokens: list[_Token], q: _Quantity, text: str) -> str | None:
    """The name of the first rule that finds the quantity a date, time, code, name, list number or
    pronoun rather than a figure, or None."""
    around = _Around(tokens, q, text)
    form = "words" if q.words else "digits" if around.first.kind == "num" else None
    for name, applies, rule in NOT_FIGURE_RULES:
        if (applies == "any" or applies == form) and rule(around):
            return name
    return None


def _aged_before(c: _Around) -> bool:
    """"aged 34", "age 34", "ages 18 to 24"."""
    prev = c.before()
    return prev is not None and prev.low in AGE_LEADS


def _age_of_before(c: _Around) -> bool:
    """"at the age of 34", "between the ages of 16 and 18"."""
    prev, prev2 = c.before(), c.before(2)
    return prev is not None and prev.low == "of" and prev2 is not None and prev2.low in ("age", "ages")


def _age_beside_name(c: _Around) -> bool:
    """"Senard, 65, said", "Carlineo Jr., 55,": a small whole number between commas just after a name."""
    prev, prev2, nxt = c.before(), c.before(2), c.after()
    if prev2 is not None and prev2.text == "." and c.before(3) is not None and _adjacent(c.before(3), prev2):
        prev2 = c.before(3)  # "Jr.", "Snr."
    return (c.first.kind == "num" and re.fullmatch(r"\d{1,3}", c.first.text) is not None and 0 < c.q.raw <= 120
            and prev is not None and prev.text == "," and prev2 is not None and prev2.kind == "word"
            and prev2.text[0].isupper() and prev2.text not in COMMON_CAPITALISED and prev2.text not in MONTHS
            and nxt is not None and nxt.text in (",", ")", ";"))


# A bare count is an age when one of these says so (ages with a unit, "a 34-year-old", are read
# with it).
AGE_RULES: tuple[tuple[str, Callable[[_Around], bool]], ...] = (
    ("aged_before", _aged_before),
    ("age_of_before", _age_of_before),
    ("age_beside_name", _age_beside_name),
)


def _is_age(c: _Around) -> bool:
    if c.q.kind != "count" or c.q.qualifier == "vague" or not (c.q.bare or c.q.qualifier is not None):
        return False
    return any(rule(c) for _, rule in AGE_RULES)


# ---- scanning ------------------------------------------------------------------------------------


def _range_end(tokens, q1: _Quantity, text: str, opener: str | None):
    """The second end of a range after q1 ("4,000-10,000", "between 4 and 5 million") or None."""
    n = len(tokens)
    k = q1.end
    if k + 1 >= n or q1.qualifier == "vague" or q1.unit in ("ratio", "times"):
        return None
    joiner = tokens[k].low
    if opener is not None:
        if joiner != RANGE_OPENERS[opener] and joiner not in ("-", "–"):
            return None
    elif joiner not in RANGE_JOINERS:
        return None
    if joiner in ("-", "–", "—") and text[tokens[k - 1].end:tokens[k + 1].start].strip() != joiner:
        return None
    try:
        q2 = _quantity(tokens, k + 1, text, currency_context=q1.unit if q1.kind == "money" and joiner in ("-", "–") else None)
    except _Skip:
        return None
    if q2 is None or q2.qualifier == "vague" or q2.unit in ("ratio", "times"):
        return None
    return q2


def _merge_range(q1: _Quantity, q2: _Quantity, q2_alone: bool = True) -> tuple[float, float, _Quantity] | None:
    """Low, high and the end that carries the kind and unit of a range, with a unit or scale written
    once ("4-5%", "£4m-5m")."""
    if q1.bare and not q2.bare:
        factor = q2.factor if q1.raw < q2.raw else q2.factor / q2.scale
        low, high, unit_end = q1.raw * factor, q2.value, q2
    elif q2.bare and not q1.bare:
        if not q2_alone:
            return None  # "£808m to 8,177 cases": the second number counts something else
        low, high, unit_end = q1.value, q2.raw * q1.factor, q1
    elif (q1.kind, q1.unit) == (q2.kind, q2.unit):
        low, high, unit_end = q1.value, q2.value, q2
        if q1.scale == 1.0 and q2.scale > 1.0 and q1.raw < q2.raw:
            low = q1.value * q2.scale  # "£4-5m", "$10-25m"
    else:
        return None
    if not low < high:
        return None
    return low, high, unit_end


def _is_score(tokens, q1: _Quantity, q2: _Quantity, text: str) -> bool:
    joiner = tokens[q1.end]
    if not (joiner.text in ("-", "–") and q1.bare and q2.bare and not q1.words and not q2.words
            and "." not in tokens[q1.num_first].text and "." not in tokens[q2.num_first].text):
        return False
    after = tokens[q2.end] if q2.end < len(tokens) else None
    if after is not None and after.kind == "word" and after.text.islower() and after.text.endswith("s") \
            and after.low not in SCORE_WORDS:
        return False  # "4-5 cities": a range of things counted
    if q1.raw >= q2.raw and q2.raw < 100:
        return True  # "31-31", "3-1": a range never runs downwards
    small = q1.raw < 20 and q2.raw < 20
    tennis = {q1.raw, q2.raw} <= {0, 15, 30, 40}
    return small or tennis or q1.raw == 0


def _is_tally(tokens, q1: _Quantity, q2: _Quantity) -> bool:
    """Two large counts joined by a dash, larger first: a vote or a tally, not a range."""
    return (tokens[q1.end].text in ("-", "–") and q1.bare and q2.bare and not q1.words and not q2.words
            and q1.raw > q2.raw >= 100)


def _to_match(text: str, tokens: list[_Token], first: int, q: _Quantity, qualifier: str,
              value, low, high, unit_from: _Quantity, end_tok: int, text_end: int | None,
              kind: str | None = None) -> NumberMatch:
    start = tokens[first].start
    end = text_end if text_end is not None else tokens[end_tok - 1].end
    number_start = tokens[q.num_first].start
    number_end = tokens[q.num_last].core_end
    kind = kind or unit_from.kind
    unit = "year" if kind == "age" and unit_from.unit == "count" else unit_from.unit
    assert kind in FIGURE_KINDS and unit in FIGURE_UNITS and qualifier in QUALIFIERS, (kind, unit, qualifier)
    return NumberMatch(start, end, text[start:end], kind,
                       None if value is None else float(value),
                       None if low is None else float(low),
                       None if high is None else float(high),
                       unit, qualifier, number_start, number_end, unit_from.unit_text)


def _is_change_before(tokens: list[_Token], first: int) -> bool:
    """A change verb just before "to" or "from ... to" makes the two numbers a before and after."""
    before = tokens[first - 1].low if first > 0 else ""
    before2 = tokens[first - 2].low if first > 1 else ""
    return before in CHANGE_WORDS or (before == "from" and (before2 in CHANGE_WORDS or before2.endswith("ed")
                                                            or _change_earlier(tokens, first - 1)))


def _change_earlier(tokens: list[_Token], i: int) -> bool:
    """A change verb earlier in the clause: "increased the number of staff in London from 370 to 870"."""
    for k in range(i - 1, max(-1, i - CHANGE_LOOKBACK), -1):
        if tokens[k].text in (".", ";", "!", "?"):
            return False
        if tokens[k].low in CHANGE_WORDS and tokens[k].low not in ("by", "up", "down"):
            return True
    return False


def _range_match(text: str, tokens: list[_Token], first: int, q: _Quantity, q2: _Quantity, in_context: bool,
                 qualified: bool) -> tuple[NumberMatch | str, int] | None:
    """A range from q to q2, a skipped pair (a season, a score, a span of dates), or None when the
    two numbers are read one at a time."""
    n = len(tokens)
    if in_context and q.bare and not q.words and _year_like(tokens[q.num_first]):
        return "year_range", q2.end  # "2019-20", "between 2010 and 2015"
    if in_context and _is_score(tokens, q, q2, text) and not qualified:
        return "score", q2.end  # "won 2-1"
    after = tokens[q2.end] if q2.end < n else None
    if (after is not None and after.text in MONTHS) or _month_before(_Around(tokens, q, text)):
        return "date_span", q2.end  # "from 6 to 9 January", "Sept. 20-24"
    if q.words and tokens[q.end].low in ("-", "–", "—"):
        return None
    if in_context and q.first > 0 and tokens[q.first - 1].low in NUMBER_LABEL_WORDS:
        return "label_word_before", q2.end  # "at number seven or eight"
    q2_alone = after is None or after.kind != "word" or not after.text.islower() or after.low in RANGE_FOLLOWERS
    merged = _merge_range(q, q2, q2_alone)
    if merged is None:
        return None
    low, high, unit_end = merged
    kind = "age" if in_context and _is_age(_Around(tokens, replace(q, first=first), text)) else None
    return _to_match(text, tokens, first, q, "range", None, low, high, unit_end, q2.end, q2.text_end, kind), q2.end


def _lead(tokens: list[_Token], i: int) -> tuple[str | None, str | None, int]:
    """A qualifier ("more than") or a range opener ("between") at token i: (qualifier, opener, next)."""
    n = len(tokens)
    hit = _match_phrase(tokens, i, QUALIFIER_PHRASES)
    if hit and hit[1] < n:
        return QUALIFIER_PHRASES[hit[0]], None, hit[1]
    if tokens[i].low in RANGE_OPENERS and i + 1 < n:
        prev = tokens[i - 1].low if i > 0 else ""
        if not (tokens[i].low == "from" and (prev in CHANGE_WORDS or prev.endswith("ed") or _change_earlier(tokens, i))):
            return None, tokens[i].low, i + 1
    return None, None, i


def _match_at(text: str, tokens: list[_Token], i: int, in_context: bool = True) -> tuple[NumberMatch | str, int] | None:
    """The figure starting at token i and the token after it; (reason, end) for a skipped non-figure,
    the reason naming the rule that skipped it."""
    qualifier, opener, j = _lead(tokens, i)
    if j >= len(tokens):
        return None
    try:
        q = _quantity(tokens, j, text, after_qualifier=qualifier is not None or not in_context)
    except _Skip as skip:
        return (skip.reason, skip.end) if j == i else None
    if q is None:
        return None
    if q.qualifier == "vague" and qualifier is not None and qualifier not in ("exact", "approx"):
        return None if j > i else ("qualified_vague", q.end)
    if qualifier is not None and q.qualifier != "vague":
        q.qualifier = qualifier
    first = i if (qualifier is not None or opener is not None) else q.first
    q2 = _range_end(tokens, q, text, opener)
    if q2 is not None and opener is None and tokens[q.end].low == "to" and _is_change_before(tokens, first):
        q2 = None  # "rose from 4% to 5%": a before and an after
    elif q2 is not None and opener is None and in_context and _is_tally(tokens, q, q2):
        q2 = None  # "MPs voted 272-219": two counts, read one at a time
    if q2 is not None:
        ranged = _range_match(text, tokens, first, q, q2, in_context, qualifier is not None)
        if ranged is not None:
            return ranged
    if opener is not None:
        return None  # a range opener with no range: the number is read on its own
    reason = _not_figure(tokens, q, text) if in_context else None
    if reason is not None:
        return reason, q.end
    kind = "age" if in_context and _is_age(_Around(tokens, replace(q, first=first), text)) else None
    if q.qualifier == "vague":
        return _to_match(text, tokens, first, q, "vague", None, q.low, q.high, q, q.end, q.text_end, kind), q.end
    return _to_match(text, tokens, first, q, q.qualifier or "exact", q.value, None, None, q, q.end,
                     q.text_end, kind), q.end


def _finite(match: NumberMatch) -> bool:
    """A run of digits too long for a float (an id or a scrape artefact) is not a figure."""
    return all(v is None or math.isfinite(v) for v in (match.value, match.low, match.high))


def _scan(text: str) -> list[tuple[NumberMatch | str, int, int]]:
    """Every figure and every skipped number of a text, in order: (match or reason, start, end)."""
    tokens = _tokenize(text)
    found: list[tuple[NumberMatch | str, int, int]] = []
    i = 0
    while i < len(tokens):
        result = _match_at(text, tokens, i)
        if result is None:
            i += 1
            continue
        match, end = result
        end = min(max(end, i + 1), len(tokens))
        found.append((match, tokens[i].start, tokens[end - 1].end))
        i = end
    return found


def find_numbers(text: str) -> list[NumberMatch]:
    """All figures in a sentence, paragraph or title, in order and non-overlapping.

    >>> [(m.text, m.kind, m.value, m.unit) for m in find_numbers("Shares dropped 3.4% to 245p on 12 May 2015.")]
    [('3.4%', 'percent', 3.4, 'percent'), ('245p', 'money', 2.45, 'GBP')]
    >>> [(m.text, m.low, m.high, m.qualifier) for m in find_numbers("between 4,000 and 10,000 staff, not No 10")]
    [('between 4,000 and 10,000', 4000.0, 10000.0, 'range')]
    """
    return [m for m, _, _ in _scan(text) if isinstance(m, NumberMatch) and _finite(m)]


def skipped_numbers(text: str) -> list[tuple[str, str]]:
    """The numbers of a text that are not figures, as (text, name of the rule that skipped them).

    >>> skipped_numbers("On Oct. 31 Chelsea won 2-1 at No 10.")
    [('31', 'month_before'), ('2-1', 'score'), ('10', 'label_word_before')]
    """
    return [(text[start:end], m) for m, start, end in _scan(text) if isinstance(m, str)]


def parse_number(phrase: str) -> NumberMatch | None:
    """One number phrase on its own ("£4.4 million", "fewer than 600,000") or None when it is not one.

    The phrase is read without its context, so a bare "2015" or "one" is a number here.

    >>> m = parse_number("only 45,000")
    >>> (m.text, m.value, m.qualifier)
    ('only 45,000', 45000.0, 'exact')
    """
    stripped = phrase.strip()
    offset = phrase.find(stripped) if stripped else 0
    lead = re.match(EXACT_LEADS, stripped, re.IGNORECASE)
    if lead:
        offset += lead.end()
    tokens = _tokenize(phrase)
    first = next((k for k, t in enumerate(tokens) if t.start == offset), None)
    if first is None:
        return None
    result = _match_at(phrase, tokens, first, in_context=False)
    if result is None or not isinstance(result[0], NumberMatch):
        return None
    match = result[0]
    if not _finite(match) or match.start != offset or match.end != len(phrase.rstrip()):
        return None
    return replace(match, start=0, end=len(phrase), text=phrase)


__all__ = ["NumberMatch", "find_numbers", "parse_number", "skipped_numbers"]
