"""Who wrote a page: bylines ("By Jane Smith", "Jane Smith Political editor", "date | by X") and
the person-name shape they and reader comments share."""
from __future__ import annotations

import re

from pipeline.text.line_rules import OUTLET_WORDS, SENTENCE_END, WORD, split_words
from pipeline.text.normalise import JOURNALIST_ROLES, NAME_PARTICLES

# Bylines: "By Jane Smith", "Written by Jane Smith, Political Editor", "By Jane Smith | 12 May 2021".
BYLINE = re.compile(r"^(written |words |reporting |posted |story )?by:?\s+(?P<name>[^,|•·–—(]{2,60}?)\s*([,|•·–—(].*)?$", re.I)
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
PLACE_WORDS = frozenset("park road street lane avenue stadium arena ground hall house centre center square "
                        "bridge court field fields hill gardens city town county island street".split())


BYLINE_PIECES = re.compile(r"\s+[|•·–—-]\s+|\s*\|\s*")
BYLINE_TAIL = re.compile(r"\s+((updated|published|posted|last updated|on|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                         r"[a-z]*\.?)\b.*|\S*\d.*)$", re.I)


BY_AT_END = re.compile(r"\bby\s+(?P<name>[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){1,3})\s*$")


def content_words(text: str) -> set[str]:
    return {w.casefold().replace("’", "'") for w in WORD.findall(text)} - NOT_NAME_WORDS


def is_person_name(text: str) -> bool:
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


def name_with_role(line: str) -> str | None:
    """A byline of a name followed by a job title: "Jane Smith Chief political correspondent"."""
    tokens = line.replace(",", " ").split()
    cut = 0
    while cut < len(tokens) and cut < 4 and tokens[cut].casefold() not in BYLINE_ROLE_WORDS:
        cut += 1
    name, role = " ".join(tokens[:cut]), [t.casefold().strip(".") for t in tokens[cut:]]
    if not role or len(role) > 5 or not BYLINE_ROLE_NOUNS & set(role) or not is_person_name(name):
        return None
    return name


def byline_name(line: str) -> str | None:
    """The person named by a "By X" line, if it is one."""
    m = BYLINE.match(line)
    if not m:
        return None
    name = re.split(r"\s+(?:for|in|at|on)\s+", m.group("name").strip(), maxsplit=1, flags=re.I)[0]
    tokens = name.split()
    while len(tokens) > 2 and tokens[-1].casefold() in BYLINE_ROLE_WORDS:
        tokens.pop()
    name = " ".join(tokens)
    parts = [p.strip() for p in re.split(r"\s+and\s+|\s*&\s*", name)]
    if all(is_person_name(p) or (len(p.split()) == 1 and p[:1].isupper() and p.isalpha()) for p in parts):
        return name
    return None


def byline_in(line: str, next_line: str) -> str | None:
    """The person a byline names: "By X", "By X - date", "By X Updated ...", "date | by X", or
    "By" alone above the name."""
    if line.casefold() in ("by", "by:") and is_person_name(next_line):
        return next_line
    for piece in BYLINE_PIECES.split(line):
        if re.match(r"^by\b", piece, re.I):
            name = byline_name(BYLINE_TAIL.sub("", piece))
            if name:
                half = name.split()[: len(name.split()) // 2]
                return " ".join(half) if name.split() == half * 2 else name  # "Jane Doe Jane Doe"
    m = BY_AT_END.search(line)
    before = line[: m.start()] if m else ""
    if m and not SENTENCE_END.search(line) and (re.search(r"\d", before) or len(split_words(before)) <= 3) \
            and is_person_name(m.group("name")):
        return m.group("name")  # "Monday November 18, 2019 7:45 am PST by Joe Rossignol"
    return None
