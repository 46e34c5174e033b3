"""Turn the decoded text of one scraped page into clean body paragraphs plus a record of the rest.

Every non-blank raw line is either a body paragraph, the title, the standfirst, part of a reader
comment, or a removed line with a kind (from schemas.REMOVED_KINDS) and the name of the rule that
removed it. The certain rules come first (text.comments, text.page, text.line_rules); the line
classifier (text.lines) decides the lines no rule decided. Kept paragraphs are the raw lines
stripped of surrounding whitespace and never rewritten, except that a scrape-residue fragment
glued to the first word is cut off and recorded as an artifact. Pages saved as HTML go through
the DOM extractor (text.htmlpage) into the same result.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from pipeline.text import htmlpage
from pipeline.text import lines as line_model
from pipeline.text.bylines import BYLINE, is_person_name
from pipeline.text.comments import COMMENT_CHROME, extract_comments
from pipeline.text.line_rules import GLUED_CODE, SENTENCE_END, match_line_rule, split_words
from pipeline.text.normalise import comparison_form
from pipeline.text.page import Page, find_author, pick_page_headline, scan_body, scan_tail, scan_top


@dataclass(frozen=True)
class CleanResult:
    title: str | None
    standfirst: str | None
    author: str | None
    outlet: str | None
    paragraphs: list[str]
    removed: list[dict]
    comments: list[dict]
    published: str | None = None  # found on an HTML page
    url: str | None = None  # found on an HTML page


# Kinds for lines the model removes, first match wins: (name, kind, predicate on the stripped line).
MODEL_KIND_RULES: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("advert_words", "advert", lambda t: bool(re.search(r"\b(advertis\w*|sponsored|ad choices|adchoices)\b", t, re.I))),
    ("share_words", "share_prompt", lambda t: bool(re.search(
        r"\b(share\w*|follow|subscribe\w*|sign up|newsletters?|tweet|facebook|twitter|instagram|"
        r"linkedin|pinterest|whatsapp|e-?mail)\b", t, re.I))),
    ("comment_words", "comment_form",
     lambda t: bool(re.search(r"\b(comments?|reply|replies|log ?in|sign in|register)\b", t, re.I))),
    ("photo_words", "photo_credit", lambda t: bool(re.search(r"\b(photo\w*|image|credit|getty|pictures?)\b", t, re.I))),
    ("related_words", "related_links", lambda t: bool(re.search(
        r"\b(related|read (more|next)|recommended|more (from|on)|popular|trending|you may also)\b", t, re.I))),
    ("byline_shape", "byline", lambda t: bool(BYLINE.match(t)) or is_person_name(t)),
    ("long_unpunctuated", "related_links", lambda t: len(split_words(t)) >= 5 and not SENTENCE_END.search(t)),
    ("short_line", "navigation", lambda t: len(split_words(t)) <= 4),
    ("any_other_line", "site_chrome", lambda t: True),
)
MODEL_RULE = "line_model"
# A page is taken for English when its prose-like lines hold this share of English stopwords
# (English news runs at 0.25 and above even in tables of results; Portuguese or Japanese pages under 0.15).
ENGLISH_MIN_STOP_SHARE = 0.2
LANGUAGE_MIN_TOKENS = 40
PROSE_LINE_MIN_WORDS = 5


def english_stop_share(lines: list[str]) -> float | None:
    """Share of English stopwords among the words of the lines of five words or more; None when too few."""
    tokens = [t.casefold() for ln in lines if len(ln.split()) >= PROSE_LINE_MIN_WORDS
              for t in line_model.WORD.findall(ln)]
    if len(tokens) < LANGUAGE_MIN_TOKENS:
        return None
    return sum(t in line_model.STOPWORDS for t in tokens) / len(tokens)


def is_other_language(page: Page) -> bool:
    share = english_stop_share([page.lines[i] for i in page.open_lines()])
    return share is not None and share < ENGLISH_MIN_STOP_SHARE


def _remove_other_language(page: Page) -> None:
    """A page not in English keeps no body: the rules and the model only know English pages."""
    for i in page.open_lines():
        page.remove(i, "other_language", "english_stopword_share")


BODY_THRESHOLD = 0.35
PROSE_THRESHOLD = 0.1  # a full sentence of prose goes only when the model is sure


def model_kind_rule(line: str) -> tuple[str, str]:
    """(name, kind) of the first MODEL_KIND_RULES row a line the model removes fits."""
    return next((name, kind) for name, kind, test in MODEL_KIND_RULES if test(line))


def model_kind(line: str) -> str:
    return model_kind_rule(line)[1]


def page_line_matrix(page: Page) -> tuple[list[int], np.ndarray]:
    """Features of every non-blank line, given what the rules already decided on the page."""
    decided = {i for i, role in page.role.items() if role in ("removed", "comment")}
    title_at = next((i for i, role in page.role.items() if role == "title"), None)
    return line_model.page_matrix("\n".join(page.lines), decided, page.title, title_at)


def _classify_lines(page: Page, model) -> None:
    """Lines no rule decided are kept or removed by the line classifier's body probability."""
    if model is None:
        return
    indexes, matrix = page_line_matrix(page)
    scores = line_model.body_scores(model, matrix)
    prose = matrix[:, line_model.FEATURE_NAMES.index("prose")] if len(matrix) else []
    for i, p, is_prose in zip(indexes, scores, prose):
        if i in page.role:
            continue
        if p < (PROSE_THRESHOLD if is_prose else BODY_THRESHOLD):
            line = page.lines[i].strip()
            page.remove(i, model_kind(line), MODEL_RULE)
            page.removed[-1]["score"] = round(float(p), 4)


REPEAT_MIN_WORDS = 8  # a kept paragraph this long, seen before on the page, is a repeat
CONTAINED_MIN_WORDS = 30  # a line this long made of the other kept lines is the article again
CONTAINED_SHARE = 0.8


def _shingles(text: str) -> set[tuple[str, ...]]:
    toks = line_model.TOKEN.findall(text.casefold())
    return {tuple(toks[k:k + 4]) for k in range(len(toks) - 3)}


def _drop_repeats(page: Page) -> None:
    """The article shown twice: a paragraph repeated further down, or one line holding the text of
    the other kept lines (a page that carries its article again as one block)."""
    kept = page.open_lines()
    seen: set[str] = set()
    for i in kept:
        key = comparison_form(page.lines[i])
        if key in seen and len(split_words(key)) >= REPEAT_MIN_WORDS:
            page.remove(i, "duplicate_text", "repeated_paragraph")
        seen.add(key)
    kept = page.open_lines()
    long_lines = [i for i in kept if len(split_words(page.lines[i])) >= CONTAINED_MIN_WORDS]
    if not long_lines:
        return
    shingles = {i: _shingles(page.lines[i]) for i in kept}
    lines_with = Counter(sh for i in kept for sh in shingles[i])  # kept lines holding each shingle
    for i in long_lines:
        own = shingles[i]
        if own and sum(lines_with[sh] > 1 for sh in own) >= CONTAINED_SHARE * len(own):
            page.remove(i, "duplicate_text", "repeats_body")
            lines_with.subtract(own)


def _cut_artifacts(page: Page, i: int, text: str) -> str:
    """The paragraph without scrape residue glued to its first word; the residue is recorded."""
    for name, pattern in GLUED_CODE:
        m = pattern.match(text)
        if m:
            page.removed.append({"line_no": i + 1, "kind": "artifact", "rule": name, "text": m.group("frag")})
            text = text[m.end():]
    return text


def apply_rules(text: str) -> tuple[Page, list[dict]]:
    """The page after the certain rules: comments, footers, the headline and the top, line rules."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    page = Page(lines=lines)
    comments, covered = extract_comments(lines)
    for i, rule in sorted(covered.items()):
        page.remove(i, "comment_section", rule)
        page.role[i] = "comment"
    scan_tail(page)
    headline = pick_page_headline(page)
    scan_top(page, 0 if headline is None else headline)
    find_author(page, headline)
    scan_body(page)
    return page, comments


DEFAULT_MODEL = object()  # clean_text's default: the shipped line classifier


def clean_text(text: str, model=DEFAULT_MODEL) -> CleanResult:
    """Split one article into title, standfirst, author, outlet, body paragraphs, removed lines, comments.

    model is the line classifier (the shipped one by default; None for the rules alone).
    """
    page, comments = apply_rules(text)
    lines = page.lines
    if is_other_language(page):
        _remove_other_language(page)
    _classify_lines(page, line_model.load_model() if model is DEFAULT_MODEL else model)
    _drop_repeats(page)
    paragraphs = []
    for i in page.open_lines():
        page.role[i] = "body"
        kept = _cut_artifacts(page, i, lines[i].strip()).strip()
        if kept:
            paragraphs.append(kept)
    removed = sorted(({"score": None, **r} for r in page.removed),
                     key=lambda r: (r["line_no"], r["kind"], r["rule"], r["text"]))
    return CleanResult(title=page.title, standfirst=page.standfirst, author=page.author, outlet=page.outlet,
                       paragraphs=paragraphs, removed=removed, comments=comments)


def _html_removed(html: str, kept: str) -> list[dict]:
    """Each visible fragment of the page that the extractor left out, with its raw line and a kind."""
    kept_norm = comparison_form(kept)
    out, seen = [], set()
    for line_no, text in htmlpage.visible_fragments(html):
        key = (line_no, text)
        if key in seen or comparison_form(text) in kept_norm:
            continue
        seen.add(key)
        out.append({"line_no": line_no, "kind": model_kind(text), "rule": htmlpage.EXTRACTOR_RULE,
                    "text": text, "score": None})
    return out


# Comment-section furniture: prompts, forms and widgets that the extractor may hand over as comments.
COMMENT_UI = re.compile(r"\b(comments?|discussion|reply|replies|log ?in|sign in|disqus|contribute|"
                        r"submit\w*|personal data|consent|loading|posted by|powered by|notify|subscribe)\b", re.I)


COMMENT_UI_MAX_WORDS = 25
COMMENT_PRIVACY = re.compile(r"\b(personal data|privacy|data protection|consent|revoke)\b", re.I)


def _html_comments(html: str, found: list[str]) -> list[dict]:
    """Reader comments of an HTML page: read with the plain-text comment layouts from the page's
    visible text (author, reply tree), else the extractor's comment lines without the widgets."""
    rendered = htmlpage.visible_lines(html)
    comments, _ = extract_comments(rendered)
    if comments:
        for c in comments:
            c["line_start"] = htmlpage.line_of(html, rendered[c["line_start"] - 1])
            c["line_end"] = max(c["line_start"], htmlpage.line_of(html, rendered[c["line_end"] - 1]))
        return comments
    texts = [t for t in found if not (COMMENT_UI.search(t) and len(split_words(t)) <= COMMENT_UI_MAX_WORDS)
             and not COMMENT_PRIVACY.search(t) and not match_line_rule(t) and not COMMENT_CHROME.match(t)]
    return [{"comment_id": str(k), "parent_id": None, "depth": 0, "author": None, "text": text,
             "line_start": htmlpage.line_of(html, text), "line_end": htmlpage.line_of(html, text)}
            for k, text in enumerate(texts, start=1)]


def clean_html(html: str, url: str | None = None) -> CleanResult:
    """An HTML page through the DOM extractor, into the same result as a plain-text page."""
    art = htmlpage.extract(html, url)
    comments = _html_comments(html, art.comments)
    kept = "\n".join([art.title or "", *art.paragraphs, *(c["text"] for c in comments)])
    removed = sorted(_html_removed(html, kept), key=lambda r: (r["line_no"], r["kind"], r["rule"], r["text"]))
    return CleanResult(title=art.title, standfirst=None, author=art.author, outlet=art.outlet,
                       paragraphs=art.paragraphs, removed=removed, comments=comments,
                       published=art.published, url=art.url)


def clean_page(text: str, source: str = "", url: str | None = None) -> CleanResult:
    """One raw page: HTML (by its file name or its content) through the extractor, text through the cleaner."""
    if source.casefold().endswith(htmlpage.HTML_SUFFIXES) or htmlpage.looks_like_html(text):
        try:
            return clean_html(text, url)
        except Exception as exc:  # noqa: BLE001 - one page the extractor cannot read never stops the batch
            return _html_fallback(text, exc)
    return clean_text(text)


def _html_fallback(html: str, exc: Exception) -> CleanResult:
    """A page the extractor failed on: its visible text through the plain-text cleaner, and the
    failure recorded in `removed` (line 1) so the reader sees why this page was cleaned differently."""
    result = clean_text("\n".join(htmlpage.visible_lines(html)))
    failure = {"line_no": 1, "kind": "artifact", "rule": f"{htmlpage.EXTRACTOR_RULE}:failed",
               "text": f"{type(exc).__name__}: {exc}"[:500], "score": None}
    return CleanResult(title=result.title, standfirst=result.standfirst, author=result.author,
                       outlet=result.outlet, paragraphs=result.paragraphs, removed=[failure],
                       comments=[])


def cleaner_info() -> dict:
    """What shaped the documents, removed and comments tables: the line classifier and the HTML extractor."""
    return {**line_model.model_info(), "html_extractor": htmlpage.EXTRACTOR,
            "html_extractor_version": htmlpage.extractor_version()}
