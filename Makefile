# A newcomer's commands. `make run` and `make test` are all that is needed on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run install test check fix messages bench clean

# The virtual environment is rebuilt when the dependencies change.
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(BIN)/.installed

run: install
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_municipality
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest

check: install
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

fix: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(MANAGE) makemessages --locale sv --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	$(MANAGE) compilemessages --locale sv --ignore '.venv/*'

# Large data sets in PostgreSQL, gunicorn under wrk, one table of figures (docs/performance.md).
# BENCH_SIZES="1000" BENCH_DURATION=3 make bench for a quick run.
bench: install
	mkdir -p var
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .import_linter_cache
