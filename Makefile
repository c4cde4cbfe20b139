# Two commands for a fresh machine: `make demo` and `make test`. Each makes its own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test clean

$(BIN)/vaultkit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/vaultkit

demo: $(BIN)/vaultkit
	rm -rf demo-vault
	$(BIN)/vaultkit demo demo-vault

test: $(BIN)/vaultkit
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) demo-vault build dist *.egg-info
