"""The data contract as asset checks: each Pandera model (one factory), each foreign key of
schemas.FOREIGN_KEYS (one factory), and the sentences' offsets into the bodies.

The store already validates every table before it is written (a blocking check runs after the
output is stored, so it cannot stop a bad write on its own); these checks show the same contract in
the Dagster UI and hold back the release of a build whose tables disagree with each other. Which
checks block and why:

- `contract` (every table) blocks: a table its model rejects is never published at all.
- a foreign key blocks when a dangling value would make a join drop or misplace rows (a figure of a
  document that does not exist, a claim naming a figure that is not in figures, a mention of a
  sentence or an entity that is not there).
- a foreign key warns (blocking=False, severity WARN) when its column is an optional annotation
  (ForeignKey.blocks_release is False): figures.attributed_to (who said it) and comments.parent_id
  (the comment replied to). A dangling one loses the annotation, not the row; the release goes
  ahead and the warning names the rows.
- `offsets_match_body` blocks: every offset into a body would point at the wrong text.
"""

import dagster as dg
import pandas as pd
import pandera.errors

from pipeline import contracts
from pipeline.schemas import FOREIGN_KEYS, KEYS, TABLES, ForeignKey

from .resources import COLUMNS_KEY

FAILURE_ROWS = 10

# How a description reads each kind of Pandera column check.
CHECK_PHRASES = {
    "isin": "in their closed vocabularies",
    "str_matches": "matching their patterns",
    "greater_than_or_equal_to": "within their bounds",
    "less_than_or_equal_to": "within their bounds",
    "str_length": "not empty",
}


def _failure_metadata(failures: pd.DataFrame) -> dict:
    head = failures.head(FAILURE_ROWS).astype(str)
    table = "\n".join(["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
                      + ["| " + " | ".join(r) + " |" for r in head.itertuples(index=False)])
    return {"failures": len(failures), "failure_cases": dg.MetadataValue.md(table)}


def _result(problems: pd.DataFrame, severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
            rows: int | None = None) -> dg.AssetCheckResult:
    if len(problems):
        return dg.AssetCheckResult(passed=False, severity=severity, metadata=_failure_metadata(problems))
    return dg.AssetCheckResult(passed=True, metadata={} if rows is None else {"rows": rows})


def contract_description(table: str) -> str:
    """What the contract check of a table checks, read from its Pandera model."""
    model = TABLES[table]
    schema = model.to_schema()
    by_phrase: dict[str, list[str]] = {}
    for name, column in schema.columns.items():
        for check in column.checks:
            by_phrase.setdefault(CHECK_PHRASES.get(check.name, f"passing {check.name}"), []).append(name)
    required = [name for name, column in schema.columns.items() if not column.nullable]
    parts = [f"exactly the {len(schema.columns)} columns of schemas.{model.__name__} with their types",
             f"{KEYS[table]} unique", f"no nulls in {', '.join(required)}"]
    parts += [f"{', '.join(dict.fromkeys(names))} {phrase}" for phrase, names in by_phrase.items()]
    parts += [f"rows passing {check.name}" for check in schema.checks]
    return f"Validates the stored {table} table against its Pandera model: " + "; ".join(parts) + "."


def contract_check(table: str) -> dg.AssetChecksDefinition:
    """A blocking check that validates the stored table against its Pandera model."""
    model = TABLES[table]

    @dg.asset_check(asset=table, name="contract", blocking=True, description=contract_description(table))
    def _check(value: pd.DataFrame) -> dg.AssetCheckResult:
        try:
            model.validate(value, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            return _result(exc.failure_cases)
        return _result(value.iloc[:0], rows=len(value))

    return _check


def foreign_key_description(key: ForeignKey) -> str:
    says = f"Every non-null {key.table}.{key.column} is a {key.parent_column} of {key.parent}."
    if key.blocks_release:
        return says + " Blocks the release: a dangling value would make joins drop or misplace rows."
    return says + (f" Warns without blocking: {key.column} is an optional annotation, so a dangling value "
                   "loses the annotation, not the row.")


def foreign_key_check(key: ForeignKey) -> dg.AssetChecksDefinition:
    """The check of one foreign key; it reads only the key column of the parent table."""
    severity = dg.AssetCheckSeverity.ERROR if key.blocks_release else dg.AssetCheckSeverity.WARN
    spec = {"asset": key.table, "name": f"{key.column}_in_{key.parent}", "blocking": key.blocks_release,
            "description": foreign_key_description(key)}

    def missing(child: pd.DataFrame, parent: pd.DataFrame) -> dg.AssetCheckResult:
        return _result(contracts.missing_keys(child, key.column, parent, key.parent_column), severity)

    if key.parent == key.table:
        @dg.asset_check(**spec)
        def _within(value: pd.DataFrame) -> dg.AssetCheckResult:
            return missing(value, value)
        return _within

    @dg.asset_check(**spec, additional_ins={"parent": dg.AssetIn(key.parent, metadata={COLUMNS_KEY: [key.parent_column]})})
    def _across(value: pd.DataFrame, parent: pd.DataFrame) -> dg.AssetCheckResult:
        return missing(value, parent)
    return _across


@dg.asset_check(asset="sentences", name="offsets_match_body", blocking=True,
                additional_ins={"documents": dg.AssetIn("documents", metadata={COLUMNS_KEY: ["doc_id", "body"]})},
                description="documents.body[char_start:char_end] is the sentence's text, for every sentence. "
                            "Blocks the release: every offset into a body would point at the wrong text.")
def offsets_match_body(sentences: pd.DataFrame, documents: pd.DataFrame) -> dg.AssetCheckResult:
    return _result(contracts.offset_mismatches(sentences, documents, "body"))


def build_checks() -> list[dg.AssetChecksDefinition]:
    return [*(contract_check(table) for table in TABLES), *(foreign_key_check(key) for key in FOREIGN_KEYS),
            offsets_match_body]
