# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build check test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Preview with live reload. --dirty makes an edit cost about a second instead of a full rebuild
# (20 s and more at 2,000 pages); the handbook plugin keeps it exact: it also rebuilds every page
# that shows a changed snippet, tree or index, gives skipped pages their titles and tags, and
# rebuilds everything when the navigation, tags or mkdocs.yml change (src/handbook/incremental.py).
serve: $(STAMP)  ## Preview on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## Write the static site to site/
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## Find every content mistake, with file and line, without a build
	$(BIN)/handbook check

lint: $(STAMP)
	$(BIN)/ruff check src macros tests benchmarks

test: $(STAMP)  ## The whole suite: lint, unit, build and browser tests
	$(BIN)/ruff check src macros tests benchmarks
	$(BIN)/pytest -q

bench: $(STAMP)  ## Benchmark at 200 and 2,000 pages; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site .pytest_cache
