# The two commands a fresh machine needs: `make serve` and `make test`.
# Everything else (the virtualenv, the install, the build) follows from them.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: install build serve check browser test bench clean

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(INSTALLED)

build: install
	$(BIN)/coopgraph build

# Builds the bundled data first when it is missing or older than its sources.
serve: install
	$(BIN)/coopgraph serve

# Lint, format and types: a push that breaks them does not land.
check: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# The browser tests drive Debian's Chromium: installed when this machine allows it,
# else `make test` stops with the one command to run.
browser:
	.ci/browser

test: install check browser
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/build_bench.py

clean:
	rm -rf dist .pytest_cache
