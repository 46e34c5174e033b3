"""Number phrases -> normalised figures: every phrase form, whole sentences, round trips, the corpus."""
from __future__ import annotations

import doctest
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from pipeline import numbers
from pipeline.numbers import find_numbers, parse_number
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
    ("34-year-old", "duration", 34, None, None, "year", "exact"),
    ("90 minutes", "duration", 90, None, None, "minute", "exact"),
    ("a fortnight", "duration", 2, None, None, "week", "exact"),
    # measures
    ("12 km", "quantity", 12, None, None, "km", "exact"),
    ("40 mph", "quantity", 40, None, None, "mph", "exact"),
    ("5.5kg", "quantity", 5.5, None, None, "kg", "exact"),
    ("3,000 tonnes", "quantity", 3000, None, None, "tonne", "exact"),
    ("10 miles", "quantity", 10, None, None, "mile", "exact"),
    ("100m", "quantity", 100, None, None, "m", "exact"),
    ("200 metres", "quantity", 200, None, None, "m", "exact"),
    ("2GB", "quantity", 2, None, None, "gb", "exact"),
    ("5 degrees C", "quantity", 5, None, None, "celsius", "exact"),
    ("5C", "quantity", 5, None, None, "celsius", "exact"),
    ("8 Mbps", "quantity", 8, None, None, "mbps", "exact"),
    ("500 square miles", "quantity", 500, None, None, "sq_mile", "exact"),
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
     [("three times", "ratio", 3, None, None, "times", "exact"), ("three", "count", 3, None, None, "count", "exact")]),
    ("The service is twice as fast.", [("twice", "ratio", 2, None, None, "times", "exact")]),
    ("Sales rose from 4% to 5% and prices rose from £3 to £5.",
     [("4%", "percent", 4, None, None, "percent", "exact"), ("5%", "percent", 5, None, None, "percent", "exact"),
      ("£3", "money", 3, None, None, "GBP", "exact"), ("£5", "money", 5, None, None, "GBP", "exact")]),
    ("Aimed at children aged 10 to 13, it runs in 4-5 cities.",
     [("10 to 13", "count", None, 10, 13, "count", "range"), ("4-5", "count", None, 4, 5, "count", "range")]),
    ("Games will cost between $10-25m to make.",
     [("between $10-25m", "money", None, 1e7, 2.5e7, "USD", "range")]),
    ("He ran the 100m in 9.58 seconds while 3m people watched.",
     [("100m", "quantity", 100, None, None, "m", "exact"), ("9.58 seconds", "duration", 9.58, None, None, "second", "exact"),
      ("3m", "count", 3e6, None, None, "count", "exact")]),
    ("Profits rose to 719m euros, 1.47m yuan and 1.90 Canadian dollars.",
     [("719m euros", "money", 7.19e8, None, None, "EUR", "exact")]),
    ("MPs voted 272-219 in favour.",
     [("272", "count", 272, None, None, "count", "exact"), ("219", "count", 219, None, None, "count", "exact")]),
    ("The 34-year-old signed an 18-month deal.",
     [("34-year-old", "duration", 34, None, None, "year", "exact"), ("18-month", "duration", 18, None, None, "month", "exact")]),
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
    "It cost A$720 and HK$3.",
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
