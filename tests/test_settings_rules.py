"""What ``Settings`` accepts, refuses and keeps: the values a client then sends, and secrets kept out of messages.

Each refusal is a ConfigurationError raised before any request; each acceptance is checked by what
the settings then hold (the credential sent, the OTP code, the base URL).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pyotp
import pytest

from boomi_listeners import ConfigurationError, Secret, Settings

BASE: dict[str, Any] = {"account_id": "acme-AB12CD", "username": "jane@example.com", "password": "pw-Rules-71"}
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def build(**changes: Any) -> Settings:
    return Settings.build(**{**BASE, **changes})


# -- secrets --------------------------------------------------------------------------------------


def test_secrets_are_equal_only_to_the_same_secret() -> None:
    same = "".join(["pw-", "Rules-71"])  # an equal string that is another object
    assert Secret("pw-Rules-71") == Secret(same)
    assert Secret("a") != Secret("b")
    assert Secret("b") != Secret("a")
    assert Secret("a") != "a"


def test_the_password_is_the_credential_sent() -> None:
    settings = build()
    assert settings.secret.reveal() == "pw-Rules-71"
    assert settings.uses_api_token is False


def test_an_api_token_is_the_credential_sent_for_the_token_user() -> None:
    settings = build(password=None, api_token="tok-Rules-72")
    assert settings.secret.reveal() == "tok-Rules-72"
    assert settings.username == "BOOMI_TOKEN.jane@example.com"
    assert settings.uses_api_token is True


def test_settings_made_directly_use_a_password_by_default() -> None:
    assert Settings("acme", "jane", Secret("pw")).uses_api_token is False


def test_settings_are_immutable() -> None:
    settings = build()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.account_id = "other"  # type: ignore[misc]


# -- one-time passwords ----------------------------------------------------------------------------


def test_an_otp_secret_alone_gives_the_authenticators_current_code() -> None:
    settings = build(otp_secret=TOTP_SECRET)
    authenticator = pyotp.TOTP(TOTP_SECRET)
    before = authenticator.now()
    code = settings.otp_code()
    after = authenticator.now()
    assert code in {before, after}  # the same code, unless a 30 s step ended in between


def test_an_otp_and_an_otp_secret_together_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="not both"):
        build(otp="123456", otp_secret=TOTP_SECRET)


@pytest.mark.parametrize("secret", ["JBSWY3DP1EHPK3PX", "JBSWY3DP EHPK3PX", "JBSWY3DP!"])
def test_an_otp_secret_that_is_not_base32_is_refused_as_such(secret: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        build(otp_secret=secret)
    assert "not base32" in str(caught.value) or "spaces" in str(caught.value)
    assert secret not in str(caught.value)


# -- what IDs and names may contain -----------------------------------------------------------------


@pytest.mark.parametrize("account_id", ["acme-AB12CD", "a.b", "~x", "-x", "_x", "x-"])
def test_account_ids_of_letters_digits_and_dash_dot_underscore_tilde_are_accepted(account_id: str) -> None:
    assert build(account_id=account_id).api_root == f"https://api.boomi.com/api/rest/v1/{account_id}"


@pytest.mark.parametrize("account_id", [".", "..", "a..b", "a/b", "a b", "a?b"])
def test_account_ids_that_would_change_the_url_are_refused(account_id: str) -> None:
    with pytest.raises(ConfigurationError, match="account ID"):
        build(account_id=account_id)


@pytest.mark.parametrize("value", ["acme\r", "acme\n", "acme\r\n"], ids=["cr", "lf", "crlf"])
@pytest.mark.parametrize("name", ["account_id", "username"])
def test_a_line_break_is_named_as_one(name: str, value: str) -> None:
    with pytest.raises(ConfigurationError, match="a line break"):
        build(**{name: value})


def test_a_user_name_may_hold_inner_spaces() -> None:
    assert build(username="Jane Doe").username == "Jane Doe"


@pytest.mark.parametrize("username", [" jane@example.com", "jane@example.com "], ids=["leading", "trailing"])
def test_a_user_name_with_outer_spaces_is_refused(username: str) -> None:
    with pytest.raises(ConfigurationError, match="spaces"):
        build(username=username)


# -- base URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://127.0.0.1:1", "https://boomi.example:65535", "http://localhost"])
def test_base_urls_with_any_valid_port_are_accepted(url: str) -> None:
    assert build(base_url=url).base_url == url


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:0", "http://host:99999", "http://\u2603.example", "ftp://example.com", "http://"]
)
def test_base_urls_that_cannot_be_reached_are_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="must be a platform root"):
        build(base_url=url)


@pytest.mark.parametrize(
    ("url", "secret_parts"),
    [
        ("http://me:p@ss-Word-5@boomi.example", ["p@ss", "ss-Word-5"]),
        ("http://me:Hidden-6@boomi.example/me:Hidden-6@boomi.example", ["Hidden-6"]),
        ("http://me:Hidden-7@boomi.example/?again=Hidden-7", ["Hidden-7"]),
    ],
)
def test_a_base_url_with_credentials_is_refused_without_echoing_them(url: str, secret_parts: list[str]) -> None:
    with pytest.raises(ConfigurationError, match="must not carry credentials") as caught:
        build(base_url=url)
    message = str(caught.value)
    assert "***@boomi.example" in message
    for part in secret_parts:
        assert part not in message
