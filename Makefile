# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

# Values in .env (see .env.example) reach every command below.
ifneq (,$(wildcard .env))
include .env
export
endif

.PHONY: help install run test lint format lock bench lighthouse messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
		|| { echo "Python 3.11 is required (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

# axe-core (accessibility tests) and Lighthouse (make lighthouse), pinned in
# package-lock.json. Without npm the browser checks that need them say so.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the axe and Lighthouse checks need Node.js (Debian: apt install nodejs npm)."; \
	fi

install: $(BIN)/.installed node_modules/.installed ## Create .venv and node_modules from the lock files

run: install ## Migrate, load the demo clinics, serve them with task workers
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --port $(PORT)
	@mkdir -p build
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/supervisord -c dev-processes.conf

test: install ## Run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)
	$(BIN)/python -m pytest --ds=cms.settings.test $(PYTEST_ARGS)

lint: install ## Ruff, template indentation, Django checks, missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: install ## Fix what ruff and djhtml can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

bench: install ## Benchmarks: post rendering, return requests, page cache (see bench/RESULTS.md)
	bash bench/run.sh
	bash bench/leads.sh
	bash bench/pages.sh

lighthouse: install ## Lighthouse on every public page type of the demo clinics (needs chromium)
	$(BIN)/python bench/lighthouse.py

messages: install ## Update the Spanish interface strings (locale/es) and compile them
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemessages -l es \
		--ignore=.venv --ignore=build --ignore=staticfiles --ignore=node_modules \
		--ignore=tests --ignore=bench --add-location=file
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py compilemessages -l es \
		--ignore=.venv

lock: ## Re-resolve requirements.lock from pyproject.toml in a scratch venv
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet '.[dev]'
	build/lock-venv/bin/pip freeze --exclude clinic-sites > requirements.lock
	rm -rf build/lock-venv

clean: ## Remove the virtualenv and caches (keeps db.sqlite3 and media/)
	rm -rf $(VENV) build .pytest_cache .ruff_cache
