"""Code version of each stage. Bump a stage's version when its output for the same input changes:
Dagster shows the asset as changed, and cached per-document results of that stage are recomputed."""
from __future__ import annotations

CODE_VERSIONS: dict[str, str] = {
    "raw_documents": "1",
    "rejected": "1",
    "documents": "1",
    "removed": "1",
    "comments": "1",
    "sentences": "1",
    "raw_mentions": "1",
    "mentions": "1",
    "entities": "1",
    "cooccurrences": "1",
    "figures": "1",
    "claim_groups": "1",
    "release": "1",
}
