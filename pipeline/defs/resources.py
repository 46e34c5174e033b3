"""Settings as a Dagster resource, and the IO manager that publishes tables through the store."""

import dagster as dg
import pandas as pd

from pipeline import store
from pipeline.schemas import TABLES
from pipeline.settings import Settings, load_settings

VERSION_KEY = "dataset_version"


class SettingsResource(dg.ConfigurableResource):
    """Optional overrides of settings.Settings; unset fields keep the environment's value."""

    raw_dir: str | None = None
    datasets_dir: str | None = None
    model_name: str | None = None
    max_bytes: int | None = None
    n_process: int | None = None
    batch_size: int | None = None

    def create_resource(self, context) -> Settings:
        return load_settings(**self.model_dump())


def _metadata_of(event, key: str) -> str | None:
    value = event.asset_materialization.metadata.get(key) if event.asset_materialization else None
    return None if value is None else str(value.value)


def recorded(instance: dg.DagsterInstance, asset: str, key: str = VERSION_KEY,
             run_id: str | None = None) -> str | None:
    """A metadata value of an asset's materialisation: from this run if it has one (so concurrent
    runs never read each other's outputs), else from the last run that recorded it."""
    asset_key = dg.AssetKey(asset)
    if run_id is not None:
        found = None
        for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
            mat = entry.asset_materialization
            if mat is not None and mat.asset_key == asset_key:
                found = _metadata_of(entry, key) or found
        if found:
            return found
    event = instance.get_latest_materialization_event(asset_key)
    return None if event is None else _metadata_of(event, key)


def latest_version(instance: dg.DagsterInstance, table: str, run_id: str | None = None) -> str | None:
    """The dataset version of a table or intermediate asset, this run's first."""
    return recorded(instance, table, VERSION_KEY, run_id)


class DatasetIOManager(dg.ConfigurableIOManagerFactory):
    """Tables go through store.publish (validated, immutable, content-addressed); LATEST is moved
    by the release asset only, once every table of the build is valid. Intermediate assets are
    stashed in the store's work area, never published."""

    settings: dg.ResourceDependency[Settings]

    def create_io_manager(self, context) -> "_DatasetIO":
        return _DatasetIO(self.settings)


class _DatasetIO(dg.IOManager):
    def __init__(self, settings: Settings):
        self.settings = settings

    def handle_output(self, context: dg.OutputContext, obj: pd.DataFrame) -> None:
        name = context.asset_key.path[-1]
        if name not in TABLES:
            context.add_output_metadata({VERSION_KEY: store.stash(self.settings.datasets_dir, name, obj)})
            return
        instance, run_id = context.step_context.instance, context.run_id
        upstream = {}
        for dep in context.asset_spec.deps:
            dep_name = dep.asset_key.path[-1]
            if dep_name in TABLES:
                upstream[dep_name] = latest_version(instance, dep_name, run_id) or ""
        extra = dict(context.output_metadata["manifest_extra"].value) if "manifest_extra" in context.output_metadata else {}
        result = store.publish(
            self.settings.datasets_dir, name, obj, upstream=upstream,
            code_version=context.asset_spec.code_version or "", extra=extra, move_latest=False,
        )
        context.add_output_metadata({VERSION_KEY: result.version, "dataset_new": result.created,
                                     "dataset_path": str(result.path)})

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        name = context.asset_key.path[-1]
        version = latest_version(context.instance, name, context.step_context.run_id)
        if name not in TABLES:
            if version is None:
                raise dg.Failure(f"{name} has not been materialised yet; materialise it first")
            return store.load_work(self.settings.datasets_dir, name, version)
        return store.load(self.settings.datasets_dir, name, version=version)


def build_resources(**overrides) -> dict:
    """The resources of the Definitions; tests pass overrides such as raw_dir and datasets_dir."""
    settings = SettingsResource(**{k: (str(v) if k.endswith("_dir") else v) for k, v in overrides.items()})
    return {"settings": settings, "io_manager": DatasetIOManager(settings=settings)}
