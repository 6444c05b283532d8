# Developer entry points. Needs Python 3.11+, make, and the Debian packages of
# debian-packages.txt, which `make run` and `make test` check first (and install, as root).
#   make run     serve the demo on http://127.0.0.1:5000, with the background worker (imports…)
#   make test    the whole test suite, browser tests included
#   make tools   the browser tests' checkers into node_modules (axe-core, Nu HTML Checker)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the dependencies change.
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app directory
HOST ?= 127.0.0.1
PORT ?= 5000
# axe-core and vnu-jar, pinned in package.json and package-lock.json; never loaded by the site.
TOOLS := node_modules/.installed
# Checks (as root: installs) the Debian packages a use needs, or stops naming them.
PACKAGES = PYTHON=$(PYTHON) $(PYTHON) .ci/system-packages

.PHONY: install run worker test tools lint reindex clean packages

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PACKAGES) run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# Links in mails and feeds are built on the public address, never on the request's Host.
run: export DIRECTORY_PUBLIC_URL ?= http://$(HOST):$(PORT)
run: $(STAMP)
	@$(PACKAGES) run
	$(FLASK) db upgrade
	$(FLASK) territory sync
	$(FLASK) demo load --if-empty
	$(FLASK) demo accounts
	$(FLASK) search check || $(FLASK) search reindex
	@echo "Annuaire servi sur http://$(HOST):$(PORT)/ (Ctrl-C pour arrêter)"
	@# The job queue's worker runs beside the web server and stops with it.
	@$(FLASK) jobs worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

worker: $(STAMP)
	$(FLASK) jobs worker

# The packages first (Chromium, Java, npm…), then the checkers, then the suite.
test: $(STAMP) $(TOOLS)
	@$(PACKAGES) run test
	$(BIN)/pytest

tools: $(TOOLS)

# --ignore-scripts: vnu-jar's install script would download a Java; Debian's is used instead.
$(TOOLS): package.json package-lock.json
	@$(PACKAGES) run test
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(TOOLS)

# Only the check (and install, as root) of every Debian package, for run and tests.
packages:
	@$(PACKAGES) run test

lint: $(STAMP)
	$(BIN)/ruff check .

reindex: $(STAMP)
	$(FLASK) search reindex

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
