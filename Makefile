# Developer entry points. Needs only Python 3.11+ and make: everything else goes into .venv.
#   make run     serve the demo on http://127.0.0.1:5000, with the background worker (imports…)
#   make test    the whole test suite (browser tests too when /usr/bin/chromium is present)
#   make tools   the browser tests' checkers into node_modules (axe-core, Nu HTML Checker)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the dependencies change.
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app directory
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 5000
# axe-core and vnu-jar, pinned in package.json and package-lock.json; never loaded by the site.
TOOLS := node_modules/.installed

.PHONY: install run worker test tools lint reindex clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# Links in mails and feeds are built on the public address, never on the request's Host.
run: export DIRECTORY_PUBLIC_URL ?= http://$(HOST):$(PORT)
run: $(STAMP)
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

# With npm on the machine the checkers are installed first; without it their tests are skipped.
test: $(STAMP) $(if $(shell command -v npm),$(TOOLS))
	@test -x $(CHROMIUM) || echo "NOTE: $(CHROMIUM) absent: browser tests will be skipped (apt-get install chromium)."
	@command -v java >/dev/null || echo "NOTE: java absent: the HTML validity test will be skipped (apt-get install default-jre-headless)."
	$(BIN)/pytest

tools: $(TOOLS)

# --ignore-scripts: vnu-jar's install script would download a Java; Debian's is used instead.
$(TOOLS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(TOOLS)

lint: $(STAMP)
	$(BIN)/ruff check .

reindex: $(STAMP)
	$(FLASK) search reindex

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
