"""Fault-injection seam: named steps of every write, where a test can make the process die.

Unset (always, outside such tests) crash_point does nothing. Tests may also replace
`faults.crash_point` to raise instead.
"""
from __future__ import annotations

import os
import signal

# Steps of publish (and of every LATEST move), in the order they are reached.
CRASH_POINTS = ("after_parquet", "after_manifest", "before_rename", "after_rename", "before_latest",
                "after_latest")
# Steps of release_build: after one table's LATEST moved and before the next one's; after every
# LATEST moved and before the release record is written.
RELEASE_CRASH_POINTS = ("between_latest_moves", "before_release_record")
CRASH_ENV = "PIPELINE_CRASH_AT"

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
