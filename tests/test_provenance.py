"""The declared table of which model shapes which tables, and what manifests and releases record."""
from __future__ import annotations

import pytest

from pipeline import provenance
from pipeline.provenance import Shaper
from pipeline.schemas import TABLES
from pipeline.settings import Settings

SETTINGS = Settings(model_name="some_model")
FAKES = (
    Shaper("tagger", ("sentences", "figures"), lambda s: {"tagger": s.model_name, "tagger_version": "2"}),
    Shaper("cleaner", ("documents", "figures"), lambda s: {"cleaner_version": "7"}),
)


def test_a_table_records_every_shaper_that_names_it():
    assert provenance.table_provenance("figures", SETTINGS, FAKES) == {
        "tagger": "some_model", "tagger_version": "2", "cleaner_version": "7"}
    assert provenance.table_provenance("documents", SETTINGS, FAKES) == {"cleaner_version": "7"}
    assert provenance.table_provenance("sentences", SETTINGS, FAKES) == {"tagger": "some_model",
                                                                         "tagger_version": "2"}


def test_a_table_no_shaper_names_records_nothing():
    assert provenance.table_provenance("rejected", SETTINGS, FAKES) == {}


def test_a_release_records_every_shaper():
    assert provenance.release_provenance(SETTINGS, FAKES) == {
        "tagger": "some_model", "tagger_version": "2", "cleaner_version": "7"}


def test_two_shapers_may_not_claim_one_key():
    clash = FAKES + (Shaper("other", ("figures",), lambda s: {"tagger_version": "9"}),)
    with pytest.raises(ValueError, match="tagger_version"):
        provenance.table_provenance("figures", SETTINGS, clash)


def test_the_declared_shapers_name_only_published_tables():
    for shaper in provenance.SHAPERS:
        assert shaper.tables and set(shaper.tables) <= set(TABLES), shaper.name
    assert len({s.name for s in provenance.SHAPERS}) == len(provenance.SHAPERS)


def test_spacy_shapes_the_nlp_tables_and_not_the_cleaning_ones():
    spacy = next(s for s in provenance.SHAPERS if s.name == "spacy")
    assert {"sentences", "mentions", "entities", "figures"} <= set(spacy.tables)
    assert not {"documents", "removed", "comments", "rejected"} & set(spacy.tables)
