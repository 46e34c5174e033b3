"""Tell article lines from page boilerplate with what plain text carries, for any outlet.

Each non-blank line of a page gets shallow features (its words, share of stopwords, sentence
punctuation, capitals, link-like and call-to-action wording, whether a cleaning rule knows it,
repetition within the page), the same features of the lines around it, and its position in the
page. A gradient-boosted tree model (LightGBM, trained by `make train-cleaner`, shipped as text
model files in pipeline/models/) turns them into the probability that the line belongs to the
article body, in two stages: the second sees the first stage's scores of the lines around each
line (stacking), so a lone prose line among menus and a short line inside the article are judged
by their neighbourhood. Shallow features in context carry most of the signal (Kohlschuetter et al.,
WSDM 2010; jusText's stopword density with context smoothing).

Pure functions apart from `load_model`, which reads the shipped file once.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections import Counter
from pathlib import Path

import justext
import numpy as np

from pipeline.text.normalise import NO_FOLDING, comparison_form

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_FILES = (MODEL_DIR / "line_classifier.stage1.txt", MODEL_DIR / "line_classifier.stage2.txt")
MODEL_CARD = MODEL_DIR / "line_classifier.json"
MODEL_NAME = "line_classifier"

# jusText's English stopword list: the density of these words is what tells prose from chrome.
STOPWORDS = frozenset(w.casefold() for w in justext.get_stoplist("English"))

TOKEN = re.compile(r"\w+", re.UNICODE)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*$")
SENTENCE_BREAK = re.compile(r"[.!?…][\"'’”)\]]*(\s|$)")
LINK_LIKE = re.compile(r"https?://|www\.|\b[\w-]+\.(com|org|net|co\.uk|io|gov|edu)\b|(^|\s)[@#]\w", re.I)
SEPARATORS = re.compile(r"[|•·›»>/]")
# Call-to-action and page-furniture wording, common to sites in general (never one site's words).
# The look-ahead after \b (here and in DATE_LIKE) holds the first character of every alternative:
# the same matches, with the long alternation tried only where one of its words can start.
CALL_TO_ACTION = re.compile(
    r"\b(?=[acdefgilmnprstvwy])(subscri\w*|sign (up|in|out)|log ?in|log ?out|register|newsletters?|share\w*|follow|"
    r"read (more|next|full)|advertis\w*|sponsor\w*|cookies?|privacy|terms (of|and)|all rights reserved|"
    r"copyright|click|download|app store|google play|comments?|reply|replies|tweet|facebook|twitter|"
    r"instagram|linkedin|pinterest|youtube|whatsapp|e-?mail|related|recommended|trending|popular|"
    r"loading|video|watch|photos?|gallery|image|credit|getty|membership|premium|free trial|"
    r"account|password|notifications?|contact us|about us|print|save)\b", re.I)
DATE_LIKE = re.compile(
    r"\b(?=[adfjmnos\d])((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|"
    r"\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}:\d{2}\s*(am|pm)?|\d+\s+(minutes?|hours?|days?|mins?|hrs?)\s+ago)\b", re.I)
BYLINE_LIKE = re.compile(r"^(written |posted |reporting )?by\s+[A-Z]", re.I)
BULLET = re.compile(r"^\s*([•●▪◦·*\-–—]|\d{1,2}[.)])\s+")
QUOTE_START = re.compile(r"^[\"'‘’“”«]")
PROSE_MIN_WORDS = 12


def _deletion_table(test) -> dict[int, None]:
    """A str.translate table deleting every character that passes `test`: counting by deletion runs
    at C speed, where a Python loop over the characters of a corpus would dominate cleaning."""
    return {cp: None for cp in range(0x30000) if test(chr(cp))}


ALPHA = _deletion_table(str.isalpha)
UPPER_ALPHA = _deletion_table(lambda c: c.isalpha() and c.isupper())
DIGIT = _deletion_table(str.isdigit)
ALNUM_OR_SPACE = _deletion_table(lambda c: c.isalnum() or c.isspace())


def _count(text: str, table: dict[int, None]) -> int:
    return len(text) - len(text.translate(table))

# What each line contributes on its own; the model also sees these for its neighbours.
LINE_FEATURES = (
    "log_words", "log_chars", "mean_word_len", "stop_share", "log_stops", "ends_sentence",
    "sentence_breaks", "comma_rate", "cap_share", "upper_share", "digit_share", "punct_share",
    "link_like", "separators", "cta_words", "date_like", "byline_like", "rule_hit", "log_repeats",
    "starts_lower", "quote_start", "bullet", "ends_colon", "log_group_lines", "log_group_words",
    "first_in_group", "prose", "lead_caps_share", "max_caps_run",
)
CONTEXT_FEATURES = ("log_words", "stop_share", "ends_sentence", "cap_share", "cta_words", "rule_hit",
                    "log_repeats", "prose", "link_like")
CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)
PAGE_FEATURES = (
    "rel_pos", "rel_word_pos", "log_page_lines", "words_vs_max", "dist_to_longest",
    "prose_window_2", "prose_window_5", "prose_window_15", "log_words_window_3",
    "prose_before", "prose_after", "title_overlap", "after_title", "from_title",
    "page_prose_share", "page_rule_share", "page_cta_share", "page_link_share", "page_repeat_share",
)
FEATURE_NAMES = (
    LINE_FEATURES
    + tuple(f"{name}@{off:+d}" for off in CONTEXT_OFFSETS for name in CONTEXT_FEATURES)
    + PAGE_FEATURES
)


def norm_line(text: str) -> str:
    """Comparison form of a line: NFKC, casefolded, single spaces (quotes as written)."""
    return comparison_form(text, NO_FOLDING)


def nonblank_lines(text: str) -> list[tuple[int, str]]:
    """(0-based raw line index, stripped text) of every non-blank line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]


def _groups(indexes: list[int]) -> list[tuple[int, int, int]]:
    """Per line: (group id, lines in its group, place in the group); groups are runs of adjacent raw lines."""
    gid, out, start = -1, [], 0
    for k, i in enumerate(indexes):
        if k == 0 or i != indexes[k - 1] + 1:
            gid, start = gid + 1, k
        out.append((gid, start))
    sizes = Counter(g for g, _ in out)
    return [(g, sizes[g], k - s) for k, (g, s) in enumerate(out)]


def line_features(text: str, rule_hit: bool, repeats: int) -> dict[str, float]:
    """The shallow features of one stripped line."""
    words = text.split()
    n = len(words)
    tokens = [t.casefold() for t in WORD.findall(text)]
    letters = _count(text, ALPHA)
    stops = sum(t in STOPWORDS for t in tokens)
    return {
        "log_words": math.log1p(n),
        "log_chars": math.log1p(len(text)),
        "mean_word_len": sum(map(len, words)) / n if n else 0.0,
        "stop_share": stops / len(tokens) if tokens else 0.0,
        "log_stops": math.log1p(stops),
        "ends_sentence": float(bool(SENTENCE_END.search(text))),
        "sentence_breaks": len(SENTENCE_BREAK.findall(text)) / max(1, n) * 10,
        "comma_rate": text.count(",") / max(1, n),
        "cap_share": sum(w[:1].isupper() for w in words) / max(1, n),
        "upper_share": _count(text, UPPER_ALPHA) / letters if letters else 0.0,
        "digit_share": _count(text, DIGIT) / max(1, len(text)),
        "punct_share": (len(text) - _count(text, ALNUM_OR_SPACE)) / max(1, len(text)),
        "link_like": float(bool(LINK_LIKE.search(text))),
        "separators": float(len(SEPARATORS.findall(text))),
        "cta_words": float(len(CALL_TO_ACTION.findall(text))),
        "date_like": float(bool(DATE_LIKE.search(text)) and n <= 12),
        "byline_like": float(bool(BYLINE_LIKE.match(text)) and n <= 12),
        "rule_hit": float(rule_hit),
        "log_repeats": math.log1p(repeats),
        "starts_lower": float(text[:1].islower()),
        "quote_start": float(bool(QUOTE_START.match(text))),
        "bullet": float(bool(BULLET.match(text))),
        "ends_colon": float(text.endswith(":")),
        "prose": float(n >= PROSE_MIN_WORDS and bool(SENTENCE_END.search(text))),
        **_capital_runs(words),
    }


def _capital_runs(words: list[str]) -> dict[str, float]:
    """Headline-style capitals: the share of words capitalised before the first lower-case word,
    and the longest run of capitalised words (a teaser glues a Title Case headline to its summary)."""
    lead = next((k for k, w in enumerate(words) if w[:1].islower()), len(words))
    run = longest = 0
    for w in words:
        run = run + 1 if w[:1].isupper() or w[:1].isdigit() else 0
        longest = max(longest, run)
    return {"lead_caps_share": lead / max(1, len(words)), "max_caps_run": math.log1p(longest)}


def _window_mean(values: np.ndarray, half: int) -> np.ndarray:
    padded = np.concatenate([np.zeros(half), values, np.zeros(half)])
    sums = np.convolve(padded, np.ones(2 * half + 1), mode="valid")
    counts = np.convolve(np.concatenate([np.zeros(half), np.ones(len(values)), np.zeros(half)]),
                         np.ones(2 * half + 1), mode="valid")
    return sums / np.maximum(counts, 1)


def page_matrix(text: str, rule_hits: set[int] | None = None, title: str | None = None,
                title_at: int | None = None) -> tuple[list[int], np.ndarray]:
    """Raw line indexes of the page's non-blank lines and their feature matrix (FEATURE_NAMES order).

    rule_hits holds the raw line indexes a cleaning rule recognises; title is the headline and
    title_at its raw line index, when known.
    """
    lines = nonblank_lines(text)
    if not lines:
        return [], np.zeros((0, len(FEATURE_NAMES)))
    indexes = [i for i, _ in lines]
    counts = Counter(norm_line(t) for _, t in lines)
    rows = [line_features(t, i in (rule_hits or set()), counts[norm_line(t)] - 1) for i, t in lines]
    for row, (_, size, place), (_, t) in zip(rows, _groups(indexes), lines):
        row["log_group_lines"] = math.log1p(size)
        row["first_in_group"] = float(place == 0)
    group_words = Counter()
    for (g, _, _), (_, t) in zip(_groups(indexes), lines):
        group_words[g] += len(t.split())
    for row, (g, _, _) in zip(rows, _groups(indexes)):
        row["log_group_words"] = math.log1p(group_words[g])
    base = np.array([[row[name] for name in LINE_FEATURES] for row in rows], dtype=float)
    context = [_shifted(base[:, LINE_FEATURES.index(name)], off) for off in CONTEXT_OFFSETS for name in CONTEXT_FEATURES]
    page = _page_features(lines, base, title, title_at)
    return indexes, np.column_stack([base, *context, page])


def _shifted(column: np.ndarray, offset: int) -> np.ndarray:
    """column[k + offset] for every k, -1 past the ends of the page."""
    out = np.full(len(column), -1.0)
    if offset > 0:
        out[:-offset] = column[offset:]
    else:
        out[-offset:] = column[:offset]
    return out


def _page_features(lines: list[tuple[int, str]], base: np.ndarray, title: str | None,
                   title_at: int | None) -> np.ndarray:
    n = len(lines)
    at = next((k for k, (i, _) in enumerate(lines) if i == title_at), None)
    from_title = (np.arange(n) - at) / max(1, n) if at is not None else np.full(n, -2.0)
    words = np.array([len(t.split()) for _, t in lines], dtype=float)
    prose = base[:, LINE_FEATURES.index("prose")]
    cum_words = np.cumsum(words) - words
    longest = int(np.argmax(words))
    cum_prose = np.cumsum(prose) - prose
    total_prose = max(1.0, prose.sum())
    title_words = _content_words(title) if title else set()
    overlap = [len(_content_words(t) & title_words) / max(1, len(title_words)) if title_words else 0.0
               for _, t in lines]
    return np.column_stack([
        np.arange(n) / max(1, n - 1),
        cum_words / max(1.0, words.sum()),
        np.full(n, math.log1p(n)),
        words / max(1.0, words.max()),
        (np.arange(n) - longest) / max(1, n),
        _window_mean(prose, 2),
        _window_mean(prose, 5),
        _window_mean(prose, 15),
        np.log1p(_window_mean(words, 3)),
        cum_prose / total_prose,
        (total_prose - cum_prose - prose) / total_prose,
        np.array(overlap),
        (from_title > 0).astype(float) if at is not None else np.full(n, -1.0),
        from_title,
        np.full(n, prose.mean()),
        *(np.full(n, (base[:, LINE_FEATURES.index(name)] > 0).mean())
          for name in ("rule_hit", "cta_words", "link_like", "log_repeats")),
    ])


def _content_words(text: str) -> set[str]:
    return {t.casefold() for t in WORD.findall(text)} - STOPWORDS


# ---- labels from a gold body (training only) -----------------------------------------------------

SHINGLE = 4
BODY_SHARE = 0.5


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def label_lines(text: str, gold_body: str) -> tuple[list[int], list[int]]:
    """(raw line index, 1 if body else 0) for each non-blank line, against a person's marked body.

    A line of four tokens or more is body when at least half of its 4-token shingles occur in the
    gold body; a shorter line when it equals a gold paragraph (a subheading), or when its tokens
    occur in the gold body in order next to a body line on either side.
    """
    gold_tokens = _tokens(gold_body)
    gold_shingles = {tuple(gold_tokens[k:k + SHINGLE]) for k in range(len(gold_tokens) - SHINGLE + 1)}
    gold_paras = {norm_line(p) for p in gold_body.split("\n") if p.strip()}
    gold_joined = " " + " ".join(gold_tokens) + " "
    lines = nonblank_lines(text)
    labels: list[int | None] = []
    for _, t in lines:
        toks = _tokens(t)
        if len(toks) >= SHINGLE:
            sh = [tuple(toks[k:k + SHINGLE]) for k in range(len(toks) - SHINGLE + 1)]
            labels.append(int(sum(s in gold_shingles for s in sh) >= BODY_SHARE * len(sh)))
        elif norm_line(t) in gold_paras:
            labels.append(1)
        elif toks and f" {' '.join(toks)} " in gold_joined:
            labels.append(None)  # decided by its neighbours below
        else:
            labels.append(0)
    for k, lab in enumerate(labels):
        if lab is None:
            near = [labels[j] for j in (k - 1, k + 1) if 0 <= j < len(labels) and labels[j] is not None]
            labels[k] = int(bool(near) and max(near) == 1)
    return [i for i, _ in lines], [int(v) for v in labels]


# ---- the shipped model ---------------------------------------------------------------------------

STAGE2_EXTRA = ("p1", "p1_window_1", "p1_window_3", "p1_window_10", "p1_mean_before", "p1_mean_after",
                "p1_page_mean", "p1_max_before", "p1_max_after")
STAGE2_FEATURES = FEATURE_NAMES + STAGE2_EXTRA


def stage2_matrix(p1: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """The line features plus the first stage's scores around each line."""
    n = len(p1)
    if n == 0:
        return np.zeros((0, len(STAGE2_FEATURES)))
    cum = np.cumsum(p1)
    before = (cum - p1) / np.maximum(np.arange(n), 1)
    after = (cum[-1] - cum) / np.maximum(n - 1 - np.arange(n), 1)
    return np.column_stack([matrix, p1, _window_mean(p1, 1), _window_mean(p1, 3), _window_mean(p1, 10),
                            before, after, np.full(n, p1.mean()), np.maximum.accumulate(p1),
                            np.maximum.accumulate(p1[::-1])[::-1]])


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@functools.cache
def load_model(paths: tuple[Path, ...] = MODEL_FILES):
    """The two trained boosters, read once from their text model files; None when none is shipped."""
    import lightgbm

    if not all(Path(p).is_file() for p in paths):
        return None
    return tuple(lightgbm.Booster(model_str=Path(p).read_text(encoding="utf-8")) for p in paths)


@functools.cache
def model_info(paths: tuple[Path, ...] = MODEL_FILES) -> dict:
    """Name, version (a hash of the model files) and library of the line classifier, for manifests."""
    import lightgbm

    if not all(Path(p).is_file() for p in paths):
        return {"cleaner_model": None}
    digest = hashlib.sha256("".join(file_sha256(p) for p in paths).encode()).hexdigest()
    card = json.loads(MODEL_CARD.read_text(encoding="utf-8")) if MODEL_CARD.is_file() else {}
    return {"cleaner_model": MODEL_NAME, "cleaner_model_sha256": digest,
            "cleaner_model_corpus_sha256": card.get("trained_on", {}).get("corpus_sha256"),
            "lightgbm_version": lightgbm.__version__}


def body_scores(model, matrix: np.ndarray) -> np.ndarray:
    """Probability that each line is article body, from the (stage 1, stage 2) boosters."""
    if len(matrix) == 0 or model is None:
        return np.ones(len(matrix))
    first, second = model
    p1 = np.asarray(first.predict(matrix, num_threads=1), dtype=float)
    return np.asarray(second.predict(stage2_matrix(p1, matrix), num_threads=1), dtype=float)
