"""The contract suite's choice of the fake's behaviour profile (BOOMI_CONTRACT_PROFILE)."""

from __future__ import annotations

import pyotp
import pytest

from boomi_listeners.testing import DEMO_OTP_SECRET
from contract_tests._config import DEFAULT_MAX_EXAMPLES, ENV_PROFILE, SuiteConfigError, load
from contract_tests._target import designation_for

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
