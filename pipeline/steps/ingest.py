"""Read raw article files: decode them, attach the optional sources.csv, and reject bad input.

One bad file never stops the batch: each becomes a row of `rejected` with a reason from
schemas.REJECT_REASONS, and everything else is processed. Byte-identical files are ingested once
(the first by path) and the others are rejected as duplicate_of:<doc_id>.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.hashing import sha256_bytes, sha256_file
from pipeline.schemas import columns, rows_of
from pipeline.text import htmlpage
from pipeline.steps.sources import SOURCES_COLUMNS, SOURCES_FILE, read_sources, with_unmatched  # noqa: F401

RAW_SUFFIXES = (".txt", ".html", ".htm")  # plain text, or a page saved as HTML, in any case
# A folder's own documentation, by the names it conventionally has (README.TXT beside a corpus):
# listed in `rejected` as not_an_article rather than read as a news article.
FOLDER_DOC_STEMS = ("readme", "licence", "license", "changelog", "copying")
RAW_DOCUMENT_COLUMNS = ["doc_id", "source", "raw_sha256", "encoding", "text", "outlet", "url", "published"]

# The longest line a text page (not HTML) may hold. A news article's longest paragraph is a few
# thousand characters (the BBC corpus and the sample pages: under 20,000); a longer line is a dump,
# not an article, and would cost the cleaner and spaCy minutes and gigabytes.
MAX_LINE_CHARS = 200_000

# Share of control characters (other than tab and newlines) above which decoded text is not prose.
MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class RawFile:
    """A raw file that decoded to text."""

    source: str
    raw_sha256: str
    encoding: str
    text: str

    @property
    def doc_id(self) -> str:
        return doc_id_of(self.raw_sha256)


class Rejection(Exception):
    """A raw file that cannot be ingested, with the reason recorded in `rejected`."""

    def __init__(self, reason: str, raw_sha256: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.raw_sha256 = raw_sha256


def doc_id_of(raw_sha256: str) -> str:
    """The contract's document id: the first 16 hex digits of the raw bytes' SHA-256."""
    return raw_sha256[:16]


def is_article_name(name: str) -> bool:
    """Whether raw/ reads a file of this name: its extension, in any case and with trailing blanks."""
    return name.rstrip().lower().endswith(RAW_SUFFIXES)


def _skip_reason(rel: str, entry: os.DirEntry) -> str | None:
    """Why a folder entry is not read (None when it is an article to read or a folder to walk)."""
    if entry.name.startswith("."):
        return "hidden: a hidden folder, not read" if entry.is_dir(follow_symlinks=False) else "hidden: a hidden file, not read"
    if entry.is_dir(follow_symlinks=False):  # walked; one named like an article is also listed
        return "not_a_file: a directory or special file named like an article" if is_article_name(entry.name) else None
    if rel == SOURCES_FILE:
        return None
    if entry.is_symlink() and entry.is_dir():
        return "not_a_file: a link to a folder, not followed"
    if not is_article_name(entry.name):
        return f"not_an_article: only {', '.join(RAW_SUFFIXES)} files are read (any case)"
    if entry.name.split(".")[0].strip().lower() in FOLDER_DOC_STEMS:
        return "not_an_article: the folder's own documentation (README, LICENSE, ...)"
    return None


def walk_raw(raw_dir: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """(article files, [(relative path, reason)] of every other entry) under raw_dir, both sorted.

    An explicit stack, not recursion, so no depth of folders stops the walk; a folder that cannot be
    listed (no permission, a path over the system's limit) is one entry of the second list.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist")
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    stack = [raw_dir]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            skipped.append((folder.relative_to(raw_dir).as_posix(), f"unreadable: folder not listed ({exc.strerror or exc})"))
            continue
        for entry in entries:
            path = folder / entry.name
            rel = path.relative_to(raw_dir).as_posix()
            try:
                reason = _skip_reason(rel, entry)
                walk = entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".")
            except OSError as exc:
                reason, walk = f"unreadable: {exc.strerror or exc}", False
            if reason is not None:
                skipped.append((rel, reason))
            if walk:
                stack.append(path)
            elif reason is None and rel != SOURCES_FILE:
                found.append(path)
    by_rel = lambda p: p.relative_to(raw_dir).as_posix()  # noqa: E731
    return sorted(found, key=by_rel), sorted(skipped)


def list_raw_files(raw_dir: Path) -> list[Path]:
    """Article files under raw_dir (see walk_raw), sorted by relative path."""
    return walk_raw(raw_dir)[0]


# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when the bytes start with a byte-order mark."""
    for mark, encoding in BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode by the byte-order mark when there is one (UTF-8, UTF-16, UTF-32), else UTF-8, falling
    back to cp1252; returns (text, encoding).

    Raises Rejection("undecodable") when nothing explains the bytes as text.
    """
    marked = bom_encoding(data)
    if marked is not None:
        encoding, skip = marked
        try:
            return data[skip:].decode(encoding.removesuffix("-sig")), encoding
        except UnicodeDecodeError as exc:
            if encoding != "utf-8-sig":
                raise Rejection(f"undecodable: a {encoding} byte-order mark, but byte {exc.start + skip} "
                                f"is not {encoding}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise Rejection(f"undecodable: not UTF-8, and byte 0x{data[exc.start]:02x} at {exc.start} is not cp1252") from exc
    return text, "cp1252"


# Control characters (Unicode category Cc) other than the five whitespace ones, deleted by translate.
_NOT_WHITESPACE_CONTROLS = dict.fromkeys(c for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r\f\v")


def _control_share(text: str) -> float:
    controls = len(text) - len(text.translate(_NOT_WHITESPACE_CONTROLS))
    return controls / max(1, len(text))


def _longest_text_line(text: str, source: str) -> int:
    """The longest line of a text page (0 for HTML, whose markup may sit on one line)."""
    if source.casefold().endswith(htmlpage.HTML_SUFFIXES) or htmlpage.looks_like_html(text):
        return 0
    return max(map(len, text.splitlines()), default=0)


def read_raw_file(path: Path, raw_dir: Path, max_bytes: int) -> RawFile:
    """Read and decode one file, or raise Rejection with the reason."""
    raw_dir = Path(raw_dir)
    source = path.relative_to(raw_dir).as_posix()
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise Rejection(f"unreadable: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise Rejection(f"unreadable: broken link ({exc})") from exc
        if not target.is_relative_to(raw_dir.resolve()):
            raise Rejection("outside_raw_dir: a link to a file outside the raw folder")
        info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise Rejection("not_a_file: a directory or special file named like an article")
    if info.st_size > max_bytes:
        try:
            digest = sha256_file(path)
        except OSError:
            digest = None
        raise Rejection(f"too_large: {info.st_size} bytes, over the limit of {max_bytes}", digest)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise Rejection(f"unreadable: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise Rejection(f"too_large: over the limit of {max_bytes} bytes", sha256_bytes(data))
    digest = sha256_bytes(data)
    if not data.strip():
        raise Rejection("empty", digest)
    if b"\x00" in data and bom_encoding(data) is None:  # UTF-16 and UTF-32 text holds NUL bytes
        raise Rejection("binary: holds NUL bytes", digest)
    try:
        text, encoding = decode(data)
    except Rejection as rej:
        raise Rejection(rej.reason, digest) from None
    if not text.strip():
        raise Rejection("empty", digest)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise Rejection("binary: control characters, not text", digest)
    longest = _longest_text_line(text, source)
    if longest > MAX_LINE_CHARS:
        raise Rejection(f"too_long_line: a line of {longest:,} characters, over the limit of "
                        f"{MAX_LINE_CHARS:,} for a text page", digest)
    return RawFile(source=source, raw_sha256=digest, encoding=encoding, text=text)


def _is_utf8_name(source: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python holds them as lone surrogates, which no
    Parquet string can store)."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown_name(source: str) -> str:
    """A name with undecodable bytes written as \\xNN escapes."""
    return source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def ingest(raw_dir: Path, max_bytes: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read every raw file; returns (raw_documents, rejected), both sorted by source path."""
    raw_dir = Path(raw_dir)
    docs: list[RawFile] = []
    rejected: list[tuple[str, str | None, str]] = []
    first_by_sha: dict[str, RawFile] = {}
    paths, skipped = walk_raw(raw_dir)
    for source, reason in skipped:
        rejected.append((source, None, reason) if _is_utf8_name(source) else (_shown_name(source), None, reason))
    for path in paths:
        source = path.relative_to(raw_dir).as_posix()
        if not _is_utf8_name(source):
            rejected.append((_shown_name(source), None, "unreadable: the file name is not valid UTF-8"))
            continue
        try:
            raw = read_raw_file(path, raw_dir, max_bytes)
        except Rejection as rej:
            rejected.append((source, rej.raw_sha256, rej.reason))
            continue
        except OSError as exc:  # vanished or changed mid-run
            rejected.append((source, None, f"unreadable: {exc.strerror or exc}"))
            continue
        first = first_by_sha.get(raw.raw_sha256)
        if first is not None:
            rejected.append((source, raw.raw_sha256, f"duplicate_of:{first.doc_id}"))
            continue
        first_by_sha[raw.raw_sha256] = raw
        docs.append(raw)
    sources, records = read_sources(raw_dir)
    rejected += with_unmatched(sources, records, {d.source for d in docs} | {r[0] for r in rejected})
    frame = pd.DataFrame(
        [(d.doc_id, d.source, d.raw_sha256, d.encoding, d.text) for d in docs],
        columns=RAW_DOCUMENT_COLUMNS[:5],
    )
    meta = sources.drop(columns="line").rename(columns={"file": "source"})
    frame = frame.merge(meta, on="source", how="left") if len(frame) else frame.reindex(columns=RAW_DOCUMENT_COLUMNS)
    frame = frame.reindex(columns=RAW_DOCUMENT_COLUMNS)
    frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
    rejected_frame = pd.DataFrame(rejected, columns=columns("rejected")).sort_values("source", kind="stable")
    return frame.sort_values("doc_id", kind="stable").reset_index(drop=True), rejected_frame.reset_index(drop=True)


def fingerprint(raw_dir: Path) -> dict[str, list]:
    """{relative path: [size, sha256]} of the raw folder (sources.csv included), for change detection;
    a file that is not read counts by its name only ([None, None]).

    Content hashes, not modification times, so a touched but unchanged file changes nothing.
    """
    raw_dir = Path(raw_dir)
    paths, skipped = walk_raw(raw_dir)
    result: dict[str, list] = {rel: [None, None] for rel, _ in skipped}
    sidecar = raw_dir / SOURCES_FILE
    if sidecar.is_file():
        paths.append(sidecar)
    for path in paths:
        rel = path.relative_to(raw_dir).as_posix()
        try:
            info = path.stat()
            # A fifo or device never ends (or blocks); only regular files are hashed.
            result[rel] = [info.st_size, sha256_file(path)] if stat.S_ISREG(info.st_mode) else [None, None]
        except OSError:
            result[rel] = [None, None]
    return result


def _digest_rows(rows: list[tuple]) -> str:
    """SHA-256 of rows of (name, values...), in sorted order, one NUL-separated line each."""
    digest = hashlib.sha256()
    for row in sorted(rows):
        digest.update(("\0".join(map(str, row)) + "\n").encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def corpus_sha256(fp: dict[str, list]) -> str:
    """One hash of the raw folder (names, sizes and content), for the sensor's run key."""
    return _digest_rows([(rel, size, sha) for rel, (size, sha) in fp.items()])


def ingested_sha256(raw_documents: pd.DataFrame, rejected: pd.DataFrame) -> str:
    """One hash of what a build read: every ingested file's path and content hash, and every
    rejected file's path with its hash or reason. Recorded in each release."""
    rows = list(rows_of(raw_documents, ["source", "raw_sha256"]))
    rows += [(s, h if isinstance(h, str) else f"rejected:{r}")
             for s, h, r in rows_of(rejected, ["source", "raw_sha256", "reason"])]
    return _digest_rows(rows)
