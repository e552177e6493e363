# Quick start: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_WORKERS ?= auto

.PHONY: install run test bench lint format messages worker beat clean

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

# The fault tests stop and start services of their own (tests/reliability/): after the rest,
# one at a time, printing their figures.
test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not faults"
	$(BIN)/pytest -p no:xdist -m faults -s -q

# Figures, not pass/fail: queries and server time of each page at 1x and 10x demo scale.
bench: install
	$(BIN)/pytest tests/perf/bench_pages.py tests/perf/bench_imports.py -p no:xdist -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

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
