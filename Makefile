# Two commands on a fresh machine (python3.11, pip >= 22.3, gcc, make): `make demo`, `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: venv install lint test test-latest docs dist unit functional fuzz demo bench command-index auth-tables constraints novaclient-tests clean

venv: $(BIN)/python

# Without pip: the machine's pip puts uv in, and uv installs pip with the rest
# (seconds sooner than ensurepip followed by a pip upgrade).
$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)

# uv (from PyPI, like everything else) resolves the same packages pip would,
# but downloads and byte-compiles them in parallel: about half pip's time.
UV_VERSION := 0.13.9
$(BIN)/uv: $(BIN)/python
	$(PYTHON) -m pip --python $(BIN)/python install --quiet uv==$(UV_VERSION)

# constraints.txt (OpenStack's upper constraints of the release that ships the
# sandbox's Nova, with computeclient's own pins) holds every install of the
# sandbox and test extras to versions known to work together: see README.
CONSTRAINTS ?= constraints.txt

# Refreshes an existing venv too: only what is missing or changed is installed.
# Both distributions, editable: computeclient and the sandbox (sandbox/, the
# computeclient-sandbox distribution that the sandbox extra names).
# Our own packages are byte-compiled as well (an editable install is not):
# with PYTHONDONTWRITEBYTECODE set, every `compute` a test starts would compile them again.
install: $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode \
		-c $(CONSTRAINTS) --build-constraints $(CONSTRAINTS) pip setuptools wheel \
		-e '.[sandbox,test,docs]' -e ./sandbox
	$(BIN)/python -m compileall -q computeclient sandbox/computeclient_sandbox

LINTED := computeclient sandbox tests benchmarks scripts setup.py docs/conf.py

# ruff (ruff.toml) and mypy (mypy.ini); also `tox -e lint`.
lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/mypy

# Test files run in parallel (pytest-xdist, one process per core and one
# more, longest files first: tests/conftest.py); each process has its own
# sandboxes, started from the template in ~/.cache.
PYTEST_PARALLEL ?= -n auto --dist loadfile --no-loadscope-reorder

# ruff, then the tests with mypy (~20 s of one core), the documentation site
# (`make docs`, ~15 s) and python-novaclient's own unit tests against computeclient
# (`make novaclient-tests`, ~30 s) running beside them instead of before, niced so
# that they take only the CPU the tests leave idle; their reports are printed after
# the tests', and any of the four failing fails `make test`.
test: install
	$(BIN)/ruff check $(LINTED)
	nice -n 10 $(BIN)/mypy > $(VENV)/mypy.log 2>&1 & mypy=$$!; \
	nice -n 10 $(SPHINX) > $(VENV)/docs.log 2>&1 & docs=$$!; \
	nice -n 10 $(BIN)/python -m tests.novaclient_oracle.run -n 2 > $(VENV)/novaclient-tests.log 2>&1 & oracle=$$!; \
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) tests/unit sandbox/tests tests/functional; tests=$$?; \
	wait $$mypy; typed=$$?; echo "$(BIN)/mypy:"; cat $(VENV)/mypy.log; \
	wait $$docs; documented=$$?; echo "make docs:"; cat $(VENV)/docs.log; \
	wait $$oracle; oracle=$$?; echo "make novaclient-tests:"; cat $(VENV)/novaclient-tests.log; \
	[ $$tests -eq 0 ] && [ $$typed -eq 0 ] && [ $$documented -eq 0 ] && [ $$oracle -eq 0 ]

# The documentation site (Sphinx, docs/): the guide, the command reference from
# the commands `compute help` lists, the library reference from the docstrings.
# Any warning fails it. Open docs/_build/html/index.html.
SPHINX = $(BIN)/python -m sphinx -q -W --keep-going -b html docs docs/_build/html
docs: install
	$(SPHINX)

# The wheels and sdists of both distributions into dist/, versioned from git tags
# (HACKING.md, "Versions and release notes"; tests/functional/test_wheel.py builds
# the wheels the same way and installs them in clean venvs).
dist: install
	$(BIN)/uv build --build-constraints $(CONSTRAINTS) --out-dir dist .
	$(BIN)/uv build --build-constraints $(CONSTRAINTS) --out-dir dist sandbox

# Drift check, not part of `make test`: what today's package index gives with no
# constraints at all, in a throw-away venv: the unit tests and a Keystone sandbox.
test-latest:
	bash scripts/test_latest.sh

# constraints.txt from constraints/ (after refreshing either file there).
constraints:
	$(PYTHON) scripts/write_constraints.py

unit: install
	$(BIN)/python -m pytest tests/unit sandbox/tests

functional: install
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) tests/functional

demo: install
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/demo.sh

# Generated command lines (stub Nova and a real sandbox) and malformed answers
# (shell and library); prints the counts, fails on any traceback or hang.
fuzz: install
	$(BIN)/python -m tests.fuzz.run --command-lines 10000 --answers 1000 \
		--cache-files 1000 --cloud-files 1000 --tokens 300 --dates 300

# python-novaclient's own library unit tests (from its installed wheel) with
# `import novaclient` resolved to computeclient (tests/novaclient_oracle/hook.py):
# prints pass/fail/error per test module, then fails (one line per test) when a
# test fails that docs/differences-from-novaclient.md ("Known failures") does not
# list or a listed one passes. ARGS go to pytest (e.g. ARGS="-k servers").
novaclient-tests:
	$(BIN)/python -m tests.novaclient_oracle.run -n 2 $(ARGS)

# computeclient/v2/command_index.py and man/compute.1 from the command modules: run
# after adding a command or changing its first docstring line or options, or a
# global option (a unit test fails until then).
command-index: install
	$(BIN)/python scripts/write_command_index.py

# keystoneauth1's option tables (computeclient/auth_tables.py), also written by command-index.
auth-tables: install
	$(BIN)/python scripts/write_auth_tables.py

# compute vs python-novaclient and openstackclient (each in its own venv under .bench/):
# writes benchmarks/results/bench.md, .json and .png.
bench: install
	$(BIN)/python benchmarks/bench.py --runs 10

clean:
	-$(BIN)/compute sandbox down --state-dir .sandbox-state/demo
	rm -rf .sandbox-state
