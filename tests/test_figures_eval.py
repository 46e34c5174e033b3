"""The figures table on hand-annotated news sentences: value, unit and direction stay right."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("figures_eval", REPO / "bench" / "figures_eval.py")
figures_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(figures_eval)


def test_the_scorer_counts_matches_values_units_and_directions():
    items = [{"sentence": "Sales fell 5% to £3m, it said.", "figures": [
        {"text": "5%", "value": 5, "unit": "percent", "direction": "down"},
        {"text": "£3m", "value": 3e6, "unit": "GBP", "direction": None},
        {"text": "it", "value": 1, "unit": "count", "direction": None, "optional": True}]}]
    right = [[{"text": "5%", "value": 5.0, "low": None, "high": None, "unit": "percent", "direction": "down"},
              {"text": "£3m", "value": 3e6, "low": None, "high": None, "unit": "GBP", "direction": None}]]
    tot, errors = figures_eval.score(items, right)
    assert (tot["gold"], tot["pred"], tot["value_unit"], tot["direction_right"], errors) == (2, 2, 2, 1, [])
    wrong = [[{"text": "5%", "value": 5.0, "low": None, "high": None, "unit": "count", "direction": "up"},
              {"text": "said", "value": 1.0, "low": None, "high": None, "unit": "count", "direction": None}]]
    tot, errors = figures_eval.score(items, wrong)
    assert (tot["found"], tot["value"], tot["value_unit"], tot["direction_right"], tot["pred"]) == (1, 1, 0, 0, 2)
    assert len(errors) == 4  # a wrong unit, a wrong direction, a miss and an extra


@pytest.fixture(scope="module")
def scored():
    items = figures_eval.load_items()
    return figures_eval.score(items, figures_eval.predict([item["sentence"] for item in items]))[0]


def test_values_and_units_are_right_on_annotated_news(scored):
    assert scored["gold"] > 200
    assert figures_eval.prf(scored, "value")[2] >= 0.95
    assert figures_eval.prf(scored, "value_unit")[2] >= 0.93


def test_directions_are_right_on_annotated_news(scored):
    assert scored["changes"] >= 25
    assert scored["direction_right"] / scored["changes"] >= 0.9
    assert scored["direction_given"] / scored["levels"] <= 0.05
