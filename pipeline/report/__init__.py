"""The release report: one self-contained HTML page an analyst opens offline, made from a
release's tables alone. `gather` reads the tables into small frames (the one place that knows
their columns), `charts` draws each claim group to SVG with matplotlib, `page` writes the HTML;
`build_report` ties them together and hands the page to the store.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline import store

from . import charts, gather, page
from .gather import ReportData


@dataclass(frozen=True)
class Report:
    release: str
    path: Path                 # datasets/reports/<release>.html
    current_path: Path | None  # the same page beside the release's stable paths
    bytes: int
    data: ReportData

    def summary(self) -> str:
        """A few lines of Markdown for the Dagster UI."""
        t = self.data.totals
        count = page.count
        lines = [f"**Report of release `{self.release}`**: {self.bytes / 1024:,.0f} KiB, "
                 f"{count(len(self.data.groups), 'claim chart')}.",
                 f"- {count(t['documents'], 'document')} from {count(t['outlets'], 'outlet')}; "
                 f"{count(t['figures'], 'figure')}",
                 f"- {t['groups_across_outlets']:,} of {count(t['claim_groups'], 'claim group')} with figures from "
                 f"two or more outlets ({len(self.data.groups)} charted)",
                 f"- {count(t['removed_lines'], 'line')} removed by the cleaner; "
                 f"{count(t['rejected_files'], 'file')} rejected"]
        return "\n".join(lines)


def render_report(data: ReportData) -> str:
    """The page's HTML for gathered data."""
    svgs = {}
    for group in data.groups.itertuples(index=False):
        rows = data.claims[data.claims["group_id"] == group.group_id]
        figure = charts.claim_figure(rows, group.label, group.period_text, group.unit)
        svgs[group.group_id] = charts.to_svg(figure, prefix=group.group_id)
    return page.render(data, svgs, charts.to_svg(charts.key_figure(), prefix="legend"))


def build_report(root, release: str) -> Report:
    """Read the release's tables, render the page and store it beside the release."""
    record = store.read_release(root, release)
    data = gather.gather(gather.load_release(root, release), release, record.get("created_at", ""))
    html = render_report(data).encode("utf-8")
    path, current_path = store.write_report(root, release, html)
    return Report(release, path, current_path, len(html), data)
