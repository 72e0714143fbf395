# Two commands for a new user: `make demo` and `make test`. Everything they need is set up here.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB := sqlite:///var/pantau.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo demo-data serve test test-sqlite lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Loads the fictional demo watch-list and captures into var/pantau.db, then serves.
demo: demo-data
	@echo
	@echo "Pantau demo on http://$(HOST):$(PORT)"
	@echo "  flagged posts: curl -H \"Authorization: Bearer $$(cat var/demo-api-key)\" http://$(HOST):$(PORT)/api/v1/flags"
	@echo "  OpenAPI docs:  http://$(HOST):$(PORT)/docs"
	@echo "  demo API key:  $$(cat var/demo-api-key)"
	@echo
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau serve --host $(HOST) --port $(PORT)

demo-data: install
	mkdir -p var
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau db upgrade
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau watchlist import demo/candidates.csv --kind candidates
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau watchlist import demo/people.csv --kind people
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau import zeeschuimer demo/capture-*.ndjson
	@# The demo key is kept in var/ so a second `make demo` reuses it; never do this in production.
	@test -s var/demo-api-key || PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau apikey create \
		--name "Demo partner" --scope flags:read --scope posts:read > var/demo-api-key

# SQLite always; PostgreSQL when reachable (PANTAU_TEST_REQUIRE_POSTGRES=1 makes it mandatory).
test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/classify.py
	$(BIN)/python bench/match.py

clean:
	rm -rf $(VENV) var .pytest_cache
