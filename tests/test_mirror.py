"""Mirroring the datasets to an fsspec URL and reading them back through the loader."""
from __future__ import annotations

import pandas as pd

import pipeline
from pipeline import store
from pipeline.store import mirror
from pipeline.cli import main


def _rejected(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"source": [f"f{i}.txt" for i in range(rows)], "raw_sha256": [None] * rows,
                         "reason": ["empty"] * rows})


def test_push_then_load_from_the_remote(tmp_path, capsys):
    root = tmp_path / "datasets"
    first = store.publish(root, "rejected", _rejected(2))
    remote = f"file://{tmp_path / 'remote'}"
    assert main(["datasets", "push", remote, "--datasets", str(root)]) == 0
    assert "pushed 3 objects" in capsys.readouterr().out
    pd.testing.assert_frame_equal(pipeline.load("rejected", datasets_dir=remote), store.load(root, "rejected"))

    second = store.publish(root, "rejected", _rejected(3))
    rid = store.write_release(root, {"rejected": second.version}, "0" * 64)
    written = mirror.push(root, remote)
    assert not any(first.version in w for w in written)          # immutable versions are not copied again
    assert written[-1].endswith("rejected/LATEST")                 # LATEST moves last
    assert len(pipeline.load("rejected", datasets_dir=remote)) == 3
    assert len(mirror.load(remote, "rejected", version=first.version)) == 2
    assert len(mirror.load(remote, "rejected", release=rid)) == 3
