# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test test-postgres install install-test lint format migrations-check demo-reset bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install  ## migrate, load demo data the first time, serve on http://$(HOST):$(PORT)
	$(BIN)/portal db upgrade
	$(BIN)/portal demo-data
	@echo "Demo sign-ins: $${PORTAL_DATA_DIR:-var}/demo-accounts.txt (role email password)"
	@echo "Portal: http://$(HOST):$(PORT)"
	$(BIN)/portal serve --host $(HOST) --port $(PORT)

test: install-test  ## the whole suite on SQLite (PORTAL_TEST_DATABASE_URL picks another database)
	$(BIN)/pytest

test-postgres: install-test
	PORTAL_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/alembic check

demo-reset: install
	$(BIN)/portal demo-data --reset

bench: install-test  ## directory load benchmark (see README); not part of the test suite
	$(BIN)/python -m bench.directory_bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
