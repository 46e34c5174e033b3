"""Pinned releases: <root>/pins/<name> holds one release id that prune keeps whatever its age (the
release a paper or a report was made from)."""
from __future__ import annotations

from .catalog import read_release
from .errors import DatasetNotFound
from .files import fsync_dir, replace_file
from .layout import TEMP_PREFIX, check_name, is_id, pin_path, pins_dir
from .locking import locked


def read_pins(root) -> dict[str, str]:
    """Pin name -> what the pin file holds (a release id unless damaged; verify says which)."""
    folder = pins_dir(root)
    if not folder.is_dir():
        return {}
    return {entry.name: entry.read_text(encoding="utf-8", errors="replace").strip()
            for entry in sorted(folder.iterdir()) if entry.is_file() and not entry.name.startswith(TEMP_PREFIX)}


def pinned_releases(root) -> set[str]:
    return {rid for rid in read_pins(root).values() if is_id(rid)}


def pin(root, release: str, name: str, *, lock_timeout: float | None = None) -> None:
    """Pin an existing release under `name` (a pin of that name moves to it)."""
    check_name("pin name", name)
    with locked(root, f"pin {release} as {name}", lock_timeout):
        read_release(root, release)  # raises when there is no such release
        pins_dir(root).mkdir(exist_ok=True)
        replace_file(pin_path(root, name), f"{release}\n".encode("utf-8"))


def unpin(root, name: str, *, lock_timeout: float | None = None) -> str:
    """Remove a pin; returns the release it named."""
    with locked(root, f"unpin {name}", lock_timeout):
        path = pin_path(root, name)
        if not path.is_file():
            known = ", ".join(read_pins(root)) or "none"
            raise DatasetNotFound(f"no pin named {name!r} in {pins_dir(root)} (pins: {known})")
        release = path.read_text(encoding="utf-8", errors="replace").strip()
        path.unlink()
        fsync_dir(path.parent)
    return release
