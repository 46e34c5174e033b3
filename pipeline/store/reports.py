"""A release's report: one HTML page made from its tables, kept at reports/<release>.html and
linked into the release's folder of stable paths as report.html, so current/report.html always
shows the current release's page.

The page is derived data: it is written (atomically, under the lock) after the release, replaced
when made again, and removed with its release by prune.
"""
from __future__ import annotations

import os
from pathlib import Path

from .catalog import read_release
from .current import link_or_copy
from .files import fsync_dir, remove_stale_temps, replace_file, temp_name
from .layout import CURRENT_REPORT, current_dir, report_path, reports_dir
from .locking import locked


def _link_beside_tables(root, release: str, page: Path) -> Path | None:
    """Put the page in the release's folder of stable paths, when that folder is still kept."""
    folder = current_dir(root, release)
    if not folder.is_dir():
        return None
    tmp = folder / temp_name(CURRENT_REPORT)
    link_or_copy(page, tmp)
    os.replace(tmp, folder / CURRENT_REPORT)
    fsync_dir(folder)
    return folder / CURRENT_REPORT


def write_report(root, release: str, page: bytes, *, lock_timeout: float | None = None) -> tuple[Path, Path | None]:
    """Write a release's page and link it beside the release's tables; returns both paths (the
    second None when the release's folder is gone, e.g. an older release pruned from current)."""
    read_release(root, release)  # raises DatasetNotFound for an unknown release
    with locked(root, f"report {release}", lock_timeout):
        folder = reports_dir(root)
        folder.mkdir(exist_ok=True)
        remove_stale_temps(folder)
        path = report_path(root, release)
        replace_file(path, page)
        return path, _link_beside_tables(root, release, path)


def drop_reports(root, releases: list[str]) -> None:
    """Remove the pages of releases that are gone (lock held)."""
    for release in releases:
        report_path(root, release).unlink(missing_ok=True)
