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

# Which edition `make html` / `make slides` build: student (notebooks/) or instructor (with the solutions).
EDITION ?= student

.PHONY: install lab lint test benchmark notebooks instructor html slides clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -r requirements.txt -e .
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ARGS)

# Lint and format check (ruff) over code and notebooks, and tvlib's layer contracts (import-linter).
LINTED := tvlib tests tools benchmarks notebooks solutions
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/lint-imports

# Unit tests, doctests, then both editions of every notebook under nbval: the instructor edition must
# pass every exercise check, the student edition must report every check "not done".
test: lint
	$(PY) tools/editions.py test --out build/editions
	TVLIB_FAST=$(TVLIB_FAST) $(PY) -m pytest tests tvlib build/editions/instructor build/editions/student \
		--nbval-lax --nbval-current-env $(PYTEST_ARGS)
	@echo "Browser-test screenshots (when Chromium ran them): $(CURDIR)/build/screenshots/"

# Re-execute the notebooks, keep only the outputs nbval checks (run before committing notebook changes).
notebooks: $(STAMP)
	$(PY) tools/refresh_notebooks.py

# Executed notebooks as offline HTML pages with an index (build/html/) and as reveal.js slides
# (build/slides/). Full data unless TVLIB_FAST=1; scripts and styles come from build/vendor (npm, once).
# The instructor edition (every exercise solved, from solutions/) in build/instructor/.
instructor: $(STAMP)
	$(PY) tools/editions.py instructor --out build/instructor

html: $(STAMP)
	$(PY) tools/build_site.py html --edition $(EDITION)

slides: $(STAMP)
	$(PY) tools/build_site.py slides --edition $(EDITION)

benchmark: $(STAMP)
	$(PY) benchmarks/bench_ops.py

clean:
	rm -rf build .pytest_cache .hypothesis
