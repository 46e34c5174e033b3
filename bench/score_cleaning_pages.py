"""Score the cleaner on real pages without a full build: ingest and clean only, then the benchmark metric.

    python bench/score_cleaning_pages.py [--raw DIR] [--gold GOLD] [--worst N] [--html DIR]

DIR is a folder of pages (../shared/pages/raw by default, or ../shared/pages/html); GOLD the gold
bodies (../shared/pages/gold.json). Prints the scorer's summary line, the N worst pages with the
text that leaks into the body and the text lost from it, and, with --html, how many headlines
match one of the page's own headlines (og:title, the first <h1>, or <title> with its site suffix).
Also times ingest and cleaning.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from train_cleaner import load_scorer  # noqa: E402  (beside this file)
from pipeline.steps import clean, ingest  # noqa: E402
from pipeline.text.normalise import comparison_form  # noqa: E402

SHARED = REPO.parent / "shared" / "pages"


def build_bodies(raw_dir: Path) -> tuple[dict[str, dict], dict[str, float]]:
    """Each page's cleaned document row (by file stem) and the seconds ingest and cleaning took."""
    t0 = time.perf_counter()
    raw_documents, _ = ingest.ingest(raw_dir, 10_000_000)
    t1 = time.perf_counter()
    docs = clean.clean_documents(raw_documents)["documents"]
    t2 = time.perf_counter()
    rows = {Path(r["source"]).stem: r for r in docs.to_dict("records")}
    return rows, {"ingest_s": t1 - t0, "clean_s": t2 - t1, "pages": len(rows)}


def _paragraph_diff(gold: str, body: str, limit: int = 2) -> tuple[list[str], list[str]]:
    gold_paras = {p.strip() for p in gold.split("\n") if p.strip()}
    body_paras = [p for p in body.split("\n\n") if p.strip()]
    gold_text = " ".join(gold.split())
    leaks = [p for p in body_paras if " ".join(p.split()) not in gold_text][:limit]
    body_text = " ".join(body.split())
    lost = [p for p in gold_paras if " ".join(p.split()) not in body_text][:limit]
    return leaks, lost


def page_headlines(html: str) -> list[str]:
    """The page's own headlines: og:title, the first <h1> and <title>, as the page gives them."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    found = [m.get("content", "") for m in root.xpath("//meta[@property='og:title']")[:1]]
    found += [el.text_content() for el in root.xpath("//h1")[:1]]
    found += [el.text_content() for el in root.xpath("//title")[:1]]
    return [" ".join(t.split()) for t in found if t and t.strip()]


def same_headline(got: str | None, want: str | None) -> bool:
    """Equal up to case, spacing and quotes, or equal to it before a separator and a site name."""
    if not isinstance(got, str) or not isinstance(want, str):
        return False
    a, b = comparison_form(got), comparison_form(want)
    return a == b or (b.startswith(a + " ") and re.match(r"^\s*[|\-:•·–—]\s", b[len(a):]) is not None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", type=Path, default=SHARED / "raw")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold.json")
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--html", type=Path, help="folder of the same pages as HTML, for headline accuracy")
    a = ap.parse_args(argv)
    if not a.raw.is_dir() or not a.gold.is_file():
        print(f"no pages at {a.raw} or no gold at {a.gold}", file=sys.stderr)
        return 2
    import json

    scorer = load_scorer()
    gold = json.loads(a.gold.read_text(encoding="utf-8"))
    rows, timing = build_bodies(a.raw)
    bodies = {k: r["body"] for k, r in rows.items()}
    scores = scorer.page_scores(gold, bodies)
    m = scorer.metrics(scores)
    per_page = []
    for k, (tp, fp, fn) in scores.items():
        p, r = scorer._prec(tp, fp, fn), scorer._rec(tp, fp, fn)
        per_page.append((2 * p * r / (p + r) if p + r else 0.0, p, r, k))
    print(f"worst {a.worst} pages (F1, precision, recall), with what leaks in (+) and what is lost (-):")
    for f, p, r, k in sorted(per_page)[: a.worst]:
        print(f"  {k}  {f:.3f}  {p:.3f}  {r:.3f}  {gold[k].get('url', '')[:80]}")
        leaks, lost = _paragraph_diff(gold[k]["articleBody"], bodies.get(k, ""))
        for text in leaks:
            print(f"      + {text[:110]!r}")
        for text in lost:
            print(f"      - {text[:110]!r}")
    if a.html:
        ok = total = 0
        for k, r in sorted(rows.items()):
            html_path = a.html / f"{k}.html"
            if html_path.is_file():
                total += 1
                heads = page_headlines(html_path.read_text(encoding="utf-8", errors="replace"))
                ok += any(same_headline(r["title"], h) for h in heads)
        print(f"headlines: {ok}/{total} match the page's own headline")
    print(f"timing: pages={timing['pages']} ingest={timing['ingest_s']:.1f}s clean={timing['clean_s']:.1f}s")
    print(f"score: pages={m['pages']} f1={m['f1']:.3f} precision={m['precision']:.3f} recall={m['recall']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
