"""The contract suite's choice of the fake's behaviour profile (BOOMI_CONTRACT_PROFILE) and of a rehearsal's pace."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest

from boomi_listeners.testing import DEMO_OTP_SECRET
from contract_tests._config import DEFAULT_MAX_EXAMPLES, ENV_PROFILE, ENV_REHEARSAL, SuiteConfigError, load
from contract_tests._target import FAKE_POLL, FAKE_RETRY, designation_for, staging_target

STAGING = {
    "BOOMI_CONTRACT_TARGET": "staging",
    "BOOMI_ACCOUNT_ID": "acct-1",
    "BOOMI_USERNAME": "user@example.com",
    "BOOMI_PASSWORD": "pw",
    "BOOMI_BASE_URL": "http://127.0.0.1:9",
    "BOOMI_TEST_CONTAINER_ID": "runtime-1",
    "BOOMI_TEST_LISTENER_ID": "listener-1",
}


def test_the_fake_speaks_documented_unless_told() -> None:
    suite = load({})
    assert suite.profile == "documented"
    assert suite.max_examples == DEFAULT_MAX_EXAMPLES["fake"]
    assert designation_for(suite).otp_code() is None


def test_strict_profile_sends_fresh_otp_codes_and_fewer_cases() -> None:
    suite = load({ENV_PROFILE: " Strict "})
    assert suite.profile == "strict"
    assert "profile strict" in suite.describe()
    # Every case waits for the 10/s budget, so the fuzzing phase is smaller; the negative phase stays on.
    assert suite.max_examples < DEFAULT_MAX_EXAMPLES["fake"]
    assert suite.fuzz
    designation = designation_for(suite)
    code = designation.otp_code()
    # The demo user's current code (or the one before, should the 30-s step turn between the two calls).
    assert code is not None
    assert pyotp.TOTP(DEMO_OTP_SECRET).verify(code, valid_window=1)
    assert DEMO_OTP_SECRET not in repr(designation)


def test_an_explicit_case_count_wins_over_the_profile_default() -> None:
    assert load({ENV_PROFILE: "strict", "BOOMI_CONTRACT_MAX_EXAMPLES": "7"}).max_examples == 7


def test_an_unknown_profile_is_refused_naming_the_choices() -> None:
    with pytest.raises(SuiteConfigError, match=r"BOOMI_CONTRACT_PROFILE must be one of documented, .*strict"):
        load({ENV_PROFILE: "strictest"})


def test_staging_refuses_a_profile() -> None:
    assert load(STAGING).target == "staging"
    with pytest.raises(SuiteConfigError, match="embedded fake"):
        load({**STAGING, ENV_PROFILE: "strict"})


def test_staging_keeps_boomis_pace_unless_rehearsing_on_loopback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOMI_CONTRACT_EXCHANGES", str(tmp_path / "exchanges.jsonl"))
    staging = staging_target(load(STAGING))
    assert staging.budget is not None
    assert staging.max_requests_per_second == 10.0
    assert staging.poll != FAKE_POLL
    assert staging.retry != FAKE_RETRY

    suite = load({**STAGING, ENV_REHEARSAL: "1"})
    assert suite.rehearsal
    assert "at a fake's pace" in suite.describe()
    rehearsal = staging_target(suite)
    assert rehearsal.budget is None
    assert rehearsal.max_requests_per_second is None
    assert (rehearsal.poll, rehearsal.retry) == (FAKE_POLL, FAKE_RETRY)
    # Everything else is staging's: the designated runtime, the settle interval, the recorder.
    assert (rehearsal.kind, rehearsal.container_id, rehearsal.listener_id) == ("staging", "runtime-1", "listener-1")
    assert rehearsal.settle_interval == staging.settle_interval
    assert rehearsal.recorder is not None


def test_a_rehearsal_is_refused_against_an_address_that_is_not_loopback() -> None:
    with pytest.raises(SuiteConfigError, match="BOOMI_CONTRACT_REHEARSAL=1 is for a fake on loopback"):
        load({**STAGING, "BOOMI_BASE_URL": "https://api.boomi.com", ENV_REHEARSAL: "1"})
    assert not load({**STAGING, "BOOMI_BASE_URL": "https://api.boomi.com"}).rehearsal
