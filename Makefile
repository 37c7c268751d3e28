# The two commands README.md gives: `make serve` and `make test`.
# Both create .venv and install the project first; nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_NOW := 2027-03-10T12:00:00Z
# The browser tests drive Debian's chromium; Playwright must never fetch its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: serve test install build check system-deps clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests drive for real (browser, IMAP server). Installed only
# when we are root on a Debian-like machine; tests that need them skip otherwise.
system-deps:
	@./.ci/system-deps || echo "system packages not installed; tests needing them will skip"

serve: $(STAMP)
	SPACES_NOW=$(DEMO_NOW) $(BIN)/spaces serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	SPACES_NOW=$(DEMO_NOW) $(BIN)/spaces build --site-dir site

check: $(STAMP)
	$(BIN)/spaces check

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

# Speed and memory against the floor and mkdocs-material (minutes; not in test).
bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) site out .cache
