"""The deployment image: built from the lock files, and the one image deploy/k8s runs."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = REPO / "deploy" / "Dockerfile"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#")))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
            for line in (l.strip() for l in joined.splitlines()) if line]


def pins(lock: Path) -> dict[str, tuple[str, set[str]]]:
    """name -> (version, hashes) of a hash-pinned requirements file."""
    found: dict[str, tuple[str, set[str]]] = {}
    current = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = match.group(1).lower().replace("_", "-")
            found[current] = (match.group(2), set())
        elif current and (digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            found[current][1].add(digest.group(1))
    return found


def lock_installs(steps: list[tuple[str, str]]) -> list[list[str]]:
    runs = [shlex.split(args) for op, args in steps if op == "RUN"]
    return [words for words in runs if words[:2] == ["pip", "install"] and "-r" in words]


def copied(steps: list[tuple[str, str]]) -> dict[str, str]:
    """Destination file name -> source path of each COPY."""
    mapping = {}
    for op, args in steps:
        if op == "COPY":
            *sources, dest = shlex.split(args)
            for source in sources:
                mapping[Path(source).name if dest.endswith("/") or dest == "." else dest] = source
    return mapping


def test_instruction_parser_joins_continuations_and_drops_comments():
    steps = instructions("# note\nFROM python:3.11-slim\nRUN pip install \\\n    --require-hashes -r a.lock\n")
    assert steps == [("FROM", "python:3.11-slim"), ("RUN", "pip install      --require-hashes -r a.lock")]


def test_the_image_installs_every_dependency_from_a_hash_pinned_lock():
    steps = instructions(DOCKERFILE.read_text(encoding="utf-8"))
    installs = lock_installs(steps)
    assert len(installs) == 1
    words = installs[0]
    assert "--require-hashes" in words and "--no-deps" in words
    source = REPO / copied(steps)[words[words.index("-r") + 1]]
    assert source.is_file()
    image = pins(source)
    assert image and all(hashes for _, hashes in image.values())
    project = pins(REPO / "requirements.lock")
    assert {name: pin[0] for name, pin in project.items()} == {name: image[name][0] for name in project}
    assert all(project[name][1] <= image[name][1] for name in project)
    later = [shlex.split(args) for op, args in steps if op == "RUN"][1:]
    assert all("--no-deps" in words for words in later if words[:2] == ["pip", "install"])


@pytest.mark.parametrize("package", ["dagster-k8s", "dagster-postgres", "s3fs"])
def test_the_image_has_what_the_deployment_uses(package):
    assert package in pins(REPO / "deploy" / "image-requirements.lock")


def test_every_manifest_runs_the_image_the_dockerfile_builds():
    tag = re.search(r"docker build -f deploy/Dockerfile -t (\S+) \.", DOCKERFILE.read_text()).group(1)
    images = set()
    for manifest in (REPO / "deploy" / "k8s").glob("*.yaml"):
        text = manifest.read_text(encoding="utf-8")
        images |= set(re.findall(r"^\s*image:\s*(\S+)\s*$", text, flags=re.M))
        repo, tag_of = re.search(r"repository:\s*(\S+)", text), re.search(r"tag:\s*\W?([\w.-]+)", text)
        if repo:
            images.add(f"{repo.group(1)}:{tag_of.group(1)}")
    assert images == {tag}


def test_every_data_file_of_the_package_is_package_data():
    """A non-editable install (the image's) carries every file the code reads beside it."""
    import fnmatch
    import tomllib

    globs = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    package = REPO / "pipeline"
    missing = []
    for path in package.rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        owner = next(p for p in path.parents if (p / "__init__.py").is_file())
        name = ".".join(owner.relative_to(REPO).parts)
        relative = str(path.relative_to(owner))
        if not any(fnmatch.fnmatch(relative, g) for g in globs.get(name, [])):
            missing.append(str(path.relative_to(REPO)))
    assert missing == []
