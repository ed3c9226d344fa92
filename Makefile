# Chorus — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# The run's process id is appended to the database name, so two runs on one machine never share
# (or drop) each other's test databases.
PG_URL ?= postgres://postgres@127.0.0.1:5432/chorus
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run install install-test test lint typecheck pytest pytest-sqlite pytest-postgres messages makemessages bench clean

run: install
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=chorus.settings.dev $(VENV)/bin/chorus dev

install: $(VENV)/.installed
	@scripts/system-packages run
	@$(MAKE) --no-print-directory messages

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	@touch $@

install-test: $(VENV)/.installed-test
	@scripts/system-packages test
	@test -d node_modules/axe-core || npm ci --no-audit --no-fund --loglevel=error

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install -q -e ".[test]"
	@touch $@

# Compile the gettext catalogues (committed .po files; .mo files are build output).
messages: $(VENV)/.installed
	@cd chorus && DJANGO_SETTINGS_MODULE=chorus.settings.test ../$(PY) ../manage.py compilemessages -v 0

# Collect new msgids into the catalogues (then translate them). File names without line
# numbers tell translators where a string is used without churning the diff on every edit.
makemessages: $(VENV)/.installed
	cd chorus && DJANGO_SETTINGS_MODULE=chorus.settings.test ../$(PY) ../manage.py makemessages \
		-l zh_Hans -l zh_Hant -l th -l ko -l km --add-location file --no-obsolete -v 0

test: install install-test messages lint typecheck pytest

# lint-imports: the layer contracts in pyproject.toml ([tool.importlinter]).
lint:
	$(VENV)/bin/ruff check chorus tests bench
	$(VENV)/bin/ruff format --check chorus tests bench
	$(VENV)/bin/lint-imports --no-cache --no-logo

typecheck:
	$(VENV)/bin/mypy chorus

pytest: pytest-sqlite pytest-postgres

# The SQLite run takes the tests in a new random order each time (pytest-randomly prints the
# seed to replay it). The PostgreSQL run keeps file order until random-order runs on PostgreSQL
# come out clean; the README says how to run one.
pytest-sqlite:
	$(VENV)/bin/pytest -n 2 --dist loadgroup

pytest-postgres:
	@if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		echo "PostgreSQL reachable: running the suite on PostgreSQL"; \
		DATABASE_URL=$(PG_URL)_$$$$ $(VENV)/bin/pytest -n 2 --dist loadgroup -p no:randomly; \
	else \
		echo "PostgreSQL not reachable at 127.0.0.1:5432: skipping the PostgreSQL run"; \
	fi

# Benchmarks (results in docs/benchmarks.md): every bench/<name>/run.py in turn. Each one
# says so and skips itself when what it needs (PostgreSQL on 127.0.0.1:5432) is missing.
bench: install
	@scripts/system-packages bench
	@set -e; for script in bench/*/run.py; do \
		name=$$(basename $$(dirname $$script)); \
		echo "== bench/$$name"; \
		$(PY) -m bench.$$name.run; \
	done

clean:
	rm -rf $(VENV) var node_modules
