"""How every request says who sends it: the headers it carries and the credentials httpx adds as it goes out."""

from __future__ import annotations

from collections.abc import Generator

import httpx

from boomi_listeners._config import Settings
from boomi_listeners._version import __version__

__all__ = ["BoomiAuth", "headers"]


def headers(settings: Settings) -> dict[str, str]:
    """Headers sent with every request (credentials and the OTP are added per request by :class:`BoomiAuth`).

    Boomi answers in XML unless asked for JSON, and the generated client parses
    JSON only, so every request says ``Accept: application/json``.
    """
    return {"Accept": "application/json", "User-Agent": f"boomi-listeners/{__version__}"}


class BoomiAuth(httpx.Auth):
    """HTTP basic auth plus ``X-Boomi-OTP``, computed as each request is sent.

    httpx runs the auth flow for every request it sends, retries included, so
    a TOTP secret yields a code that is fresh for every attempt.
    """

    def __init__(self, settings: Settings) -> None:
        self._basic = httpx.BasicAuth(settings.username, settings.secret.reveal())
        self._settings = settings

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        code = self._settings.otp_code()
        if code is not None:
            request.headers["X-Boomi-OTP"] = code
        yield from self._basic.auth_flow(request)

    def __repr__(self) -> str:
        return f"BoomiAuth(username={self._settings.username!r})"
