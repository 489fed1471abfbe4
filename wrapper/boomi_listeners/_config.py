"""Connection settings: account, credentials, region or base URL.

The password or API token is held in a :class:`Secret` so that it cannot leak
through ``repr``, f-strings, logging or pickling by accident.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NoReturn
from urllib.parse import urlsplit

from boomi_listeners._exceptions import ConfigurationError

__all__ = ["API_PATH", "REGIONS", "TOKEN_PREFIX", "Secret", "Settings"]

REGIONS: Mapping[str, str] = {
    "us": "https://api.boomi.com",
    "gb": "https://api.platform.gb.boomi.com",
}
API_PATH = "/api/rest/v1"
TOKEN_PREFIX = "BOOMI_TOKEN."  # noqa: S105 (a user-name prefix, not a secret)


class Secret:
    """A credential that only :meth:`reveal` shows."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled; pass credentials again where they are needed")

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True)
class Settings:
    """Everything needed to reach one Boomi account."""

    account_id: str
    username: str
    secret: Secret = field(repr=False)
    base_url: str = REGIONS["us"]
    otp: Secret | None = field(default=None, repr=False)
    uses_api_token: bool = False

    @property
    def api_root(self) -> str:
        """``{base_url}/api/rest/v1/{accountId}``, as Boomi's servers are written."""
        return f"{self.base_url}{API_PATH}/{self.account_id}"

    @classmethod
    def build(
        cls,
        *,
        account_id: str | None,
        username: str | None,
        password: str | None = None,
        api_token: str | None = None,
        region: str | None = None,
        base_url: str | None = None,
        otp: str | None = None,
        source: Mapping[str, str] | None = None,
    ) -> Settings:
        """Validate settings; ``source`` names environment variables in messages."""

        def name(arg: str, env: str) -> str:
            return env if source is not None else arg

        if not account_id:
            raise ConfigurationError(f"{name('account_id', 'BOOMI_ACCOUNT_ID')} is required: your Boomi account ID")
        if not username:
            raise ConfigurationError(f"{name('username', 'BOOMI_USERNAME')} is required: your Boomi user name")
        if password and api_token:
            raise ConfigurationError(
                f"give either {name('password', 'BOOMI_PASSWORD')} or {name('api_token', 'BOOMI_API_TOKEN')}, not both"
            )
        if not password and not api_token:
            raise ConfigurationError(
                f"{name('api_token', 'BOOMI_API_TOKEN')} or {name('password', 'BOOMI_PASSWORD')} is required"
            )
        if api_token and not username.startswith(TOKEN_PREFIX):
            # Boomi documents API tokens as user "BOOMI_TOKEN.<user>" with the token as password.
            username = f"{TOKEN_PREFIX}{username}"
        root = _base_url(base_url, region, name("base_url", "BOOMI_BASE_URL"), name("region", "BOOMI_REGION"))
        return cls(
            account_id=account_id,
            username=username,
            secret=Secret(api_token or password or ""),
            base_url=root,
            otp=Secret(otp) if otp else None,
            uses_api_token=bool(api_token),
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``BOOMI_*`` variables (see the README's configuration table)."""
        env = os.environ if environ is None else environ
        return cls.build(
            account_id=env.get("BOOMI_ACCOUNT_ID"),
            username=env.get("BOOMI_USERNAME"),
            password=env.get("BOOMI_PASSWORD") or None,
            api_token=env.get("BOOMI_API_TOKEN") or None,
            region=env.get("BOOMI_REGION") or None,
            base_url=env.get("BOOMI_BASE_URL") or None,
            otp=env.get("BOOMI_OTP") or None,
            source=env,
        )


def _base_url(base_url: str | None, region: str | None, base_name: str, region_name: str) -> str:
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigurationError(
                f"{base_name} must be a platform root such as https://api.boomi.com or http://127.0.0.1:8080; "
                f"got {base_url!r}"
            )
        if parts.path.rstrip("/") or parts.query:
            raise ConfigurationError(
                f"{base_name} is the platform root (scheme, host, port) without a path; "
                f"{API_PATH}/{{accountId}} is appended for you. Got {base_url!r}"
            )
        if parts.username or parts.password:
            raise ConfigurationError(f"{base_name} must not carry credentials; use the username/password settings")
        return f"{parts.scheme}://{parts.netloc}"
    key = (region or "us").lower()
    if key not in REGIONS:
        raise ConfigurationError(f"{region_name} must be one of {', '.join(REGIONS)}; got {region!r}")
    return REGIONS[key]
