# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make demo   set up .venv and write the report set for sample_notes/ to reports/
#   make test   set up .venv with the dev extra and run lint, format check, type check and tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint eval bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/checker check sample_notes --out reports || test $$? -eq 1
	$(BIN)/checker feedback sample_notes --out reports/feedback
	@echo "Open reports/index.html (coder queue) and reports/feedback/index.html (clinician feedback)."

lint: $(STAMP)
	$(BIN)/ruff check checker tests bench
	$(BIN)/ruff format --check checker tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# Scores each annotated set separately, one table each: the notes the rules were built on,
# the external set A when ../shared is beside the clone, and every fresh batch in eval/.
# External set A's gold cannot be edited where it lives: its lines that a later annotation
# convention re-annotates are in eval/amendments/external-a.jsonl, each with its reason.
EXTERNAL_A := ../shared/eval/external-a
eval: $(STAMP)
	$(BIN)/checker eval sample_notes --json reports/eval-sample_notes.json
	@if [ -d $(EXTERNAL_A) ]; then $(BIN)/checker eval $(EXTERNAL_A) --amend eval/amendments/external-a.jsonl --json reports/eval-external-a.json; \
	else echo "$(EXTERNAL_A) not found: external set not scored"; fi
	@for batch in eval/fresh-*; do $(BIN)/checker eval $$batch --json reports/eval-$$(basename $$batch).json; done

bench: $(STAMP)
	$(BIN)/python bench/run.py

# README screenshots (docs/*.png) from the sample notes; needs Debian's chromium package.
screenshots: $(STAMP)
	$(BIN)/python docs/make_screenshots.py

clean:
	rm -rf $(VENV) reports/*.html reports/*.jsonl reports/*.csv reports/*.md reports/notes reports/feedback
