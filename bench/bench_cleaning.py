"""Time ingest and cleaning alone on a corpus, and their share of a full build.

    python bench/bench_cleaning.py [CORPUS_DIR] [--full-build-s SECONDS] [--repeat N]

CORPUS_DIR defaults to ../shared/corpora/bbc. Prints the seconds of `ingest.ingest`, of
`clean.clean_documents` (rules, line classifier, HTML extractor), of the rules alone (the same
documents through `clean_text(text, model=None)`), the best of N runs each, the load average
before and after, and the share of the full build time given (BENCHMARKS.md, 178.1 s for BBC).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.steps import clean, ingest  # noqa: E402
from pipeline.text import cleaner  # noqa: E402
from pipeline.text import lines  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
FULL_BUILD_S = 178.1


def best_of(n: int, fn) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--full-build-s", type=float, default=FULL_BUILD_S)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    if not a.corpus.is_dir():
        print(f"no corpus at {a.corpus}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()[0]
    lines.load_model()  # loaded once per process, as in a build
    ingest_s, (raw_documents, _) = best_of(a.repeat, lambda: ingest.ingest(a.corpus, 10_000_000))
    clean_s, _ = best_of(a.repeat, lambda: clean.clean_documents(raw_documents))
    texts = list(raw_documents["text"])
    rules_s, _ = best_of(a.repeat, lambda: [cleaner.clean_text(t, model=None) for t in texts])
    load_after = os.getloadavg()[0]
    share = (ingest_s + clean_s) / a.full_build_s
    print(f"documents={len(raw_documents)} ingest={ingest_s:.2f}s clean={clean_s:.2f}s "
          f"(rules alone {rules_s:.2f}s, line classifier {clean_s - rules_s:.2f}s) "
          f"best of {a.repeat}; load {load_before:.2f} -> {load_after:.2f}")
    print(f"ingest+clean = {share:.1%} of a {a.full_build_s:.1f} s full build "
          f"(clean alone {clean_s / a.full_build_s:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
