"""Time the report of a release built already, and give a corpus of folders an outlet per folder.

    .venv/bin/python bench/bench_report.py DATASETS [--release R] [--repeat 3]
    .venv/bin/python bench/bench_report.py --folder-outlets RAW    # writes RAW/sources.csv

The BBC corpus names no outlet, so its page has no claim across outlets; `--folder-outlets` writes a
sources.csv that makes each folder an outlet ("business", "politics", ...) so that the charts are exercised
at the corpus's size (run it on a copy of the corpus, never on shared data).
"""
from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from pipeline import store
from pipeline.report import build_report


def folder_outlets(raw: Path) -> int:
    files = sorted(p for p in raw.glob("*/*.txt"))
    with open(raw / "sources.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "url", "outlet", "published"])
        writer.writerows([p.relative_to(raw).as_posix(), "", p.parent.name, ""] for p in files)
    return len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="?", type=Path)
    parser.add_argument("--release", help="release id (default: the current one)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folder-outlets", type=Path, metavar="RAW", help="write RAW/sources.csv and stop")
    args = parser.parse_args()
    if args.folder_outlets:
        print(f"wrote {args.folder_outlets / 'sources.csv'}: {folder_outlets(args.folder_outlets)} files")
        return
    release = args.release or store.current_release(args.datasets)
    for _ in range(args.repeat):
        start = time.perf_counter()
        report = build_report(args.datasets, release)
        seconds = time.perf_counter() - start
        print(f"report of {release}: {seconds:.2f} s, {report.bytes:,} bytes, {len(report.data.groups)} charts, "
              f"{report.data.totals['groups_across_outlets']} groups across outlets")


if __name__ == "__main__":
    main()
