"""Fault-injection seam: named steps of every write, where a test can make the process die, or
wait, so that a race with another process happens in a chosen order.

Unset (always, outside such tests) crash_point and pause_point do nothing. Tests may also replace
`faults.crash_point` to raise instead.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

# Steps of publish (and of every LATEST move), in the order they are reached.
CRASH_POINTS = ("after_parquet", "after_manifest", "before_rename", "after_rename", "before_latest",
                "after_latest")
# Steps of release_build: after one table's LATEST moved and before the next one's; after every
# LATEST moved and before the release record is written; after the record, before `current` moves.
RELEASE_CRASH_POINTS = ("between_latest_moves", "before_release_record", "before_current")
# A stashed intermediate written to its temporary file, not yet renamed into place.
WORK_CRASH_POINTS = ("work_before_rename",)
# Steps of a push to a mirror: a version's file uploaded, its manifest not; the manifest's object
# created, its bytes not yet written.
PUSH_CRASH_POINTS = ("push_after_parquet", "push_manifest_opened")
# Where pause_point can hold a process: a build's release is written and its lock released.
PAUSE_POINTS = ("after_release",)
CRASH_ENV = "PIPELINE_CRASH_AT"
PAUSE_ENV = "PIPELINE_PAUSE_AT"
PAUSE_LIMIT_SECONDS = 300.0

_crash_hits: dict[str, int] = {}


def crash_point(name: str) -> None:
    """When the environment variable PIPELINE_CRASH_AT is `<step>` or `<step>@<n>` (the n-th time
    this process reaches the step), the process kills itself with SIGKILL here, as a power cut or
    the OOM killer would: no cleanup, no finally blocks, the lock released by the kernel."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    step, _, nth = wanted.partition("@")
    if step.strip() != name:
        return
    _crash_hits[name] = _crash_hits.get(name, 0) + 1
    if _crash_hits[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def pause_point(name: str) -> None:
    """When PIPELINE_PAUSE_AT is `<step>=<file>`, create <file> on reaching the step and wait until
    someone removes it (at most PAUSE_LIMIT_SECONDS): the test runs the other side of a race then."""
    wanted = os.environ.get(PAUSE_ENV)
    if not wanted:
        return
    step, _, flag = wanted.partition("=")
    if step.strip() != name or not flag:
        return
    path = Path(flag)
    path.write_text(f"{os.getpid()}\n", encoding="utf-8")
    deadline = time.monotonic() + PAUSE_LIMIT_SECONDS
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
