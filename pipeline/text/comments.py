"""Reader comments in a page's text: the block of comments, each with its author and place in the
reply tree, in three layouts (numbered, "Name says:", and forum name-then-date)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.text.bylines import NOT_NAME_WORDS, is_person_name
from pipeline.text.line_rules import SENTENCE_END, match_footer, match_line_rule, split_words

# Comments: "  1. Author" with the comment text indented deeper below it.
COMMENT_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<num>\d{1,4})[.)]\s+(?P<author>\S.{0,80}?)\s*$")
COMMENT_AUTHOR_TAIL = re.compile(r"\s+(says|said|wrote|replied)\b.*$|\s*:$", re.I)
COMMENT_RULES = {"numbered": "numbered_comment", "says": "says_comment", "dated": "dated_comment"}
DATED_SAYS_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<author>[^\s.!?:\"'‘“][^.!?:]{0,60}?)\s+on\s+(?P<date>.{4,60}?)\s+"
                               r"(says|said|wrote|replied)\s*:\s*$", re.I)


SAYS_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<author>[^\s.!?:\"'‘“][^.!?:]{0,80}?)\s+(says|said|wrote|replied)\s*:\s*$", re.I)
COMMENT_DATE = re.compile(r"^(?=.{4,60}$)(?=.*\d)(?=.*(\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
                          r"\d{1,2}[:.]\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\bago$)).*$", re.I)


COMMENT_CHROME = re.compile(r"^(reply|like|likes?|loading\.{0,3}|liked by .*|report( comment)?|"
                            r"\d+ (likes?|replies)|permalink|edit|\(?view all\)?|"
                            r"(rating|score|votes?|points?):?\s*[+-]?\d+( (votes?|points?))?)$", re.I)


# A comment section's heading: "Comments", "[ 167 comments ]", "Top Rated Comments", "12 Responses".
COMMENTS_HEADING = re.compile(r"^\W*(\d+\s+|top rated |reader |latest |all )?(comments?|responses|replies)"
                              r"(\s*\(\d+\))?\W*$", re.I)


COMMENT_NAME = re.compile(r"^[\w][\w.'’ -]{0,30}$")
DATED_START_WITHIN = 12  # non-blank lines after the heading where the first forum comment must start


def _indent(raw: str) -> int:
    return len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())


def _next_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return j
    return None


def _dated_marker(lines: list[str], i: int, j: int) -> tuple[str, int, None, str] | None:
    """A forum layout: the commenter's name alone on a line, the date on the next ("2 days ago at
    07:52 am"), then the text. Read only below a comment section's heading (see extract_comments)."""
    name = lines[i].strip()
    if not COMMENT_NAME.match(name) or len(name.split()) > 4 or COMMENTS_HEADING.match(name):
        return None
    if name.isupper() or name.split()[0].casefold() in NOT_NAME_WORDS:  # "GET IT", "Reply"
        return None
    if not COMMENT_DATE.match(lines[j].strip()) or match_line_rule(name):
        return None
    return "dated", _indent(lines[i]), None, name


def _marker(lines: list[str], i: int) -> tuple[str, int, str | None, str | None] | None:
    """(style, indent, shown number, author) when line i opens a reader comment.

    Two layouts: a numbered author line with the text indented deeper below it ("numbered"), and
    "Name says:" followed by a date line ("says", the common blog layout).
    """
    raw = lines[i].expandtabs(4)
    j = _next_nonblank(lines, i)
    if j is None:
        return None
    m = COMMENT_MARKER.match(raw)
    if m:
        author = _comment_author(m.group("author"))
        if SENTENCE_END.search(m.group("author")) and not COMMENT_AUTHOR_TAIL.search(m.group("author")):
            return None
        if author is None or len(split_words(author)) > 6:
            return None
        if _indent(lines[j]) <= len(m.group("indent")) or COMMENT_MARKER.match(lines[j].expandtabs(4)):
            return None
        return "numbered", len(m.group("indent")), m.group("num"), author
    m = DATED_SAYS_MARKER.match(raw)
    if m and COMMENT_DATE.match(m.group("date")):
        author = _comment_author(m.group("author"))
        if author and len(author.split()) <= 6:
            return "says", len(m.group("indent")), None, author
    m = SAYS_MARKER.match(raw)
    if m and COMMENT_DATE.match(lines[j].strip()):
        author = _comment_author(m.group("author"))
        if author and (len(author.split()) == 1 or is_person_name(author)):
            return "says", len(m.group("indent")), None, author
    return None


def _comment_author(shown: str) -> str | None:
    author = COMMENT_AUTHOR_TAIL.sub("", shown).strip()
    author = re.sub(r"\s+on\s+\S.*\d.*$", "", author).strip()
    return author or None


Marker = Callable[[list[str], int], tuple[str, int, str | None, str | None] | None]


def _forum_marker(heading: int) -> Marker:
    """The forum layout's author lines, read only below the comment section's heading."""
    def marker(lines: list[str], i: int):
        j = _next_nonblank(lines, i)
        return _dated_marker(lines, i, j) if i > heading and j is not None else None
    return marker


def _block_start(lines: list[str]) -> tuple[int, Marker] | None:
    """The first author line of the comment block and the reader of its layout's author lines."""
    start = next((i for i in range(len(lines)) if _marker(lines, i)), None)
    if start is not None:
        return start, _marker
    heading = next((i for i, ln in enumerate(lines) if COMMENTS_HEADING.match(ln.strip())), None)
    if heading is None:
        return None
    marker = _forum_marker(heading)
    near = [i for i in range(heading + 1, len(lines)) if lines[i].strip()][:DATED_START_WITHIN]
    start = next((i for i in near if marker(lines, i)), None)
    return None if start is None else (start, marker)


@dataclass
class _Thread:
    """The reply tree while a block is read: open author lines by indent, replies per parent."""

    stack: list[tuple[int, str]] = field(default_factory=list)  # (author-line indent, comment_id)
    children: dict[str | None, int] = field(default_factory=dict)

    def open(self, indent: int, num: str | None, author: str | None, line_no: int) -> dict:
        """A new comment under the nearest less indented author line."""
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else None
        self.children[parent] = self.children.get(parent, 0) + 1
        shown = num if num is not None else str(self.children[parent])
        cid = f"{parent}.{shown}" if parent else shown
        comment = {"comment_id": cid, "parent_id": parent, "depth": len(self.stack), "author": author,
                   "paras": [], "line_start": line_no, "line_end": line_no}
        self.stack.append((indent, cid))
        return comment


def _is_chrome(style: str, text: str, current: dict) -> bool:
    """A reply button, a like count, or (in the says and forum layouts) the date under the author."""
    return bool(COMMENT_CHROME.match(text) or (style in ("says", "dated") and not current["paras"]
                                               and COMMENT_DATE.match(text)))


def _ends_block(style: str, raw: str, text: str, chrome: bool) -> bool:
    """A numbered block ends at an unindented line; the others at a line a page rule recognises."""
    if style == "numbered":
        return _indent(raw) == 0
    return not chrome and bool(match_line_rule(text) or match_footer(text))


def _read_block(lines: list[str], start: int, marker: Marker) -> tuple[str, list[dict], set[int]]:
    """(layout, comments with their paragraphs, covered line indexes) of the block from `start`."""
    style = marker(lines, start)[0]
    thread, comments, covered = _Thread(), [], set()
    current: dict = {}
    for i in range(start, len(lines)):
        raw, text = lines[i], lines[i].strip()
        if not text:
            continue
        mk = marker(lines, i)
        if mk and mk[0] == style:
            current = thread.open(mk[1], mk[2], mk[3], i + 1)
            comments.append(current)
            covered.add(i)
            continue
        chrome = _is_chrome(style, text, current)
        if _ends_block(style, raw, text, chrome):
            break
        covered.add(i)
        current["line_end"] = i + 1
        if not chrome:
            current["paras"].append(text)
    return style, comments, covered


def _comment_rows(comments: list[dict]) -> list[dict]:
    """Comments as rows; a number shown twice keeps its first id and repeats get a suffix."""
    seen: dict[str, int] = {}
    out = []
    for c in comments:
        cid = c["comment_id"]
        seen[cid] = seen.get(cid, 0) + 1
        if seen[cid] > 1:
            cid = f"{cid}~{seen[cid]}"
        out.append({"comment_id": cid, "parent_id": c["parent_id"], "depth": c["depth"], "author": c["author"],
                    "text": "\n\n".join(c["paras"]), "line_start": c["line_start"], "line_end": c["line_end"]})
    return out


def extract_comments(lines: list[str]) -> tuple[list[dict], dict[int, str]]:
    """Reader comments, and the 0-based line indexes they cover with the layout rule that found them.

    The block starts at the first comment author line. In the numbered layout it runs while lines
    are blank, indented, or further author lines; in the "says" and forum ("dated") layouts it runs
    until a line that a page rule recognises (a comment form, a footer). The forum layout is read
    only below a comment section's heading, so a byline and date above an article are never taken
    for a comment. Nesting follows the indentation of author lines.
    """
    found = _block_start(lines)
    if found is None:
        return [], {}
    style, comments, covered = _read_block(lines, *found)
    out = _comment_rows(comments)
    if style == "dated" and not _reads_like_a_thread(out):
        return [], {}
    return out, {i: COMMENT_RULES[style] for i in covered}


def _reads_like_a_thread(comments: list[dict]) -> bool:
    """Forum-layout comments are believed only as a thread: two or more, most with some text."""
    with_text = sum(len(c["text"].split()) >= 3 for c in comments)
    return len(comments) >= 2 and with_text >= 0.75 * len(comments)
