"""Each Pandera model as a blocking asset check, made by one factory, plus the cross-table keys.

The store already validates every table before it is written (a blocking check runs after the
output is stored, so it cannot stop a bad write on its own); these checks show the same contract in
the Dagster UI and block the release of a build whose tables disagree with each other.
"""

import dagster as dg
import pandas as pd
import pandera.errors

from pipeline import contracts
from pipeline.schemas import TABLES

FAILURE_ROWS = 10


def _failure_metadata(failures: pd.DataFrame) -> dict:
    head = failures.head(FAILURE_ROWS).astype(str)
    table = "\n".join(["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
                      + ["| " + " | ".join(r) + " |" for r in head.itertuples(index=False)])
    return {"failures": len(failures), "failure_cases": dg.MetadataValue.md(table)}


def contract_check(table: str) -> dg.AssetChecksDefinition:
    """A blocking check that validates the stored table against its Pandera model."""
    model = TABLES[table]

    @dg.asset_check(asset=table, name=f"{table}_contract", blocking=True,
                    description=(model.__doc__ or "").strip())
    def _check(value: pd.DataFrame) -> dg.AssetCheckResult:
        try:
            model.validate(value, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            return dg.AssetCheckResult(passed=False, metadata=_failure_metadata(exc.failure_cases))
        return dg.AssetCheckResult(passed=True, metadata={"rows": len(value)})

    return _check


def _result(problems: pd.DataFrame) -> dg.AssetCheckResult:
    if len(problems):
        return dg.AssetCheckResult(passed=False, metadata=_failure_metadata(problems))
    return dg.AssetCheckResult(passed=True)


@dg.asset_check(asset="mentions", name="mentions_entity_exists", blocking=True,
                additional_ins={"entities": dg.AssetIn("entities")},
                description="Every mentions.entity_id exists in entities.")
def mentions_entity_exists(mentions: pd.DataFrame, entities: pd.DataFrame) -> dg.AssetCheckResult:
    return _result(contracts.missing_keys(mentions, "entity_id", entities, "entity_id"))


@dg.asset_check(asset="sentences", name="sentences_offsets_round_trip", blocking=True,
                additional_ins={"documents": dg.AssetIn("documents")},
                description="body[char_start:char_end] == text for every sentence.")
def sentences_offsets_round_trip(sentences: pd.DataFrame, documents: pd.DataFrame) -> dg.AssetCheckResult:
    return _result(contracts.offset_mismatches(sentences, documents, "body"))


@dg.asset_check(asset="figures", name="figures_documents_exist", blocking=True,
                additional_ins={"documents": dg.AssetIn("documents")},
                description="Every figures.doc_id exists in documents.")
def figures_documents_exist(figures: pd.DataFrame, documents: pd.DataFrame) -> dg.AssetCheckResult:
    return _result(contracts.missing_keys(figures, "doc_id", documents, "doc_id"))


def build_checks() -> list[dg.AssetChecksDefinition]:
    return [*(contract_check(table) for table in TABLES),
            mentions_entity_exists, sentences_offsets_round_trip, figures_documents_exist]
