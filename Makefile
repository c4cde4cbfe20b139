# Two commands for a fresh machine: `make demo` and `make test`. Each makes its own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test check pictures clean

$(BIN)/vaultkit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/vaultkit

# The demo re-uses a demo-vault it made and refuses one holding anything else: never rm -rf.
demo: $(BIN)/vaultkit
	$(BIN)/vaultkit demo demo-vault

# Three workers a core (pytest-xdist): many tests spend their time waiting on a daemon, a sync
# tool or an editor, and the long ones start first. -rfEs lists what failed and why a test was
# skipped.
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(3 * (os.cpu_count() or 1))')

# vaultkit's bytecode written first (compileall writes it even where PYTHONDONTWRITEBYTECODE
# is set): the tests start vaultkit in a few hundred subprocesses.
test: $(BIN)/vaultkit
	$(BIN)/python -m compileall -q vaultkit
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal -rfEs

# Style, types and layers: ruff's formatting and rules, mypy (strict on the pure layers,
# text/ and facts/), and the import-linter contract that keeps each layer to those below it.
check: $(BIN)/vaultkit
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The README's pictures (docs/agenda.png, docs/brief.png), from the example vault; needs Chromium.
pictures: $(BIN)/vaultkit
	$(BIN)/python docs/pictures.py

clean:
	rm -rf $(VENV) demo-vault build dist *.egg-info
