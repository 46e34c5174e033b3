"""Rules on one line of a page: full-line patterns with a kind and a name, footers, and line shapes.

LINE_RULES apply anywhere in an article, FOOTER_RULES at its end (they often name the outlet); the
shape predicates (a headline, a caption, a masthead) are what the positional rules of text.page
ask about a line. Every pattern is written for news pages in general, never for one site.
"""
from __future__ import annotations

import re

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
# Scrape residue glued to the first word of a paragraph: an ID code such as "B005" before "This".
GLUED_CODE = (
    ("glued_id_code", re.compile(r"^(?P<frag>[A-Z]{1,3}\d{2,6}|\d{3,6}[A-Z]{1,3}\d*)(?=[A-Z][a-z]+\b)")),
)
FUNCTION_WORD_END = re.compile(r"\b(a|an|the|as|of|by|to|and|or|with|for|in|on|at|from|that|which|who|"
                               r"but|than|is|was|are|were|his|her|their|its)$", _I)


SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*$")
LINE_END_CONTINUES = re.compile(r"[,;:\-–—(]$")
INNER_SENTENCE_BREAK = re.compile(r"[.!?][\"'’”)]*\s+[\"'‘“(]?[A-Z0-9]")
QUOTE_OPEN = re.compile(r"^[\"'‘’“”«]")
WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
TITLE_MAX_WORDS = 30
CAPTION_MIN_WORDS = 10
CAPTION_MAX_WORDS = 45
MASTHEAD_MAX_WORDS = 5


def split_words(text: str) -> list[str]:
    return text.split()


def is_title_like(line: str) -> bool:
    """A headline: short, starts capitalised, one sentence at most, not ending like prose."""
    n = len(split_words(line))
    if not 1 <= n <= TITLE_MAX_WORDS or BULLET.match(line):
        return False
    if re.search(r"(?<!\.\.)[.,;:\-–—]$", line) or INNER_SENTENCE_BREAK.search(line.rstrip("?!.…")):
        return False
    first_word = line.lstrip("\"'‘“")
    first_word = first_word.split()[0] if first_word.split() else ""
    return first_word[:1].isupper() or first_word[:1] in "0123456789$£€&#" or any(c.isupper() for c in first_word)


def is_caption_like(line: str) -> bool:
    """A photo description: one unpunctuated sentence of moderate length, not a heading or a quote."""
    n = len(split_words(line))
    if not CAPTION_MIN_WORDS <= n <= CAPTION_MAX_WORDS:
        return False
    if SENTENCE_END.search(line) or LINE_END_CONTINUES.search(line) or re.search(r"[\"'’”)]$", line):
        return False
    if QUOTE_OPEN.match(line) or BULLET.match(line) or INNER_SENTENCE_BREAK.search(line):
        return False
    if FUNCTION_WORD_END.search(line) or line.count(",") >= 3:
        return False
    words = split_words(line)
    if sum(w[:1].isupper() for w in words) >= 0.7 * len(words):
        return False
    return line[:1].isupper()


def is_masthead(line: str) -> bool:
    """A short line naming a publication: an outlet word, or a bare domain."""
    if DOMAIN.match(line):
        return True
    words = split_words(line)
    if not 1 <= len(words) <= MASTHEAD_MAX_WORDS or SENTENCE_END.search(line):
        return False
    if not all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in ("the", "of", "and", "&") for w in words):
        return False
    return names_outlet(line)


def names_outlet(text: str) -> bool:
    """A name that reads like a publication: an outlet word or a web domain."""
    return bool(DOMAIN.match(text)) or any(w.casefold().strip(".,'’") in OUTLET_WORDS for w in text.split())


def match_line_rule(line: str) -> tuple[str, str] | None:
    for name, kind, pattern in LINE_RULES:
        if pattern.search(line):
            return kind, name
    return None


def match_footer(line: str) -> tuple[str, str | None] | None:
    for name, pattern in FOOTER_RULES:
        m = pattern.match(line)
        if m:
            outlet = m.groupdict().get("outlet")
            outlet = outlet.strip() if outlet else None
            if outlet and re.fullmatch(r"read (the )?full (article|story)", outlet, _I):
                outlet = None
            if outlet and name in OUTLET_NEEDS_EVIDENCE and not names_outlet(outlet):
                outlet = None  # "Source: ONS" names where a figure came from, not the publisher
            return name, outlet
    return None
