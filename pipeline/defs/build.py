"""The Definitions, built from defs/ with optional settings overrides, and a build of every asset
and check in this process (the CLI's `build` command), through the build_all job.

A build uses the Dagster instance of DAGSTER_HOME when it is set, so runs show in the UI's history,
and an ephemeral one otherwise.
"""
from __future__ import annotations

import os
from dataclasses import asdict

import dagster as dg

from pipeline.settings import Settings

from . import assets, automation, checks
from .resources import build_resources


def build_defs(**overrides) -> dg.Definitions:
    """Every asset, check, job, schedule and sensor, with the resources the overrides give. The
    schedule's cron comes from the same settings resource the assets and the sensor receive."""
    resources = build_resources(**overrides)
    return dg.Definitions(
        assets=dg.load_assets_from_modules([assets]),
        asset_checks=checks.build_checks(),
        jobs=[automation.build_job, automation.parallel_build_job],
        schedules=[automation.daily_schedule(resources["settings"].resolve().schedule_cron)],
        sensors=[automation.raw_folder_sensor],
        resources=resources,
        executor=dg.in_process_executor,
    )


def execute_build(definitions: dg.Definitions, instance: dg.DagsterInstance, raise_on_error: bool = False,
                  run_config: dict | None = None) -> dg.ExecuteInProcessResult:
    """Run the build_all job of these definitions in this process: observe raw/, then materialise
    every asset and run every check."""
    job = definitions.resolve_job_def(automation.build_job.name)
    return job.execute_in_process(instance=instance, raise_on_error=raise_on_error, run_config=run_config)


def run_build(settings: Settings, raise_on_error: bool = False, progress: bool = False) -> dg.ExecuteInProcessResult:
    """Observe raw/, materialise every asset and run every check with these settings."""
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    log_level = "WARNING" if progress else "INFO"
    return execute_build(build_defs(**asdict(settings)), instance, raise_on_error,
                         {"loggers": {"console": {"config": {"log_level": log_level}}}})
