# Two commands on a fresh machine (python3.11, pip, gcc, make): `make demo`, `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: venv install lint test unit functional fuzz demo bench clean

venv: $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

# Refreshes an existing venv too: pip only installs what is missing or changed.
install: venv
	$(BIN)/python -m pip install --quiet -e '.[sandbox,test]'

# ruff (ruff.toml) and mypy (mypy.ini); also `tox -e lint`.
lint: install
	$(BIN)/ruff check computeclient tests benchmarks scripts setup.py
	$(BIN)/mypy

# Test files run in parallel (pytest-xdist, one process per core); each
# process has its own sandboxes, started from the template in ~/.cache.
PYTEST_PARALLEL ?= -n auto --dist loadfile

test: lint
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) tests/unit tests/functional

unit: install
	$(BIN)/python -m pytest tests/unit

functional: install
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) tests/functional

demo: install
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/demo.sh

# Generated command lines (stub Nova and a real sandbox) and malformed answers
# (shell and library); prints the counts, fails on any traceback or hang.
fuzz: install
	$(BIN)/python -m tests.fuzz.run --command-lines 10000 --answers 1000

# compute vs python-novaclient and openstackclient (each in its own venv under .bench/):
# writes benchmarks/results/bench.md, .json and .png.
bench: install
	$(BIN)/python benchmarks/bench.py --runs 10

clean:
	-$(BIN)/compute sandbox down --state-dir .sandbox-state/demo
	rm -rf .sandbox-state
