"""Step: raw_documents -> documents, removed, comments (each page through text.cleaner), and the
rejected files: ingest's, and each page that held nothing but boilerplate (no_body)."""
from __future__ import annotations

import pandas as pd

from pipeline import schemas
from pipeline.text.cleaner import clean_page


def _none_if_missing(value):
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _date_or_none(value: str | None) -> pd.Timestamp | None:
    """A date found on a page, when it parses as one."""
    if not value:
        return None
    stamp = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(stamp) else stamp


def sorted_by_key(table: str, df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(schemas.KEYS[table], kind="mergesort").reset_index(drop=True)


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return schemas.empty_frame(table)
    return sorted_by_key(table, pd.DataFrame(rows, columns=schemas.columns(table)))


def _removed_rows(doc_id: str, removed: list[dict]) -> list[dict]:
    """The page's removed lines (already in line order) with their ids."""
    return [{"removed_id": schemas.row_id("removed", doc_id, k), "doc_id": doc_id, **r} for k, r in enumerate(removed)]


def _comment_rows(doc_id: str, comments: list[dict]) -> list[dict]:
    """The page's comments, their ids and parents qualified by the document's id."""
    def qualified(local) -> str | None:
        return schemas.row_id("comments", doc_id, str(local)) if local is not None else None
    return [{**c, "doc_id": doc_id, "comment_id": qualified(c["comment_id"]), "parent_id": qualified(c["parent_id"])}
            for c in comments]


def clean_documents(raw_documents: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Clean every raw document: the documents, removed and comments tables, sorted by key."""
    docs, removed, comments = [], [], []
    for rec in raw_documents.to_dict("records"):
        text = rec["text"] if isinstance(rec.get("text"), str) else ""
        url = _none_if_missing(rec.get("url"))
        result = clean_page(text, rec["source"], url)
        body = "\n\n".join(result.paragraphs)
        published = _none_if_missing(rec.get("published")) or _date_or_none(result.published)
        docs.append({
            "doc_id": rec["doc_id"], "source": rec["source"], "raw_sha256": rec["raw_sha256"],
            "encoding": rec["encoding"], "title": result.title, "standfirst": result.standfirst,
            "author": result.author, "outlet": _none_if_missing(rec.get("outlet")) or result.outlet,
            "published": pd.Timestamp(published) if published is not None else pd.NaT,
            "url": url or result.url, "body": body, "n_paragraphs": len(result.paragraphs),
            "n_words": len(body.split()), "raw_chars": len(text), "body_chars": len(body),
        })
        removed.extend(_removed_rows(rec["doc_id"], result.removed))
        comments.extend(_comment_rows(rec["doc_id"], result.comments))
    out = {
        "documents": _frame("documents", docs),
        "removed": _frame("removed", removed),
        "comments": _frame("comments", comments),
    }
    if len(out["documents"]):
        out["documents"]["published"] = pd.to_datetime(out["documents"]["published"])
    return out


def no_body_reason(removed: pd.DataFrame) -> str:
    """Why a page has no body: the kinds of what the cleaner removed from it, most lines first."""
    kinds = removed["kind"].value_counts()
    shown = ", ".join(f"{kind} {count}" for kind, count in kinds.items()) or "no line kept"
    return f"no_body: the cleaner kept no paragraph (removed: {shown})"


def reject_empty_bodies(tables: dict[str, pd.DataFrame], rejected: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The cleaned tables without the documents whose body is empty, and `rejected` with a no_body
    row for each: a page that is all boilerplate (or all in another language) is not an article."""
    documents = tables["documents"]
    empty = documents["body"].fillna("").str.strip() == ""
    gone = set(documents.loc[empty, "doc_id"])
    out = {name: frame[~frame["doc_id"].isin(gone)].reset_index(drop=True) for name, frame in tables.items()}
    removed = tables["removed"]
    rows = documents.loc[empty, ["source", "raw_sha256"]].assign(reason=[
        no_body_reason(removed[removed["doc_id"] == doc_id]) for doc_id in documents.loc[empty, "doc_id"]])
    frames = [f for f in (rejected, rows) if len(f)]
    merged = pd.concat(frames, ignore_index=True) if frames else rejected.iloc[0:0]
    out["rejected"] = merged.sort_values("source", kind="stable").reset_index(drop=True)
    return out
