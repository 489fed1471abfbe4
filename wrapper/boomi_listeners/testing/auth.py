"""HTTP Basic authentication and authorisation the way the Boomi Platform API does it.

A request authenticates either with user name and password, or with an API token: the user name is
then ``BOOMI_TOKEN.<user name>`` and the password is the token. Authentication failures answer 401;
a known user acting for an account it may not use, or lacking a privilege, answers 403 with
Boomi's fixed message (also for unknown accounts, so account IDs cannot be probed).
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

import pyotp

from .state import FakeState, User

__all__ = [
    "FORBIDDEN_MESSAGE",
    "OTP_MESSAGE",
    "TOKEN_USER_PREFIX",
    "AuthError",
    "Principal",
    "authenticate",
    "authorize",
    "check_otp",
    "parse_basic",
]

TOKEN_USER_PREFIX = "BOOMI_TOKEN."  # noqa: S105 - a user-name prefix, not a secret
FORBIDDEN_MESSAGE = "Access denied due to insufficient permissions."
UNAUTHORIZED_MESSAGE = "Unauthorized: the user name, password or API token is missing or wrong."
OTP_MESSAGE = (
    "Unauthorized: this account uses two-factor authentication; send the current one-time code "
    "in the X-Boomi-OTP header."
)
#: Codes of the previous 30-second step are still accepted, for clocks a little apart and slow networks.
OTP_VALID_STEPS = 1


class AuthError(Exception):
    """Authentication (401) or authorisation (403) failed; ``status`` says which."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Principal:
    """Who is calling, and how they logged in (for diagnostics)."""

    user: User
    via_token: bool


def parse_basic(header: str | None) -> tuple[str, str] | None:
    """The (user, password) of a Basic Authorization header, or None when absent or malformed."""
    if not header:
        return None
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    username, sep, password = decoded.partition(":")
    if not sep:
        return None
    return username, password


def _same(given: str, expected: str) -> bool:
    # Constant-time comparison: the fake should not teach clients habits that leak secrets.
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def authenticate(state: FakeState, header: str | None) -> Principal:
    """The caller of a request, or AuthError(401)."""
    credentials = parse_basic(header)
    if credentials is None:
        raise AuthError(401, UNAUTHORIZED_MESSAGE)
    username, secret = credentials
    via_token = username.startswith(TOKEN_USER_PREFIX)
    if via_token:
        username = username.removeprefix(TOKEN_USER_PREFIX)
    with state.lock:
        user = state.users.get(username)
        if user is not None:
            if via_token:
                ok = any(_same(secret, token) for token in user.api_tokens)
            else:
                ok = user.password is not None and _same(secret, user.password)
            if ok:
                return Principal(user, via_token)
    raise AuthError(401, UNAUTHORIZED_MESSAGE)


def authorize(principal: Principal, account_id: str, privileges: Iterable[str]) -> None:
    """Raise AuthError(403) unless the caller may act for the account with these privileges."""
    if account_id not in principal.user.accounts:
        raise AuthError(403, FORBIDDEN_MESSAGE)
    if not set(privileges) <= principal.user.privileges:
        raise AuthError(403, FORBIDDEN_MESSAGE)


def check_otp(principal: Principal, code: str | None, now: float) -> None:
    """Raise AuthError(401) unless ``code`` is the user's current TOTP code (users without a secret pass).

    A 30-second TOTP (RFC 6238, as authenticator apps compute it); the code of the step before is
    accepted too, so a code computed just before a step boundary still works.
    """
    secret = principal.user.otp_secret
    if secret is None:
        return
    totp = pyotp.TOTP(secret)
    given = (code or "").strip()
    # pyotp compares in constant time; the step window looks back only (a code from the future is wrong).
    if not given or not any(totp.verify(given, for_time=now - 30 * step) for step in range(OTP_VALID_STEPS + 1)):
        raise AuthError(401, OTP_MESSAGE)
