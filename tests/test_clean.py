"""Cleaning rules on small made-up texts, the sample articles against their annotations, the BBC corpus."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schemas
from pipeline.text import cleaner, bylines
from pipeline.text import htmlpage
from pipeline.steps.clean import clean_documents
from pipeline.text.cleaner import CleanResult, clean_text

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = Path(__file__).resolve().parent / "data" / "gold_seeds.json"

BODY_ONE = "The committee met on Tuesday and agreed the new rules after a long debate."
BODY_TWO = "Critics said the decision would make the party weaker, and vowed to fight on."
BODY_THREE = "A spokesman said the process had been fair and that appeals would be heard."


def kinds(result: CleanResult) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for r in result.removed:
        out.setdefault(r["line_no"], set()).add(r["kind"])
    return out


def removed_by_kind(result: CleanResult, kind: str) -> list[str]:
    return [r["text"] for r in result.removed if r["kind"] == kind]


# ---- title, standfirst, byline -------------------------------------------------------------------


def test_title_is_the_short_first_line():
    r = clean_text(f"Council approves new housing plan\n\n{BODY_ONE}\n\n{BODY_TWO}\n")
    assert r.title == "Council approves new housing plan"
    assert r.paragraphs == [BODY_ONE, BODY_TWO]
    assert r.removed == []


def test_no_title_when_the_text_starts_with_prose():
    r = clean_text(f"{BODY_ONE} It was the third meeting this year.\n\n{BODY_TWO}\n")
    assert r.title is None
    assert r.paragraphs[0].startswith("The committee met")
    assert len(r.paragraphs) == 2


def test_lone_name_above_the_headline_is_the_byline():
    text = f"Maria Gonzalez\n\nMinister rejects claims over budget\n\n{BODY_ONE}\n"
    r = clean_text(text)
    assert r.author == "Maria Gonzalez"
    assert r.title == "Minister rejects claims over budget"
    assert kinds(r)[1] == {"byline"}
    assert r.paragraphs == [BODY_ONE]


def test_by_line_gives_the_author_without_the_role():
    r = clean_text(f"Minister rejects claims over budget\nBy Tom Hughes, Political Editor\n\n{BODY_ONE}\n")
    assert r.author == "Tom Hughes"
    assert kinds(r)[2] == {"byline"}
    assert r.paragraphs == [BODY_ONE]


def test_by_line_for_an_outlet_keeps_only_the_name():
    r = clean_text(f"Minister rejects claims over budget\nBy TOM HUGHES FOR THE DAILY POST\n\n{BODY_ONE}\n")
    assert r.author == "TOM HUGHES"


def test_standfirst_expanding_the_title():
    title = "Council approves new housing plan"
    standfirst = "Council approves new housing plan despite protests from residents over the loss of parkland"
    r = clean_text(f"{title}\n\n{standfirst}\n\n{BODY_ONE}\n")
    assert r.title == title
    assert r.standfirst == standfirst
    assert r.paragraphs == [BODY_ONE]


def test_lead_paragraph_ending_with_a_full_stop_is_not_a_standfirst():
    lead = "The council has approved a new housing plan, despite protests from residents."
    r = clean_text(f"Council approves new housing plan\n\n{lead}\n\n{BODY_ONE}\n")
    assert r.standfirst is None
    assert r.paragraphs == [lead, BODY_ONE]


def test_repeated_title_is_removed_as_duplicate():
    title = "Minister rejects claims over budget"
    r = clean_text(f"{title}\n\n{title}\nText settings\n\n{BODY_ONE}\n")
    assert r.title == title
    assert kinds(r) == {3: {"duplicate_title"}, 4: {"site_chrome"}}
    assert r.paragraphs == [BODY_ONE]


def test_masthead_and_crumbs_at_the_top_give_the_outlet():
    r = clean_text(f"Evening Courier\n\nHome News Politics\n\nMinister rejects claims over budget\n\n{BODY_ONE}\n")
    assert r.outlet == "Evening Courier"
    assert kinds(r) == {1: {"site_chrome"}, 3: {"navigation"}}
    assert r.title == "Minister rejects claims over budget"


# ---- captions, headings, bullets, artifacts ------------------------------------------------------


def test_pictured_line_is_a_caption():
    caption = "The mayor opened the bridge on Friday. Pictured: the mayor with local schoolchildren"
    r = clean_text(f"Bridge opens\n\n{BODY_ONE}\n\n{caption}\n\n{BODY_TWO}\n")
    assert removed_by_kind(r, "caption") == [caption]
    assert caption not in r.paragraphs


def test_unpunctuated_description_mid_article_is_a_caption():
    caption = "Protesters gathered outside the town hall holding banners and placards during the vote"
    r = clean_text(f"Bridge opens\n\n{BODY_ONE}\n\n{caption}\n\n{BODY_TWO}\n\n{BODY_THREE}\n")
    assert removed_by_kind(r, "caption") == [caption]
    assert r.paragraphs == [BODY_ONE, BODY_TWO, BODY_THREE]


def test_short_headings_inside_the_article_stay():
    r = clean_text(f"Bridge opens\n\n{BODY_ONE}\n\nDirty Tricks\n\n{BODY_TWO}\n\nThe End?\n\n{BODY_THREE}\n")
    assert r.paragraphs == [BODY_ONE, "Dirty Tricks", BODY_TWO, "The End?", BODY_THREE]
    assert r.removed == []


def test_summary_bullets_at_the_top_stay_in_the_body():
    bullets = ["  • The committee banned four groups after a long meeting",
               "  • Reports suggest up to a thousand members may be expelled"]
    r = clean_text("Party bans four groups\n\n" + "\n".join(bullets) + f"\n\n{BODY_ONE}\n")
    assert r.title == "Party bans four groups"
    assert r.standfirst is None
    assert r.paragraphs == [b.strip() for b in bullets] + [BODY_ONE]


def test_glued_id_code_is_cut_and_recorded_as_artifact():
    r = clean_text(f"Bridge opens\n\n{BODY_ONE}\n\nX012This was the first time the bridge had closed.\n")
    assert r.paragraphs == [BODY_ONE, "This was the first time the bridge had closed."]
    assert [(a["line_no"], a["text"]) for a in r.removed if a["kind"] == "artifact"] == [(5, "X012")]


def test_words_inside_kept_paragraphs_are_not_rewritten():
    odd = "However, s hadow ministers said the plan  was   flawed.Supporters disagreed."
    r = clean_text(f"Bridge opens\n\n   {odd}   \n")
    assert r.paragraphs == [odd]


# ---- comments ------------------------------------------------------------------------------------

COMMENT_PAGE = f"""Bridge opens

{BODY_ONE}

  1. Alice Smith

    I walked over it this morning. Lovely.


  2. bob_1970

    It cost far too much money.

    And it is ugly.


    1. carol

      I disagree with you entirely.


    2. Dan Brown

      Agreed, Bob.


  3. Eve

    Good news at last.


Leave a Reply

Fill in your details below or click an icon to log in:

You are commenting using your Twitter account. Log Out /  Change )

Twitter picture

Connecting to %s
"""


def test_numbered_comments_with_nesting():
    r = clean_text(COMMENT_PAGE)
    got = [(c["comment_id"], c["parent_id"], c["depth"], c["author"]) for c in r.comments]
    assert got == [("1", None, 0, "Alice Smith"), ("2", None, 0, "bob_1970"), ("2.1", "2", 1, "carol"),
                   ("2.2", "2", 1, "Dan Brown"), ("3", None, 0, "Eve")]
    second = r.comments[1]
    assert second["text"] == "It cost far too much money.\n\nAnd it is ugly."
    assert (second["line_start"], second["line_end"]) == (10, 14)
    assert r.paragraphs == [BODY_ONE]


def test_every_non_blank_comment_line_is_a_comment_section_row():
    r = clean_text(COMMENT_PAGE)
    lines = COMMENT_PAGE.split("\n")
    section = {r_["line_no"] for r_ in r.removed if r_["kind"] == "comment_section"}
    expected = {n for c in r.comments for n in range(c["line_start"], c["line_end"] + 1) if lines[n - 1].strip()}
    assert section == expected
    assert len(section) == 11  # five author lines, six text lines


def test_comment_form_lines():
    r = clean_text(COMMENT_PAGE)
    form = removed_by_kind(r, "comment_form")
    assert form == ["Leave a Reply", "Fill in your details below or click an icon to log in:",
                    "You are commenting using your Twitter account. Log Out /  Change )",
                    "Twitter picture", "Connecting to %s"]


def test_numbered_list_in_the_body_is_not_a_comment_section():
    text = f"Five things to know\n\n{BODY_ONE}\n\n  1. The bridge is open.\n  2. Tolls start in May.\n\n{BODY_TWO}\n"
    r = clean_text(text)
    assert r.comments == []
    assert "1. The bridge is open." in r.paragraphs


# ---- share prompts, footers ----------------------------------------------------------------------


def test_share_block_and_share_prompts():
    text = (f"Bridge opens\n\n{BODY_ONE}\n\nShare this article\n\n{BODY_TWO}\n\nWays You Can Help Harbour Voice:\n\n"
            "  • Make sure you share and like our articles on Facebook.\n"
            "  • Finally you can donate. Details on the donations page here:\n")
    r = clean_text(text)
    assert r.paragraphs == [BODY_ONE, BODY_TWO]
    assert len(removed_by_kind(r, "share_prompt")) == 4
    assert r.outlet == "Harbour Voice"


def test_source_footer_read_full_article():
    r = clean_text(f"Bridge opens\n\n{BODY_ONE}\n\n{BODY_TWO}\n\nSource: Read Full Article")
    assert removed_by_kind(r, "source_footer") == ["Source: Read Full Article"]
    assert r.outlet is None
    assert r.paragraphs == [BODY_ONE, BODY_TWO]


def test_from_outlet_footer_names_the_outlet():
    r = clean_text(f"Bridge opens\n\n{BODY_ONE}\n\n{BODY_TWO}\n\n\nFrom Harbour Gazette\n")
    assert removed_by_kind(r, "source_footer") == ["From Harbour Gazette"]
    assert r.outlet == "Harbour Gazette"


def test_from_phrase_inside_the_body_is_kept():
    r = clean_text(f"Bridge opens\n\nFrom Monday\n\n{BODY_ONE}\n\n{BODY_TWO}\n")
    assert "From Monday" in r.paragraphs


def test_photo_credit_and_related_links_and_advert():
    text = (f"All photos by Jo Bloggs\n\nBridge opens\n\n{BODY_ONE}\n\nAdvertisement\n\n"
            f"Read more: Bridge tolls to rise next year\n\n{BODY_TWO}\n\nPhoto: Jo Bloggs / Getty Images\n\n{BODY_THREE}\n")
    r = clean_text(text)
    assert kinds(r) == {1: {"photo_credit"}, 7: {"advert"}, 9: {"related_links"}, 13: {"photo_credit"}}
    assert r.paragraphs == [BODY_ONE, BODY_TWO, BODY_THREE]


# ---- invariants ----------------------------------------------------------------------------------

line_text = st.one_of(
    st.sampled_from(["", "  ", BODY_ONE, BODY_TWO, "Bridge opens", "Share this", "Advertisement", "  1. Ann",
                     "    Great piece.", "Leave a Reply", "From Harbour Gazette", "By Jo Bloggs", "Text settings",
                     "B005This was it.", "  • A bullet point here", "Pictured: a bridge"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
            max_size=60),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(line_text, max_size=25))
def test_every_non_blank_line_is_accounted_for_once(lines):
    text = "\n".join(lines)
    r = clean_text(text)
    non_blank = sum(1 for ln in text.split("\n") if ln.strip())
    removed_lines = {x["line_no"] for x in r.removed if x["kind"] != "artifact"}
    assert non_blank == len(r.paragraphs) + len(removed_lines) + (r.title is not None) + (r.standfirst is not None)
    raw = [ln.strip() for ln in text.split("\n")]
    for p in r.paragraphs:
        assert any(ln.endswith(p) for ln in raw)
    assert {x["kind"] for x in r.removed} <= set(schemas.REMOVED_KINDS)


# ---- tables --------------------------------------------------------------------------------------


def raw_frame(texts: dict[str, str], outlets: dict[str, str | None] | None = None) -> pd.DataFrame:
    rows = []
    for name, text in texts.items():
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        rows.append({"doc_id": digest[:16], "source": name, "raw_sha256": digest, "encoding": "utf-8", "text": text,
                     "outlet": (outlets or {}).get(name), "url": None, "published": None})
    return pd.DataFrame(rows)


def test_clean_documents_tables_validate_and_are_sorted():
    texts = {"b.txt": COMMENT_PAGE, "a.txt": f"Evening Courier\n\nBridge opens\n\n{BODY_ONE}\n\n{BODY_TWO}\n"}
    out = clean_documents(raw_frame(texts, {"b.txt": "Harbour Voice"}))
    assert set(out) == {"documents", "removed", "comments"}
    for name, df in out.items():
        schemas.validate(name, df)
        assert list(df.columns) == list(schemas.TABLES[name].to_schema().columns)
        assert df.equals(df.sort_values(schemas.KEYS[name]).reset_index(drop=True))
    docs = out["documents"].set_index("source")
    assert docs.loc["a.txt", "body"] == f"{BODY_ONE}\n\n{BODY_TWO}"
    assert docs.loc["a.txt", "n_paragraphs"] == 2
    assert docs.loc["a.txt", "n_words"] == len(BODY_ONE.split()) + len(BODY_TWO.split())
    assert docs.loc["a.txt", "outlet"] == "Evening Courier"
    assert docs.loc["b.txt", "outlet"] == "Harbour Voice"  # the sidecar wins
    assert docs.loc["b.txt", "raw_chars"] == len(COMMENT_PAGE)
    assert len(out["comments"]) == 5


def test_clean_documents_empty_input():
    empty = pd.DataFrame(columns=["doc_id", "source", "raw_sha256", "encoding", "text", "outlet", "url", "published"])
    out = clean_documents(empty)
    for name, df in out.items():
        assert len(df) == 0
        assert list(df.columns) == list(schemas.TABLES[name].to_schema().columns)
        schemas.validate(name, df)


# ---- the sample articles against their hand annotations ------------------------------------------

QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def norm(text: str | None) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    text = re.sub(r"^[\s•*·\-]+", "", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


@pytest.mark.skipif(not GOLD.is_file(), reason="no annotation copy")
def test_sample_articles_match_annotations():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert len(gold["documents"]) == 5
    for g in gold["documents"]:
        raw = (REPO / "raw" / g["file"]).read_text(encoding="utf-8")
        lines = raw.split("\n")
        r = clean_text(raw)
        paras = [norm(p) for p in r.paragraphs]
        artifacts = [a["text"] for a in g.get("artifacts", []) if " " not in a["text"]]
        for ln in g["body_lines"]:
            want = norm(lines[ln - 1])
            for frag in artifacts:
                if want.startswith(frag.casefold()):
                    want = want[len(frag):]
            assert want in paras, (g["file"], ln)
        assert len(paras) == len(g["body_lines"]), g["file"]
        assert norm(r.title) == norm(g["title"]), g["file"]
        assert r.author == g["author"], g["file"]
        assert r.outlet == g["outlet"], g["file"]
        assert [norm(r.standfirst)] == [norm(lines[n - 1]) for n in g["standfirst_lines"]] or (
            r.standfirst is None and not g["standfirst_lines"]), g["file"]
        got_kinds = kinds(r)
        for kind, nums in g.get("removed", {}).items():
            for n in nums:
                if lines[n - 1].strip():
                    assert kind in got_kinds.get(n, set()), (g["file"], n, kind)
        for n in g["caption_lines"]:
            assert "caption" in got_kinds.get(n, set()), (g["file"], n)
        for a in artifacts:
            assert a in removed_by_kind(r, "artifact")
        by_n = {c["n"]: c for c in g["comments"]}
        want_c = {(c["author"], c["depth"], by_n[c["parent"]]["author"] if c["parent"] else None) for c in g["comments"]}
        authors = {c["comment_id"]: c["author"] for c in r.comments}
        have_c = {(c["author"], c["depth"], authors.get(c["parent_id"])) for c in r.comments}
        assert have_c == want_c, g["file"]
        for c in g["comments"]:
            got = next(x for x in r.comments if x["comment_id"] == c["n"])
            assert [norm(p) for p in got["text"].split("\n\n")] == [norm(lines[n - 1]) for n in c["lines"]]


# ---- the BBC corpus ------------------------------------------------------------------------------

BBC = SHARED / "corpora" / "bbc"


@pytest.mark.corpus
@pytest.mark.skipif(not BBC.is_dir(), reason="BBC corpus not present")
def test_bbc_corpus_body_and_titles_kept():
    spec = importlib.util.spec_from_file_location("check_cleaning_bbc", REPO / "bench" / "check_cleaning_bbc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.measure(BBC)
    assert figures["files"] == 2225
    assert figures["body_kept"] >= module.BODY_KEPT_TARGET, figures
    assert figures["titles"] >= module.TITLES_TARGET, figures


# ---- more layouts --------------------------------------------------------------------------------

BLOG_PAGE = f"""Bridge opens | Harbour Gazette
Bridge opens

{BODY_ONE}

The mayor cut the ribbon at the opening ceremony on Friday (Photo: Jo Bloggs)

Mr Smith says:

"It is a great day for the town."

From Harbour Gazette

3 thoughts on “Bridge opens”

Alice Smith says:
July 21, 2021 at 9:14 am

Lovely bridge.

Reply

    bob says:
    July 22, 2021 at 10:00 am

    Too expensive.

Carl Jones says:
22/07/2021 at 11:00

Agree with Alice.

Leave a Reply
Your email address will not be published. Required fields are marked *
"""


def test_blog_layout_comments_with_says_lines():
    r = clean_text(BLOG_PAGE)
    got = [(c["comment_id"], c["parent_id"], c["depth"], c["author"], c["text"]) for c in r.comments]
    assert got == [("1", None, 0, "Alice Smith", "Lovely bridge."), ("1.1", "1", 1, "bob", "Too expensive."),
                   ("2", None, 0, "Carl Jones", "Agree with Alice.")]
    assert [c["line_start"] for c in r.comments] == [16, 23, 28]


def test_quote_introduced_with_says_stays_in_the_body():
    r = clean_text(BLOG_PAGE)
    assert r.paragraphs == [BODY_ONE, "Mr Smith says:", '"It is a great day for the town."']


def test_title_with_site_name_and_footer_before_comments():
    r = clean_text(BLOG_PAGE)
    assert r.title == "Bridge opens"
    assert r.outlet == "Harbour Gazette"
    k = kinds(r)
    assert k[1] == {"duplicate_title"}
    assert k[6] == {"caption"}
    assert k[12] == {"source_footer"}
    assert k[14] == {"comment_section"}
    assert k[33] == {"comment_form"} and k[34] == {"comment_form"}


def test_prose_that_starts_like_a_label_is_kept():
    lines = ["Recommended daily amounts of salt are falling, the agency said on Monday.",
             "Help us understand why, the charity asked readers in a letter to members.",
             "Follow the money and you find the answer, he added."]
    r = clean_text("Salt intake falls\n\n" + "\n\n".join(lines) + "\n")
    assert r.paragraphs == lines
    assert r.removed == []


def test_hard_wrapped_prose_is_not_a_caption():
    wrapped = ["The council said the bridge would open to walkers and cyclists in the spring",
               "Officials said cars would have to wait until the autumn."]
    r = clean_text(f"Bridge opens\n\n{BODY_ONE}\n" + "\n".join(wrapped) + f"\n\n{BODY_TWO}\n")
    assert r.paragraphs == [BODY_ONE, *wrapped, BODY_TWO]


def test_data_source_footer_does_not_become_the_outlet():
    r = clean_text(f"Prices rise\n\n{BODY_ONE}\n\n{BODY_TWO}\n\nSource: ONS\n")
    assert removed_by_kind(r, "source_footer") == ["Source: ONS"]
    assert r.outlet is None
    r = clean_text(f"Prices rise\n\n{BODY_ONE}\n\nSource: Harbour Gazette\n")
    assert r.outlet == "Harbour Gazette"


def test_clean_documents_carries_sidecar_url_and_date():
    frame = raw_frame({"a.txt": f"Bridge opens\n\n{BODY_ONE}\n"})
    frame["url"] = ["https://example.org/bridge"]
    frame["published"] = ["2021-07-20"]
    docs = schemas.validate("documents", clean_documents(frame)["documents"])
    assert docs.loc[0, "url"] == "https://example.org/bridge"
    assert docs.loc[0, "published"] == pd.Timestamp("2021-07-20")
    assert docs.loc[0, "title"] == "Bridge opens"


# ---- real-page layouts: the HTML title, dated comments, other languages, HTML input ----------------

PAGE_MENU = "\n".join(["Home", "World", "Politics", "Business", "Subscribe", "Sign In"])


def test_headline_shown_again_after_the_html_title_is_the_title():
    text = (f"Bridge reopens after repairs | Harbour Gazette\n\n{PAGE_MENU}\n\nBridge reopens after repairs\n\n"
            f"{BODY_ONE}\n\n{BODY_TWO}\n\nHarbour Gazette\n")
    r = clean_text(text)
    assert r.title == "Bridge reopens after repairs"
    assert r.outlet == "Harbour Gazette"
    assert kinds(r)[1] == {"duplicate_title"}
    assert [x["rule"] for x in r.removed if x["line_no"] == 1] == ["html_title"]


def test_section_and_site_around_the_headline_are_dropped():
    text = (f"Opinion | Bridge reopens after repairs - Harbour Gazette\n\n{PAGE_MENU}\n\n"
            f"Bridge reopens after repairs\n\n{BODY_ONE}\n")
    r = clean_text(text)
    assert r.title == "Bridge reopens after repairs" and r.outlet == "Harbour Gazette"


def test_the_site_name_alone_is_never_the_headline():
    text = (f"Bridge reopens after repairs - Harbour Gazette\n\nHarbour Gazette\n\n{PAGE_MENU}\n\n"
            f"{BODY_ONE}\n\n{BODY_TWO}\n")
    r = clean_text(text)
    assert r.title == "Bridge reopens after repairs" and r.outlet == "Harbour Gazette"


def test_site_suffix_needs_evidence_that_it_names_a_site():
    # a quoted speaker after a dash is part of the headline, not a site
    text = f"Choose hope over fear - Kennedy\n\n{BODY_ONE} Kennedy said so.\n\n{BODY_TWO}\n"
    assert clean_text(text).title == "Choose hope over fear - Kennedy"


def test_dated_says_comments_are_comments():
    text = (f"Open thread\n\n{BODY_ONE}\n\nComments\n\n"
            "Jane Doe on September 12, 2018 at 4:47 pm said:\n\nAny update on the follow-up paper?\n\n"
            "Sam Roe (Staff) on September 13, 2018 at 5:23 pm said:\n\nHi Jane,\n\nNot yet, but soon.\n\n"
            "Leave a Reply\n")
    r = clean_text(text)
    assert [(c["author"], c["text"]) for c in r.comments] == [
        ("Jane Doe", "Any update on the follow-up paper?"), ("Sam Roe (Staff)", "Hi Jane,\n\nNot yet, but soon.")]
    assert r.paragraphs == [BODY_ONE]


def test_a_page_in_another_language_keeps_no_body_and_says_why():
    para = ("O campeonato de 2018 terá doze etapas, com a abertura marcada para março em Interlagos e o "
            "encerramento em dezembro, segundo o calendário divulgado pela organização nesta segunda-feira.")
    r = clean_text(f"Calendário da temporada\n\n{para}\n\n{para.replace('doze', 'treze')}\n")
    assert r.paragraphs == []
    assert {x["kind"] for x in r.removed} == {"other_language"}
    assert {x["rule"] for x in r.removed} == {"english_stopword_share"}


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Bridge reopens after repairs - Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta name="author" content="Jane Smith"><meta property="article:published_time" content="2021-05-04">
<script>var tracking = "do not keep";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Monday morning after eight months of repairs that cost the council far more than planned.</p>
<p>Engineers said the new deck would last for at least fifty years, and that the old supports had been replaced in full.</p>
<p>Local shops, which had lost trade while the bridge was closed, said they hoped that customers would now return to the old town.</p>
</article>
<footer><p>Copyright Harbour Media. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_html_page_goes_through_the_dom_extractor():
    r = cleaner.clean_page(HTML_PAGE, "page.html")
    assert len(r.paragraphs) == 3 and r.paragraphs[0].startswith("The harbour bridge reopened")
    assert r.title == "Bridge reopens after repairs"
    assert r.outlet == "Harbour Gazette" and r.author == "Jane Smith" and r.published == "2021-05-04"
    body = "\n".join(r.paragraphs)
    assert "<" not in body and "tracking" not in body and "Home" not in body
    removed = {x["text"]: x for x in r.removed}
    assert "Home" in removed and removed["Home"]["rule"] == "html_extractor:trafilatura"
    assert all(x["kind"] in schemas.REMOVED_KINDS and x["line_no"] >= 1 for x in r.removed)
    assert "do not keep" not in " ".join(removed)  # script text is not page text


def test_html_inside_a_txt_file_is_recognised():
    assert cleaner.clean_page(HTML_PAGE, "page.txt").paragraphs == cleaner.clean_page(HTML_PAGE, "page.html").paragraphs
    assert not htmlpage.looks_like_html(f"Bridge opens\n\n{BODY_ONE} Use <b> for bold.\n")


def test_html_page_without_an_article_gives_a_short_body_and_no_error():
    for page in ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "<html></html>", "<html><body><p>"):
        r = cleaner.clean_page(page, "empty.html")
        assert len(" ".join(r.paragraphs).split()) <= 1 and r.title is None


def test_html_documents_fill_metadata_and_validate():
    frame = pd.DataFrame([{"doc_id": "1" * 16, "source": "page.html", "raw_sha256": "1" * 64, "encoding": "utf-8",
                           "text": HTML_PAGE, "outlet": None, "url": None, "published": None}])
    tables = clean_documents(frame)
    docs = schemas.validate("documents", tables["documents"])
    assert docs.loc[0, "published"] == pd.Timestamp("2021-05-04") and docs.loc[0, "author"] == "Jane Smith"
    schemas.validate("removed", tables["removed"])


def test_the_article_shown_twice_is_kept_once():
    long_para = " ".join([BODY_ONE, BODY_TWO, BODY_THREE])
    text = f"Bridge opens\n\n{BODY_ONE}\n\n{BODY_TWO}\n\n{BODY_THREE}\n\n{long_para}\n\n{BODY_TWO}\n"
    r = clean_text(text)
    assert r.paragraphs == [BODY_ONE, BODY_TWO, BODY_THREE]
    assert {x["rule"] for x in r.removed} == {"repeats_body", "repeated_paragraph"}
    assert {x["kind"] for x in r.removed} == {"duplicate_text"}


@pytest.mark.parametrize("byline, author", [
    ("By Tess Bonn - 11/19/19 06:56 AM EST", "Tess Bonn"),
    ("By Umair Irfan Updated Nov 13, 2019, 10:28am EST", "Umair Irfan"),
    ("Monday November 18, 2019 7:45 am PST by Joe Rossignol", "Joe Rossignol"),
    ("September 10, 2018 | by Catherine", "Catherine"),
])
def test_byline_below_the_headline_of_a_page(byline, author):
    text = (f"Bridge reopens after repairs - Harbour Gazette\n\n{PAGE_MENU}\n\nBridge reopens after repairs\n\n"
            f"Share\n\n{byline}\n\n{BODY_ONE}\n\n{BODY_TWO}\n")
    r = clean_text(text)
    assert r.author == author
    assert byline not in r.paragraphs


def test_by_alone_above_the_name():
    text = (f"Bridge reopens after repairs - Harbour Gazette\n\n{PAGE_MENU}\n\nBridge reopens after repairs\n\n"
            f"By\nSarah E. Needleman\n\n{BODY_ONE}\n\n{BODY_TWO}\n")
    r = clean_text(text)
    assert r.author == "Sarah E. Needleman" and "Sarah E. Needleman" not in r.paragraphs


def test_prose_ending_with_a_name_is_not_a_byline():
    line = "A fresh crackdown on truants has been launched by Education Secretary Ruth Kelly"
    assert bylines.byline_in(line, "") is None
    assert bylines.byline_in(line + ".", "") is None


HTML_COMMENTS = HTML_PAGE.replace("</article>", """</article>
<section id="comments"><h3>2 Comments</h3><ol>
<li><div><cite>Jane Doe</cite> on <a href="#c1">May 4, 2021 at 9:15 am</a> said:</div>
<p>Good to see the bridge open again after all this time.</p></li>
<li><div><cite>Sam Roe</cite> on <a href="#c2">May 5, 2021 at 10:02 am</a> said:</div>
<p>The repairs took far too long and cost far too much.</p></li></ol>
<h3>Leave a Reply</h3><form><p>You must log in to post a comment.</p></form></section>""")


def test_html_comments_keep_their_authors_and_no_form_text():
    r = cleaner.clean_page(HTML_COMMENTS, "page.html")
    assert [(c["author"], c["text"]) for c in r.comments] == [
        ("Jane Doe", "Good to see the bridge open again after all this time."),
        ("Sam Roe", "The repairs took far too long and cost far too much.")]
    assert all(c["line_start"] > 1 for c in r.comments)
    assert not any("log in" in p or "Good to see" in p for p in r.paragraphs)


def test_html_comment_widgets_are_not_comments():
    found = ["Leave a Reply", "Want to join the discussion?", "Loading comments...",
             "Your personal data will only be used to filter spam, and you may revoke this consent at any time.",
             "I made this jam today and it turned out really good, thank you for the recipe."]
    comments = cleaner._html_comments("<html><body></body></html>", found)
    assert [c["text"] for c in comments] == [found[-1]]


def test_an_extractor_failure_costs_only_that_page(monkeypatch):
    def broken(html, url=None):
        raise ValueError("cannot parse this page")

    monkeypatch.setattr(htmlpage, "extract", broken)
    r = cleaner.clean_page(HTML_PAGE, "page.html")
    assert r.removed == [{"line_no": 1, "kind": "artifact", "rule": "html_extractor:trafilatura:failed",
                          "text": "ValueError: cannot parse this page", "score": None}]
    assert any(p.startswith("The harbour bridge reopened") for p in r.paragraphs)


FORUM = ("Woyzeck\n2 days ago at 07:52 am\nIt is good to see the bridge open again.\nRating: 36 Votes\n"
         "Nick A\n2 days ago at 07:47 am\nThe repairs took far too long and cost far too much.\nRating: 25 Votes\n")


def test_forum_comments_below_a_comments_heading():
    r = clean_text(f"Bridge opens\n\n{BODY_ONE}\n\n{BODY_TWO}\n\n[ 167 comments ]\n\nTop Rated Comments\n\n{FORUM}")
    assert [(c["author"], c["text"]) for c in r.comments] == [
        ("Woyzeck", "It is good to see the bridge open again."),
        ("Nick A", "The repairs took far too long and cost far too much.")]
    assert r.paragraphs == [BODY_ONE, BODY_TWO]


def test_name_and_date_lines_without_a_comments_heading_are_not_comments():
    assert clean_text(f"Bridge opens\n\n{BODY_ONE}\n\n{FORUM}").comments == []
    byline = f"Bridge opens\n\nJane Smith\nMay 4, 2021 at 9:15 am\n{BODY_ONE}\n\n{BODY_TWO}\n\nComments\n"
    assert clean_text(byline).comments == []
