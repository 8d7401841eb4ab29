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

.PHONY: run test install chromium db demo translations extract-messages bench clean

install: $(STAMP) $(COMPILED)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,prod]'
	@touch $@

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(COMPILED)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

db: install
	@mkdir -p instance
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo load --if-empty
	$(FLASK) demo analyse

run: demo
	@$(FLASK) demo accounts
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

test: install chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks of the theme analysis (README: "Theme analysis"). BERTopic is a comparison only:
# installed here without sentence-transformers/torch, which it does not need when fed vectors.
bench: install
	$(BIN)/python -m pip install --quiet --no-deps 'bertopic==0.17.4'
	$(BIN)/python -m pip install --quiet 'umap-learn>=0.5' 'hdbscan>=0.8.40' pandas plotly tqdm pyyaml
	$(BIN)/python bench/analysis_quality.py
	$(BIN)/python bench/analysis_speed.py

clean:
	rm -rf $(VENV) instance .pytest_cache $(COMPILED)
