"""Repeat every fault of tests/test_reliability.py and count what the store survived.

    .venv/bin/python bench/reliability.py [--tries N] [--build-tries M] [--only TEXT]

Each fault is run N times (whole-build faults M times) in a fresh temporary folder. A try
"survived" when every check of the fault passed; it "lost" something when a published version,
a LATEST or a release became unreadable or inconsistent (or, for a flipped bit, when `datasets
verify` did not name the damaged file); "other" counts tries that failed for another reason (the
child was not killed, the next run failed). Prints one row per fault and the problems of failed tries.
"""
from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Problems that say the fault was not produced or the next run failed, not that data was lost.
NOT_A_LOSS = ("child not killed", "build not killed", "the next build failed", "a build failed",
              "worker exit", "the next push failed", "the holder did not start")


def load_faults():
    """The fault functions of tests/test_reliability.py, imported by name so that the processes it
    spawns can import them too."""
    sys.path.insert(0, str(REPO / "tests"))
    return importlib.import_module("test_reliability")


def fault_list(f, tries: int, build_tries: int, baseline: Callable[[], Path]) -> list[tuple[str, str, int, Callable]]:
    """(fault, command reproducing it, tries, function of (base folder, try number) -> problems)."""
    test = ".venv/bin/python -m pytest tests/test_reliability.py"
    heavy = "PIPELINE_HEAVY=1 " + test
    faults = []
    for step in f.store.CRASH_POINTS:
        faults.append((f"SIGKILL in publish at {step}", f"{test} -k 'publish_killed and {step}'", tries,
                       lambda base, i, step=step: f.kill_publish(base, step)))
    for step in f.RELEASE_KILLS:
        faults.append((f"SIGKILL in release_build at {step}", f"{test} -k release_killed", tries,
                       lambda base, i, step=step: f.kill_release(base, step)))
    for crash_at in f.BUILD_KILLS_DEFAULT + f.BUILD_KILLS_HEAVY:
        command = test if crash_at in f.BUILD_KILLS_DEFAULT else heavy
        faults.append((f"SIGKILL in a whole build at {crash_at}", f"{command} -k build_killed", build_tries,
                       lambda base, i, crash_at=crash_at: f.kill_build(base, baseline(), crash_at)))
    faults.append(("flipped bit in a random published file", f"{test} -k flipped", tries * 2,
                   lambda base, i: f.flip_byte(base, 1000 + i)))
    faults.append(("2 processes x 10 publishes, read meanwhile", f"{test} -k concurrent_publishes", max(1, tries // 4),
                   lambda base, i: f.concurrent_publishes(base, 10)))
    faults.append(("2 builds at once (3 and 4 articles)", f"{test} -k two_builds", build_tries,
                   lambda base, i: f.concurrent_builds(base)))
    faults.append(("invalid figures row (unknown qualifier)", f"{test} -k invalid_row", tries,
                   lambda base, i: f.invalid_row_publish(base, baseline())))
    return faults


def integrity_faults(tries: int, build_tries: int, baseline: Callable[[], Path]) -> list[tuple[str, str, int, Callable]]:
    """The faults of tests/test_integrity.py, in the same form as fault_list's."""
    g = importlib.import_module("test_integrity")
    test = ".venv/bin/python -m pytest tests/test_integrity.py"
    faults = [
        ("flipped bit in a reused figures version, then a rebuild", f"{test} -k flipped_bit", build_tries,
         lambda base, i: g.reused_flipped_bit(base, baseline(), 2000 + i)),
        ("documents file swapped for one without an article, then a rebuild", f"{test} -k swapped", build_tries,
         lambda base, i: g.swapped_documents(base, baseline())),
        ("flipped bit in a version a release or a read would reuse", f"{test} -k never_released_or_read", tries,
         lambda base, i: g.damaged_reuse_is_refused(base, 3000 + i)),
        ("flipped bit in a cache entry (still decodes), then a rebuild", f"{test} -k cache_entry", build_tries,
         lambda base, i: g.flipped_cache_entry(base, baseline(), 4000 + i)),
    ]
    for step in g.store.PUSH_CRASH_POINTS:
        faults.append((f"SIGKILL in datasets push at {step}", f"{test} -k killed_push", tries,
                       lambda base, i, step=step: g.killed_push(base, step)))
    faults += [
        ("LATEST holding a path out of the store; LATEST deleted", f"{test} -k bare_version_id", tries,
         lambda base, i: g.latest_holding_a_path(base)),
        ("2 builds racing, one held right after its release", f"{test} -k racing_builds", build_tries,
         lambda base, i: g.builds_report_their_own_release(base)),
        ("builds SIGKILLed while stashing and while publishing, then a build", f"{test} -k leftovers", build_tries,
         lambda base, i: g.killed_builds_leave_nothing(base, baseline())),
        ("publish refused by a file-size limit (a full disk), then a release", f"{test} -k full_disk", tries,
         lambda base, i: g.full_disk_publish(base)),
        ("staging record of a live run, then of a SIGKILLed one", f"{test} -k live_runs", tries,
         lambda base, i: g.a_live_run_is_kept(base)),
    ]
    return faults


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=3, help="tries per store-level fault")
    parser.add_argument("--build-tries", type=int, default=1, help="tries per whole-build fault")
    parser.add_argument("--only", default="", help="run only the faults whose name contains this")
    args = parser.parse_args(argv)
    f = load_faults()
    work = Path(tempfile.mkdtemp(prefix="reliability-"))
    cached: list[Path] = []

    def baseline() -> Path:
        if not cached:
            base = work / "baseline"
            raw_a, _ = f.corpora(base)
            child = f.run_build(raw_a, base / "datasets")
            if child.returncode != 0:
                raise RuntimeError(f"the baseline build failed: {child.stderr[-2000:]}")
            cached.append(base / "datasets")
        return cached[0]

    rows, failures = [], []
    started = time.monotonic()
    try:
        faults = fault_list(f, args.tries, args.build_tries, baseline) + \
            integrity_faults(args.tries, args.build_tries, baseline)
        for name, command, count, run in faults:
            if args.only not in name:
                continue
            survived = lost = other = 0
            t0 = time.monotonic()
            for i in range(count):
                base = work / f"try-{len(rows)}-{i}"
                base.mkdir(parents=True)
                try:
                    problems = run(base, i)
                except Exception as exc:  # a fault that raised is a failed try, reported below
                    problems = [f"raised {type(exc).__name__}: {exc}"]
                shutil.rmtree(base, ignore_errors=True)
                if not problems:
                    survived += 1
                elif all(p.startswith(NOT_A_LOSS) for p in problems):
                    other += 1
                else:
                    lost += 1
                if problems:
                    failures.append((name, i, problems))
            rows.append((name, count, survived, lost, other, round(time.monotonic() - t0, 1), command))
            print(f"  {name}: {survived}/{count} survived", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = ("fault", "tries", "survived", "lost", "other", "seconds")
    widths = [max(len(str(r[k])) for r in rows + [header]) for k in range(len(header))]
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
          f"{len(os.sched_getaffinity(0))} cores, {time.monotonic() - started:.0f} s in all")
    for row in [header] + [r[:6] for r in rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
    print("\ncommands:")
    for row in rows:
        print(f"  {row[0]}: {row[6]}")
    for name, i, problems in failures:
        print(f"\n{name}, try {i}:")
        for problem in problems[:5]:
            print(f"  {problem[:400]}")
    return 1 if any(r[3] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
