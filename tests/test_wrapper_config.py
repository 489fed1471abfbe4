"""Settings: environment variables, API tokens, regions and base URLs."""

from __future__ import annotations

import pickle

import pytest

from boomi_listeners import REGIONS, ConfigurationError, ListenerClient, Settings

BASE_ENV = {"BOOMI_ACCOUNT_ID": "acct-1", "BOOMI_USERNAME": "ops@example.com", "BOOMI_PASSWORD": "pw-123"}


@pytest.mark.parametrize("missing", ["BOOMI_ACCOUNT_ID", "BOOMI_USERNAME"])
def test_missing_variable_is_named(missing: str) -> None:
    env = {k: v for k, v in BASE_ENV.items() if k != missing}
    with pytest.raises(ConfigurationError, match=missing):
        Settings.from_env(env)


def test_missing_secret_names_both_variables() -> None:
    env = {k: v for k, v in BASE_ENV.items() if k != "BOOMI_PASSWORD"}
    with pytest.raises(ConfigurationError, match="BOOMI_API_TOKEN or BOOMI_PASSWORD"):
        Settings.from_env(env)


def test_api_token_builds_boomi_token_username() -> None:
    env = {**{k: v for k, v in BASE_ENV.items() if k != "BOOMI_PASSWORD"}, "BOOMI_API_TOKEN": "tok-xyz"}
    settings = Settings.from_env(env)
    assert settings.username == "BOOMI_TOKEN.ops@example.com"
    assert settings.secret.reveal() == "tok-xyz"
    already = Settings.from_env({**env, "BOOMI_USERNAME": "BOOMI_TOKEN.ops@example.com"})
    assert already.username == "BOOMI_TOKEN.ops@example.com"


def test_password_and_token_together_is_an_error() -> None:
    with pytest.raises(ConfigurationError, match="not both"):
        Settings.from_env({**BASE_ENV, "BOOMI_API_TOKEN": "tok"})


@pytest.mark.parametrize(("region", "root"), [(None, REGIONS["us"]), ("us", REGIONS["us"]), ("GB", REGIONS["gb"])])
def test_region_picks_platform_root(region: str | None, root: str) -> None:
    env = {**BASE_ENV, **({"BOOMI_REGION": region} if region else {})}
    settings = Settings.from_env(env)
    assert settings.api_root == f"{root}/api/rest/v1/acct-1"


def test_unknown_region_is_named() -> None:
    with pytest.raises(ConfigurationError, match="BOOMI_REGION must be one of us, gb"):
        Settings.from_env({**BASE_ENV, "BOOMI_REGION": "eu"})


def test_base_url_is_platform_root_and_wins_over_region() -> None:
    settings = Settings.from_env({**BASE_ENV, "BOOMI_REGION": "gb", "BOOMI_BASE_URL": "http://127.0.0.1:8080/"})
    assert settings.api_root == "http://127.0.0.1:8080/api/rest/v1/acct-1"


@pytest.mark.parametrize("bad", ["127.0.0.1:8080", "ftp://host", "http://h/api/rest/v1/acct", "http://u:p@h"])
def test_bad_base_url_explains_the_form(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="BOOMI_BASE_URL"):
        Settings.from_env({**BASE_ENV, "BOOMI_BASE_URL": bad})


def test_secret_never_in_repr_str_or_pickle() -> None:
    settings = Settings.from_env({**BASE_ENV, "BOOMI_OTP": "90817263"})
    for text in (repr(settings), str(settings), repr(settings.secret), f"{settings.secret}"):
        assert "pw-123" not in text
        assert "90817263" not in text
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(settings)
    client = ListenerClient(settings=settings)
    try:
        assert "pw-123" not in repr(client)
    finally:
        client.close()


def test_tls_verification_is_on_by_default() -> None:
    client = ListenerClient(settings=Settings.from_env(BASE_ENV))
    try:
        inner = client._http._transport._inner  # type: ignore[attr-defined]
        inner = getattr(inner, "_inner", inner)  # under the request-budget wrapper
        ssl_context = inner._pool._ssl_context
        assert ssl_context.verify_mode.name == "CERT_REQUIRED"
        assert ssl_context.check_hostname is True
    finally:
        client.close()
