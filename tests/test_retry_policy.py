"""How long and how often the clients retry and poll, against both clients, on a virtual clock.

The documented defaults (five retries of a 503 about 1, 2, 4, 8 and 15 seconds apart, a
``Retry-After`` honoured up to 30 s, at most 90 s of retry waits per request, status polls from 0.1 s
growing by half to 2 s, 10 s for a restart to begin and for an unreported listener), the rule that no
retry starts whose wait would end past the call's deadline, and the checks the policies make on their
own settings. Waits are read off the clients' own sleep and deadline clock (the ``clock`` fixture), which
the status handlers below read too; a wait with jitter is checked to lie within its jitter.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import httpx
import pytest

from boomi_listeners import (
    APITimeoutError,
    InvalidRequestError,
    ListenerNotReportedError,
    PollPolicy,
    RetryPolicy,
    ServiceUnavailableError,
)
from tests._twins import KINDS, SlowQuery, Twin, VirtualTime, clock, finished, token_answer

__all__ = ["clock"]  # the fixture, from _twins

LONG = 10_000.0


@pytest.fixture(params=KINDS)
def twin(request: pytest.FixtureRequest) -> Twin:
    return Twin(str(request.param))


def within_jitter(waits: list[float], backoff: list[float], jitter: float, cap: float = math.inf) -> bool:
    """Each wait is its backoff plus at most ``jitter``, capped at ``cap``."""
    return len(waits) == len(backoff) and all(
        min(base, cap) <= wait <= min(base + jitter, cap) for wait, base in zip(waits, backoff, strict=True)
    )


class Busy:
    """503 for the first ``failures`` requests (all of them by default), then 200."""

    def __init__(self, failures: int = 10**6, retry_after: str | None = None) -> None:
        self.failures = failures
        self.retry_after = retry_after
        self.seen = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen += 1
        if self.seen > self.failures:
            return httpx.Response(200)
        headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
        return httpx.Response(503, json={"message": "busy"}, headers=headers)


def pause(twin: Twin, server: Busy, retry: RetryPolicy | None = None, timeout: float = LONG) -> Any:
    options = {} if retry is None else {"retry": retry}
    return twin.call(server, "pause", options=options, container_id="C", listener_id="L", timeout=timeout)


# -- the defaults --------------------------------------------------------------------------------


def test_the_default_policy_retries_a_503_five_times_about_1_2_4_8_and_15_seconds_apart(
    twin: Twin, clock: VirtualTime
) -> None:
    server = Busy()
    with pytest.raises(ServiceUnavailableError):
        pause(twin, server)
    assert server.seen == 6
    # 1 s doubling, plus at most 1 s of jitter, capped at 15 s.
    assert within_jitter(clock.sleeps, [1.0, 2.0, 4.0, 8.0, 16.0], jitter=1.0, cap=15.0), clock.sleeps


def test_the_default_policy_waits_at_most_30_seconds_for_a_retry_after(twin: Twin, clock: VirtualTime) -> None:
    server = Busy(failures=1, retry_after="100")
    pause(twin, server)
    assert (server.seen, clock.sleeps) == (2, [30.0])


@pytest.mark.parametrize(("retry_after", "sleeps"), [("30", 3), ("22.5", 4), ("18", 5), ("29", 3)])
def test_the_default_policy_waits_at_most_90_seconds_for_one_request(
    twin: Twin, clock: VirtualTime, retry_after: str, sleeps: int
) -> None:
    """The retries of one request wait 90 s at most in all, however many attempts the policy allows."""
    server = Busy(retry_after=retry_after)
    with pytest.raises(ServiceUnavailableError):
        pause(twin, server, RetryPolicy(attempts=20))
    assert len(clock.sleeps) == sleeps
    assert server.seen == sleeps + 1


def test_the_default_status_polls_start_at_a_tenth_of_a_second_and_grow_by_half_to_2_seconds(
    twin: Twin, clock: VirtualTime
) -> None:
    twin.call(SlowQuery(seconds=12.0, clock=clock.now), "statuses", container_id="C", timeout=LONG)
    growing = [0.1 * 1.5**n for n in range(8)]  # 0.1 ... 1.709
    assert clock.sleeps[:8] == pytest.approx(growing)
    assert clock.sleeps[8:] == pytest.approx([2.0] * len(clock.sleeps[8:]))
    assert len(clock.sleeps) > 9


STEADY = PollPolicy(initial=0.5, factor=1.0, maximum=0.5)  # one status query every 0.5 s, default grace and settle


class Reports:
    """Status results that report ``listeners`` (id -> status), whatever is asked; counts the queries."""

    def __init__(self, listeners: dict[str, str]) -> None:
        self.listeners = listeners
        self.queries = 0
        self.changes = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/query"):
            self.queries += 1
            return token_answer()
        if "/response/" in request.url.path:
            return finished(*({"listenerId": i, "status": s} for i, s in self.listeners.items()))
        self.changes += 1
        return httpx.Response(200)


def test_an_unreported_listener_is_given_up_on_after_10_seconds(twin: Twin, clock: VirtualTime) -> None:
    server = Reports({"OTHER": "listening"})
    with pytest.raises(ListenerNotReportedError):
        twin.call(
            server, "wait_for", options={"poll": STEADY}, container_id="C", listener_id="L", status="paused", timeout=60
        )
    # Queries at 0, 0.5, ... 10 s: absent from the first one, given up on once 10 s have passed, not
    # after the 60 s timeout (only the waits move the virtual clock, so the count is exact).
    assert server.queries == 21
    assert sum(clock.sleeps) == pytest.approx(10.0)


def test_a_restart_that_never_shows_is_waited_for_10_seconds(twin: Twin, clock: VirtualTime) -> None:
    server = Reports({"L": "listening"})
    result = twin.call(
        server, "restart", options={"poll": STEADY}, container_id="C", listener_id="L", wait=True, timeout=60
    )
    assert [s.status for s in result.states] == ["listening"]
    assert server.changes == 1
    # Looking for the listener to leave "listening": 0, 0.5, ... up to 10 s; then one read confirms it.
    assert sum(clock.sleeps) == pytest.approx(10.0)
    assert server.queries == 22


# -- no retry whose wait would end past the call's deadline ---------------------------------------

NO_JITTER = RetryPolicy(attempts=10, wait_initial=1.0, wait_max=100.0, wait_jitter=0.0, timeout=LONG)
JITTER = dataclasses.replace(NO_JITTER, wait_jitter=1.0)
BACKOFF = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0]

DEADLINES = [
    # (call timeout, the waits the retries take without jitter: 1, 2, 4, 8, ...)
    (1.5, [1.0]),
    (2.5, [1.0]),
    (3.5, [1.0, 2.0]),
    (13.0, [1.0, 2.0, 4.0]),
    (20.0, [1.0, 2.0, 4.0, 8.0]),
]


@pytest.mark.parametrize(("timeout", "waits"), DEADLINES)
def test_no_retry_starts_whose_wait_would_end_past_the_deadline(
    twin: Twin, clock: VirtualTime, timeout: float, waits: list[float]
) -> None:
    server = Busy()
    with pytest.raises(ServiceUnavailableError):
        pause(twin, server, NO_JITTER, timeout=timeout)
    assert clock.sleeps == waits
    assert server.seen == len(waits) + 1


@pytest.mark.parametrize("timeout", [2.5, 9.5, 10.5, 19.5, 40.0])
def test_with_jitter_the_retries_still_end_before_the_deadline(twin: Twin, clock: VirtualTime, timeout: float) -> None:
    server = Busy()
    with pytest.raises(ServiceUnavailableError):
        pause(twin, server, JITTER, timeout=timeout)
    waits = clock.sleeps
    assert server.seen == len(waits) + 1
    assert within_jitter(waits, BACKOFF[: len(waits)], jitter=1.0)
    assert sum(waits) < timeout, "every retry was sent before the deadline"
    # They stopped only because the next wait (its backoff plus up to 1 s) could pass the deadline.
    assert sum(waits) + BACKOFF[len(waits)] + 1.0 >= timeout - 0.5


@pytest.mark.parametrize("timeout", [0.5, 3.0, 17.0, 45.0])
def test_a_call_that_keeps_failing_ends_within_its_timeout(twin: Twin, clock: VirtualTime, timeout: float) -> None:
    """However many attempts the policy allows, the call's whole time is bounded by its ``timeout``."""
    server = Busy()
    with pytest.raises(ServiceUnavailableError):
        pause(twin, server, RetryPolicy(attempts=1000, wait_initial=0.25, wait_max=4.0), timeout=timeout)
    assert clock.offset < timeout
    assert server.seen >= 2 or timeout < 1.25, "a retry that fits is taken"


@pytest.mark.parametrize("retry_after", ["0.5", "1"])
def test_a_short_retry_after_is_taken_even_when_the_own_backoff_would_not_fit(
    twin: Twin, clock: VirtualTime, retry_after: str
) -> None:
    slow_backoff = RetryPolicy(attempts=3, wait_initial=5.0, wait_max=5.0, wait_jitter=0.0)
    server = Busy(failures=1, retry_after=retry_after)
    pause(twin, server, slow_backoff, timeout=3.0)
    assert (server.seen, clock.sleeps) == (2, [float(retry_after)])


def test_an_own_backoff_that_would_not_fit_is_not_begun(twin: Twin, clock: VirtualTime) -> None:
    slow_backoff = RetryPolicy(attempts=3, wait_initial=5.0, wait_max=5.0, wait_jitter=0.0)
    server = Busy(failures=1)
    with pytest.raises(ServiceUnavailableError):
        pause(twin, server, slow_backoff, timeout=3.0)
    assert (server.seen, clock.sleeps) == (1, [])


def test_a_timeout_of_the_calls_own_deadline_is_never_retried() -> None:
    expired = APITimeoutError("deadline", may_have_reached_server=False, deadline_passed=True)
    assert RetryPolicy().decide(expired, idempotent=True) is None
    not_expired = APITimeoutError("read timeout", may_have_reached_server=True)
    assert RetryPolicy(wait_jitter=0.0).decide(not_expired, idempotent=True) == 1.0


# -- the policies check their settings ------------------------------------------------------------


@pytest.mark.parametrize("attempts", [0, -1, True, 2.0, "3", None])
def test_retry_attempts_must_be_an_int_of_at_least_1(attempts: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        RetryPolicy(attempts=attempts)
    assert caught.value.field == "attempts"


RETRY_NUMBERS = ["timeout", "wait_initial", "wait_max", "wait_jitter", "max_retry_after"]
POLL_NUMBERS = ["initial", "factor", "maximum", "restart_settle", "unreported_grace"]
BAD_NUMBERS = [-0.5, -1, math.nan, math.inf, True, "1", None]


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=repr)
@pytest.mark.parametrize("name", RETRY_NUMBERS)
def test_retry_settings_must_be_finite_numbers_of_at_least_0(name: str, value: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        RetryPolicy(**{name: value})
    assert caught.value.field == name


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=repr)
@pytest.mark.parametrize("name", POLL_NUMBERS)
def test_poll_settings_must_be_finite_numbers_of_at_least_0(name: str, value: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        PollPolicy(**{name: value})
    assert caught.value.field == name


def test_zero_is_a_valid_poll_delay_and_grace() -> None:
    policy = PollPolicy(initial=0, maximum=0, restart_settle=0, unreported_grace=0)
    assert policy.delays()() == 0


@pytest.mark.parametrize("factor", [0, 0.5, 0.99])
def test_poll_delays_never_shrink(factor: float) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        PollPolicy(factor=factor)
    assert caught.value.field == "factor"


@pytest.mark.parametrize("policy", [RetryPolicy(), PollPolicy()], ids=["retry", "poll"])
def test_policies_are_immutable_values_that_clients_can_share(policy: Any) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.initial = 5
    assert hash(policy) == hash(type(policy)())
