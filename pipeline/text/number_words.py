"""The word tables of the number parser: number words, scales, fractions, qualifiers, units'
neighbours and the words around numbers that are not figures. Each is checked at import against
the closed vocabularies of the contract."""
from __future__ import annotations

from pipeline.schemas import DURATION_UNITS, FIGURE_UNITS, QUALIFIERS
from pipeline.text.normalise import IRREGULAR_PLURALS
from pipeline.text.units import rate_unit


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
