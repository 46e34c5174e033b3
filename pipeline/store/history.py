"""HISTORY files: append-only logs of ids, one a line, newest last.

<table>/HISTORY lists the versions in the order LATEST moved to them; releases/HISTORY lists the
releases in the order they were released. Both are read, appended and checked here only.
"""
from __future__ import annotations

from pathlib import Path

from .files import append_line, replace_file
from .layout import VERSION_LINE


def read(path: Path) -> list[str]:
    """The ids of a HISTORY file, oldest first; none when it does not exist."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")  # a damaged byte is verify's to report
    return [line.strip() for line in text.splitlines() if line.strip()]


def append(path: Path, entry: str) -> None:
    """Record that `entry` became the newest, unless it already is (call with the lock held)."""
    ids = read(path)
    if not ids or ids[-1] != entry:
        append_line(path, entry)


def rewrite(path: Path, ids: list[str]) -> None:
    """Replace the whole file atomically (prune drops the ids it removes)."""
    replace_file(path, "".join(f"{entry}\n" for entry in ids).encode("utf-8"))


def order(path: Path) -> dict[str, int]:
    """Position of each id's last appearance: later means more recently made newest."""
    return {entry: position for position, entry in enumerate(read(path))}


def problems(path: Path, where: str, known: set[str]) -> list[str]:
    """Lines that are not the id of an existing version or release (prune drops the ids of the
    versions it removes, so every line names something that exists)."""
    return problems_in(path.read_bytes() if path.is_file() else None, where, known)


def problems_in(data: bytes | None, where: str, known: set[str]) -> list[str]:
    """problems() of a HISTORY file's bytes (None: no such file), wherever they were read."""
    if data is None:
        return []
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        return [f"{where}: unreadable ({exc})"]
    bad = [i + 1 for i, line in enumerate(lines[:-1]) if not VERSION_LINE.fullmatch(line) or line not in known]
    if lines[-1] != "":
        bad.append(len(lines))
    return [f"{where}: damaged line(s) {', '.join(map(str, bad[:5]))} (not an existing id)"] if bad else []
