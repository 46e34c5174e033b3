"""Units of measure and currencies: what a figure is measured in, as one canonical name.

Physical units are parsed and named by pint: "mph", "miles per hour" and "mile/h" are all
"mile / hour", "bhp" and "horsepower" are "horsepower", "kHz" is "kilohertz". pint is the parser
and the namer; the accepted vocabulary is ours (schemas.MEASURE_UNITS), so a word pint happens to
know ("5 bags", "3 points", "5 in the morning") is not read as a unit. A phrase pint names
differently from the vocabulary ("sq ft" is pint's "square_foot") is matched to the vocabulary
entry of the same dimension and size ("foot ** 2").

Currencies are ISO 4217 codes (schemas.CURRENCY_UNITS), read from signs ("£", "¥"), signs with
letters ("A$", "HK$", "$US"), letters before the number ("RM", "Rs"), the codes themselves
("USD 5m"), and words after the number ("yen", "Australian dollars").

>>> measure_unit("miles per hour"), measure_unit("mph"), measure_unit("km/h")
('mile / hour', 'mile / hour', 'kilometer / hour')
>>> measure_unit("bhp"), measure_unit("sq ft"), measure_unit("bags")
('horsepower', 'foot ** 2', None)
"""
from __future__ import annotations

import functools
import re

import pint
from pint.util import string_preprocessor

from pipeline.schemas import CURRENCY_UNITS, MEASURE_UNITS, RATE_UNITS

# ---- measures ------------------------------------------------------------------------------------

# Units news uses that pint's default registry lacks.
EXTRA_DEFINITIONS = ("ppb = 1e-9 = parts_per_billion", "game = [game] = match")

# News spellings pint lacks or reads as another unit ("Mb" is pint's megabarn, "Mbps" its megabaud,
# "amps" its attometre per second): exact spelling first, then lower-cased, -> a pint expression.
NEWS_SPELLINGS: dict[str, str] = {
    "Mb": "megabit", "Gb": "gigabit", "Kb": "kilobit", "kb": "kilobyte", "KB": "kilobyte",
    "mb": "megabyte", "gb": "gigabyte", "tb": "terabyte", "Nm": "meter * newton",
    "mw": "megawatt", "kw": "kilowatt", "gw": "gigawatt", "kwh": "kilowatt_hour", "mwh": "megawatt_hour",
    "gwh": "gigawatt_hour", "twh": "terawatt_hour", "C": "degree_Celsius", "F": "degree_Fahrenheit",
}
NEWS_SPELLINGS_ANY_CASE: dict[str, str] = {
    "bhp": "horsepower", "brake horsepower": "horsepower", "amps": "ampere", "amp": "ampere",
    "mbps": "megabit / second", "mbit/s": "megabit / second", "mb/s": "megabit / second",
    "kbps": "kilobit / second", "kbit/s": "kilobit / second", "kb/s": "kilobit / second",
    "gbps": "gigabit / second", "gbit/s": "gigabit / second", "gb/s": "gigabit / second",
    "pound-feet": "foot * force_pound", "pound feet": "foot * force_pound", "pound-foot": "foot * force_pound",
    "lb-ft": "foot * force_pound", "lb ft": "foot * force_pound", "ft-lb": "foot * force_pound",
    "newton-metres": "meter * newton", "newton-meters": "meter * newton",
    "mpg": "mile / gallon", "miles to the gallon": "mile / gallon", "kmh": "kilometer / hour",
    "parts per billion": "ppb", "parts per million": "ppm", "bpd": "barrel / day", "b/d": "barrel / day",
    "degrees celsius": "degree_Celsius", "degrees centigrade": "degree_Celsius", "degrees c": "degree_Celsius",
    "° c": "degree_Celsius", "°c": "degree_Celsius", "ºc": "degree_Celsius", "celsius": "degree_Celsius",
    "degrees fahrenheit": "degree_Fahrenheit", "degrees f": "degree_Fahrenheit", "° f": "degree_Fahrenheit",
    "°f": "degree_Fahrenheit", "ºf": "degree_Fahrenheit", "fahrenheit": "degree_Fahrenheit",
    "light years": "light_year", "light-years": "light_year", "light year": "light_year",
    "nautical miles": "nautical_mile", "nautical mile": "nautical_mile", "metric tons": "metric_ton",
    "metric tonnes": "metric_ton", "kilo": "kilogram", "kilos": "kilogram", "rpm": "revolutions_per_minute",
    "revs per minute": "revolutions_per_minute", "revolutions per minute": "revolutions_per_minute",
    "cubic metres": "meter ** 3", "cubic meters": "meter ** 3", "cubic feet": "foot ** 3",
    "sq m": "meter ** 2", "sqm": "meter ** 2", "sq km": "kilometer ** 2", "sq mi": "mile ** 2",
    "sq miles": "mile ** 2", "megapixels": "megapixel", "microns": "micrometer", "kms": "kilometer",
    "kgs": "kilogram", "gramme": "gram", "grammes": "gram", "milligramme": "milligram",
    "milligrammes": "milligram", "kilogramme": "kilogram", "kilogrammes": "kilogram", "khz": "kilohertz",
    "mhz": "megahertz", "ghz": "gigahertz", "mph": "mile / hour", "lbs": "pound", "yds": "yard",
}
# Short symbols whose capitals carry no meaning ("5KG", "10KM"); others keep their case ("mW", "MW").
CASE_FREE_SYMBOLS = frozenset({"kg", "km", "mm", "cm", "mg", "ml", "lb", "lbs", "oz", "ft", "kgs", "kms", "mph",
                               "kph", "kmh", "bhp", "rpm", "mpg", "psi", "kwh"})
# Words between two units that divide them ("miles per hour", "barrels a day").
PER_WORDS = frozenset({"per", "a", "an", "each"})


@functools.cache
def registry() -> pint.UnitRegistry:
    """pint's default registry with the few units news uses that it lacks (built once)."""
    units = pint.UnitRegistry()
    for definition in EXTRA_DEFINITIONS:
        units.define(definition)
    return units


def _root_key(units: pint.UnitRegistry, unit) -> tuple[str, float] | None:
    """Dimension and size of a multiplicative unit in root units; None for offset and log units."""
    try:
        factor, root = units.get_root_units(unit)
        quantity = units.Quantity(2.0, unit)
        quantity * quantity  # raises for offset units (degC) and logarithmic ones (dB)
    except (pint.errors.PintError, TypeError, ValueError):
        return None
    return str(root), float(f"{factor:.9g}")


@functools.cache
def _vocabulary_index() -> dict[tuple[str, float], str]:
    """Root key -> vocabulary name, for the keys that only one vocabulary unit has."""
    units = registry()
    seen: dict[tuple[str, float], list[str]] = {}
    for name in (*MEASURE_UNITS, *RATE_UNITS):
        key = _root_key(units, units.parse_units(name))
        if key is not None:
            seen.setdefault(key, []).append(name)
    return {key: names[0] for key, names in seen.items() if len(names) == 1}


def _pint_expression(phrase: str) -> str:
    """The phrase as pint reads it: news spellings replaced, "per"/"a" between units as "/"."""
    if phrase in NEWS_SPELLINGS:
        return NEWS_SPELLINGS[phrase]
    low = phrase.lower()
    if low in NEWS_SPELLINGS_ANY_CASE:
        return NEWS_SPELLINGS_ANY_CASE[low]
    if re.fullmatch(r"[A-Za-z]{3,}-[A-Za-z]{3,}", phrase):
        return _pint_expression(phrase.replace("-", " "))  # "kilowatt-hours": pint reads "-" as minus
    words = phrase.split(" ")
    if len(words) == 3 and words[1].lower() in PER_WORDS:
        return f"({_pint_expression(words[0])}) / ({_pint_expression(words[2])})"
    return phrase


def _exact_symbol(units: pint.UnitRegistry, word: str) -> bool:
    """True when a short word is a unit's symbol or name exactly ("km", "mph"), not a guess ("has")."""
    try:
        return units.get_symbol(word) == word or units.get_name(word) == word
    except pint.errors.PintError:
        return False


# A name as pint's tokenizer reads one (a Python identifier). In plain words and operators pint's
# preprocessor only turns these words into operators ("miles per hour", "square feet", "sq km").
_PINT_NAME_RE = re.compile(r"[^\W\d]\w*")
_PLAIN_EXPRESSION_RE = re.compile(r"[A-Za-z_ /*()\-]+")
PINT_OPERATOR_WORDS = frozenset({"per", "square", "sq", "cubic", "squared", "cubed"})


@functools.cache
def _known_name(name: str) -> bool:
    """True when pint resolves the name alone to a unit (the test pint applies to each name it parses)."""
    try:
        registry().get_name(name)
    except Exception:  # noqa: BLE001 - pint raises several kinds of error for a name it cannot resolve
        return False
    return True


def _unknown_name_in(expression: str) -> bool:
    """True when pint would reject the expression because one of its names is no unit ("years ago in").

    A cheap, cached name-by-name test ahead of pint's full parse, which most phrases after a number
    fail. The names are those pint reads after its preprocessing (which, on plain words, only removes
    operator words); a name written once cannot cancel out, so one unknown name is enough.
    """
    if _PLAIN_EXPRESSION_RE.fullmatch(expression):
        names = [name for name in _PINT_NAME_RE.findall(expression) if name not in PINT_OPERATOR_WORDS]
    else:
        for preprocess in registry().preprocessors:
            expression = preprocess(expression)
        names = _PINT_NAME_RE.findall(string_preprocessor(expression))
    return any(names.count(name) == 1 and not _known_name(name) for name in names)


@functools.lru_cache(maxsize=1 << 16)
def measure_unit(phrase: str) -> str | None:
    """The vocabulary name of a unit phrase as written ("km/h", "miles per hour", "MW"), or None.

    >>> measure_unit("kilometres"), measure_unit("MW"), measure_unit("4 o'clock")
    ('kilometer', 'megawatt', None)
    """
    if not phrase or not re.search(r"[A-Za-zµμ°º]", phrase):
        return None
    units = registry()
    spellings = [phrase]
    if phrase.lower() in CASE_FREE_SYMBOLS or re.search(r"[A-Za-z]{4}", phrase):
        spellings.append(phrase.lower())  # "40MPH", "5KG", "Kilometres"; "4G" and "5C" keep their case
    for spelling in dict.fromkeys(spellings):
        candidate = _pint_expression(spelling)
        if candidate == spelling and re.fullmatch(r"[A-Za-z]{1,3}", spelling) and not _exact_symbol(units, spelling):
            continue  # "has", "ins", "MPs": pint would read a plural of a symbol; news does not write that
        if _unknown_name_in(candidate):
            continue
        try:
            unit = units.parse_units(candidate)
        except Exception:  # noqa: BLE001 - pint's parser raises many kinds of error on free text
            continue
        name = str(unit)
        if name in MEASURE_UNITS or name in RATE_UNITS:
            return name
        key = _root_key(units, unit)
        if key is not None and key in _vocabulary_index():
            return _vocabulary_index()[key]
    return None


def rate_unit(period: str) -> str | None:
    """"count / <period>" for a duration unit or a game, when that is in the vocabulary."""
    name = f"count / {period}"
    return name if name in RATE_UNITS else None


# ---- currencies ----------------------------------------------------------------------------------

CURRENCY_SIGNS: dict[str, str] = {
    "£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₪": "ILS",
    "₺": "TRY", "₦": "NGN", "฿": "THB", "₱": "PHP", "₫": "VND",
}
# Letters written just before a sign ("A$5", "HK$3", "CN¥"), and just after "$" ("$A20", "$US7").
SIGN_PREFIXES: dict[tuple[str, str], str] = {
    **{(p, "$"): code for p, code in (("US", "USD"), ("A", "AUD"), ("AU", "AUD"), ("NZ", "NZD"), ("C", "CAD"),
                                       ("CA", "CAD"), ("Can", "CAD"), ("CAN", "CAD"), ("HK", "HKD"), ("S", "SGD"),
                                       ("NT", "TWD"), ("R", "BRL"), ("Mex", "MXN"))},
    ("CN", "¥"): "CNY", ("JP", "¥"): "JPY", ("RMB", "¥"): "CNY",
}
DOLLAR_SUFFIXES: dict[str, str] = {"US": "USD", "A": "AUD", "NZ": "NZD", "C": "CAD", "HK": "HKD", "S": "SGD"}
# Letters that stand for a currency before a number ("RM50", "Rs 200"), as well as the ISO codes.
LETTER_PREFIXES: dict[str, str] = {
    "RM": "MYR", "Rs": "INR", "Rp": "IDR", "Rmb": "CNY", "RMB": "CNY", "SFr": "CHF", "Sfr": "CHF",
    "Dh": "AED", "Dhs": "AED", "Tk": "BDT", **{code: code for code in CURRENCY_UNITS},
}
# Currency words after a number: (ISO code, factor to currency units). Words whose country is
# not clear alone ("pesos", "francs", "dinars") need the country's adjective (CURRENCY_ADJECTIVES).
CURRENCY_WORDS: dict[str, tuple[str, float]] = {
    **{w: ("GBP", 1.0) for w in ("pounds", "pound", "sterling", "quid")}, "pence": ("GBP", 0.01),
    **{w: ("USD", 1.0) for w in ("dollars", "dollar")}, "cents": ("USD", 0.01),
    **{w: ("EUR", 1.0) for w in ("euros", "euro")},
    "yen": ("JPY", 1.0), "yuan": ("CNY", 1.0), "renminbi": ("CNY", 1.0),
    **{w: ("INR", 1.0) for w in ("rupees", "rupee")}, "rupiah": ("IDR", 1.0), "ringgit": ("MYR", 1.0),
    "baht": ("THB", 1.0), "taka": ("BDT", 1.0),
    **{w: ("DKK", 1.0) for w in ("kroner", "krone")}, **{w: ("SEK", 1.0) for w in ("kronor", "krona")},
    **{w: ("ILS", 1.0) for w in ("shekels", "shekel")},
    **{w: ("RUB", 1.0) for w in ("roubles", "rubles", "rouble", "ruble")}, "hryvnia": ("UAH", 1.0),
    **{w: ("TRY", 1.0) for w in ("lira", "liras", "lire")}, "rand": ("ZAR", 1.0), "naira": ("NGN", 1.0),
    **{w: ("AED", 1.0) for w in ("dirhams", "dirham")}, **{w: ("SAR", 1.0) for w in ("riyals", "riyal")},
    **{w: ("IRR", 1.0) for w in ("rials", "rial")},
    **{w: ("PLN", 1.0) for w in ("zloty", "zlotys")}, "forint": ("HUF", 1.0),
    **{w: ("CZK", 1.0) for w in ("koruna", "korunas")}, "lei": ("RON", 1.0),
}
# Words that are a currency only after a scale ("5bn won"), since alone they are common words.
CURRENCY_WORDS_AFTER_SCALE: dict[str, tuple[str, float]] = {"won": ("KRW", 1.0)}
# (country adjective, currency word) -> ISO code: "Australian dollars", "Swiss francs".
_ADJECTIVE_ROWS = (
    ("dollars dollar", "australian:AUD canadian:CAD new_zealand:NZD hong_kong:HKD singapore:SGD "
                       "singaporean:SGD taiwan:TWD taiwanese:TWD us:USD american:USD"),
    ("pesos peso", "mexican:MXN argentine:ARS argentinian:ARS chilean:CLP colombian:COP philippine:PHP"),
    ("francs franc", "swiss:CHF cfa:XOF"),
    ("rupees rupee", "indian:INR pakistani:PKR sri_lankan:LKR"),
    ("kroner krone", "danish:DKK norwegian:NOK"),
    ("kronor krona", "swedish:SEK icelandic:ISK"),
    ("pounds pound", "egyptian:EGP"),
    ("lira", "turkish:TRY"), ("yuan", "chinese:CNY"), ("yen", "japanese:JPY"),
    ("won", "south_korean:KRW korean:KRW"), ("real reais", "brazilian:BRL"), ("rand", "south_african:ZAR"),
    ("shillings", "kenyan:KES"), ("dirhams", "uae:AED emirati:AED"), ("riyals", "saudi:SAR qatari:QAR"),
    ("rupiah", "indonesian:IDR"), ("ringgit", "malaysian:MYR"), ("baht", "thai:THB"),
    ("roubles rubles", "russian:RUB"), ("rials", "iranian:IRR"), ("shekels", "israeli:ILS"), ("naira", "nigerian:NGN"),
)
CURRENCY_ADJECTIVES: dict[tuple[tuple[str, ...], str], str] = {
    (tuple(adjective.split("_")), word): code
    for words, adjectives in _ADJECTIVE_ROWS
    for word in words.split()
    for adjective, code in (pair.split(":") for pair in adjectives.split())
}


def _check_currencies() -> None:
    """Every code a currency table produces is in the ISO 4217 vocabulary of the contract."""
    codes = {*CURRENCY_SIGNS.values(), *SIGN_PREFIXES.values(), *DOLLAR_SUFFIXES.values(),
             *LETTER_PREFIXES.values(), *(c for c, _ in CURRENCY_WORDS.values()),
             *(c for c, _ in CURRENCY_WORDS_AFTER_SCALE.values()), *CURRENCY_ADJECTIVES.values()}
    unknown = sorted(codes - set(CURRENCY_UNITS))
    if unknown:
        raise ValueError(f"currency tables produce codes outside CURRENCY_UNITS: {unknown}")


_check_currencies()


def currency_word(words: list[str], after_scale: bool) -> tuple[str, float, int] | None:
    """A currency named by the lower-cased words after a number: (code, factor, words used).

    >>> currency_word(["australian", "dollars", "each"], False)
    ('AUD', 1.0, 2)
    >>> currency_word(["won", "the"], False) is None
    True
    """
    for size in (2, 1):
        if len(words) > size and (tuple(words[:size]), words[size]) in CURRENCY_ADJECTIVES:
            return CURRENCY_ADJECTIVES[(tuple(words[:size]), words[size])], 1.0, size + 1
    if not words:
        return None
    if words[0] in CURRENCY_WORDS:
        return (*CURRENCY_WORDS[words[0]], 1)
    if after_scale and words[0] in CURRENCY_WORDS_AFTER_SCALE:
        return (*CURRENCY_WORDS_AFTER_SCALE[words[0]], 1)
    return None


__all__ = ["CURRENCY_SIGNS", "CURRENCY_WORDS", "LETTER_PREFIXES", "SIGN_PREFIXES", "currency_word",
           "measure_unit", "rate_unit", "registry"]
