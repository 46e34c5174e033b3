"""A whole build over the sample articles and one 9 MB file on a single line: wall time and peak RSS.

    .venv/bin/python bench/long_line.py [--chars 9000000]

The long file is rejected as too_long_line (ingest.MAX_LINE_CHARS) before the cleaner or spaCy see
it; the figures go into RELIABILITY.md.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]


def one_line(chars: int) -> str:
    article = " ".join(sorted((REPO / "raw").glob("*.txt"))[0].read_text(encoding="utf-8").split())
    return ((article + " ") * (chars // (len(article) + 1) + 1))[:chars]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=9_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        raw, datasets = Path(tmp) / "raw", Path(tmp) / "datasets"
        shutil.copytree(REPO / "raw", raw)
        (raw / "one_line.txt").write_text(one_line(args.chars), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME" and not k.startswith("PIPELINE_")}
        started = time.perf_counter()
        child = subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--datasets",
                                str(datasets), "--quiet"], cwd=REPO, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if child.returncode != 0:
            print(child.stderr[-2000:], file=sys.stderr)
            return 1
        rejected = pd.read_parquet(datasets / "current" / "rejected.parquet")
        documents = pd.read_parquet(datasets / "current" / "documents.parquet")
    reason = dict(zip(rejected["source"], rejected["reason"])).get("one_line.txt", "not rejected")
    print(f"build over {len(documents)} documents and one {args.chars:,}-character line: exit 0, "
          f"{elapsed:.1f} s, peak RSS {peak_mb:.0f} MB; one_line.txt: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
