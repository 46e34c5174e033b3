"""Which release a build's inputs made: lets a build with nothing new report that release at once.

    <root>/.built/<inputs sha256>     the release id the build of those inputs wrote

A record is trusted only while its release is still the current one, every table's LATEST names
the release's version and every table file of it still matches its manifest; otherwise the build
runs in full (and repairs what it finds damaged).
"""
from __future__ import annotations

from pathlib import Path

from .catalog import checked_bytes, read_pointer, read_release
from .current import current_release
from .errors import StoreError
from .files import replace_file
from .layout import BUILT_DIR, is_id, report_path


def _record_path(root, inputs_sha256: str) -> Path:
    if len(inputs_sha256) != 64 or not all(c in "0123456789abcdef" for c in inputs_sha256):
        raise ValueError(f"not a SHA-256: {inputs_sha256!r}")
    return Path(root) / BUILT_DIR / inputs_sha256


def record_built(root, inputs_sha256: str, release: str) -> None:
    """Remember that a build of these inputs wrote `release`."""
    path = _record_path(root, inputs_sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, (release + "\n").encode())


def built_release(root, inputs_sha256: str) -> str | None:
    """The current release, if a build of exactly these inputs wrote it and it is intact; else None."""
    try:
        release = _record_path(root, inputs_sha256).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not is_id(release) or current_release(root) != release or not report_path(root, release).is_file():
        return None
    try:
        for table, version in read_release(root, release)["versions"].items():
            if read_pointer(root, table) != version:
                return None
            checked_bytes(root, table, version)
    except (StoreError, OSError, KeyError):
        return None
    return release
