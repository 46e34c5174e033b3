"""Command line: `python -m pipeline <command> ...`.

Top-level commands live in COMMANDS (name -> function that adds its subparser); each subparser sets
`run`, a function of the parsed arguments returning the exit code. A new command is one more entry.
"""
from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline import schemas, store

DEFAULT_SHOW_ROWS = 5
DEFAULT_DIFF_ROWS = 10
DISPLAY_OPTIONS = ("display.width", 160, "display.max_columns", None, "display.max_colwidth", 48)
EXIT_BROKEN_PIPE = 128 + 13  # as if killed by SIGPIPE, like other tools whose reader went away


def _given_root(args: argparse.Namespace) -> str:
    """--datasets if given, else the settings (PIPELINE_DATASETS_DIR or the repository's datasets/)."""
    if getattr(args, "datasets", None):
        return str(args.datasets)
    from pipeline.settings import load_settings

    return str(load_settings().datasets_dir)


def datasets_root(args: argparse.Namespace) -> Path:
    """The datasets folder the command works on; it must exist (a typo is an error, not an empty store)."""
    from pipeline.store.mirror import is_url

    given = _given_root(args)
    if is_url(given):
        raise store.StoreError(f"{given} is a mirror URL: only `datasets verify` and load() read a mirror")
    root = Path(given)
    if not root.is_dir():
        raise store.DatasetNotFound(f"no datasets folder at {root} (give --datasets DIR or set PIPELINE_DATASETS_DIR)")
    return root


def _print_frame(df: pd.DataFrame, rows: int) -> None:
    if df.empty:
        print("  (no rows)")
        return
    with pd.option_context(*DISPLAY_OPTIONS):
        print(df.head(rows).to_string(index=False))
    if len(df) > rows:
        print(f"  ... {len(df) - rows} more")


def _table(rows: list[tuple], header: tuple) -> str:
    cells = [tuple(str(c) for c in header)] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells)


# ---- datasets ... ----------------------------------------------------------------------------------

def datasets_list(args: argparse.Namespace) -> int:
    root = datasets_root(args)
    names = store.tables(root)
    if not names:
        print(f"no published tables in {root}")
        return 0
    rows = []
    for table in names:
        version = store.latest(root, table)
        count = store.read_manifest(root, table, version)["rows"] if version else "-"
        rows.append((table, version or "(none)", count, len(store.versions(root, table))))
    print(_table(rows, ("table", "latest", "rows", "versions")))
    known = store.releases(root)
    if known:
        print(f"\n{len(known)} release(s); newest: {known[-1]}; current/ shows: {store.current_release(root) or '-'}")
    return 0


def _chosen_version(root: Path, table: str, release: str | None, version: str | None) -> str:
    """The version a release or version prefix names (LATEST when neither is given)."""
    return store.resolve_version(root, table, release=store.match_release(root, release) if release else None,
                                 version=store.match_version(root, table, version) if version else None)


def datasets_show(args: argparse.Namespace) -> int:
    root = datasets_root(args)
    version = _chosen_version(root, args.table, args.release, args.version)
    manifest = store.read_manifest(root, args.table, version)
    marker = " (LATEST)" if store.latest(root, args.table) == version else ""
    print(f"table    {args.table}")
    print(f"version  {version}{marker}")
    print(f"file     {store.parquet_path(root, args.table, version)}")
    print(f"rows     {manifest['rows']}")
    print(f"sha256   {manifest['sha256']}")
    print(f"key      {', '.join(manifest.get('key', []))}")
    if manifest.get("code_version"):
        print(f"code     {manifest['code_version']}")
    for name, value in sorted(manifest.get("upstream", {}).items()):
        print(f"upstream {name}={value}")
    for name, value in sorted(manifest.get("extra", {}).items()):
        print(f"extra    {name}={value}")
    print("columns")
    rows = [(c["name"], c["type"], c.get("description", "")) for c in manifest["columns"]]
    for line in _table(rows, ("name", "type", "description")).splitlines():
        print(f"  {line}")
    print(f"first {min(args.rows, manifest['rows'])} row(s)")
    _print_frame(store.load(root, args.table, version=version), args.rows)
    return 0


def datasets_diff(args: argparse.Namespace) -> int:
    root = datasets_root(args)
    a, b = (store.match_version(root, args.table, given) for given in (args.a, args.b))
    result = store.diff(root, args.table, a, b)
    counts = result["counts"]
    print(f"{args.table} {a} -> {b} (key: {', '.join(result['key'])})")
    print(f"added {counts['added']}, removed {counts['removed']}, changed {counts['changed']}, "
          f"unchanged {counts['unchanged']}")
    for label in ("columns_added", "columns_removed"):
        if result[label]:
            print(f"{label.replace('_', ' ')}: {', '.join(result[label])}")
    for label in ("added", "removed", "changed"):
        if len(result[label]):
            print(f"\n{label}:")
            _print_frame(result[label], args.rows)
    return 0


def _report_problems(where, problems: list[str], checked: str) -> int:
    if problems:
        print(f"{len(problems)} problem(s) in {where}:")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print(f"ok: {checked} in {where}")
    return 0


def datasets_verify(args: argparse.Namespace) -> int:
    from pipeline.store import mirror

    given = _given_root(args)
    if mirror.is_url(given):
        return _report_problems(given, mirror.verify(given), "every version, release and pin of the mirror")
    from pipeline.settings import load_settings

    root = datasets_root(args)
    cache = load_settings().cache_dir or root / ".cache"
    problems = store.verify(root, cache)
    if not problems and not store.tables(root):
        print(f"nothing to verify: no published tables in {root}")
        return 1
    count = sum(len(store.versions(root, t)) for t in store.tables(root))
    return _report_problems(root, problems, f"{count} version(s) of {len(store.tables(root))} table(s) and "
                                            f"{len(store.releases(root))} release(s)")


def datasets_prune(args: argparse.Namespace) -> int:
    root = datasets_root(args)
    removed = store.prune(root, args.keep, dry_run=args.dry_run)
    verb = "would remove" if args.dry_run else "removed"
    if not removed:
        print("nothing to prune")
    for path in removed:
        print(f"{verb} {path}")
    return 0


def datasets_pin(args: argparse.Namespace) -> int:
    root = datasets_root(args)
    release = store.match_release(root, args.release)
    store.pin(root, release, args.name)
    print(f"pinned {release} as {args.name}")
    return 0


def datasets_unpin(args: argparse.Namespace) -> int:
    release = store.unpin(datasets_root(args), args.name)
    print(f"unpinned {args.name} (release {release})")
    return 0


def _release_date(root: Path, rid: str, record: dict) -> str:
    """When the release was first made: its record's created_at, else the record file's time."""
    if record.get("created_at"):
        return record["created_at"].replace("T", " ").rstrip("Z")
    written = (root / store.RELEASES / f"{rid}.json").stat().st_mtime
    return datetime.fromtimestamp(written, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def datasets_releases(args: argparse.Namespace) -> int:
    root = datasets_root(args)
    known = store.releases(root)
    if not known:
        print(f"no releases in {root}")
    pins: dict[str, list[str]] = {}
    for name, rid in store.read_pins(root).items():
        pins.setdefault(rid, []).append(name)
    shown = store.current_release(root)
    for rid in known:
        record = store.read_release(root, rid)
        marks = "".join([" (current)" if rid == shown else ""] + [f" (pinned: {n})" for n in pins.get(rid, [])])
        pins_text = ", ".join(f"{t}={v}" for t, v in sorted(record["versions"].items()))
        print(f"{rid}  {_release_date(root, rid, record)} UTC  raw {record.get('raw_sha256', '')[:16]}{marks}  {pins_text}")
    return 0


def datasets_report(args: argparse.Namespace) -> int:
    """Make (again) the HTML report of a release: the current one unless one is named."""
    from pipeline.report import build_report

    root = datasets_root(args)
    release = store.match_release(root, args.release) if args.release else store.current_release(root)
    if release is None:
        raise store.DatasetNotFound(f"no current release in {root}: build first, or name a release")
    report = build_report(root, release)
    print(f"report of release {release}: {report.path} ({report.bytes:,} bytes, {len(report.data.groups)} charts)")
    return 0


def datasets_push(args: argparse.Namespace) -> int:
    from pipeline.store import mirror

    written = mirror.push(datasets_root(args), args.url)
    print(f"pushed {len(written)} objects to {args.url}")
    return 0


def _root_option(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument("--datasets", default=default, metavar="DIR",
                        help="datasets folder (default: PIPELINE_DATASETS_DIR or ./datasets)")


def add_datasets_command(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("datasets", help="inspect the versioned tables in the datasets folder")
    _root_option(parser, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="datasets_command", metavar="ACTION", required=True)

    def action(name: str, run: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        child = sub.add_parser(name, help=help_text)
        _root_option(child, argparse.SUPPRESS)
        child.set_defaults(run=run)
        return child

    action("list", datasets_list, "tables with their LATEST version, rows and number of versions")
    show = action("show", datasets_show, "a version's manifest and first rows")
    show.add_argument("table")
    show.add_argument("--version", help="version id (default: LATEST)")
    show.add_argument("--release", help="show the version this release pins")
    show.add_argument("--rows", type=int, default=DEFAULT_SHOW_ROWS, help="rows to print")
    compare = action("diff", datasets_diff, "rows added, removed and changed between two versions")
    compare.add_argument("table")
    compare.add_argument("a", help="old version")
    compare.add_argument("b", help="new version")
    compare.add_argument("--rows", type=int, default=DEFAULT_DIFF_ROWS, help="rows to print per kind")
    action("verify", datasets_verify, "check every file against its manifest (--datasets may be a mirror URL); "
                                      "exit 1 on problems")
    trim = action("prune", datasets_prune, "keep the newest releases and the pinned ones; remove the rest and "
                                           "the versions only they needed")
    trim.add_argument("--keep", type=int, required=True, help="newest releases to keep (pinned ones are kept too)")
    trim.add_argument("--dry-run", action="store_true", help="only list what would be removed")
    action("releases", datasets_releases, "releases, oldest first, with their dates, pins and versions")
    pin = action("pin", datasets_pin, "keep a release by name, whatever prune --keep says")
    pin.add_argument("release", help="release id (a unique prefix will do)")
    pin.add_argument("name", help="the pin's name, e.g. paper-2024")
    page = action("report", datasets_report, "write a release's HTML report (reports/<release>.html)")
    page.add_argument("--release", help="release id or unique prefix (default: the current release)")
    unpin = action("unpin", datasets_unpin, "remove a pin (prune may then remove its release)")
    unpin.add_argument("name")
    mirror_to = action("push", datasets_push, "mirror versions, releases and LATEST to an fsspec URL")
    mirror_to.add_argument("url", help="e.g. s3://bucket/news-datasets (needs the fsspec backend, e.g. s3fs)")


def build(args: argparse.Namespace) -> int:
    """Materialise every asset and check through Dagster, in this process (unless nothing changed)."""
    settings = _run_settings(args)
    inputs = _unchanged_inputs(settings, force=args.force)
    if inputs.release is not None:
        print(f"nothing new in {settings.raw_dir}: the current release was built from these inputs "
              "(--force builds anyway)", file=sys.stderr)
        _print_release(settings.datasets_dir, inputs.release)
        return 0
    from pipeline.defs.build import run_build  # Dagster is imported only when a build runs

    print(f"building {settings.raw_dir} -> {settings.datasets_dir}", file=sys.stderr)
    with _progress_bars(enabled=not args.quiet):
        result = run_build(settings, progress=not args.quiet)
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    if not result.success or failed:
        for event in result.all_events:
            if event.is_step_failure:
                error = event.event_specific_data.error
                print(f"error in {event.step_key}:", file=sys.stderr)
                while error is not None:  # Dagster wraps the store's error: print the whole chain
                    print(f"  {error.message.strip()}", file=sys.stderr)
                    error = error.cause
        for evaluation in failed:
            print(f"check failed: {evaluation.check_name}", file=sys.stderr)
        return 1
    release = _built_release(result)
    if release is not None and inputs.sha256 is not None:
        store.record_built(settings.datasets_dir, inputs.sha256, release)
    _print_release(settings.datasets_dir, release)
    return 0


@dataclass(frozen=True)
class BuildInputs:
    sha256: str | None  # None when the inputs could not be hashed (the build then runs in full)
    release: str | None  # the intact current release these inputs made, if any


def _unchanged_inputs(settings, force: bool) -> BuildInputs:
    """The hash of the build's inputs, and the current release when it was built from the same ones
    (and the cache holds no damaged entry, which a build removes)."""
    from pipeline.incremental.cache import entry_problems
    from pipeline.incremental.inputs import build_inputs_sha256

    try:
        sha = build_inputs_sha256(settings)
    except OSError:  # an unreadable raw folder: the build itself reports it
        return BuildInputs(None, None)
    if force or not settings.datasets_dir.is_dir() or entry_problems(settings.cache_path):
        return BuildInputs(sha, None)
    return BuildInputs(sha, store.built_release(settings.datasets_dir, sha))


def _built_release(result) -> str | None:
    """The release this run wrote (from its release step's metadata), not the store's newest, which
    a build running at the same time may have written."""
    for event in result.get_asset_materialization_events():
        if event.asset_key.path[-1] == "release":
            return str(event.materialization.metadata["release"].value)
    return None


def _print_release(root: Path, rid: str | None) -> None:
    print(f"release {rid or '-'}")
    if rid is None:
        return
    pinned = store.read_release(root, rid)["versions"]
    for table in (t for t in schemas.TABLES if t in pinned):
        print(f"  {table:14s} {pinned[table]}  {store.read_manifest(root, table, pinned[table])['rows']} rows")
    if store.report_path(root, rid).is_file():
        print(f"report {store.report_path(root, rid)}")


@contextmanager
def _progress_bars(enabled: bool):
    """One tqdm bar per long stage, fed by pipeline.progress."""
    from tqdm import tqdm

    from pipeline import progress

    bars: dict[str, tqdm] = {}

    def show(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=f"{stage:>9s}", unit="doc", file=sys.stderr)
        bar.update(done - bar.n)

    unsubscribe = progress.subscribe(show) if enabled else (lambda: None)
    try:
        yield
    finally:
        unsubscribe()
        for bar in bars.values():
            bar.close()


def add_build_command(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("build", help="build every table from the raw folder into the datasets folder")
    _run_options(parser)
    parser.add_argument("--force", action="store_true",
                        help="run every step even when the current release was built from the same inputs")
    parser.set_defaults(run=build)


def _run_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the commands that read raw/ and run the NLP stages."""
    _root_option(parser, argparse.SUPPRESS)
    parser.add_argument("--raw", metavar="DIR", help="raw folder (default: PIPELINE_RAW_DIR or ./raw)")
    parser.add_argument("--n-process", type=int, default=None, help="spaCy processes (default: setting)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def _run_settings(args: argparse.Namespace):
    """Settings with the overrides of the shared run options (_run_options)."""
    from pipeline.settings import load_settings

    return load_settings(raw_dir=args.raw, datasets_dir=getattr(args, "datasets", None),
                         n_process=args.n_process)


def prepare(args: argparse.Namespace) -> int:
    """Fill the per-document cache for one shard (a parallel worker's share of the corpus)."""
    from pipeline.steps.ingest import ingest
    from pipeline.incremental.stages import clean_stage, prepare_shard, shard_of

    settings = _run_settings(args)
    shard, shards = (int(x) for x in args.shard.split("/"))
    raw_documents, _ = ingest(settings.raw_dir, settings.max_bytes)
    mine = raw_documents[raw_documents["doc_id"].map(lambda doc_id: shard_of(doc_id, shards)) == shard]
    documents = clean_stage(mine, settings.cache_path)["documents"]  # only this shard's pages are cleaned
    with _progress_bars(enabled=not args.quiet):
        done = prepare_shard(documents, shard, shards, settings.model_name, settings.cache_path,
                             settings.n_process, settings.batch_size)
    print(f"shard {shard}/{shards}: {done} of {len(raw_documents)} documents cached in {settings.cache_path}")
    return 0


def add_prepare_command(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("prepare", help="run the per-document NLP stages for one shard of raw/")
    _run_options(parser)
    parser.add_argument("--shard", required=True, metavar="I/N", help="this worker's shard, e.g. 0/4")
    parser.set_defaults(run=prepare)


# Top-level commands: name -> function adding its subparser.
COMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "build": add_build_command,
    "prepare": add_prepare_command,
    "datasets": add_datasets_command,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline",
                                     description="News text pipeline: build and inspect the datasets.")
    _root_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add_command in COMMANDS.values():
        add_command(commands)
    return parser


def _reader_gone() -> int:
    """The reader of our output closed it (`... | head`): stop quietly, without a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # so that the final flush at exit does not fail again
    return EXIT_BROKEN_PIPE


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return _reader_gone()
    except (store.StoreError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
