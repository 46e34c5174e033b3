"""One hash of everything a build's tables depend on, so that a build with nothing new can stop early.

A build's output is a function of the raw folder's content, the settings that shape tables (the
spaCy model and the size limit), the code of this package (rules, models, word lists) and the
installed libraries. If none of these changed since the build that made the current release, that
release is what a new build would write again, byte for byte: the command line reports it instead of
running every step (`build --force` runs them anyway). The parallelism settings are left out: the
tables do not depend on them.
"""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from pipeline.hashing import sha256_file
from pipeline.settings import Settings
from pipeline.steps.ingest import corpus_sha256, fingerprint

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SKIPPED_PARTS = {"__pycache__"}


def package_sha256(package_dir: Path = PACKAGE_DIR) -> str:
    """SHA-256 over the name and content of every file of the package (code, rule tables, models)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in package_dir.rglob("*") if p.is_file() and not SKIPPED_PARTS & set(p.parts)):
        digest.update(f"{path.relative_to(package_dir).as_posix()}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest()


def libraries_sha256() -> str:
    """SHA-256 over the name and version of every installed distribution (spaCy's model included)."""
    names = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]})
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def build_inputs_sha256(settings: Settings) -> str:
    """The hash of everything the tables of a build of `settings.raw_dir` depend on."""
    parts = [
        f"raw={corpus_sha256(fingerprint(settings.raw_dir))}",
        f"model={settings.model_name}",
        f"max_bytes={settings.max_bytes}",
        f"package={package_sha256()}",
        f"libraries={libraries_sha256()}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
