"""Dagster's entry point: the assets, checks, automation and resources of pipeline/defs."""
import dagster as dg

from pipeline.defs.build import build_defs


@dg.definitions
def defs() -> dg.Definitions:
    return build_defs()
