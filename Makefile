# The README's two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# CI sets JUNIT_DIR to keep JUnit reports of both runs.
JUNIT_DIR ?=
junit = $(if $(JUNIT_DIR),--junitxml=$(JUNIT_DIR)/$(1).xml)

.PHONY: run test lint install messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: browser tests will skip (axe-core is needed)"; fi

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Browser tests run in a process of their own: they commit for real, and Django's
# serialized rollback restores migration data reliably only when they have the test
# database to themselves.
test: $(VENV)/.installed node_modules/.installed
	$(PY) -m pytest -m "not e2e" -n 2 --dist loadgroup $(call junit,unit) $(PYTEST_ARGS)
	$(PY) -m pytest -m e2e $(call junit,e2e) $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# The Welsh catalogue (locale/cy): collect every string of ours, then compile.
# Translate what is new in locale/cy/LC_MESSAGES/*.po before compiling.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles \
	--ignore=bench --ignore=tests --ignore='*/tests/*' --ignore=media --ignore=private-media
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l cy --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	$(PY) manage.py makemessages -d djangojs -l cy --no-obsolete --add-location=file $(MESSAGES_IGNORE) --ignore=static/wagtail*
	$(PY) manage.py compilemessages -l cy --ignore=.venv --ignore=node_modules
