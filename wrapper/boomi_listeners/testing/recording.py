"""The request log: what clients sent, so tests can check a client's side of the contract.

Secrets never reach the log: the Authorization header keeps only its scheme ("Basic ***") and any
header whose name suggests a credential (the one-time code in ``X-Boomi-OTP`` included) is masked
entirely. Bodies are kept as sent (the listener operations carry no secrets in them), up to 64 KiB.
The log is a ring buffer: it keeps the latest ``size`` requests, so a long-running fake stays bounded.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DEFAULT_LOG_SIZE", "RecordedRequest", "RequestLog", "redact_headers"]

#: Requests the fake's log keeps by default.
DEFAULT_LOG_SIZE = 1000

MASK = "***"
_SECRET_NAME_PARTS = ("token", "secret", "password", "api-key", "apikey", "cookie", "session", "otp")


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return lowered in ("authorization", "proxy-authorization") or any(p in lowered for p in _SECRET_NAME_PARTS)


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Header names (lower-cased, as ASGI delivers them) to values with credentials masked."""
    result: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        if key in ("authorization", "proxy-authorization"):
            scheme = value.strip().partition(" ")[0]
            masked = f"{scheme} {MASK}" if scheme and " " in value.strip() else MASK
        elif _is_secret(key):
            masked = MASK
        else:
            masked = value
        result[key] = f"{result[key]}, {masked}" if key in result else masked
    return result


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake received it, and the status it answered (None if the connection was dropped)."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    content_type: str | None
    status: int | None
    dropped: bool = False
    fault: str | None = None
    at: float = field(default=0.0, compare=False)
    #: True when ``body`` holds only the start of a longer body.
    truncated: bool = False

    def json(self) -> Any:
        """The body parsed as JSON (raises ValueError if it is not JSON)."""
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class RequestLog:
    """Thread-safe ring buffer of the latest ``size`` recorded requests."""

    def __init__(self, size: int = DEFAULT_LOG_SIZE) -> None:
        if size < 1:
            raise ValueError("the request log must keep at least one request")
        self._lock = threading.Lock()
        self._items: deque[RecordedRequest] = deque(maxlen=size)

    @property
    def size(self) -> int:
        return self._items.maxlen or 0

    def append(self, item: RecordedRequest) -> None:
        with self._lock:
            self._items.append(item)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
