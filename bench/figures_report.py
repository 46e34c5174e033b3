"""How often a built figures table says what a number counts, and a fixed random sample to read.

    .venv/bin/python bench/figures_report.py DATASETS_DIR [--release ID | --first-release] [--sample 30] [--seed 7]

Prints the share of figures with a non-null `counted` (and `event`, `attributed_to`, `direction`,
`period`) overall and per kind, the share whose unit is a bare `count`, then a sample of figures with
their sentence, unit as named and as written, direction, period, counted, event and speaker.
"""
from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import store  # noqa: E402

FILLED_COLUMNS = ("counted", "event", "attributed_to", "direction", "period")


def count_share(figures: pd.DataFrame) -> float:
    """Share of figures whose unit is a bare count (nothing else said what the number measures)."""
    return round(float((figures["unit"] == "count").mean()), 4) if len(figures) else float("nan")


def filled_shares(figures: pd.DataFrame) -> pd.DataFrame:
    """Rows and share of non-null values of each column in FILLED_COLUMNS, overall and per kind."""
    def shares(frame: pd.DataFrame) -> dict:
        row = {"figures": len(frame)}
        for column in FILLED_COLUMNS:
            row[f"{column}_share"] = round(float(frame[column].notna().mean()), 3) if len(frame) else float("nan")
        return row

    rows = {"ALL": shares(figures)}
    for kind, frame in figures.groupby("kind", sort=True):
        rows[kind] = shares(frame)
    return pd.DataFrame.from_dict(rows, orient="index")


def sample_with_context(figures: pd.DataFrame, sentences: pd.DataFrame, entities: pd.DataFrame,
                        n: int, seed: int) -> pd.DataFrame:
    """`n` figures drawn with a fixed seed, joined to their sentence text and speaker name."""
    picked = figures.sample(n=min(n, len(figures)), random_state=seed)
    picked = picked.merge(sentences[["doc_id", "sent_id", "text"]].rename(columns={"text": "sentence"}),
                          on=["doc_id", "sent_id"], how="left")
    names = entities[["entity_id", "name"]].rename(columns={"entity_id": "attributed_to", "name": "speaker"})
    return picked.merge(names, on="attributed_to", how="left")


def first_release(datasets: Path) -> str:
    """The oldest release of a datasets folder, from its releases/HISTORY."""
    history = (datasets / "releases" / "HISTORY").read_text().split()
    if not history:
        raise SystemExit(f"no release in {datasets / 'releases' / 'HISTORY'}")
    return history[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", type=Path)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--release", default=None, help="a release id (default: LATEST)")
    parser.add_argument("--first-release", action="store_true",
                        help="the oldest release in releases/HISTORY (the first full build)")
    args = parser.parse_args(argv)

    release = args.release
    if args.first_release:
        release = first_release(args.datasets)
    figures = store.load(args.datasets, "figures", release=release)
    sentences = store.load(args.datasets, "sentences", release=release)
    entities = store.load(args.datasets, "entities", release=release)
    print(f"release {release or 'LATEST'}")
    print(f"{len(figures)} figures in {figures['doc_id'].nunique()} documents\n")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(filled_shares(figures).to_string())
    print(f"\nunit == 'count': {count_share(figures):.2%} of figures\n")
    sample = sample_with_context(figures, sentences, entities, args.sample, args.seed)
    for i, row in enumerate(sample.itertuples(index=False), 1):
        where = row.sentence if isinstance(row.sentence, str) else f"({row.section})"
        print(f"{i:2d}. [{row.kind}] {row.text!r}  value={row.value} low={row.low} high={row.high} "
              f"unit={row.unit!r} unit_text={row.unit_text!r} qualifier={row.qualifier} "
              f"direction={row.direction} period={row.period} hedged={row.hedged}")
        print(f"    counted={row.counted!r}  event={row.event!r}  attributed_to={row.attributed_to!r}"
              f" ({row.speaker!r})")
        print(textwrap.indent(textwrap.fill(" ".join(str(where).split()), 110), "    | "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
