# Two commands for users: `make run` and `make test` (README). Everything else is a building block.
SHELL := /bin/sh
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
ARGS ?=

.PHONY: help run test sysdeps venv lint pytest clean
help:
	@echo "make run    - create the virtual environment, install, start the client (ARGS='--profile DIR')"
	@echo "make test   - install everything the tests need, run static checks and the whole suite"

$(STAMP): pyproject.toml tools/find-python.sh
	@python=$$(sh tools/find-python.sh) || exit 1; \
	  [ -x $(PY) ] && $(PY) -c 'import sys; raise SystemExit(sys.version_info[:2] < (3, 12))' \
	  || { rm -rf $(VENV) && $$python -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

sysdeps:
	@sh tools/sysdeps.sh

run: $(STAMP)
	$(PY) -m client $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check client tests tools
	$(VENV)/bin/ruff format --check client tests tools
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

pytest: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

test: sysdeps $(STAMP)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
