"""The per-document stages with their cache, and the code version of every stage.

Bump a stage's code version when its output for the same input changes: Dagster shows the asset as
changed, and cached per-document results of that stage (and of the stages after it) are recomputed.
A document's cached results are keyed by its raw SHA-256, these code versions and the spaCy model's
name and version, so adding one article to a built corpus spends NLP time on that article only.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from pipeline.text import lines as line_model
from pipeline import nlp, progress
from pipeline.steps.annotate import annotate
from pipeline.steps.clean import clean_documents, sorted_by_key
from pipeline.incremental.cache import ChunkCache, run_cached, warn
from pipeline.steps.figures import figure_candidates

CODE_VERSIONS: dict[str, str] = {
    "raw_documents": "2",
    "ingest_rejected": "1",
    "rejected": "2",
    "documents": "3",
    "removed": "3",
    "comments": "3",
    "sentences": "2",
    "raw_mentions": "2",
    "mentions": "2",
    "entities": "1",
    "cooccurrences": "2",
    "figure_candidates": "4",
    "figures": "12",
    "claim_groups": "10",
    "release": "1",
    "report": "2",
}

# What each cached stage's results depend on, besides the document itself.
STAGE_INPUTS = {
    "clean": ("documents", "removed", "comments"),
    "annotate": ("documents", "sentences", "raw_mentions"),
    "figure_candidates": ("documents", "sentences", "raw_mentions", "figure_candidates"),
}

CHUNK_DOCS = 500  # documents per chunk: bounds memory on large corpora
# Below this many uncached documents, starting worker processes (each loads spaCy) costs more than
# it saves: the stages run in the build's own process.
WORKERS_MIN_DOCS = 200


def stage_fingerprint(stage: str, model_name: str | None) -> str:
    """Code versions of the stage and the stages before it, the cleaner model and (for the NLP
    stages) the spaCy model's name and version."""
    versions = ";".join(f"{name}={CODE_VERSIONS[name]}" for name in STAGE_INPUTS[stage])
    cleaner = line_model.model_info().get("cleaner_model_sha256") or "none"
    if model_name is None:
        return f"{versions};cleaner={cleaner[:16]}"
    info = nlp.model_info(model_name)
    return f"{versions};model={info['model_name']}@{info['model_version']};cleaner={cleaner[:16]}"


def _cache(cache_dir: Path | None, stage: str, model_name: str | None, outputs: tuple[str, ...],
           key: str = "raw_sha256") -> ChunkCache | None:
    if cache_dir is None:
        return None
    return ChunkCache(cache_dir, stage, stage_fingerprint(stage, model_name), outputs, key)


CLEAN_OUTPUTS = ("documents", "removed", "comments")
CLEAN_KEY = "clean_key"


def _clean_keys(raw_documents: pd.DataFrame) -> list[str]:
    """What the cleaner reads of each raw document: its content hash and every other column (name,
    URL, outlet, date from sources.csv), so that a change to any of them misses the cache."""
    others = [c for c in raw_documents.columns if c != "text"]
    return [hashlib.sha256(json.dumps([str(v) for v in row]).encode()).hexdigest()
            for row in raw_documents[others].itertuples(index=False)]


def clean_stage(raw_documents: pd.DataFrame, cache_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """documents, removed and comments of every raw document, from the cache where possible."""
    keyed = raw_documents.assign(**{CLEAN_KEY: _clean_keys(raw_documents)})
    out = run_cached(keyed, lambda chunk: clean_documents(chunk.drop(columns=CLEAN_KEY)),
                     _cache(cache_dir, "clean", None, CLEAN_OUTPUTS, CLEAN_KEY), CHUNK_DOCS, progress.reporter("clean"))
    return {name: sorted_by_key(name, out[name]) for name in CLEAN_OUTPUTS}


def annotate_stage(documents: pd.DataFrame, model_name: str, cache_dir: Path | None = None,
                   n_process: int = 1, batch_size: int = 64) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences and raw mentions of every document, from the cache where possible."""

    def run(chunk: pd.DataFrame) -> dict[str, pd.DataFrame]:
        sentences, raw_mentions = annotate(chunk, model_name, n_process, batch_size)
        return {"sentences": sentences, "raw_mentions": raw_mentions}

    out = run_cached(documents, run, _cache(cache_dir, "annotate", model_name, ("sentences", "raw_mentions")),
                     CHUNK_DOCS, progress.reporter("annotate"))
    return out["sentences"], out["raw_mentions"]


def figure_candidates_stage(documents: pd.DataFrame, sentences: pd.DataFrame, raw_mentions: pd.DataFrame,
                            model_name: str, cache_dir: Path | None = None, n_process: int = 1,
                            batch_size: int = 64) -> pd.DataFrame:
    """Figure candidates of every document (speakers as mention spans), from the cache where possible."""

    def run(chunk: pd.DataFrame) -> dict[str, pd.DataFrame]:
        ids = set(chunk["doc_id"])
        return {"figure_candidates": figure_candidates(chunk, sentences[sentences["doc_id"].isin(ids)],
                                                       raw_mentions[raw_mentions["doc_id"].isin(ids)],
                                                       model_name, n_process, batch_size)}

    out = run_cached(documents, run, _cache(cache_dir, "figure_candidates", model_name, ("figure_candidates",)),
                     CHUNK_DOCS, progress.reporter("figures"))
    return out["figure_candidates"]


def shard_of(doc_id: str, shards: int) -> int:
    """The shard a document belongs to: stable, from its content-derived id."""
    return int(doc_id[:8], 16) % shards


def prepare_shard(documents: pd.DataFrame, shard: int, shards: int, model_name: str, cache_dir: Path,
                  n_process: int = 1, batch_size: int = 64) -> int:
    """Run the per-document NLP stages for one shard of the corpus, filling the shared cache.

    Workers on several machines each take one shard; the build that follows finds every document
    cached and only runs the corpus-wide steps. Returns the number of documents in the shard.
    """
    if not 0 <= shard < shards:
        raise ValueError(f"shard {shard} is not in 0..{shards - 1}")
    mine = documents[documents["doc_id"].map(lambda d: shard_of(d, shards)) == shard]
    sentences, raw_mentions = annotate_stage(mine, model_name, cache_dir, n_process, batch_size)
    figure_candidates_stage(mine, sentences, raw_mentions, model_name, cache_dir, n_process, batch_size)
    return len(mine)


def prepare_in_workers(documents: pd.DataFrame, workers: int, model_name: str, cache_dir: Path,
                       batch_size: int = 64) -> int:
    """Fill the cache of both NLP stages (annotate, figure candidates) with one process per shard, as
    `prepare --shard` workers would, each with one spaCy process: unlike spaCy's `n_process`, no Doc
    crosses a process boundary, and number finding and parsing run in parallel too. The stages then
    read the cache. A worker that fails costs only time: the build computes what is still missing.
    Returns how many uncached documents the workers were given (0: too few to start them)."""
    missing = _cache(cache_dir, "figure_candidates", model_name, ("figure_candidates",)).missing(documents)
    if missing < WORKERS_MIN_DOCS:
        return 0
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no state of the build is forked
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(prepare_shard, documents, shard, workers, model_name, cache_dir, 1, batch_size)
                   for shard in range(workers)]
        for shard, future in enumerate(futures):
            try:
                future.result()
            except Exception as exc:  # noqa: BLE001 - the build itself computes the shard's documents
                warn(f"worker for shard {shard}/{workers} failed ({exc!r}); its documents are computed in the build")
    return missing
