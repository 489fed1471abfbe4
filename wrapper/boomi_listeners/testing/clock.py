"""A clock that only moves when told to, for tests that check timing without sleeping."""

from __future__ import annotations

import threading

__all__ = ["ManualClock"]


class ManualClock:
    """Callable returning the current (fake) time; pass it as ``FakeBoomi(clock=...)``.

    Scheduled listener changes, query completion, token expiry and the rate-limit window all read
    this clock, so ``advance()`` moves all of them together. Injected latency still sleeps for real.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self._lock = threading.Lock()
        self._now = start

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move time forward; returns the new time."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            self._now += seconds
            return self._now
