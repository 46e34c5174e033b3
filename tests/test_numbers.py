"""Number phrases -> normalised figures: every phrase form, whole sentences, round trips, the corpus."""
from __future__ import annotations

import doctest
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from pipeline.text import not_figures, numbers, quantities
from pipeline.text.number_tokens import tokenize
from pipeline.text.numbers import find_numbers, parse_number
from pipeline.schemas import FIGURE_KINDS, FIGURE_UNITS, QUALIFIERS

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = Path(__file__).resolve().parent / "data" / "gold_seeds.json"

# phrase -> kind, value, low, high, unit, qualifier
PHRASES = [
    # counts
    ("3,000", "count", 3000, None, None, "count", "exact"),
    ("106", "count", 106, None, None, "count", "exact"),
    ("four", "count", 4, None, None, "count", "exact"),
    ("Four", "count", 4, None, None, "count", "exact"),
    ("twenty-one", "count", 21, None, None, "count", "exact"),
    ("one hundred and six", "count", 106, None, None, "count", "exact"),
    ("two thousand five hundred", "count", 2500, None, None, "count", "exact"),
    ("4.4 million", "count", 4_400_000, None, None, "count", "exact"),
    ("45k", "count", 45_000, None, None, "count", "exact"),
    ("half a million", "count", 500_000, None, None, "count", "exact"),
    ("a quarter of a million", "count", 250_000, None, None, "count", "exact"),
    ("1.2bn", "count", 1_200_000_000, None, None, "count", "exact"),
    ("453½", "count", 453.5, None, None, "count", "exact"),
    ("a dozen", "count", 12, None, None, "count", "exact"),
    ("two dozen", "count", 24, None, None, "count", "exact"),
    ("a million", "count", 1_000_000, None, None, "count", "exact"),
    ("one and a half million", "count", 1_500_000, None, None, "count", "exact"),
    ("3m people", None, None, None, None, None, None),  # not a phrase on its own: the noun is outside it
    # money
    ("£4.4 million", "money", 4_400_000, None, None, "GBP", "exact"),
    ("£4.4m", "money", 4_400_000, None, None, "GBP", "exact"),
    ("$3bn", "money", 3e9, None, None, "USD", "exact"),
    ("€5", "money", 5, None, None, "EUR", "exact"),
    ("US$25,000", "money", 25_000, None, None, "USD", "exact"),
    ("£20", "money", 20, None, None, "GBP", "exact"),
    ("£100m", "money", 100_000_000, None, None, "GBP", "exact"),
    ("50p", "money", 0.5, None, None, "GBP", "exact"),
    ("245p", "money", 2.45, None, None, "GBP", "exact"),
    ("50 pence", "money", 0.5, None, None, "GBP", "exact"),
    ("20 pounds", "money", 20, None, None, "GBP", "exact"),
    ("300 dollars", "money", 300, None, None, "USD", "exact"),
    ("10bn euros", "money", 1e10, None, None, "EUR", "exact"),
    ("four million pounds", "money", 4_000_000, None, None, "GBP", "exact"),
    ("millions of pounds", "money", None, 2_000_000, 9_999_999, "GBP", "vague"),
    # percent
    ("24%", "percent", 24, None, None, "percent", "exact"),
    ("24 per cent", "percent", 24, None, None, "percent", "exact"),
    ("24 percent", "percent", 24, None, None, "percent", "exact"),
    ("3.4%", "percent", 3.4, None, None, "percent", "exact"),
    ("five per cent", "percent", 5, None, None, "percent", "exact"),
    ("3 percentage points", "percent", 3, None, None, "point", "exact"),
    # ratio
    ("one in four", "ratio", 0.25, None, None, "ratio", "exact"),
    ("1 in 4", "ratio", 0.25, None, None, "ratio", "exact"),
    ("nine out of 10", "ratio", 0.9, None, None, "ratio", "exact"),
    ("half", "ratio", 0.5, None, None, "ratio", "exact"),
    ("two-thirds", "ratio", 2 / 3, None, None, "ratio", "exact"),
    ("two thirds", "ratio", 2 / 3, None, None, "ratio", "exact"),
    ("three quarters", "ratio", 0.75, None, None, "ratio", "exact"),
    ("three-quarters", "ratio", 0.75, None, None, "ratio", "exact"),
    ("three times", None, None, None, None, None, None),  # a multiplier only before a comparative
    # durations
    ("nine-hour", "duration", 9, None, None, "hour", "exact"),
    ("20 years", "duration", 20, None, None, "year", "exact"),
    ("one month", "duration", 1, None, None, "month", "exact"),
    ("a decade", "duration", 10, None, None, "year", "exact"),
    ("two decades", "duration", 20, None, None, "year", "exact"),
    ("six-week", "duration", 6, None, None, "week", "exact"),
    ("half an hour", "duration", 0.5, None, None, "hour", "exact"),
    ("34-year-old", "age", 34, None, None, "year", "exact"),
    ("90 minutes", "duration", 90, None, None, "minute", "exact"),
    ("a fortnight", "duration", 2, None, None, "week", "exact"),
    # measures
    ("12 km", "quantity", 12, None, None, "kilometer", "exact"),
    ("40 mph", "quantity", 40, None, None, "mile / hour", "exact"),
    ("5.5kg", "quantity", 5.5, None, None, "kilogram", "exact"),
    ("3,000 tonnes", "quantity", 3000, None, None, "metric_ton", "exact"),
    ("10 miles", "quantity", 10, None, None, "mile", "exact"),
    ("100m", "quantity", 100, None, None, "meter", "exact"),
    ("200 metres", "quantity", 200, None, None, "meter", "exact"),
    ("2GB", "quantity", 2, None, None, "gigabyte", "exact"),
    ("5 degrees C", "quantity", 5, None, None, "degree_Celsius", "exact"),
    ("5C", "quantity", 5, None, None, "degree_Celsius", "exact"),
    ("8 Mbps", "quantity", 8, None, None, "megabit / second", "exact"),
    ("500 square miles", "quantity", 500, None, None, "mile ** 2", "exact"),
    ("100 acres", "quantity", 100, None, None, "acre", "exact"),
    # qualifiers
    ("an estimated 100,000", "count", 100_000, None, None, "count", "approx"),
    ("estimated 100,000", "count", 100_000, None, None, "count", "approx"),
    ("around 60,000", "count", 60_000, None, None, "count", "approx"),
    ("Around 60,000", "count", 60_000, None, None, "count", "approx"),
    ("about 5%", "percent", 5, None, None, "percent", "approx"),
    ("roughly £3m", "money", 3_000_000, None, None, "GBP", "approx"),
    ("some 300", "count", 300, None, None, "count", "approx"),
    ("approximately 40", "count", 40, None, None, "count", "approx"),
    ("circa 40", "count", 40, None, None, "count", "approx"),
    ("over 100,000", "count", 100_000, None, None, "count", "more_than"),
    ("more than 1,000", "count", 1000, None, None, "count", "more_than"),
    ("above 70", "count", 70, None, None, "count", "more_than"),
    ("in excess of £1bn", "money", 1e9, None, None, "GBP", "more_than"),
    ("upwards of 500", "count", 500, None, None, "count", "more_than"),
    ("over half a million", "count", 500_000, None, None, "count", "more_than"),
    ("Over half", "ratio", 0.5, None, None, "ratio", "more_than"),
    ("under 200,000", "count", 200_000, None, None, "count", "fewer_than"),
    ("fewer than 600,000", "count", 600_000, None, None, "count", "fewer_than"),
    ("less than 5%", "percent", 5, None, None, "percent", "fewer_than"),
    ("below 10", "count", 10, None, None, "count", "fewer_than"),
    ("almost 3,000", "count", 3000, None, None, "count", "fewer_than"),
    ("nearly half", "ratio", 0.5, None, None, "ratio", "fewer_than"),
    ("just under 5%", "percent", 5, None, None, "percent", "fewer_than"),
    ("just short of 1,000", "count", 1000, None, None, "count", "fewer_than"),
    ("at least 72 hours", "duration", 72, None, None, "hour", "at_least"),
    ("a minimum of 3", "count", 3, None, None, "count", "at_least"),
    ("as many as 1,000", "count", 1000, None, None, "count", "at_most"),
    ("up to £1", "money", 1, None, None, "GBP", "at_most"),
    ("no more than 9", "count", 9, None, None, "count", "at_most"),
    ("at most 12", "count", 12, None, None, "count", "at_most"),
    ("a maximum of 30", "count", 30, None, None, "count", "at_most"),
    ("only 45,000", "count", 45_000, None, None, "count", "exact"),
    # multipliers
    ("three times as many", None, None, None, None, None, None),  # the comparative is not part of the phrase
    # ranges
    ("between 4,000 and 10,000", "count", None, 4000, 10_000, "count", "range"),
    ("4,000-10,000", "count", None, 4000, 10_000, "count", "range"),
    ("4,000 to 10,000", "count", None, 4000, 10_000, "count", "range"),
    ("4 or 5", "count", None, 4, 5, "count", "range"),
    ("from 4 to 5", "count", None, 4, 5, "count", "range"),
    ("between 4 and 5 million", "count", None, 4e6, 5e6, "count", "range"),
    ("between 400,000 and 1 million", "count", None, 400_000, 1e6, "count", "range"),
    ("£4-5m", "money", None, 4e6, 5e6, "GBP", "range"),
    ("between £4m and £5m", "money", None, 4e6, 5e6, "GBP", "range"),
    ("4-5%", "percent", None, 4, 5, "percent", "range"),
    ("two or three months", "duration", None, 2, 3, "month", "range"),
    # vague
    ("dozens", "count", None, 24, 99, "count", "vague"),
    ("hundreds", "count", None, 200, 999, "count", "vague"),
    ("Hundreds", "count", None, 200, 999, "count", "vague"),
    ("thousands", "count", None, 2000, 9999, "count", "vague"),
    ("Thousands", "count", None, 2000, 9999, "count", "vague"),
    ("tens of thousands", "count", None, 20_000, 99_999, "count", "vague"),
    ("hundreds of thousands", "count", None, 200_000, 999_999, "count", "vague"),
    ("millions", "count", None, 2_000_000, 9_999_999, "count", "vague"),
    ("a few thousand", "count", None, 2000, 9999, "count", "vague"),
    ("several hundred", "count", None, 200, 999, "count", "vague"),
    # not number phrases
    ("a few", None, None, None, None, None, None),
    ("a handful", None, None, None, None, None, None),
    ("a couple", None, None, None, None, None, None),
    ("4G", None, None, None, None, None, None),
    ("21st", None, None, None, None, None, None),
    ("1990s", None, None, None, None, None, None),
    ("3pm", None, None, None, None, None, None),
]


def _approx(x):
    return None if x is None else pytest.approx(x, rel=1e-9)


@pytest.mark.parametrize("phrase,kind,value,low,high,unit,qualifier", PHRASES, ids=[p[0] for p in PHRASES])
def test_parse_number_phrase_forms(phrase, kind, value, low, high, unit, qualifier):
    match = parse_number(phrase)
    if kind is None:
        assert match is None
        return
    assert match is not None, phrase
    assert (match.kind, match.unit, match.qualifier) == (kind, unit, qualifier)
    assert match.value == _approx(value)
    assert match.low == _approx(low)
    assert match.high == _approx(high)
    assert (match.start, match.end, match.text) == (0, len(phrase), phrase)


# Forms that are figures only in some contexts ("half" needs "of ...", a capital is a sentence start).
IN_SENTENCE = [p for p in PHRASES if p[1] is not None and p[0] not in ("half", "one month") and not p[0][0].isupper()]


@pytest.mark.parametrize("phrase,kind,value,low,high,unit,qualifier", IN_SENTENCE, ids=[p[0] for p in IN_SENTENCE])
def test_find_numbers_reads_each_phrase_form_in_a_sentence(phrase, kind, value, low, high, unit, qualifier):
    sentence = f"They said that {phrase} were involved."
    found = find_numbers(sentence)
    assert len(found) == 1, found
    m = found[0]
    assert m.text in (phrase, phrase.removeprefix("only "))
    assert (m.kind, m.unit, m.qualifier, m.value, m.low, m.high) == (
        kind, unit, qualifier, _approx(value), _approx(low), _approx(high))
    assert sentence[m.start:m.end] == m.text


def _summary(text: str) -> list[tuple]:
    return [(m.text, m.kind, m.value, m.low, m.high, m.unit, m.qualifier) for m in find_numbers(text)]


SENTENCES = [
    ("After a purge which saw an estimated 100,000 (largely left-wing) registered supporters barred",
     [("an estimated 100,000", "count", 100000, None, None, "count", "approx")]),
    ("Harman has suggested the selectorate would be ‘fewer than 600,000. It will be over half a million’ — "
     "meaning there are tens of thousands of rogues still to be weeded out.",
     [("fewer than 600,000", "count", 600000, None, None, "count", "fewer_than"),
      ("over half a million", "count", 500000, None, None, "count", "more_than"),
      ("tens of thousands", "count", None, 20000, 99999, "count", "vague")]),
    ("Just 24% of people voted Conservative in the last election, 76% didn’t.",
     [("24%", "percent", 24, None, None, "percent", "exact"), ("76%", "percent", 76, None, None, "percent", "exact")]),
    ("Labour need to win an extra 106 seats in 2020 to gain a majority",
     [("106", "count", 106, None, None, "count", "exact")]),
    ("The move was agreed in a nine-hour meeting yesterday",
     [("nine-hour", "duration", 9, None, None, "hour", "exact")]),
    ("are down to only one month’s payroll",
     [("one month", "duration", 1, None, None, "month", "exact")]),
    ("half of whom don’t even bother to vote",
     [("half", "ratio", 0.5, None, None, "ratio", "exact")]),
    ("McNicol told Sinclair that “The Labour Party is built on donations like the one you just made”.", []),
    ("it brought him within a few thousand votes of parking his rickety bike outside No 10.",
     [("a few thousand", "count", None, 2000, 9999, "count", "vague")]),
    ("from the day he got Jeremy Corbyn suspended, it was obvious that he had his sights set on one thing and "
     "only one thing", []),
    ("Mr Serwotka said he had not been a member of any political party for 20 years",
     [("20 years", "duration", 20, None, None, "year", "exact")]),
    ("shares dropped 3.4% to 245p",
     [("3.4%", "percent", 3.4, None, None, "percent", "exact"), ("245p", "money", 2.45, None, None, "GBP", "exact")]),
    ("It had gone from under 200,000 members to over half a million. Over half of them remain suspended.",
     [("under 200,000", "count", 200000, None, None, "count", "fewer_than"),
      ("over half a million", "count", 500000, None, None, "count", "more_than"),
      ("Over half", "ratio", 0.5, None, None, "ratio", "more_than")]),
    ("Hundreds of members turned out, and Around 60,000 joined.",
     [("Hundreds", "count", None, 200, 999, "count", "vague"),
      ("Around 60,000", "count", 60000, None, None, "count", "approx")]),
    ("The company is three times as big as it was and meets three times a week.",
     [("three times", "ratio", 3, None, None, "times", "exact"),
      ("three times a week", "quantity", 3, None, None, "count / week", "exact")]),
    ("The service is twice as fast.", [("twice", "ratio", 2, None, None, "times", "exact")]),
    ("Sales rose from 4% to 5% and prices rose from £3 to £5.",
     [("4%", "percent", 4, None, None, "percent", "exact"), ("5%", "percent", 5, None, None, "percent", "exact"),
      ("£3", "money", 3, None, None, "GBP", "exact"), ("£5", "money", 5, None, None, "GBP", "exact")]),
    ("Aimed at children aged 10 to 13, it runs in 4-5 cities.",
     [("10 to 13", "age", None, 10, 13, "year", "range"), ("4-5", "count", None, 4, 5, "count", "range")]),
    ("Games will cost between $10-25m to make.",
     [("between $10-25m", "money", None, 1e7, 2.5e7, "USD", "range")]),
    ("He ran the 100m in 9.58 seconds while 3m people watched.",
     [("100m", "quantity", 100, None, None, "meter", "exact"), ("9.58 seconds", "duration", 9.58, None, None, "second", "exact"),
      ("3m", "count", 3e6, None, None, "count", "exact")]),
    ("Profits rose to 719m euros, 1.47m yuan and 1.90 Canadian dollars, not 12bn pesos.",
     [("719m euros", "money", 7.19e8, None, None, "EUR", "exact"), ("1.47m yuan", "money", 1.47e6, None, None, "CNY", "exact"),
      ("1.90 Canadian dollars", "money", 1.9, None, None, "CAD", "exact")]),
    ("MPs voted 272-219 in favour.",
     [("272", "count", 272, None, None, "count", "exact"), ("219", "count", 219, None, None, "count", "exact")]),
    ("The 34-year-old signed an 18-month deal.",
     [("34-year-old", "age", 34, None, None, "year", "exact"), ("18-month", "duration", 18, None, None, "month", "exact")]),
]

NOT_FIGURES = [
    "It happened in 2015 and again in the 2017 election.",
    "The 1940 assassination shocked the world.",
    "the 2019-20 season",
    "between 2010 and 2015",
    "On September 12 and on 12 September 2015 and on 12/09/2015.",
    "Expos run from 6 to 9 January.",
    "We met at 10:30, again at 3pm, at 3 pm, at 10.30am and at 5 o'clock.",
    "He was first, then 3rd, then 21st.",
    "1. Open the box\n2) Close the box",
    "No 10, Article 50, Covid-19, G20, M25, Windows 10, PS3, B005, A4, iPhone 6, Section 28, Channel 4, Radio 5",
    "He reached number 11 in the charts.",
    "Call 0800 123 4567 or +44 20 7946 0000.",
    "Chelsea won 2-1 after a 3-0 win; she led 15-30 then 6-4.",
    "one of them, the one you just made, no one, one day, one thing, one another, someone, anyone",
    "One day you will tell your children.",
    "one-person, one-vote",
    "a single conversation, a few seats, a couple of days, a handful of people",
    "The Six Nations and the Three Gorges dam.",
    "a two-time champion and a three-match ban",
    "the 1990s, the '80s, the over-50s, the under-21 side",
    "4G and 5G networks and 3D films",
    "the first half of 2006 and the third quarter",
    "a third term and a quarter-final",
    "It cost Z$720 and 12bn pesos.",
]


@pytest.mark.parametrize("sentence,expected", SENTENCES, ids=[s[:40] for s, _ in SENTENCES])
def test_find_numbers_on_real_sentences(sentence, expected):
    found = _summary(sentence)
    want = [(t, k, _approx(v), _approx(lo), _approx(hi), u, q) for t, k, v, lo, hi, u, q in expected]
    assert found == want


@pytest.mark.parametrize("sentence", NOT_FIGURES, ids=[s[:40] for s in NOT_FIGURES])
def test_find_numbers_skips_non_figures(sentence):
    assert find_numbers(sentence) == []


def test_offsets_point_into_the_text():
    text = "An estimated £4.4 million, or 24 per cent of the budget, went on twenty-one schools."
    found = find_numbers(text)
    assert [m.text for m in found] == ["An estimated £4.4 million", "24 per cent", "twenty-one"]
    for m in found:
        assert text[m.start:m.end] == m.text
    assert [text[m.number_start:m.number_end] for m in found] == ["4.4 million", "24", "twenty-one"]


def test_matches_are_ordered_and_non_overlapping():
    text = "Between 4,000 and 10,000 people, about 5% of them, paid £20 each over 3 days; half of them left."
    found = find_numbers(text)
    assert len(found) == 5
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_every_value_is_in_the_vocabularies():
    text = ("Over 3,000 people paid £4.4m, 24%, 3 percentage points, one in four, three times more, 20 years, "
            "12 km, tens of thousands, between 4 and 5, up to 40 mph, 5.5kg and 2GB.")
    found = find_numbers(text)
    assert len(found) == 13
    for m in found:
        assert m.kind in FIGURE_KINDS and m.unit in FIGURE_UNITS and m.qualifier in QUALIFIERS
        assert (m.value is None) == (m.qualifier in ("range", "vague"))
        assert (m.low is None) == (m.qualifier not in ("range", "vague"))


def test_doctests():
    result = doctest.testmod(numbers)
    assert result.attempted >= 4 and result.failed == 0


# ---- round trips -----------------------------------------------------------------------------------

INTEGERS = st.integers(min_value=0, max_value=999_999_999_999)


@settings(max_examples=300, deadline=None)
@given(INTEGERS)
def test_integers_in_words_parse_back(n):
    phrase = num2words(n, lang="en")
    match = parse_number(phrase)
    assert match is not None, phrase
    assert match.value == n and match.kind == "count" and match.qualifier == "exact"


@settings(max_examples=200, deadline=None)
@given(INTEGERS)
def test_integers_in_words_without_and_parse_back(n):
    phrase = num2words(n, lang="en").replace(" and ", " ").replace(",", "")
    assert parse_number(phrase).value == n


@settings(max_examples=300, deadline=None)
@given(INTEGERS)
def test_integers_in_digits_parse_back(n):
    assert parse_number(f"{n:,}").value == n
    assert parse_number(str(n)).value == n


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=999_999, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_parse_back(d):
    assert parse_number(f"{d:,}").value == pytest.approx(float(d))
    words = num2words(Decimal(d), lang="en")
    assert parse_number(words).value == pytest.approx(float(d)), words


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999))
def test_pounds_parse_back(n):
    match = parse_number(f"£{n:,}")
    assert (match.kind, match.unit, match.value) == ("money", "GBP", n)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.1"), max_value=999, places=1, allow_nan=False, allow_infinity=False),
       st.sampled_from([("million", 1e6), ("billion", 1e9), ("bn", 1e9), ("trillion", 1e12), ("thousand", 1e3)]),
       st.sampled_from(["", "£", "$", "€"]))
def test_scaled_forms_parse_back(x, scale, sign):
    word, factor = scale
    match = parse_number(f"{sign}{x} {word}")
    assert match.value == pytest.approx(float(x) * factor)
    assert match.unit == {"": "count", "£": "GBP", "$": "USD", "€": "EUR"}[sign]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789,.-–%£$€½ abcdefhilmnoprstuyATMO'’/:()\n")), max_size=60)
       | st.lists(st.sampled_from(["one", "half", "a", "of", "million", "£", "5", "-", "to", "between", "and", "over",
                                  "2015", "12", "%", "per", "cent", "m", "times", "as", "in", "four", "thousands"]),
                  max_size=12).map(" ".join))
def test_find_numbers_never_fails_and_keeps_its_offsets(text):
    found = find_numbers(text)
    last_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
        assert m.start <= m.number_start < m.number_end <= m.end
        assert m.start >= last_end
        assert m.kind in FIGURE_KINDS and m.unit in FIGURE_UNITS and m.qualifier in QUALIFIERS
        last_end = m.end


# ---- reference annotations and the corpus -----------------------------------------------------------


@pytest.mark.skipif(not GOLD.exists(), reason="reference annotations absent")
def test_reference_figures_parse_to_their_annotated_values():
    for doc in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]:
        for figure in doc["figures"]:
            match = parse_number(figure["text"])
            assert match is not None, figure["text"]
            got = (match.kind, match.unit, match.qualifier, match.value, match.low, match.high)
            assert got == (figure["kind"], figure["unit"], figure["qualifier"], _approx(figure["value"]),
                           _approx(figure["low"]), _approx(figure["high"])), figure["text"]


@pytest.mark.skipif(not GOLD.exists(), reason="reference annotations absent")
def test_reference_figures_are_found_on_their_lines():
    for doc in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]:
        lines = (REPO / "raw" / doc["file"]).read_text(encoding="utf-8").splitlines()
        for figure in doc["figures"]:
            line = lines[figure["line"] - 1]
            found = find_numbers(line)
            hits = [m for m in found if figure["text"] in m.text or m.text in figure["text"]]
            assert hits, (figure["text"], [m.text for m in found])
            assert any(m.value == _approx(figure["value"]) and m.low == _approx(figure["low"]) for m in hits)


@pytest.mark.corpus
@pytest.mark.skipif(not (SHARED / "corpora" / "bbc").exists(), reason="BBC corpus absent")
def test_corpus_years_and_dates_are_not_figures():
    """Across a slice of the BBC corpus, no figure is a bare calendar year or a day of a month."""
    files = sorted((SHARED / "corpora" / "bbc").glob("business/*.txt"))[:150]
    assert files
    months = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"}
    total = 0
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        for m in find_numbers(text):
            total += 1
            assert not (m.text.isdigit() and len(m.text) == 4 and 1900 <= int(m.text) <= 2030), m.text
            following = text[m.end:m.end + 12].split()
            assert not (m.unit == "count" and following and following[0].strip(".,") in months), \
                text[m.start - 20:m.end + 20]
    assert total > 500


@pytest.mark.parametrize("sentence, expected", [
    ("dedicated to the dream of one day installing a new leader", []),
    ("hopes of one day becoming champion", []),
    ("the strike was called off in one day during the talks", ["one day"]),
    ("within one day of the vote", ["one day"]),
])
def test_one_day_before_a_verb_is_some_day_not_a_duration(sentence, expected):
    assert [m.text for m in find_numbers(sentence)] == expected


# ---- units, currencies, multipliers, rates, ages ------------------------------------------------------

# sentence -> the figure found in it: text, kind, value, unit, unit as written
UNIT_CASES = [
    # power, torque, rotation
    ("The engine makes 300 horsepower at the top.", "300 horsepower", "quantity", 300, "horsepower", "horsepower"),
    ("It gets a 450bhp V8.", "450bhp", "quantity", 450, "horsepower", "bhp"),
    ("A 150hp diesel is offered.", "150hp", "quantity", 150, "horsepower", "hp"),
    ("Peak torque is 369 pound-feet, it said.", "369 pound-feet", "quantity", 369, "foot * force_pound", "pound-feet"),
    ("That is 500 newton metres of torque.", "500 newton metres", "quantity", 500, "meter * newton", "newton metres"),
    ("It now produces 197 Nm of torque.", "197 Nm", "quantity", 197, "meter * newton", "Nm"),
    ("The engine redlines at 7,000 rpm.", "7,000 rpm", "quantity", 7000, "revolutions_per_minute", "rpm"),
    # electricity and frequency
    ("It has a 2.4GHz processor.", "2.4GHz", "quantity", 2.4, "gigahertz", "GHz"),
    ("Audio is sampled at 44.1 kHz here.", "44.1 kHz", "quantity", 44.1, "kilohertz", "kHz"),
    ("The grid runs at 50 hertz.", "50 hertz", "quantity", 50, "hertz", "hertz"),
    ("The phone has a 4,000mAh battery.", "4,000mAh", "quantity", 4000, "milliampere_hour", "mAh"),
    ("Plug it into a 12-volt socket.", "12-volt", "quantity", 12, "volt", "volt"),
    ("The old 60-watt bulbs are banned.", "60-watt", "quantity", 60, "watt", "watt"),
    ("The wind farm will produce 500MW.", "500MW", "quantity", 500, "megawatt", "MW"),
    ("Homes used 3,300 kilowatt-hours a year.", "3,300 kilowatt-hours", "quantity", 3300, "kilowatt_hour",
     "kilowatt-hours"),
    # pressure
    ("Tyres are inflated to 35 psi.", "35 psi", "quantity", 35, "pound_force_per_square_inch", "psi"),
    ("The steel is rated at 60 ksi.", "60 ksi", "quantity", 60, "kip_per_square_inch", "ksi"),
    ("It withstands 250 megapascals of stress.", "250 megapascals", "quantity", 250, "megapascal", "megapascals"),
    # length, area, volume, mass
    ("The particles are 10 micrometres across.", "10 micrometres", "quantity", 10, "micrometer", "micrometres"),
    ("He bought a 55-inch television.", "55-inch", "quantity", 55, "inch", "inch"),
    ("He broke free for a 40-yard run.", "40-yard", "quantity", 40, "yard", "yard"),
    ("The firm leased 2,500 square feet of offices.", "2,500 square feet", "quantity", 2500, "foot ** 2",
     "square feet"),
    ("The farm covers 500 hectares.", "500 hectares", "quantity", 500, "hectare", "hectares"),
    ("Police seized 5.5kg of cocaine.", "5.5kg", "quantity", 5.5, "kilogram", "kg"),
    ("He won the 100m final.", "100m", "quantity", 100, "meter", "m"),
    ("The pipeline carries 1.4 billion cubic feet of gas.", "1.4 billion cubic feet", "quantity", 1.4e9, "foot ** 3",
     "cubic feet"),
    # speed, rates of flow, concentration
    ("Winds reached 87 mph on the coast.", "87 mph", "quantity", 87, "mile / hour", "mph"),
    ("Gusts hit 140 km/h on the coast.", "140 km/h", "quantity", 140, "kilometer / hour", "km/h"),
    ("He was driving at 70 miles per hour.", "70 miles per hour", "quantity", 70, "mile / hour", "miles per hour"),
    ("Output rose to 1.2 million barrels per day.", "1.2 million barrels per day", "quantity", 1.2e6, "barrel / day",
     "barrels per day"),
    ("Exports hit 474,000 bpd in June.", "474,000 bpd", "quantity", 474_000, "barrel / day", "bpd"),
    ("The car does 50 miles per gallon.", "50 miles per gallon", "quantity", 50, "mile / gallon", "miles per gallon"),
    ("Lead was found at 15 parts per billion.", "15 parts per billion", "quantity", 15, "ppb", "parts per billion"),
    ("It emits 120g/km of carbon dioxide.", "120g/km", "quantity", 120, "gram / kilometer", "g/km"),
    # temperature, angle, sound, data
    ("Temperatures reached 30C in London.", "30C", "quantity", 30, "degree_Celsius", "C"),
    ("It was 86 degrees Fahrenheit.", "86 degrees Fahrenheit", "quantity", 86, "degree_Fahrenheit",
     "degrees Fahrenheit"),
    ("The screen can rotate 180 degrees.", "180 degrees", "quantity", 180, "degree", "degrees"),
    ("Noise reached 85 decibels at night.", "85 decibels", "quantity", 85, "decibel", "decibels"),
    ("It comes with 64GB of storage.", "64GB", "quantity", 64, "gigabyte", "GB"),
    ("The set measures 22\" long.", '22"', "quantity", 22, "inch", '"'),
    ("It has a 27″ display.", "27″", "quantity", 27, "inch", "″"),
    ("The recipe calls for three cups of sugar.", "three cups", "quantity", 3, "cup", "cups"),
    ("Half of the 17-million population is poor.", "17-million", "count", 1.7e7, "count", None),
    ("Broadband of 8 Mbps is on offer.", "8 Mbps", "quantity", 8, "megabit / second", "Mbps"),
    ("It has a five megapixel camera.", "five megapixel", "quantity", 5, "megapixel", "megapixel"),
    # points
    ("The FTSE 100 closed at 7,425.81 points.", "7,425.81 points", "quantity", 7425.81, "index_point", "points"),
    ("The index fell 58 points in early trading.", "58 points", "quantity", 58, "index_point", "points"),
    ("The bank cut rates by 25 basis points.", "25 basis points", "percent", 25, "basis_point", "basis points"),
    ("Markets expect a 25bp cut.", "25bp", "percent", 25, "basis_point", "bp"),
    ("Labour's lead grew by 3 percentage points.", "3 percentage points", "percent", 3, "point", "percentage points"),
    # counts per period or per game
    ("He averaged 7.4 rebounds per game.", "7.4 rebounds per game", "quantity", 7.4, "count / game",
     "rebounds per game"),
    ("Her heart beat 40 times per minute.", "40 times per minute", "quantity", 40, "count / minute",
     "times per minute"),
    ("The plant makes 150,000 cars a year.", "150,000 cars a year", "quantity", 150_000, "count / year",
     "cars a year"),
    ("Viruses appear at up to 200 per week.", "up to 200 per week", "quantity", 200, "count / week", "per week"),
    # multipliers
    ("Profits grew sixfold last year.", "sixfold", "ratio", 6, "times", "fold"),
    ("Trials showed a 2.5-fold increase.", "2.5-fold", "ratio", 2.5, "times", "fold"),
    ("The offer was oversubscribed 6.5 times.", "6.5 times", "ratio", 6.5, "times", "times"),
    ("Sales rose more than tenfold.", "more than tenfold", "ratio", 10, "times", "fold"),
    # ages
    ("Senard, 65, said the firm would grow.", "65", "age", 65, "year", None),
    ("The 34-year-old signed a new deal.", "34-year-old", "age", 34, "year", "year-old"),
    ("The singer died aged 79 on Sunday.", "79", "age", 79, "year", None),
    ("She began at the age of 15 in Leeds.", "15", "age", 15, "year", None),
    ("The baby is six months old now.", "six months old", "age", 6, "month", "months old"),
    ("A nine-month-old boy was rescued.", "nine-month-old", "age", 9, "month", "month-old"),
    ("Carlineo Jr., 55, pleaded guilty.", "55", "age", 55, "year", None),
    ("It targets people aged between 18 and 34.", "between 18 and 34", "age", None, "year", None),
    ("Pupils between the ages of 16 and 18 left.", "16", "age", 16, "year", None),
    ("It is for adults aged over 65.", "over 65", "age", 65, "year", None),
    # durations with an adjective, glued or hyphenated
    ("It took 45 human hours to check.", "45 human hours", "duration", 45, "hour", "hours"),
    ("It was down for four straight years.", "four straight years", "duration", 4, "year", "years"),
    ("He set a best of 10.04secs in 1998.", "10.04secs", "duration", 10.04, "second", "secs"),
    ("He left after five-and-a-half years.", "five-and-a-half years", "duration", 5.5, "year", "years"),
    # a weight in pounds, money a year
    ("He weighed 243 pounds at his last check-up.", "243 pounds", "quantity", 243, "pound", "pounds"),
    ("The trade is worth more than 200bn euros a year.", "more than 200bn euros", "money", 2e11, "EUR", "euros"),
]

# sentence -> the money figure in it: text, value, ISO 4217 code, as written
CURRENCY_CASES = [
    ("The film took 20bn yen in Japan.", "20bn yen", 2e10, "JPY", "yen"),
    ("The bank lent 3bn yuan to the firm.", "3bn yuan", 3e9, "CNY", "yuan"),
    ("Ticket sales reached ¥500m.", "¥500m", 5e8, "JPY", "¥"),
    ("Qantas made A$431m in the half.", "A$431m", 4.31e8, "AUD", "A$"),
    ("It was sold for AU$3m last week.", "AU$3m", 3e6, "AUD", "AU$"),
    ("The stake is worth $A20m now.", "$A20m", 2e7, "AUD", "$A"),
    ("The deal is worth NZ$4bn.", "NZ$4bn", 4e9, "NZD", "NZ$"),
    ("Shares closed at C$10.50 on Friday.", "C$10.50", 10.5, "CAD", "C$"),
    ("It plans to raise HK$2bn.", "HK$2bn", 2e9, "HKD", "HK$"),
    ("The loan is for US$5m.", "US$5m", 5e6, "USD", "US$"),
    ("The fine was $US7m.", "$US7m", 7e6, "USD", "$US"),
    ("They paid 10.5 million Australian dollars.", "10.5 million Australian dollars", 1.05e7, "AUD",
     "Australian dollars"),
    ("Shares fell to 1.90 Canadian dollars.", "1.90 Canadian dollars", 1.9, "CAD", "Canadian dollars"),
    ("The museum charges 20 kroner.", "20 kroner", 20, "DKK", "kroner"),
    ("Shares dropped to 20.7 kronor.", "20.7 kronor", 20.7, "SEK", "kronor"),
    ("A ticket costs 30 shekels.", "30 shekels", 30, "ILS", "shekels"),
    ("A meal costs RM50 in Kuala Lumpur.", "RM50", 50, "MYR", "RM"),
    ("He paid Rs 200 for the ticket.", "Rs 200", 200, "INR", "Rs"),
    ("He spent Rs 40 lakh on the case.", "Rs 40 lakh", 4e6, "INR", "Rs"),
    ("It will buy back 1bn Swiss francs of shares.", "1bn Swiss francs", 1e9, "CHF", "Swiss francs"),
    ("Debts of 12 trillion won were converted.", "12 trillion won", 1.2e13, "KRW", "won"),
    ("The bid was USD 5m higher.", "USD 5m", 5e6, "USD", "USD"),
    ("The state spent 59.2 trillion rupiah.", "59.2 trillion rupiah", 5.92e13, "IDR", "rupiah"),
    ("Profits were £4.4m, up from 4m euros.", "£4.4m", 4.4e6, "GBP", "£"),
    ("The fund has 20bn baht to spend.", "20bn baht", 2e10, "THB", "baht"),
]


def _figure(sentence: str, text: str):
    found = [m for m in find_numbers(sentence) if m.text == text]
    assert len(found) == 1, (text, [m.text for m in find_numbers(sentence)])
    return found[0]


@pytest.mark.parametrize("sentence,text,kind,value,unit,unit_text", UNIT_CASES, ids=[c[1] for c in UNIT_CASES])
def test_units_are_named_and_kept_as_written(sentence, text, kind, value, unit, unit_text):
    m = _figure(sentence, text)
    assert (m.kind, m.unit, m.unit_text) == (kind, unit, unit_text)
    assert m.value == _approx(value)
    assert unit in FIGURE_UNITS


@pytest.mark.parametrize("sentence,text,value,code,unit_text", CURRENCY_CASES, ids=[c[1] for c in CURRENCY_CASES])
def test_currencies_are_iso_codes(sentence, text, value, code, unit_text):
    m = _figure(sentence, text)
    assert (m.kind, m.unit, m.unit_text) == ("money", code, unit_text)
    assert m.value == _approx(value)


@pytest.mark.parametrize("sentence,expected", [
    ('"We sold 300" said the owner.', [("300", "count", "count")]),  # a closing quote, not inches
    ("They are still in two cup competitions.", [("two", "count", "count")]),
    ("Output is going from 175 gigawatts to 450 gigawatts.", [("175 gigawatts", "quantity", "gigawatt"),
                                                               ("450 gigawatts", "quantity", "gigawatt")]),
    ("Interest rates rose five times last year.", [("five", "count", "count")]),  # occasions, not a multiplier
    ("Sales were 1.2 million a year earlier.", [("1.2 million", "count", "count")]),  # a comparison, not a rate
    ("He works five days a week.", [("five days", "duration", "day")]),
    ("Arsenal won the league by 12 points.", [("12", "count", "count")]),  # no index: the points are counted
    ("He meets 5 MPs on Monday.", [("5", "count", "count")]),
    ("It was 2004 has been good, he said at 5 in the morning.", [("5", "count", "count")]),
    ("The Three Degrees and 21 Grams won prizes.", [("21", "count", "count")]),
    ("BP owns 5 BP stations.", [("5", "count", "count")]),
])
def test_words_that_look_like_units_are_not_read_as_units(sentence, expected):
    assert [(m.text, m.kind, m.unit) for m in find_numbers(sentence)] == expected


# sentence -> (number as written, the rule that finds it is not a figure)
NOT_FIGURE_RULE_CASES = [
    ("The offer ends Oct. 31 this year.", ("31", "month_before")),
    ("The show runs Sept. 20-24 in Leeds.", ("20-24", "date_span")),
    ("He bought the iPhone 11 Pro today.", ("11", "name_before")),
    ("The Boeing 787 was grounded.", ("787", "name_before")),
    ("The S&P 500 rose.", ("500", "name_before")),
    ("It became a category 4 hurricane.", ("4", "label_noun_before")),
    ("She wore a size 10 dress at stage 3.", ("10", "label_noun_before")),
    ("He lives at 9 E 71st St in Manhattan.", ("9", "street_address")),
    ("He returned to 10 Downing Street.", ("10", "street_address")),
    ("The rapper 50 Cent said he was sorry.", ("50", "name_after")),
    ("It tested its 787 Dreamliner aircraft.", ("787", "name_after")),
    ("Chelsea won 2-1 at home.", ("2-1", "score")),
    ("He left No 10 in 2015.", ("10", "label_word_before")),
    ("The G20 met on Monday.", ("20", "glued_to_letters")),
    ("It opens at 3pm.", ("3pm", "glued_suffix")),
    ("It cost Z$720.", ("$720", "unknown_currency")),
    ("Fibre may curb hunger (37) and aid weight loss (27, 28, 29).", ("37", "bracketed_reference")),
    ("The 777 program has faced delays.", ("777", "model_number")),
    ("Put $6,000 into a 401(k) plan.", ("401", "letter_in_brackets_after")),
    ("The state owes 12bn pesos.", ("12bn pesos", "currency_without_country")),
]


@pytest.mark.parametrize("sentence,skipped", NOT_FIGURE_RULE_CASES, ids=[c[1][1] + ":" + c[0][:20] for c in NOT_FIGURE_RULE_CASES])
def test_each_not_figure_rule_names_what_it_skips(sentence, skipped):
    assert skipped in numbers.skipped_numbers(sentence)
    assert all(m.text != skipped[0] for m in find_numbers(sentence))


@pytest.mark.parametrize("sentence,text", [
    ("He trails Alan Shearer (250) and Andy Cole (173).", "173"),
    ("Most of the top 50 companies (44) publish them.", "44"),
    ("The airline flies 300 planes and its 150 jets.", "150"),
    ("Paterson slotted four more second-half penalties.", "four"),
    ("Of those, 300 Department of Health posts will move.", "300"),
    ("The airline ordered 54 Boeing jets.", "54"),
    ("It sent 120 Gurkhas to help.", "120"),
    ("The meeting of the 12 Eurozone finance ministers.", "12"),
    ("A total of 62 Labour rebels voted against.", "62"),
    ("Police arrested 20 After the match.", "20"),
])
def test_counts_before_capitalised_words_stay_figures(sentence, text):
    assert text in [m.text for m in find_numbers(sentence)]


def test_the_rule_tables_have_unique_names():
    names = [name for name, _, _ in not_figures.NOT_FIGURE_RULES] + [name for name, _ in quantities.UNIT_READERS]
    assert len(names) == len(set(names))


def _table_words() -> list[str]:
    """Every word and symbol of the parser's module-level tables (keys, members, phrase words)."""
    from pipeline.text import number_words, units

    words: set[str] = set()
    for module in (number_words, units, quantities):
        for name, table in vars(module).items():
            if name.isupper() and isinstance(table, (dict, frozenset, set, tuple)):
                for entry in table:
                    entries = entry if isinstance(entry, tuple) else (entry,)
                    words.update(e for e in entries if isinstance(e, str))
    return sorted(words)


TABLE_WORDS = _table_words()
# Frames a table word is tried in: alone, after a qualifier, inside a range, glued to digits, as a fraction.
FRAMES = ("{w}", "{w} people", "in the region of {w}", "about a {w}", "between {w} and 9", "a few {w}",
          "two-{w} of", "5 {w} a day", "{w}5m", "£{w}", "{w} $5", "sixty {w} million", "up to {w} of the",
          "{w}-fold", "US{w}", "rose from {w} to {w}", "{w} as many")


def test_the_table_words_include_every_kind_of_start():
    assert {"twice", "dozen", "thousands", "half", "decade", "£", "RM", "between", "over"} <= set(TABLE_WORDS)


@pytest.mark.parametrize("frame", FRAMES)
def test_skipping_tokens_without_an_anchor_finds_the_same(frame):
    """Each table word in each frame is read the same whether the scan tries every token or only
    those near an anchor, and the text check never rules out a text with an anchor."""
    texts = [frame.format(w=w) for w in TABLE_WORDS] + [frame.format(w=w.capitalize()) for w in TABLE_WORDS]
    assert [numbers._scan(t) for t in texts] == [numbers._scan(t, skip=False) for t in texts]
    anchored = [t for t in texts if any(quantities.quantity_anchor(k) for k in tokenize(t))]
    assert [t for t in anchored if not quantities.may_hold_quantity(t)] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TABLE_WORDS + ["4", "1.5", "2015", "-", " ", "people", "the", "of", "a"]),
                min_size=1, max_size=10), st.sampled_from([" ", "", "-"]))
def test_skipping_finds_the_same_in_any_run_of_table_words(words, joiner):
    text = joiner.join(words)
    assert numbers._scan(text) == numbers._scan(text, skip=False)


def test_a_word_missing_from_the_anchors_would_be_noticed(monkeypatch):
    """Without "twice" among the anchors, the skipping scan misses "twice as many": the check above can fail."""
    monkeypatch.setattr(quantities, "QUANTITY_WORDS", quantities.QUANTITY_WORDS - {"twice"})
    monkeypatch.setattr(numbers, "may_hold_quantity", lambda text: True)
    text = "twice as many"
    assert numbers._scan(text, skip=False) and numbers._scan(text) == []
