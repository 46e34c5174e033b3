"""The period a figure refers to: a year ("2015") or a span of years ("2014/2015").

Read from the words of the figure's sentence and resolved against the document's publication date:
"in 2015", "2014-15", "between 2010 and 2015", "the 1990s", "since 2016", "last year", "in the year
to March", "the fourth quarter", "in December", "over the past five years", "a year earlier". A
figure takes the nearest such phrase of its sentence; a comparison ("a year earlier", "the previous
year") belongs only to the figure just before it ("£5m, up from £4m a year earlier"). Without a
phrase, a figure refers to the year the document was published; without a date either, to no
known period (None).

Pure functions of text and dates: figures.py calls `periods_of` once per sentence.

>>> from datetime import date
>>> periods_of("Profits rose 5% to £3bn in 2004, up from £2bn a year earlier.", [(13, 15), (19, 23), (41, 45)],
...            date(2005, 2, 1))
['2004', '2004', '2003']
>>> periods_of("Sales were £5m, up from £4m a year earlier.", [(11, 14), (24, 27)], date(2005, 2, 1))
['2005', '2004']
>>> periods_of("Membership has doubled since 2015 to 500,000.", [(34, 41)], date(2021, 7, 22))
['2015/2021']
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

MONTH_NUMBERS: dict[str, int] = {
    name: i + 1 for i, names in enumerate(
        ("january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
         "september sept sep", "october oct", "november nov", "december dec"))
    for name in names.split()
}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_YEAR = r"((?:19|20)\d{2})"
QUARTER_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
RELATIVE_YEARS = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
UNKNOWN_YEARS = (0, 0)  # a comparison whose year only the sentence can say
MAX_GAP = 5  # characters between a figure and a period that belongs to it alone (" in ", " for ")
NUMBER_WORDS = {w: i + 1 for i, w in enumerate("one two three four five six seven eight nine ten".split())}


@dataclass(frozen=True)
class PeriodPhrase:
    """A phrase of a sentence that names a period, where it is, and the years it names."""

    start: int
    end: int
    years: tuple[int, int]
    comparison: bool = False  # "a year earlier": only the figure just before it refers to it
    rule: str = ""  # the PERIOD_RULES row that found it


Resolver = Callable[[re.Match, date | None], tuple[int, int] | None]


def _short_year(first: int, second: str) -> int:
    """"2014-15" -> 2015, "1999-2000" -> 2000."""
    if len(second) == 4:
        return int(second)
    return first // 100 * 100 + int(second) + (100 if int(second) < first % 100 else 0)


def _span(m: re.Match, published: date | None) -> tuple[int, int] | None:
    first = int(m.group(1))
    second = _short_year(first, m.group(2))
    return (first, second) if first < second <= first + 20 else None


def _decade(m: re.Match, published: date | None) -> tuple[int, int]:
    start = int(m.group(1)) * 10
    return start, start + 9


def _since(m: re.Match, published: date | None) -> tuple[int, int]:
    year = int(m.group(1))
    return (year, published.year) if published is not None and published.year > year else (year, year)


def _year(m: re.Match, published: date | None) -> tuple[int, int]:
    return int(m.group(1)), int(m.group(1))


def _year_of_last(month: int, published: date) -> int:
    """The year of the last such month on or before publication ("in December", read in January)."""
    return published.year if month <= published.month else published.year - 1


def _year_to_month(m: re.Match, published: date | None) -> tuple[int, int] | None:
    """"the year to March" ends in the last March on or before publication; "to March 2015" says so."""
    month = MONTH_NUMBERS[m.group(2).lower()]
    if m.group(3):
        end = int(m.group(3))
    elif published is not None:
        end = _year_of_last(month, published)
    else:
        return None
    months = m.group(1).lower()
    return (end, end) if month == 12 or not months.startswith(("year", "12", "twelve")) else (end - 1, end)


def _month(m: re.Match, published: date | None) -> tuple[int, int] | None:
    """"in December": the last December on or before publication ("by March", "next March": the next)."""
    if published is None:
        return None
    month = MONTH_NUMBERS[m.group(2).lower()]
    if m.group(1).lower() in ("by", "until", "next", "from"):
        year = published.year if month >= published.month else published.year + 1
    else:
        year = _year_of_last(month, published)
    return year, year


def _quarter(m: re.Match, published: date | None) -> tuple[int, int] | None:
    """"the fourth quarter": the last such quarter that ended by publication."""
    if published is None:
        return None
    year = _year_of_last(3 * QUARTER_NUMBERS[m.group(1).lower()], published)
    return year, year


def _relative_year(m: re.Match, published: date | None) -> tuple[int, int] | None:
    if published is None:
        return None
    year = published.year + RELATIVE_YEARS[m.group(1).lower()]
    return year, year


def _past_years(m: re.Match, published: date | None) -> tuple[int, int] | None:
    """"over the past five years", "in the last 12 months", "the past decade"."""
    if published is None:
        return None
    count, unit = (m.group(2) or "one").lower(), m.group(3).lower()
    n = int(count) if count.isdigit() else NUMBER_WORDS.get(count, 1)
    years = {"decade": 10 * n, "decades": 10 * n, "months": max(1, n // 12)}.get(unit, n)
    return published.year - years, published.year


def _year_earlier(m: re.Match, published: date | None) -> tuple[int, int]:
    """The year before publication; unknown without a date, but the sentence may name its own year."""
    if published is None:
        return UNKNOWN_YEARS
    return published.year - 1, published.year - 1


# Ordered rules: (name, pattern, resolver, comparison). Earlier rules win where phrases overlap.
PERIOD_RULES: tuple[tuple[str, re.Pattern, Resolver, bool], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE), resolver, comparison)
    for name, pattern, resolver, comparison in (
        ("year_to_month", rf"\b(year|12 months|twelve months|(?:\w+ )?months|quarter)\s+(?:to|ending|ended)\s+"
                          rf"(?:the end of\s+)?{_MONTH}(?:\s+{_YEAR})?\b", _year_to_month, False),
        ("between_years", rf"\b(?:between|from)\s+{_YEAR}\s+(?:and|to)\s+((?:19|20)\d{{2}})\b", _span, False),
        ("year_pair", rf"\b{_YEAR}\s?[-–/]\s?((?:19|20)?\d{{2}})\b(?![-–/.,]?\d)", _span, False),
        ("decade", r"\b((?:19|20)\d)0s\b", _decade, False),
        ("since_year", rf"\bsince\s+{_YEAR}\b", _since, False),
        ("year", rf"(?<![\d,.£$€¥#])\b{_YEAR}\b(?![,.]?\d|%)", _year, False),
        ("quarter", r"\b(?:the\s+)?(first|second|third|fourth|final|last)\s+quarter\b", _quarter, False),
        ("past_years", r"\b(past|last|previous)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)?\s*"
                       r"(years|decades|decade|months)\b", _past_years, False),
        ("a_year_earlier", r"\b(?:a year (?:earlier|ago|before)|the previous year|the year before|"
                           r"(?:the )?same (?:period|time|quarter|month) (?:a year earlier|last year))\b",
         _year_earlier, True),
        ("relative_year", r"\b(last|previous|this|current|next|coming)\s+year\b", _relative_year, False),
        ("month", rf"\b(in|since|by|until|from|during|last|next|on|of|early|late|mid-)\s*(?:\d{{1,2}}\s+)?{_MONTH}\b"
                  rf"(?!\s*,?\s*(?:19|20)\d{{2}})", _month, False),
    )
)


def period_phrases(text: str, published: date | None) -> list[PeriodPhrase]:
    """Every phrase of a sentence that names a period, in order, none overlapping another."""
    found: list[PeriodPhrase] = []
    for name, pattern, resolver, comparison in PERIOD_RULES:
        for m in pattern.finditer(text):
            if any(p.start < m.end() and m.start() < p.end for p in found):
                continue
            years = resolver(m, published)
            if years is not None:
                found.append(PeriodPhrase(m.start(), m.end(), years, comparison, name))
    return sorted(found, key=lambda p: p.start)


def _distance(span: tuple[int, int], phrase: PeriodPhrase) -> int:
    start, end = span
    if phrase.start >= end:
        return phrase.start - end
    if phrase.end <= start:
        return start - phrase.end
    return 0


def _year_before(comparison: PeriodPhrase, general: list[PeriodPhrase]) -> tuple[int, int] | None:
    """"a year earlier" than the sentence's own period ("in 2004 ... a year earlier" is 2003), else
    than the publication year; None when neither is known."""
    if not general:
        return comparison.years if comparison.years != UNKNOWN_YEARS else None
    nearest = min(general, key=lambda p: (_distance((comparison.start, comparison.end), p), p.start))
    return nearest.years[1] - 1, nearest.years[1] - 1


def _label(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}/{years[1]}"


def _figure_before(spans: list[tuple[int, int]], phrase: PeriodPhrase, text: str) -> int | None:
    """The figure a phrase directly follows ("$3.8bn in 2003"), by index, or None."""
    for i, (_, end) in enumerate(spans):
        if end <= phrase.start and phrase.start - end <= MAX_GAP and not re.search(r"[,;]", text[end:phrase.start]):
            return i
    return None


def periods_of(text: str, spans: list[tuple[int, int]], published: date | None) -> list[str | None]:
    """The period of each figure of a sentence, given the figures' (start, end) offsets in it.

    A comparison ("a year earlier") belongs to the figure just before it. Where the sentence names
    several periods, one that directly follows a figure belongs to that figure ("down from $3.8bn
    in 2003, while revenue rose to $193bn": the $193bn takes the sentence's other period). Every
    other figure takes the nearest period the sentence names, else the publication year.
    """
    phrases = period_phrases(text, published)
    general = [p for p in phrases if not p.comparison]
    claimed: dict[int, tuple[int, int] | None] = {}
    for phrase in (p for p in phrases if p.comparison):
        before = [i for i, (_, end) in enumerate(spans) if end <= phrase.start]
        if before:
            claimed[before[-1]] = _year_before(phrase, general)  # "£4m a year earlier": the figure just before
    taken: set[int] = set()
    if len(general) > 1:
        for k, phrase in enumerate(general):
            i = _figure_before(spans, phrase, text)
            if i is not None and i not in claimed:
                claimed[i], taken = phrase.years, taken | {k}
    free = [p for k, p in enumerate(general) if k not in taken] or general
    out: list[str | None] = []
    for i, span in enumerate(spans):
        if i in claimed:
            out.append(_label(claimed[i]) if claimed[i] is not None else None)
        elif free:
            out.append(_label(min(free, key=lambda p: (_distance(span, p), p.start)).years))
        else:
            out.append(str(published.year) if published is not None else None)
    return out


__all__ = ["PERIOD_RULES", "PeriodPhrase", "period_phrases", "periods_of"]
