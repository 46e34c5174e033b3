"""The report's core: gathering a release's tables, drawing the charts, writing the page, storing it."""
from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from pipeline import store
from pipeline.report import charts, gather, page, render_report

GROUP = "g_people_barred"


def _doc(doc_id: str, outlet, published, body: str, title: str = "A headline") -> dict:
    return {"doc_id": doc_id, "source": f"{doc_id}.txt", "title": title, "standfirst": None, "outlet": outlet,
            "published": pd.Timestamp(published) if published else pd.NaT, "url": f"https://example.org/{doc_id}",
            "body": body}


def _figure(doc_id, figure_id, body, number, qualifier="exact", value=None, low=None, high=None, hedged=False,
            speaker=None, section="body", sent_id="s00000", unit="count"):
    start = body.index(number)
    return {"doc_id": doc_id, "figure_id": figure_id, "section": section, "sent_id": sent_id if section == "body" else None,
            "char_start": start, "char_end": start + len(number), "text": number, "unit": unit, "hedged": hedged,
            "attributed_to": speaker, "qualifier": qualifier, "value": value, "low": low, "high": high}


def tables() -> dict[str, pd.DataFrame]:
    """Three outlets' figures for one claim, a claim of one outlet only, and what the cleaner did."""
    a = "Ann Lee said 3,000 people were barred. Later news."
    b = "Tens of thousands of people were barred, reports say."
    c = "Over 100,000 people were barred <b>in all</b>, said Bo Ray."
    d = "About 40 people were barred."
    documents = [_doc("da", "Outlet A", "2015-08-25", a), _doc("db", "Outlet B", "2015-08-26", b),
                 _doc("dc", "Outlet C", None, c), _doc("dd", "Outlet A", "2015-09-01", d, title="40 were barred")]
    figures = [_figure("da", "f0", a, "3,000", value=3000.0, speaker="PERSON:ann_lee"),
               _figure("db", "f0", b, "Tens of thousands", "vague", low=20000.0, high=99999.0, hedged=True),
               _figure("dc", "f0", c, "Over 100,000", "more_than", value=100000.0, speaker="PERSON:bo_ray"),
               _figure("dd", "f0", "40 were barred", "40", value=40.0, section="title"),
               _figure("dd", "f1", d, "About 40", "approx", value=40.0)]
    figures = pd.DataFrame(figures)
    groups = figures[["doc_id", "figure_id", "value", "low", "high", "qualifier"]].assign(
        group_id=GROUP, label="people barred", period="2015",
        outlet=lambda f: f["doc_id"].map({d["doc_id"]: d["outlet"] for d in documents}))
    lonely = pd.DataFrame([{"group_id": "g_one_outlet", "label": "jobs cut", "period": "2015", "doc_id": "da",
                            "figure_id": "f9", "value": 5.0, "low": None, "high": None, "qualifier": "exact",
                            "outlet": "Outlet A"}])
    sentences = pd.DataFrame([{"doc_id": d["doc_id"], "sent_id": "s00000", "char_start": 0,
                               "text": d["body"].split(". ")[0]} for d in documents])
    mentions = pd.DataFrame([
        {"doc_id": "da", "sent_id": "s00000", "section": "body", "char_start": 0, "char_end": 7, "label": "PERSON",
         "entity_id": "PERSON:ann_lee"},
        {"doc_id": "dc", "sent_id": "s00000", "section": "body", "char_start": c.index("Bo Ray"),
         "char_end": c.index("Bo Ray") + 6, "label": "PERSON", "entity_id": "PERSON:bo_ray"},
        {"doc_id": "dd", "sent_id": "s00000", "section": "body", "char_start": 0, "char_end": 7, "label": "PERSON",
         "entity_id": "PERSON:ann_lee"}])
    entities = pd.DataFrame([{"entity_id": "PERSON:ann_lee", "name": "Ann Lee"},
                             {"entity_id": "PERSON:bo_ray", "name": "Bo Ray"}])
    removed = pd.DataFrame([{"doc_id": "da", "kind": "share_prompt", "rule": "share_line", "text": "Share this"},
                            {"doc_id": "db", "kind": "share_prompt", "rule": "share_line", "text": "Share on X"},
                            {"doc_id": "db", "kind": "byline", "rule": "by_name", "text": "By Cy Doe"}])
    rejected = pd.DataFrame([{"source": "e.txt", "reason": "empty"},
                             {"source": "f.txt", "reason": "duplicate_of:da"}])
    return {"documents": pd.DataFrame(documents),
            "figures": figures.drop(columns=["qualifier", "value", "low", "high"]),
            "claim_groups": pd.concat([groups, lonely], ignore_index=True), "sentences": sentences,
            "mentions": mentions, "entities": entities, "removed": removed, "rejected": rejected}


@pytest.fixture
def data() -> gather.ReportData:
    return gather.gather(tables(), "0123456789abcdef")


# ---- gathering -------------------------------------------------------------------------------------

def test_only_groups_with_two_or_more_outlets_are_charted(data):
    assert list(data.groups["group_id"]) == [GROUP]
    assert data.totals["claim_groups"] == 2 and data.totals["groups_across_outlets"] == 1
    assert set(data.claims["outlet_name"]) == {"Outlet A", "Outlet B", "Outlet C"}


def test_each_figure_keeps_its_sentence_with_the_number_at_its_offsets(data):
    for row in data.claims.itertuples(index=False):
        assert row.sentence[row.number_start:row.number_end] == row.figure_text
    title_row = data.claims[(data.claims["doc_id"] == "dd") & (data.claims["figure_id"] == "f0")].iloc[0]
    assert title_row.sentence == "40 were barred"  # a title's figure is shown in its title


def test_the_speaker_is_named_and_found_in_the_sentence(data):
    by_doc = data.claims.set_index("doc_id")
    assert by_doc.loc["dc", "speaker"] == "Bo Ray"
    (start, end), = by_doc.loc["dc", "speaker_spans"]
    assert by_doc.loc["dc", "sentence"][start:end] == "Bo Ray"
    assert pd.isna(by_doc.loc["db", "speaker"]) and by_doc.loc["db", "speaker_spans"] == []


def test_keys_number_the_figures_of_a_group_in_chart_order(data):
    assert list(data.claims["key"]) == list(range(1, len(data.claims) + 1))


def test_groups_rank_by_outlets_and_the_rest_are_listed(monkeypatch):
    frames = tables()
    second = frames["claim_groups"][frames["claim_groups"]["doc_id"].isin(["da", "db"])].assign(
        group_id="g_two", label="two outlets")
    frames["claim_groups"] = pd.concat([second, frames["claim_groups"]], ignore_index=True)
    monkeypatch.setattr(gather, "MAX_CHARTS", 1)
    data = gather.gather(frames, "0123456789abcdef")
    assert list(data.groups["group_id"]) == [GROUP]            # three outlets beat two
    assert list(data.groups_left_out["group_id"]) == ["g_two"]


def test_a_chart_takes_outlets_in_turn_when_documents_are_capped(monkeypatch):
    monkeypatch.setattr(gather, "MAX_DOCUMENTS", 3)
    data = gather.gather(tables(), "0123456789abcdef")
    assert data.claims["doc_id"].nunique() == 3
    assert set(data.claims["outlet_name"]) == {"Outlet A", "Outlet B", "Outlet C"}


def test_people_removed_and_rejected_are_counted():
    data = gather.gather(tables(), "0123456789abcdef")
    people = data.people.set_index(["outlet", "name"])
    assert people.loc[("Outlet A", "Ann Lee"), "n_documents"] == 2
    assert people.loc[("Outlet C", "Bo Ray"), "n_mentions"] == 1
    assert data.people["outlet"].iloc[0] == "Outlet A"          # the outlet with most documents first
    removed = data.removed.set_index("kind")
    assert removed.loc["share_prompt", "lines"] == 2 and removed.loc["share_prompt", "documents"] == 2
    assert list(data.removed["kind"]) == ["share_prompt", "byline"]
    assert set(data.rejected["reason"]) == {"empty", "duplicate_of"}
    assert "f.txt (duplicate_of:da)" in data.rejected.set_index("reason").loc["duplicate_of", "examples"]


# ---- marks and charts ------------------------------------------------------------------------------

@pytest.mark.parametrize("qualifier, value, low, high, hedged, shape, hollow", [
    ("exact", 5.0, None, None, False, "point", False),
    ("approx", 5.0, None, None, True, "approx", True),
    ("range", None, 4.0, 9.0, False, "bar", False),
    ("vague", None, 20.0, 99.0, True, "bar", True),
    ("more_than", 5.0, None, None, False, "more", False),
    ("at_least", 5.0, None, None, False, "more", False),
    ("fewer_than", 5.0, None, None, False, "less", False),
    ("at_most", 5.0, None, None, True, "less", True),
])
def test_each_qualifier_has_its_mark(qualifier, value, low, high, hedged, shape, hollow):
    mark = charts.mark_of(qualifier, value, low, high, hedged)
    assert (mark.shape, mark.hollow) == (shape, hollow)


def test_a_figure_without_numbers_is_not_drawn():
    assert charts.mark_of("vague", float("nan"), float("nan"), None, False) is None


def _chart(claims: pd.DataFrame, unit: str = "count") -> Figure:
    return charts.claim_figure(claims, "people barred", "2015", unit)


def test_the_axis_is_logarithmic_only_past_two_orders_of_magnitude(data):
    assert _chart(data.claims).axes[0].get_xscale() == "log"          # 40 to 100,000
    narrow = data.claims[data.claims["doc_id"] != "dd"]                 # 3,000 to 100,000
    assert _chart(narrow).axes[0].get_xscale() == "linear"


def test_the_chart_has_a_title_and_an_axis_label_with_the_unit(data):
    ax = _chart(data.claims, unit="GBP").axes[0]
    assert ax.get_title(loc="left") == "people barred, 2015"
    assert "(GBP)" in ax.get_xlabel() and "log scale" in ax.get_xlabel()


def test_no_two_labels_overlap_on_a_crowded_chart(data):
    many = pd.concat([data.claims.assign(doc_id=lambda f, i=i: f["doc_id"] + str(i),
                                         outlet_name=lambda f, i=i: f["outlet_name"] + f" edition {i}")
                      for i in range(6)], ignore_index=True).assign(key=lambda f: range(1, len(f) + 1))
    assert charts.text_overlaps(_chart(many)) == []
    assert charts.text_overlaps(charts.key_figure()) == []


def test_the_overlap_check_finds_overlapping_labels():
    with matplotlib.rc_context(charts.STYLE):
        fig = Figure(figsize=(3, 2))
        ax = fig.add_subplot()
        ax.text(0.5, 0.5, "first label")
        ax.text(0.52, 0.5, "second label")
    assert ("first label", "second label") in charts.text_overlaps(fig)


def test_every_mark_has_its_svg_id_and_text_needs_no_font(data):
    svg = charts.to_svg(_chart(data.claims), prefix=GROUP)
    for row in data.claims.itertuples(index=False):
        mark = charts.mark_of(row.qualifier, row.value, row.low, row.high, row.hedged)
        assert f'id="{charts.mark_id(mark, row.group_id, row.figure_id)}"' in svg
    assert "<text" not in svg and "font-family" not in svg and "<metadata" not in svg


def test_inlined_charts_never_share_an_internal_id(data):
    one = charts.to_svg(_chart(data.claims), prefix="one")
    two = charts.to_svg(_chart(data.claims), prefix="two")
    ids = re.findall(r'\bid="([^"]+)"', one + two)
    internal = [i for i in ids if not i.startswith("mark-")]
    assert internal and len(internal) == len(set(internal))
    for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', one):
        assert ref.startswith("one-") and f'id="{ref}"' in one


@pytest.mark.parametrize("value, unit, text", [(3100, "count", "3.1k"), (2e6, "count", "2M"), (0, "count", "0"),
                                               (24, "percent", "24%"), (4.4e9, "GBP", "4.4bn")])
def test_tick_labels_are_compact(value, unit, text):
    assert charts.compact(value, unit) == text


# ---- the page --------------------------------------------------------------------------------------

def test_the_number_and_the_speaker_are_highlighted_and_text_is_escaped():
    sentence = "Over 100,000 people were barred <b>in all</b>, said Bo Ray."
    html = page.highlighted(sentence, 0, 12, [(sentence.index("Bo Ray"), sentence.index("Bo Ray") + 6)])
    assert html.startswith("<mark>Over 100,000</mark>")
    assert '<mark class="speaker">Bo Ray</mark>' in html
    assert "&lt;b&gt;in all&lt;/b&gt;" in html and "<b>" not in html


def test_the_page_is_self_contained(data):
    html = render_report(data)
    assert "<script" not in html and "<link" not in html and "<img" not in html and "@import" not in html
    outside_links = re.sub(r'<a href="[^"]*"', "", html)
    outside_links = re.sub(r'xmlns(:xlink)?="http://www\.w3\.org/[^"]*"', "", outside_links)
    assert not re.search(r"https?://", outside_links)
    assert html.count("<svg") == 2                    # the key and the one chart
    for row in data.claims.itertuples(index=False):
        assert f"<mark>{row.figure_text}</mark>" in html


def test_a_release_without_claims_across_outlets_says_so():
    frames = tables()
    frames["claim_groups"] = frames["claim_groups"].assign(outlet="Outlet A")
    html = render_report(gather.gather(frames, "0123456789abcdef"))
    assert "No claim group has figures from two or more outlets" in html and "<svg" not in html


def test_charts_left_out_are_named_on_the_page(monkeypatch):
    frames = tables()
    second = frames["claim_groups"][frames["claim_groups"]["doc_id"].isin(["da", "db"])].assign(
        group_id="g_two", label="jobs promised")
    frames["claim_groups"] = pd.concat([frames["claim_groups"], second], ignore_index=True)
    monkeypatch.setattr(gather, "MAX_CHARTS", 1)
    html = render_report(gather.gather(frames, "0123456789abcdef"))
    assert "Not charted" in html and "jobs promised" in html


# ---- the store -------------------------------------------------------------------------------------

def _release(root, rid_hint: str = "a") -> str:
    frame = pd.DataFrame({"source": [f"{rid_hint}.txt"], "raw_sha256": [None], "reason": ["empty"]})
    version = store.publish(root, "rejected", frame).version
    return store.write_release(root, {"rejected": version}, "0" * 64 if rid_hint == "a" else "1" * 64)


def test_the_page_is_kept_by_release_and_beside_the_current_tables(tmp_path):
    rid = _release(tmp_path)
    path, beside = store.write_report(tmp_path, rid, b"<html>one</html>")
    assert path == store.report_path(tmp_path, rid) and path.read_bytes() == b"<html>one</html>"
    assert (tmp_path / "current" / store.CURRENT_REPORT).read_bytes() == b"<html>one</html>"
    store.write_report(tmp_path, rid, b"<html>two</html>")
    assert (tmp_path / "current" / store.CURRENT_REPORT).read_bytes() == b"<html>two</html>"
    assert not [p for p in path.parent.iterdir() if p.name.startswith(store.TEMP_PREFIX)]
    assert store.verify(tmp_path) == []


def test_an_unknown_release_has_no_report(tmp_path):
    _release(tmp_path)
    with pytest.raises(store.DatasetNotFound):
        store.write_report(tmp_path, "ffffffffffffffff", b"x")
    with pytest.raises(ValueError):
        store.report_path(tmp_path, "../elsewhere")


def test_prune_removes_the_pages_of_the_releases_it_removes(tmp_path):
    old = _release(tmp_path, "a")
    store.write_report(tmp_path, old, b"old")
    new = _release(tmp_path, "b")
    store.write_report(tmp_path, new, b"new")
    store.prune(tmp_path, keep=1)
    assert not store.report_path(tmp_path, old).exists()
    assert store.report_path(tmp_path, new).read_bytes() == b"new"
    assert (tmp_path / "current" / store.CURRENT_REPORT).read_bytes() == b"new"


def test_a_group_of_unknown_period_says_so():
    frames = tables()
    frames["claim_groups"] = frames["claim_groups"].assign(period=float("nan"))
    data = gather.gather(frames, "0123456789abcdef")
    group = data.groups.iloc[0]
    chart = charts.claim_figure(data.claims, group.label, group.period_text, group.unit)
    assert chart.axes[0].get_title(loc="left") == "people barred, period not known"
    assert "nan" not in render_report(data).lower().replace("nanometer", "")


@pytest.mark.parametrize("n, text", [(0, "0 documents"), (1, "1 document"), (2125, "2,125 documents")])
def test_counts_read_as_english(n, text):
    assert page.count(n, "document") == text
