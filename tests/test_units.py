"""Units and currencies: the vocabulary is pint's own names, every spelling lands on one name."""
from __future__ import annotations

import doctest

import pytest

from pipeline.text import units
from pipeline.schemas import CURRENCY_UNITS, DURATION_UNITS, FIGURE_UNITS, MEASURE_UNITS, RATE_UNITS
from pipeline.text.units import currency_word, measure_unit


@pytest.mark.parametrize("name", MEASURE_UNITS + RATE_UNITS + DURATION_UNITS)
def test_every_vocabulary_unit_is_the_name_pint_prints(name):
    assert str(units.registry().parse_units(name)) == name


@pytest.mark.parametrize("name", MEASURE_UNITS + RATE_UNITS)
def test_every_vocabulary_unit_reads_back_as_itself(name):
    assert measure_unit(name) == name


def test_the_vocabulary_has_no_repeats():
    assert len(FIGURE_UNITS) == len(set(FIGURE_UNITS))
    assert len(CURRENCY_UNITS) == len(set(CURRENCY_UNITS))
    assert all(len(code) == 3 and code.isupper() for code in CURRENCY_UNITS)


# spellings of one unit -> its name
SPELLINGS = [
    (("mph", "MPH", "miles per hour", "miles an hour", "mile/hour", "mi/h"), "mile / hour"),
    (("km/h", "kph", "KPH", "kmh", "kilometres per hour", "kilometers per hour"), "kilometer / hour"),
    (("hp", "bhp", "horsepower", "brake horsepower"), "horsepower"),
    (("pound-feet", "lb-ft", "pound feet"), "foot * force_pound"),
    (("Nm", "newton metres", "newton-metres"), "meter * newton"),
    (("rpm", "RPM", "revolutions per minute"), "revolutions_per_minute"),
    (("Hz", "hertz"), "hertz"), (("kHz", "khz", "kilohertz"), "kilohertz"), (("GHz", "ghz", "gigahertz"), "gigahertz"),
    (("mAh",), "milliampere_hour"), (("V", "volts", "volt"), "volt"), (("W", "watts"), "watt"),
    (("MW", "mw", "megawatts"), "megawatt"), (("kWh", "KWh", "kwh", "kilowatt hours", "kilowatt-hours"), "kilowatt_hour"),
    (("psi",), "pound_force_per_square_inch"), (("ksi",), "kip_per_square_inch"),
    (("MPa", "megapascals"), "megapascal"), (("µm", "micrometres", "microns"), "micrometer"),
    (("in", "inch", "inches"), "inch"), (("yd", "yds", "yards"), "yard"), (("ft", "feet", "foot"), "foot"),
    (("sq ft", "square feet", "square foot"), "foot ** 2"), (("sq km", "square kilometres", "km²"), "kilometer ** 2"),
    (("barrels per day", "barrels a day", "bpd", "b/d"), "barrel / day"), (("mpg", "miles per gallon"), "mile / gallon"),
    (("ppb", "parts per billion"), "ppb"), (("ppm", "parts per million"), "ppm"),
    (("degrees", "degree", "°"), "degree"), (("dB", "decibels"), "decibel"),
    (("C", "°C", "degrees Celsius", "degrees C", "celsius"), "degree_Celsius"),
    (("kg", "KG", "kilos", "kilograms", "kilogrammes"), "kilogram"), (("tonnes", "metric tons"), "metric_ton"),
    (("m", "metres", "meters"), "meter"), (("km", "KM", "kms", "kilometres"), "kilometer"),
    (("GB", "gb", "gigabytes"), "gigabyte"), (("Mbps", "mbps", "Mbit/s", "megabits per second"), "megabit / second"),
    (("Mb", "megabits"), "megabit"), (("mb", "MB", "megabytes"), "megabyte"),
]


@pytest.mark.parametrize("spellings,name", SPELLINGS, ids=[name for _, name in SPELLINGS])
def test_spellings_land_on_one_name(spellings, name):
    assert {spelling: measure_unit(spelling) for spelling in spellings} == {s: name for s in spellings}


@pytest.mark.parametrize("word", ["people", "points", "bags", "has", "ins", "MPs", "bowls", "years", "days",
                                  "games", "4", "", "o'clock", "furlongs", "miles a day"])
def test_words_outside_the_vocabulary_are_not_units(word):
    assert measure_unit(word) is None


# Phrases pint is asked about: the tables' spellings, the vocabulary, and English after a number.
PINT_PHRASES = sorted({*units.NEWS_SPELLINGS.values(), *units.NEWS_SPELLINGS_ANY_CASE.values(),
                       *MEASURE_UNITS, *RATE_UNITS, *(s for spellings, _ in SPELLINGS for s in spellings),
                       "years ago in", "m hurdles ahead", "square feet", "sq km", "feet squared", "degree F",
                       "kilometer / hour", "per cent", "a year", "mile/gallon", "m/m", "foo/foo", "nan", "km²", "°C",
                       "°foo", "µm", "foo²", "sq foo", "foo per hour", "m³"})


def _pint_parses(phrase: str) -> bool:
    try:
        units.registry().parse_units(phrase)
    except Exception:  # noqa: BLE001 - any error is a rejection
        return False
    return True


def test_an_unknown_name_means_pint_rejects_the_phrase():
    """The cheap name test may only rule out what pint's full parse would reject too."""
    ruled_out = [phrase for phrase in PINT_PHRASES if units._unknown_name_in(phrase)]
    assert {"years ago in", "m hurdles ahead"} <= set(ruled_out)
    assert [phrase for phrase in ruled_out if _pint_parses(phrase)] == []


def test_the_name_test_rules_out_english_and_keeps_units():
    assert units._unknown_name_in("years ago in") and units._unknown_name_in("m hurdles ahead")
    assert not units._unknown_name_in("square feet") and not units._unknown_name_in("kilometer / hour")


@pytest.mark.parametrize("words,after_scale,expected", [
    (["yen"], False, ("JPY", 1.0, 1)),
    (["australian", "dollars"], False, ("AUD", 1.0, 2)),
    (["new", "zealand", "dollars"], False, ("NZD", 1.0, 3)),
    (["hong", "kong", "dollars", "each"], False, ("HKD", 1.0, 3)),
    (["swiss", "francs"], False, ("CHF", 1.0, 2)),
    (["danish", "kroner"], False, ("DKK", 1.0, 2)),
    (["norwegian", "kroner"], False, ("NOK", 1.0, 2)),
    (["pence"], False, ("GBP", 0.01, 1)),
    (["won"], True, ("KRW", 1.0, 1)),
    (["won"], False, None),
    (["pesos"], False, None),
    (["francs"], False, None),
    (["people"], False, None),
    ([], False, None),
])
def test_currency_words(words, after_scale, expected):
    assert currency_word(words, after_scale) == expected


def test_currency_tables_stay_inside_the_iso_vocabulary(monkeypatch):
    monkeypatch.setitem(units.CURRENCY_WORDS, "doubloons", ("XXX", 1.0))
    with pytest.raises(ValueError, match="XXX"):
        units._check_currencies()


def test_doctests():
    result = doctest.testmod(units)
    assert result.attempted >= 4 and result.failed == 0
