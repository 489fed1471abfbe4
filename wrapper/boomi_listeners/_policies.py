"""How long to keep trying: retries of failed requests and polling of results."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from boomi_listeners._deadline import remaining
from boomi_listeners._exceptions import (
    APIConnectionError,
    APITimeoutError,
    GatewayTimeoutError,
    InvalidRequestError,
    ServiceUnavailableError,
)

__all__ = ["PollPolicy", "RetryPolicy"]


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter for 503/429, 504 and connection failures.

    The defaults cover Boomi's own behaviour: its AtomSphere API connector
    retries a 503 up to five times, and Boomi sends no ``Retry-After``, so
    five retries wait about 1, 2, 4, 8 and 15 seconds (plus up to a second of
    jitter each, 15 at most): about half a minute in all. No retry ever starts after the
    call's own ``timeout``: a wait that would end past it is not begun, and the
    last error is raised instead.

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

    def backoff_hook(self, *, idempotent: bool) -> Callable[[Exception], bool | float]:
        """A stamina ``on=`` hook: False = do not retry, True = backoff, float = wait exactly that long.

        Each call counts as one more retry (stamina calls it once per failed attempt).
        """
        retries = [0]

        def hook(exc: Exception) -> bool | float:
            retries[0] += 1
            return self.decide(exc, idempotent=idempotent, retry=retries[0])

        return hook

    def decide(self, exc: Exception, *, idempotent: bool, retry: int = 1) -> bool | float:
        """Whether (and how long after) to retry ``exc`` as retry number ``retry``, within the call's deadline."""
        wait: bool | float
        if isinstance(exc, ServiceUnavailableError):
            wait = self._honour(exc.retry_after)
        elif isinstance(exc, GatewayTimeoutError):
            wait = self._honour(exc.retry_after) if idempotent else False
        elif isinstance(exc, APITimeoutError) and exc.deadline_passed:
            wait = False
        elif isinstance(exc, APIConnectionError):
            wait = idempotent or not exc.may_have_reached_server
        else:
            wait = False
        if wait is False:
            return False
        left = remaining()
        if left is not None:
            longest = wait if wait is not True else self.longest_wait(retry)
            if longest >= left:
                return False
        return wait

    def longest_wait(self, retry: int) -> float:
        """The most stamina can wait before retry number ``retry`` (backoff plus full jitter, capped at wait_max)."""
        exponent = min(max(retry - 1, 0), 64)
        return min(self.wait_initial * 2.0**exponent + self.wait_jitter, self.wait_max)

    def _honour(self, retry_after: float | None) -> bool | float:
        if retry_after is None or not math.isfinite(retry_after):
            return True
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
