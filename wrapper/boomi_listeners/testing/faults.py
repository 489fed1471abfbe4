"""Fault injection and the per-account rate limit.

Everything here is settable while a server thread is answering requests, so one lock guards it.

The rate limit is a *sliding-window log*: for each account, the times of the requests admitted in
the last second. A request is refused when the window already holds ``rate_limit`` requests. Boomi
states its limits as "requests per second per account"; a sliding window enforces exactly that for
every one-second interval (a token bucket would let a full bucket burst through at once), and it
gives an exact Retry-After: the time until the oldest admitted request leaves the window. Refused
requests are not logged in the window, so a client that backs off as told gets through.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RATE_LIMIT_MESSAGE", "Faults", "PlannedFailure"]

RATE_LIMIT_MESSAGE = (
    "The Boomi server is currently unavailable or your account's rate limits have been exceeded. Retry later."
)
_WINDOW = 1.0


@dataclass(frozen=True)
class PlannedFailure:
    """An injected error answer: its status, and a Retry-After (seconds) if one was asked for."""

    status: int
    retry_after: int | None


class Faults:
    """Faults injected into the fake: latency, rate limit, error answers, dropped connections, offline runtimes.

    ``reset()`` returns to the configuration the fake was created with.
    """

    def __init__(
        self,
        *,
        rate_limit: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        retry_after_header: bool = True,
    ) -> None:
        self._lock = threading.Lock()
        #: Whether rate-limited answers carry Retry-After (no Boomi source mentions one: off under ``rate-limited``).
        self.retry_after_header = retry_after_header
        self._clock = clock
        self._initial_rate_limit = rate_limit
        self.latency: float = 0.0
        self.rate_limit: float | None = rate_limit
        self._failures: deque[PlannedFailure] = deque()
        self._drops: deque[bool] = deque()
        self._offline: dict[str, bool] = {}
        self._windows: dict[str, deque[float]] = {}

    # -- configuration -------------------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 503, retry_after: float | None = None) -> None:
        """Answer the next ``n`` requests with ``status`` and an Error body (plus Retry-After if given)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        seconds = None if retry_after is None else max(1, math.ceil(retry_after))
        with self._lock:
            self._failures.extend(PlannedFailure(status, seconds) for _ in range(n))

    def drop_next(self, n: int = 1, apply: bool = True) -> None:
        """Close the connection, without an answer, on the next ``n`` requests.

        With ``apply=True`` the request is processed first (a change is scheduled), which is the
        ambiguous case a client must handle: it cannot know whether its request took effect.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        with self._lock:
            self._drops.extend(apply for _ in range(n))

    def set_offline(self, container_id: str, offline: bool = True) -> None:
        """Make a runtime look offline (410) or online, overriding the data set until ``reset()``."""
        with self._lock:
            self._offline[container_id] = offline

    def reset(self) -> None:
        with self._lock:
            self.latency = 0.0
            self.rate_limit = self._initial_rate_limit
            self._failures.clear()
            self._drops.clear()
            self._offline.clear()
            self._windows.clear()

    # -- consulted per request -------------------------------------------------------------------

    def take_failure(self) -> PlannedFailure | None:
        with self._lock:
            return self._failures.popleft() if self._failures else None

    def take_drop(self) -> bool | None:
        """None: do not drop; otherwise drop, and the value says whether to apply the request first."""
        with self._lock:
            return self._drops.popleft() if self._drops else None

    def offline_override(self, container_id: str) -> bool | None:
        with self._lock:
            return self._offline.get(container_id)

    def admit_request(self, account_id: str) -> tuple[bool, int | None]:
        """(refused?, Retry-After seconds to send, or None when the header is left out)."""
        retry_after = self.admit(account_id)
        if retry_after is None:
            return False, None
        return True, retry_after if self.retry_after_header else None

    def admit(self, account_id: str) -> int | None:
        """Count a request against the account's limit: None if admitted, else Retry-After seconds."""
        with self._lock:
            limit = self.rate_limit
            if limit is None:
                return None
            now = self._clock()
            # Below one request per second, the window stretches so that e.g. 0.5 means one per 2 s.
            capacity, span = (
                (math.floor(limit), _WINDOW) if limit >= 1 else (1, _WINDOW / limit if limit > 0 else _WINDOW)
            )
            window = self._windows.setdefault(account_id, deque())
            while window and window[0] <= now - span:
                window.popleft()
            if limit > 0 and len(window) < capacity:
                window.append(now)
                return None
            wait = (window[0] + span - now) if window else span
            # HTTP's Retry-After takes whole seconds; round up so a client that obeys gets through.
            return max(1, math.ceil(wait))
