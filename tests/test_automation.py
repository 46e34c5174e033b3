"""The raw-folder sensor and the daily schedule, through Dagster's own testing utilities."""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline.definitions import defs
from pipeline.defs import automation
from pipeline.defs.build import build_defs
from pipeline.defs.resources import SettingsResource


def _sensor_on(raw: Path):
    """The sensor evaluated with a settings resource pointing at `raw`."""
    def evaluate(cursor: str | None):
        context = dg.build_sensor_context(cursor=cursor, resources={"settings": SettingsResource(raw_dir=str(raw))})
        return automation.raw_folder_sensor(context)
    return evaluate


def test_sensor_requests_a_run_on_add_change_remove_not_on_touch(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    monkeypatch.setenv("PIPELINE_RAW_DIR", str(tmp_path / "elsewhere"))  # the resource's value wins
    (raw / "a.txt").write_text("Headline\n\nBody one.\n")
    _evaluate = _sensor_on(raw)

    first = _evaluate(None)
    assert isinstance(first, dg.SensorResult) and len(first.run_requests) == 1
    cursor = first.cursor

    assert isinstance(_evaluate(cursor), dg.SkipReason)          # nothing changed
    os.utime(raw / "a.txt", (12345, 12345))
    assert isinstance(_evaluate(cursor), dg.SkipReason)          # touched, same bytes

    (raw / "b.txt").write_text("Another\n\nBody two.\n")
    added = _evaluate(cursor)
    assert isinstance(added, dg.SensorResult) and "1 added" in added.run_requests[0].tags["raw_changes"]
    cursor = added.cursor

    (raw / "a.txt").write_text("Headline\n\nBody one, edited.\n")
    changed = _evaluate(cursor)
    assert "1 changed" in changed.run_requests[0].tags["raw_changes"]
    cursor = changed.cursor

    (raw / "b.txt").unlink()
    removed = _evaluate(cursor)
    assert "1 removed" in removed.run_requests[0].tags["raw_changes"]
    assert removed.run_requests[0].run_key != changed.run_requests[0].run_key


def test_schedule_takes_its_cron_from_the_settings_resource(monkeypatch):
    monkeypatch.setenv("PIPELINE_SCHEDULE_CRON", "30 2 * * *")
    assert defs().resolve_schedule_def("daily_build").cron_schedule == "30 2 * * *"
    overridden = build_defs(schedule_cron="15 4 * * 1").resolve_schedule_def("daily_build")
    assert overridden.cron_schedule == "15 4 * * 1"          # an override of the resource reaches it


def test_schedule_targets_the_build_job():
    schedule = automation.daily_schedule("30 2 * * *")
    assert schedule.job_name == "build_all"
    context = dg.build_schedule_context(scheduled_execution_time=None)
    data = schedule.evaluate_tick(context)
    assert data.run_requests and len(data.run_requests) == 1


def test_definitions_load_and_cover_every_table():
    definitions = defs()
    keys = {k.path[-1] for k in definitions.resolve_asset_graph().get_all_asset_keys()}
    from pipeline.schemas import TABLES
    assert set(TABLES) | {"raw"} <= keys
    checks = {(k.asset_key.path[-1], k.name) for c in definitions.asset_checks for k in c.check_keys}
    assert {(t, "contract") for t in TABLES} <= checks
    assert definitions.resolve_job_def("build_all") is not None
