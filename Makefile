# dossier — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DATA   ?= ../shared/data

.PHONY: install demo browser test test-fast lint typecheck eval bench schema lock clean

install: $(STAMP)

# Reinstalls only when the lock or the package metadata changed: a second run is instant.
$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: install
	$(VENV)/bin/dossier demo
	$(VENV)/bin/dossier serve --db demo/dossier.duckdb

# The dashboard tests drive Debian's chromium (never a downloaded browser); without it they
# skip with a loud reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not installed and no root: the browser tests will be skipped"; fi; }

test: install browser
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow and not gold"

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy

typecheck: install
	$(VENV)/bin/mypy

eval: install
	$(VENV)/bin/dossier eval --data $(DATA)

bench: install
	$(VENV)/bin/dossier bench --data $(DATA)

schema: install
	$(VENV)/bin/dossier schema --output schema

# Regenerate the lock after changing dependencies in pyproject.toml (needs the registry).
lock: install
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev --extra spark --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
