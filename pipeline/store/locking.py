"""One writer at a time: an flock on <root>/.lock, waited for up to a timeout.

The lock file holds the holder's pid and purpose, so a writer that times out can say who holds it.
The kernel releases an flock when its process dies, so a crashed writer never leaves it held.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import LockTimeout
from .layout import LOCK

LOCK_TIMEOUT_SECONDS = 120.0
LOCK_POLL_SECONDS = 0.05


def _acquire(fd: int, path: Path, purpose: str, limit: float) -> None:
    deadline = time.monotonic() + limit
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
                raise LockTimeout(
                    f"could not lock {path} within {limit:g} s to {purpose}: another writer holds it "
                    f"({holder}); wait for it to finish, or raise the lock timeout") from None
            time.sleep(LOCK_POLL_SECONDS)


@contextmanager
def locked(root, purpose: str = "write", timeout: float | None = None) -> Iterator[None]:
    """Exclusive lock on <root>/.lock, so one writer at a time changes the store."""
    base = Path(root)
    base.mkdir(parents=True, exist_ok=True)
    path = base / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, purpose, LOCK_TIMEOUT_SECONDS if timeout is None else timeout)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}: {purpose}\n".encode("utf-8"), 0)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
