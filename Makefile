# Leitplanke — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install lint typecheck clean train-ner bench bench-pii bench-policy bench-audit bench-decisions bench-fairness

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The OPA Go engine wheel declares Python>=3.14, but its ctypes wrapper loads on 3.11
# (see docs/decisions/0001-in-process-policy-engine.md).
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q --ignore-requires-python "opa-golib-python-bindings==0.4.4"
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/leitplanke serve --demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Rebuilds the shipped name-detector weights (pii/ner/models) from ../shared/corpora/ner;
# seeded, not part of `make test` (time on 2 cores: see pii/ner/models/MODEL_CARD.md).
train-ner: $(STAMP)
	$(BIN)/leitplanke pii train

# Benchmarks are not part of `make test`; results and commands live in bench/RESULTS.md.
bench-pii: $(STAMP)
	$(BIN)/python bench/bench_pii.py

bench-policy: $(STAMP)
	$(BIN)/python bench/bench_policy.py

bench-audit: $(STAMP)
	$(BIN)/python bench/bench_audit.py

bench-decisions: $(STAMP)
	$(BIN)/python bench/bench_decisions.py

bench-fairness: $(STAMP)
	$(BIN)/python bench/bench_fairness.py

bench: $(STAMP)
	$(BIN)/python bench/bench_load.py

clean:
	rm -rf $(VENV) var .pytest_cache
