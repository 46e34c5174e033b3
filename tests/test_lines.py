"""The line classifier: features, labels from a gold body, the shipped model, and its audit trail."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline import schemas
from pipeline.steps import clean
from pipeline.text import cleaner
from pipeline.text import lines

PAGES = Path(__file__).resolve().parents[2] / "shared" / "pages"

PROSE = [
    "The council approved the new housing plan on Tuesday after a debate that lasted more than four hours.",
    "Residents who had opposed the scheme said they would now look at the details of the decision with care.",
    "The first homes are expected to be finished by the end of next year, according to the council's report.",
    "A spokesman for the developer said the company was pleased that the plan had finally been approved.",
]
MENU = ["Home", "News", "Sport", "Weather", "Subscribe", "Sign In", "Newsletters", "Most Popular"]
FOOTER = ["About Us", "Contact Us", "Privacy Policy", "Terms of Use", "Cookie Settings",
          "© 2024 Harbour Media Group. All rights reserved."]


def web_page(title: str = "Council approves new housing plan") -> str:
    return "\n".join([f"{title} - Harbour Gazette", "", *MENU, "", title, "", *[p + "\n" for p in PROSE],
                      "Share this article", "Facebook", "Twitter", "", *FOOTER, ""])


def test_line_features_tell_prose_from_chrome():
    prose = lines.line_features(PROSE[0], rule_hit=False, repeats=0)
    menu = lines.line_features("Subscribe", rule_hit=False, repeats=0)
    assert prose["stop_share"] > 0.3 and prose["ends_sentence"] == 1 and prose["prose"] == 1
    assert menu["stop_share"] == 0 and menu["ends_sentence"] == 0 and menu["cta_words"] == 1
    assert lines.line_features("Read more at www.example.com", False, 2)["link_like"] == 1


def test_page_matrix_has_every_feature_and_marks_the_page_ends():
    indexes, matrix = lines.page_matrix("Home\n\nNews\n\n" + PROSE[0])
    assert indexes == [0, 2, 4]
    assert matrix.shape == (3, len(lines.FEATURE_NAMES))
    before = lines.FEATURE_NAMES.index("log_words@-1")
    assert matrix[0, before] == -1 and matrix[1, before] > 0  # nothing before the first line


def test_page_matrix_of_an_empty_page_is_empty():
    assert lines.page_matrix("\n \n")[1].shape == (0, len(lines.FEATURE_NAMES))


def test_label_lines_uses_the_gold_shingles_and_paragraphs():
    text = "Home\n\nBig news today\n\n" + PROSE[0] + "\n\nSubscribe now for more\n\n" + PROSE[1]
    gold = "Big news today\n" + PROSE[0] + "\n" + PROSE[1]
    indexes, labels = lines.label_lines(text, gold)
    assert indexes == [0, 2, 4, 6, 8]
    assert labels == [0, 1, 1, 0, 1]


def test_label_lines_takes_a_short_line_by_its_neighbours():
    text = PROSE[0] + "\nMore\n" + PROSE[1]  # "More" occurs in the gold inside a longer paragraph
    gold = PROSE[0] + "\nMore to come. " + PROSE[1]
    assert lines.label_lines(text, gold)[1] == [1, 1, 1]
    assert lines.label_lines("Home\nMore\nNews", gold)[1] == [0, 0, 0]


def test_the_shipped_model_scores_chrome_below_prose():
    model = lines.load_model()
    assert model is not None, "pipeline/models/ must ship the line classifier"
    page, _ = cleaner.apply_rules(web_page())
    indexes, matrix = cleaner.page_line_matrix(page)
    scores = dict(zip((page.lines[i].strip() for i in indexes), lines.body_scores(model, matrix)))
    assert min(scores[p] for p in PROSE) > max(scores[m] for m in MENU + FOOTER[:5])


def test_model_removals_carry_a_kind_the_rule_and_the_score():
    result = cleaner.clean_text(web_page())
    assert result.paragraphs == PROSE
    by_model = [r for r in result.removed if r["rule"] == cleaner.MODEL_RULE]
    assert {r["text"] for r in by_model} >= {"Home", "Sport", "Privacy Policy"}
    assert all(r["kind"] in schemas.REMOVED_KINDS for r in by_model)
    assert all(0 <= r["score"] < cleaner.BODY_THRESHOLD for r in by_model)
    assert all(r["score"] is None for r in result.removed if r["rule"] != cleaner.MODEL_RULE)


def test_without_a_model_only_the_rules_apply():
    result = cleaner.clean_text(web_page(), model=None)
    assert "Home" in result.paragraphs and not any(r["rule"] == cleaner.MODEL_RULE for r in result.removed)


def test_model_kinds_come_from_the_closed_vocabulary():
    for text in ("Advertisement feature", "Follow us on Twitter", "Getty Images", "Home", "Read more stories",
                 "Ten things you missed this week in the city", "By Jane Smith", "Cookie policy and terms of use"):
        assert cleaner.model_kind(text) in schemas.REMOVED_KINDS


def test_removed_table_validates_with_scores():
    frame = pd.DataFrame([{"doc_id": "0" * 16, "source": "a.txt", "raw_sha256": "0" * 64, "encoding": "utf-8",
                           "text": web_page(), "outlet": None, "url": None, "published": None}])
    removed = schemas.validate("removed", clean.clean_documents(frame)["removed"])
    assert removed["score"].notna().any() and removed["score"].isna().any()


def test_cleaner_info_names_the_model_file_and_the_extractor():
    info = cleaner.cleaner_info()
    assert info["cleaner_model"] == lines.MODEL_NAME and len(info["cleaner_model_sha256"]) == 64
    assert info["html_extractor"] == "trafilatura" and info["html_extractor_version"]


def test_model_card_lists_the_features_the_code_computes():
    card = json.loads(lines.MODEL_CARD.read_text(encoding="utf-8"))
    assert card["features"]["stage1"] == list(lines.FEATURE_NAMES)
    assert card["features"]["stage2"] == list(lines.STAGE2_FEATURES)
    assert card["model_files"] == {p.name: lines.file_sha256(p) for p in lines.MODEL_FILES}


def test_stage2_matrix_adds_the_neighbourhood_of_first_stage_scores():
    matrix = np.zeros((4, len(lines.FEATURE_NAMES)))
    out = lines.stage2_matrix(np.array([0.0, 1.0, 1.0, 0.0]), matrix)
    assert out.shape == (4, len(lines.STAGE2_FEATURES))
    col = lines.STAGE2_FEATURES.index("p1_max_before")
    assert out[:, col].tolist() == [0.0, 1.0, 1.0, 1.0]


@pytest.fixture(scope="module")
def real_pages() -> tuple[dict, dict]:
    if not (PAGES / "gold.json").is_file():
        pytest.skip("real pages with gold not present beside the repo")
    gold = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))
    texts = {k: (PAGES / "raw" / f"{k}.txt").read_text(encoding="utf-8") for k in gold}
    return gold, texts


def _shingle_f1(gold: str, body: str) -> float:
    def sh(text):
        toks = lines.TOKEN.findall(text)
        return {tuple(toks[i:i + 4]) for i in range(len(toks) - 3)}
    g, b = sh(gold), sh(body)
    if not g or not b:
        return 0.0
    p, r = len(g & b) / len(b), len(g & b) / len(g)
    return 2 * p * r / (p + r) if p + r else 0.0


def test_real_pages_keep_the_article_and_drop_the_chrome(real_pages):
    gold, texts = real_pages
    f1 = [_shingle_f1(gold[k]["articleBody"], "\n\n".join(cleaner.clean_text(texts[k]).paragraphs)) for k in sorted(gold)]
    assert np.mean(f1) >= 0.9
    assert np.median(f1) >= 0.97


@pytest.mark.parametrize("name", ["CALL_TO_ACTION", "DATE_LIKE"])
def test_the_first_character_look_ahead_changes_no_match(name):
    import re

    guarded = getattr(lines, name)
    lookahead = re.match(r"\\b(\(\?=\[[^\]]+\]\))", guarded.pattern).group(1)
    plain = re.compile(guarded.pattern.replace(lookahead, "", 1), guarded.flags)
    # every literal word of the alternation, in each case, after each kind of character before it,
    # and the numeric shapes of DATE_LIKE
    words = sorted(set(re.findall(r"[a-z]{2,}", plain.pattern))) + ["12 jan", "3 hours ago", "2024-01-02",
                                                                   "1/2/24", "9:30 pm", "Ｆollow", "ſhare"]
    texts = [f"{before}{form} x" for w in words for form in (w, w.upper(), w.title())
             for before in ("", " ", "(", "1", "_", "é")]
    assert len(texts) > 500
    assert [plain.findall(t) for t in texts] == [guarded.findall(t) for t in texts]
    assert sum(bool(guarded.search(t)) for t in texts) > len(texts) / 10  # not vacuous: many match
