# Quick start: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_WORKERS ?= auto

.PHONY: install run test bench lint audit format messages worker beat clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Everything comes from the lock file (hashes pinned), so every machine gets the same versions.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# Figures, not pass/fail: queries and server time of each page at 1x and 10x demo scale.
bench: install
	$(BIN)/pytest tests/perf/bench_pages.py tests/perf/bench_imports.py -p no:xdist -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Security checks: bandit over our code (medium and high findings; pyproject.toml's
# [tool.bandit] leaves out .venv and tests), and the pinned dependencies against PyPI's
# advisories. pip-audit reads the lock file as it is (hashes, no resolver, no install); a
# package PyPI cannot tell it about is listed as skipped, a known vulnerability fails.
audit: install
	$(BIN)/bandit -ll -q -c pyproject.toml -r .
	$(BIN)/pip-audit --requirement requirements.lock --require-hashes --disable-pip \
		--vulnerability-service pypi --progress-spinner off

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Spanish catalogue after changing strings, then translate and compile.
messages: install
	$(BIN)/python manage.py makemessages --locale es --ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --locale es --ignore ".venv/*"

# With REDIS_URL set: a Celery worker and the beat scheduler, each in its own terminal.
worker: install
	$(BIN)/celery -A coalition worker --loglevel INFO
beat: install
	$(BIN)/celery -A coalition beat --loglevel INFO

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
