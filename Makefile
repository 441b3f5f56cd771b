# Two commands do all set-up on a fresh machine (see README):
#   make run   — create .venv, install docsvc, run the service (embedded defaults)
#   make test  — create .venv, install docsvc with test extras, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?= serve

.PHONY: run test install install-test lint bench schema

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'

run: install
	$(BIN)/docsvc $(ARGS)

test: install-test
	$(BIN)/ruff check docsvc tests benchmarks
	$(BIN)/mypy docsvc
	$(BIN)/pytest -q

bench: install-test
	$(BIN)/python benchmarks/extract_speed.py

schema: install
	$(BIN)/docsvc schema --write
