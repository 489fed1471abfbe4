"""Bad settings are refused when the client is built, naming the setting; nothing reaches the server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from boomi_listeners import AsyncListenerClient, ConfigurationError, ListenerClient, Settings
from tests.adversarial.conftest import Arena, Script

ACCOUNTS = ["../other-acct", "a/b", "a?x=1", "a#f", "acct\n", "acct\r\n", "ac ct", " acct", "a%2Fb", "..", "ac\x00ct"]
BASE_URLS = ["http://exa mple.com", "http://h:99999", "ftp://h", "http://h/path", "http://u:pw@h", "http://[::1",
             "127.0.0.1:8080", "http://h\n", "http://h?x=1", "http://h#f", "http://"]  # fmt: skip
OTPS = ["12 34", "１２３４５６", "123456\r\n", "12345a", "123\n456"]
OTP_SECRETS = ["not base32!", "JBSW", "JBSWY3DPEHPK3PXP\n", "JBSWY3DP EHPK3PXP JBSWY3DP"]


def cases() -> list[tuple[str, Any]]:
    return (
        [("account_id", v) for v in ACCOUNTS]
        + [("base_url", v) for v in BASE_URLS]
        + [("otp", v) for v in OTPS]
        + [("otp_secret", v) for v in OTP_SECRETS]
    )


@pytest.mark.parametrize(("setting", "value"), cases())
def test_bad_settings_are_refused_at_construction(
    arena: Callable[[Script], Arena], kind: str, setting: str, value: str
) -> None:
    a = arena(Script())
    options: dict[str, Any] = {"account_id": "acct", "username": "u", "password": "p", "base_url": a.base_url}
    options[setting] = value
    cls = ListenerClient if kind == "sync" else AsyncListenerClient
    with pytest.raises(ConfigurationError) as caught:
        cls(**options)
    assert setting in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert a.server.connections == 0


@pytest.mark.parametrize(("setting", "value"), cases())
def test_bad_settings_from_the_environment_name_the_variable(setting: str, value: str) -> None:
    env = {"BOOMI_ACCOUNT_ID": "acct", "BOOMI_USERNAME": "u", "BOOMI_PASSWORD": "p", f"BOOMI_{setting.upper()}": value}
    with pytest.raises(ConfigurationError) as caught:
        Settings.from_env(env)
    assert f"BOOMI_{setting.upper()}" in str(caught.value)
    assert "u:pw@" not in str(caught.value), "a credential in a URL is not echoed"
