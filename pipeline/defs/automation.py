"""The build jobs, a daily schedule and a raw-folder sensor, both requesting a build of every asset."""

import json

import dagster as dg

from pipeline.steps import ingest
from pipeline.settings import Settings

# Every asset, its checks, and the observation of the raw folder first (include_sources), so that
# each build records the raw corpus hash its tables were made from.
EVERYTHING = dg.AssetSelection.all(include_sources=True)

build_job = dg.define_asset_job("build_all", selection=EVERYTHING,
                                description="Observe raw/, materialise every table from it and release them (in process).")

# The same build with each step in its own process (about 4 s of start-up per step): for a persistent
# instance (DAGSTER_HOME) when independent branches, such as figures and entities, should overlap.
parallel_build_job = dg.define_asset_job(
    "build_all_parallel", selection=EVERYTHING,
    executor_def=dg.multiprocess_executor.configured({"max_concurrent": 2}),
    description="Materialise every table, steps in parallel subprocesses.")


def daily_schedule(cron: str) -> dg.ScheduleDefinition:
    """The build on a cron (the settings' schedule_cron, from the same resource the assets use)."""
    return dg.ScheduleDefinition(
        name="daily_build", job=build_job, cron_schedule=cron, default_status=dg.DefaultScheduleStatus.STOPPED,
        description=f"Runs build_all on the cron {cron!r} (PIPELINE_SCHEDULE_CRON), whether or not raw/ changed; "
                    "a build with nothing changed publishes nothing new and releases the same versions.")


def changes(previous: dict, current: dict) -> dict[str, list[str]]:
    """Files added, changed and removed between two fingerprints of the raw folder."""
    return {
        "added": sorted(set(current) - set(previous)),
        "changed": sorted(k for k in set(current) & set(previous) if current[k] != previous[k]),
        "removed": sorted(set(previous) - set(current)),
    }


@dg.sensor(job=build_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
           description="Every minute, compares the names, sizes and content hashes of the files in raw/ with the "
                       "last look; when a file was added, changed or removed, requests one build_all run keyed by "
                       "the raw corpus hash (the same folder twice gives one run).")
def raw_folder_sensor(context: dg.SensorEvaluationContext, settings: dg.ResourceParam[Settings]):
    """Request a build when raw/ gains, loses or changes a file (by size and content hash)."""
    current = ingest.fingerprint(settings.raw_dir)
    previous = json.loads(context.cursor) if context.cursor else {}
    delta = changes(previous, current)
    if not any(delta.values()):
        return dg.SkipReason("raw folder unchanged")
    cursor = json.dumps(current, sort_keys=True)
    summary = ", ".join(f"{len(v)} {k}" for k, v in delta.items() if v)
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=ingest.corpus_sha256(current), tags={"raw_changes": summary})],
        cursor=cursor,
    )
