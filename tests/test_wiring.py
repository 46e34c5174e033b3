"""Small pieces of the Dagster wiring, without running a build."""
from __future__ import annotations

from dataclasses import fields
from types import SimpleNamespace

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
