"""Settings as a Dagster resource, and the IO manager that publishes tables through the store."""

from pathlib import Path

import dagster as dg
import pandas as pd

from pipeline import store
from pipeline.schemas import TABLES
from pipeline.settings import Settings, load_settings

WORK_DIR = ".work"  # unpublished intermediate assets (raw_documents, raw_mentions)
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


def latest_version(instance: dg.DagsterInstance, table: str) -> str | None:
    """The dataset version recorded by the last materialisation of a table asset."""
    event = instance.get_latest_materialization_event(dg.AssetKey(table))
    if event is None or event.asset_materialization is None:
        return None
    value = event.asset_materialization.metadata.get(VERSION_KEY)
    return None if value is None else str(value.value)


class DatasetIOManager(dg.ConfigurableIOManagerFactory):
    """Tables go through store.publish (validated, immutable, content-addressed); LATEST is moved
    by the release asset only, once every table of the build is valid."""

    settings: dg.ResourceDependency[Settings]

    def create_io_manager(self, context) -> "_DatasetIO":
        return _DatasetIO(self.settings)


class _DatasetIO(dg.IOManager):
    def __init__(self, settings: Settings):
        self.settings = settings

    def _work_path(self, name: str) -> Path:
        return Path(self.settings.datasets_dir) / WORK_DIR / f"{name}.parquet"

    def handle_output(self, context: dg.OutputContext, obj: pd.DataFrame) -> None:
        name = context.asset_key.path[-1]
        if name not in TABLES:
            path = self._work_path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            obj.to_parquet(tmp, index=False)
            tmp.replace(path)
            return
        instance = context.step_context.instance
        upstream = {}
        for dep in context.asset_spec.deps:
            dep_name = dep.asset_key.path[-1]
            if dep_name in TABLES:
                upstream[dep_name] = latest_version(instance, dep_name) or ""
        extra = dict(context.output_metadata.get("manifest_extra").value) if "manifest_extra" in context.output_metadata else {}
        result = store.publish(
            self.settings.datasets_dir, name, obj, upstream=upstream,
            code_version=context.asset_spec.code_version or "", extra=extra, move_latest=False,
        )
        context.add_output_metadata({VERSION_KEY: result.version, "dataset_new": result.created,
                                     "dataset_path": str(result.path)})

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        name = context.asset_key.path[-1]
        if name not in TABLES:
            return pd.read_parquet(self._work_path(name))
        version = latest_version(context.instance, name)
        return store.load(self.settings.datasets_dir, name, version=version)


def build_resources(**overrides) -> dict:
    """The resources of the Definitions; tests pass overrides such as raw_dir and datasets_dir."""
    settings = SettingsResource(**{k: (str(v) if k.endswith("_dir") else v) for k, v in overrides.items()})
    return {"settings": settings, "io_manager": DatasetIOManager(settings=settings)}
