"""One page as the positional rules see it: what each raw line has become, and the rules of its
top (mastheads, crumbs, bylines, the headline, the standfirst), its body and its tail (source
footers), with the headline of a page that opens with its HTML title and the byline near it."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.text.bylines import byline_in, byline_name, content_words, is_person_name, name_with_role
from pipeline.text.line_rules import (BULLET, CRUMB_HOME, CRUMB_SEPARATED, DOMAIN, INNER_SENTENCE_BREAK, QUOTE_OPEN,
                                      SENTENCE_END, SHARE_BLOCK_HEADING, is_caption_like, is_masthead, is_title_like,
                                      match_footer, match_line_rule, names_outlet, split_words)


from pipeline.text.normalise import comparison_form

STANDFIRST_MAX_WORDS = 70
STANDFIRST_MIN_OVERLAP = 0.5
STANDFIRST_MIN_WORDS = 8
TOP_SCAN_LIMIT = 12  # non-blank lines looked at before the body must have started


def restates_title(line: str, title: str) -> bool:
    """A longer line that starts with the headline, or unpunctuated and sharing most of its words."""
    n_line, n_title = len(split_words(line)), len(split_words(title))
    if n_line <= n_title or n_line > STANDFIRST_MAX_WORDS:
        return False
    norm_line, norm_title = comparison_form(line), comparison_form(title)
    if norm_line.startswith(norm_title.rstrip("?!")):
        return True
    if SENTENCE_END.search(line) or QUOTE_OPEN.match(line) or BULLET.match(line):
        return False
    if INNER_SENTENCE_BREAK.search(line) or not line[:1].isupper() or re.match(r"^\S+:", line):
        return False
    if n_line >= STANDFIRST_MIN_WORDS:
        return True
    title_words = content_words(title)
    if not title_words:
        return False
    return len(title_words & content_words(line)) / len(title_words) >= STANDFIRST_MIN_OVERLAP


def title_with_site(line: str, title: str) -> str | None:
    """The site name when the line is the headline again plus "| The Outlet" (or "- The Outlet")."""
    if comparison_form(line) == comparison_form(title) or not comparison_form(line).startswith(comparison_form(title)):
        return None
    m = re.match(r"^(?P<head>.+?)\s+[|\-–—•·]\s+(?P<site>[A-Z0-9][^|]{0,40})$", line)
    if not m or comparison_form(m.group("head")) != comparison_form(title) or len(m.group("site").split()) > 5:
        return None
    return m.group("site").strip()


@dataclass
class Page:
    """Mutable working state for one article: what each raw line has become."""

    lines: list[str]
    role: dict[int, str] = field(default_factory=dict)  # index -> body/title/standfirst/removed/comment
    removed: list[dict] = field(default_factory=list)
    title: str | None = None
    standfirst: str | None = None
    author: str | None = None
    outlet: str | None = None

    def remove(self, i: int, kind: str, rule: str, text: str | None = None) -> None:
        self.role[i] = "removed"
        self.removed.append({"line_no": i + 1, "kind": kind, "rule": rule,
                             "text": self.lines[i].strip() if text is None else text})

    def open_lines(self, start: int = 0) -> list[int]:
        return [i for i in range(start, len(self.lines)) if self.lines[i].strip() and i not in self.role]


@dataclass(frozen=True)
class LineAt:
    """One line of a page as the positional rules see it: its index, its text and the next line's."""

    page: Page
    index: int
    line: str
    next_line: str = ""

    @property
    def before_title(self) -> bool:
        return self.page.title is None

    @property
    def headline_next(self) -> bool:
        """The next line reads like a headline: what a masthead, crumb or name above it sits over."""
        return bool(self.next_line) and is_title_like(self.next_line)


# A positional rule: (name, finding, effect). `finding` returns what the effect needs (a truthy
# value) or a falsy one when the rule does not apply; the first rule that finds something acts.
Finding = Callable[[LineAt], object]
Effect = Callable[[LineAt, object], None]
PositionalRule = tuple[str, Finding, Effect]


def _remove(kind: str, rule: str) -> Effect:
    def effect(at: LineAt, _found: object) -> None:
        at.page.remove(at.index, kind, rule)
    return effect


def _remove_as_line_rule(at: LineAt, found: tuple[str, str]) -> None:
    at.page.remove(at.index, *found)


def _remove_byline(rule: str) -> Effect:
    def effect(at: LineAt, name: str) -> None:
        at.page.remove(at.index, "byline", rule)
        at.page.author = at.page.author or name
    return effect


def _remove_site_title(at: LineAt, site: str) -> None:
    at.page.remove(at.index, "duplicate_title", "title_with_site")
    at.page.outlet = at.page.outlet or site


def _remove_masthead(at: LineAt, outlet: str) -> None:
    at.page.remove(at.index, "site_chrome", "masthead")
    at.page.outlet = at.page.outlet or outlet


def _take_title(at: LineAt, _found: object) -> None:
    at.page.title = at.line
    at.page.role[at.index] = "title"


def _take_standfirst(at: LineAt, _found: object) -> None:
    at.page.standfirst = at.line
    at.page.role[at.index] = "standfirst"


def _repeats_title(at: LineAt) -> bool:
    return not at.before_title and comparison_form(at.line) == comparison_form(at.page.title)


def _site_after_title(at: LineAt) -> str | None:
    return None if at.before_title else title_with_site(at.line, at.page.title)


def _breadcrumb_over_headline(at: LineAt) -> bool:
    return bool(CRUMB_SEPARATED.match(at.line)) or (at.before_title and bool(CRUMB_HOME.match(at.line))
                                                     and at.headline_next)


def _standfirst(at: LineAt) -> bool:
    return (not at.before_title and at.page.standfirst is None and restates_title(at.line, at.page.title)
            and not byline_in(at.line, at.next_line))


LINE_RULE: PositionalRule = ("line_rule", lambda at: match_line_rule(at.line), _remove_as_line_rule)
TITLE_REPEAT: PositionalRule = ("title_repeat", _repeats_title, _remove("duplicate_title", "title_repeat"))
TITLE_WITH_SITE: PositionalRule = ("title_with_site", _site_after_title, _remove_site_title)

# The top of a page, line by line until a line no rule takes: what sits above the headline, the
# headline, and what follows it.
TOP_RULES: tuple[PositionalRule, ...] = (
    LINE_RULE,
    ("by_line", lambda at: byline_name(at.line), _remove_byline("by_line")),
    ("name_and_role", lambda at: name_with_role(at.line), _remove_byline("name_and_role")),
    ("breadcrumb", _breadcrumb_over_headline, _remove("navigation", "breadcrumb")),
    ("title_with_site_above", lambda at: at.before_title and at.headline_next and title_with_site(at.line, at.next_line),
     _remove_site_title),
    ("masthead", lambda at: at.before_title and at.headline_next and is_masthead(at.line) and at.line,
     _remove_masthead),
    ("lone_name_above", lambda at: at.before_title and at.headline_next and is_person_name(at.line) and at.line,
     _remove_byline("lone_name")),
    ("headline", lambda at: at.before_title and is_title_like(at.line), _take_title),
    TITLE_REPEAT,
    TITLE_WITH_SITE,
    ("lone_name", lambda at: not at.before_title and at.page.author is None and is_person_name(at.line) and at.line,
     _remove_byline("lone_name")),
    ("standfirst", _standfirst, _take_standfirst),
)

# Lines between the top and the tail that page rules still take (share blocks aside).
BODY_RULES: tuple[PositionalRule, ...] = (
    LINE_RULE,
    TITLE_REPEAT,
    TITLE_WITH_SITE,
    ("breadcrumb", lambda at: CRUMB_SEPARATED.match(at.line), _remove("navigation", "breadcrumb")),
)


def apply_first(rules: tuple[PositionalRule, ...], at: LineAt) -> str | None:
    """Apply the first rule that finds something in the line; its name, or None."""
    for name, finding, effect in rules:
        found = finding(at)
        if found:
            effect(at, found)
            return name
    return None


def scan_top(page: Page, start: int = 0) -> list[tuple[int, str]]:
    """Mastheads, crumbs, bylines and credits above the headline; the headline; what follows it.
    Returns the (line index, rule name) of each line taken, in order."""
    candidates = page.open_lines(start)[:TOP_SCAN_LIMIT]
    taken = []
    for pos, i in enumerate(candidates):
        nxt = page.lines[candidates[pos + 1]].strip() if pos + 1 < len(candidates) else ""
        name = apply_first(TOP_RULES, LineAt(page, i, page.lines[i].strip(), nxt))
        if name is None:
            break
        taken.append((i, name))
    return taken


def scan_tail(page: Page) -> None:
    """Source footers at the end ("Source: Read Full Article", "From X"), read from the bottom up."""
    for i in reversed(range(len(page.lines))):
        line = page.lines[i].strip()
        if not line or page.role.get(i) in ("removed", "comment"):
            continue
        if match_line_rule(line) or SHARE_BLOCK_HEADING.match(line):
            continue
        footer = match_footer(line)
        if not footer:
            return
        name, outlet = footer
        page.remove(i, "source_footer", name)
        if outlet and not page.outlet:
            page.outlet = outlet


def scan_body(page: Page) -> None:
    """Line rules, share blocks, repeated titles and captions between the top and the tail."""
    in_share_block = False
    for i in page.open_lines():
        line = page.lines[i].strip()
        heading = SHARE_BLOCK_HEADING.match(line)
        if heading:
            page.remove(i, "share_prompt", "share_block_heading")
            named = heading.group("outlet").strip()
            if named and not page.outlet:
                page.outlet = named
            in_share_block = True
            continue
        if in_share_block and BULLET.match(page.lines[i]):
            page.remove(i, "share_prompt", "share_block_item")
            continue
        in_share_block = False
        apply_first(BODY_RULES, LineAt(page, i, line))
    body = page.open_lines()  # the first and last body lines are never taken for captions
    for k, i in enumerate(body):
        if k == 0 or k == len(body) - 1:
            continue
        line = page.lines[i].strip()
        before = page.lines[body[k - 1]].strip()
        after = page.lines[body[k + 1]].strip()
        set_apart = not page.lines[i - 1].strip() and (i + 1 >= len(page.lines) or not page.lines[i + 1].strip())
        if is_caption_like(line) and set_apart and not before.endswith(":") and not after[:1].islower():
            page.remove(i, "caption", "unpunctuated_description")


# Separators between a headline and the site or section names around it in an HTML <title>.
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—•·«»:]|::)\s+")
SITE_NAME_MAX_WORDS = 6
HEADLINE_SEARCH_LIMIT = 400  # non-blank lines searched for the headline shown again on the page
# An HTML title has a few pieces ("Section | Headline | Outlet"); a first line with more is prose
# (an article on one line), and trying every span of its pieces would cost time cubic in its length.
TITLE_MAX_PIECES = 8


def _title_pieces(line: str) -> tuple[list[str], list[str]]:
    """The pieces of an HTML-title-like line and the separators between them."""
    pieces = TITLE_SEPARATOR.split(line)
    seps = TITLE_SEPARATOR.findall(line)
    return [p.strip() for p in pieces], seps


def _joined(pieces: list[str], seps: list[str], a: int, b: int) -> str:
    out = pieces[a]
    for k in range(a + 1, b):
        out += seps[k - 1] + pieces[k]
    return out


SHORT_LINE_WORDS = 8


def _site_like(text: str, page: Page, first: int) -> bool:
    """A short capitalised name (or domain) that reads like a site: an outlet word, or named again in
    a short line of the page (a masthead, a copyright line), not only in its prose."""
    words = text.split()
    if not 1 <= len(words) <= SITE_NAME_MAX_WORDS or SENTENCE_END.search(text):
        return False
    if not any(c.isupper() for c in text[:2]) and not DOMAIN.match(text):
        return False
    if names_outlet(text):
        return True
    return any(text in page.lines[i] and len(split_words(page.lines[i])) <= SHORT_LINE_WORDS
               for i in page.open_lines() if i != first)


def pick_page_headline(page: Page) -> int | None:
    """A page that opens with its HTML title ("Headline - Site", "Section | Headline | Outlet"):
    the headline shown again further down becomes the title, the first line is removed, and the
    site name fills the outlet. Returns the raw index of the headline line, or None."""
    open_lines = page.open_lines()
    if not open_lines:
        return None
    first = open_lines[0]
    line = page.lines[first].strip()
    pieces, seps = _title_pieces(line)
    if len(pieces) > TITLE_MAX_PIECES:
        return None
    spans = sorted(((a, b) for a in range(len(pieces)) for b in range(a + 1, len(pieces) + 1)),
                   key=lambda ab: (-(ab[1] - ab[0]), ab[0]))
    shown = {comparison_form(page.lines[i]): i for i in reversed(open_lines[1:HEADLINE_SEARCH_LIMIT])}
    for a, b in spans:
        head = _joined(pieces, seps, a, b)
        if (a, b) == (0, len(pieces)) and len(open_lines) > 1 and shown.get(comparison_form(head)) == open_lines[1]:
            return None  # the headline twice in a row: the first is the title (scan_top)
        if len(pieces) > 1 and a == len(pieces) - 1:
            continue  # the last piece alone is the site's name, not the headline
        if len(split_words(head)) >= 2 and comparison_form(head) in shown:
            return _set_headline(page, first, shown[comparison_form(head)], head, pieces[b:])
    if len(pieces) >= 2 and _site_like(pieces[-1], page, first) and is_title_like(pieces[0]):
        head = _joined(pieces, seps, 0, len(pieces) - 1)
        return _set_headline(page, first, None, head, pieces[-1:])
    return None


def _set_headline(page: Page, first: int, shown_at: int | None, head: str, after: list[str]) -> int:
    site = after[-1] if after and 1 <= len(after[-1].split()) <= SITE_NAME_MAX_WORDS else None
    page.outlet = page.outlet or site
    if shown_at is None:
        page.title = head
        page.role[first] = "title"
        return first
    page.remove(first, "duplicate_title", "html_title")
    page.title = page.lines[shown_at].strip()
    page.role[shown_at] = "title"
    return shown_at


BYLINE_WINDOW = 25  # non-blank lines after the headline searched for a byline


def find_author(page: Page, headline: int | None) -> None:
    """A byline near the headline on a page whose top the scan above did not reach."""
    if page.author is not None:
        return
    start = headline if headline is not None else 0
    near = [i for i in range(start, len(page.lines)) if page.lines[i].strip()][:BYLINE_WINDOW]
    kind_of = {r["line_no"] - 1: r["kind"] for r in page.removed}
    # a dateline may carry the byline; a photo credit "by X" or a comment names no author
    near = [i for i in near if i not in page.role or kind_of.get(i) in ("site_chrome", "byline")]
    for k, i in enumerate(near):
        nxt = page.lines[near[k + 1]].strip() if k + 1 < len(near) else ""
        name = byline_in(page.lines[i].strip(), nxt)
        if name:
            page.author = name
            for j in (i, near[k + 1]) if page.lines[i].strip().casefold() in ("by", "by:") else (i,):
                if j not in page.role:
                    page.remove(j, "byline", "by_line")
            return
