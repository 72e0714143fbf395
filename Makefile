# Two commands for a new user: `make demo` and `make test`. Everything they need is set up here.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB := sqlite:///var/pantau.db
HOST ?= 127.0.0.1
PORT ?= 8000
# Demo accounts only: a real deployment creates its own with `pantau user create`.
DEMO_PASSWORD := pantau-demo-2024
DEMO_USERS := ana:reviewer budi:reviewer citra:coordinator dodi:coordinator admin:admin

.PHONY: install browser demo demo-data serve test test-sqlite lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The browser tests drive Debian's Chromium (Playwright cannot download its own here).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null || { \
		echo "installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

# Loads the fictional demo watch-list and captures into var/pantau.db, then runs three things:
# a fake TikTok, Instagram and news site publishing new demo posts (demo/fake_platform.py), a
# worker collecting from it, and the web app. Ctrl-C (or the web app exiting) stops all three.
FAKE := var/fake-platform
demo: demo-data
	@mkdir -p var/log; rm -f $(FAKE).json; \
	$(BIN)/python demo/fake_platform.py --port-file $(FAKE).json --env-file $(FAKE).env \
		--state $(FAKE)-state.json >> var/log/fake-platform.log 2>&1 & fake=$$!; worker=; \
	trap 'kill $$fake $$worker 2>/dev/null; wait' EXIT; trap 'exit 130' INT TERM; \
	for i in $$(seq 150); do test -s $(FAKE).json || ! kill -0 $$fake 2>/dev/null && break; \
		sleep 0.2; done; \
	test -s $(FAKE).json || { tail var/log/fake-platform.log; echo "fake platform not up"; exit 1; }; \
	echo "Demo sources, collected from the fake platform (pantau sources list shows them):"; \
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/python demo/sources.py $(FAKE).json || exit 1; \
	set -a; . $(FAKE).env; set +a; \
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau worker --every 20 >> var/log/worker.log 2>&1 & \
	worker=$$!; \
	echo; \
	echo "Pantau demo on http://$(HOST):$(PORT)"; \
	echo "  flagged posts: curl -H \"Authorization: Bearer $$(cat var/demo-api-key)\" http://$(HOST):$(PORT)/api/v1/flags"; \
	echo "  OpenAPI docs:  http://$(HOST):$(PORT)/docs"; \
	echo "  demo API key:  $$(cat var/demo-api-key)"; \
	echo "  review queue:  http://$(HOST):$(PORT)/login as ana or budi (reviewers), citra or dodi"; \
	echo "                 (coordinators), admin; password $(DEMO_PASSWORD)"; \
	echo "  fake platform: TikTok $$PANTAU_TIKTOK_BASE_URL, Instagram $$PANTAU_INSTAGRAM_BASE_URL,"; \
	echo "                 news feed $$($(BIN)/python -c 'import json; print(json.load(open("$(FAKE).json"))["news_feed"])')"; \
	echo "                 with demo-only credentials (in $(FAKE).env); new posts every 20-30 s,"; \
	echo "                 logged to var/log/fake-platform.log"; \
	echo "  worker:        pantau worker --every 20 (pid $$worker), runs logged to var/log/worker.log"; \
	echo; \
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau serve --host $(HOST) --port $(PORT)

demo-data: install
	mkdir -p var
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau db upgrade
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau watchlist import demo/candidates.csv --kind candidates
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau watchlist import demo/people.csv --kind people
	@# Made once, so a second `make demo` imports the same captures again (nothing new).
	test -f var/demo-captures/capture-tiktok.ndjson || $(BIN)/python demo/recent_captures.py var/demo-captures
	PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau import zeeschuimer var/demo-captures/capture-*.ndjson
	@# The demo key is kept in var/ so a second `make demo` reuses it; never do this in production.
	@test -s var/demo-api-key || PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau apikey create \
		--name "Demo partner" --scope flags:read --scope posts:read > var/demo-api-key
	@for entry in $(DEMO_USERS); do \
		name=$${entry%%:*}; role=$${entry##*:}; \
		PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau user list | grep -q "^$$name " || \
		echo "$(DEMO_PASSWORD)" | PANTAU_DATABASE_URL=$(DEMO_DB) $(BIN)/pantau user create \
			$$name --role $$role --unit "Bawaslu Kota Bekasi" --password-stdin; \
	done

# SQLite always; PostgreSQL when reachable (PANTAU_TEST_REQUIRE_POSTGRES=1 makes it mandatory).
test: install browser
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/classify.py
	$(BIN)/python bench/match.py
	$(BIN)/python bench/review_queue.py
	$(BIN)/python bench/collect.py

clean:
	rm -rf $(VENV) var .pytest_cache
