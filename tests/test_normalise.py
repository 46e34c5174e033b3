"""The shared comparison form and word lists."""
from __future__ import annotations

import doctest

import pytest

from pipeline.text import normalise
from pipeline.text.normalise import NAME_QUOTES, NO_FOLDING, TYPOGRAPHIC_QUOTES, comparison_form


@pytest.mark.parametrize("a,b", [
    ("The \u201cdeal\u201d", 'the "deal"'),
    ("Brexit \u2013 the sequel", "brexit - the sequel"),
    ("  many\u00a0 spaces\n\there ", "many spaces here"),
    ("\uff21\uff22\uff23", "abc"),  # NFKC: full-width letters
])
def test_typographic_forms_compare_equal(a, b):
    assert comparison_form(a) == comparison_form(b)


def test_name_quotes_also_unify_apostrophe_like_marks():
    assert comparison_form("O`Brien", NAME_QUOTES) == comparison_form("O\u2019Brien", NAME_QUOTES) == "o'brien"
    assert comparison_form("O`Brien", TYPOGRAPHIC_QUOTES) == "o`brien"


def test_no_folding_keeps_quotes_as_written():
    assert comparison_form("Don\u2019t", NO_FOLDING) == "don\u2019t"
    assert comparison_form("Don\u2019t") == "don't"


def test_doctests():
    result = doctest.testmod(normalise)
    assert result.attempted >= 3 and result.failed == 0
