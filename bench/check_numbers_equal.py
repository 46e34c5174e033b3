"""Check that the number parser finds exactly what a reference checkout found, text by text.

    PYTHONPATH=<reference checkout> python bench/check_numbers_equal.py --save ref.pkl [--sentences PARQUET]
    PYTHONPATH=<this checkout> python bench/check_numbers_equal.py --compare ref.pkl [--sentences PARQUET]

The parser imported is the one on PYTHONPATH, so the same script saves the figures of one checkout and
compares another against them. Texts: the `text` column of each --sentences Parquet file (the
sentences table of a build), the lines of the BBC corpus and of ../shared/pages/raw beside the repo,
every sentence of tests/data/figures_eval.json and the lines of the sample articles in raw/. For each
text both `find_numbers` and `skipped_numbers` are compared. Exits 1 on any difference.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import sys
import time
from pathlib import Path

from pipeline.text import numbers

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LINE_SOURCES = (SHARED / "corpora" / "bbc", SHARED / "pages" / "raw", REPO / "raw")
EVAL_FILE = REPO / "tests" / "data" / "figures_eval.json"


def _lines(folder: Path) -> list[str]:
    """Every non-empty line of the .txt files under a folder (titles and body paragraphs)."""
    return [line for path in sorted(folder.rglob("*.txt"))
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]


def corpus_texts(sentence_files: list[Path]) -> list[str]:
    """The texts to compare, in a fixed order."""
    import pandas as pd

    texts = [t for path in sentence_files for t in pd.read_parquet(path, columns=["text"])["text"].tolist()]
    for folder in LINE_SOURCES:
        if folder.is_dir():
            texts += _lines(folder)
    texts += [item["sentence"] for item in json.loads(EVAL_FILE.read_text(encoding="utf-8"))["sentences"]]
    return texts


def numbers_of(text: str) -> tuple:
    """The figures and the skipped numbers of a text, as plain tuples."""
    return tuple(dataclasses.astuple(m) for m in numbers.find_numbers(text)), tuple(numbers.skipped_numbers(text))


def differences(texts: list[str], reference: list[tuple]) -> list[tuple[str, tuple, tuple]]:
    return [(text, want, got) for text, want in zip(texts, reference) if (got := numbers_of(text)) != want]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write the figures of the parser on PYTHONPATH here")
    action.add_argument("--compare", type=Path, help="compare the parser on PYTHONPATH with this saved run")
    parser.add_argument("--sentences", type=Path, action="append", default=[], help="a sentences.parquet")
    parser.add_argument("--show", type=int, default=5, help="differences to print")
    args = parser.parse_args(argv)
    texts = corpus_texts(args.sentences)
    print(f"parser: {numbers.__file__}")
    started = time.perf_counter()
    if args.save:
        found = [numbers_of(text) for text in texts]
        args.save.write_bytes(pickle.dumps({"texts": texts, "found": found}))
        print(f"saved {len(texts)} texts, {sum(len(f) for f, _ in found)} figures, "
              f"{sum(len(s) for _, s in found)} skipped in {time.perf_counter() - started:.1f} s")
        return 0
    saved = pickle.loads(args.compare.read_bytes())
    if saved["texts"] != texts:
        print("the texts differ from the saved run's: pass the same --sentences")
        return 2
    diff = differences(texts, saved["found"])
    print(f"compared {len(texts)} texts, {sum(len(f) for f, _ in saved['found'])} figures, "
          f"{sum(len(s) for _, s in saved['found'])} skipped: {len(diff)} differences "
          f"({time.perf_counter() - started:.1f} s)")
    for text, want, got in diff[:args.show]:
        print(f"  {text[:120]!r}\n    reference: {want}\n    now:       {got}")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
