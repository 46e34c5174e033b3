"""The shape of the package: no import cycle, Dagster only in the wiring, no overlong function."""
from __future__ import annotations

import ast
from pathlib import Path


PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, tree: ast.Module, known: set[str], is_package: bool) -> set[str]:
    """Package modules this module imports anywhere (function bodies included); `from a import b`
    counts as importing a.b when that is a module. Parent packages, which Python imports on the
    way to any submodule, are left out."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node, is_package)
            subs = {f"{source}.{alias.name}" for alias in node.names} & known
            found |= subs or {source}
    parents = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}
    return {m for m in found if m in known and m != module and m not in parents}


def import_graph() -> dict[str, set[str]]:
    trees = modules()
    known = set(trees)
    packages = {module_name(p) for p in PACKAGE.rglob("__init__.py")}
    return {name: imports_of(name, tree, known, name in packages) for name, tree in trees.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert "pipeline.defs.build" in graph["pipeline.definitions"]  # the graph sees real imports
    assert find_cycle(graph) is None


def test_only_the_wiring_imports_dagster():
    wiring = {name for name in modules() if name == "pipeline.definitions" or name.startswith("pipeline.defs")}
    offenders = []
    for name, tree in modules().items():
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if name not in wiring and any(n.split(".")[0] == "dagster" for n in names):
                offenders.append(name)
    assert offenders == []


def long_functions(trees: dict[str, ast.Module]) -> dict[str, int]:
    """Functions (methods and nested ones too) longer than MAX_FUNCTION_LINES, with their length."""
    found = {}
    for name, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found[f"{name.removeprefix('pipeline.')}.{node.name}"] = lines
    return found


def test_the_length_check_sees_long_functions():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    tree = ast.parse(f"def long():\n{body}\n\ndef short():\n    return 1\n")
    assert long_functions({"pipeline.example": tree}) == {"example.long": MAX_FUNCTION_LINES + 1}


def test_no_function_over_the_limit():
    assert long_functions(modules()) == {}
