"""How long to keep trying: retries of failed requests and polling of results."""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from boomi_listeners._deadline import remaining
from boomi_listeners._exceptions import (
    APIConnectionError,
    APITimeoutError,
    GatewayTimeoutError,
    InvalidRequestError,
    ServiceUnavailableError,
)

__all__ = ["PollPolicy", "RetryPolicy", "instant_retry"]

#: Set by :func:`instant_retry`: the most attempts a request makes, none of them waited for (None: off).
_instant_attempts: int | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter for 503/429, 504 and connection failures.

    The defaults cover Boomi's own behaviour: its AtomSphere API connector
    retries a 503 up to five times, and Boomi sends no ``Retry-After``, so
    five retries wait about 1, 2, 4, 8 and 15 seconds (plus up to a second of
    jitter each, 15 at most): about half a minute in all. A readable ``Retry-After``
    is waited instead, up to ``max_retry_after``. ``timeout`` caps what one request's
    retries wait in all. No retry ever starts whose wait would end past the call's
    own ``timeout``: it is not begun, and the last error is raised instead.

    The ambiguity rule: a request that may have reached Boomi before the
    connection failed (dropped connection, read timeout) or that Boomi
    forwarded to an unreachable runtime (504) is retried only when repeating
    it is harmless, i.e. for pause, resume and status queries. A restart in
    that situation is not repeated: the caller gets the error and decides,
    because a blind retry could restart the listener twice. 503 (rate limit,
    busy) and refused connections are always safe to retry.
    """

    attempts: int = 6
    timeout: float = 90.0
    wait_initial: float = 1.0
    wait_max: float = 15.0
    wait_jitter: float = 1.0
    max_retry_after: float = 30.0

    def __post_init__(self) -> None:
        if isinstance(self.attempts, bool) or not isinstance(self.attempts, int) or self.attempts < 1:
            raise InvalidRequestError(f"attempts must be an int of at least 1; got {self.attempts!r}", field="attempts")
        _check_numbers(self, "timeout", "wait_initial", "wait_max", "wait_jitter", "max_retry_after")

    def decide(self, exc: Exception, *, idempotent: bool, retry: int = 1, waited: float = 0.0) -> float | None:
        """Seconds to wait before retry number ``retry`` of a request that failed with ``exc``; None: no retry.

        ``waited`` is what the request's earlier retries waited in all. A retry is not begun when the
        policy's attempts are used up, when its wait would take the retries' waits past ``timeout``,
        or when it would end at or past the call's deadline (there would be no time left to send it).
        """
        instant = _instant_attempts
        if retry >= (self.attempts if instant is None else min(self.attempts, instant)):
            return None
        wait = self._wait(exc, idempotent=idempotent, retry=retry)
        if wait is None:
            return None
        if instant is not None:
            wait = 0.0
        left = remaining()
        if waited + wait > self.timeout or (left is not None and wait >= left):
            return None
        return wait

    def _wait(self, exc: Exception, *, idempotent: bool, retry: int) -> float | None:
        """The ambiguity rule (see the class): how long before retrying ``exc``, or None when it must not be."""
        if isinstance(exc, ServiceUnavailableError):
            return self._honour(exc.retry_after, retry)
        if isinstance(exc, GatewayTimeoutError):
            return self._honour(exc.retry_after, retry) if idempotent else None
        if isinstance(exc, APITimeoutError) and exc.deadline_passed:
            return None
        if isinstance(exc, APIConnectionError) and (idempotent or not exc.may_have_reached_server):
            return self.backoff(retry)
        return None

    def backoff(self, retry: int) -> float:
        """The own wait before retry number ``retry``: ``wait_initial`` doubled, plus jitter, capped at wait_max."""
        exponent = min(max(retry - 1, 0), 64)
        jitter = random.uniform(0.0, self.wait_jitter)
        return min(self.wait_initial * 2.0**exponent + jitter, self.wait_max)

    def _honour(self, retry_after: float | None, retry: int) -> float:
        if retry_after is None or not math.isfinite(retry_after):
            return self.backoff(retry)
        return min(max(retry_after, 0.0), self.max_retry_after)

    @classmethod
    def none(cls) -> RetryPolicy:
        """No retries at all."""
        return cls(attempts=1)


@dataclass(frozen=True)
class PollPolicy:
    """Polling of ListenerStatus tokens and of listener status in waits."""

    initial: float = 0.1
    factor: float = 1.5
    maximum: float = 2.0
    #: A restarted listener is already ``listening`` before the runtime applies the
    #: restart, so a wait first looks for it to leave that status, for at most this long.
    restart_settle: float = 10.0
    #: A listener absent from complete ListenerStatus results for this long is not
    #: reported by Boomi at all (ListenerNotReportedError), however long the wait's timeout.
    unreported_grace: float = 10.0

    def __post_init__(self) -> None:
        _check_numbers(self, "initial", "factor", "maximum", "restart_settle", "unreported_grace")
        if self.factor < 1:
            raise InvalidRequestError(f"factor must be at least 1; got {self.factor!r}", field="factor")

    def delays(self) -> Callable[[], float]:
        """A fresh sequence of growing delays."""
        current = self.initial / self.factor

        def following() -> float:
            nonlocal current
            current = min(current * self.factor, self.maximum)
            return current

        return following


def _check_numbers(policy: object, *names: str) -> None:
    """Each field ``names`` of ``policy`` is a finite number >= 0; InvalidRequestError names the first that is not."""
    for name in names:
        value = getattr(policy, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise InvalidRequestError(f"{name} must be a finite number >= 0; got {value!r}", field=name)


@contextlib.contextmanager
def instant_retry(attempts: int = 10) -> Iterator[None]:
    """Within the block, retries keep their rules but not their waits, and stop after ``attempts`` attempts.

    For tests of code that uses a client: a 503 from a fake is retried at once rather than seconds
    later. Every client of the process is affected, as long as the block runs.
    """
    global _instant_attempts
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise InvalidRequestError(f"attempts must be an int of at least 1; got {attempts!r}", field="attempts")
    before, _instant_attempts = _instant_attempts, attempts
    try:
        yield
    finally:
        _instant_attempts = before
