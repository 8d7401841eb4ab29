# Samråd: `make run` starts the demo on SQLite, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
STAMP := $(VENV)/.installed
CATALOGS := $(wildcard app/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format install chromium tesseract axe db demo translations extract-messages bench bench-load clean lock audit

install: $(STAMP) $(COMPILED)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,prod]'
	@touch $@

# requirements.lock pins every package make install takes; regenerate it after changing pyproject.toml.
lock: $(STAMP)
	@{ echo "# The exact versions make install uses (pip -c) and CI audits (make audit)."; \
	   echo "# Regenerate after a dependency change: make lock"; \
	   $(BIN)/python -m pip freeze --exclude-editable | grep -iv '^samrad'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	@touch $(STAMP)

# Known vulnerabilities in the locked dependencies (pip-audit, in a venv of its own so that its
# dependencies stay out of the lock); fails on any. See .ci/audit.py for how pins are checked.
AUDIT_VENV := .venv-audit
audit:
	@test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) && \
	  $(AUDIT_VENV)/bin/python -m pip install --quiet 'pip-audit==2.10.1'; }
	$(AUDIT_VENV)/bin/python .ci/audit.py $(AUDIT_VENV)/bin/pip-audit requirements.lock

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(COMPILED)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k msg_n:1,2 --no-location --sort-output -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

db: install
	@mkdir -p instance
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo load --if-empty
	$(FLASK) demo analyse

# `demo prepare` is db, demo and `demo accounts` in one process (each flask command starts the app).
run: install
	@mkdir -p instance
	$(FLASK) demo prepare
	@echo "Samråd körs på http://$(HOST):$(PORT)/  (avsluta med Ctrl+C)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (tests/browser); Playwright never downloads a browser of
# its own. Without root or apt-get those tests skip with the reason, except on CI, where they fail.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installerar Chromium (apt-get) för webbläsartesterna …"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "Kunde inte installera Chromium: webbläsartesterna hoppas över."; \
	else echo "Chromium saknas (apt-get install chromium): webbläsartesterna hoppas över."; fi

# Tesseract with its Swedish model (Debian's tesseract-ocr, tesseract-ocr-swe) reads scanned remissvar
# letters (analysis/letters/ocr.py); pdftoppm (poppler-utils) rasterises a letter for bench/letters.py.
# Without root or apt-get the OCR tests skip with the reason, except on CI, where they fail.
tesseract:
	@if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installerar Tesseract med svensk språkmodell (apt-get) för inskannade brev …"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-swe poppler-utils >/dev/null) \
	    || echo "Kunde inte installera Tesseract: inskannade sidor kan inte läsas och OCR-testerna hoppas över."; \
	else echo "Tesseract saknas (apt-get install tesseract-ocr tesseract-ocr-swe): OCR-testerna hoppas över."; fi

# axe-core for the accessibility checks in the browser tests (tests/browser/axe.py), from npm with the
# exact version in package-lock.json; reinstalled when the lock file is newer. Without npm those checks
# skip with the reason, except on CI, where they fail.
AXE := node_modules/axe-core/axe.min.js

axe:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE); \
	else echo "npm saknas (apt-get install npm): tillgänglighetskontrollerna med axe-core hoppas över."; fi

$(AXE): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# ruff, configured in pyproject.toml: the linter and the formatter's check (make format applies it).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install lint chromium tesseract axe
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks of the theme analysis (README: "Theme analysis"). BERTopic is a comparison only:
# installed here without sentence-transformers/torch, which it does not need when fed vectors.
bench: install
	$(BIN)/python -m pip install --quiet --no-deps 'bertopic==0.17.4'
	$(BIN)/python -m pip install --quiet 'umap-learn>=0.5' 'hdbscan>=0.8.40' pandas plotly tqdm pyyaml
	$(BIN)/python bench/analysis_quality.py
	$(BIN)/python bench/analysis_speed.py

# Load from the outside (issue 19): gunicorn + PostgreSQL against a bare Flask baseline, the deadline
# spike on PostgreSQL and on make run's SQLite; needs PostgreSQL on 127.0.0.1 (BENCH_LOAD_ARGS=--quick).
bench-load: install
	$(BIN)/python bench/load.py $(BENCH_LOAD_ARGS)

clean:
	rm -rf $(VENV) $(AUDIT_VENV) instance .pytest_cache $(COMPILED)
