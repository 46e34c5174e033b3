"""The report as one self-contained HTML page: inline CSS and inline SVG, no script, no font and no
file fetched from anywhere; the only web addresses are the articles' own links, for the reader to
click. Every value from the data goes through html.escape.
"""
from __future__ import annotations

from html import escape

import pandas as pd

from .gather import ReportData

CSS = """
* { box-sizing: border-box; }
body { font: 14px/1.45 "DejaVu Sans", Verdana, sans-serif; color: #222; margin: 0 auto; max-width: 70em;
       padding: 1em 2em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
h3 { margin: 1.6em 0 0.3em; font-size: 1.05em; }
.meta, .note { color: #555; } .note { font-size: 0.9em; }
nav a { margin-right: 1.2em; }
figure { margin: 1em 0 0.4em; } figure svg { max-width: 100%; height: auto; }
ol.sentences { font-size: 0.92em; padding-left: 2.6em; } ol.sentences li { margin: 0.35em 0; }
mark { background: #ffe27a; padding: 0 0.1em; } mark.speaker { background: #cfe8ff; }
.doc { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
th, td { text-align: left; padding: 0.25em 0.7em; border-bottom: 1px solid #e4e4e4; vertical-align: top;
         overflow-wrap: anywhere; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th, td.n, table.counts td:first-child { white-space: nowrap; }
.outlets { display: grid; grid-template-columns: repeat(auto-fill, minmax(21em, 1fr)); gap: 0.5em 2em; }
.outlets > div { min-width: 0; } .outlets table { width: 100%; } .outlets td { overflow-wrap: normal; }
ol.sentences a { overflow-wrap: anywhere; }
.bar { display: inline-block; height: 0.7em; background: #7aa6d6; vertical-align: middle; }
"""


def count(n: int, noun: str) -> str:
    """'1 document', '3 documents' (nouns that take an s)."""
    return f"{int(n):,} {noun}{'' if int(n) == 1 else 's'}"


def _present(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def highlighted(sentence: str, start: int, end: int, speaker_spans=()) -> str:
    """The sentence, escaped, with the number in <mark> and the speaker's name in <mark class=speaker>."""
    spans = sorted([(start, end, "")] + [(a, b, " class=\"speaker\"") for a, b in speaker_spans
                                         if b <= start or a >= end])
    out, at = [], 0
    for a, b, attr in spans:
        if a < at:
            continue
        out += [escape(sentence[at:a]), f"<mark{attr}>", escape(sentence[a:b]), "</mark>"]
        at = b
    return "".join(out) + escape(sentence[at:])


def _document_line(row) -> str:
    title = escape(row.title) if _present(row.title) else escape(str(row.source))
    link = f'<a href="{escape(row.url)}">{title}</a>' if _present(row.url) else title
    return f'{escape(row.outlet_name)}, {escape(row.published_text)}: {link}'


def _sentence_item(row) -> str:
    speaker = f" — said by <b>{escape(row.speaker)}</b>" if _present(row.speaker) else ""
    hedged = " <i>(hedged)</i>" if row.hedged else ""
    sentence = highlighted(row.sentence, row.number_start, row.number_end, row.speaker_spans)
    return (f'<li value="{int(row.key)}">“{sentence}”'
            f"{speaker}{hedged} <span class=\"doc\">{_document_line(row)}</span></li>")


def _group_section(group, claims: pd.DataFrame, svg: str) -> str:
    shown, total = claims["doc_id"].nunique(), int(group.n_documents)
    cut = (f'<p class="note">{shown} of {total} documents shown, outlets taken in turn.</p>'
           if shown < total else "")
    items = "\n".join(_sentence_item(row) for row in claims.itertuples(index=False))
    return (f'<section class="claim" id="{escape(group.group_id)}"><figure>{svg}<figcaption class="note">'
            f'{count(group.n_outlets, "outlet")}, {count(total, "document")}, {count(group.n_figures, "figure")}.'
            '</figcaption></figure>'
            f'{cut}<ol class="sentences">\n{items}\n</ol></section>')


def _claims_section(data: ReportData, charts: dict[str, str], key_svg: str) -> str:
    total = data.totals["groups_across_outlets"]
    if not total:
        return ('<h2 id="claims">Claims across outlets</h2><p>No claim group has figures from two or more outlets '
                f'in this release ({data.totals["claim_groups"]} claim groups in all; outlets come from '
                'sources.csv or the text).</p>')
    intro = (f'<p>{count(total, "claim group")} {"has" if total == 1 else "have"} figures from two or more outlets; '
             + (f"the {len(data.groups)} with the most outlets are charted, the other {total - len(data.groups)} "
                "are listed at the end of this section." if len(data.groups) < total else "each is charted.")
             + ' Each row is a document; the number beside a mark is its sentence below.</p>')
    sections = [_group_section(group, data.claims[data.claims["group_id"] == group.group_id], charts[group.group_id])
                for group in data.groups.itertuples(index=False)]
    rest = ""
    if len(data.groups_left_out):
        rest = "<h3>Not charted</h3><ul>" + "".join(
            f"<li>{escape(g.label)}, {escape(g.period_text)}: "
            f"{count(g.n_outlets, 'outlet')}, {count(g.n_documents, 'document')}</li>"
            for g in data.groups_left_out.itertuples(index=False)) + "</ul>"
    return (f'<h2 id="claims">Claims across outlets</h2>{intro}<figure class="key">{key_svg}</figure>'
            + "".join(sections) + rest)


def _people_section(data: ReportData) -> str:
    if not len(data.people):
        return '<h2 id="people">People named most</h2><p>No person is named in this release.</p>'
    blocks = []
    for outlet, rows in data.people.groupby("outlet", sort=False):
        most = int(rows["n_documents"].max())
        lines = "".join(
            f'<tr><td>{escape(r.name)}</td><td class="n">{int(r.n_documents)}</td>'
            f'<td><span class="bar" style="width:{40 * int(r.n_documents) / most:.0f}px"></span></td>'
            f'<td class="n">{int(r.n_mentions)}</td></tr>' for r in rows.itertuples(index=False))
        documents = count(rows["outlet_documents"].iloc[0], "document")
        blocks.append(f'<div><h3>{escape(outlet)} <span class="note">({documents})</span></h3><table><tr><th>person</th><th>docs</th><th></th><th>mentions</th>'
                      f"</tr>{lines}</table></div>")
    more = (f'<p class="note">{data.outlets_left_out} more outlets not shown.</p>' if data.outlets_left_out else "")
    return ('<h2 id="people">People named most, by outlet</h2><p class="note">Outlets with the most documents '
            'first; people by the number of that outlet\'s documents naming them.</p>'
            f'<div class="outlets">{"".join(blocks)}</div>{more}')


def _table(frame: pd.DataFrame, numeric: set[str]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in frame.columns)
    rows = "".join("<tr>" + "".join(f'<td class="n">{int(v)}</td>' if c in numeric else f"<td>{escape(str(v))}</td>"
                                    for c, v in zip(frame.columns, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f'<table class="counts"><tr>{head}</tr>{rows}</table>'


def _judgement_section(data: ReportData) -> str:
    removed = (_table(data.removed, {"lines", "documents"}) if len(data.removed)
               else "<p>The cleaner removed nothing.</p>")
    rejected = (_table(data.rejected, {"files"}) if len(data.rejected) else "<p>Every raw file was ingested.</p>")
    return (f'<h2 id="judgement">What the build left out</h2><h3>Removed by the cleaner, by kind</h3>'
            f'<p class="note">{data.totals["removed_lines"]} lines or fragments of raw text kept out of the bodies.</p>'
            f'{removed}<h3>Rejected files, by reason</h3><p class="note">{data.totals["rejected_files"]} raw files '
            f"not ingested.</p>{rejected}")


def render(data: ReportData, charts: dict[str, str], key_svg: str) -> str:
    """The whole page; `charts` maps each charted group_id to its inline SVG."""
    t = data.totals
    summary = (f'{count(t["documents"], "document")} from {count(t["outlets"], "outlet")}, '
               f'{count(t["figures"], "figure")}, {count(t["claim_groups"], "claim group")} '
               f'({t["groups_across_outlets"]:,} across outlets), {count(t["removed_lines"], "removed line")}, '
               f'{count(t["rejected_files"], "rejected file")}.')
    created = f", made {escape(data.created_at)}" if data.created_at else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Release {escape(data.release)}: claims across outlets</title><style>{CSS}</style></head><body>"
            f'<h1>Claims across outlets</h1><p class="meta">Release <code>{escape(data.release)}</code>{created}. '
            f"{summary}</p>"
            '<nav><a href="#claims">Claims</a><a href="#people">People</a><a href="#judgement">Left out</a></nav>'
            + _claims_section(data, charts, key_svg) + _people_section(data) + _judgement_section(data)
            + "</body></html>\n")
