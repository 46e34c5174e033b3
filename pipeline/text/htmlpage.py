"""Article pages saved as HTML: the body, comments and metadata read from the DOM by trafilatura.

A page saved as HTML carries what plain text loses (which block is a menu, a link list, an
article), so it goes through a well-kept extractor that reads the DOM rather than through the
line rules. trafilatura (Barbaresi, ACL 2021) reaches F1 0.955 on the article-extraction
benchmark. The text it leaves out is still recorded, fragment by fragment, with the raw line it
came from, so the audit in `removed` holds for HTML pages too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura

EXTRACTOR = "trafilatura"
EXTRACTOR_RULE = f"html_extractor:{EXTRACTOR}"
HTML_SUFFIXES = (".html", ".htm")
HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html\b|head\b|body\b)", re.I | re.S)
TAG = re.compile(r"</?(html|head|body|div|p|span|a|script|style|nav|ul|li|section|article|meta|link)\b", re.I)
MIN_TAGS = 20
HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg"})
COMMENTS_HEADING = re.compile(r"^(\d+\s+)?(comments?|responses?|replies|discussion)(\s*\(\d+\))?:?$", re.I)


@dataclass(frozen=True)
class HtmlArticle:
    title: str | None
    author: str | None
    published: str | None
    outlet: str | None
    url: str | None
    paragraphs: list[str]
    comments: list[str]


def extractor_version() -> str:
    return trafilatura.__version__


def looks_like_html(text: str) -> bool:
    """A saved web page: opens with an HTML document start, or is thick with tags."""
    head = text[:5000]
    return bool(HTML_START.match(head)) or len(TAG.findall(head)) >= MIN_TAGS


def _strip_site(title: str | None, site: str | None) -> str | None:
    """The headline without the " - Site" or " | Site" the <title> adds."""
    if not title or not site:
        return title
    m = re.match(rf"^(?P<head>.+?)\s+[|\-–—•·:]\s+{re.escape(site)}\s*$", title)
    return m.group("head").strip() if m else title


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def extract(html: str, url: str | None = None) -> HtmlArticle:
    """The article of one HTML page; an empty article (no paragraphs) when the page holds none."""
    doc = trafilatura.bare_extraction(html, url=url, include_comments=True, with_metadata=True)
    if doc is None:
        return HtmlArticle(None, None, None, None, url, [], [])
    paragraphs = [p.strip() for p in (doc.text or "").split("\n") if p.strip()]
    comments = [c.strip() for c in (doc.comments or "").split("\n") if c.strip()]
    if comments and COMMENTS_HEADING.match(comments[0]):
        comments = comments[1:]
    site = doc.sitename or None
    title = _strip_site(doc.title, site)
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the headline is the title, not the first paragraph
    return HtmlArticle(title=title, author=doc.author or None, published=doc.date or None,
                       outlet=site, url=doc.url or url, paragraphs=paragraphs, comments=comments)


def visible_fragments(html: str) -> list[tuple[int, str]]:
    """(1-based raw line, text) of every visible text fragment of the page, in document order."""
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    out: list[tuple[int, str]] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        hidden = any(a.tag in HIDDEN_TAGS for a in (el, *el.iterancestors()) if isinstance(a.tag, str))
        line = el.sourceline or 1
        if el.text and el.text.strip() and not hidden:
            out.append((line, " ".join(el.text.split())))
        parent_hidden = el.getparent() is not None and any(
            a.tag in HIDDEN_TAGS for a in (el.getparent(), *el.getparent().iterancestors()) if isinstance(a.tag, str))
        if el.tail and el.tail.strip() and not parent_hidden:
            out.append((line, " ".join(el.tail.split())))
    return out


BLOCK_TAGS = frozenset("""
address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header
hr li main nav ol p pre section table td th tr ul
""".split())


def visible_lines(html: str) -> list[str]:
    """The page's visible text as a plain-text scraper saves it: one block per line, a blank line
    between blocks, so the plain-text comment layouts can be read from an HTML page too."""
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    out: list[str] = []
    words: list[str] = []

    def flush() -> None:
        text = " ".join(" ".join(words).split())
        words.clear()
        if text:
            out.extend([text, ""])

    def walk(el) -> None:
        if not isinstance(el.tag, str) or el.tag in HIDDEN_TAGS:
            return
        block = el.tag in BLOCK_TAGS
        if block:
            flush()
        words.append(el.text or "")
        for child in el:
            walk(child)
            words.append(child.tail or "")
        if block:
            flush()

    try:
        walk(root)
    except RecursionError:  # a page nested deeper than Python's stack: no comment layout read
        return []
    flush()
    return out


def line_of(raw: str, text: str) -> int:
    """1-based raw line where a text starts, found by its opening words (fewer when markup splits
    them); 1 when not found."""
    words = text.split()
    for n in (6, 3, 2):
        probe = " ".join(words[:n])
        at = raw.find(probe) if len(probe) >= 4 else -1
        if at >= 0:
            return raw.count("\n", 0, at) + 1
    return 1
