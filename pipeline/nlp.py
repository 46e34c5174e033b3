"""The one place spaCy is loaded and configured.

Two pipelines are built from the same model package, each with only the components it needs:

- "ner": the statistical sentence recogniser (`senter`, disabled in the default pipeline) and NER.
  In the small English model NER has its own embedding layer, so it gives the same entities without
  tok2vec, tagger or parser, at about half the cost of the default pipeline.
- "parse": tok2vec, tagger, attribute ruler, lemmatiser and dependency parser, run only over the
  sentences that hold a figure (what is counted, the governing verb, who said it).

Other modules receive `Doc`s from `pipe()`; none imports spaCy.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

PURPOSES: dict[str, dict[str, list[str]]] = {
    "ner": {"exclude": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"], "enable": ["senter"]},
    "parse": {"exclude": ["ner", "senter"], "enable": []},
}

# The longest text one spaCy doc gets (spaCy's own limit is 1,000,000, and memory grows with it):
# callers split longer text with pieces(); pipe() cuts what is still longer, as a last guard.
MAX_CHARS = 200_000

# Where a piece may end, best first: after a sentence's end, at a line break, at any space.
PIECE_ENDS = (". ", "! ", "? ", "\n", " ")


def pieces(text: str, limit: int | None = None) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering all of `text` in pieces of at most `limit` characters, each cut at
    the last sentence end (else line break, else space) in its second half, so that no character
    is left unanalysed and offsets into the text stay exact."""
    limit = limit or MAX_CHARS
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = next((window.rfind(end) + len(end) for end in PIECE_ENDS if window.rfind(end) >= limit // 2), limit)
        yield start, window[:cut]
        start += cut
    if start < len(text):
        yield start, text[start:]


@functools.cache
def load(model_name: str, purpose: str):
    """Load the model once per process and purpose, with only that purpose's components."""
    import spacy

    if purpose not in PURPOSES:
        raise ValueError(f"unknown spaCy purpose {purpose!r}; expected one of {sorted(PURPOSES)}")
    spec = PURPOSES[purpose]
    try:
        nlp = spacy.load(model_name, exclude=spec["exclude"])
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model_name!r} is not installed; `make install` installs the pinned one"
        ) from exc
    for name in spec["enable"]:
        if name in nlp.disabled:
            nlp.enable_pipe(name)
    return nlp


@functools.cache
def model_info(model_name: str) -> dict[str, str]:
    """Name and version of the model package, as recorded in dataset manifests."""
    nlp = load(model_name, "ner")
    meta = nlp.meta
    import spacy

    return {
        "model": model_name,
        "model_name": f"{meta.get('lang', '')}_{meta.get('name', '')}",
        "model_version": str(meta.get("version", "")),
        "spacy_version": spacy.__version__,
    }


def pipe(
    items: Iterable[tuple[str, Any]],
    model_name: str,
    purpose: str,
    n_process: int = 1,
    batch_size: int = 64,
) -> Iterator[tuple[Any, Any]]:
    """Run (text, context) pairs through the purpose's pipeline; yields (Doc, context) in order."""
    nlp = load(model_name, purpose)
    safe = ((text[:MAX_CHARS], ctx) for text, ctx in items)
    yield from nlp.pipe(safe, as_tuples=True, n_process=max(1, n_process), batch_size=batch_size)
