"""How long to keep trying: retries of failed requests and polling of results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from boomi_listeners._exceptions import APIConnectionError, GatewayTimeoutError, ServiceUnavailableError

__all__ = ["PollPolicy", "RetryPolicy"]


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter for 503, 504 and connection failures.

    The ambiguity rule: a request that may have reached Boomi before the
    connection failed (dropped connection, read timeout) or that Boomi
    forwarded to an unreachable runtime (504) is retried only when repeating
    it is harmless, i.e. for pause, resume and status queries. A restart in
    that situation is not repeated: the caller gets the error and decides,
    because a blind retry could restart the listener twice. 503 (rate limit,
    busy) and refused connections are always safe to retry.
    """

    attempts: int = 4
    timeout: float = 60.0
    wait_initial: float = 0.2
    wait_max: float = 5.0
    wait_jitter: float = 0.5
    max_retry_after: float = 30.0

    def backoff_hook(self, *, idempotent: bool) -> Callable[[Exception], bool | float]:
        """A stamina ``on=`` hook: False = do not retry, True = backoff, float = wait exactly that long."""

        def hook(exc: Exception) -> bool | float:
            if isinstance(exc, ServiceUnavailableError):
                return self._honour(exc.retry_after)
            if isinstance(exc, GatewayTimeoutError):
                return self._honour(exc.retry_after) if idempotent else False
            if isinstance(exc, APIConnectionError):
                return idempotent or not exc.may_have_reached_server
            return False

        return hook

    def _honour(self, retry_after: float | None) -> bool | float:
        if retry_after is None:
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

    def delays(self) -> Callable[[], float]:
        """A fresh sequence of growing delays."""
        current = self.initial / self.factor

        def following() -> float:
            nonlocal current
            current = min(current * self.factor, self.maximum)
            return current

        return following
