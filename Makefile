# boomi-listeners: every command bootstraps its own virtual environment with
# the pinned versions in constraints.txt, so a fresh clone needs only python3.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
REGEN := PYTHONPATH=openapi $(PY) -m regen

.PHONY: install regen check-regen sync check-sync lint typecheck test bytecode unit contract contract-fake contract-strict contract-staging recordings demo bench bench-quick mutate docs test-lowest test-newest test-packaging clean

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

## sync: write the synchronous client from the async one (the source): wrapper/boomi_listeners/_client.py
sync: $(STAMP)
	$(PY) scripts/unasync.py

## check-sync: fail, naming the file, if a generated sync file differs from what its async source gives
check-sync: $(STAMP)
	$(PY) scripts/unasync.py --check

LINTED := wrapper openapi tests packaging_tests contract_tests bench scripts

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

typecheck: $(STAMP)
	$(BIN)/mypy

## test: lint, docs, check-regen, check-sync, then the unit tests and the contract suite against the embedded fake
# The four checks run side by side, then the tests, once every check has passed. The contract runs mostly wait
# (on the fakes' delays and the strict profile's 10 req/s), so they run beside the unit tests. Each run's output
# is printed whole when it ends (--output-sync), so nothing interleaves.
test: $(STAMP)
	$(MAKE) --no-print-directory -j5 --output-sync=target lint docs check-regen check-sync bytecode
	$(MAKE) --no-print-directory -j3 --output-sync=target unit contract-fake contract-strict

## bytecode: compile the project's modules once. The tests start hundreds of Python processes; with
##           PYTHONDONTWRITEBYTECODE set each would compile every module it imports again (a second or so each).
bytecode: $(STAMP)
	$(PY) -m compileall -q $(LINTED) generated > /dev/null

# Four workers on two cores: the unit tests mostly wait on fakes and subprocesses. One file stays on one
# worker (--dist loadfile), so a file's fixtures and its fake are set up once. Files are handed out in the
# order tests/conftest.py puts them, the longest first (--no-loadscope-reorder), so no worker starts a
# minute-long file when the others are done.
unit: $(STAMP)
	$(BIN)/pytest tests -q -n 4 --dist loadfile --no-loadscope-reorder

## contract: the contract suite against the embedded fake it starts itself and, at the same time, the provider
##           tests against a fake speaking every behaviour profile at once (strict: OTP codes, 10 req/s, 202/204 reads)
contract: $(STAMP)
	$(MAKE) --no-print-directory -j2 --output-sync=target contract-fake contract-strict

contract-fake: $(STAMP)
	$(BIN)/pytest contract_tests -q --junitxml=reports/contract-junit.xml

contract-strict: $(STAMP)
	BOOMI_CONTRACT_PROFILE=strict $(BIN)/pytest contract_tests/test_provider.py -q --junitxml=reports/contract-strict-junit.xml

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

## bench: benchmark figures as ratios against same-run baselines (about 14 minutes; python -m bench.run --only <group> for one group); writes bench/results.json
bench: $(STAMP)
	$(PY) -m bench.run

## bench-quick: the same with few rounds (about a minute), a smoke run that keeps the scripts working
bench-quick: $(STAMP)
	$(PY) -m bench.run --quick --out build/bench-quick.json

## mutate: mutation testing of the core, one module at a time (MODULES=_actions,_error_body picks some;
## scripts/mutation.toml lists them); writes reports/mutation.json and reports/mutation.md. Not part of test.
NICE ?= nice -n 10
mutate: $(STAMP)
	$(NICE) $(PY) scripts/mutate.py $(if $(MODULES),--modules "$(MODULES)")

## docs: the API reference site from the docstrings (warnings are errors); writes build/site
docs: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet --site-dir build/site

# Unit tests that need only the package with its cli and fake extras and the test runner: no
# generator, Schemathesis, mypy or docs tools, which the dev extra pins for us, not for users.
PORTABLE_TESTS := tests/test_wrapper_*.py tests/test_cli.py tests/test_cli_inprocess.py tests/test_cli_json.py \
	tests/test_fake_client.py tests/test_fake_http.py tests/test_fake_state.py tests/test_fake_process.py \
	tests/test_generated_models.py tests/test_pytest_plugin.py tests/test_transport_options.py \
	tests/test_state_file_schema.py tests/test_cli_operator.py tests/test_cli_extra_declared.py
# The test runner itself stays at the pinned versions; only the package's own dependencies move.
TEST_TOOLS := pytest pytest-asyncio pytest-timeout jsonschema
define deps_venv
	rm -rf $(1) build/$(2)
	mkdir -p build/$(2)
	grep -iE '^($(subst $(space),|,$(TEST_TOOLS)))==' constraints.txt > build/$(2)/test-tools.txt
	$(BIN)/uv pip compile --quiet --python $(PY) --resolution $(3) --extra cli --extra fake \
		pyproject.toml build/$(2)/test-tools.txt -o build/$(2)/requirements.txt
	$(BIN)/uv venv --quiet --python $(PY) $(1)
	$(BIN)/uv pip install --quiet --python $(1)/bin/python -r build/$(2)/requirements.txt
	$(BIN)/uv pip install --quiet --python $(1)/bin/python --no-deps -e .
	@grep -iE '^(httpx|attrs|defusedxml|pyotp|pyyaml|jsonschema|typer|click|rich|starlette|uvicorn|openapi-core)==' \
		build/$(2)/requirements.txt | tr '\n' ' '; echo
	$(1)/bin/python -m pytest -q -p no:cacheprovider $(PORTABLE_TESTS)
endef
space := $(empty) $(empty)

## test-lowest: the portable unit tests on the lowest versions pyproject.toml allows (a fresh venv, ~1.5 min)
test-lowest: $(STAMP)
	$(call deps_venv,.venv-lowest,lowest,lowest-direct)

## test-newest: the same on the newest releases of every dependency, as a fresh `pip install` gets them
test-newest: $(STAMP)
	$(call deps_venv,.venv-newest,newest,highest)

## test-packaging: the built wheel with only the cli extra, in a fresh venv at the newest releases on the package
##                 index, runs `boomi-listeners` (about a minute; not part of test: CI runs it after test)
test-packaging: $(STAMP)
	$(BIN)/pytest packaging_tests -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .venv-lowest .venv-newest .pytest_cache .mypy_cache .ruff_cache build dist
