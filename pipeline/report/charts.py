"""Claim charts as static SVG, drawn with matplotlib's SVG backend (no browser, no pyplot state).

One chart per claim group: a row per document (outlet and published date), one line per figure in
it; a point for an exact figure, a diamond for an approximate one, a bar from low to high for a
range or a vague plural ("tens of thousands"), an arrow from the value for an open-ended one (more
than, at least: rightwards; fewer than, at most: leftwards), hollow when the figure is hedged. Each
mark's SVG id says what it is, `mark-<shape>[-hollow]-<group>-<figure>` (the figure id names its
document), so the page can be
checked once a browser has drawn it. Text is drawn as paths: the page needs no font.
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib import ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import blended_transform_factory

STYLE = {"svg.fonttype": "path", "svg.hashsalt": "news-report", "font.family": "DejaVu Sans", "font.size": 8,
         "axes.spines.top": False, "axes.spines.right": False}
OUTLET_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
                  "#7f7f7f", "#bcbd22")
LOG_SPAN = 100.0       # log scale when the largest value is more than this many times the smallest
ARROW_SHARE = 0.07     # an open-ended arrow's length, as a share of the axis
LINE_INCHES = 0.3      # height of one figure's line
BAR_HEIGHT = 0.4       # a bar's thickness, as a share of a line
GAP_LINES = 0.7        # space between two documents, in lines
WIDTH_INCHES = 8.0
LABEL_CHARS = 30       # a figure's text beside the chart is cut to this
ROW_LABEL_CHARS = 30   # an outlet's name on the row label is cut to this

# Qualifier -> shape of the mark (ordered rows; the first that holds wins).
MARK_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("point", ("exact",)),
    ("approx", ("approx",)),
    ("bar", ("range", "vague")),
    ("more", ("more_than", "at_least")),
    ("less", ("fewer_than", "at_most")),
)
SHAPE_NAMES = {"point": "exact", "approx": "approximate", "bar": "range or vague plural",
               "more": "more than / at least", "less": "fewer than / at most"}
UNIT_NAMES = {"count": "number", "percent": "%", "point": "percentage points", "basis_point": "basis points",
              "index_point": "index points", "ratio": "ratio", "times": "times"}


@dataclass(frozen=True)
class Mark:
    shape: str
    hollow: bool
    x: float           # the value (the low end of a bar)
    x_end: float | None  # the high end of a bar


def _is_number(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def mark_of(qualifier: str, value, low, high, hedged: bool) -> Mark | None:
    """How a figure is drawn; None when it has no value to draw."""
    shape = next((name for name, qualifiers in MARK_RULES if qualifier in qualifiers), "point")
    if shape == "bar" or not _is_number(value):
        if _is_number(low) and _is_number(high):
            return Mark("bar", bool(hedged), float(low), float(high))
        return None
    return Mark(shape, bool(hedged), float(value), None)


def mark_id(mark: Mark, group_id: str, figure_id: str) -> str:
    hollow = "-hollow" if mark.hollow else ""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"mark-{mark.shape}{hollow}-{group_id}-{figure_id}")


def compact(value: float, unit: str = "count") -> str:
    """A tick label: 3,100 -> 3.1k, 2000000 -> 2M; percentages keep a % sign."""
    sign, size = ("-" if value < 0 else ""), abs(value)
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if size >= scale:
            text = f"{size / scale:.3g}{suffix}"
            break
    else:
        text = f"{size:.3g}" if size else "0"
    return f"{sign}{text}{'%' if unit == 'percent' else ''}"


def axis_label(label: str, unit: str) -> str:
    return f"{label} ({UNIT_NAMES.get(unit, unit)})"


def _extent(marks: list[Mark]) -> tuple[float, float, bool]:
    """The axis limits for these marks, and whether the axis is logarithmic."""
    xs = [m.x for m in marks] + [m.x_end for m in marks if m.x_end is not None]
    low, high = min(xs), max(xs)
    if low > 0 and high / low > LOG_SPAN:
        span = math.log10(high / low)
        return low / 10 ** (0.08 * span), high * 10 ** ((ARROW_SHARE + 0.06) * span), True
    start = min(0.0, low)
    stop = high if high > start else start + 1.0
    pad = (stop - start) * (ARROW_SHARE + 0.05)
    return start - (pad if low < 0 else 0), stop + pad, False


def _arrow_end(x: float, limits: tuple[float, float, bool], sign: int) -> float:
    start, stop, log = limits
    if log:
        return x * (stop / start) ** (sign * ARROW_SHARE)
    return x + sign * ARROW_SHARE * (stop - start)


def _draw(ax, mark: Mark, y: float, colour: str, limits, gid: str) -> None:
    face = "white" if mark.hollow else colour
    if mark.shape == "bar":
        bar = ax.barh([y], [mark.x_end - mark.x], left=[mark.x], height=BAR_HEIGHT, color=face,
                      edgecolor=colour, linewidth=1.4)
        bar.patches[0].set_gid(gid)
        return
    if mark.shape in ("more", "less"):
        end = _arrow_end(mark.x, limits, 1 if mark.shape == "more" else -1)
        arrow = FancyArrowPatch((mark.x, y), (end, y), arrowstyle="-|>", mutation_scale=9, color=colour,
                                linewidth=1.4, linestyle="--" if mark.hollow else "-", shrinkA=0, shrinkB=0)
        arrow.set_gid(gid)
        ax.add_patch(arrow)
        marker = "|"
    else:
        marker = "o" if mark.shape == "point" else "D"
    (dot,) = ax.plot([mark.x], [y], marker=marker, markersize=7 if marker != "|" else 10, color=colour,
                     markerfacecolor=face, markeredgewidth=1.6, linestyle="none")
    dot.set_gid(gid if mark.shape in ("point", "approx") else f"{gid}-start")


def _cut(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(claims: pd.DataFrame) -> tuple[list[tuple], list[tuple[float, str]], list[float]]:
    """(y, row) for each figure, (y, label) for each document and the y of the rules between two
    documents, top to bottom."""
    figures, documents, rules, y = [], [], [], 0.0
    for _, rows in claims.groupby("doc_id", sort=False):
        first = rows.iloc[0]
        ys = [y - i for i in range(len(rows))]
        figures += list(zip(ys, rows.itertuples(index=False)))
        row_label = f"{_cut(first.outlet_name, ROW_LABEL_CHARS)}\n{first.published_text}"
        documents.append(((ys[0] + ys[-1]) / 2, row_label))
        y = ys[-1] - 1 - GAP_LINES
        rules.append(ys[-1] - (1 + GAP_LINES) / 2)
    return figures, documents, rules[:-1]


def _value_axis(ax, marks: list[Mark], unit: str) -> tuple[float, float, bool]:
    """Limits, scale and tick labels of the value axis; returns the limits and whether it is log."""
    limits = _extent(marks) if marks else (0.0, 1.0, False)
    if limits[2]:
        ax.set_xscale("log")
        ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    ax.set_xlim(limits[0], limits[1])
    ax.xaxis.set_major_locator(ticker.LogLocator(numticks=8) if limits[2] else ticker.MaxNLocator(6))
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: compact(v, unit)))
    return limits


def _label(row, mark: Mark | None) -> str:
    """The text beside a figure's mark: its key in the sentences below and the figure as written."""
    return (f"[{row.key}] {_cut(row.figure_text, LABEL_CHARS)}" + (" · hedged" if row.hedged else "")
            + ("" if mark else " (not drawn)"))


def claim_figure(claims: pd.DataFrame, label: str, period: str, unit: str) -> Figure:
    """The chart of one claim group (`claims`: that group's rows of ReportData.claims)."""
    with matplotlib.rc_context(STYLE):
        figures, documents, rules = _lines(claims)
        drawn = [(y, row, mark_of(row.qualifier, row.value, row.low, row.high, row.hedged)) for y, row in figures]
        lines = len(figures) + GAP_LINES * (len(documents) - 1)
        fig = Figure(figsize=(WIDTH_INCHES, 1.05 + LINE_INCHES * max(lines, 2)))
        ax = fig.add_axes((0.2, 0.8 / fig.get_figheight(), 0.56, 1 - 1.3 / fig.get_figheight()))
        limits = _value_axis(ax, [m for _, _, m in drawn if m is not None], unit)
        outlets = dict.fromkeys(claims["outlet_name"])
        colours = {o: OUTLET_COLOURS[i % len(OUTLET_COLOURS)] for i, o in enumerate(outlets)}
        beside = blended_transform_factory(ax.transAxes, ax.transData)
        for y, row, mark in drawn:
            if mark is not None:
                gid = mark_id(mark, row.group_id, row.figure_id)
                _draw(ax, mark, y, colours[row.outlet_name], limits, gid)
            ax.text(1.02, y, _label(row, mark), transform=beside, va="center", ha="left", fontsize=7.5,
                    color=colours[row.outlet_name])
        ax.set_yticks([y for y, _ in documents], [text for _, text in documents], fontsize=7.5)
        ax.set_ylim(min(y for y, _ in figures) - 0.8, 0.8)
        for y in rules:
            ax.axhline(y, color="#cccccc", linewidth=0.6)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.set_title(f"{label}, {period}", loc="left", fontsize=10, fontweight="bold")
        ax.set_xlabel(axis_label(label, unit) + (" · log scale" if limits[2] else ""))
        return fig


def key_figure() -> Figure:
    """The legend of the marks, drawn once above the claim charts: two rows of three."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH_INCHES * 0.8, 0.7))
        ax = fig.add_axes((0.01, 0.02, 0.98, 0.96))
        limits = (0.0, 6.0, False)
        ax.set_xlim(limits[0], limits[1])
        ax.set_ylim(-1.6, 0.6)
        ax.axis("off")
        samples = [(Mark("point", False, 0.25, None), "exact"), (Mark("approx", False, 2.25, None), "approximate"),
                   (Mark("bar", False, 4.05, 4.45), "range or vague plural"),
                   (Mark("more", False, 0.05, None), "more than, at least"),
                   (Mark("less", False, 2.45, None), "fewer than, at most"),
                   (Mark("approx", True, 4.25, None), "hedged: hollow")]
        for i, (mark, name) in enumerate(samples):
            y, x0 = -(i // 3), 2.0 * (i % 3)
            _draw(ax, mark, y, "#444444", limits, f"key-{mark.shape}{'-hollow' if mark.hollow else ''}")
            ax.text(x0 + 0.6, y, name, va="center", fontsize=8)
        return fig


def text_overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty texts of the figure whose drawn boxes overlap (tick labels,
    titles, axis labels, labels beside marks), measured with matplotlib's own renderer."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    boxes = [(text, box) for text, box in boxes if box.width > 0 and box.height > 0]
    return [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:] if box_a.overlaps(box_b)]


NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}
SVG_ID = re.compile(r'\bid="([^"]+)"')


def _own_ids(svg: str, prefix: str) -> str:
    """Prefix the SVG's internal ids (clip paths, markers, glyphs), so several charts inlined in one
    page never share one; the marks' own ids stay as they are."""
    internal = {i for i in SVG_ID.findall(svg) if not i.startswith(("mark-", "key-"))}
    if not internal:
        return svg
    names = "|".join(re.escape(i) for i in sorted(internal, key=len, reverse=True))
    pattern = re.compile(r'(id="|#)(%s)(?=[")])' % names)
    return pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


def to_svg(fig: Figure, prefix: str = "chart") -> str:
    """The figure as an <svg> element to inline in HTML: no XML prolog, no metadata, and internal
    ids that start with `prefix`."""
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.08, metadata=NO_METADATA)
    text = buffer.getvalue()
    return _own_ids(text[text.index("<svg"):], prefix)
