"""Direction of change: which figures state a rise or a fall, read from the parse of their sentence."""
from __future__ import annotations

import pandas as pd
import pytest
from test_figures import build_frames, extract


# sentence, figure as written, direction (None: the figure states no change, e.g. a level)
DIRECTION_CASES = [
    ("Shares fell 3.4% to 245p.", "3.4%", "down"),
    ("Shares fell 3.4% to 245p.", "245p", None),
    ("Sales were up 5pc on the year.", "5pc", "up"),
    ("Exports were down 3% in May.", "3%", "down"),
    ("It reported a 25% rise in profits.", "25%", "up"),
    ("The budget was cut by £2bn.", "£2bn", "down"),
    ("Revenue grew more than sixfold.", "more than sixfold", "up"),
    ("Prices have risen by an average of 5%.", "5%", "up"),
    ("The index closed 15 points higher at 4,751.", "15 points", "up"),
    ("The index closed 15 points higher at 4,751.", "4,751", None),
    ("The rate was raised from 4.5% to 4.75%.", "4.5%", None),
    ("The rate was raised from 4.5% to 4.75%.", "4.75%", None),
    ("Profits jumped 20% to £3bn.", "20%", "up"),
    ("Profits jumped 20% to £3bn.", "£3bn", None),
    ("There was a rise of 5% in sales.", "5%", "up"),
    ("Shares in the miner lost 3% on Monday.", "3%", "down"),
    ("Sales slipped 2.1% in December.", "2.1%", "down"),
    ("The firm will cut 300 jobs.", "300", "down"),
    ("The council raised fees by 10%.", "10%", "up"),
    ("The council raised £5m from the sale.", "£5m", None),
    ("Inflation eased to 1.6% last month.", "1.6%", None),
    ("Unemployment dropped by 21,000 to 1.4 million.", "21,000", "down"),
    ("Unemployment dropped by 21,000 to 1.4 million.", "1.4 million", None),
    ("It saw a 7% fall in orders.", "7%", "down"),
    ("Profits were £3bn.", "£3bn", None),
    ("The firm employs 3,000 people.", "3,000", None),
    ("The 34-year-old fell in the final.", "34-year-old", None),
    ("Interest rates rose five times last year.", "five", None),  # occasions
    ("The champion lost 10 of the next 13 games.", "10", None),  # games lost, not a fall
    ("Jones added four conversions.", "four", None),  # points scored, not a rise
    ("He is mourning the loss of his 100m title.", "100m", None),
    ("Fuel costs rose by £106m or 47.3%.", "£106m", "up"),
    ("Fuel costs rose by £106m or 47.3%.", "47.3%", "up"),
    ("Reliance shares added 1.7% on Friday.", "1.7%", "up"),
    ("Germany makes up a third of the economy.", "a third", None),  # "up" is a particle here
    ("The shares closed 12% down on Wednesday.", "12%", "down"),
]


@pytest.fixture(scope="module")
def extracted() -> pd.DataFrame:
    sentences = list(dict.fromkeys(s for s, _, _ in DIRECTION_CASES))
    docs = [{"doc_id": f"{i:016x}", "outlet": None, "title": None, "standfirst": None, "body": [s], "mentions": []}
            for i, s in enumerate(sentences)]
    out = extract(*build_frames(docs))
    text_of = {f"{i:016x}": s for i, s in enumerate(sentences)}
    return out.assign(sentence=out["doc_id"].map(text_of))


@pytest.mark.parametrize("sentence,text,direction", DIRECTION_CASES, ids=[f"{t}:{s[:30]}" for s, t, _ in DIRECTION_CASES])
def test_direction(extracted, sentence, text, direction):
    rows = extracted[(extracted["sentence"] == sentence) & (extracted["text"] == text)]
    assert len(rows) == 1, extracted[extracted["sentence"] == sentence]["text"].tolist()
    got = rows.iloc[0]["direction"]
    assert (None if pd.isna(got) else got) == direction
