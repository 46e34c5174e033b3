"""Run every asset and check of the Definitions in this process (the CLI's `build` command).

Uses the Dagster instance of DAGSTER_HOME when it is set, so runs show in the UI's history, and an
ephemeral one otherwise.
"""
from __future__ import annotations

import os

import dagster as dg

from pipeline.settings import Settings

from .resources import build_resources


def run_build(settings: Settings, raise_on_error: bool = False, progress: bool = False) -> dg.ExecuteInProcessResult:
    from pipeline.definitions import defs

    definitions = defs()
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    resources = build_resources(raw_dir=settings.raw_dir, datasets_dir=settings.datasets_dir,
                                model_name=settings.model_name, max_bytes=settings.max_bytes,
                                n_process=settings.n_process, batch_size=settings.batch_size)
    log_level = "WARNING" if progress else "INFO"
    return dg.materialize(list(definitions.assets) + list(definitions.asset_checks), resources=resources,
                          instance=instance, raise_on_error=raise_on_error,
                          run_config={"loggers": {"console": {"config": {"log_level": log_level}}}})
