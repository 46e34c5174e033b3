"""Dagster's entry point: the assets, checks, automation and resources of pipeline/defs."""
import dagster as dg

from pipeline.defs import assets, automation, checks, resources


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        assets=dg.load_assets_from_modules([assets]),
        asset_checks=checks.build_checks(),
        jobs=[automation.build_job, automation.parallel_build_job],
        schedules=[automation.daily_schedule()],
        sensors=[automation.raw_folder_sensor],
        resources=resources.build_resources(),
        executor=dg.in_process_executor,
    )
