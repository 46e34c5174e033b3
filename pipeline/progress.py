"""Progress of long stages: stages report (stage, done, total); listeners show it.

The Dagster assets log it and the CLI build draws progress bars; the core only calls report().
"""
from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[str, int, int], None]
_listeners: list[Listener] = []


def subscribe(listener: Listener) -> Callable[[], None]:
    """Add a listener; returns a function that removes it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def report(stage: str, done: int, total: int) -> None:
    for listener in list(_listeners):
        listener(stage, done, total)


def reporter(stage: str) -> Callable[[int, int], None]:
    """A (done, total) callback bound to one stage."""
    return lambda done, total: report(stage, done, total)
