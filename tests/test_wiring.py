"""Small pieces of the Dagster wiring, without running a build."""
from __future__ import annotations

from dataclasses import fields
from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.defs.resources import SettingsResource, build_resources, run_lineage
from pipeline.settings import Settings


def test_the_resource_can_override_every_setting():
    assert set(SettingsResource.model_fields) == {f.name for f in fields(Settings)}


def test_resource_overrides_win_over_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_DATASETS_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("PIPELINE_BATCH_SIZE", "8")
    settings = build_resources(datasets_dir=tmp_path / "given", cache_dir=None)["settings"].resolve()
    assert settings.datasets_dir == tmp_path / "given"
    assert settings.batch_size == 8                          # not overridden: the environment's
    assert settings.cache_path == tmp_path / "given" / ".cache"


class Runs:
    """A stand-in for the instance: run id -> parent run id."""

    def __init__(self, parents: dict[str, str | None]):
        self.parents = parents

    def get_run_by_id(self, run_id):
        return SimpleNamespace(run_id=run_id, parent_run_id=self.parents[run_id]) if run_id in self.parents else None


def test_lineage_is_the_run_then_the_runs_it_reexecutes():
    instance = Runs({"c": "b", "b": "a", "a": None})
    assert run_lineage(instance, instance.get_run_by_id("c")) == ["c", "b", "a"]
    assert run_lineage(instance, instance.get_run_by_id("a")) == ["a"]


def test_lineage_stops_at_an_unknown_or_repeated_parent():
    assert run_lineage(Runs({"b": "gone"}), SimpleNamespace(run_id="b", parent_run_id="gone")) == ["b", "gone"]
    looped = Runs({"x": "y", "y": "x"})
    assert run_lineage(looped, looped.get_run_by_id("x")) == ["x", "y"]


def test_every_check_says_what_it_checks_and_foreign_keys_block_or_warn_as_declared():
    from pipeline.definitions import defs
    from pipeline.schemas import FOREIGN_KEYS, TABLES

    specs = [spec for checks in defs().asset_checks for spec in checks.check_specs]
    docstrings = {(model.__doc__ or "").strip() for model in TABLES.values()}
    for spec in specs:
        assert spec.description and spec.description not in docstrings, spec.key
        assert not spec.name.startswith(spec.asset_key.path[-1]), spec.key  # no figures_figures_contract
    by_key = {(s.asset_key.path[-1], s.name): s for s in specs}
    assert len(by_key) == len(specs)
    for key in FOREIGN_KEYS:
        spec = by_key[(key.table, f"{key.column}_in_{key.parent}")]
        assert spec.blocking == key.blocks_release
    for table in ("removed", "comments"):
        assert (table, "doc_id_in_documents") in by_key
    contract = by_key[("figures", "contract")].description
    assert "figure_id unique" in contract and "qualifier" in contract

    from pipeline.contracts import missing_keys
    child = pd.DataFrame({"attributed_to": ["PERSON:a", None, "ORG:gone"]})
    parent = pd.DataFrame({"entity_id": ["PERSON:a"]})
    assert missing_keys(child, "attributed_to", parent, "entity_id")["attributed_to"].tolist() == ["ORG:gone"]


@pytest.mark.parametrize("values, allowed", [
    (pd.Series(["a", None, "b", "c"], dtype="str"), pd.Series(["a", "c", None], dtype="str")),
    (pd.Series(["a", None, "b"], dtype=object), pd.Series(["b"], dtype="str")),
    (pd.Series([1, 2, None]), pd.Series(["1", "2"])),       # unlike types: no cast, as in pandas
    (pd.Series(["x", 1], dtype=object), pd.Series(["x"])),  # mixed objects
    (pd.Series([], dtype="str"), pd.Series(["a"])),
    (pd.Series(["a", "b"]), pd.Series([], dtype="str")),
])
def test_is_in_answers_as_pandas_isin_does_for_set_values(values, allowed):
    from pipeline.contracts import is_in
    expected = (values.notna() & values.isin(set(allowed.dropna()))).to_numpy(bool)
    assert is_in(values, allowed).tolist() == expected.tolist()


def test_assets_have_kinds_and_the_automation_describes_itself():
    from pipeline.definitions import defs
    from pipeline.schemas import TABLES

    definitions = defs()
    kinds = {spec.key.path[-1]: set(spec.kinds) for spec in definitions.resolve_all_asset_specs()}
    assert all({"pandas", "parquet"} <= kinds[table] for table in TABLES)
    assert all("spacy" in kinds[name] for name in ("sentences", "raw_mentions", "figure_candidates"))
    assert "spacy" not in kinds["documents"]
    assert all(s.description for s in definitions.schedules) and all(s.description for s in definitions.sensors)


def test_rows_of_gives_the_values_itertuples_gives():
    from pipeline.schemas import rows_of
    frame = pd.DataFrame({"s": pd.Series(["a", None, "c"], dtype="str"), "n": pd.Series([1, None, 3], dtype="Int64"),
                          "i": [1, 2, 3], "f": [0.5, float("nan"), 2.0], "o": pd.Series([None, "x", 2], dtype=object),
                          "unused": [0, 0, 0]})
    names = ["o", "s", "n", "i", "f"]
    ours, theirs = list(rows_of(frame, names)), [tuple(r) for r in frame[names].itertuples(index=False)]
    assert len(ours) == 3
    for a, b in zip(ours, theirs):
        assert [pd.isna(x) for x in a] == [pd.isna(y) for y in b]  # NaN and NA compare unequal to themselves
        assert [x for x in a if not pd.isna(x)] == [y for y in b if not pd.isna(y)]
        assert [type(x) for x in a if isinstance(x, str)] == [type(y) for y in b if isinstance(y, str)]
    assert list(rows_of(frame.iloc[:0], names)) == []


def test_rows_of_reads_slice_after_slice_in_order(monkeypatch):
    from pipeline import schemas
    frame = pd.DataFrame({"a": [str(i) for i in range(7)], "b": range(7)})
    monkeypatch.setattr(schemas, "ROWS_SLICE", 3)
    assert list(schemas.rows_of(frame, ["b", "a"])) == [(i, str(i)) for i in range(7)]
