# Shift Happens: `make lab` opens the notebooks, `make test` runs every test.
# Both create .venv on first use and (re)install when requirements.txt or pyproject.toml change.

PYTHON ?= python3
VENV ?= .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# Fast mode (less data, fewer epochs, same code) for the test run; `make test TVLIB_FAST=0` for full.
TVLIB_FAST ?= 1
PYTEST_ARGS ?=

.PHONY: install lab lint test benchmark notebooks html slides clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -r requirements.txt -e .
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ARGS)

# Lint and format check (ruff) over code and notebooks, and tvlib's layer contracts (import-linter).
LINTED := tvlib tests tools benchmarks notebooks
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/lint-imports

test: lint
	TVLIB_FAST=$(TVLIB_FAST) $(PY) -m pytest tests tvlib notebooks --nbval-lax --nbval-current-env $(PYTEST_ARGS)
	@echo "Browser-test screenshots (when Chromium ran them): $(CURDIR)/build/screenshots/"

# Re-execute the notebooks, keep only the outputs nbval checks (run before committing notebook changes).
notebooks: $(STAMP)
	$(PY) tools/refresh_notebooks.py

# Executed notebooks as offline HTML pages with an index (build/html/) and as reveal.js slides
# (build/slides/). Full data unless TVLIB_FAST=1; scripts and styles come from build/vendor (npm, once).
html: $(STAMP)
	$(PY) tools/build_site.py html

slides: $(STAMP)
	$(PY) tools/build_site.py slides

benchmark: $(STAMP)
	$(PY) benchmarks/bench_ops.py

clean:
	rm -rf build .pytest_cache .hypothesis
