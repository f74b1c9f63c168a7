# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Test workers (pytest-xdist). Each module runs whole on one worker, so a module's built site is
# built once; each worker builds the browser tests' site once.
TEST_WORKERS ?= 2

CHROMIUM ?= $(or $(HANDBOOK_CHROMIUM),/usr/bin/chromium)

.PHONY: serve build check test lint bench clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Preview with live reload. --dirty makes an edit cost about a second instead of a full rebuild
# (20 s and more at 2,000 pages); the handbook plugin keeps it exact: it also rebuilds every page
# that shows a changed snippet, tree or index, gives skipped pages their titles and tags, and
# rebuilds everything when the navigation, tags or mkdocs.yml change (src/handbook/adapter/incremental.py).
serve: $(STAMP)  ## Preview on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## Write the static site to site/
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## Find every content mistake, with file and line, without a build
	$(BIN)/handbook check

lint: $(STAMP)
	$(BIN)/ruff check src macros tests benchmarks

# The browser tests drive Debian's Chromium (never a downloaded one). As root with apt, it is
# installed here; otherwise the one command to run is printed and the suite does not start.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "make test: the browser tests need Debian's Chromium at $(CHROMIUM); run: sudo apt-get install chromium" >&2; \
	    exit 1; \
	  fi; \
	fi

test: $(STAMP) chromium  ## The whole suite: lint, unit, build and browser tests
	$(BIN)/ruff check src macros tests benchmarks
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadscope

bench: $(STAMP)  ## Benchmark at 200 and 2,000 pages; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site .pytest_cache
