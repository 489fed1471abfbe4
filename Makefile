# boomi-listeners: every command bootstraps its own virtual environment with
# the pinned versions in constraints.txt, so a fresh clone needs only python3.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
REGEN := PYTHONPATH=openapi $(PY) -m regen

.PHONY: install regen check-regen lint typecheck test unit contract contract-staging recordings demo bench bench-quick mutate clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## regen: regenerate generated/ from openapi/ (SPEC=<full Boomi download> imports a new spec first;
##        an import with breaking changes writes nothing unless ACCEPT_BREAKING=1)
regen: $(STAMP)
	$(REGEN) $(if $(SPEC),--spec "$(SPEC)") $(if $(filter 1 yes true,$(ACCEPT_BREAKING)),--accept-breaking)

## check-regen: fail, naming the files, if generated/ is out of date with openapi/
check-regen: $(STAMP)
	$(REGEN) --check

LINTED := wrapper openapi tests contract_tests bench scripts

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

typecheck: $(STAMP)
	$(BIN)/mypy

## test: lint, check-regen, unit tests and the contract suite against the embedded fake
test: lint check-regen unit contract

unit: $(STAMP)
	$(BIN)/pytest tests -q

## contract: the contract suite against the embedded fake it starts itself
contract: $(STAMP)
	$(BIN)/pytest contract_tests -q --junitxml=reports/contract-junit.xml

## contract-staging: the contract suite against a Boomi test account (see contract_tests/README.md);
## every exchange its clients make is saved, redacted, to reports/staging-exchanges.jsonl
contract-staging: $(STAMP)
	BOOMI_CONTRACT_TARGET=staging $(BIN)/pytest contract_tests -q --timeout=1800 --junitxml=reports/contract-junit.xml

## recordings: record the replay scenario against the fake under every profile (contract_tests/recordings/)
recordings: $(STAMP)
	$(PY) scripts/record_fake.py

## demo: the CLI against the embedded fake, step by step
demo: $(STAMP)
	$(PY) scripts/demo.py

## bench: benchmark figures as ratios against same-run baselines (a few minutes); writes bench/results.json
bench: $(STAMP)
	$(PY) -m bench.run

## bench-quick: the same with few rounds (< 30 s), a smoke run that keeps the scripts working
bench-quick: $(STAMP)
	$(PY) -m bench.run --quick --out build/bench-quick.json

## mutate: mutation testing of the core, one module at a time (MODULES=_actions,_error_body picks some;
## scripts/mutation.toml lists them); writes reports/mutation.json and reports/mutation.md. Not part of test.
NICE ?= nice -n 10
mutate: $(STAMP)
	$(NICE) $(PY) scripts/mutate.py $(if $(MODULES),--modules "$(MODULES)")

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
