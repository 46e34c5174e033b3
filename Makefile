# One place for the commands a newcomer runs. DAGSTER_HOME is set here so nobody has to.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME := $(CURDIR)/.dagster_home
.DEFAULT_GOAL := help

.PHONY: help run test install lock dev clean-venv bench train-cleaner

## List the commands of this Makefile.
help:
	@awk '/^## /{text=substr($$0, 4); next} /^[a-z][a-z-]*:/{if (text) printf "  make %-12s %s\n", substr($$1, 1, length($$1)-1), text; text=""}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

## Create .venv and install the locked dependencies (run by the other commands).
install: $(VENV)/.installed
	@mkdir -p $(DAGSTER_HOME)
	@cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml

## Build every table from raw/ into datasets/ (in process, through Dagster).
run: install
	$(BIN)/python -m pipeline build

## Run the test suite.
test: install
	$(BIN)/python -m pytest -q

## Open the Dagster UI on the same definitions.
dev: install
	$(BIN)/dagster dev -m pipeline.definitions

## Re-resolve requirements.in into requirements.lock, and the image's lock from it (needs the package index).
lock:
	$(PYTHON) -m venv /tmp/pipeline-uv && /tmp/pipeline-uv/bin/pip install --quiet uv
	/tmp/pipeline-uv/bin/uv pip compile --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 requirements.in -o requirements.lock
	/tmp/pipeline-uv/bin/uv pip compile --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 deploy/image-requirements.in -c requirements.lock \
	  -o deploy/image-requirements.lock

## Measure the build's speed and memory (figures for BENCHMARKS.md).
bench: install
	$(BIN)/python bench/bench_build.py

## Remove .venv.
clean-venv:
	rm -rf $(VENV)

## Retrain the line classifier on ../shared/pages (site-grouped cross-validation, then every page).
train-cleaner: install
	$(BIN)/python bench/train_cleaner.py
