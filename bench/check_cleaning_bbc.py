"""Check the cleaning rules on the BBC news corpus, where line 1 is the title and the rest is body.

    python bench/check_cleaning_bbc.py [CORPUS_DIR]

The BBC files carry no page chrome, so every rule that fires on them is a false alarm: the check
measures how many body paragraphs survive verbatim and how many titles are found exactly. Exits 1
when either figure is under its target, 2 when the corpus is missing.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.text.cleaner import clean_text  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
BODY_KEPT_TARGET = 0.995
TITLES_TARGET = 0.99


def measure(corpus: Path, show: int = 0) -> dict:
    """Share of body paragraphs kept verbatim and of titles found exactly, over every file."""
    files = sorted(corpus.glob("*/*.txt"))
    n_body = kept = titles_ok = extra = 0
    rules: Counter = Counter()
    misses: list[str] = []
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        lines = text.split("\n")
        title = lines[0].strip()
        body = [ln.strip() for ln in lines[1:] if ln.strip()]
        result = clean_text(text)
        got = Counter(result.paragraphs)
        want = Counter(body)
        n_body += len(body)
        kept += sum((got & want).values())
        extra += sum((got - want).values())
        titles_ok += result.title == title
        for r in result.removed:
            rules[(r["kind"], r["rule"])] += 1
        if result.title != title:
            misses.append(f"{path.parent.name}/{path.name} title: {title!r} -> {result.title!r}")
        for r in result.removed:
            misses.append(f"{path.parent.name}/{path.name}:{r['line_no']} {r['kind']}/{r['rule']}: {r['text'][:100]!r}")
    figures = {
        "files": len(files),
        "body_paragraphs": n_body,
        "body_kept": kept / n_body if n_body else 1.0,
        "titles": titles_ok / len(files) if files else 1.0,
        "extra_paragraphs": extra,
        "rules_fired": dict(rules.most_common()),
    }
    if show:
        figures["examples"] = misses[:show]
    return figures


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    figures = measure(corpus, show=40)
    print(f"files={figures['files']} body_paragraphs={figures['body_paragraphs']} "
          f"body_kept={figures['body_kept']:.4f} (target {BODY_KEPT_TARGET}) "
          f"titles={figures['titles']:.4f} (target {TITLES_TARGET}) extra_paragraphs={figures['extra_paragraphs']}")
    for (kind, rule), n in figures["rules_fired"].items():
        print(f"  fired {kind}/{rule}: {n}")
    for line in figures.get("examples", []):
        print("  " + line)
    ok = figures["body_kept"] >= BODY_KEPT_TARGET and figures["titles"] >= TITLES_TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
