"""What an analyst and a Dagster user see: every table at a stable path that pandas, pyarrow and
DuckDB read without project code, column descriptions in the files, the manifests and Dagster's
metadata, and the loader with columns and filters, which needs no fsspec."""
from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline import schemas, store
from pipeline.schemas import TABLES

from test_build import materialize_all

REPO = Path(__file__).resolve().parents[1]


def plain(value):
    """A cell as plain Python, so that frames read by different engines compare."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "isoformat"):
        return pd.Timestamp(value).isoformat()
    return value.item() if isinstance(value, np.generic) else value


def rows(frame: pd.DataFrame) -> list[list]:
    return [[plain(v) for v in row] for row in frame.astype(object).itertuples(index=False)]


def descriptions(table: str) -> dict[str, str]:
    """What the Pandera model says of each column (read from the model, not the store)."""
    return {name: column.description for name, column in TABLES[table].to_schema().columns.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("readers")
    raw = base / "raw"
    shutil.copytree(REPO / "raw", raw)
    result = materialize_all(raw, base / "datasets")
    assert result.success
    return raw, base / "datasets", result


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_reads_at_its_stable_path_with_pandas_pyarrow_and_duckdb(built, table):
    _, datasets, _ = built
    path = datasets / "current" / f"{table}.parquet"
    expected = pipeline.load(table, datasets_dir=datasets)
    pd.testing.assert_frame_equal(pd.read_parquet(path), expected)
    pd.testing.assert_frame_equal(pq.read_table(path).to_pandas(), expected)
    from_duckdb = duckdb.sql(f"SELECT * FROM '{path}'").df()
    assert list(from_duckdb.columns) == list(expected.columns)
    assert rows(from_duckdb) == rows(expected)


def test_current_is_the_newest_release(built):
    _, datasets, _ = built
    rid = store.releases(datasets)[-1]
    assert store.current_release(datasets) == rid
    assert os.readlink(datasets / "current") == f".current/{rid}"
    pinned = store.read_release(datasets, rid)["versions"]
    for table, version in pinned.items():
        assert os.path.samefile(datasets / "current" / f"{table}.parquet", store.parquet_path(datasets, table, version))
    assert (datasets / "current" / "release.json").read_bytes() == (datasets / "releases" / f"{rid}.json").read_bytes()
    assert store.verify(datasets) == []


# "Which outlets give which figures for X", on claim_groups alone: the group naming most outlets.
FIGURES_PER_OUTLET = """
SELECT outlet, published, doc_id, figure_id, section, text, value, low, high, unit, qualifier, hedged,
       counted, event, label, period
FROM '{path}'
WHERE group_id = (SELECT group_id FROM '{path}' GROUP BY group_id
                  ORDER BY count(DISTINCT outlet) DESC, group_id LIMIT 1)
ORDER BY outlet, doc_id
"""


def test_figures_per_outlet_for_one_claim_group_is_one_query_on_claim_groups(built):
    _, datasets, _ = built
    answer = duckdb.sql(FIGURES_PER_OUTLET.format(path=datasets / "current" / "claim_groups.parquet")).df()
    assert answer["doc_id"].nunique() >= 2 and answer["doc_id"].is_unique  # one figure per document
    figures = pipeline.load("figures", datasets_dir=datasets).set_index("figure_id")
    documents = pipeline.load("documents", datasets_dir=datasets).set_index("doc_id")
    for row in answer.itertuples(index=False):  # what the joins would have given
        figure = figures.loc[row.figure_id]
        assert figure["doc_id"] == row.doc_id
        for column in ("section", "text", "unit", "qualifier", "hedged", "counted", "event", "period"):
            assert plain(figure[column]) == plain(getattr(row, column)), column
        assert plain(documents.loc[row.doc_id, "outlet"]) == plain(row.outlet)
        assert plain(documents.loc[row.doc_id, "published"]) == plain(row.published)


@pytest.mark.parametrize("table", list(TABLES))
def test_every_key_is_one_column_unique_across_its_table(built, table):
    _, datasets, _ = built
    path = datasets / "current" / f"{table}.parquet"
    key = schemas.KEYS[table]
    total, distinct = duckdb.sql(f"SELECT count(*), count(DISTINCT {key}) FROM '{path}'").fetchall()[0]
    assert total == distinct
    frame = pd.read_parquet(path)
    if table in schemas.ROW_LETTERS:  # an id of a row inside a document starts with the document's
        assert (frame[key].str.split(".").str[0] == frame["doc_id"]).all()


def test_foreign_keys_join_on_one_column(built):
    """figures.sent_id and mentions.sent_id join sentences on their own; `section` is selectable."""
    _, datasets, _ = built
    current = datasets / "current"
    for child in ("figures", "mentions"):
        joined, body = duckdb.sql(
            f"SELECT count(s.sent_id), count(*) FROM '{current}/{child}.parquet' c "
            f"LEFT JOIN '{current}/sentences.parquet' s ON c.sent_id = s.sent_id WHERE c.section = 'body'").fetchall()[0]
        assert joined == body > 0
        both = duckdb.sql(f"SELECT count(*) FROM '{current}/{child}.parquet' c JOIN '{current}/sentences.parquet' s "
                          "ON c.sent_id = s.sent_id AND c.doc_id = s.doc_id").fetchall()[0][0]
        assert both == joined


@pytest.mark.parametrize("table", list(TABLES))
def test_column_descriptions_in_the_parquet_schema_and_the_manifest(built, table):
    _, datasets, _ = built
    wanted = descriptions(table)
    assert all(wanted.values()), f"the model leaves a column of {table} undescribed"
    schema = pq.read_schema(datasets / "current" / f"{table}.parquet")
    assert {f.name: f.metadata[b"description"].decode() for f in schema} == wanted
    manifest = store.read_manifest(datasets, table, store.latest(datasets, table))
    assert {c["name"]: c["description"] for c in manifest["columns"]} == wanted
    assert [c["type"] for c in manifest["columns"]] == [str(f.type) for f in schema]
    model = TABLES[table].to_schema()
    assert {c["name"]: c["nullable"] for c in manifest["columns"]} == {n: c.nullable for n, c in model.columns.items()}


def test_column_descriptions_in_the_dagster_metadata(built):
    _, datasets, result = built
    seen = set()
    for event in result.get_asset_materialization_events():
        table = event.asset_key.path[-1]
        if table not in TABLES:
            continue
        schema = event.materialization.metadata["dagster/column_schema"].value
        assert {c.name: c.description for c in schema.columns} == descriptions(table)
        manifest = store.read_manifest(datasets, table, store.latest(datasets, table))
        assert [c.type for c in schema.columns] == [c["type"] for c in manifest["columns"]]  # Arrow's, not object
        key, model = schemas.KEYS[table], TABLES[table].to_schema()
        for column in schema.columns:
            assert column.constraints.nullable == model.columns[column.name].nullable
            assert column.constraints.unique == (key == column.name or bool(model.columns[column.name].unique))
        seen.add(table)
    assert seen == set(TABLES)


def test_same_input_gives_the_same_bytes_twice(built, tmp_path):
    raw, datasets, _ = built
    assert materialize_all(raw, tmp_path / "again").success
    for table in TABLES:
        assert (tmp_path / "again" / "current" / f"{table}.parquet").read_bytes() == \
            (datasets / "current" / f"{table}.parquet").read_bytes()


def test_a_rebuild_after_a_changed_raw_file_switches_the_stable_path(built, tmp_path):
    raw_before, datasets_before, _ = built
    raw, datasets = tmp_path / "raw", tmp_path / "datasets"
    shutil.copytree(raw_before, raw)
    shutil.copytree(datasets_before, datasets, symlinks=True)
    before = store.current_release(datasets)
    path = datasets / "current" / "documents.parquet"
    old_sources = set(pd.read_parquet(path)["source"])
    changed = sorted(raw.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA closing paragraph added by the editors.\n",
                       encoding="utf-8")
    assert materialize_all(raw, datasets).success
    after = store.releases(datasets)[-1]
    assert after != before and store.current_release(datasets) == after
    for table in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(datasets / "current" / f"{table}.parquet"),
                                      store.load(datasets, table, release=after))
    new_documents = pd.read_parquet(path)
    assert set(new_documents["source"]) == old_sources
    assert new_documents.loc[new_documents["source"].str.endswith(changed.name), "body"].iloc[0].endswith(
        "A closing paragraph added by the editors.")
    assert store.verify(datasets) == []


def test_load_reads_only_the_columns_and_rows_asked_for(built):
    _, datasets, _ = built
    money = pipeline.load("figures", datasets_dir=datasets, columns=["doc_id", "value", "kind"],
                          filters=[("kind", "==", "money")])
    everything = pipeline.load("figures", datasets_dir=datasets)
    assert list(money.columns) == ["doc_id", "value", "kind"]
    assert len(money) == (everything["kind"] == "money").sum() > 0
    assert set(money["kind"]) == {"money"}


def test_load_needs_neither_fsspec_nor_dagster(built):
    _, datasets, _ = built
    code = (
        "import sys\n"
        "class Refuse:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('fsspec', 'dagster'):\n"
        "            raise ImportError(f'{name} is not installed')\n"
        "sys.meta_path.insert(0, Refuse())\n"
        "from pipeline import load\n"
        "frame = load('documents', datasets_dir=sys.argv[1], columns=['doc_id'])\n"
        "print(len(frame), 'fsspec' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(datasets)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(store.load(datasets, "documents"))), "False"]


def two_releases(root) -> dict[str, str]:
    """Two releases of two tables whose rows carry the release's tag; tag -> release id."""
    made = {}
    for tag in ("a", "b"):
        frames = {"rejected": pd.DataFrame({"source": [f"{tag}.txt"], "raw_sha256": [None], "reason": ["empty"]}),
                  "comments": pd.DataFrame({"doc_id": [tag], "comment_id": [f"{tag}.c1"], "parent_id": [None], "depth": [0],
                                            "author": [None], "text": [tag], "line_start": [1], "line_end": [1]})}
        versions = {t: store.publish(root, t, f, move_latest=False).version for t, f in frames.items()}
        made[tag] = store.release_build(root, versions, ("0" if tag == "a" else "1") * 64)
    return made


def test_a_reader_of_current_never_sees_two_releases_mixed(tmp_path):
    made = two_releases(tmp_path)
    stop = threading.Event()
    seen, errors = [], []

    def read_loop():
        while not stop.is_set():
            folder = Path(os.path.realpath(tmp_path / "current"))
            try:
                tags = {pd.read_parquet(folder / "rejected.parquet")["source"][0][0],
                        pd.read_parquet(folder / "comments.parquet")["text"][0]}
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            seen.append(tags)

    reader = threading.Thread(target=read_loop)
    reader.start()
    try:
        for i in range(30):
            versions = store.read_release(tmp_path, made["ab"[i % 2]])["versions"]
            store.release_build(tmp_path, versions, store.read_release(tmp_path, made["ab"[i % 2]])["raw_sha256"])
    finally:
        stop.set()
        reader.join()
    assert errors == [] and seen
    assert all(len(tags) == 1 for tags in seen)
    assert store.verify(tmp_path) == []


def test_a_store_copied_without_its_links_gets_its_link_back_at_the_next_release(tmp_path):
    made = two_releases(tmp_path / "store")
    copy = tmp_path / "copy"
    shutil.copytree(tmp_path / "store", copy)          # follows links: current becomes a plain folder
    assert not (copy / "current").is_symlink()
    assert any("current: not the link" in p for p in store.verify(copy))
    record = store.read_release(copy, made["a"])
    store.release_build(copy, record["versions"], record["raw_sha256"])
    assert (copy / "current").is_symlink() and store.current_release(copy) == made["a"]
    assert store.verify(copy) == []
    (copy / "current").unlink()
    (copy / "current").mkdir()
    (copy / "current" / "notes.txt").write_text("someone's own file")
    with pytest.raises(store.StoreError, match="not the link the store keeps"):
        store.release_build(copy, record["versions"], record["raw_sha256"])
    assert (copy / "current" / "notes.txt").is_file()
