# Quick start: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_WORKERS ?= auto

.PHONY: install run serve test bench bench-pages lint audit format messages worker beat clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Everything comes from the lock file (hashes pinned), so every machine gets the same versions.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

# Development settings (manage.py's default); emailed links point at the port served.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py load_demo
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# One production node, as docs/deploy.md describes: production settings (they refuse to start
# without DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, SITE_URL, DATABASE_URL and REDIS_URL),
# migrations and static files first, then gunicorn on PORT, a Celery worker and beat (Procfile),
# all logging JSON lines to stdout. Ctrl-C stops them all.
serve: export DJANGO_SETTINGS_MODULE ?= coalition.settings.production
# (stdout holds only the JSON lines; migrate tells its progress on stderr.)
serve: install
	@$(BIN)/python manage.py migrate --noinput >&2
	@$(BIN)/python manage.py collectstatic --noinput --verbosity 0 >&2
	@PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/python serve.py

# The suite in parallel, then the tests that start real servers or stop services (marked
# `process`; skipped without DATABASE_URL and REDIS_URL) one at a time, on their own cores.
test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not process"
	$(BIN)/pytest -p no:xdist -q -m process

# Figures, not pass/fail. `make bench`: every page under load (wrk) on `make serve`'s gunicorn,
# PostgreSQL and Redis, beside a bare Django page (fortunes), at factor 1 and 4 of load_scale;
# needs DATABASE_URL and REDIS_URL (it makes its own database, BENCH_DATABASE) and wrk; about 20
# minutes; writes bench/results.json (tests/perf/bench_http.py says how).
# `make bench-pages`: queries and server time of each page in-process, at 1x and 10x demo
# scale, and the time of 10,000-row CSV imports.
bench: install
	$(BIN)/python tests/perf/bench_http.py

bench-pages: install
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

# Refresh the Spanish catalogue after changing strings, then translate and compile. compilemessages
# also compiles locale/overrides/ (other packages' strings as the portal says them: allauth's with
# "usted"), which makemessages leaves alone: edit it by hand.
messages: install
	$(BIN)/python manage.py makemessages --locale es --ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --locale es --ignore ".venv/*"

# With REDIS_URL set: a Celery worker and the beat scheduler, each in its own terminal.
# (Development settings, as `make run`; the Celery app alone defaults to production.)
worker beat: export DJANGO_SETTINGS_MODULE ?= coalition.settings.local
worker: install
	$(BIN)/celery -A coalition worker --loglevel INFO
beat: install
	$(BIN)/celery -A coalition beat --loglevel INFO

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
