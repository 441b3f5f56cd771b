# Two commands do all set-up on a fresh machine (see README):
#   make run   — create .venv, install docsvc, run the service (embedded defaults)
#   make test  — create .venv, install docsvc with test extras, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?= serve

.PHONY: run test install install-test system-packages lint bench schema

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: pip runs again only when the packaging files changed (a plain `make run` starts at once).
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/docsvc $(ARGS)

system-packages:
	bash .ci/system-packages

test: system-packages install-test
	$(BIN)/ruff check docsvc tests benchmarks
	$(BIN)/mypy docsvc
	$(BIN)/pytest -q

bench: install-test
	$(BIN)/python benchmarks/extract_speed.py

schema: install
	$(BIN)/docsvc schema --write
