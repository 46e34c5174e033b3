"""The repository's own docs stay true: the settings table, the architecture map, `make help`."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pipeline.settings import ENV_VARS

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_the_settings_table_lists_every_environment_variable():
    documented = set(re.findall(r"^\| `(PIPELINE_[A-Z_]+)` \|", README, flags=re.M))
    assert documented == set(ENV_VARS)


def map_entries(block: str) -> set[str]:
    """Paths under pipeline/ that an indented map names: a folder line ("text/") holds the lines
    indented deeper below it; the first word of each line is the entry."""
    entries, folders = set(), []  # folders: (indent, name)
    for line in block.splitlines():
        if not line.strip() or line.strip() == "pipeline/":
            continue
        indent, word = len(line) - len(line.lstrip()), line.split()[0]
        while folders and folders[-1][0] >= indent:
            folders.pop()
        if word.endswith("/") or "." in word:
            entries.add("/".join([name for _, name in folders] + [word.rstrip("/")]))
        if word.endswith("/"):
            folders.append((indent, word.rstrip("/")))
    return entries


def architecture_map() -> str:
    text = section(README, "Architecture")
    return text.split("```\n", 2)[1]


def test_map_entries_follow_the_indentation():
    block = "pipeline/\n  a.py  one\n  sub/  two\n    b.py  three\n    data.csv\n  c.py\n"
    assert map_entries(block) == {"a.py", "sub", "sub/b.py", "sub/data.csv", "c.py"}


PACKAGE = REPO / "pipeline"
UNLISTED = {"__init__.py", "__main__.py"}


def test_the_architecture_map_matches_the_tree():
    """Every module, data file and folder of the package is in the map, in its folder, and the map
    names nothing that is not there. The store's modules are listed by name in its line."""
    mapped = map_entries(architecture_map())
    actual = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*")
              if "__pycache__" not in p.parts and p.name not in UNLISTED
              and (p.is_dir() or p.suffix in (".py", ".csv")) and p.parent.name != "models"}
    store = {entry for entry in actual if entry.startswith("store/")}
    assert mapped == actual - store | {"store"}
    text = section(README, "Architecture")
    for entry in sorted(store):
        assert re.search(rf"(?<![\w.]){re.escape(Path(entry).stem)}\b", text), f"{entry} is not in the map"


def test_make_help_lists_every_target():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    phony = set(re.search(r"^\.PHONY: (.+)$", makefile, flags=re.M).group(1).split())
    described = set(re.findall(r"^## .+\n([a-z][a-z-]*):", makefile, flags=re.M))
    assert phony == described
    out = subprocess.run(["make", "-s", "--no-print-directory", "help"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    assert {line.split()[1] for line in out.splitlines() if line.strip()} == phony
