"""Settings as a Dagster resource, and the IO manager that reads and writes through the store."""

import dagster as dg
import pandas as pd

from pipeline import provenance, store
from pipeline.memory import TRIM_MIN_ROWS, release_free_memory
from pipeline.schemas import TABLES
from pipeline.settings import Settings, load_settings

VERSION_KEY = "dataset_version"
COLUMNS_KEY = "columns"  # input metadata: read only these columns of a table or an intermediate


class SettingsResource(dg.ConfigurableResource):
    """Optional overrides of settings.Settings; unset fields keep the environment's value."""

    raw_dir: str | None = None
    datasets_dir: str | None = None
    cache_dir: str | None = None
    model_name: str | None = None
    max_bytes: int | None = None
    n_process: int | None = None
    batch_size: int | None = None
    schedule_cron: str | None = None

    def resolve(self) -> Settings:
        """The plain settings these overrides give (the environment read once, here)."""
        return load_settings(**self.model_dump())

    def create_resource(self, context) -> Settings:
        return self.resolve()


def run_lineage(instance: dg.DagsterInstance, run: dg.DagsterRun) -> list[str]:
    """This run's id, then the ids of the runs it re-executes (parent first): where the store
    finds the versions of the steps a re-execution did not run again."""
    lineage, parent = [run.run_id], run.parent_run_id
    while parent and parent not in lineage:
        lineage.append(parent)
        previous = instance.get_run_by_id(parent)
        parent = previous.parent_run_id if previous is not None else None
    return lineage


def run_release(instance: dg.DagsterInstance, run: dg.DagsterRun) -> str | None:
    """The release this run (or the run it re-executes) made, from its release step's metadata."""
    for run_id in run_lineage(instance, run):
        records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
        for record in records:
            event = record.event_log_entry.asset_materialization
            if event is not None and event.asset_key == dg.AssetKey("release") and "release" in event.metadata:
                return str(event.metadata["release"].value)
    return None


def _last_materialised(instance: dg.DagsterInstance, name: str) -> str | None:
    """The version recorded by the last materialisation of an asset in any run."""
    event = instance.get_latest_materialization_event(dg.AssetKey(name))
    value = event.asset_materialization.metadata.get(VERSION_KEY) if event and event.asset_materialization else None
    return None if value is None else str(value.value)


class DatasetIOManager(dg.ConfigurableIOManagerFactory):
    """Tables go through store.publish (validated, immutable, content-addressed) and are staged
    for this run; LATEST is moved by the release asset only, once every table of the build is
    valid. Intermediate assets are stashed in the store's work area, never published."""

    settings: dg.ResourceDependency[Settings]

    def create_io_manager(self, context) -> "_DatasetIO":
        return _DatasetIO(self.settings)


class _DatasetIO(dg.IOManager):
    def __init__(self, settings: Settings):
        self.settings = settings
        self.root = settings.datasets_dir

    def _version(self, step: dg.OpExecutionContext, name: str) -> str | None:
        """The version this run (or the run it re-executes) built; for a step not run, a table's
        LATEST or an intermediate's last materialisation."""
        staged = store.staged(self.root, run_lineage(step.instance, step.dagster_run)).get(name)
        if staged is not None:
            return staged
        return store.latest(self.root, name) if name in TABLES else _last_materialised(step.instance, name)

    def handle_output(self, context: dg.OutputContext, obj: store.Prepared | pd.DataFrame) -> None:
        """Publish a table (or stash an intermediate): the assets hand over frames already prepared,
        whose version is the data version they reported."""
        name = context.asset_key.path[-1]
        try:
            self._store(context, name, obj)
        finally:
            if isinstance(obj, store.Prepared):
                obj.release()  # stored (or failed): the run keeps this object, not its rows

    def _store(self, context: dg.OutputContext, name: str, obj: store.Prepared | pd.DataFrame) -> None:
        if name not in TABLES:
            context.add_output_metadata({VERSION_KEY: store.stash(self.root, name, obj, run_id=context.run_id)})
            return
        upstream = {dep.asset_key.path[-1]: self._version(context.step_context, dep.asset_key.path[-1]) or ""
                    for dep in context.asset_spec.deps if dep.asset_key.path[-1] in TABLES}
        result = store.publish(
            self.root, name, obj, upstream=upstream, code_version=context.asset_spec.code_version or "",
            extra=provenance.table_provenance(name, self.settings), move_latest=False, run_id=context.run_id,
        )
        context.add_output_metadata({VERSION_KEY: result.version, "dataset_new": result.created,
                                     "dataset_path": str(result.path)})

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        name = context.asset_key.path[-1]
        store.claim(self.root, context.step_context.run_id)  # this run is alive: its staging record stays
        version = self._version(context.step_context, name)
        columns = (context.definition_metadata or {}).get(COLUMNS_KEY)
        if name in TABLES:
            if version is None:
                raise dg.Failure(f"table {name} has no version in {self.root} yet; materialise it first")
            return _trimmed(store.load_checked(self.root, name, version, columns=columns))  # never a damaged file
        if version is None:
            raise dg.Failure(f"{name} has not been materialised yet; materialise it first")
        return _trimmed(store.load_work(self.root, name, version, columns=columns))


def _trimmed(frame: pd.DataFrame) -> pd.DataFrame:
    """A large input arrives when the steps before it are done: their freed pages go back first."""
    if len(frame) >= TRIM_MIN_ROWS:
        release_free_memory()
    return frame


def build_resources(**overrides) -> dict:
    """The resources of the Definitions; tests pass overrides such as raw_dir and datasets_dir."""
    settings = SettingsResource(**{k: (str(v) if k.endswith("_dir") and v is not None else v)
                                   for k, v in overrides.items()})
    return {"settings": settings, "io_manager": DatasetIOManager(settings=settings)}
