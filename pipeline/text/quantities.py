"""One quantity at a token: a currency, a number in digits or words, a scale, a unit after it.

`read_quantity` raises Skip (with the name of the rule) for what reads like a number but is not a
figure by its own shape ("3pm", "12bn pesos"); the readers of units after a number are a table.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.schemas import CURRENCY_UNITS
from pipeline.text.number_tokens import Token, adjacent, match_phrase, tight
from pipeline.text.number_words import (
    AMBIGUOUS_CURRENCY_WORDS, ARTICLE_DURATIONS, DURATION_ADJECTIVES, DURATION_WORDS, FOLD_SUFFIX,
    FRACTION_CHARACTERS, FRACTION_WORDS, GLUED_LETTER_UNITS, GLUED_SCALES, GLUED_SCALES_AFTER_CURRENCY,
    HALF_AS_PART, HALF_FOLLOWERS, INCH_FOLLOWERS, INCH_MARKS, INDEX_CONTEXT_WORDS, MEASURE_SPAN,
    METRE_PLURALS, PERCENT_WORDS, PLURAL_PEOPLE_NOUNS, RATE_NOT_BEFORE, RATE_PERIODS, SCALE_ABBREVIATIONS,
    SCALE_WORDS, SINGULARS_NEEDING_OF, SMALL_NUMBER_WORDS, SPACED_NOT_UNITS, TENS_WORDS,
    TIMES_AS_NOT_COMPARATIVE, TIMES_COMPARATIVES, UNIT_SYMBOLS, VAGUE_PHRASES, WEIGHT_WORDS,
)
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


@dataclass
class Quantity:
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


class Skip(Exception):
    """The tokens up to `end` are a number that is not a figure (a date, a code, a score); `reason`
    names the rule."""

    def __init__(self, end: int, reason: str):
        super().__init__(reason)
        self.end = end
        self.reason = reason


def _digits_value(token: Token) -> float:
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


def _small_word(s: _Words, tokens: list[Token], k: int, w: str, nxt: str) -> WordStep:
    if w not in SMALL_NUMBER_WORDS or tokens[k].kind != "word":
        return None
    v = SMALL_NUMBER_WORDS[w]
    if s.last in ("small", "teen") or (s.last == "tens" and v >= 10):
        return "stop", k
    s.current += v
    s.last = "small" if v < 10 else "teen"
    return "take", k + 1


def _tens_word(s: _Words, tokens: list[Token], k: int, w: str, nxt: str) -> WordStep:
    if w not in TENS_WORDS:
        return None
    if s.last in ("small", "teen", "tens"):
        return "stop", k
    s.current += TENS_WORDS[w]
    s.last = "tens"
    return "take", k + 1


def _hundred_word(s: _Words, tokens: list[Token], k: int, w: str, nxt: str) -> WordStep:
    if w != "hundred":
        return None
    if s.last == "hundred":
        return "stop", k
    s.current = (s.current or 1) * 100
    s.last = "hundred"
    return "take", k + 1


def _dozen_word(s: _Words, tokens: list[Token], k: int, w: str, nxt: str) -> WordStep:
    if w != "dozen" or s.last not in (None, "small", "teen", "tens"):
        return None
    s.current = (s.current or 1) * 12
    s.last = "hundred"
    return "take", k + 1


def _scale_word(s: _Words, tokens: list[Token], k: int, w: str, nxt: str) -> WordStep:
    if w not in SCALE_WORDS:
        return None
    if s.last is None:
        return "stop", k
    s.total += (s.current or 1) * SCALE_WORDS[w]
    s.current = 0.0
    s.last = "scale"
    return "take", k + 1


def _tens_hyphen(s: _Words, tokens: list[Token], k: int, w: str, nxt: str) -> WordStep:
    """The hyphen of "twenty-one", written tight on both sides."""
    if (w == "-" and s.last == "tens" and k + 1 < len(tokens) and adjacent(tokens[k], tokens[k + 1])
            and adjacent(tokens[k - 1], tokens[k]) and SMALL_NUMBER_WORDS.get(nxt, 10) < 10):
        return "skip", k + 1
    return None


def _joiner(s: _Words, tokens: list[Token], k: int, w: str, nxt: str) -> WordStep:
    """"and" after a hundred or a scale ("one hundred and six"), "," only after a scale."""
    if w not in ("and", ",") or s.last not in ("hundred", "scale") or not (nxt in SMALL_NUMBER_WORDS
                                                                       or nxt in TENS_WORDS):
        return None
    return ("stop", k) if w == "," and s.last != "scale" else ("skip", k + 1)


def _decimal_point(s: _Words, tokens: list[Token], k: int, w: str, nxt: str) -> WordStep:
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


def _parse_words(tokens: list[Token], i: int, after_article: bool = False) -> tuple[float, int] | None:
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


def _core(tokens: list[Token], i: int) -> Quantity | None:
    """The number itself at token i: digits or words, with "and a half" and a spaced scale word."""
    n = len(tokens)
    t = tokens[i]
    if t.kind == "num":
        if re.fullmatch(r"0\d+", t.text) or (i > 0 and tokens[i - 1].text == "+" and adjacent(tokens[i - 1], t)):
            k = i + 1
            while k < n and tokens[k].kind == "num" and tokens[k].start - tokens[k - 1].end == 1:
                k += 1
            raise Skip(k, "zero_padded")  # phone numbers and zero-padded codes
        q = Quantity(first=i, end=i + 1, num_first=i, num_last=i, raw=_digits_value(t), digits=t.text)
    elif t.low in ("a", "an") and i + 1 < n and (tokens[i + 1].low in ("hundred", "dozen") or tokens[i + 1].low in SCALE_WORDS):
        parsed = _parse_words(tokens, i + 1, after_article=True)
        if parsed is None:
            return None
        q = Quantity(first=i, end=parsed[1], num_first=i, num_last=parsed[1] - 1, raw=parsed[0], words=True)
    elif t.kind == "word" and (t.low in SMALL_NUMBER_WORDS or t.low in TENS_WORDS or t.low == "hundred"):
        parsed = _parse_words(tokens, i)
        if parsed is None:
            return None
        q = Quantity(first=i, end=parsed[1], num_first=i, num_last=parsed[1] - 1, raw=parsed[0], words=True)
    else:
        return None
    k = q.end
    if (k + 2 < n and [x.low for x in tokens[k:k + 3]] == ["and", "a", "half"]):
        q.raw += 0.5
        q.num_last, q.end, q.bare = k + 2, k + 3, False  # "two and a half"
        k = q.end
    elif k + 5 < n and [x.low for x in tokens[k:k + 6]] == ["-", "and", "-", "a", "-", "half"] \
            and all(adjacent(tokens[j - 1], tokens[j]) for j in range(k, k + 6)):
        q.raw += 0.5
        q.num_last, q.end, q.bare = k + 5, k + 6, False  # "five-and-a-half"
        k = q.end
    if k + 1 < n and tokens[k].text == "-" and tokens[k + 1].low in SCALE_WORDS and not q.words \
            and adjacent(tokens[k - 1], tokens[k]) and adjacent(tokens[k], tokens[k + 1]):
        k += 1  # "a 17-million population"
    if k < n and (tokens[k].low in SCALE_WORDS or tokens[k].low in SCALE_ABBREVIATIONS or tokens[k].low == "hundred") \
            and (not adjacent(tokens[k - 1], tokens[k]) or tokens[k - 1].text == "-") \
            and not (q.words and q.num_last == k - 1 and tokens[k - 1].low in SCALE_WORDS):
        scale = SCALE_WORDS.get(tokens[k].low) or SCALE_ABBREVIATIONS.get(tokens[k].low) or 100.0
        q.scale = q.factor = scale
        q.end = k + 1
        q.num_last = k
        q.bare = False
    return q


def _fraction(tokens: list[Token], i: int, after_qualifier: bool, text: str) -> Quantity | None:
    """Shares written as words: "half", "a third of", "two-thirds", "one in four", "half a million"."""
    n = len(tokens)
    t = tokens[i]
    numerator, k = None, i
    if t.low in ("a", "an", "one"):
        numerator, k = 1, i + 1
    elif t.low in SMALL_NUMBER_WORDS and t.kind == "word":
        numerator, k = SMALL_NUMBER_WORDS[t.low], i + 1
    if k < n and tokens[k].low == "-" and numerator is not None and k + 1 < n and adjacent(tokens[k], tokens[k + 1]):
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
    if k + 1 < n and adjacent(tokens[k], tokens[k + 1]) and nxt == "-":
        return None  # "half-time", "quarter-final"
    q = Quantity(first=i, end=k + 1, num_first=i, num_last=k, raw=share, kind="ratio", unit="ratio", words=True)
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


def _words_text(tokens: list[Token], k: int, end: int, text: str) -> str:
    """Tokens k..end-1 as written, possessive of the last one left out."""
    return text[tokens[k].start:tokens[end - 1].core_end]


def _read_duration(tokens: list[Token], k: int, text: str, q: Quantity) -> _Unit | None:
    """"20 years", "nine-hour", "four straight years", "a 34-year-old" (an age), "34 years old" (an age)."""
    hyphen_after = k + 2 < len(tokens) and tokens[k + 2].text == "-" and adjacent(tokens[k + 1], tokens[k + 2])
    if tokens[k].low in DURATION_ADJECTIVES and k + 1 < len(tokens) and tokens[k + 1].low in DURATION_WORDS \
            and tokens[k + 1].text == tokens[k + 1].low and tight(tokens, k, k + 2) and not hyphen_after:
        k += 1  # "45 human hours", "three more years"; not "four more second-half penalties"
    t = tokens[k]
    if t.low not in DURATION_WORDS or (t.low in ("sec", "min", "hr", "yr") and t.text != t.low):
        return None
    unit, factor = DURATION_WORDS[t.low]
    n = len(tokens)
    if k + 2 < n and tokens[k + 1].text == "-" and tokens[k + 2].low in ("old", "olds") and t.core_end == t.end \
            and adjacent(t, tokens[k + 1]) and adjacent(tokens[k + 1], tokens[k + 2]):
        return _Unit("age", unit, factor, k + 3, _words_text(tokens, k, k + 3, text), tokens[k + 2].end)
    if k + 1 < n and tokens[k + 1].low == "old" and tight(tokens, k, k + 2) and t.core_end == t.end:
        return _Unit("age", unit, factor, k + 2, _words_text(tokens, k, k + 2, text), tokens[k + 1].core_end)
    return _Unit("duration", unit, factor, k + 1, t.text[:t.core_end - t.start], t.core_end)


def _read_percent(tokens: list[Token], k: int, text: str, q: Quantity) -> _Unit | None:
    """"24%", "24 per cent", "3 percentage points", "25 basis points", "25bp"."""
    hit = match_phrase(tokens, k, PERCENT_WORDS)
    if not hit or (hit[0] in (("bp",), ("bps",)) and tokens[k].text != tokens[k].low):
        return None  # "BP": a company, not basis points
    return _Unit("percent", PERCENT_WORDS[hit[0]], 1.0, hit[1], _words_text(tokens, k, hit[1], text))


def _read_currency_word(tokens: list[Token], k: int, text: str, q: Quantity) -> _Unit | None:
    """"20 pounds", "50 pence", "500 yen", "10.5 million Australian dollars", "5m USD"."""
    if tokens[k].text in CURRENCY_UNITS:
        return _Unit("money", tokens[k].text, 1.0, k + 1, tokens[k].text)
    words = [t.low for t in tokens[k:k + 3] if t.kind == "word"][:3]
    if len(words) < min(3, len(tokens) - k) and not tight(tokens, k, k + len(words)):
        return None
    hit = currency_word(words, q.scale > 1.0)
    if hit is None or not tight(tokens, k, k + hit[2]):
        return None
    code, factor, used = hit
    if tokens[k].low in ("pounds", "pound") and used == 1 and WEIGHT_WORDS & {w.lower() for w in re.findall(r"[A-Za-z]+", text)}:
        return _Unit("quantity", "pound", 1.0, k + 1, tokens[k].text, tokens[k].core_end)  # "weighed 243 pounds"
    return _Unit("money", code, factor, k + used, _words_text(tokens, k, k + used, text), tokens[k + used - 1].core_end)


def _read_measure(tokens: list[Token], k: int, text: str, q: Quantity, glued: bool = False) -> _Unit | None:
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
        if not tight(tokens, k, end) or span[-1].low in PER_WORDS \
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


def _capitalised_word(tokens: list[Token], k: int) -> bool:
    """A capitalised word ("Degrees", "Feet"), not a symbol ("Mbps", "Mbit/s")."""
    t = tokens[k]
    symbol = not re.search(r"[aeiou]", t.text[1:]) or (k + 1 < len(tokens) and tokens[k + 1].text == "/")
    return len(t.text) > 3 and t.text.istitle() and not symbol


def _read_index_points(tokens: list[Token], k: int, text: str, q: Quantity) -> _Unit | None:
    """"closed 58.06 points lower", "the index rose 23 points": points of a market index."""
    if tokens[k].low not in ("points", "point"):
        return None
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    if not (words & INDEX_CONTEXT_WORDS or re.search(r"\.\d\d$", q.digits)):
        return None
    return _Unit("quantity", "index_point", 1.0, k + 1, tokens[k].text)


def _read_rate(tokens: list[Token], k: int, text: str, q: Quantity) -> _Unit | None:
    """A count per period or per game: "7.4 rebounds per game", "40 times per minute", "200 a week"."""
    n = len(tokens)
    j = k
    noun = tokens[k]
    if noun.kind == "word" and noun.text.islower() and noun.low.endswith("s") and noun.low not in PER_WORDS \
            and noun.low not in DURATION_WORDS and measure_unit(noun.text) is None \
            and currency_word([noun.low], True) is None:
        j = k + 1
    if j + 1 >= n or tokens[j].low not in PER_WORDS or tokens[j + 1].low not in RATE_PERIODS \
            or not tight(tokens, k, j + 2):
        return None
    unit = rate_unit(RATE_PERIODS[tokens[j + 1].low])
    after = tokens[j + 2].low if j + 2 < n else ""
    if unit is None or after in RATE_NOT_BEFORE:
        return None  # "1.27 million a year earlier": a comparison, not a rate
    return _Unit("quantity", unit, 1.0, j + 2, _words_text(tokens, k, j + 2, text), tokens[j + 1].core_end)


def _read_fold(tokens: list[Token], k: int, text: str, q: Quantity) -> _Unit | None:
    """"2.5-fold", "six-fold": a multiplier."""
    if tokens[k].low != FOLD_SUFFIX:
        return None
    return _Unit("ratio", "times", 1.0, k + 1, tokens[k].text)


def _read_inch_mark(tokens: list[Token], k: int, text: str, q: Quantity) -> _Unit | None:
    """'a 65" screen', '22" long': a double prime (or a straight quote before a size word) after the digits."""
    mark = tokens[k]
    if q.words or mark.text not in INCH_MARKS or not adjacent(tokens[k - 1], mark):
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


def _unit_after(tokens: list[Token], k: int, text: str, q: Quantity, allow_hyphen: bool = True) -> _Unit | None:
    """The longest unit any reader finds at token k (after a hyphen when `allow_hyphen`)."""
    n = len(tokens)
    if k >= n:
        return None
    if allow_hyphen and tokens[k].low == "-" and k + 1 < n and adjacent(tokens[k], tokens[k + 1]) \
            and tokens[k + 1].kind == "word" and adjacent(tokens[k - 1], tokens[k]):
        found = _unit_after(tokens, k + 1, text, q, allow_hyphen=False)
        return None if found is None or found.kind == "money" else found  # "20-pound": not a sum
    best = None
    for name, reader in UNIT_READERS:
        found = reader(tokens, k, text, q)
        if found is not None and (best is None or found.end > best.end):
            best = found
    return best


# ---- currency before the number --------------------------------------------------------------------


def _currency_before(tokens: list[Token], i: int) -> tuple[str, int, str] | None:
    """A currency written before a number at token i: (ISO code, index of the number, as written).

    Raises Skip for a sign with letters that name no known currency ("Z$5").
    """
    n = len(tokens)
    t = tokens[i]
    nxt = tokens[i + 1] if i + 1 < n else None
    if t.kind == "word" and nxt is not None and nxt.text in CURRENCY_SIGNS and adjacent(t, nxt):
        code = SIGN_PREFIXES.get((t.text, nxt.text))
        if code is None:
            return None
        return _number_after_sign(tokens, i, i + 2, code)
    if t.text in CURRENCY_SIGNS:
        if i > 0 and tokens[i - 1].kind == "word" and adjacent(tokens[i - 1], t):
            raise Skip(i + 2, "unknown_currency")  # "Z$5": letters before the sign name no currency we know
        if t.text == "$" and nxt is not None and nxt.text in DOLLAR_SUFFIXES and adjacent(t, nxt) \
                and i + 2 < n and tokens[i + 2].kind == "num":
            return _number_after_sign(tokens, i, i + 2, DOLLAR_SUFFIXES[nxt.text])  # "$A20", "$US7"
        return _number_after_sign(tokens, i, i + 1, CURRENCY_SIGNS[t.text])
    if t.kind == "word" and t.text in LETTER_PREFIXES and nxt is not None:
        j = i + 2 if nxt.text == "." and adjacent(t, nxt) else i + 1
        if j < n and tokens[j].kind == "num" and tokens[j].start - tokens[j - 1].end <= 1 \
                and (i == 0 or not adjacent(tokens[i - 1], t)):
            return LETTER_PREFIXES[t.text], j, t.text
    return None


def _number_after_sign(tokens: list[Token], i: int, j: int, code: str) -> tuple[str, int, str] | None:
    """The number must touch the sign ("£ 5" is not money)."""
    if j >= len(tokens) or not adjacent(tokens[j - 1], tokens[j]):
        return None
    return code, j, "".join(t.text for t in tokens[i:j])


# ---- a whole quantity ------------------------------------------------------------------------------


def _vague_quantity(tokens: list[Token], start: int, i: int, currency: str | None,
                    currency_text: str | None) -> Quantity | None:
    """"tens of thousands", "hundreds", "millions of pounds", "£ millions"."""
    vague = match_phrase(tokens, i, VAGUE_PHRASES)
    if not vague:
        return None
    low, high = VAGUE_PHRASES[vague[0]]
    q = Quantity(first=start, end=vague[1], num_first=i, num_last=vague[1] - 1, raw=0.0, qualifier="vague",
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


def _word_quantity(tokens: list[Token], i: int, after_qualifier: bool, text: str) -> Quantity | None:
    """Figures written as one word or a fixed phrase: "twice as", "sixfold", "a decade", "half of"."""
    n = len(tokens)
    t = tokens[i]
    if t.low == "twice" and i + 1 < n and tokens[i + 1].low in TIMES_COMPARATIVES:
        return Quantity(first=i, end=i + 1, num_first=i, num_last=i, raw=2.0, kind="ratio", unit="times",
                         words=True, bare=False, unit_text=t.text)
    if t.kind == "word" and t.low.endswith(FOLD_SUFFIX) and len(t.low) > len(FOLD_SUFFIX):
        stem = t.low[:-len(FOLD_SUFFIX)]
        value = SMALL_NUMBER_WORDS.get(stem) or TENS_WORDS.get(stem) or {"hundred": 100, "thousand": 1000}.get(stem)
        if value:
            return Quantity(first=i, end=i + 1, num_first=i, num_last=i, raw=float(value), kind="ratio",
                             unit="times", words=True, bare=False, unit_text=FOLD_SUFFIX)
    if t.low == "a" and i + 1 < n and tokens[i + 1].low in ARTICLE_DURATIONS:
        unit, factor = DURATION_WORDS[tokens[i + 1].low]
        return Quantity(first=i, end=i + 2, num_first=i, num_last=i + 1, raw=1.0, factor=factor, kind="duration",
                         unit=unit, words=True, bare=False, text_end=tokens[i + 1].core_end,
                         unit_text=tokens[i + 1].text[:tokens[i + 1].core_end - tokens[i + 1].start])
    return _fraction(tokens, i, after_qualifier, text)


def _million_or_metre(tokens: list[Token], k: int) -> bool:
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


def _read_glued(tokens: list[Token], q: Quantity, text: str, currency: str | None) -> bool:
    """A suffix glued to the digits ("45k", "£4m", "3m", "245p", "5pc", "5.5kg", "3km/h"). Updates q;
    True when it completes the quantity. Raises Skip for "4G", "3D", "1990s", "21st", "3pm"."""
    k = q.end
    glued = tokens[k].text
    if currency is not None:
        scale = GLUED_SCALES_AFTER_CURRENCY.get(glued) or GLUED_SCALES.get(glued)
        if scale is None:
            raise Skip(k + 1, "glued_suffix")
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
    if glued == "p" and not (k + 2 < len(tokens) and tokens[k + 1].text == "." and adjacent(tokens[k], tokens[k + 1])
                             and tokens[k + 2].low == "m"):
        q.kind, q.unit, q.factor, q.unit_text = "money", "GBP", 0.01, glued  # "245p"; "3 p.m." is a time
    elif glued == "pc":
        q.kind, q.unit, q.unit_text = "percent", "percent", glued
    else:
        unit = (_read_percent(tokens, k, text, q) or _read_measure(tokens, k, text, q, glued=True)
                or (_read_duration(tokens, k, text, q) if len(glued) > 1 else None))
        if unit is None:
            raise Skip(k + 1, "glued_suffix")
        q.kind, q.unit, q.unit_text, q.text_end = unit.kind, unit.unit, unit.unit_text, unit.text_end
        q.end, q.bare = unit.end, False
        return True
    q.end, q.bare = k + 1, False
    return True


def _as_money(tokens: list[Token], q: Quantity, currency: str, currency_text: str | None) -> Quantity:
    """A number after a currency sign, with a scale written after a space ("£4.4 million", "$458 m")."""
    k = q.end
    q.kind, q.unit, q.bare, q.unit_text = "money", currency, False, currency_text
    spaced_scales = {**SCALE_WORDS, **SCALE_ABBREVIATIONS, "m": 1e6}
    if q.scale == 1.0 and k < len(tokens) and not adjacent(tokens[k - 1], tokens[k]) \
            and tokens[k].low in spaced_scales and (tokens[k].low != "m" or tokens[k].text == "m"):
        q.scale = q.factor = spaced_scales[tokens[k].low]
        q.end = k + 1
    return q


def _multiplier(tokens: list[Token], q: Quantity) -> bool:
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


def _share_of(tokens: list[Token], q: Quantity) -> bool:
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
            and not year_like(tokens[j]) and den.raw <= 1000 and q.bare):
        return False
    q.kind, q.unit, q.raw, q.end, q.bare = "ratio", "ratio", q.raw / den.raw, den.end, False
    return True


def _unnamed_currency(tokens: list[Token], k: int) -> int | None:
    """"12bn pesos", "5m francs": a currency whose country the words do not say, left out rather
    than given a wrong code ("Mexican pesos" is read). Returns the token after the currency word."""
    for j in range(k, min(k + 2, len(tokens))):
        if tokens[j].kind == "word" and tokens[j].low in AMBIGUOUS_CURRENCY_WORDS:
            return j + 1
    return None


def read_quantity(tokens: list[Token], i: int, text: str, after_qualifier: bool = False,
              currency_context: str | None = None) -> Quantity | None:
    """A whole quantity at token i: currency, number, scale and unit. Raises Skip for non-figures.

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
    if not q.words and k < len(tokens) and tokens[k].kind == "word" and adjacent(tokens[k - 1], tokens[k]):
        if _read_glued(tokens, q, text, currency):
            return q
        if q.end < len(tokens) and tokens[q.end].kind in ("word", "num") and adjacent(tokens[q.end - 1], tokens[q.end]):
            raise Skip(q.end + 1, "glued_suffix")
    if currency is not None:
        return _as_money(tokens, q, currency, currency_text)
    unit = _unit_after(tokens, q.end, text, q)
    unnamed = _unnamed_currency(tokens, q.end) if unit is None else None
    if unnamed is not None:
        raise Skip(unnamed, "currency_without_country")
    if unit is not None:
        q.kind, q.unit, q.factor, q.unit_text = unit.kind, unit.unit, q.factor * unit.factor, unit.unit_text
        q.end, q.text_end, q.bare = unit.end, unit.text_end, False
        return q
    if _multiplier(tokens, q) or _share_of(tokens, q):
        return q
    return q


def year_like(token: Token) -> bool:
    return token.kind == "num" and re.fullmatch(r"1[0-9]{3}|20[0-9]{2}|2100", token.text) is not None


# ---- where a quantity can begin --------------------------------------------------------------------

# Words read_quantity reads a number from: number words, "hundred" and "dozen" (after "a" too), scales,
# fractions, the durations "a" counts, "twice", and the last word of each vague phrase.
QUANTITY_WORDS = frozenset({
    *SMALL_NUMBER_WORDS, *TENS_WORDS, "hundred", "dozen", *SCALE_WORDS, *FRACTION_WORDS, *ARTICLE_DURATIONS,
    "twice", *(phrase[-1] for phrase in VAGUE_PHRASES),
})
# How far after its first token a quantity may reach its anchor: "two - thirds", "RM . 5", "$ US 7",
# "a few hundred" (the longest vague phrase).
QUANTITY_REACH = max(2, max(len(phrase) for phrase in VAGUE_PHRASES) - 1)


def quantity_anchor(token: Token) -> bool:
    """True for a token that every quantity has within QUANTITY_REACH tokens of its start: digits, a
    currency sign, a word of QUANTITY_WORDS or a word in "-fold". read_quantity returns None (and
    raises nothing) at a token with no anchor that near."""
    return (token.kind == "num" or token.text in CURRENCY_SIGNS or token.low in QUANTITY_WORDS
            or token.low.endswith(FOLD_SUFFIX))


_DIGIT_OR_SIGN_RE = re.compile(r"[\d" + re.escape("".join(FRACTION_CHARACTERS) + "".join(CURRENCY_SIGNS)) + "]")
_LETTER_RUN_RE = re.compile(r"[A-Za-z]+")
_FOLD_RE = re.compile(FOLD_SUFFIX, re.IGNORECASE)


def may_hold_quantity(text: str) -> bool:
    """False for a text with no anchor token: no digit, fraction character or sign, no run of letters
    (the tokenizer's words are such runs) that is an anchor word, and no "fold" anywhere."""
    if _DIGIT_OR_SIGN_RE.search(text):
        return True
    words = {word.lower() for word in _LETTER_RUN_RE.findall(text)}
    return not words.isdisjoint(QUANTITY_WORDS) or _FOLD_RE.search(text) is not None
