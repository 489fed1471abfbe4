"""Connection settings: account, credentials, region or base URL.

The password or API token is held in a :class:`Secret` so that it cannot leak
through ``repr``, f-strings, logging or pickling by accident.
"""

from __future__ import annotations

import binascii
import os
import re
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
    #: Base32 TOTP secret: a fresh ``X-Boomi-OTP`` code is computed for every request (retries included).
    otp_secret: Secret | None = field(default=None, repr=False)

    def otp_code(self) -> str | None:
        """The ``X-Boomi-OTP`` value for a request about to be sent, if the account needs one."""
        if self.otp_secret is not None:
            return _totp_now(self.otp_secret.reveal())
        return self.otp.reveal() if self.otp is not None else None

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
        otp_secret: str | None = None,
        source: Mapping[str, str] | None = None,
    ) -> Settings:
        """Validate settings; ``source`` names environment variables in messages."""

        def name(arg: str, env: str) -> str:
            return env if source is not None else arg

        if not account_id:
            raise ConfigurationError(f"{name('account_id', 'BOOMI_ACCOUNT_ID')} is required: your Boomi account ID")
        _check_account(account_id, name("account_id", "BOOMI_ACCOUNT_ID"))
        if not username:
            raise ConfigurationError(f"{name('username', 'BOOMI_USERNAME')} is required: your Boomi user name")
        _check_username(username, name("username", "BOOMI_USERNAME"))
        if otp and otp_secret:
            raise ConfigurationError(
                f"give either {name('otp', 'BOOMI_OTP')} (one fixed code) or {name('otp_secret', 'BOOMI_OTP_SECRET')} "
                "(a fresh code for every request), not both"
            )
        if otp:
            _check_otp(otp, name("otp", "BOOMI_OTP"))
        if otp_secret:
            _check_otp_secret(otp_secret, name("otp_secret", "BOOMI_OTP_SECRET"))
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
            otp_secret=Secret(otp_secret) if otp_secret else None,
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
            otp_secret=env.get("BOOMI_OTP_SECRET") or None,
            source=env,
        )


# What may go into the URL path unescaped: RFC 3986 unreserved characters. Boomi account IDs
# look like "acme-AB12CD"; anything else (/, ?, #, %, spaces, a line break from a CRLF .env
# file) would change the URL the credentials are sent to.
_ACCOUNT = re.compile(r"[A-Za-z0-9._~-]+")
_BASE32 = re.compile(r"[A-Za-z2-7]+=*")
_LINE_BREAK = "a line break (a .env file with Windows line endings?)"


def _why_not_printable(value: str, *, inner_spaces: bool = False) -> str | None:
    if "\r" in value or "\n" in value:
        return _LINE_BREAK
    if value != value.strip() or (not inner_spaces and any(ch.isspace() for ch in value)):
        return "spaces"
    if any(not ch.isprintable() for ch in value):
        return "a control character"
    return None


def _refuse(value: str, unfit: str | None, message: str, *, inner_spaces: bool = False) -> None:
    """ConfigurationError (``message`` with its ``{problem}`` filled in) if ``value`` is not printable or ``unfit``.

    ``unfit`` says what breaks the setting's own rule (None: nothing); a line break or a stray
    space is named first, as the likelier mistake.
    """
    problem = _why_not_printable(value, inner_spaces=inner_spaces) or unfit
    if problem is not None:
        raise ConfigurationError(message.format(problem=problem))


def _check_account(account_id: str, name: str) -> None:
    fits = _ACCOUNT.fullmatch(account_id) and ".." not in account_id and account_id != "."
    _refuse(
        account_id,
        None
        if fits
        else "characters that do not belong in an account ID (only letters, digits, '-', '_', '.' and '~')",
        f"{name} must be your Boomi account ID as shown in Settings > Account Information, e.g. acme-AB12CD; "
        f"the value given contains {{problem}}. Fix {name} and try again",
    )


def _check_username(username: str, name: str) -> None:
    _refuse(
        username,
        None,
        f"{name} contains {{problem}}: give your Boomi user name exactly, e.g. jane@example.com",
        inner_spaces=True,
    )


def _check_otp(otp: str, name: str) -> None:
    _refuse(
        otp,
        None if otp.isascii() and otp.isdigit() else "characters other than the digits 0-9",
        f"{name} must be the current code of your authenticator app (digits only); the value given contains "
        f"{{problem}}. For long runs set BOOMI_OTP_SECRET (otp_secret=) instead, so each request gets a fresh code",
    )


def _check_otp_secret(secret: str, name: str) -> None:
    _refuse(
        secret,
        _why_not_totp(secret),
        f"{name} must be the base32 secret your authenticator app was set up with (letters A-Z and digits 2-7, "
        f"shown when two-factor authentication was enabled); the value given contains {{problem}}",
    )


def _totp_now(secret: str) -> str:
    """The current TOTP code for the base32 ``secret`` (pyotp loads on first use, not at start-up)."""
    import pyotp

    return pyotp.TOTP(secret).now()


def _why_not_totp(secret: str) -> str | None:
    if not _BASE32.fullmatch(secret):
        return "characters that are not base32 (letters A-Z and digits 2-7)"
    try:
        _totp_now(secret)
    except (binascii.Error, ValueError) as exc:
        return f"a value that is not a usable TOTP secret ({exc})"
    return None


def _base_url(base_url: str | None, region: str | None, base_name: str, region_name: str) -> str:
    if base_url:
        _refuse(
            base_url, None, f"{base_name} contains {{problem}}; give the platform root such as https://api.boomi.com"
        )
        try:
            parts = urlsplit(base_url)
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            parts, port_ok = urlsplit(""), False
        if "@" in parts.netloc:
            # Checked first, and the value is not echoed: it holds a credential, which may contain "@"
            # and may be repeated after the host, so it is masked wherever it appears.
            userinfo = parts.netloc.rsplit("@", 1)[0]
            shown = base_url.replace(userinfo, "***")
            password = userinfo.partition(":")[2]
            if password:
                shown = shown.replace(password, "***")
            raise ConfigurationError(
                f"{base_name} must not carry credentials; use the username/password settings. Got {shown!r}"
            )
        root = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or not _httpx_accepts(root):
            raise ConfigurationError(
                f"{base_name} must be a platform root such as https://api.boomi.com or http://127.0.0.1:8080; "
                f"got {base_url!r}"
            )
        if parts.path.rstrip("/") or parts.query or parts.fragment:
            raise ConfigurationError(
                f"{base_name} is the platform root (scheme, host, port) without a path; "
                f"{API_PATH}/{{accountId}} is appended for you. Got {base_url!r}"
            )
        return root
    key = (region or "us").lower()
    if key not in REGIONS:
        raise ConfigurationError(f"{region_name} must be one of {', '.join(REGIONS)}; got {region!r}")
    return REGIONS[key]


def _httpx_accepts(root: str) -> bool:
    import httpx  # the command line reads settings without loading the HTTP stack (`--help` needs neither)

    try:
        httpx.URL(root)
    except httpx.InvalidURL:
        return False
    return True
