"""Every named rule of every rule table has a case here, and each case shows that rule acting.

Each table's cases are a dict keyed by rule name that must cover the table exactly, so a rule
added without a case (or a case left behind by a removed rule) fails. Where a table reports the
rule that acted, the case checks the name; where it does not (readers whose results are merged),
the case checks that without that rule the result is different.
"""
from __future__ import annotations

from datetime import date

import pytest

from pipeline import nlp
from pipeline.parse import direction
from pipeline.parse.counted import figure_head, figure_tokens
from pipeline.steps import entities
from pipeline.text import cleaner, comments, line_rules, not_figures, numbers, page, periods, quantities
from test_figures import MODEL


def names(table) -> list[str]:
    return [row[0] for row in table]


def without(monkeypatch, module, table: str, name: str) -> None:
    """The module's table without the named row, for the rest of the test."""
    monkeypatch.setattr(module, table, tuple(row for row in getattr(module, table) if row[0] != name))


# ---- text.line_rules -----------------------------------------------------------------------------

LINE_RULE_CASES = {
    "text_settings": "Text settings",
    "page_widget": "Skip to content",
    "reading_time": "5 min read",
    "article_age": "This article is more than 3 years old",
    "dateline": "Published 12 May 2021",
    "published_label": "Updated: Tuesday morning",
    "advert_label": "Advertisement",
    "share_button": "Share this article",
    "share_and_like": "Please share this post with your friends",
    "share_or_comment": "Share or comment on this article",
    "follow_prompt": "Follow Jane Smith on Twitter",
    "photos_by": "Photos by Jane Smith",
    "image_source_label": "Image source, Getty Images",
    "photo_label": "Photo: Jane Smith",
    "agency_credit": "Jane Smith/Getty Images",
    "pictured_label": "Jane Smith, pictured left: at the launch",
    "position_label": "Above: the new bridge",
    "credited_caption": "The new bridge opened to traffic on Monday morning (Photo: Jane Smith)",
    "image_caption_label": "Image caption The minister at the launch",
    "pictured_prefix": "Pictured at the launch were the minister and her aides",
    "related_label": "Read more: Labour's housing plan",
    "click_to_read": "Click here to read the report",
    "comments_heading": "12 comments",
    "reply_heading": "Leave a reply",
    "details_prompt": "Fill in your details below or click an icon to log in:",
    "commenting_as": "You are commenting using your WordPress.com account.",
    "account_picture": "Twitter picture",
    "connecting_to": "Connecting to %s",
    "notify_me": "Notify me of new comments via email.",
    "required_field": "Email (required)",
    "comment_policy": "Your email address will not be published.",
}


@pytest.mark.parametrize("name,kind", [(name, kind) for name, kind, _ in line_rules.LINE_RULES])
def test_each_line_rule(name, kind):
    assert line_rules.match_line_rule(LINE_RULE_CASES[name]) == (kind, name)


FOOTER_CASES = {
    "read_full_article": ("Source: Read Full Article at The Daily Echo", "The Daily Echo"),
    "source_label": ("Source: The Daily Echo", "The Daily Echo"),
    "originally_published": ("This article was originally published on The Conversation.", "The Conversation"),
    "from_outlet": ("From The Daily Echo", "Daily Echo"),
    "copyright_line": ("© 2021 The Daily Echo. All rights reserved.", "The Daily Echo"),
}


@pytest.mark.parametrize("name", names(line_rules.FOOTER_RULES))
def test_each_footer_rule(name):
    line, outlet = FOOTER_CASES[name]
    assert line_rules.match_footer(line) == (name, outlet)


def test_a_source_that_is_not_a_publication_names_no_outlet():
    assert line_rules.match_footer("Source: ONS") == ("source_label", None)


# ---- text.page -----------------------------------------------------------------------------------

HEADLINE = "Labour wins the vote on housing"

# rule -> (the page's title and author before the line, the line, the next line)
TOP_RULE_CASES = {
    "line_rule": (None, None, "Text settings", HEADLINE),
    "by_line": (None, None, "By Jane Smith", HEADLINE),
    "name_and_role": (None, None, "Jane Smith Political editor", HEADLINE),
    "breadcrumb": (None, None, "Home > Politics > Labour", HEADLINE),
    "title_with_site_above": (None, None, f"{HEADLINE} | The Daily Echo", HEADLINE),
    "masthead": (None, None, "The Daily Echo", HEADLINE),
    "lone_name_above": (None, None, "Jane Smith", HEADLINE),
    "headline": (None, None, HEADLINE, ""),
    "title_repeat": (HEADLINE, None, HEADLINE, ""),
    "title_with_site": (HEADLINE, None, f"{HEADLINE} - The Daily Echo", ""),
    "lone_name": (HEADLINE, None, "Jane Smith", ""),
    "standfirst": (HEADLINE, "Jane Smith", "Labour has won the vote on its new housing plan by a wide margin", ""),
}
BODY_RULE_CASES = {
    "line_rule": "Share this article",
    "title_repeat": HEADLINE,
    "title_with_site": f"{HEADLINE} | The Daily Echo",
    "breadcrumb": "News | UK | Politics",
}


def _at(title, author, line, next_line) -> page.LineAt:
    p = page.Page(lines=[line, next_line], title=title, author=author)
    return page.LineAt(p, 0, line, next_line)


@pytest.mark.parametrize("name", names(page.TOP_RULES))
def test_each_top_rule(name):
    at = _at(*TOP_RULE_CASES[name])
    assert page.apply_first(page.TOP_RULES, at) == name
    assert at.page.role.get(0) in ("removed", "title", "standfirst")


@pytest.mark.parametrize("name", names(page.BODY_RULES))
def test_each_body_rule(name):
    at = _at(HEADLINE, None, BODY_RULE_CASES[name], "")
    assert page.apply_first(page.BODY_RULES, at) == name
    assert at.page.role.get(0) == "removed"


def test_top_rules_say_what_they_found():
    p = page.Page(lines=["The Daily Echo", "By Jane Smith", HEADLINE, "", "The vote was held on Monday.",
                         "It passed by a wide margin."])
    assert page.scan_top(p) == [(0, "masthead"), (1, "by_line"), (2, "headline")]
    assert (p.outlet, p.author, p.title) == ("The Daily Echo", "Jane Smith", HEADLINE)


# ---- text.cleaner and text.comments --------------------------------------------------------------

MODEL_KIND_CASES = {
    "advert_words": "Sponsored by Acme",
    "share_words": "Follow us for more",
    "comment_words": "View 12 replies",
    "photo_words": "Credit Getty",
    "related_words": "Trending now in politics",
    "byline_shape": "Jane Smith",
    "long_unpunctuated": "the best places to eat in the city",
    "short_line": "Home News",
    "any_other_line": "The market closed higher on Friday.",
}


@pytest.mark.parametrize("name,kind", [(name, kind) for name, kind, _ in cleaner.MODEL_KIND_RULES])
def test_each_model_kind_rule(name, kind):
    assert cleaner.model_kind_rule(MODEL_KIND_CASES[name]) == (name, kind)


COMMENT_CASES = {
    "numbered": "  1. Jane\n      Great article, thanks.\n  2. Bob\n      I disagree with it.",
    "says": "Jane says:\nMay 3, 2021 at 10:15 am\nGreat article, thanks for this.\n"
            "Bob says:\nMay 4, 2021 at 9:00 am\nI disagree with all of it.",
    "dated": "Comments\nJane Smith\n2 days ago\nGreat article, thanks for this.\n"
             "Bob Jones\n3 days ago\nI disagree with all of it.",
}


@pytest.mark.parametrize("style", sorted(comments.COMMENT_RULES))
def test_each_comment_layout(style):
    found, covered = comments.extract_comments(COMMENT_CASES[style].split("\n"))
    assert [c["author"] for c in found] == (["Jane", "Bob"] if style != "dated" else ["Jane Smith", "Bob Jones"])
    assert set(covered.values()) == {comments.COMMENT_RULES[style]}


# ---- text.not_figures and text.quantities -------------------------------------------------------

NOT_FIGURE_CASES = {
    "label_word_before": ("He left No 10 in 2015.", "10"),
    "label_noun_before": ("It became a category 4 hurricane.", "4"),
    "lone_one": ("She was the one who left.", "one"),
    "one_day_as_some_day": ("He hopes one day to win it.", "one day"),
    "capitalised_in_sentence": ("England won the Six Nations title.", "Six"),
    "word_number_adjective": ("He is a two-time champion.", "two"),
    "hyphenated_after_word": ("It is free for children under-five now.", "five"),
    "glued_to_letters": ("The G20 met on Monday.", "20"),
    "month_before": ("The offer ends Oct. 31 this year.", "31"),
    "month_after": ("It opens on 12 September.", "12"),
    "clock_or_slashed": ("It opens at 10:30 tomorrow.", "10"),
    "time_of_day": ("It opens at 3 pm.", "3"),
    "calendar_year": ("It opened in 1998.", "1998"),
    "zero_padded": ("Call 0207 946 0000 now.", "0207 946 0000"),
    "list_number": ("Steps:\n1. Go home now.", "1"),
    "table_entry": ("Seeds:\n9 Vera Zvonareva (Russia)", "9"),
    "name_before": ("The Boeing 787 was grounded.", "787"),
    "street_address": ("He returned to 10 Downing Street.", "10"),
    "bracketed_reference": ("Fibre may curb hunger (37) and aid weight loss.", "37"),
    "letter_in_brackets_after": ("Put $6,000 into a 401(k) plan.", "401"),
    "model_number": ("The 777 program has faced delays.", "777"),
    "name_after": ("The rapper 50 Cent said he was sorry.", "50"),
    "dotted_label_before": ("He lives at No. 10 now.", "10"),
}


@pytest.mark.parametrize("name", names(not_figures.NOT_FIGURE_RULES))
def test_each_not_figure_rule(name):
    sentence, text = NOT_FIGURE_CASES[name]
    assert (text, name) in numbers.skipped_numbers(sentence)
    assert text not in [m.text for m in numbers.find_numbers(sentence)]


def readings(sentence: str) -> list[tuple]:
    return [(m.text, m.kind, m.unit, m.value) for m in numbers.find_numbers(sentence)]


# rule -> (sentence, what find_numbers reads with every rule)
UNIT_READER_CASES = {
    "duration": ("It took five years.", ("five years", "duration", "year", 5.0)),
    "percent": ("Sales rose 24 per cent.", ("24 per cent", "percent", "percent", 24.0)),
    "currency_word": ("It cost 40 euros.", ("40 euros", "money", "EUR", 40.0)),
    "rate": ("He scored 7.4 rebounds per game.", ("7.4 rebounds per game", "quantity", "count / game", 7.4)),
    "measure": ("It weighs 5 kilograms.", ("5 kilograms", "quantity", "kilogram", 5.0)),
    "index_points": ("The FTSE 100 index fell 30 points.", ("30 points", "quantity", "index_point", 30.0)),
    "fold": ("There was a 10-fold increase.", ("10-fold", "ratio", "times", 10.0)),
    "inch_mark": ('He bought a 55" television.', ('55"', "quantity", "inch", 55.0)),
}
NUMBER_WORD_CASES = {
    "small": ("It has three rooms.", ("three", "count", "count", 3.0)),
    "tens": ("It has twenty rooms.", ("twenty", "count", "count", 20.0)),
    "hundred": ("It has two hundred thousand rooms.", ("two hundred thousand", "count", "count", 200000.0)),
    "dozen": ("It has two dozen rooms.", ("two dozen", "count", "count", 24.0)),
    "scale": ("It has three thousand two hundred rooms.", ("three thousand two hundred", "count", "count", 3200.0)),
    "tens_hyphen": ("It has twenty-one rooms.", ("twenty-one", "count", "count", 21.0)),
    "joiner": ("It has one hundred and six rooms.", ("one hundred and six", "count", "count", 106.0)),
    "decimal_point": ("It has two point five rooms.", ("two point five", "count", "count", 2.5)),
}
AGE_CASES = {
    "aged_before": ("The man, aged 34, was held.", ("34", "age", "year", 34.0)),
    "age_of_before": ("He retired at the age of 34.", ("34", "age", "year", 34.0)),
    "age_beside_name": ("Jean Senard, 65, said so.", ("65", "age", "year", 65.0)),
}
READER_TABLES = {"UNIT_READERS": (quantities, UNIT_READER_CASES),
                 "NUMBER_WORD_READERS": (quantities, NUMBER_WORD_CASES), "AGE_RULES": (not_figures, AGE_CASES)}


@pytest.mark.parametrize("table,name", [(t, n) for t, (_, cases) in READER_TABLES.items() for n in cases])
def test_each_reader_reads_its_case(monkeypatch, table, name):
    module, cases = READER_TABLES[table]
    sentence, reading = cases[name]
    assert readings(sentence) == [reading]
    without(monkeypatch, module, table, name)
    assert readings(sentence) != [reading]


# ---- text.periods --------------------------------------------------------------------------------

PERIOD_CASES = {
    "year_to_month": ("Sales in the year to March rose.", (2020, 2021)),
    "between_years": ("Between 2010 and 2015 it grew.", (2010, 2015)),
    "year_pair": ("In 2019-20 it grew.", (2019, 2020)),
    "decade": ("In the 1990s it grew.", (1990, 1999)),
    "since_year": ("Since 2016 it grew.", (2016, 2021)),
    "year": ("In 2004 it grew.", (2004, 2004)),
    "quarter": ("In the third quarter it grew.", (2020, 2020)),
    "past_years": ("Over the past five years it grew.", (2016, 2021)),
    "a_year_earlier": ("It was 5% a year earlier.", (2020, 2020)),
    "relative_year": ("Last year it grew.", (2020, 2020)),
    "month": ("In March it grew.", (2021, 2021)),
}


@pytest.mark.parametrize("name", names(periods.PERIOD_RULES))
def test_each_period_rule(name):
    sentence, years = PERIOD_CASES[name]
    assert [(p.rule, p.years) for p in periods.period_phrases(sentence, date(2021, 7, 21))] == [(name, years)]


# ---- parse.direction -----------------------------------------------------------------------------

DIRECTION_CASES = {
    "level": ("Sales rose to £5m.", "£5m", "level"),
    "by_after_change_verb": ("Sales rose by 5%.", "5%", "up"),
    "up_or_down_word": ("The shares closed 12% down on Wednesday.", "12%", "down"),
    "change_noun": ("There was a 5% fall in sales.", "5%", "down"),
    "change_verb": ("Sales rose 5% last year.", "5%", "up"),
}


@pytest.mark.parametrize("name", names(direction.DIRECTION_RULES))
def test_each_direction_rule(name):
    sentence, text, verdict = DIRECTION_CASES[name]
    match = next(m for m in numbers.find_numbers(sentence) if m.text == text)
    doc, _ = next(iter(nlp.pipe([(sentence, 0)], MODEL, "parse")))
    tokens = figure_tokens(doc, match)
    assert direction.direction_rule(figure_head(tokens, match), {t.i for t in tokens}, match.kind) == (name, verdict)


# ---- steps.entities ------------------------------------------------------------------------------


def _single(**evidence) -> entities.SingleName:
    mention = entities._Mention(0, "d" * 16, "body", "s00000", 10, 15, "Smith", "PERSON", "Then Smith spoke.", 5)
    mention.common = evidence.pop("common", False)
    defaults = {"carriers": [], "other_label": None, "other_votes": 0, "person_votes": 1, "with_determiner": 0,
                "bare": 1}
    return entities.SingleName(mention, **{**defaults, **evidence})


SINGLE_NAME_CASES = {
    "surname_of_a_full_name": (_single(carriers=["jane smith"]), "attach"),
    "common_word": (_single(common=True), "drop"),
    "mostly_something_else": (_single(other_label="ORG", other_votes=3, person_votes=1), "relabel"),
    "thing_with_determiner": (_single(with_determiner=3, bare=5), "drop"),
    "own_name": (_single(), "keep"),
}


@pytest.mark.parametrize("name", names(entities.SINGLE_NAME_RULES))
def test_each_single_name_rule(name):
    single, effect = SINGLE_NAME_CASES[name]
    assert entities.single_name_rule(single) == (name, effect)


def _span(text: str, label: str, titled: bool = False, role_before: bool = False, article: str = "") -> entities._Mention:
    sentence = f"Yesterday {text} spoke to reporters about the plan."
    m = entities._Mention(0, "d" * 16, "body", "s00000", 10, 10 + len(text), text, label, sentence, 10)
    m.titled, m.role_before, m.article_before = titled, role_before, article
    m.tokens, m.display = text.split(), text
    return m


ALIASES = {"labour": ("Labour Party", "ORG")}
# rule -> (mention, words the corpus writes in lower case, label after the rule, marked common)
SPAN_RULE_CASES = {
    "alias_table": (_span("Labour", "PERSON"), set(), "ORG", False),
    "organisation_head_word": (_span("Acme Group", "PERSON"), set(), "ORG", False),
    "event_head_word": (_span("Leadership Election", "PERSON"), set(), "EVENT", False),
    "all_capitals": (_span("NATO", "PERSON"), set(), "ORG", False),
    "lower_case_start": (_span("de Gaulle", "PERSON"), set(), None, False),
    "common_words": (_span("Big Cat", "PERSON"), {"big", "cat"}, None, False),
    "common_word": (_span("Hunt", "PERSON"), {"hunt"}, "PERSON", True),
    "after_indefinite_article": (_span("Oscar", "PERSON", article="an"), set(), None, False),
    "titled_person": (_span("Brown", "ORG", titled=True), {"brown"}, "PERSON", False),
    "given_name_or_role": (_span("Caroline Smith", "ORG"), set(), "PERSON", False),
}


@pytest.mark.parametrize("name", names(entities.PERSON_SPAN_RULES) + names(entities.OTHER_SPAN_RULES))
def test_each_first_pass_rule(name):
    mention, lexicon, label, common = SPAN_RULE_CASES[name]
    assert entities.first_pass_rule(mention, lexicon, ALIASES) == name
    assert (mention.label, mention.common) == (label, common)


# Every rule table with its cases: the cases must name exactly the table's rules.
COVERAGE = {
    "text.line_rules.LINE_RULES": (line_rules.LINE_RULES, LINE_RULE_CASES),
    "text.line_rules.FOOTER_RULES": (line_rules.FOOTER_RULES, FOOTER_CASES),
    "text.page.TOP_RULES": (page.TOP_RULES, TOP_RULE_CASES),
    "text.page.BODY_RULES": (page.BODY_RULES, BODY_RULE_CASES),
    "text.cleaner.MODEL_KIND_RULES": (cleaner.MODEL_KIND_RULES, MODEL_KIND_CASES),
    "text.comments.COMMENT_RULES": (tuple((style, rule) for style, rule in comments.COMMENT_RULES.items()),
                                    COMMENT_CASES),
    "text.not_figures.NOT_FIGURE_RULES": (not_figures.NOT_FIGURE_RULES, NOT_FIGURE_CASES),
    "text.quantities.UNIT_READERS": (quantities.UNIT_READERS, UNIT_READER_CASES),
    "text.quantities.NUMBER_WORD_READERS": (quantities.NUMBER_WORD_READERS, NUMBER_WORD_CASES),
    "text.not_figures.AGE_RULES": (not_figures.AGE_RULES, AGE_CASES),
    "text.periods.PERIOD_RULES": (periods.PERIOD_RULES, PERIOD_CASES),
    "parse.direction.DIRECTION_RULES": (direction.DIRECTION_RULES, DIRECTION_CASES),
    "steps.entities.SINGLE_NAME_RULES": (entities.SINGLE_NAME_RULES, SINGLE_NAME_CASES),
    "steps.entities.PERSON_SPAN_RULES + OTHER_SPAN_RULES": (entities.PERSON_SPAN_RULES + entities.OTHER_SPAN_RULES,
                                                             SPAN_RULE_CASES),
}


@pytest.mark.parametrize("table", sorted(COVERAGE))
def test_every_rule_has_a_case_and_every_case_a_rule(table):
    rules, cases = COVERAGE[table]
    assert len(names(rules)) == len(set(names(rules))), "rule names repeat"
    assert set(cases) == set(names(rules))
