# Everything a new machine needs, from Python 3.11+ and make alone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-stamp
DEMO_DB ?= sqlite:///cspbot-demo.db

.PHONY: install demo test lint bench clean

$(INSTALLED): pyproject.toml constraints.txt
	@echo "Installing cspbot and its dependencies into $(VENV) (log: $(VENV)/install.log)"
	$(PYTHON) -m venv $(VENV)
	@( $(BIN)/python -m pip install --upgrade pip \
	  && $(BIN)/python -m pip install -c constraints.txt -e '.[dev]' ) > $(VENV)/install.log 2>&1 \
	  || { tail -n 30 $(VENV)/install.log; echo "make: installing failed; the whole log is $(VENV)/install.log"; exit 1; }
	@touch $(INSTALLED)

install: $(INSTALLED)

## The main job on the embedded default: the demo data in a local SQLite file, then a
## terminal conversation with the bot.
demo: install
	$(BIN)/cspbot import --demo --db $(DEMO_DB)
	$(BIN)/cspbot chat --db $(DEMO_DB)

## Lint, types, then every test (PostgreSQL tests run when CSPBOT_TEST_POSTGRES_URL is set).
test: install lint
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## The benchmarks whose figures are in the README (several minutes; best on an idle machine).
bench: install
	$(BIN)/python -m bench.answers
	$(BIN)/python -m bench.reminders
	$(BIN)/python -m bench.slack_roundtrip
	$(BIN)/python -m bench.understanding

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis cspbot-demo.db*
