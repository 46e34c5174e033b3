"""raw/sources.csv, read strictly: what it says about each file (url, outlet, published), and a
record for everything it says that is not used.

The sidecar is one header line and one row per line (no line breaks inside fields), in UTF-8. A row
that does not parse, has another number of fields than the header, names no file or repeats a file
is rejected whole; a field that fails its rule (FIELD_RULES) is dropped. Each rejected row, and each
row with dropped fields, is a record (source "sources.csv:<line>", reason sources_row or
sources_field); a file that cannot be read at all is one record (source "sources.csv", reason
sources_file). The articles are ingested either way.
"""
from __future__ import annotations

import csv
import email.utils
import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "url", "outlet", "published")

# A value a spreadsheet would run as a formula when the table is opened in one (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ISO 8601: a date, optionally a time (seconds, fractions) and an offset or Z.
ISO_8601 = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")

Record = tuple[str, None, str]  # (source, raw_sha256, reason), as a row of `rejected`


def _url(value: str) -> tuple[str | None, str | None]:
    parts = urlsplit(value)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(c.isspace() for c in value):
        return value, None
    return None, f"url {value[:80]!r} is not an http(s) URL"


def _outlet(value: str) -> tuple[str | None, str | None]:
    if value.startswith(FORMULA_START):
        return None, f"outlet {value[:80]!r} starts like a spreadsheet formula"
    return value, None


def parse_published(value: str) -> pd.Timestamp | None:
    """ISO 8601 first, then RFC 2822 (the date of e-mail and RSS); a time with an offset becomes UTC
    wall time. None for anything else, so no day order is ever guessed."""
    stamp = None
    if ISO_8601.fullmatch(value):
        stamp = pd.to_datetime(value, errors="coerce", utc=True)
    else:
        try:
            stamp = pd.Timestamp(email.utils.parsedate_to_datetime(value)).tz_convert("UTC")
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if stamp is None or pd.isna(stamp):
        return None
    return stamp.tz_convert(None)


def _published(value: str) -> tuple[pd.Timestamp | None, str | None]:
    try:
        stamp = parse_published(value)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        stamp = None
    if stamp is None:
        return None, f"published {value[:40]!r} is not an ISO 8601 (YYYY-MM-DD) or RFC 2822 date"
    try:
        return stamp.as_unit("ns"), None
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return None, f"published {value[:40]!r} is outside the years 1678-2261 a timestamp column holds"


FIELD_RULES = (("url", _url), ("outlet", _outlet), ("published", _published))


def _row_problem(fields: list[str], width: int, seen: dict[str, int]) -> str | None:
    if len(fields) != width:
        return f"{len(fields)} fields, the header has {width}"
    if not fields[0].strip():
        return "no file named"
    if fields[0] in seen:
        return f"a second row for {fields[0][:80]!r} (the row on line {seen[fields[0]]} is used)"
    return None


def _split(line: str) -> list[str] | None:
    """The fields of one line, or None when it is not one well-formed CSV record."""
    try:
        rows = list(csv.reader([line], strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def _header(lines: list[str]) -> tuple[list[str] | None, str | None]:
    header = _split(lines[0]) if lines else None
    if not header or header[0].strip() != "file":
        return None, f"sources_file: {SOURCES_FILE} needs a header line starting with a 'file' column"
    names = [h.strip() for h in header]
    unknown = [h for h in names if h not in SOURCES_COLUMNS]
    if unknown or len(set(names)) != len(names):
        return None, f"sources_file: {SOURCES_FILE} header {names!r}: columns must be distinct, of {SOURCES_COLUMNS}"
    return names, None


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=[*SOURCES_COLUMNS, "line"])


def parse_sources(text: str) -> tuple[pd.DataFrame, list[Record]]:
    """The rows of a sidecar's text (columns SOURCES_COLUMNS and its line number, one row per file),
    and the records of what was rejected or dropped."""
    lines = text.splitlines()
    empty = _empty()
    names, problem = _header(lines)
    if names is None:
        return empty, [(SOURCES_FILE, None, problem)]
    rows, records, seen = [], [], {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        where = f"{SOURCES_FILE}:{number}"
        fields = _split(line)
        problem = "not one well-formed CSV row (an unclosed quote?)" if fields is None else _row_problem(fields, len(names), seen)
        if problem:
            records.append((where, None, f"sources_row: {problem}"))
            continue
        seen[fields[0]] = number
        row, dropped = {**dict(zip(names, fields)), "line": number}, []
        for column, rule in FIELD_RULES:
            value = (row.get(column) or "").strip()
            row[column], why = rule(value) if value else (None, None)
            if why:
                dropped.append(why)
        if dropped:
            records.append((where, None, "sources_field: " + "; ".join(dropped) + "; dropped"))
        rows.append(row)
    frame = pd.DataFrame(rows).reindex(columns=[*SOURCES_COLUMNS, "line"]) if rows else empty
    frame["published"] = pd.to_datetime(frame["published"]).astype("datetime64[ns]")
    return frame, records


def read_sources(raw_dir: Path) -> tuple[pd.DataFrame, list[Record]]:
    """raw/sources.csv if there is one (see parse_sources); no file is no rows and no records."""
    path = Path(raw_dir) / SOURCES_FILE
    if not path.is_file():
        return _empty(), []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return _empty(), [(SOURCES_FILE, None, f"sources_file: unreadable ({exc.strerror or exc})")]
    except UnicodeDecodeError as exc:
        return _empty(), [(SOURCES_FILE, None, f"sources_file: not UTF-8 (byte {exc.start})")]
    return parse_sources(text)


def with_unmatched(sources: pd.DataFrame, records: list[Record], known: set[str]) -> list[Record]:
    """The records, and one for each row naming a file that is not under raw/ (added to its line's
    record when that line has one)."""
    by_source = {source: reason for source, _, reason in records}
    for name, line in sources[["file", "line"]].itertuples(index=False):
        if name not in known:
            where, note = f"{SOURCES_FILE}:{line}", f"names {name[:80]!r}, which is not a file under raw/"
            by_source[where] = f"{by_source[where]}; {note}" if where in by_source else f"sources_row: {note}"
    return [(source, None, reason) for source, reason in by_source.items()]
