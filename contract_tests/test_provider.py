"""Provider tests: the target answers every operation as the effective spec says.

Schemathesis generates the requests from the spec (examples, coverage and fuzzing phases) and
checks each answer: a documented status code, a documented media type, a body that matches its
schema, never a server error, authentication enforced (``ignored_auth`` repeats successful requests
without credentials and with wrong ones), and spec-violating requests refused with a 4xx
(``negative_data_rejection``). A failure prints the check, the answer and a curl command that
reproduces it.
"""

from __future__ import annotations

from typing import Any

import pytest
from schemathesis import Case, GenerationMode

from contract_tests._config import ENV_FUZZ, load
from contract_tests._provider import NAME_READS_WITH_SUCCESS, OPERATIONS, ProviderSchemas
from contract_tests._session import RunState
from contract_tests._target import Target, designation_for

SUITE = load()
SCHEMAS = ProviderSchemas(
    designation_for(SUITE), max_examples=SUITE.max_examples, rate_limit=SUITE.rate_limit, seed=SUITE.seed
)


@pytest.fixture(scope="module", autouse=True)
def provider(run_state: RunState, target: Target) -> ProviderSchemas:
    """The schemas, with a real token in their pool and their counts in the summary."""
    SCHEMAS.ensure_token(target)
    run_state.record = SCHEMAS.record
    return SCHEMAS


@SCHEMAS.parametrize(GenerationMode.POSITIVE)
def test_schema_valid_requests(case: Case[Any], provider: ProviderSchemas, target: Target) -> None:
    """Schema-valid requests get documented, well-formed answers; credentials are enforced."""
    provider.send(case, target)


@pytest.mark.skipif(not SUITE.fuzz, reason=f"negative (fuzzing) cases are off for this target; set {ENV_FUZZ}=1")
@SCHEMAS.parametrize(GenerationMode.NEGATIVE)
def test_schema_violating_requests(case: Case[Any], provider: ProviderSchemas, target: Target) -> None:
    """Requests that break the spec are refused with a 4xx, never accepted and never a 5xx."""
    provider.send(case, target)


def test_every_success_answer_was_checked(provider: ProviderSchemas) -> None:
    """Each operation got at least one 2xx, so its success schema and its auth checks really ran."""
    record = provider.record
    mode = GenerationMode.POSITIVE.value
    if not any(record.cases[(mode, op)] for op in (*OPERATIONS, *NAME_READS_WITH_SUCCESS)):
        pytest.skip("the schema-valid provider tests did not run in this session")
    ran = [op for op in (*OPERATIONS, *NAME_READS_WITH_SUCCESS) if record.cases[(mode, op)]]
    unchecked = [op for op in ran if not record.successes[(mode, op)]]
    assert not unchecked, f"no schema-valid request got a 2xx answer, so these went unchecked: {unchecked}"
