"""Person and organisation names as strings: the word lists of entity resolution and the rules
that need only a span's text (its edges, its possessive, its matching key, its leading title).

The lists are tuned on news of every kind and name no particular article: titles and
honorifics, role nouns, the head words of organisation and event names, common given names.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from pipeline.text.normalise import JOURNALIST_ROLES, NAME_PARTICLES, NAME_QUOTES, comparison_form

# Titles and honorifics: never part of a name, and a strong sign that the next words are a person.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "baroness", "baron", "rev",
    "revd", "reverend", "prof", "professor", "president", "chancellor", "king", "queen", "prince",
    "princess", "pope", "sheikh", "rabbi", "imam", "archbishop", "bishop", "cardinal", "judge",
    "justice", "senator", "sen", "rep", "congressman", "congresswoman", "governor", "gov", "mayor",
    "general", "gen", "colonel", "col", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt",
    "commander", "admiral", "cllr", "councillor", "inspector", "det", "detective", "supt", "premier",
})
# Title words that also open ordinary names ("General Motors", "Justice Department"): inside a person
# span they are stripped, but before a span they are no evidence that it is a person.
AMBIGUOUS_BEFORE_NAME = frozenset({"general", "justice", "premier", "rep", "sen", "gov", "inspector",
                                   "commander", "admiral", "captain", "king", "queen", "prince",
                                   "princess", "pope", "bishop", "cardinal"})


# Honorifics stripped from any span, whatever its label ("Mr Smith" tagged ORG is still Mr Smith).
PERSONAL_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady",
                                 "baroness", "baron", "prof", "professor", "rev", "revd", "cllr"})


# Titles kept as part of the name: a first name after them is not the first name of anyone else.
REGNAL_TITLES = frozenset({"king", "queen", "prince", "princess", "pope", "emperor", "empress", "duke",
                           "duchess"})


# Words of multi-word titles ("Prime Minister", "Home Secretary", "Shadow Chancellor"): stripped from
# the front of a person span together with the honorifics above.
TITLE_WORDS = HONORIFICS | frozenset({
    "prime", "minister", "secretary", "deputy", "shadow", "home", "foreign", "health", "defence",
    "education", "culture", "transport", "justice", "environment", "trade", "business", "work",
    "pensions", "chief", "vice", "first", "leader", "speaker", "attorney", "solicitor", "executive",
    "chairman", "chairwoman", "former", "ex", "acting", "mp", "mep", "msp",
})
# Lower-case role nouns that, just before a capitalised two- or three-word span, mark it as a person
# ("campaigner Jane Doe", "Labour MP John Smith").
PERSON_ROLE_WORDS = JOURNALIST_ROLES | frozenset({
    "leader", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "campaigner",
    "activist", "official", "chairman", "chairwoman", "candidate", "councillor", "author", "actor",
    "actress", "presenter", "broadcaster", "comedian", "singer", "director", "boss", "founder",
    "economist", "analyst", "lawyer", "barrister", "mp", "mep", "msp", "peer", "colleague",
    "rival", "deputy", "adviser", "advisor", "aide", "ambassador", "commissioner", "chancellor",
    "president", "novelist", "poet", "artist", "historian", "professor", "academic", "businessman",
    "businesswoman", "entrepreneur", "filmmaker", "maker", "producer", "musician", "comic",
    "footballer", "manager", "coach", "player", "striker", "captain", "mother", "father", "son",
    "daughter", "wife", "husband", "brother", "sister", "widow",
})
# Head words of organisation names: a span ending in one is not a person.
ORG_HEAD_WORDS = frozenset({
    "party", "parties", "union", "unions", "committee", "council", "association", "network", "group",
    "movement", "campaign", "trust", "foundation", "institute", "institution", "society", "agency",
    "commission", "department", "ministry", "office", "bank", "company", "corporation", "ltd", "plc",
    "inc", "llc", "news", "times", "post", "herald", "mail", "express", "telegraph", "house", "club",
    "college", "university", "school", "hospital", "church", "court", "police", "army", "navy",
    "force", "service", "services", "board", "authority", "federation", "alliance", "coalition",
    "league", "assembly", "parliament", "government", "cabinet", "treasury", "centre", "center",
    "fund", "forum", "organisation", "organization", "team", "press", "radio", "tv", "television",
    "conference", "act", "bill", "report", "museum", "gallery", "theatre", "theater",
})
# Head words of event names: a span ending in one is an event ("the Leadership Election").
EVENT_HEAD_WORDS = frozenset({"election", "elections", "referendum", "war", "summit", "games",
                              "olympics", "cup", "championship", "championships", "festival"})


# Closed-class words that spaCy sometimes pulls into the front of a span ("Wherever Starmer goes").
LEADING_FUNCTION_WORDS = frozenset({
    "wherever", "whenever", "however", "whatever", "whoever", "when", "while", "whilst", "if", "as",
    "but", "and", "or", "so", "then", "meanwhile", "yet", "although", "though", "after", "before",
    "since", "under", "with", "without", "despite", "because", "unlike", "like", "until", "unless",
    "where", "why", "how", "what", "who", "whom", "whose", "which", "that", "this", "these", "those",
    "has", "had", "have", "was", "were", "is", "are", "did", "does", "do", "said", "says", "told",
    "asked", "by", "for", "from", "to", "of", "on", "in", "at", "into", "about", "against", "between",
    "dear", "thanks", "thank", "hello", "hi", "yes", "no", "not", "also", "even", "only", "just",
    "perhaps", "indeed", "still", "now", "today", "yesterday", "tonight", "tomorrow", "nevertheless",
    "nonetheless", "moreover", "furthermore", "instead", "besides", "likewise", "thus", "hence",
    "therefore", "otherwise", "anyway", "again", "finally", "eventually", "apparently", "clearly",
    "recently", "already", "once", "later", "earlier", "then", "here", "there",
})
PERSON_NAME_PARTICLES = NAME_PARTICLES | {"ter", "ibn", "y", "mac"}
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "every", "each", "any",
                         "his", "her", "their", "its", "my", "our", "your"})


# Common given names: with a capitalised surname after them, evidence of a person even when the
# span was tagged as an organisation or a place ("Caroline Smith's idea" tagged ORG).
GIVEN_NAMES = frozenset("""
aaron abdul abigail adam adrian ahmed aidan alan alastair alex alexander alexandra alice alison
alistair amanda amber amelia amy andrea andrew andy angela angus ann anna anne annie anthony antonio
arthur ashley barbara barry ben benjamin bernard beth bill billy bob boris brendan brian bruce
caitlin callum carl carlos carol caroline catherine charles charlie charlotte chloe chris christian
christine christopher claire clare colin connor craig dan daniel danny darren dave david dawn dean
debbie deborah denis dennis diane dominic donald donna doug douglas duncan ed eddie edward eileen
elaine eleanor elizabeth ellie emily emma eric esther ethan eve fiona frances francesca francis frank
fred freddie gareth gary gavin geoff geoffrey george georgia gerald gerry gillian gordon graham grant
greg gregory hamish hannah harold harriet harry hazel heather helen henry hilary hugh iain ian isaac
isabel isabella jack jackie jacob jacqui james jamie jane janet jason jean jeff jeffrey jennifer
jenny jeremy jessica jill jim jimmy jo joan joanna joe john johnny jon jonathan jordan joseph josh
joshua joyce judith julia julian julie justin karen kate katherine kathleen kathryn katie keir keith
kelly ken kenneth kevin kim kirsty laura lauren lee leo leon lewis liam linda lisa liz louise lucy
luke lynne maggie malcolm margaret maria marie mark martin mary matt matthew maureen max megan
melanie michael michelle mike miriam mohammed muhammad nadine naomi natalie neil nicholas nick nicola
nigel oliver olivia owen pam pat patricia patrick paul paula peter phil philip philippa piers polly
priti rachel ralph ray raymond rebecca richard rishi rob robert robin roger ron ronald rory ros rosa
rose rosie ross ruth ryan sadiq sajid sally sam samantha samuel sandra sara sarah scott sean
shaun sharon sheila simon sophie stephen steve steven stewart stuart sue susan suzanne tessa theresa
thomas tim timothy toby tom tommy tony tracey tracy trevor valerie vanessa vera victoria vince
vincent walter wendy william willie yvette zac zoe
""".split())
PARTY_SUFFIX = " party"
EDGE_CHARS = " \t\r\n•·*-–—\"'“”‘’()[]{},.;:!?/\\|"
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
ABBREVIATION_END = re.compile(r"(?:^|[\s.])[A-Za-z]\.[A-Za-z]$")


@functools.lru_cache(maxsize=1 << 17)  # pure, and called for every mention of the corpus, often on one name
def fold(text: str) -> str:
    """Matching key of a name: its comparison form, name quotes unified."""
    return comparison_form(text, NAME_QUOTES)


def strip_possessive(text: str) -> str:
    stripped = POSSESSIVE.sub("", text)
    return stripped.rstrip(EDGE_CHARS) if stripped != text else text


def org_key(display: str) -> str:
    """Key of a non-person name: folded, without a leading 'the' or a possessive."""
    key = fold(strip_possessive(display))
    return key[4:] if key.startswith("the ") else key


def party_stripped(key: str, known: set[str] | dict) -> str:
    """'labour party' -> 'labour' when 'labour' is a name in its own right (alias table or corpus)."""
    if key.endswith(PARTY_SUFFIX):
        stem = key[: -len(PARTY_SUFFIX)]
        if stem and stem in known:
            return stem
    return key


def trim_span(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut edge punctuation, bullets and leading closed-class words off a span, moving its offsets."""
    left = len(text) - len(text.lstrip(EDGE_CHARS))
    right = len(text.rstrip(EDGE_CHARS))
    if text[right:right + 1] == "." and ABBREVIATION_END.search(text[left:right]):
        right += 1  # "U.S." keeps its last full stop
    text, start, end = text[left:right], start + left, start + right
    while True:
        head, _, rest = text.partition(" ")
        if not rest or head.casefold() not in LEADING_FUNCTION_WORDS:
            break
        cut = len(text) - len(rest.lstrip(EDGE_CHARS))
        text, start = text[cut:], start + cut
    return text, start, end


def name_run(tokens: list[str]) -> list[str]:
    """Capitalised words (and name particles between them) from the start: 'Alan Milburn - the' -> 2."""
    run = tokens[:1]
    for token in tokens[1:]:
        if not (token[:1].isupper() or token.casefold() in PERSON_NAME_PARTICLES):
            break
        run.append(token)
    while len(run) > 1 and run[-1].casefold() in PERSON_NAME_PARTICLES:
        run.pop()
    return run


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
