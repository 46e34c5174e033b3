"""The period a figure refers to, from the words of its sentence and the publication date."""
from __future__ import annotations

import doctest
from datetime import date

import pytest

from pipeline.text import periods
from pipeline.text.numbers import find_numbers
from pipeline.text.periods import period_phrases, periods_of

MAR_2005 = date(2005, 3, 1)
JAN_2005 = date(2005, 1, 20)
DEC_2005 = date(2005, 12, 20)
MAY_2015 = date(2015, 5, 20)
FEB_2015 = date(2015, 2, 10)
JUL_2021 = date(2021, 7, 22)

# sentence, figure as written, publication date, expected period
PERIOD_CASES = [
    ("Profits rose 5% in 2004.", "5%", MAR_2005, "2004"),
    ("Profits rose 5% in 2004.", "5%", None, "2004"),
    ("Profits rose 5% on Monday.", "5%", MAR_2005, "2005"),
    ("Profits rose 5% on Monday.", "5%", None, None),
    ("It fell 3% last year.", "3%", MAR_2005, "2004"),
    ("It fell 3% last year.", "3%", None, None),
    ("It will grow 2% next year.", "2%", MAR_2005, "2006"),
    ("It has grown 2% this year.", "2%", MAR_2005, "2005"),
    ("Since 2016, 3,000 members have left.", "3,000", JUL_2021, "2016/2021"),
    ("Profits rose 7% in the year to March.", "7%", MAY_2015, "2014/2015"),
    ("Profits rose 7% in the year to March.", "7%", FEB_2015, "2013/2014"),
    ("Profits rose 7% in the year to March 2012.", "7%", MAY_2015, "2011/2012"),
    ("Profits rose 7% in the year to March.", "7%", None, None),
    ("It made £3m in the three months to June.", "£3m", JUL_2021, "2021"),
    ("Sales grew 4% in the fourth quarter.", "4%", JAN_2005, "2004"),
    ("Sales grew 4% in the first quarter.", "4%", MAY_2015, "2015"),
    ("Output fell 2% in December.", "2%", JAN_2005, "2004"),
    ("Output fell 2% in December.", "2%", DEC_2005, "2005"),
    ("Output will rise 2% by March.", "2%", DEC_2005, "2006"),
    ("In 2003-04 the trust spent £5m.", "£5m", MAR_2005, "2003/2004"),
    ("The club's 2004/05 income was £90m.", "£90m", MAR_2005, "2004/2005"),
    ("Between 2010 and 2015, 300 people left.", "300", JUL_2021, "2010/2015"),
    ("From 2010 to 2015 sales fell 40%.", "40%", JUL_2021, "2010/2015"),
    ("Prices doubled in the 1990s to £90,000.", "£90,000", MAR_2005, "1990/1999"),
    ("Over the past five years, 300 people left.", "300", JUL_2021, "2016/2021"),
    ("In the last decade it cut 2,000 jobs.", "2,000", JUL_2021, "2011/2021"),
    ("Sales were £5m, up from £4m a year earlier.", "£5m", MAR_2005, "2005"),
    ("Sales were £5m, up from £4m a year earlier.", "£4m", MAR_2005, "2004"),
    ("Profits rose to £3bn in 2004, up from £2bn a year earlier.", "£3bn", MAR_2005, "2004"),
    ("Profits rose to £3bn in 2004, up from £2bn a year earlier.", "£2bn", MAR_2005, "2003"),
    ("Sales were £5m in 2004 and £4m in 2003.", "£5m", MAR_2005, "2004"),
    ("Sales were £5m in 2004 and £4m in 2003.", "£4m", MAR_2005, "2003"),
    ("The firm paid £2,015 for 1,999 shares.", "1,999", None, None),  # amounts, not years
    ("By the end of 2020, over 70 officers were suspended.", "over 70", JUL_2021, "2020"),
    ("For 2004, GM earned $3.7bn, down from $3.8bn in 2003, while revenue rose 4.5% to $193bn.", "$193bn", None, "2004"),
    ("For 2004, GM earned $3.7bn, down from $3.8bn in 2003, while revenue rose 4.5% to $193bn.", "$3.8bn", None, "2003"),
    ("For 2004, GM earned $3.7bn, down from $3.8bn in 2003, while revenue rose 4.5% to $193bn.", "$3.7bn", None, "2004"),
    ("Profit rose 70% to 2.39bn rupees in the last months of 2004, against 1.41bn rupees a year earlier.",
     "1.41bn rupees", None, "2003"),
    ("Sales were £5m, up from £4m a year earlier.", "£4m", None, None),
]


@pytest.mark.parametrize("sentence,text,published,expected", PERIOD_CASES,
                         ids=[f"{t}:{s[:30]}:{p}" for s, t, p, _ in PERIOD_CASES])
def test_period_of_a_figure(sentence, text, published, expected):
    found = find_numbers(sentence)
    assert text in [m.text for m in found]
    got = dict(zip((m.text for m in found), periods_of(sentence, [(m.start, m.end) for m in found], published)))
    assert got[text] == expected


def test_every_figure_of_a_sentence_gets_a_period():
    sentence = "In 2004 sales rose 5% to £3bn, against £2.5bn a year earlier and 1,000 staff."
    spans = [(sentence.index(t), sentence.index(t) + len(t)) for t in ("5%", "£3bn", "£2.5bn", "1,000")]
    assert periods_of(sentence, spans, MAR_2005) == ["2004", "2004", "2003", "2004"]
    assert periods_of(sentence, [], MAR_2005) == []


def test_phrases_do_not_overlap_and_name_their_years():
    phrases = period_phrases("Between 2010 and 2015, and since 2016, and in the 1990s.", JUL_2021)
    assert [(p.years, p.comparison) for p in phrases] == [((2010, 2015), False), ((2016, 2021), False),
                                                          ((1990, 1999), False)]
    for a, b in zip(phrases, phrases[1:]):
        assert a.end <= b.start


def test_rule_names_are_unique():
    names = [name for name, *_ in periods.PERIOD_RULES]
    assert len(names) == len(set(names))


def test_doctests():
    result = doctest.testmod(periods)
    assert result.attempted >= 3 and result.failed == 0
