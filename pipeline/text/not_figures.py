"""The not-a-figure rules: dates, times, codes, names, list numbers and pronouns that look like
numbers, and the rules that read a bare count as an age. Each rule sees the quantity with the
tokens around it (Around)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.text.number_tokens import Token, adjacent, spaced
from pipeline.text.number_words import (
    AGE_LEADS, COMMON_CAPITALISED, DETERMINERS, ING_PREPOSITIONS, LABEL_NOUNS, MODEL_NOUNS, MONTHS,
    NAME_ENDERS, NEEDS_UNIT_WORDS, NUMBER_LABEL_WORDS, ONE_DAY_LEADS, ORDINAL_SUFFIXES, SENTENCE_OPENERS,
    STREET_WORDS, TIME_OF_DAY_WORDS,
)
from pipeline.text.quantities import Quantity, year_like


def _some_day(tokens: list[Token], q: Quantity, prev: Token | None, nxt: Token | None) -> bool:
    """"one day" meaning some day: not after a word that makes it a length of time, or before a
    verb in -ing."""
    if q.text_end == tokens[q.end - 1].end and (prev is None or prev.low not in ONE_DAY_LEADS):
        return True
    return (nxt is not None and nxt.kind == "word" and nxt.low.endswith("ing") and len(nxt.low) > 5
            and nxt.low not in ING_PREPOSITIONS)


@dataclass(frozen=True)
class Around:
    """A quantity with the tokens around it, as the not-figure rules see it."""

    tokens: list[Token]
    q: Quantity
    text: str

    @property
    def first(self) -> Token:
        return self.tokens[self.q.num_first]

    def before(self, n: int = 1) -> Token | None:
        """The n-th token before the quantity (1 = the one just before)."""
        k = self.q.first - n
        return self.tokens[k] if k >= 0 else None

    def after(self, n: int = 0) -> Token | None:
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


def _label_word_before(c: Around) -> bool:
    """"number 11", "No 10": a rank or a label."""
    prev = c.before()
    return prev is not None and prev.low in NUMBER_LABEL_WORDS and c.q.bare and c.q.qualifier is None


def _label_noun_before(c: Around) -> bool:
    """"a category 4 hurricane", "stage 3 of the race", "a size 10 dress": a label, not a count."""
    prev = c.before()
    return (prev is not None and prev.kind == "word" and prev.text == prev.low and prev.low in LABEL_NOUNS
            and c.q.bare and c.q.qualifier is None)


def _lone_one(c: Around) -> bool:
    """"one", "zero" alone: a pronoun or a word, a figure only with a unit."""
    return c.q.bare and c.first.low in NEEDS_UNIT_WORDS and c.q.num_first == c.q.num_last


def _one_day_as_some_day(c: Around) -> bool:
    """"One day you will...", "the dream of one day winning": not a duration."""
    return c.first.low == "one" and c.q.unit == "day" and _some_day(c.tokens, c.q, c.before(), c.after())


def _capitalised_in_sentence(c: Around) -> bool:
    """"the Six Nations", "Wales' Six Nations": a capital inside a sentence marks a name."""
    prev, prev2 = c.before(), c.before(2)
    if not (c.q.bare and c.first.text[0].isupper() and c.q.qualifier is None and prev is not None):
        return False
    possessive = prev.text in ("'", "’") and prev2 is not None and adjacent(prev2, prev)
    return prev.text not in SENTENCE_OPENERS or possessive


def _word_number_adjective(c: Around) -> bool:
    """"two-time champion", "three-match ban": an adjective, not a figure."""
    nxt, after = c.after(), c.after(1)
    return (c.q.bare and nxt is not None and nxt.text in ("-", "‑") and adjacent(c.tokens[c.q.end - 1], nxt)
            and after is not None and after.kind == "word" and adjacent(nxt, after))


def _hyphenated_after_word(c: Around) -> bool:
    """"one-person, one-vote"."""
    prev, prev2 = c.before(), c.before(2)
    return (prev is not None and prev.text == "-" and adjacent(prev, c.first) and prev2 is not None
            and prev2.kind == "word" and adjacent(prev2, prev) and c.q.bare)


def _glued_to_letters(c: Around) -> bool:
    """"G20", "B005", "Covid-19", "under-21", "+44": part of a code or a name."""
    prev, prev2 = c.before(), c.before(2)
    if prev is None or c.q.first != c.q.num_first:
        return False
    if prev.kind == "word" and adjacent(prev, c.first):
        return True
    if prev.text in "-–/#+'’" and adjacent(prev, c.first) and prev2 is not None and prev2.kind in ("word", "sym") \
            and adjacent(prev2, prev):
        return True
    return prev.text == "+"


def month_before(c: Around) -> bool:
    """"September 12", "Oct. 31"."""
    prev, prev2 = c.before(), c.before(2)
    if not c.q.bare or prev is None:
        return False
    return prev.text in MONTHS or (prev.text == "." and prev2 is not None and prev2.text in MONTHS
                                   and adjacent(prev2, prev))


def _month_after(c: Around) -> bool:
    """"12 September"."""
    nxt = c.after()
    return nxt is not None and nxt.text in MONTHS and c.q.bare and c.q.raw <= 31


def _clock_or_slashed(c: Around) -> bool:
    """"10:30", "12/09/2015", "3.817.69": a time, a date or a code."""
    nxt, after = c.after(), c.after(1)
    if nxt is not None and nxt.text in (":", "/", ".") and adjacent(c.tokens[c.q.end - 1], nxt) \
            and after is not None and after.kind == "num" and adjacent(nxt, after):
        return True
    prev, prev2 = c.before(), c.before(2)
    return (prev is not None and prev.text in (":", "/") and adjacent(prev, c.first) and prev2 is not None
            and prev2.kind == "num")


def _time_of_day(c: Around) -> bool:
    """"3 pm", "5 o'clock", "3 p.m.", "10.30 GMT"."""
    nxt, after = c.after(), c.after(1)
    if not c.q.bare or nxt is None:
        return False
    if nxt.low in TIME_OF_DAY_WORDS:
        return True
    if nxt.low in ("a", "p") and after is not None and after.text == "." and adjacent(nxt, after):
        return True
    return "." in c.first.text and nxt.low in ("gmt", "bst", "am", "pm")


def _calendar_year(c: Around) -> bool:
    """A calendar year, unless qualified and followed by what it counts ("over 1500 people")."""
    if not (c.q.bare and year_like(c.first)):
        return False
    nxt = c.after()
    counted = (c.q.qualifier is not None and nxt is not None and nxt.kind == "word" and nxt.text.islower()
               and nxt.text.endswith("s") and nxt.text == nxt.low)
    return not counted


def _zero_padded(c: Around) -> bool:
    """Phone numbers and zero-padded codes."""
    return re.fullmatch(r"0\d+", c.first.text) is not None


def _list_number(c: Around) -> bool:
    """"1." or "2)" at the start of a line, or a small number in brackets: list numbering."""
    nxt, prev = c.after(), c.before()
    if c.q.bare and not c.line_before.strip() and nxt is not None and nxt.text in (".", ")") \
            and adjacent(c.first, nxt):
        return True
    return (c.q.bare and prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")"
            and c.q.raw < 20)


def _table_entry(c: Around) -> bool:
    """A numbered entry of a list or table: "9 Vera Zvonareva (Russia)"."""
    nxt = c.after()
    rest = c.line_after
    return (c.q.bare and not c.line_before.strip() and nxt is not None and nxt.text[:1].isupper()
            and not rest.endswith((".", "!", "?", '"', "”")) and ". " not in rest)


def _name_before(c: Around) -> bool:
    """"Article 50", "Windows 10", "iPhone 6": a capitalised word before a bare number names it."""
    prev = c.before()
    return (c.q.bare and c.q.qualifier is None and prev is not None and prev.kind == "word"
            and spaced(prev, c.first, c.text) and any(ch.isupper() for ch in prev.text)
            and prev.text not in COMMON_CAPITALISED and not prev.text.endswith(("'s", "’s"))
            and prev.text not in MONTHS)


def _dotted_label_before(c: Around) -> bool:
    """"No. 10"."""
    prev, prev2 = c.before(), c.before(2)
    return (c.q.bare and prev is not None and prev.text == "." and prev2 is not None
            and prev2.low in ("no", "nos") and adjacent(prev2, prev))


def _street_address(c: Around) -> bool:
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


def _name_after(c: Around) -> bool:
    """"50 Cent said", "the 787 Dreamliner.", "19 Entertainment company to": a capitalised name
    follows the digits. What a count counts is plural ("54 Boeing jets", "120 Gurkhas", "12 Eurozone
    finance ministers"), so the words after are read until a plural (a count) or the end of the name."""
    first_word = c.after()
    if not (c.q.bare and c.q.qualifier is None and first_word is not None and first_word.kind == "word"
            and first_word.text[0].isupper() and first_word.text not in COMMON_CAPITALISED
            and spaced(c.tokens[c.q.end - 1], first_word, c.text)):
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


def _letter_in_brackets_after(c: Around) -> bool:
    """"401(k)": a code."""
    nxt, letter, close = c.after(), c.after(1), c.after(2)
    return (c.q.bare and nxt is not None and nxt.text == "(" and adjacent(c.tokens[c.q.end - 1], nxt)
            and letter is not None and letter.kind == "word" and len(letter.text) == 1
            and close is not None and close.text == ")")


def _bracketed_reference(c: Around) -> bool:
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


def _model_number(c: Around) -> bool:
    """"the 777 program", "its 7610 phone": a model number before a product noun."""
    prev, nxt = c.before(), c.after()
    return (c.q.bare and c.q.qualifier is None and re.fullmatch(r"\d{3,4}", c.first.text) is not None
            and not year_like(c.first) and prev is not None and prev.low in DETERMINERS
            and nxt is not None and nxt.text in MODEL_NOUNS)


# Ordered rules: (name, applies to numbers in "words", "digits" or "any", predicate).
NOT_FIGURE_RULES: tuple[tuple[str, str, Callable[[Around], bool]], ...] = (
    ("label_word_before", "any", _label_word_before),
    ("label_noun_before", "any", _label_noun_before),
    ("lone_one", "words", _lone_one),
    ("one_day_as_some_day", "words", _one_day_as_some_day),
    ("capitalised_in_sentence", "words", _capitalised_in_sentence),
    ("word_number_adjective", "words", _word_number_adjective),
    ("hyphenated_after_word", "words", _hyphenated_after_word),
    ("glued_to_letters", "digits", _glued_to_letters),
    ("month_before", "digits", month_before),
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


def not_figure(tokens: list[Token], q: Quantity, text: str) -> str | None:
    """The name of the first rule that finds the quantity a date, time, code, name, list number or
    pronoun rather than a figure, or None."""
    around = Around(tokens, q, text)
    form = "words" if q.words else "digits" if around.first.kind == "num" else None
    for name, applies, rule in NOT_FIGURE_RULES:
        if (applies == "any" or applies == form) and rule(around):
            return name
    return None


def _aged_before(c: Around) -> bool:
    """"aged 34", "age 34", "ages 18 to 24"."""
    prev = c.before()
    return prev is not None and prev.low in AGE_LEADS


def _age_of_before(c: Around) -> bool:
    """"at the age of 34", "between the ages of 16 and 18"."""
    prev, prev2 = c.before(), c.before(2)
    return prev is not None and prev.low == "of" and prev2 is not None and prev2.low in ("age", "ages")


def _age_beside_name(c: Around) -> bool:
    """"Senard, 65, said", "Carlineo Jr., 55,": a small whole number between commas just after a name."""
    prev, prev2, nxt = c.before(), c.before(2), c.after()
    if prev2 is not None and prev2.text == "." and c.before(3) is not None and adjacent(c.before(3), prev2):
        prev2 = c.before(3)  # "Jr.", "Snr."
    return (c.first.kind == "num" and re.fullmatch(r"\d{1,3}", c.first.text) is not None and 0 < c.q.raw <= 120
            and prev is not None and prev.text == "," and prev2 is not None and prev2.kind == "word"
            and prev2.text[0].isupper() and prev2.text not in COMMON_CAPITALISED and prev2.text not in MONTHS
            and nxt is not None and nxt.text in (",", ")", ";"))


# A bare count is an age when one of these says so (ages with a unit, "a 34-year-old", are read
# with it).
AGE_RULES: tuple[tuple[str, Callable[[Around], bool]], ...] = (
    ("aged_before", _aged_before),
    ("age_of_before", _age_of_before),
    ("age_beside_name", _age_beside_name),
)


def is_age(c: Around) -> bool:
    if c.q.kind != "count" or c.q.qualifier == "vague" or not (c.q.bare or c.q.qualifier is not None):
        return False
    return any(rule(c) for _, rule in AGE_RULES)
