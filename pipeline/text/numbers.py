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

import bisect
import math
import re
from dataclasses import dataclass, replace

from pipeline.schemas import FIGURE_KINDS, FIGURE_UNITS, QUALIFIERS
from pipeline.text.not_figures import Around, is_age, month_before, not_figure
from pipeline.text.number_tokens import Token, match_phrase, tokenize
from pipeline.text.number_words import (
    CHANGE_LOOKBACK, CHANGE_WORDS, EXACT_LEADS, MONTHS, NUMBER_LABEL_WORDS, QUALIFIER_PHRASES,
    RANGE_FOLLOWERS, RANGE_JOINERS, RANGE_OPENERS, SCORE_WORDS,
)
from pipeline.text.quantities import (
    QUANTITY_REACH, Quantity, Skip, may_hold_quantity, quantity_anchor, read_quantity, year_like,
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


# ---- scanning ------------------------------------------------------------------------------------


def _range_end(tokens, q1: Quantity, text: str, opener: str | None):
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
        q2 = read_quantity(tokens, k + 1, text, currency_context=q1.unit if q1.kind == "money" and joiner in ("-", "–") else None)
    except Skip:
        return None
    if q2 is None or q2.qualifier == "vague" or q2.unit in ("ratio", "times"):
        return None
    return q2


def _merge_range(q1: Quantity, q2: Quantity, q2_alone: bool = True) -> tuple[float, float, Quantity] | None:
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


def _is_score(tokens, q1: Quantity, q2: Quantity, text: str) -> bool:
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


def _is_tally(tokens, q1: Quantity, q2: Quantity) -> bool:
    """Two large counts joined by a dash, larger first: a vote or a tally, not a range."""
    return (tokens[q1.end].text in ("-", "–") and q1.bare and q2.bare and not q1.words and not q2.words
            and q1.raw > q2.raw >= 100)


def _to_match(text: str, tokens: list[Token], first: int, q: Quantity, qualifier: str,
              value, low, high, unit_from: Quantity, end_tok: int, text_end: int | None,
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


def _is_change_before(tokens: list[Token], first: int) -> bool:
    """A change verb just before "to" or "from ... to" makes the two numbers a before and after."""
    before = tokens[first - 1].low if first > 0 else ""
    before2 = tokens[first - 2].low if first > 1 else ""
    return before in CHANGE_WORDS or (before == "from" and (before2 in CHANGE_WORDS or before2.endswith("ed")
                                                            or _change_earlier(tokens, first - 1)))


def _change_earlier(tokens: list[Token], i: int) -> bool:
    """A change verb earlier in the clause: "increased the number of staff in London from 370 to 870"."""
    for k in range(i - 1, max(-1, i - CHANGE_LOOKBACK), -1):
        if tokens[k].text in (".", ";", "!", "?"):
            return False
        if tokens[k].low in CHANGE_WORDS and tokens[k].low not in ("by", "up", "down"):
            return True
    return False


def _range_match(text: str, tokens: list[Token], first: int, q: Quantity, q2: Quantity, in_context: bool,
                 qualified: bool) -> tuple[NumberMatch | str, int] | None:
    """A range from q to q2, a skipped pair (a season, a score, a span of dates), or None when the
    two numbers are read one at a time."""
    n = len(tokens)
    if in_context and q.bare and not q.words and year_like(tokens[q.num_first]):
        return "year_range", q2.end  # "2019-20", "between 2010 and 2015"
    if in_context and _is_score(tokens, q, q2, text) and not qualified:
        return "score", q2.end  # "won 2-1"
    after = tokens[q2.end] if q2.end < n else None
    if (after is not None and after.text in MONTHS) or month_before(Around(tokens, q, text)):
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
    kind = "age" if in_context and is_age(Around(tokens, replace(q, first=first), text)) else None
    return _to_match(text, tokens, first, q, "range", None, low, high, unit_end, q2.end, q2.text_end, kind), q2.end


def _lead(tokens: list[Token], i: int) -> tuple[str | None, str | None, int]:
    """A qualifier ("more than") or a range opener ("between") at token i: (qualifier, opener, next)."""
    n = len(tokens)
    hit = match_phrase(tokens, i, QUALIFIER_PHRASES)
    if hit and hit[1] < n:
        return QUALIFIER_PHRASES[hit[0]], None, hit[1]
    if tokens[i].low in RANGE_OPENERS and i + 1 < n:
        prev = tokens[i - 1].low if i > 0 else ""
        if not (tokens[i].low == "from" and (prev in CHANGE_WORDS or prev.endswith("ed") or _change_earlier(tokens, i))):
            return None, tokens[i].low, i + 1
    return None, None, i


def _match_at(text: str, tokens: list[Token], i: int, in_context: bool = True) -> tuple[NumberMatch | str, int] | None:
    """The figure starting at token i and the token after it; (reason, end) for a skipped non-figure,
    the reason naming the rule that skipped it."""
    qualifier, opener, j = _lead(tokens, i)
    if j >= len(tokens):
        return None
    try:
        q = read_quantity(tokens, j, text, after_qualifier=qualifier is not None or not in_context)
    except Skip as skip:
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
    reason = not_figure(tokens, q, text) if in_context else None
    if reason is not None:
        return reason, q.end
    kind = "age" if in_context and is_age(Around(tokens, replace(q, first=first), text)) else None
    if q.qualifier == "vague":
        return _to_match(text, tokens, first, q, "vague", None, q.low, q.high, q, q.end, q.text_end, kind), q.end
    return _to_match(text, tokens, first, q, q.qualifier or "exact", q.value, None, None, q, q.end,
                     q.text_end, kind), q.end


def _finite(match: NumberMatch) -> bool:
    """A run of digits too long for a float (an id or a scrape artefact) is not a figure."""
    return all(v is None or math.isfinite(v) for v in (match.value, match.low, match.high))


# How far after its first token a figure may reach the anchor of its quantity: the longest qualifier
# phrase (a range opener is one token), then the quantity's own reach. _match_at returns None at a
# token with no anchor that near, so the scan need not try it.
FIGURE_REACH = max(len(phrase) for phrase in QUALIFIER_PHRASES) + QUANTITY_REACH


def _scan(text: str, skip: bool = True) -> list[tuple[NumberMatch | str, int, int]]:
    """Every figure and every skipped number of a text, in order: (match or reason, start, end).

    With `skip`, only the tokens within FIGURE_REACH before an anchor are tried; the result is the
    same as trying every token.
    """
    if skip and not may_hold_quantity(text):
        return []
    tokens = tokenize(text)
    anchors = [k for k, t in enumerate(tokens) if quantity_anchor(t)] if skip else range(len(tokens))
    found: list[tuple[NumberMatch | str, int, int]] = []
    i = 0
    while i < len(tokens):
        a = bisect.bisect_left(anchors, i)
        if a == len(anchors):
            break
        i = max(i, anchors[a] - FIGURE_REACH)
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
    tokens = tokenize(phrase)
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
