# Two commands for users: `make run` and `make test` (README). Everything else is a building block.
SHELL := /bin/sh
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
ARGS ?=
BENCH_ARGS ?=

RCC := client/data/attend.rcc
RESOURCE_SOURCES := $(shell find resources -type f) $(wildcard i18n/*.ts) tools/build_resources.py
PKG_STAMP := $(VENV)/.installed-package
BUNDLE := dist/attend

.PHONY: help run test sysdeps venv lint pytest bench clean demo demo-test sysdeps-demo i18n resources \
	bundle bundle-test deb nsis-check wheel
help:
	@echo "make demo   - a private server with a dozen scripted contacts, and Attend signed in"
	@echo "make run    - create the virtual environment, install, start the client (ARGS='--profile DIR')"
	@echo "make test   - install everything the tests need, run static checks and the whole suite"
	@echo "make bench  - benchmarks against bare slixmpp and a bare Qt window (~5 min; BENCH_ARGS=--quick)"
	@echo "make i18n   - extract new strings into i18n/*.ts (unfinished, for translators)"
	@echo "make bundle | bundle-test | deb | nsis-check | wheel - installers (README: Installers)"

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

# Icons and compiled translations in one Qt resource file: a build artefact, not committed.
$(RCC): $(STAMP) $(RESOURCE_SOURCES)
	$(PY) tools/build_resources.py

resources: $(RCC)

run: $(STAMP) $(RCC)
	$(PY) -m client $(ARGS)

sysdeps-demo:
	@sh tools/sysdeps.sh demo

demo: sysdeps-demo $(STAMP) $(RCC)
	$(PY) demo/run.py $(ARGS)

demo-test: sysdeps-demo $(STAMP) $(RCC)
	$(PY) demo/run.py --check

i18n: $(STAMP)
	$(PY) tools/i18n.py update

lint: $(STAMP)
	$(VENV)/bin/ruff check client tests tools demo packaging bench
	$(VENV)/bin/ruff format --check client tests tools demo packaging bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) tools/check_i18n.py
	$(PY) tools/check_desktop_files.py

pytest: $(STAMP) $(RCC)
	$(PY) -m pytest $(PYTEST_ARGS)

$(PKG_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,package]'
	@touch $(PKG_STAMP)

bundle: $(PKG_STAMP) $(RCC)
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/attend.spec
	@du -sh $(BUNDLE)

bundle-test: sysdeps bundle
	ATTEND_BUNDLE=$(CURDIR)/$(BUNDLE) $(PY) -m pytest tests/packaging/test_bundle.py -v

deb: bundle
	$(PY) packaging/linux/build_deb.py $(BUNDLE) dist

nsis-check: $(STAMP)
	$(PY) packaging/windows/check_nsis.py

wheel: $(STAMP) $(RCC)
	rm -rf build/wheel && $(PY) -m pip wheel -q --no-deps -w build/wheel .
	$(PY) -c 'import glob, sys, zipfile; w = glob.glob("build/wheel/attend-*.whl")[0]; \
	  n = zipfile.ZipFile(w).namelist(); sys.exit(0 if "client/data/attend.rcc" in n else \
	  "the wheel lacks client/data/attend.rcc"); ' && mkdir -p dist && cp build/wheel/*.whl dist/

test: sysdeps $(STAMP)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory pytest

# Private Prosody, seeded rosters, each scenario 3 times; table on stdout, JSON and a PNG of the
# presence flood in bench-results/ (README "Performance").
bench: sysdeps $(STAMP) $(RCC)
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info build dist client/data
