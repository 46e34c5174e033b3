"""Turn the decoded text of one scraped article into clean body paragraphs plus a record of the rest.

Every non-blank raw line is either a body paragraph, the title, the standfirst, part of a reader
comment, or a removed line with a kind (from schemas.REMOVED_KINDS) and the name of the rule that
removed it. The rules are module-level data: full-line patterns, an outlet vocabulary, and a few
positional rules (the top of the article, the tail, the comment block). Kept paragraphs are the raw
lines stripped of surrounding whitespace and never rewritten, except that a scrape-residue fragment
glued to the first word is cut off and recorded as an artifact.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.text import htmlpage
from pipeline.text import lines as line_model
from pipeline.text.normalise import JOURNALIST_ROLES, NAME_PARTICLES, comparison_form
from pipeline import schemas

# ---- result --------------------------------------------------------------------------------------


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


# ---- rule tables ---------------------------------------------------------------------------------

_I = re.IGNORECASE

# Full-line rules that apply anywhere in the article: (rule name, kind, pattern on the stripped line).
LINE_RULES: tuple[tuple[str, str, re.Pattern], ...] = tuple(
    (name, kind, re.compile(pattern, flags))
    for name, kind, pattern, flags in (
        # site chrome: widgets and labels of the page around the article
        ("text_settings", "site_chrome", r"^(text settings|font size|text size|reading mode)$", _I),
        ("page_widget", "site_chrome",
         r"^(skip to (main )?content|menu|search|sign in|log in|login|register|subscribe|print|"
         r"listen( to this article)?|comments?|view comments|show comments|"
         r"most (read|popular)|trending( now)?|close|back to top|toggle navigation|"
         r"open (in )?app|save( article)?|bookmark|gift (this )?article|reuse this content|most viewed|"
         r"topics|tags)$", _I),
        ("reading_time", "site_chrome", r"^\d{1,3} min(ute)?s? read$", _I),
        ("article_age", "site_chrome", r"^this (article|story) is (more|over) than \w+ (days?|weeks?|months?|years?) old$", _I),
        ("dateline", "site_chrome",
         r"^((published|updated|posted|last updated)( on)?:?\s*)?((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
         r"(\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|"
         r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|"
         r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
         r"([\s,]+(at\s+)?\d{1,2}[:.]\d{2}\s*(am|pm)?(\s*[A-Z]{2,4})?)?$", _I),
        ("published_label", "site_chrome", r"^(published|updated|posted|last updated)\s*(on|:)\s*\S.{0,120}$", _I),
        # adverts
        ("advert_label", "advert",
         r"^(advertisement|advertising|sponsored( content)?|promoted( content)?|ad|paid content|"
         r"(story|article) continues below( this)?( advertisement| ad)?|continue reading below|"
         r"scroll (down )?to continue( with content)?|partner content)$", _I),
        # share prompts
        ("share_button", "share_prompt",
         r"^(share( this)?( article| story| post| page)?( on \w+)?|share via \w+|click to share.*|"
         r"tweet( this)?|email( this)?|pin it|like this:?|share this:?|spread the word)$", _I),
        ("share_and_like", "share_prompt",
         r"^(?=.{0,200}$).*\b(share and like|like and share|please share (this|our)|share (this|our) (article|post|story)s?|"
         r"follow us on|like us on facebook|sign up (to|for) (our|the) .{0,40}newsletter)", _I),
        ("share_or_comment", "share_prompt",
         r"^(share|comment|share or comment|share and comment)( on)? this (article|story|post|page)\b.{0,30}$", _I),
        ("follow_prompt", "share_prompt",
         r"^follow (@?[\w .'-]{1,40}) on (twitter|x|facebook|instagram|threads|bluesky|linkedin)\b.{0,60}$", _I),
        # photo credits
        ("photos_by", "photo_credit", r"^(all )?(photo(graph)?s?|pictures?|images?|video)( and \w+)? by\s+\S.{0,60}$", _I),
        ("image_source_label", "photo_credit", r"^image source\b.{0,80}$", _I),
        ("photo_label", "photo_credit",
         r"^(photo(graph)?|picture|image|credit|pic)s?( credit)?\s*:\s*[^.]{1,80}$", _I),
        ("agency_credit", "photo_credit",
         r"^[^.]{0,80}(/|©|\(c\))\s*(getty( images)?|reuters|ap|pa( wire| media)?|afp|shutterstock|alamy|"
         r"epa|rex( features)?|bbc|\w+ images)\s*\)?$", _I),
        # captions said to be captions
        ("pictured_label", "caption", r"(^|\s)pictured( (left|right|above|below|top|centre|center|inset))?:\s", _I),
        ("position_label", "caption", r"^(above|below|left|right|top|inset|main picture)( (left|right))?:\s", _I),
        ("credited_caption", "caption",
         r"^(?=.{30,}).*\((photo(graph)?|image|picture|pic|credit)s?\s*:\s*[^)]{1,60}\)\s*$", _I),
        ("image_caption_label", "caption", r"^(image|media|video) caption\b", _I),
        ("pictured_prefix", "caption", r"^(pictured|picture shows|image shows|photo shows)\b", _I),
        # related links
        ("related_label", "related_links",
         r"^(related( articles?| stories| coverage| content| posts?| reading)?|read more|read also|see also|"
         r"more on this( story)?|you (may|might) also like|recommended( for you| reading)?|further reading|"
         r"more (from|stories from) [\w .'-]{1,40}|also read|explore more on these topics)\s*([:|–—-]\s*\S.{0,150})?$",
         _I),
        ("click_to_read", "related_links", r"^click here to (read|see|find out)\b.{0,150}$", _I),
        # comment forms
        ("comments_heading", "comment_section",
         r"^[\[(]?\s*(\d+ (thoughts|responses|replies|comments) on\b.{0,200}|\d+ (comments?|responses|replies)|"
         r"comments \(\d+\)|(reader|top rated|latest|newest|oldest|most liked|all) comments|"
         r"join the (conversation|discussion))\s*[\])]?$", _I),
        ("reply_heading", "comment_form", r"^(leave a (reply|comment)|post a comment|add (a|your) comment|"
         r"comments are closed\.?|cancel reply|post comment|submit comment)$", _I),
        ("details_prompt", "comment_form", r"^fill in your details below", _I),
        ("commenting_as", "comment_form", r"^you are commenting using your\b", _I),
        ("account_picture", "comment_form", r"^(twitter|facebook|google|wordpress(\.com)?|linkedin) (picture|photo|account)$", _I),
        ("connecting_to", "comment_form", r"^connecting to %s$", _I),
        ("notify_me", "comment_form", r"^notify me of (new|follow-up) (comments|posts)", _I),
        ("required_field", "comment_form", r"^(name|email|website|comment)( \(required\)| \*)?\s*\*?$", _I),
        ("comment_policy", "comment_form", r"^(your email address will not be published|required fields are marked)", _I),
    )
)

# Lines that end an article and often name its outlet: (rule name, pattern with an optional `outlet` group).
FOOTER_RULES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (name, re.compile(pattern, _I))
    for name, pattern in (
        ("read_full_article", r"^(source:\s*)?(read (the )?full (article|story)( (at|on) (?P<outlet>.{2,60}))?)\s*$"),
        ("source_label", r"^source\s*:\s*(?P<outlet>[^.]{2,80})$"),
        ("originally_published",
         r"^(this (article|story|piece) )?(was )?(originally|first) (published|appeared|posted) (on|in|at|by) "
         r"(?P<outlet>[^.,]{2,60})\.?$"),
        ("from_outlet", r"^from (the )?(?P<outlet>[A-Z0-9][\w&'’.-]*( [A-Z0-9&][\w&'’.-]*){0,5})$"),
        ("copyright_line", r"^(©|\(c\)|copyright)\s*(\d{4}\s*)?(?P<outlet>[^.]{2,60})\.?( all rights reserved\.?)?$"),
    )
)

# Footers whose named source is taken as the outlet only when it reads like a publication.
OUTLET_NEEDS_EVIDENCE = frozenset({"source_label"})

# Headings that open a block of share/support prompts; the bullets under them are prompts too.
SHARE_BLOCK_HEADING = re.compile(
    r"^(?i:ways (you|to) (can )?(help|support)( us)?|how (you )?can (you )?help( us)?|how to (help|support)( us)?|"
    r"support (us|our (work|journalism))|help us)\b\s*(?P<outlet>([A-Z0-9][\w'’&.-]*\s*){0,6}?)\s*:?$")
BULLET = re.compile(r"^\s*([•●▪◦·*\-–—]|\d{1,2}[.)])\s+")

# Words that mark a short line at the top as the name of a publication (a masthead).
OUTLET_WORDS = frozenset("""
telegraph times post guardian herald mail express independent mirror standard tribune journal
gazette chronicle observer spectator news echo record star sun examiner courier argus bulletin review
magazine monitor daily weekly online views press today insider wire voice canary metro scotsman
economist statesman reuters bbc cnn bloomberg politico huffpost vice vox salon slate atlantic
dispatch sentinel enquirer inquirer register digest report reporter blog network media
""".split())
DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)*\.(com|co\.uk|org|net|news|uk|io|info)$", _I)

# Navigation crumbs: "Home News UK", "Home > Politics > Labour", "News | UK | Politics".
CRUMB_HOME = re.compile(r"^[Hh]ome(\s*[>»›/|]\s*|\s+)([A-Z][\w&'’-]*)(\s*[>»›/|]?\s*[A-Z][\w&'’-]*){0,4}$")
CRUMB_SEPARATED = re.compile(r"^[^>»›|.!?]{1,30}(\s*[>»›|]\s*[^>»›|.!?]{1,30}){2,}$")

# Bylines: "By Jane Smith", "Written by Jane Smith, Political Editor", "By Jane Smith | 12 May 2021".
BYLINE = re.compile(r"^(written |words |reporting |posted |story )?by:?\s+(?P<name>[^,|•·–—(]{2,60}?)\s*([,|•·–—(].*)?$", _I)
BYLINE_ROLE_NOUNS = JOURNALIST_ROLES | {"contributor", "staff"}
BYLINE_ROLE_WORDS = BYLINE_ROLE_NOUNS | frozenset("""
chief senior deputy associate political economics business health home foreign diplomatic security
education science technology sports sport arts media north south east west us uk europe africa asia
""".split())
# Name particles as bylines write them, abbreviated ("St. John", "Mc Donald", "O' Brien") too.
BYLINE_NAME_PARTICLES = NAME_PARTICLES | {"st.", "mc", "o'"}
NOT_NAME_WORDS = frozenset("""
skip navigation menu search home subscribe sign login log share follow advertisement newsletter
close open more next previous back top print email comments reply updated published posted
the a an of in on to for and or with at from by is are was were be has have had will would can
not no this that these those it its our your their his her my we you they he she i what why how
who when where new after before over under as but if than then so
""".split())

# Scrape residue glued to the first word of a paragraph: an ID code such as "B005" before "This".
GLUED_CODE = (
    ("glued_id_code", re.compile(r"^(?P<frag>[A-Z]{1,3}\d{2,6}|\d{3,6}[A-Z]{1,3}\d*)(?=[A-Z][a-z]+\b)")),
)

# Comments: "  1. Author" with the comment text indented deeper below it.
COMMENT_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<num>\d{1,4})[.)]\s+(?P<author>\S.{0,80}?)\s*$")
COMMENT_AUTHOR_TAIL = re.compile(r"\s+(says|said|wrote|replied)\b.*$|\s*:$", _I)
COMMENT_RULES = {"numbered": "numbered_comment", "says": "says_comment", "dated": "dated_comment"}
DATED_SAYS_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<author>[^\s.!?:\"'‘“][^.!?:]{0,60}?)\s+on\s+(?P<date>.{4,60}?)\s+"
                               r"(says|said|wrote|replied)\s*:\s*$", _I)
SAYS_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<author>[^\s.!?:\"'‘“][^.!?:]{0,80}?)\s+(says|said|wrote|replied)\s*:\s*$", _I)
COMMENT_DATE = re.compile(r"^(?=.{4,60}$)(?=.*\d)(?=.*(\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
                          r"\d{1,2}[:.]\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\bago$)).*$", _I)
COMMENT_CHROME = re.compile(r"^(reply|like|likes?|loading\.{0,3}|liked by .*|report( comment)?|"
                            r"\d+ (likes?|replies)|permalink|edit|\(?view all\)?|"
                            r"(rating|score|votes?|points?):?\s*[+-]?\d+( (votes?|points?))?)$", _I)
# A comment section's heading: "Comments", "[ 167 comments ]", "Top Rated Comments", "12 Responses".
COMMENTS_HEADING = re.compile(r"^\W*(\d+\s+|top rated |reader |latest |all )?(comments?|responses|replies)"
                              r"(\s*\(\d+\))?\W*$", _I)
COMMENT_NAME = re.compile(r"^[\w][\w.'’ -]{0,30}$")
DATED_START_WITHIN = 12  # non-blank lines after the heading where the first forum comment must start

FUNCTION_WORD_END = re.compile(r"\b(a|an|the|as|of|by|to|and|or|with|for|in|on|at|from|that|which|who|"
                               r"but|than|is|was|are|were|his|her|their|its)$", _I)
PLACE_WORDS = frozenset("park road street lane avenue stadium arena ground hall house centre center square "
                        "bridge court field fields hill gardens city town county island street".split())
SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*$")
LINE_END_CONTINUES = re.compile(r"[,;:\-–—(]$")
INNER_SENTENCE_BREAK = re.compile(r"[.!?][\"'’”)]*\s+[\"'‘“(]?[A-Z0-9]")
QUOTE_OPEN = re.compile(r"^[\"'‘’“”«]")
WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")

TITLE_MAX_WORDS = 30
CAPTION_MIN_WORDS = 10
CAPTION_MAX_WORDS = 45
STANDFIRST_MAX_WORDS = 70
STANDFIRST_MIN_OVERLAP = 0.5
STANDFIRST_MIN_WORDS = 8
MASTHEAD_MAX_WORDS = 5
TOP_SCAN_LIMIT = 12  # non-blank lines looked at before the body must have started


# ---- small text predicates -----------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return text.split()


def _content_words(text: str) -> set[str]:
    return {w.casefold().replace("’", "'") for w in WORD.findall(text)} - NOT_NAME_WORDS


def _is_title_like(line: str) -> bool:
    """A headline: short, starts capitalised, one sentence at most, not ending like prose."""
    n = len(_words(line))
    if not 1 <= n <= TITLE_MAX_WORDS or BULLET.match(line):
        return False
    if re.search(r"(?<!\.\.)[.,;:\-–—]$", line) or INNER_SENTENCE_BREAK.search(line.rstrip("?!.…")):
        return False
    first_word = line.lstrip("\"'‘“")
    first_word = first_word.split()[0] if first_word.split() else ""
    return first_word[:1].isupper() or first_word[:1] in "0123456789$£€&#" or any(c.isupper() for c in first_word)


def _is_person_name(text: str) -> bool:
    """Two to four capitalised name tokens (particles allowed), nothing else."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 4 or len(text) > 40:
        return False
    capitalised = 0
    for tok in tokens:
        low = tok.casefold()
        if low in BYLINE_NAME_PARTICLES:
            continue
        if low in NOT_NAME_WORDS or low.strip(".") in OUTLET_WORDS:
            return False
        if not re.fullmatch(r"[A-Z][A-Za-z'’\-]*\.?|[A-Z]\.", tok):
            return False
        capitalised += 1
    return capitalised >= 2 and tokens[-1].casefold() not in PLACE_WORDS


def _name_with_role(line: str) -> str | None:
    """A byline of a name followed by a job title: "Jane Smith Chief political correspondent"."""
    tokens = line.replace(",", " ").split()
    cut = 0
    while cut < len(tokens) and cut < 4 and tokens[cut].casefold() not in BYLINE_ROLE_WORDS:
        cut += 1
    name, role = " ".join(tokens[:cut]), [t.casefold().strip(".") for t in tokens[cut:]]
    if not role or len(role) > 5 or not BYLINE_ROLE_NOUNS & set(role) or not _is_person_name(name):
        return None
    return name


def _is_masthead(line: str) -> bool:
    """A short line naming a publication: an outlet word, or a bare domain."""
    if DOMAIN.match(line):
        return True
    words = _words(line)
    if not 1 <= len(words) <= MASTHEAD_MAX_WORDS or SENTENCE_END.search(line):
        return False
    if not all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in ("the", "of", "and", "&") for w in words):
        return False
    return _names_outlet(line)


def _names_outlet(text: str) -> bool:
    """A name that reads like a publication: an outlet word or a web domain."""
    return bool(DOMAIN.match(text)) or any(w.casefold().strip(".,'’") in OUTLET_WORDS for w in text.split())


def _byline_name(line: str) -> str | None:
    """The person named by a "By X" line, if it is one."""
    m = BYLINE.match(line)
    if not m:
        return None
    name = re.split(r"\s+(?:for|in|at|on)\s+", m.group("name").strip(), maxsplit=1, flags=_I)[0]
    tokens = name.split()
    while len(tokens) > 2 and tokens[-1].casefold() in BYLINE_ROLE_WORDS:
        tokens.pop()
    name = " ".join(tokens)
    parts = [p.strip() for p in re.split(r"\s+and\s+|\s*&\s*", name)]
    if all(_is_person_name(p) or (len(p.split()) == 1 and p[:1].isupper() and p.isalpha()) for p in parts):
        return name
    return None


def _is_caption_like(line: str) -> bool:
    """A photo description: one unpunctuated sentence of moderate length, not a heading or a quote."""
    n = len(_words(line))
    if not CAPTION_MIN_WORDS <= n <= CAPTION_MAX_WORDS:
        return False
    if SENTENCE_END.search(line) or LINE_END_CONTINUES.search(line) or re.search(r"[\"'’”)]$", line):
        return False
    if QUOTE_OPEN.match(line) or BULLET.match(line) or INNER_SENTENCE_BREAK.search(line):
        return False
    if FUNCTION_WORD_END.search(line) or line.count(",") >= 3:
        return False
    words = _words(line)
    if sum(w[:1].isupper() for w in words) >= 0.7 * len(words):
        return False
    return line[:1].isupper()


def _restates_title(line: str, title: str) -> bool:
    """A longer line that starts with the headline, or unpunctuated and sharing most of its words."""
    n_line, n_title = len(_words(line)), len(_words(title))
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
    title_words = _content_words(title)
    if not title_words:
        return False
    return len(title_words & _content_words(line)) / len(title_words) >= STANDFIRST_MIN_OVERLAP


def _title_with_site(line: str, title: str) -> str | None:
    """The site name when the line is the headline again plus "| The Outlet" (or "- The Outlet")."""
    if comparison_form(line) == comparison_form(title) or not comparison_form(line).startswith(comparison_form(title)):
        return None
    m = re.match(r"^(?P<head>.+?)\s+[|\-–—•·]\s+(?P<site>[A-Z0-9][^|]{0,40})$", line)
    if not m or comparison_form(m.group("head")) != comparison_form(title) or len(m.group("site").split()) > 5:
        return None
    return m.group("site").strip()


def _match_line_rule(line: str) -> tuple[str, str] | None:
    for name, kind, pattern in LINE_RULES:
        if pattern.search(line):
            return kind, name
    return None


def _match_footer(line: str) -> tuple[str, str | None] | None:
    for name, pattern in FOOTER_RULES:
        m = pattern.match(line)
        if m:
            outlet = m.groupdict().get("outlet")
            outlet = outlet.strip() if outlet else None
            if outlet and re.fullmatch(r"read (the )?full (article|story)", outlet, _I):
                outlet = None
            if outlet and name in OUTLET_NEEDS_EVIDENCE and not _names_outlet(outlet):
                outlet = None  # "Source: ONS" names where a figure came from, not the publisher
            return name, outlet
    return None


# ---- comments ------------------------------------------------------------------------------------


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
    if not COMMENT_DATE.match(lines[j].strip()) or _match_line_rule(name):
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
        if author is None or len(_words(author)) > 6:
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
        if author and (len(author.split()) == 1 or _is_person_name(author)):
            return "says", len(m.group("indent")), None, author
    return None


def _comment_author(shown: str) -> str | None:
    author = COMMENT_AUTHOR_TAIL.sub("", shown).strip()
    author = re.sub(r"\s+on\s+\S.*\d.*$", "", author).strip()
    return author or None


def extract_comments(lines: list[str]) -> tuple[list[dict], dict[int, str]]:
    """Reader comments, and the 0-based line indexes they cover with the layout rule that found them.

    The block starts at the first comment author line. In the numbered layout it runs while lines
    are blank, indented, or further author lines; in the "says" and forum ("dated") layouts it runs
    until a line that a page rule recognises (a comment form, a footer). The forum layout is read
    only below a comment section's heading, so a byline and date above an article are never taken
    for a comment. Nesting follows the indentation of author lines.
    """
    marker = _marker
    start = next((i for i in range(len(lines)) if _marker(lines, i)), None)
    heading = next((i for i, ln in enumerate(lines) if COMMENTS_HEADING.match(ln.strip())), None)
    if start is None and heading is not None:
        def marker(lines: list[str], i: int):
            j = _next_nonblank(lines, i)
            return _dated_marker(lines, i, j) if i > heading and j is not None else None
        near = [i for i in range(heading + 1, len(lines)) if lines[i].strip()][:DATED_START_WITHIN]
        start = next((i for i in near if marker(lines, i)), None)
    if start is None:
        return [], {}
    style = marker(lines, start)[0]
    comments: list[dict] = []
    covered: set[int] = set()
    stack: list[tuple[int, str]] = []  # (author-line indent, comment_id)
    children: dict[str | None, int] = {}
    current: dict | None = None
    for i in range(start, len(lines)):
        raw = lines[i]
        text = raw.strip()
        if not text:
            continue
        mk = marker(lines, i)
        if mk and mk[0] == style:
            _, indent, num, author = mk
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1] if stack else None
            children[parent] = children.get(parent, 0) + 1
            shown = num if num is not None else str(children[parent])
            cid = f"{parent}.{shown}" if parent else shown
            current = {"comment_id": cid, "parent_id": parent, "depth": len(stack), "author": author,
                       "paras": [], "line_start": i + 1, "line_end": i + 1}
            comments.append(current)
            stack.append((indent, cid))
            covered.add(i)
            continue
        chrome = COMMENT_CHROME.match(text) or (style in ("says", "dated") and not current["paras"]
                                                   and COMMENT_DATE.match(text))
        if style == "numbered" and _indent(raw) == 0:
            break
        if style in ("says", "dated") and not chrome and (_match_line_rule(text) or _match_footer(text)):
            break
        covered.add(i)
        current["line_end"] = i + 1
        if not chrome:
            current["paras"].append(text)
    seen: dict[str, int] = {}
    out = []
    for c in comments:
        cid = c["comment_id"]
        seen[cid] = seen.get(cid, 0) + 1
        if seen[cid] > 1:  # a number shown twice keeps its first id; repeats get a suffix
            cid = f"{cid}~{seen[cid]}"
        out.append({"comment_id": cid, "parent_id": c["parent_id"], "depth": c["depth"], "author": c["author"],
                    "text": "\n\n".join(c["paras"]), "line_start": c["line_start"], "line_end": c["line_end"]})
    if style == "dated" and not _reads_like_a_thread(out):
        return [], {}
    return out, {i: COMMENT_RULES[style] for i in covered}


def _reads_like_a_thread(comments: list[dict]) -> bool:
    """Forum-layout comments are believed only as a thread: two or more, most with some text."""
    with_text = sum(len(c["text"].split()) >= 3 for c in comments)
    return len(comments) >= 2 and with_text >= 0.75 * len(comments)


# ---- the article ---------------------------------------------------------------------------------


@dataclass
class _Page:
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


def _scan_top(page: _Page, start: int = 0) -> None:
    """Mastheads, crumbs, bylines and credits above the headline; the headline; what follows it."""
    candidates = page.open_lines(start)[:TOP_SCAN_LIMIT]
    pos = 0
    while pos < len(candidates):
        i = candidates[pos]
        line = page.lines[i].strip()
        nxt = page.lines[candidates[pos + 1]].strip() if pos + 1 < len(candidates) else ""
        rule = _match_line_rule(line)
        name = _byline_name(line)
        if rule:
            page.remove(i, *rule)
        elif name:
            page.remove(i, "byline", "by_line")
            page.author = page.author or name
        elif _name_with_role(line):
            page.remove(i, "byline", "name_and_role")
            page.author = page.author or _name_with_role(line)
        elif CRUMB_SEPARATED.match(line) or (
                page.title is None and CRUMB_HOME.match(line) and nxt and _is_title_like(nxt)):
            page.remove(i, "navigation", "breadcrumb")
        elif page.title is None and nxt and _is_title_like(nxt) and _title_with_site(line, nxt):
            page.remove(i, "duplicate_title", "title_with_site")
            page.outlet = page.outlet or _title_with_site(line, nxt)
        elif page.title is None and _is_masthead(line) and nxt and _is_title_like(nxt):
            page.remove(i, "site_chrome", "masthead")
            page.outlet = page.outlet or line
        elif page.title is None and _is_person_name(line) and nxt and _is_title_like(nxt):
            page.remove(i, "byline", "lone_name")
            page.author = page.author or line
        elif page.title is None and _is_title_like(line):
            page.title = line
            page.role[i] = "title"
        elif page.title is not None and comparison_form(line) == comparison_form(page.title):
            page.remove(i, "duplicate_title", "title_repeat")
        elif page.title is not None and _title_with_site(line, page.title):
            page.remove(i, "duplicate_title", "title_with_site")
            page.outlet = page.outlet or _title_with_site(line, page.title)
        elif page.title is not None and page.author is None and _is_person_name(line):
            page.remove(i, "byline", "lone_name")
            page.author = line
        elif page.title is not None and page.standfirst is None and _restates_title(line, page.title) \
                and not _byline_in(line, nxt):
            page.standfirst = line
            page.role[i] = "standfirst"
        else:
            return
        pos += 1


def _scan_tail(page: _Page) -> None:
    """Source footers at the end ("Source: Read Full Article", "From X"), read from the bottom up."""
    for i in reversed(range(len(page.lines))):
        line = page.lines[i].strip()
        if not line or page.role.get(i) in ("removed", "comment"):
            continue
        if _match_line_rule(line) or SHARE_BLOCK_HEADING.match(line):
            continue
        footer = _match_footer(line)
        if not footer:
            return
        name, outlet = footer
        page.remove(i, "source_footer", name)
        if outlet and not page.outlet:
            page.outlet = outlet


def _scan_body(page: _Page) -> None:
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
        rule = _match_line_rule(line)
        if rule:
            page.remove(i, *rule)
        elif page.title is not None and comparison_form(line) == comparison_form(page.title):
            page.remove(i, "duplicate_title", "title_repeat")
        elif page.title is not None and _title_with_site(line, page.title):
            page.remove(i, "duplicate_title", "title_with_site")
            page.outlet = page.outlet or _title_with_site(line, page.title)
        elif CRUMB_SEPARATED.match(line):
            page.remove(i, "navigation", "breadcrumb")
    body = page.open_lines()  # the first and last body lines are never taken for captions
    for k, i in enumerate(body):
        if k == 0 or k == len(body) - 1:
            continue
        line = page.lines[i].strip()
        before = page.lines[body[k - 1]].strip()
        after = page.lines[body[k + 1]].strip()
        set_apart = not page.lines[i - 1].strip() and (i + 1 >= len(page.lines) or not page.lines[i + 1].strip())
        if _is_caption_like(line) and set_apart and not before.endswith(":") and not after[:1].islower():
            page.remove(i, "caption", "unpunctuated_description")


# Separators between a headline and the site or section names around it in an HTML <title>.
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—•·«»:]|::)\s+")
SITE_NAME_MAX_WORDS = 6
HEADLINE_SEARCH_LIMIT = 400  # non-blank lines searched for the headline shown again on the page


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


def _site_like(text: str, page: _Page, first: int) -> bool:
    """A short capitalised name (or domain) that reads like a site: an outlet word, or named again in
    a short line of the page (a masthead, a copyright line), not only in its prose."""
    words = text.split()
    if not 1 <= len(words) <= SITE_NAME_MAX_WORDS or SENTENCE_END.search(text):
        return False
    if not any(c.isupper() for c in text[:2]) and not DOMAIN.match(text):
        return False
    if _names_outlet(text):
        return True
    return any(text in page.lines[i] and len(_words(page.lines[i])) <= SHORT_LINE_WORDS
               for i in page.open_lines() if i != first)


def _pick_page_headline(page: _Page) -> int | None:
    """A page that opens with its HTML title ("Headline - Site", "Section | Headline | Outlet"):
    the headline shown again further down becomes the title, the first line is removed, and the
    site name fills the outlet. Returns the raw index of the headline line, or None."""
    open_lines = page.open_lines()
    if not open_lines:
        return None
    first = open_lines[0]
    line = page.lines[first].strip()
    pieces, seps = _title_pieces(line)
    spans = sorted(((a, b) for a in range(len(pieces)) for b in range(a + 1, len(pieces) + 1)),
                   key=lambda ab: (-(ab[1] - ab[0]), ab[0]))
    shown = {comparison_form(page.lines[i]): i for i in reversed(open_lines[1:HEADLINE_SEARCH_LIMIT])}
    for a, b in spans:
        head = _joined(pieces, seps, a, b)
        if (a, b) == (0, len(pieces)) and len(open_lines) > 1 and shown.get(comparison_form(head)) == open_lines[1]:
            return None  # the headline twice in a row: the first is the title (_scan_top)
        if len(pieces) > 1 and a == len(pieces) - 1:
            continue  # the last piece alone is the site's name, not the headline
        if len(_words(head)) >= 2 and comparison_form(head) in shown:
            return _set_headline(page, first, shown[comparison_form(head)], head, pieces[b:])
    if len(pieces) >= 2 and _site_like(pieces[-1], page, first) and _is_title_like(pieces[0]):
        head = _joined(pieces, seps, 0, len(pieces) - 1)
        return _set_headline(page, first, None, head, pieces[-1:])
    return None


def _set_headline(page: _Page, first: int, shown_at: int | None, head: str, after: list[str]) -> int:
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
BYLINE_PIECES = re.compile(r"\s+[|•·–—-]\s+|\s*\|\s*")
BYLINE_TAIL = re.compile(r"\s+((updated|published|posted|last updated|on|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                         r"[a-z]*\.?)\b.*|\S*\d.*)$", _I)
BY_AT_END = re.compile(r"\bby\s+(?P<name>[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){1,3})\s*$")


def _byline_in(line: str, next_line: str) -> str | None:
    """The person a byline names: "By X", "By X - date", "By X Updated ...", "date | by X", or
    "By" alone above the name."""
    if line.casefold() in ("by", "by:") and _is_person_name(next_line):
        return next_line
    for piece in BYLINE_PIECES.split(line):
        if re.match(r"^by\b", piece, _I):
            name = _byline_name(BYLINE_TAIL.sub("", piece))
            if name:
                half = name.split()[: len(name.split()) // 2]
                return " ".join(half) if name.split() == half * 2 else name  # "Jane Doe Jane Doe"
    m = BY_AT_END.search(line)
    before = line[: m.start()] if m else ""
    if m and not SENTENCE_END.search(line) and (re.search(r"\d", before) or len(_words(before)) <= 3) \
            and _is_person_name(m.group("name")):
        return m.group("name")  # "Monday November 18, 2019 7:45 am PST by Joe Rossignol"
    return None


def _find_author(page: _Page, headline: int | None) -> None:
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
        name = _byline_in(page.lines[i].strip(), nxt)
        if name:
            page.author = name
            for j in (i, near[k + 1]) if page.lines[i].strip().casefold() in ("by", "by:") else (i,):
                if j not in page.role:
                    page.remove(j, "byline", "by_line")
            return


# Kinds for lines the model removes, first match wins: (kind, predicate on the stripped line).
MODEL_KIND_RULES: tuple[tuple[str, callable], ...] = (
    ("advert", lambda t: bool(re.search(r"\b(advertis\w*|sponsored|ad choices|adchoices)\b", t, _I))),
    ("share_prompt", lambda t: bool(re.search(
        r"\b(share\w*|follow|subscribe\w*|sign up|newsletters?|tweet|facebook|twitter|instagram|"
        r"linkedin|pinterest|whatsapp|e-?mail)\b", t, _I))),
    ("comment_form", lambda t: bool(re.search(r"\b(comments?|reply|replies|log ?in|sign in|register)\b", t, _I))),
    ("photo_credit", lambda t: bool(re.search(r"\b(photo\w*|image|credit|getty|pictures?)\b", t, _I))),
    ("related_links", lambda t: bool(re.search(r"\b(related|read (more|next)|recommended|more (from|on)|"
                                                 r"popular|trending|you may also)\b", t, _I))),
    ("byline", lambda t: bool(BYLINE.match(t)) or _is_person_name(t)),
    ("related_links", lambda t: len(_words(t)) >= 5 and not SENTENCE_END.search(t)),
    ("navigation", lambda t: len(_words(t)) <= 4),
    ("site_chrome", lambda t: True),
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


def is_other_language(page: _Page) -> bool:
    share = english_stop_share([page.lines[i] for i in page.open_lines()])
    return share is not None and share < ENGLISH_MIN_STOP_SHARE


def _remove_other_language(page: _Page) -> None:
    """A page not in English keeps no body: the rules and the model only know English pages."""
    for i in page.open_lines():
        page.remove(i, "other_language", "english_stopword_share")
BODY_THRESHOLD = 0.35
PROSE_THRESHOLD = 0.1  # a full sentence of prose goes only when the model is sure


def _model_kind(line: str) -> str:
    return next(kind for kind, test in MODEL_KIND_RULES if test(line))


def page_line_matrix(page: _Page) -> tuple[list[int], np.ndarray]:
    """Features of every non-blank line, given what the rules already decided on the page."""
    decided = {i for i, role in page.role.items() if role in ("removed", "comment")}
    title_at = next((i for i, role in page.role.items() if role == "title"), None)
    return line_model.page_matrix("\n".join(page.lines), decided, page.title, title_at)


def _classify_lines(page: _Page, model) -> None:
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
            page.remove(i, _model_kind(line), MODEL_RULE)
            page.removed[-1]["score"] = round(float(p), 4)


REPEAT_MIN_WORDS = 8  # a kept paragraph this long, seen before on the page, is a repeat
CONTAINED_MIN_WORDS = 30  # a line this long made of the other kept lines is the article again
CONTAINED_SHARE = 0.8


def _shingles(text: str) -> set[tuple[str, ...]]:
    toks = line_model.TOKEN.findall(text.casefold())
    return {tuple(toks[k:k + 4]) for k in range(len(toks) - 3)}


def _drop_repeats(page: _Page) -> None:
    """The article shown twice: a paragraph repeated further down, or one line holding the text of
    the other kept lines (a page that carries its article again as one block)."""
    kept = page.open_lines()
    seen: set[str] = set()
    for i in kept:
        key = comparison_form(page.lines[i])
        if key in seen and len(_words(key)) >= REPEAT_MIN_WORDS:
            page.remove(i, "duplicate_text", "repeated_paragraph")
        seen.add(key)
    kept = page.open_lines()
    long_lines = [i for i in kept if len(_words(page.lines[i])) >= CONTAINED_MIN_WORDS]
    if not long_lines:
        return
    shingles = {i: _shingles(page.lines[i]) for i in kept}
    lines_with = Counter(sh for i in kept for sh in shingles[i])  # kept lines holding each shingle
    for i in long_lines:
        own = shingles[i]
        if own and sum(lines_with[sh] > 1 for sh in own) >= CONTAINED_SHARE * len(own):
            page.remove(i, "duplicate_text", "repeats_body")
            lines_with.subtract(own)


def _cut_artifacts(page: _Page, i: int, text: str) -> str:
    """The paragraph without scrape residue glued to its first word; the residue is recorded."""
    for name, pattern in GLUED_CODE:
        m = pattern.match(text)
        if m:
            page.removed.append({"line_no": i + 1, "kind": "artifact", "rule": name, "text": m.group("frag")})
            text = text[m.end():]
    return text


def apply_rules(text: str) -> tuple[_Page, list[dict]]:
    """The page after the certain rules: comments, footers, the headline and the top, line rules."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    page = _Page(lines=lines)
    comments, covered = extract_comments(lines)
    for i, rule in sorted(covered.items()):
        page.remove(i, "comment_section", rule)
        page.role[i] = "comment"
    _scan_tail(page)
    headline = _pick_page_headline(page)
    _scan_top(page, 0 if headline is None else headline)
    _find_author(page, headline)
    _scan_body(page)
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


# ---- pages saved as HTML -------------------------------------------------------------------------


def _html_removed(html: str, kept: str) -> list[dict]:
    """Each visible fragment of the page that the extractor left out, with its raw line and a kind."""
    kept_norm = comparison_form(kept)
    out, seen = [], set()
    for line_no, text in htmlpage.visible_fragments(html):
        key = (line_no, text)
        if key in seen or comparison_form(text) in kept_norm:
            continue
        seen.add(key)
        out.append({"line_no": line_no, "kind": _model_kind(text), "rule": htmlpage.EXTRACTOR_RULE,
                    "text": text, "score": None})
    return out


# Comment-section furniture: prompts, forms and widgets that the extractor may hand over as comments.
COMMENT_UI = re.compile(r"\b(comments?|discussion|reply|replies|log ?in|sign in|disqus|contribute|"
                        r"submit\w*|personal data|consent|loading|posted by|powered by|notify|subscribe)\b", _I)
COMMENT_UI_MAX_WORDS = 25
COMMENT_PRIVACY = re.compile(r"\b(personal data|privacy|data protection|consent|revoke)\b", _I)


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
    texts = [t for t in found if not (COMMENT_UI.search(t) and len(_words(t)) <= COMMENT_UI_MAX_WORDS)
             and not COMMENT_PRIVACY.search(t) and not _match_line_rule(t) and not COMMENT_CHROME.match(t)]
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


# ---- tables --------------------------------------------------------------------------------------



def _none_if_missing(value):
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _date_or_none(value: str | None) -> pd.Timestamp | None:
    """A date found on a page, when it parses as one."""
    if not value:
        return None
    stamp = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(stamp) else stamp


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return schemas.empty_frame(table)
    df = pd.DataFrame(rows, columns=schemas.columns(table))
    return df.sort_values(schemas.KEYS[table], kind="mergesort").reset_index(drop=True)


def clean_documents(raw_documents: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Clean every raw document: the documents, removed and comments tables, sorted by key."""
    docs, removed, comments = [], [], []
    for rec in raw_documents.to_dict("records"):
        text = rec["text"] if isinstance(rec.get("text"), str) else ""
        url = _none_if_missing(rec.get("url"))
        result = clean_page(text, rec["source"], url)
        body = "\n\n".join(result.paragraphs)
        published = _none_if_missing(rec.get("published")) or _date_or_none(result.published)
        docs.append({
            "doc_id": rec["doc_id"], "source": rec["source"], "raw_sha256": rec["raw_sha256"],
            "encoding": rec["encoding"], "title": result.title, "standfirst": result.standfirst,
            "author": result.author, "outlet": _none_if_missing(rec.get("outlet")) or result.outlet,
            "published": pd.Timestamp(published) if published is not None else pd.NaT,
            "url": url or result.url, "body": body, "n_paragraphs": len(result.paragraphs),
            "n_words": len(body.split()), "raw_chars": len(text), "body_chars": len(body),
        })
        removed.extend({"doc_id": rec["doc_id"], **r} for r in result.removed)
        comments.extend({"doc_id": rec["doc_id"], **c} for c in result.comments)
    out = {
        "documents": _frame("documents", docs),
        "removed": _frame("removed", removed),
        "comments": _frame("comments", comments),
    }
    if len(out["documents"]):
        out["documents"]["published"] = pd.to_datetime(out["documents"]["published"])
    return out
