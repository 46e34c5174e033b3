"""Claim groups: figures from different documents that count the same thing, one per document."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

import pandas as pd

from pipeline.parse.counted import IMPLIED_PERSON_NOUN
from pipeline.parse.event import EVENT_SYNONYMS, LIGHT_VERBS
from pipeline.schemas import KEYS, claim_id, columns
from pipeline.text.inflect import participle, plural, singular

# Person nouns: figures counting any of them group by event alone in claim_groups.
PERSON_NOUNS = frozenset({
    "people", "person", "persons", "individual", "member", "supporter", "voter", "resident",
    "citizen", "worker", "employee", "staff", "patient", "student", "pupil", "child", "children",
    "adult", "man", "men", "woman", "women", "passenger", "customer", "user", "migrant", "refugee",
    "seeker", "officer", "official", "activist", "protester", "protestor", "demonstrator",
    "candidate", "councillor", "mp", "politician", "cheat", "infiltrator", "rogue", "winger",
    "leftwinger", "applicant", "fan", "spectator", "visitor", "tourist", "victim", "casualty",
    "soldier", "troop", "civilian", "prisoner", "inmate", "volunteer", "delegate", "subscriber",
    "signatory", "teacher", "nurse", "doctor", "driver", "player", "shareholder", "household",
    "family", "taxpayer", "pensioner", "claimant", "tenant", "homeowner", "consumer", "viewer",
    "reader", "listener", "participant", "respondent", "agent", "contractor", "trader", "farmer",
})
# Events too generic to say two figures count the same thing, and heads that name dates, not things.
UNGROUPED_EVENTS = LIGHT_VERBS | frozenset({"make", "take", "use", "include", "give"})
UNGROUPED_HEADS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december", "year", "month", "week", "day"})


def counted_head(counted: str) -> str | None:
    """Singular, lower-cased head word of a counted phrase (its last word)."""
    words = re.findall(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*", counted or "")
    return singular(words[-1]) if words else None


def claim_label(counted: str | None, event: str | None, unit: str,
                synonyms: Mapping[str, str] | None = None) -> str | None:
    """What a figure counts, as a group label, or None when it cannot be grouped.

    Person nouns (PERSON_NOUNS) all count "people": a purge reported as "supporters barred" in one
    outlet and "people excluded" in another is the same count, so people group by event alone.
    Figures in another unit than a plain count keep the unit in the label so that, for example,
    percentages never sit beside head counts. Light verbs ("have", "be", "take": UNGROUPED_EVENTS)
    say too little to group on.
    """
    if not counted or not event or event.lower() in UNGROUPED_EVENTS:
        return None
    head = counted_head(counted)
    if head is None or head in UNGROUPED_HEADS:
        return None
    table = EVENT_SYNONYMS if synonyms is None else synonyms
    event_key = event.lower()
    canonical = table.get(event_key)
    what = IMPLIED_PERSON_NOUN if head in PERSON_NOUNS or head == IMPLIED_PERSON_NOUN else head
    label = f"{plural(what)} {canonical if canonical else participle(event_key)}"
    return label if unit == "count" else f"{label} ({unit})"


def group_id_of(label: str, period: str | None = None) -> str:
    """Group id from the label and the period, so the same claim gets the same id in every build."""
    key = label if period is None else f"{label}|{period}"
    return "g" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


# Which of a document's figures in a group stands for the document: its first in the body (a whole
# sentence, with its speaker), else in the standfirst, else in the title (headlines round figures).
SECTION_PREFERENCE = {"body": 0, "standfirst": 1, "title": 2}
FIGURE_COLUMNS = ["figure_id", "section", "text", "value", "low", "high", "unit", "qualifier", "hedged", "counted",
                  "event"]
DOCUMENT_COLUMNS = ["doc_id", "outlet", "published"]


def _labelled(figures: pd.DataFrame, synonyms: Mapping[str, str] | None) -> pd.DataFrame:
    """group_id, label, period, doc_id, figure_id and a preference rank of every figure that can be
    grouped."""
    rows = []
    for f in figures[["figure_id", "doc_id", "section", "counted", "event", "unit", "period"]].itertuples(index=False):
        label = claim_label(f.counted if isinstance(f.counted, str) else None,
                            f.event if isinstance(f.event, str) else None, f.unit, synonyms)
        if label is None:
            continue
        period = f.period if isinstance(f.period, str) else None
        rows.append({"group_id": group_id_of(label, period), "label": label, "period": period, "doc_id": f.doc_id,
                     "figure_id": f.figure_id, "rank": (SECTION_PREFERENCE[f.section], f.figure_id)})
    return pd.DataFrame(rows, columns=["group_id", "label", "period", "doc_id", "figure_id", "rank"])


def claim_groups(figures: pd.DataFrame, documents: pd.DataFrame,
                 synonyms: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Figures from different documents that count the same thing, one row per document in a group.

    Two figures count the same thing when their counted heads match (singular head word; every person
    noun counts "people") and their events match through the synonym table (EVENT_SYNONYMS, read from
    claim_synonyms.csv, or `synonyms`); an event missing from the table matches only itself. A document
    gives one figure to a group (SECTION_PREFERENCE: its first in the body, else in the standfirst,
    else in the title), so a headline, standfirst and body repeating one number count once. Only
    groups with figures from at least two documents are kept: a group inside one article lines up
    nothing. Figures whose periods differ are different claims (a 2015 purge and 2021 expulsions), so
    the period is part of the group; figures with no known period group only with each other. The
    group id is a hash of the label and the period, stable across runs and corpora. Each row carries
    the figure (text, value, unit, qualifier, ...) and its document's outlet and date, so that the
    table answers "which outlets give which figures" alone.
    """
    if figures is None or not len(figures):
        return _groups_frame(pd.DataFrame(columns=columns("claim_groups")))
    labelled = _labelled(figures, synonyms).sort_values(["group_id", "doc_id", "rank"], kind="stable")
    chosen = labelled.drop_duplicates(["group_id", "doc_id"]).drop(columns="rank")
    chosen = chosen[chosen.groupby("group_id")["doc_id"].transform("nunique") >= 2]
    docs = documents.reindex(columns=DOCUMENT_COLUMNS)
    frame = (chosen.merge(figures[FIGURE_COLUMNS], on="figure_id", how="left")
             .merge(docs, on="doc_id", how="left"))
    frame["claim_id"] = [claim_id(g, d) for g, d in zip(frame["group_id"], frame["doc_id"])]
    return _groups_frame(frame[columns("claim_groups")])


def _groups_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype({"value": "float64", "low": "float64", "high": "float64", "hedged": "bool"})
    frame["published"] = pd.to_datetime(frame["published"])
    for col in ("period", "outlet", "counted", "event"):
        frame[col] = frame[col].astype("object").where(frame[col].notna(), None)
    return frame.sort_values(KEYS["claim_groups"], kind="stable").reset_index(drop=True)
