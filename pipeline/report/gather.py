"""What the report shows, gathered from one release's tables into small frames.

This is the one module that knows the tables' column names: the charts and the page read only the
frames built here, so a renamed column is a change in READ and in the few lines that use it.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline import store

# The columns read from each table of the release (nothing else is read).
READ: dict[str, list[str]] = {
    "claim_groups": ["group_id", "label", "period", "doc_id", "figure_id", "value", "low", "high", "qualifier",
                     "outlet"],
    "figures": ["doc_id", "figure_id", "section", "sent_id", "char_start", "char_end", "text", "unit", "hedged",
                "attributed_to"],
    "documents": ["doc_id", "source", "title", "standfirst", "outlet", "published", "url"],
    "sentences": ["doc_id", "sent_id", "char_start", "text"],
    "mentions": ["doc_id", "sent_id", "section", "char_start", "char_end", "label", "entity_id"],
    "entities": ["entity_id", "name"],
    "removed": ["doc_id", "kind", "rule", "text"],
    "rejected": ["source", "reason"],
}

MAX_CHARTS = 30            # claim groups charted, most outlets first
MAX_DOCUMENTS = 16         # rows of one chart, outlets taken in turn
MAX_FIGURES_PER_DOCUMENT = 4
MAX_OUTLETS = 12           # outlets in "people named most"
PEOPLE_PER_OUTLET = 8
CONTEXT_CHARS = 220        # characters of sentence kept on each side of a long sentence's number
NO_OUTLET = "outlet not known"


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows, as small frames (see each builder for the columns)."""

    release: str
    created_at: str
    totals: dict[str, int]
    groups: pd.DataFrame        # one row per charted group
    claims: pd.DataFrame        # one row per figure drawn in a chart
    groups_left_out: pd.DataFrame  # groups with two or more outlets that were not charted
    people: pd.DataFrame        # outlet, name, n_documents, n_mentions
    outlets_left_out: int
    removed: pd.DataFrame       # kind, lines, documents, rules, example
    rejected: pd.DataFrame      # reason, files, examples


def load_release(root, release: str) -> dict[str, pd.DataFrame]:
    """The columns of READ from every table the release pins."""
    return {table: store.load(root, table, release=release, columns=columns) for table, columns in READ.items()}


def date_text(value) -> str:
    """A published date as the page shows it: 25 Aug 2015."""
    if not isinstance(value, pd.Timestamp) or pd.isna(value):
        return "date not known"
    return f"{value.day} {value.strftime('%b %Y')}"


def _outlet(series: pd.Series) -> pd.Series:
    return series.where(series.notna() & (series.astype(str).str.strip() != ""), None)


def _ranked_groups(claim_groups: pd.DataFrame) -> pd.DataFrame:
    """Groups with figures from two or more outlets, most outlets (then documents, figures) first."""
    frame = claim_groups.assign(outlet=_outlet(claim_groups["outlet"]))
    summary = frame.groupby("group_id", sort=False).agg(
        label=("label", "first"), period=("period", "first"), n_outlets=("outlet", "nunique"),
        n_documents=("doc_id", "nunique"), n_figures=("figure_id", "size")).reset_index()
    summary = summary[summary["n_outlets"] >= 2]
    summary["period_text"] = [p if isinstance(p, str) and p else "period not known" for p in summary["period"]]
    return summary.sort_values(["n_outlets", "n_documents", "n_figures", "label", "group_id"],
                               ascending=[False, False, False, True, True], kind="stable").reset_index(drop=True)


def _sentence_of(row, sentences: dict, documents: pd.DataFrame) -> tuple[str, int]:
    """The text a figure sits in (its sentence, or the title or standfirst) and where that text
    starts in the figure's offsets."""
    if row.section == "body":
        found = sentences.get((row.doc_id, row.sent_id))
        if found is not None:
            return found[1], int(found[0])
        return str(row.text), int(row.char_start)
    text = documents.at[row.doc_id, row.section] if row.section in documents.columns else None
    return (str(text), 0) if isinstance(text, str) else (str(row.text), int(row.char_start))


def _clip(text: str, start: int, end: int, keep: int = CONTEXT_CHARS) -> tuple[str, int, int]:
    """A long sentence cut to `keep` characters each side of [start, end), with ellipses."""
    left, right = max(0, start - keep), min(len(text), end + keep)
    head, tail = ("…" if left else ""), ("…" if right < len(text) else "")
    return head + text[left:right] + tail, start - left + len(head), end - left + len(head)


def _speaker_spans(row, mentions: pd.DataFrame, base: int) -> list[tuple[int, int]]:
    """Where the figure's speaker is named in its sentence, as offsets into the sentence."""
    if not isinstance(row.attributed_to, str):
        return []
    if row.section == "body":
        own = mentions[(mentions["doc_id"] == row.doc_id) & (mentions["sent_id"] == row.sent_id)
                       & (mentions["entity_id"] == row.attributed_to)]
    else:
        own = mentions[(mentions["doc_id"] == row.doc_id) & (mentions["section"] == row.section)
                       & (mentions["entity_id"] == row.attributed_to)]
    return [(int(s) - base, int(e) - base) for s, e in zip(own["char_start"], own["char_end"])]


def _cap_documents(claims: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most `limit` documents of a group, outlets taken in turn (earliest published first)."""
    docs = claims.drop_duplicates("doc_id")[["doc_id", "outlet_name", "published"]]
    docs = docs.sort_values(["outlet_name", "published", "doc_id"], na_position="last", kind="stable")
    docs = docs.assign(turn=docs.groupby("outlet_name").cumcount())
    kept = docs.sort_values(["turn", "outlet_name"], kind="stable").head(limit)["doc_id"]
    return claims[claims["doc_id"].isin(set(kept))]


def _claims(tables: dict[str, pd.DataFrame], groups: pd.DataFrame) -> pd.DataFrame:
    """One row per figure of the charted groups, with its document, unit, sentence and speaker."""
    documents = tables["documents"].set_index("doc_id")
    if documents.empty:  # pandas cannot map through an empty datetime column (a corpus of no documents)
        documents = documents.astype(object)
    chosen = tables["claim_groups"][tables["claim_groups"]["group_id"].isin(set(groups["group_id"]))]
    merged = chosen.merge(tables["figures"].rename(columns={"text": "figure_text"}), on=["doc_id", "figure_id"],
                          how="left")
    merged["outlet_name"] = _outlet(merged["outlet"]).fillna(NO_OUTLET)
    merged["published"] = merged["doc_id"].map(documents["published"])
    merged["published_text"] = merged["published"].map(date_text)
    merged["title"] = merged["doc_id"].map(documents["title"])
    merged["url"] = merged["doc_id"].map(documents["url"])
    merged["source"] = merged["doc_id"].map(documents["source"])
    speakers = dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"]))
    merged["speaker"] = merged["attributed_to"].map(speakers)
    merged = merged.sort_values(["group_id", "outlet_name", "published", "doc_id", "char_start"],
                                na_position="last", kind="stable")
    capped = [_cap_documents(rows, MAX_DOCUMENTS).groupby("doc_id", sort=False).head(MAX_FIGURES_PER_DOCUMENT)
              for _, rows in merged.groupby("group_id", sort=False)]
    merged = pd.concat(capped) if capped else merged.iloc[:0]
    merged = merged.assign(key=merged.groupby("group_id", sort=False).cumcount() + 1)
    return _with_sentences(merged, tables, documents).reset_index(drop=True)


def _with_sentences(claims: pd.DataFrame, tables: dict[str, pd.DataFrame], documents: pd.DataFrame) -> pd.DataFrame:
    """Add each figure's sentence, the number's offsets in it and where its speaker is named."""
    wanted = set(zip(claims["doc_id"], claims["sent_id"]))
    sents = tables["sentences"]
    sents = sents[[key in wanted for key in zip(sents["doc_id"], sents["sent_id"])]]
    by_key = {(d, s): (start, text) for d, s, start, text in sents.itertuples(index=False)}
    mentions = tables["mentions"][tables["mentions"]["doc_id"].isin(set(claims["doc_id"]))]
    texts, starts, ends, spans = [], [], [], []
    for row in claims.itertuples(index=False):
        sentence, base = _sentence_of(row, by_key, documents)
        start, end = int(row.char_start) - base, int(row.char_end) - base
        if not (0 <= start < end <= len(sentence)):
            sentence, start, end = str(row.figure_text), 0, len(str(row.figure_text))
        clipped, new_start, new_end = _clip(sentence, start, end)
        shift = new_start - start
        texts.append(clipped)
        starts.append(new_start)
        ends.append(new_end)
        spans.append([(a + shift, b + shift) for a, b in _speaker_spans(row, mentions, base)
                      if 0 <= a + shift < b + shift <= len(clipped)])
    return claims.assign(sentence=texts, number_start=starts, number_end=ends, speaker_spans=spans)


def _people(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, int]:
    """The people named in the most documents of each outlet (outlets with most documents first)."""
    documents = tables["documents"].assign(outlet_name=_outlet(tables["documents"]["outlet"]).fillna(NO_OUTLET))
    outlet_of = dict(zip(documents["doc_id"], documents["outlet_name"]))
    persons = tables["mentions"][tables["mentions"]["label"] == "PERSON"]
    persons = persons.assign(outlet_name=persons["doc_id"].map(outlet_of))
    counts = persons.groupby(["outlet_name", "entity_id"]).agg(
        n_documents=("doc_id", "nunique"), n_mentions=("doc_id", "size")).reset_index()
    names = dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"]))
    counts["name"] = counts["entity_id"].map(names).fillna(counts["entity_id"])
    outlet_docs = documents["outlet_name"].value_counts()
    order = sorted(counts["outlet_name"].unique(), key=lambda o: (-outlet_docs.get(o, 0), o))
    kept = order[:MAX_OUTLETS]
    counts = counts[counts["outlet_name"].isin(kept)].assign(
        outlet_rank=lambda f: f["outlet_name"].map({o: i for i, o in enumerate(kept)}),
        outlet_documents=lambda f: f["outlet_name"].map(outlet_docs).fillna(0).astype(int))
    counts = counts.sort_values(["outlet_rank", "n_documents", "n_mentions", "name"],
                                ascending=[True, False, False, True], kind="stable")
    top = counts.groupby("outlet_name", sort=False).head(PEOPLE_PER_OUTLET)
    columns = ["outlet_name", "outlet_documents", "name", "n_documents", "n_mentions"]
    return top[columns].rename(columns={"outlet_name": "outlet"}).reset_index(drop=True), len(order) - len(kept)


def _example(texts: pd.Series, width: int = 90) -> str:
    text = " ".join(str(texts.iloc[0]).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _removed(removed: pd.DataFrame) -> pd.DataFrame:
    """Lines the cleaner removed, by kind: how many, from how many documents, by which rules."""
    rows = []
    for kind, part in removed.groupby("kind"):
        rules = part["rule"].value_counts()
        rows.append({"kind": kind, "lines": len(part), "documents": part["doc_id"].nunique(),
                     "rules": ", ".join(f"{rule} ({n})" for rule, n in rules.head(4).items())
                     + (f", {len(rules) - 4} more" if len(rules) > 4 else ""),
                     "example": _example(part["text"])})
    frame = pd.DataFrame(rows, columns=["kind", "lines", "documents", "rules", "example"])
    return frame.sort_values(["lines", "kind"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _rejected(rejected: pd.DataFrame) -> pd.DataFrame:
    """Files not ingested, by reason (duplicate_of:<doc_id> counts as duplicate_of)."""
    reasons = rejected["reason"].astype(str).str.split(":", n=1).str[0]
    rows = [{"reason": reason, "files": len(part),
             "examples": ", ".join(f"{s} ({r})" if r != reason else str(s)
                                   for s, r in zip(part["source"].head(3), part["reason"].head(3)))
             + (f", {len(part) - 3} more" if len(part) > 3 else "")}
            for reason, part in rejected.assign(head=reasons).groupby("head")]
    frame = pd.DataFrame(rows, columns=["reason", "files", "examples"])
    return frame.sort_values(["files", "reason"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _totals(tables: dict[str, pd.DataFrame], ranked: pd.DataFrame) -> dict[str, int]:
    return {
        "documents": len(tables["documents"]),
        "outlets": int(_outlet(tables["documents"]["outlet"]).nunique()),
        "figures": len(tables["figures"]),
        "claim_groups": int(tables["claim_groups"]["group_id"].nunique()),
        "groups_across_outlets": len(ranked),
        "removed_lines": len(tables["removed"]),
        "rejected_files": len(tables["rejected"]),
    }


def gather(tables: dict[str, pd.DataFrame], release: str, created_at: str = "") -> ReportData:
    """The report's frames from a release's tables (as load_release returns them)."""
    ranked = _ranked_groups(tables["claim_groups"])
    charted = ranked.head(MAX_CHARTS)
    claims = _claims(tables, charted)
    units = claims.groupby("group_id")["unit"].agg(lambda u: u.mode().iloc[0] if len(u.dropna()) else "count")
    charted = charted.assign(unit=charted["group_id"].map(units).fillna("count"))
    people, outlets_left_out = _people(tables)
    return ReportData(release=release, created_at=created_at, totals=_totals(tables, ranked), groups=charted,
                      claims=claims, groups_left_out=ranked.iloc[MAX_CHARTS:].reset_index(drop=True),
                      people=people, outlets_left_out=outlets_left_out, removed=_removed(tables["removed"]),
                      rejected=_rejected(tables["rejected"]))
