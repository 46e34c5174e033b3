"""One thin asset per table: read inputs, call one core function, return the table made ready to
store, its content-derived version as the Dagster data version, with metadata.

`raw` is an observable source asset whose data version is the hash of the raw folder (every file's
name, size and content). Each table's data version is its dataset version (the SHA-256 of its
Parquet bytes), so the UI shows a table as stale exactly when something it is built from changed:
the raw folder, an upstream table's content or the code version of its asset.
"""

import dagster as dg
import pandas as pd

from pipeline import progress, provenance, store
from pipeline.steps import ingest
from pipeline.steps.clean import reject_empty_bodies
from pipeline.steps.entities import COOCCURRENCE_MENTION_COLUMNS, cooccurrences as count_cooccurrences
from pipeline.steps.entities import load_aliases, resolve_entities as resolve_mentions
from pipeline.steps.claims import claim_groups as group_claims
from pipeline.steps.figures import SPEAKER_MENTION_COLUMNS, attach_speakers
from pipeline.report import build_report
from pipeline.schemas import TABLES
from pipeline.settings import Settings
from pipeline.incremental.stages import (
    CODE_VERSIONS, annotate_stage, clean_stage, figure_candidates_stage, prepare_in_workers,
)

from .resources import COLUMNS_KEY, run_lineage, run_release

GROUP = "news"
PREVIEW_ROWS = 5
TABLE_KINDS = {"pandas", "parquet"}
NLP_KINDS = {*TABLE_KINDS, "spacy"}


def _preview(df: pd.DataFrame, rows: int = PREVIEW_ROWS, width: int = 60) -> str:
    """A Markdown table of the first rows, cells cut to `width` characters."""
    head = df.head(rows)
    cells = [[str(v).replace("|", "\\|").replace("\n", " ")[:width] for v in row] for row in head.itertuples(index=False)]
    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def column_schema(name: str, df: pd.DataFrame) -> dg.TableSchema:
    """A table's columns as the store writes them (Arrow types, the model's descriptions and
    constraints); an intermediate's as pandas holds them."""
    if name not in TABLES:
        return dg.TableSchema(columns=[dg.TableColumn(name=str(c), type=str(t)) for c, t in df.dtypes.items()])
    return dg.TableSchema(columns=[
        dg.TableColumn(name=spec.name, type=str(spec.type), description=spec.description,
                       constraints=dg.TableColumnConstraints(nullable=spec.nullable, unique=spec.unique,
                                                             other=list(spec.checks)))
        for spec in store.column_specs(name)])


def _output(df: pd.DataFrame, name: str) -> dg.Output:
    """The frame made ready to store (validated and sorted if it is a table), its version as the data
    version, with row count, column schema and a preview for the UI."""
    ready = store.prepare_table(name, df) if name in TABLES else store.prepare_work(name, df)
    metadata = {
        "dagster/row_count": len(ready.frame),
        "dagster/column_schema": column_schema(name, ready.frame),
        "preview": dg.MetadataValue.md(_preview(ready.frame)),
    }
    return dg.Output(ready, data_version=dg.DataVersion(ready.version), metadata=metadata)


def _out(name: str, kinds: set[str] = TABLE_KINDS) -> dg.AssetOut:
    model = TABLES.get(name)
    return dg.AssetOut(
        group_name=GROUP,
        description=(model.__doc__ if model is not None else f"{name} (intermediate, not published)"),
        code_version=CODE_VERSIONS[name],
        kinds=kinds,
    )


def _log_rejected(context: dg.AssetExecutionContext, rejected: pd.DataFrame) -> None:
    for row in rejected.itertuples(index=False):
        context.log.warning(f"rejected {row.source}: {row.reason}")


@dg.observable_source_asset(name="raw", group_name=GROUP,
                            description="The raw folder (raw/*.txt, *.html and sources.csv): its data version is "
                                        "the hash of every file's name, size and content.")
def raw_folder(settings: dg.ResourceParam[Settings]) -> dg.DataVersion:
    return dg.DataVersion(ingest.corpus_sha256(ingest.fingerprint(settings.raw_dir)))


@dg.multi_asset(outs={"raw_documents": _out("raw_documents"), "ingest_rejected": _out("ingest_rejected")},
                deps=["raw"])
def ingest_raw(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]):
    """Read raw/: decoded texts of the good files, and a row of `rejected` for each bad one."""
    raw_documents, rejected = ingest.ingest(settings.raw_dir, settings.max_bytes)
    context.log.info(f"ingested {len(raw_documents)} documents, rejected {len(rejected)} files")
    _log_rejected(context, rejected)
    return _output(raw_documents, "raw_documents"), _output(rejected, "ingest_rejected")


CLEANED = ("documents", "removed", "comments", "rejected")


@dg.multi_asset(outs={name: _out(name) for name in CLEANED})
def clean_documents(context: dg.AssetExecutionContext, raw_documents: pd.DataFrame, ingest_rejected: pd.DataFrame,
                    settings: dg.ResourceParam[Settings]):
    """Clean bodies, with what was removed and why, and reader comments as their own table; a page
    left with no body is rejected (no_body)."""
    with _LogProgress(context):
        tables = reject_empty_bodies(clean_stage(raw_documents, settings.cache_path), ingest_rejected)
    context.log.info(f"cleaned {len(tables['documents'])} documents")
    _log_rejected(context, tables["rejected"][tables["rejected"]["reason"].str.startswith("no_body")])
    return tuple(_output(tables[name], name) for name in CLEANED)


class _LogProgress:
    """Log a stage's progress to the Dagster run log about every tenth of the way."""

    def __init__(self, context: dg.AssetExecutionContext):
        self.context, self.last = context, {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        step = max(1, total // 10)
        if done == total or done - self.last.get(stage, 0) >= step:
            self.last[stage] = done
            self.context.log.info(f"{stage}: {done}/{total} documents done")

    def __enter__(self):
        self.unsubscribe = progress.subscribe(self)
        return self

    def __exit__(self, *exc):
        self.unsubscribe()


@dg.multi_asset(outs={"sentences": _out("sentences", NLP_KINDS), "raw_mentions": _out("raw_mentions", NLP_KINDS)})
def annotate_documents(context: dg.AssetExecutionContext, documents: pd.DataFrame,
                       settings: dg.ResourceParam[Settings]):
    """Sentences of each body and named-entity mentions of titles and bodies (spaCy NER + senter)."""
    with _LogProgress(context):
        if settings.n_process > 1:
            given = prepare_in_workers(documents, settings.n_process, settings.model_name, settings.cache_path,
                                       settings.batch_size)
            if given:
                context.log.info(f"{settings.n_process} worker processes ran the NLP stages on {given} documents")
        sentences, raw_mentions = annotate_stage(documents, settings.model_name, settings.cache_path,
                                                 settings.n_process, settings.batch_size)
    context.log.info(f"annotated {len(documents)} documents: {len(sentences)} sentences")
    return _output(sentences, "sentences"), _output(raw_mentions, "raw_mentions")


@dg.multi_asset(outs={"mentions": _out("mentions"), "entities": _out("entities")})
def resolve_entities(context: dg.AssetExecutionContext, raw_mentions: pd.DataFrame):
    """Mentions resolved to corpus-wide entities, aliases merged."""
    mentions, ents = resolve_mentions(raw_mentions, load_aliases())
    context.log.info(f"resolved {len(mentions)} mentions into {len(ents)} entities")
    return _output(mentions, "mentions"), _output(ents, "entities")


@dg.asset(group_name=GROUP, code_version=CODE_VERSIONS["cooccurrences"], description=TABLES["cooccurrences"].__doc__,
          kinds=TABLE_KINDS, ins={"mentions": dg.AssetIn(metadata={COLUMNS_KEY: COOCCURRENCE_MENTION_COLUMNS})})
def cooccurrences(mentions: pd.DataFrame) -> dg.Output:
    return _output(count_cooccurrences(mentions), "cooccurrences")


@dg.asset(group_name=GROUP, code_version=CODE_VERSIONS["figure_candidates"], kinds=NLP_KINDS,
          description="figure_candidates (intermediate, not published): figures with their speakers as mention spans",
          ins={"raw_mentions": dg.AssetIn(metadata={COLUMNS_KEY: SPEAKER_MENTION_COLUMNS})})
def figure_candidates(context: dg.AssetExecutionContext, documents: pd.DataFrame, sentences: pd.DataFrame,
                      raw_mentions: pd.DataFrame, settings: dg.ResourceParam[Settings]) -> dg.Output:
    """Figures of every document, parsed before entity resolution (cached per document)."""
    with _LogProgress(context):
        df = figure_candidates_stage(documents, sentences, raw_mentions, settings.model_name,
                                     settings.cache_path, settings.n_process, settings.batch_size)
    context.log.info(f"found {len(df)} figures in {df['doc_id'].nunique() if len(df) else 0} documents")
    return _output(df, "figure_candidates")


# The figures' offsets index documents.body and their sent_id names sentences: their manifest
# records those versions as upstream, beside the mentions the speakers are joined to.
@dg.asset(name="figures", group_name=GROUP, code_version=CODE_VERSIONS["figures"], description=TABLES["figures"].__doc__,
          deps=["documents", "sentences"], kinds=TABLE_KINDS)
def figures_asset(figure_candidates: pd.DataFrame, mentions: pd.DataFrame) -> dg.Output:
    return _output(attach_speakers(figure_candidates, mentions), "figures")


@dg.asset(group_name=GROUP, code_version=CODE_VERSIONS["claim_groups"], description=TABLES["claim_groups"].__doc__,
          kinds=TABLE_KINDS)
def claim_groups(figures: pd.DataFrame, documents: pd.DataFrame) -> dg.Output:
    return _output(group_claims(figures, documents), "claim_groups")


@dg.asset(group_name=GROUP, deps=[t for t in TABLES if t != "rejected"], code_version=CODE_VERSIONS["release"], kinds={"json"},
          ins={"raw_documents": dg.AssetIn(metadata={COLUMNS_KEY: ["source", "raw_sha256"]}), "rejected": dg.AssetIn()})
def release(context: dg.AssetExecutionContext, raw_documents: pd.DataFrame, rejected: pd.DataFrame,
            settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
    """Move every table's LATEST to the version this run built and pin them together in a release;
    the release id (derived from the versions and the raw corpus hash) is its data version."""
    raw_hash = ingest.ingested_sha256(raw_documents, rejected)
    release_id = store.release_build(settings.datasets_dir, None, raw_hash,
                                     extra=provenance.release_provenance(settings),
                                     runs=run_lineage(context.instance, context.run))
    pinned = store.read_release(settings.datasets_dir, release_id)["versions"]
    versions = {table: pinned[table] for table in TABLES}
    context.log.info(f"release {release_id}: " + ", ".join(f"{t}={v}" for t, v in versions.items()))
    return dg.MaterializeResult(metadata={"release": release_id, "raw_sha256": raw_hash, **versions},
                                data_version=dg.DataVersion(release_id))


@dg.asset(group_name=GROUP, deps=["release"], code_version=CODE_VERSIONS["report"], kinds={"html"})
def report(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
    """One self-contained HTML page of the release: claims across outlets charted, with their
    sentences; the people named most; what the build removed and rejected."""
    release_id = run_release(context.instance, context.run) or store.current_release(settings.datasets_dir)
    if release_id is None:
        raise dg.Failure(f"no release in {settings.datasets_dir} to report on; materialise release first")
    page = build_report(settings.datasets_dir, release_id)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(page.path)), "release": release_id,
                                          "bytes": page.bytes, "summary": dg.MetadataValue.md(page.summary())})
