"""Which model shaped which table: the provenance recorded in each table's manifest and in releases.

SHAPERS is the one declaration: a row per model (or other versioned component) with the tables
its output shapes and a function of the settings returning its name and version. The store's
manifests and the release record take what they record from here, so adding a model is one row.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline import nlp
from pipeline.text import cleaner
from pipeline.settings import Settings

# Tables whose rows depend on the spaCy model: sentence splits and entities directly, the
# co-occurrences, figures and claim groups through them.
# Tables the cleaning step's own models (line classifier, HTML extractor) shape.
CLEANED_TABLES = ("documents", "removed", "comments")
SPACY_TABLES = ("sentences", "mentions", "entities", "cooccurrences", "figures", "claim_groups")


@dataclass(frozen=True)
class Shaper:
    name: str
    tables: tuple[str, ...]
    info: Callable[[Settings], dict[str, str]]


SHAPERS: tuple[Shaper, ...] = (
    Shaper("spacy", SPACY_TABLES, lambda settings: nlp.model_info(settings.model_name)),
    Shaper("cleaner", CLEANED_TABLES, lambda settings: cleaner.cleaner_info()),
)


def _merged(shapers: tuple[Shaper, ...], settings: Settings) -> dict[str, str]:
    """The info of several shapers in one flat dict; two shapers may not claim the same key."""
    merged: dict[str, str] = {}
    for shaper in shapers:
        info = shaper.info(settings)
        clash = sorted(set(info) & set(merged))
        if clash:
            raise ValueError(f"provenance of {shaper.name} repeats the key(s) {', '.join(clash)}")
        merged.update(info)
    return merged


def table_provenance(table: str, settings: Settings, shapers: tuple[Shaper, ...] = SHAPERS) -> dict[str, str]:
    """What a table's manifest records about the models that shaped it (empty when none did)."""
    return _merged(tuple(s for s in shapers if table in s.tables), settings)


def release_provenance(settings: Settings, shapers: tuple[Shaper, ...] = SHAPERS) -> dict[str, str]:
    """What a release records: every model of the build."""
    return _merged(shapers, settings)
