"""Claim groups: figures from different documents that count the same thing."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from pipeline.parse.counted import IMPLIED_PERSON_NOUN
from pipeline.parse.event import EVENT_SYNONYMS, LIGHT_VERBS
from pipeline.schemas import KEYS, columns
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


def claim_groups(figures: pd.DataFrame, documents: pd.DataFrame,
                 synonyms: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Figures from different documents that count the same thing, one row per figure in a group.

    Two figures count the same thing when their counted heads match (singular head word; every person
    noun counts "people") and their events match through the synonym table (EVENT_SYNONYMS, read from
    claim_synonyms.csv, or `synonyms`); an event missing from the table matches only itself. Only groups
    with figures from at least two documents are kept: a group inside one article lines up nothing.
    Figures whose periods differ are different claims (a 2015 purge and 2021 expulsions), so the
    period is part of the group; figures with no known period group only with each other. The group
    id is a hash of the label and the period, stable across runs and corpora.
    """
    if figures is None or not len(figures):
        return _groups_frame([])
    outlets = dict(zip(documents["doc_id"], documents["outlet"])) if "outlet" in documents else {}
    rows = []
    for f in figures.itertuples(index=False):
        counted = f.counted if isinstance(f.counted, str) else None
        event = f.event if isinstance(f.event, str) else None
        label = claim_label(counted, event, f.unit, synonyms)
        if label is None:
            continue
        outlet = outlets.get(f.doc_id)
        period = f.period if isinstance(f.period, str) else None
        rows.append({"group_id": group_id_of(label, period), "label": label, "period": period, "doc_id": f.doc_id,
                     "figure_id": f.figure_id, "value": f.value, "low": f.low, "high": f.high,
                     "qualifier": f.qualifier, "outlet": outlet if isinstance(outlet, str) else None})
    frame = pd.DataFrame(rows, columns=columns("claim_groups"))
    if len(frame):
        n_docs = frame.groupby("group_id")["doc_id"].transform("nunique")
        frame = frame[n_docs >= 2]
    return _groups_frame(frame.to_dict("records"))


def _groups_frame(rows: Iterable[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=columns("claim_groups"))
    frame = frame.astype({"value": "float64", "low": "float64", "high": "float64"})
    for col in ("group_id", "label", "period", "doc_id", "figure_id", "qualifier", "outlet"):
        frame[col] = frame[col].astype("object")
    for col in ("period", "outlet"):
        frame[col] = frame[col].where(frame[col].notna(), None)
    return frame.sort_values(KEYS["claim_groups"], kind="stable").reset_index(drop=True)
