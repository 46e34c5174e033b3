"""The data contract: one Pandera model per published table, and the closed vocabularies.

The vocabularies are module-level tuples that the rules of text/ and steps/ import too, so the
rules that produce a value and the model that checks it can never disagree. `TABLES` (name to model)
is the one list that the store, the asset checks, the CLI and the tests iterate.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

# ---- closed vocabularies -------------------------------------------------------------------------

REMOVED_KINDS = (
    "site_chrome", "navigation", "byline", "duplicate_title", "share_prompt", "comment_section",
    "comment_form", "photo_credit", "caption", "source_footer", "related_links", "advert", "artifact",
    "other_language", "duplicate_text",
)

# Why a file under raw/ (or a line of raw/sources.csv, source "sources.csv:<line>") was not used.
# not_an_article: a file whose extension is not one raw/ is read for; hidden: a hidden file or folder;
# no_body: a page of which the cleaner kept no paragraph; too_long_line: a text page with a line past ingest's
# MAX_LINE_CHARS; sources_file / sources_row / sources_field: raw/sources.csv
# as a whole, one of its rows, or fields of a row that were dropped or neutralised.
REJECT_REASONS = ("empty", "binary", "too_large", "unreadable", "not_a_file", "outside_raw_dir",
                  "undecodable", "duplicate_of", "not_an_article", "hidden", "no_body", "too_long_line",
                  "sources_file", "sources_row", "sources_field")  # duplicate_of carries ":<doc_id>"

# How raw bytes were decoded: UTF-8 (a BOM marks utf-8-sig), UTF-16 or UTF-32 behind their BOM, cp1252.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp1252")

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART",
                 "PRODUCT", "LANGUAGE")

# The text a figure's offsets index; a mention is in a title or a body.
SECTIONS = ("title", "standfirst", "body")
MENTION_SECTIONS = ("title", "body")

# "age": how old a person or thing is ("a 34-year-old", "aged 34", "Senard, 65,"), in a duration unit.
FIGURE_KINDS = ("count", "money", "percent", "ratio", "duration", "quantity", "age")

# ISO 4217 codes of the currencies the number parser reads (signs, prefixes and words in units.py).
CURRENCY_UNITS = (
    "GBP", "USD", "EUR", "JPY", "CNY", "HKD", "TWD", "KRW", "INR", "PKR", "LKR", "BDT", "IDR", "MYR",
    "SGD", "THB", "PHP", "VND", "AUD", "NZD", "CAD", "MXN", "BRL", "ARS", "CLP", "COP", "CHF", "DKK",
    "NOK", "SEK", "ISK", "PLN", "CZK", "HUF", "RON", "RUB", "UAH", "TRY", "ILS", "AED", "SAR", "QAR",
    "EGP", "NGN", "KES", "ZAR", "XOF", "IRR",
)
# Durations and ages, named as pint names them.
DURATION_UNITS = ("millisecond", "second", "minute", "hour", "day", "week", "month", "year")
# percent: as written ("24%"); point: percentage points; basis_point: hundredths of a point.
PERCENT_UNITS = ("percent", "point", "basis_point")
# Points of a share or market index ("closed 58.06 points lower"): not a physical unit.
INDEX_UNITS = ("index_point",)
# Physical units of kind quantity: each is the name pint prints for it (str(ureg.parse_units(u)) == u),
# so "mph", "miles per hour" and "mile/h" all become "mile / hour". pint parses; this list is what
# the product accepts, and a unit pint knows that is not listed here is not read as a unit.
MEASURE_UNITS = (
    # length
    "nanometer", "micrometer", "millimeter", "centimeter", "meter", "kilometer", "inch", "foot", "yard",
    "mile", "nautical_mile", "light_year",
    # area and volume
    "meter ** 2", "kilometer ** 2", "foot ** 2", "yard ** 2", "mile ** 2", "hectare", "acre",
    "milliliter", "centiliter", "liter", "cubic_centimeter", "meter ** 3", "foot ** 3", "pint", "gallon",
    "barrel", "cup", "tablespoon", "teaspoon",
    # mass
    "microgram", "milligram", "gram", "kilogram", "metric_ton", "ton", "ounce", "pound", "stone", "carat",
    # speed and other rates
    "mile / hour", "kilometer / hour", "meter / second", "knot", "barrel / day", "mile / gallon",
    "gram / kilometer",
    # temperature
    "degree_Celsius", "degree_Fahrenheit", "kelvin",
    # energy, power, torque
    "joule", "kilojoule", "calorie", "kilocalorie", "watt_hour", "kilowatt_hour", "megawatt_hour",
    "gigawatt_hour", "terawatt_hour", "watt", "kilowatt", "megawatt", "gigawatt", "horsepower",
    "foot * force_pound", "meter * newton",
    # electricity, frequency, rotation
    "volt", "kilovolt", "ampere", "milliampere_hour", "hertz", "kilohertz", "megahertz", "gigahertz",
    "revolutions_per_minute",
    # pressure
    "pascal", "kilopascal", "megapascal", "hectopascal", "millibar", "pound_force_per_square_inch",
    "kip_per_square_inch",
    # data
    "kilobit", "megabit", "gigabit", "byte", "kilobyte", "megabyte", "gigabyte", "terabyte",
    "petabyte", "kilobit / second", "megabit / second", "gigabit / second", "megapixel",
    # concentration, angle, sound
    "ppm", "ppb", "degree", "decibel",
)
# Counts per period or per game ("7.4 rebounds per game", "40 times per minute", "200 a week"): the
# counted thing stays in `counted`.
RATE_UNITS = ("count / second", "count / minute", "count / hour", "count / day", "count / week",
              "count / month", "count / year", "count / game")
FIGURE_UNITS = ("count", *CURRENCY_UNITS, *PERCENT_UNITS, *INDEX_UNITS, "ratio", "times", *DURATION_UNITS,
                *MEASURE_UNITS, *RATE_UNITS)

# The direction of a change a figure states ("fell 3.4%", "a 25% rise"); null when it states none.
DIRECTIONS = ("up", "down")
# A figure's period: the year it refers to, "2015", or a span of years, "2014/2015".
PERIOD_PATTERN = r"^\d{4}(/\d{4})?$"

QUALIFIERS = ("exact", "approx", "more_than", "fewer_than", "at_least", "at_most", "range", "vague")

# Every table's key is one column, unique across the table. A row that belongs to a document has
# an id that starts with the document's id and a dot ("<doc_id>.s00012"), so ids join on their
# own and sort in reading order.
KEYS: dict[str, str] = {
    "documents": "doc_id",
    "rejected": "source",
    "removed": "removed_id",
    "comments": "comment_id",
    "sentences": "sent_id",
    "mentions": "mention_id",
    "entities": "entity_id",
    "cooccurrences": "pair_id",
    "figures": "figure_id",
    "claim_groups": "claim_id",
}
# The letter of each doc-local id ("s" for "<doc_id>.s00012"); comments keep the number as shown.
ROW_LETTERS = {"removed": "r", "comments": "c", "sentences": "s", "mentions": "m", "figures": "f"}
PAIR_SEPARATOR = "+"  # sorts before every character of an entity id, so pair ids sort as the pairs


def row_id(table: str, doc_id: str, local: int | str) -> str:
    """The key of a row inside a document: "<doc_id>.s00012" for the 13th sentence, "<doc_id>.c4.1"
    for comment 4.1; numbers are zero-padded so that ids sort in reading order."""
    local = f"{local:05d}" if isinstance(local, int) else local
    return f"{doc_id}.{ROW_LETTERS[table]}{local}"


def row_ids(table: str, doc_ids: pd.Series) -> pd.Series:
    """row_id of each row of a table whose rows are in reading order: the n-th row of a document
    gets local number n (from 1), computed on the column rather than one string at a time."""
    local = doc_ids.groupby(doc_ids, sort=False).cumcount() + 1
    return doc_ids + f".{ROW_LETTERS[table]}" + local.astype("str").str.zfill(5)


ROWS_SLICE = 50_000  # rows turned into Python values at a time by rows_of


def rows_of(frame: pd.DataFrame, names: list[str] | tuple[str, ...]) -> Iterator[tuple]:
    """The frame's rows over `names` as tuples of Python values, like itertuples(index=False) but
    read a column slice at a time: iterating an Arrow-backed column yields one element per call,
    and a whole column as Python objects would hold a large corpus' strings twice."""
    columns = [frame[name] for name in names]
    for start in range(0, len(frame), ROWS_SLICE):
        yield from zip(*(column.iloc[start:start + ROWS_SLICE].tolist() for column in columns))


def pair_id(entity_a: str, entity_b: str) -> str:
    """The key of a pair of entities (entity_a < entity_b)."""
    return f"{entity_a}{PAIR_SEPARATOR}{entity_b}"


def claim_id(group_id: str, doc_id: str) -> str:
    """The key of a document's figure in a claim group (a group holds one figure per document)."""
    return f"{group_id}.{doc_id}"


@dataclass(frozen=True)
class ForeignKey:
    """A column whose every non-null value is the key of a row of another table (dbt's
    `relationships`). A broken reference blocks the release, except where the column is an optional
    annotation (blocks_release=False): a dangling one loses the annotation, not the row, so it is
    reported as a warning and the release goes ahead."""

    table: str
    column: str
    parent: str
    blocks_release: bool = True

    @property
    def parent_column(self) -> str:
        return KEYS[self.parent]


FOREIGN_KEYS: tuple[ForeignKey, ...] = (
    ForeignKey("removed", "doc_id", "documents"),
    ForeignKey("comments", "doc_id", "documents"),
    ForeignKey("comments", "parent_id", "comments", blocks_release=False),
    ForeignKey("sentences", "doc_id", "documents"),
    ForeignKey("mentions", "doc_id", "documents"),
    ForeignKey("mentions", "sent_id", "sentences"),
    ForeignKey("mentions", "entity_id", "entities"),
    ForeignKey("cooccurrences", "entity_a", "entities"),
    ForeignKey("cooccurrences", "entity_b", "entities"),
    ForeignKey("figures", "doc_id", "documents"),
    ForeignKey("figures", "sent_id", "sentences"),
    ForeignKey("figures", "attributed_to", "entities", blocks_release=False),
    ForeignKey("claim_groups", "doc_id", "documents"),
    ForeignKey("claim_groups", "figure_id", "figures"),
)


def _reason_ok(series: pd.Series) -> pd.Series:
    head = series.astype(str).str.split(":", n=1).str[0]
    return head.isin(REJECT_REASONS) | series.astype(str).str.startswith("unreadable")


def _in_document(df: pd.DataFrame, column: str) -> pd.Series:
    """Each non-null id of the column starts with its row's doc_id and a dot."""
    ids = df[column]
    heads = ids.map(lambda v: str(v).split(".", 1)[0], na_action="ignore")
    return ids.isna() | (heads == df["doc_id"].astype(str))


def _row_id_pattern(table: str) -> str:
    return rf"^[^.]+\.{ROW_LETTERS[table]}\d{{5,}}$"


class _Base(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True


class Documents(_Base):
    """One row per ingested raw file: the clean body and the metadata found in the text."""

    doc_id: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{16}$", description="first 16 hex digits of the raw file's SHA-256")
    source: Series[str] = pa.Field(description="path under raw/")
    raw_sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the raw bytes")
    encoding: Series[str] = pa.Field(isin=list(ENCODINGS), description="how the bytes were decoded")
    title: Series[str] = pa.Field(nullable=True, description="headline, when the text shows one")
    standfirst: Series[str] = pa.Field(nullable=True, description="summary line under the headline")
    author: Series[str] = pa.Field(nullable=True, description="byline name")
    outlet: Series[str] = pa.Field(nullable=True, description="publication, from sources.csv or the text")
    published: Series[pd.Timestamp] = pa.Field(nullable=True, description="publication date (sources.csv)")
    url: Series[str] = pa.Field(nullable=True, description="address (sources.csv)")
    body: Series[str] = pa.Field(description="clean paragraphs joined by a blank line")
    n_paragraphs: Series[int] = pa.Field(ge=0, description="paragraphs in body")
    n_words: Series[int] = pa.Field(ge=0, description="whitespace-separated words in body")
    raw_chars: Series[int] = pa.Field(ge=0, description="characters of the decoded raw text")
    body_chars: Series[int] = pa.Field(ge=0, description="characters of body")

    class Config:
        unique = [KEYS["documents"]]


class Rejected(_Base):
    """One row per file under raw/ that is not a document, and per line of raw/sources.csv that was
    dropped or lost fields, with the reason."""

    source: Series[str] = pa.Field(description="path under raw/, or sources.csv:<line>")
    raw_sha256: Series[str] = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{64}$", description="SHA-256 where readable")
    reason: Series[str] = pa.Field(description="one of REJECT_REASONS, then what and why: empty, binary, "
                                              "too_large, not_an_article, no_body, sources_field: ..., "
                                              "duplicate_of:<doc_id>, ...")

    @pa.check("reason", name="reason_in_vocabulary")
    def reason_known(cls, series: pd.Series) -> pd.Series:
        return _reason_ok(series)

    class Config:
        unique = ["source"]


class Removed(_Base):
    """One row per raw line (or fragment) left out of the body, with the rule that removed it."""

    removed_id: Series[str] = pa.Field(str_matches=_row_id_pattern("removed"), description="'<doc_id>.r00012': "
                                       "the document and the row's number there, in line order")
    doc_id: Series[str] = pa.Field(description="document")
    line_no: Series[int] = pa.Field(ge=1, description="1-based line of the raw file")
    kind: Series[str] = pa.Field(isin=REMOVED_KINDS, description="closed list of removed kinds")
    rule: Series[str] = pa.Field(str_length={"min_value": 1}, description="name of the rule that removed it")
    text: Series[str] = pa.Field(description="the removed text")
    score: Series[float] = pa.Field(nullable=True, ge=0, le=1,
                                    description="the line classifier's body probability when it removed the line; null for a rule")

    @pa.dataframe_check(name="removed_id_in_document")
    def id_in_document(cls, df: pd.DataFrame) -> pd.Series:
        return _in_document(df, "removed_id")

    class Config:
        unique = [KEYS["removed"]]


class Comments(_Base):
    """One row per reader comment, with its place in the reply tree."""

    comment_id: Series[str] = pa.Field(str_matches=r"^[^.]+\.c.+$", description="'<doc_id>.c4.1': the document "
                                       "and the comment's number as the page shows it (4.1 answers 4)")
    doc_id: Series[str] = pa.Field(description="document")
    parent_id: Series[str] = pa.Field(nullable=True, description="comment_id of the comment replied to")
    depth: Series[int] = pa.Field(ge=0, description="0 = top level")
    author: Series[str] = pa.Field(nullable=True, description="commenter's name")
    text: Series[str] = pa.Field(description="comment text, paragraphs joined by a blank line")
    line_start: Series[int] = pa.Field(ge=1, description="first raw line of the comment")
    line_end: Series[int] = pa.Field(ge=1, description="last raw line of the comment")

    @pa.dataframe_check(name="comment_ids_in_document")
    def ids_in_document(cls, df: pd.DataFrame) -> pd.Series:
        return _in_document(df, "comment_id") & _in_document(df, "parent_id")

    class Config:
        unique = [KEYS["comments"]]


class Sentences(_Base):
    """One row per sentence of the body; offsets index documents.body."""

    sent_id: Series[str] = pa.Field(str_matches=_row_id_pattern("sentences"), description="'<doc_id>.s00012': "
                                    "the document and the sentence's number there, in reading order")
    doc_id: Series[str] = pa.Field(description="document")
    para_id: Series[int] = pa.Field(ge=0, description="paragraph of the body holding the sentence")
    char_start: Series[int] = pa.Field(ge=0, description="offset into documents.body")
    char_end: Series[int] = pa.Field(ge=0, description="end offset into documents.body")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="body[char_start:char_end]")

    @pa.dataframe_check(name="offsets_ordered")
    def offsets_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_end"] > df["char_start"]

    @pa.dataframe_check(name="sent_id_in_document")
    def id_in_document(cls, df: pd.DataFrame) -> pd.Series:
        return _in_document(df, "sent_id")

    class Config:
        unique = [KEYS["sentences"]]


class Mentions(_Base):
    """One row per named-entity mention in the title or body."""

    mention_id: Series[str] = pa.Field(str_matches=_row_id_pattern("mentions"), description="'<doc_id>.m00007': "
                                       "the document and the mention's number there, title first")
    doc_id: Series[str] = pa.Field(description="document")
    sent_id: Series[str] = pa.Field(nullable=True, description="sentence of the body, null in the title")
    section: Series[str] = pa.Field(isin=MENTION_SECTIONS, description="title or body: the text the offsets index")
    char_start: Series[int] = pa.Field(ge=0, description="offset into the title or body")
    char_end: Series[int] = pa.Field(ge=0, description="end offset")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="the mention as written")
    label: Series[str] = pa.Field(isin=ENTITY_LABELS, description="entity label")
    entity_id: Series[str] = pa.Field(description="resolved corpus entity")

    @pa.dataframe_check(name="mention_ids_in_document")
    def ids_in_document(cls, df: pd.DataFrame) -> pd.Series:
        return _in_document(df, "mention_id") & _in_document(df, "sent_id")

    class Config:
        unique = [KEYS["mentions"]]


class Entities(_Base):
    """One row per distinct entity in the corpus, aliases merged."""

    entity_id: Series[str] = pa.Field(description="stable id derived from label and canonical name")
    name: Series[str] = pa.Field(str_length={"min_value": 1}, description="canonical name")
    label: Series[str] = pa.Field(isin=ENTITY_LABELS, description="entity label")
    aliases: Series[object] = pa.Field(description="sorted list of the surface forms merged here")
    n_mentions: Series[int] = pa.Field(ge=1, description="mentions in the corpus")
    n_documents: Series[int] = pa.Field(ge=1, description="documents mentioning it")

    @pa.check("aliases", name="aliases_are_lists")
    def aliases_are_lists(cls, series: pd.Series) -> pd.Series:
        return series.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str))

    class Config:
        unique = [KEYS["entities"]]


class Cooccurrences(_Base):
    """One row per pair of entities named in one sentence."""

    pair_id: Series[str] = pa.Field(description="'<entity_a>+<entity_b>': the pair's two entity ids")
    entity_a: Series[str] = pa.Field(description="first entity (entity_a < entity_b)")
    entity_b: Series[str] = pa.Field(description="second entity")
    n_sentences: Series[int] = pa.Field(ge=1, description="sentences naming both")
    n_documents: Series[int] = pa.Field(ge=1, description="documents with such a sentence")

    @pa.dataframe_check(name="pair_ordered")
    def pair_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["entity_a"] < df["entity_b"]

    @pa.dataframe_check(name="pair_id_names_the_pair")
    def pair_id_names_the_pair(cls, df: pd.DataFrame) -> pd.Series:
        return df["pair_id"] == df["entity_a"] + PAIR_SEPARATOR + df["entity_b"]

    class Config:
        unique = [KEYS["cooccurrences"]]


class Figures(_Base):
    """One row per numeric claim in a title, standfirst or body, normalised."""

    figure_id: Series[str] = pa.Field(str_matches=_row_id_pattern("figures"), description="'<doc_id>.f00003': "
                                      "the document and the figure's number there, in reading order")
    doc_id: Series[str] = pa.Field(description="document")
    section: Series[str] = pa.Field(isin=SECTIONS, description="title, standfirst or body: the text the offsets index")
    sent_id: Series[str] = pa.Field(nullable=True, description="sentence of the body; null in the title and standfirst")
    char_start: Series[int] = pa.Field(ge=0, description="offset into the text named by section")
    char_end: Series[int] = pa.Field(ge=0, description="end offset")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="the figure as written")
    kind: Series[str] = pa.Field(isin=FIGURE_KINDS, description="count, money, percent, ...")
    value: Series[float] = pa.Field(nullable=True, description="normalised value")
    low: Series[float] = pa.Field(nullable=True, description="range or vague low end")
    high: Series[float] = pa.Field(nullable=True, description="range or vague high end")
    unit: Series[str] = pa.Field(isin=FIGURE_UNITS, description="canonical unit: count, an ISO 4217 code, "
                                 "percent, a pint unit name such as 'mile / hour' (FIGURE_UNITS)")
    unit_text: Series[str] = pa.Field(nullable=True, description="the unit as written ('mph', 'A$', 'per cent'); "
                                      "null for a bare number")
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS, description="closed list of qualifiers")
    direction: Series[str] = pa.Field(nullable=True, isin=DIRECTIONS, description="up or down for a figure that "
                                      "states a change ('fell 3.4%', 'a 25% rise'); null otherwise")
    period: Series[str] = pa.Field(nullable=True, str_matches=PERIOD_PATTERN, description="year the figure refers "
                                   "to, '2015', or span of years, '2014/2015', from the sentence resolved against "
                                   "documents.published, else the published year; null when neither says")
    counted: Series[str] = pa.Field(nullable=True, description="noun phrase the number quantifies")
    event: Series[str] = pa.Field(nullable=True, description="lemma of the governing verb")
    attributed_to: Series[str] = pa.Field(nullable=True, description="entity_id of the person or organisation "
                                          "that says the figure; null when no one is named as saying it")
    hedged: Series[bool] = pa.Field(description="an estimate or a possibility")
    where: Series[str] = pa.Field(isin=SECTIONS, description="the same as section, under its former name, for "
                                  "readers written before the rename (an SQL keyword: select section instead)")

    @pa.dataframe_check(name="figure_ids_in_document")
    def ids_in_document(cls, df: pd.DataFrame) -> pd.Series:
        return _in_document(df, "figure_id") & _in_document(df, "sent_id")

    @pa.dataframe_check(name="where_is_section")
    def where_is_section(cls, df: pd.DataFrame) -> pd.Series:
        return df["where"] == df["section"]

    class Config:
        unique = [KEYS["figures"]]


class ClaimGroups(_Base):
    """One row per document's figure in a group of figures, from at least two documents, that count
    the same thing in the same period: enough to read which outlets give which figures for a claim
    without another table."""

    claim_id: Series[str] = pa.Field(description="'<group_id>.<doc_id>': the group and the document")
    group_id: Series[str] = pa.Field(description="group id derived from its label and period")
    label: Series[str] = pa.Field(description="what the group counts, e.g. 'members expelled'")
    period: Series[str] = pa.Field(nullable=True, str_matches=PERIOD_PATTERN, description="the period every "
                                   "figure of the group refers to (figures.period); null when not known")
    unit: Series[str] = pa.Field(isin=FIGURE_UNITS, description="the figure's canonical unit (figures.unit)")
    doc_id: Series[str] = pa.Field(description="document")
    outlet: Series[str] = pa.Field(nullable=True, description="outlet of the document (documents.outlet)")
    published: Series[pd.Timestamp] = pa.Field(nullable=True, description="publication date of the document "
                                               "(documents.published)")
    figure_id: Series[str] = pa.Field(unique=True, description="the document's figure in the group: its first in "
                                      "the body, else in the standfirst, else in the title")
    section: Series[str] = pa.Field(isin=SECTIONS, description="title, standfirst or body (figures.section)")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="the figure as written (figures.text)")
    value: Series[float] = pa.Field(nullable=True, description="normalised value")
    low: Series[float] = pa.Field(nullable=True, description="low end")
    high: Series[float] = pa.Field(nullable=True, description="high end")
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS, description="qualifier")
    hedged: Series[bool] = pa.Field(description="an estimate or a possibility (figures.hedged)")
    counted: Series[str] = pa.Field(nullable=True, description="noun phrase the number quantifies (figures.counted)")
    event: Series[str] = pa.Field(nullable=True, description="lemma of the governing verb (figures.event)")

    @pa.dataframe_check(name="claim_id_names_group_and_document")
    def claim_id_names_group_and_document(cls, df: pd.DataFrame) -> pd.Series:
        return df["claim_id"] == df["group_id"] + "." + df["doc_id"]

    @pa.dataframe_check(name="two_documents_per_group")
    def two_documents_per_group(cls, df: pd.DataFrame) -> pd.Series:
        return df.groupby("group_id")["doc_id"].transform("nunique") >= 2

    class Config:
        unique = [KEYS["claim_groups"]]


TABLES: dict[str, type[pa.DataFrameModel]] = {
    "documents": Documents,
    "rejected": Rejected,
    "removed": Removed,
    "comments": Comments,
    "sentences": Sentences,
    "mentions": Mentions,
    "entities": Entities,
    "cooccurrences": Cooccurrences,
    "figures": Figures,
    "claim_groups": ClaimGroups,
}


def columns(table: str) -> list[str]:
    """The table's columns, in the model's order (the order of the published file)."""
    return list(TABLES[table].to_schema().columns)


def empty_frame(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns, for a batch that produced no rows."""
    return pd.DataFrame({name: pd.Series(dtype="object") for name in columns(table)})


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate (lazily, every failure at once) and coerce; raises pandera SchemaErrors."""
    return TABLES[table].validate(df, lazy=True)
