"""Train the line classifier on real pages with person-marked bodies, cross-validated by site.

    python bench/train_cleaner.py [--pages DIR] [--folds K] [--no-write]

DIR holds raw/dNNN.txt (a page's whole visible text) and gold.json (the marked article body and
the page's url), by default ../shared/pages. Each English page is also trained on as two variants:
only its headline and gold body (an already clean article), and without blank lines between
blocks (another scraper's layout). Each non-blank line is labelled body when most of its
4-token shingles occur in the gold body (pipeline.text.lines.label_lines). K folds group pages by the
domain of their url, so no page is scored by a model that saw its site; the cleaner (rules and
model together) is scored on the held-out pages with the article-extraction benchmark's metric
(../shared/eval/score_pages.py, loaded at run time). The model trained on every page is written
to pipeline/text/models/line_classifier.txt (LightGBM's text format) with a card beside it holding the
feature list, the parameters, the seed and the scores.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.text import cleaner  # noqa: E402
from pipeline.text import lines  # noqa: E402

DEFAULT_PAGES = REPO.parent / "shared" / "pages"
SCORER = REPO.parent / "shared" / "eval" / "score_pages.py"
SEED = 20240611
PARAMS = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 20,
    "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
    "seed": SEED, "deterministic": True, "force_row_wise": True, "num_threads": 2, "verbose": -1,
}
ROUNDS = 300


def load_scorer(path: Path = SCORER):
    spec = importlib.util.spec_from_file_location("score_pages", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def site_of(url: str) -> str:
    host = urlparse(url).netloc.casefold()
    return host[4:] if host.startswith("www.") else host


def load_pages(pages_dir: Path) -> list[dict]:
    gold = json.loads((pages_dir / "gold.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(gold):
        path = pages_dir / "raw" / f"{key}.txt"
        if path.is_file():
            out.append({"key": key, "text": path.read_text(encoding="utf-8"), "gold": gold[key]["articleBody"],
                        "site": site_of(gold[key].get("url", key))})
    return out


def already_clean(page: dict) -> dict:
    """The same article as a scraper that kept only the headline and the body would save it: teaches
    the model that a page without chrome keeps all of its lines, lists and short lines included."""
    state, _ = cleaner.apply_rules(page["text"])
    head = state.title or state.lines[state.open_lines()[0]].strip() if state.open_lines() else ""
    paras = [p.strip() for p in page["gold"].split("\n") if p.strip()]
    return {**page, "key": page["key"] + "~clean", "text": head + "\n\n" + "\n\n".join(paras),
            "augmented": True}


def without_blank_lines(page: dict) -> dict:
    """The same page from a scraper that writes no blank line between blocks: the model must not
    lean on the blank-line layout of one scraper."""
    text = "\n".join(line for line in page["text"].split("\n") if line.strip())
    return {**page, "key": page["key"] + "~tight", "text": text, "augmented": True}


def page_rows(page: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and weights of one page's lines (the weight grows with the line's words)."""
    state, _ = cleaner.apply_rules(page["text"])
    indexes, matrix = cleaner.page_line_matrix(state)
    label_idx, labels = lines.label_lines(page["text"], page["gold"])
    assert indexes == label_idx, page["key"]
    words = np.array([len(state.lines[i].split()) for i in indexes], dtype=float)
    return matrix, np.array(labels, dtype=float), 1.0 + np.sqrt(words)


def _fit(matrices: list[np.ndarray], pages: list[dict], rows: dict, names: tuple[str, ...]):
    import lightgbm

    y = np.concatenate([rows[p["key"]][1] for p in pages])
    w = np.concatenate([rows[p["key"]][2] for p in pages])
    data = lightgbm.Dataset(np.vstack(matrices), y, weight=w, feature_name=list(names), free_raw_data=False)
    return lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)


def train_stage1(pages: list[dict], rows: dict):
    return _fit([rows[p["key"]][0] for p in pages], pages, rows, lines.FEATURE_NAMES)


def train(pages: list[dict], rows: dict, k: int = 5):
    """(stage 1, stage 2): stage 2 learns from stage-1 scores that were made out of fold by site,
    so it sees scores like those on pages of sites the first stage never saw."""
    p1: dict[str, np.ndarray] = {}
    for held_out in folds_by_site(pages, k):
        inner = train_stage1([p for p in pages if p["key"] not in held_out], rows)
        for key in held_out:
            p1[key] = inner.predict(rows[key][0], num_threads=PARAMS["num_threads"])
    stage2 = _fit([lines.stage2_matrix(p1[p["key"]], rows[p["key"]][0]) for p in pages], pages, rows,
                  lines.STAGE2_FEATURES)
    return train_stage1(pages, rows), stage2


def folds_by_site(pages: list[dict], k: int) -> list[set[str]]:
    """k groups of page keys; the pages of one site always share a fold (assigned by a hash of the site)."""
    sites = sorted({p["site"] for p in pages}, key=lambda s: hashlib.sha256(s.encode()).hexdigest())
    fold_of = {site: n % k for n, site in enumerate(sites)}
    return [{p["key"] for p in pages if fold_of[p["site"]] == f} for f in range(k)]


def score(pages: list[dict], bodies: dict[str, str], scorer) -> dict:
    gold = {p["key"]: {"articleBody": p["gold"]} for p in pages}
    return scorer.metrics(scorer.page_scores(gold, bodies))


def body_of(text: str, model) -> str:
    return "\n\n".join(cleaner.clean_text(text, model=model).paragraphs)


def line_scores(pages: list[dict], rows: dict, bodies: dict[str, str]) -> dict:
    """Line-level precision, recall and F1 of keeping a line, over every non-blank line of the pages."""
    tp = fp = fn = 0
    for p in pages:
        kept = set(bodies[p["key"]].split("\n\n"))
        for (_, text), label in zip(lines.nonblank_lines(p["text"]), rows[p["key"]][1]):
            keep = text in kept
            tp, fp, fn = tp + (keep and label == 1), fp + (keep and label == 0), fn + (not keep and label == 1)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"line_precision": precision, "line_recall": recall,
            "line_f1": 2 * precision * recall / max(1e-9, precision + recall)}


def cross_validate(pages: list[dict], english: list[dict], rows: dict, k: int, scorer) -> tuple[dict, dict[str, str]]:
    """Every page scored by a model trained on the English pages of the other folds' sites."""
    bodies: dict[str, str] = {}
    for held_out in folds_by_site(pages, k):
        model = train([p for p in english if p["key"].split("~")[0] not in held_out], rows)
        for p in pages:
            if p["key"] in held_out:
                bodies[p["key"]] = body_of(p["text"], model)
    return {**score(pages, bodies, scorer), **line_scores(pages, rows, bodies)}, bodies


def corpus_sha256(pages_dir: Path, pages: list[dict]) -> str:
    digest = hashlib.sha256((pages_dir / "gold.json").read_bytes())
    for p in pages:
        digest.update(p["text"].encode("utf-8"))
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-write", action="store_true", help="cross-validate only; keep the shipped model")
    a = ap.parse_args(argv)
    if not (a.pages / "gold.json").is_file() or not SCORER.is_file():
        print(f"no pages with gold at {a.pages} (or no scorer at {SCORER})", file=sys.stderr)
        return 2
    import lightgbm

    scorer = load_scorer()
    pages = load_pages(a.pages)
    rows = {p["key"]: page_rows(p) for p in pages}
    english = [p for p in pages if not cleaner.is_other_language(cleaner.apply_rules(p["text"])[0])]
    english += [already_clean(p) for p in english] + [without_blank_lines(p) for p in english]
    rows.update({p["key"]: page_rows(p) for p in english if p.get("augmented")})
    cv, _ = cross_validate(pages, english, rows, a.folds, scorer)
    print(f"cross-validated by site ({a.folds} folds, {len({p['site'] for p in pages})} sites): "
          f"f1={cv['f1']:.3f} precision={cv['precision']:.3f} recall={cv['recall']:.3f} "
          f"line_f1={cv['line_f1']:.3f} line_precision={cv['line_precision']:.3f} line_recall={cv['line_recall']:.3f}")
    model = train(english, rows)
    fitted = {p["key"]: body_of(p["text"], model) for p in pages}
    fit = {**score(pages, fitted, scorer), **line_scores(pages, rows, fitted)}
    print(f"trained on every page: f1={fit['f1']:.3f} precision={fit['precision']:.3f} recall={fit['recall']:.3f} "
          f"line_f1={fit['line_f1']:.3f}")
    if a.no_write:
        return 0
    lines.MODEL_DIR.mkdir(parents=True, exist_ok=True)
    for booster, path in zip(model, lines.MODEL_FILES):
        path.write_text(booster.model_to_string(), encoding="utf-8")
    card = {
        "model": lines.MODEL_NAME, "library": f"lightgbm {lightgbm.__version__}", "seed": SEED,
        "params": PARAMS, "rounds": ROUNDS, "features": {"stage1": list(lines.FEATURE_NAMES),
                                                         "stage2": list(lines.STAGE2_FEATURES)},
        "threshold": cleaner.BODY_THRESHOLD,
        "trained_on": {"pages": sum(not p.get("augmented") for p in english),
                       "already_clean_variants": sum(p["key"].endswith("~clean") for p in english),
                       "no_blank_line_variants": sum(p["key"].endswith("~tight") for p in english),
                       "sites": len({p["site"] for p in english}),
                       "lines": int(sum(len(rows[p["key"]][1]) for p in english)),
                       "corpus_sha256": corpus_sha256(a.pages, pages)},
        "scores": {"cross_validated_by_site": {"folds": a.folds, **cv}, "trained_on_every_page": fit},
        "model_files": {p.name: lines.file_sha256(p) for p in lines.MODEL_FILES},
        "command": "make train-cleaner",
    }
    lines.MODEL_CARD.write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print("wrote " + ", ".join(str(p.relative_to(REPO)) for p in (*lines.MODEL_FILES, lines.MODEL_CARD)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
