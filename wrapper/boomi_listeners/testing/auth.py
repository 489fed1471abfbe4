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

from .state import FakeState, User

__all__ = [
    "FORBIDDEN_MESSAGE",
    "TOKEN_USER_PREFIX",
    "AuthError",
    "Principal",
    "authenticate",
    "authorize",
    "parse_basic",
]

TOKEN_USER_PREFIX = "BOOMI_TOKEN."  # noqa: S105 - a user-name prefix, not a secret
FORBIDDEN_MESSAGE = "Access denied due to insufficient permissions."
UNAUTHORIZED_MESSAGE = "Unauthorized: the user name, password or API token is missing or wrong."


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
