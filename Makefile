# Two commands on a fresh machine:  make demo   (run the app with demo data, SQLite)
#                                    make test   (install what the tests need, run them all)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3.13 || echo $$HOME/.pyenv/versions/3.12.1/bin/python)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: demo demo-setup test test-deps lint format messages

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q ".[test]"
	touch $@

demo-setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo

# The background worker (PDF rendering) runs beside the web server and stops with it.
demo: demo-setup
	@echo "Mở http://$(HOST):$(PORT)/ trong trình duyệt (Ctrl+C để dừng)."
	$(PY) manage.py db_worker --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload

# Debian packages the tests drive: chromium (browser tests), poppler-utils (PDF checks).
test-deps: $(VENV)/.installed
	@if ! command -v chromium >/dev/null || ! command -v pdftoppm >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi

# Uses DATABASE_URL when set (CI sets PostgreSQL); SQLite otherwise.
test: test-deps
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l en --ignore=.venv
	$(PY) manage.py compilemessages -l en --ignore=.venv
