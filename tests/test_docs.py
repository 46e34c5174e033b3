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


def test_the_architecture_map_names_every_module():
    text = section(README, "Architecture")
    package = REPO / "pipeline"
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if rel.name in ("__init__.py", "__main__.py"):
            continue
        name = rel.stem if rel.parent.name == "store" else rel.name
        assert re.search(rf"(?<![\w.]){re.escape(name)}\b", text), f"{rel} is not in the README's architecture"


def test_make_help_lists_every_target():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    phony = set(re.search(r"^\.PHONY: (.+)$", makefile, flags=re.M).group(1).split())
    described = set(re.findall(r"^## .+\n([a-z][a-z-]*):", makefile, flags=re.M))
    assert phony == described
    out = subprocess.run(["make", "-s", "--no-print-directory", "help"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    assert {line.split()[1] for line in out.splitlines() if line.strip()} == phony
