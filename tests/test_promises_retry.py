"""The retry, restart and polling promises, against both clients, measured by counting requests.

Every wait is inspected on a virtual clock (the clients' own sleeps), never timed: which requests are
repeated (503 and 504 for pause, resume and status queries; never a restart after an ambiguous
failure), how long a ``Retry-After`` makes a retry wait, that ``RetryPolicy.none()`` sends one
request, that status polls slow down to their cap (an account has a budget of requests per
second), and that a maintenance window resumes after a pause that may have reached Boomi.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from boomi_listeners import (
    APIConnectionError,
    GatewayTimeoutError,
    PollPolicy,
    RetryPolicy,
    ServiceUnavailableError,
)
from tests._twins import (
    KINDS,
    SlowQuery,
    Twin,
    VirtualTime,
    action_of,
    clock,
    finished,
    online_atom,
    token_answer,
)

__all__ = ["clock"]  # the fixture, from _twins

FAST = RetryPolicy(attempts=4, wait_initial=0.001, wait_max=0.01, wait_jitter=0.0)
ROW = {"listenerId": "L", "status": "listening"}


@pytest.fixture(params=KINDS)
def twin(request: pytest.FixtureRequest) -> Twin:
    return Twin(str(request.param), {"retry": FAST})


class Server:
    """Answers changes with 200 and status queries with a token then ``ROW``; ``failures`` go first."""

    def __init__(self, *failures: int | type[httpx.TransportError], on: str = "") -> None:
        self.failures = list(failures)
        self.on = on  # only requests whose path ends with this fail
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if self.failures and request.url.path.endswith(self.on):
            failure = self.failures.pop(0)
            if isinstance(failure, int):
                return httpx.Response(failure, json={"message": f"failure {failure}"})
            raise failure("injected", request=request)
        if request.url.path.endswith("/query"):
            return token_answer()
        if "/response/" in request.url.path:
            return finished(ROW)
        return httpx.Response(200)

    def count(self, path_end: str) -> int:
        return sum(1 for r in self.seen if r.url.path.endswith(path_end))


CHANGES: list[tuple[str, dict[str, Any]]] = [
    ("pause", {"container_id": "C", "listener_id": "L"}),
    ("resume", {"container_id": "C", "listener_id": "L"}),
    ("pause_all", {"container_id": "C"}),
    ("resume_all", {"container_id": "C"}),
]
RESTARTS: list[tuple[str, dict[str, Any]]] = [
    ("restart", {"container_id": "C", "listener_id": "L"}),
    ("restart_all", {"container_id": "C"}),
]


@pytest.mark.parametrize(("method", "kwargs"), CHANGES, ids=[c[0] for c in CHANGES])
def test_504_is_retried_for_pause_and_resume(twin: Twin, method: str, kwargs: dict[str, Any]) -> None:
    server = Server(504, 504)
    twin.call(server, method, **kwargs)
    assert server.count("/changeListenerStatus") == 3


def test_504_is_retried_for_status_queries(twin: Twin) -> None:
    server = Server(504, on="/query")
    states = twin.call(server, "statuses", container_id="C")
    assert [s.listener_id for s in states] == ["L"]
    assert server.count("/query") == 2


def test_504_is_retried_when_reading_a_status_token(twin: Twin) -> None:
    server = Server(504, on="/T-1")
    twin.call(server, "statuses", container_id="C")
    assert server.count("/T-1") == 2


@pytest.mark.parametrize(("method", "kwargs"), RESTARTS, ids=[c[0] for c in RESTARTS])
@pytest.mark.parametrize(
    "failure", [504, httpx.RemoteProtocolError, httpx.ReadTimeout, httpx.ReadError], ids=lambda f: str(f)[-20:]
)
def test_restart_is_never_repeated_after_an_ambiguous_failure(
    twin: Twin, method: str, kwargs: dict[str, Any], failure: Any
) -> None:
    server = Server(failure)
    expected = GatewayTimeoutError if failure == 504 else APIConnectionError
    with pytest.raises(expected) as caught:
        twin.call(server, method, **kwargs)
    assert server.count("/changeListenerStatus") == 1
    if isinstance(caught.value, APIConnectionError):
        assert caught.value.may_have_reached_server is True


@pytest.mark.parametrize(("method", "kwargs"), RESTARTS, ids=[c[0] for c in RESTARTS])
@pytest.mark.parametrize("failure", [503, httpx.ConnectError], ids=["503", "refused"])
def test_restart_is_retried_when_boomi_never_acted(
    twin: Twin, method: str, kwargs: dict[str, Any], failure: Any
) -> None:
    server = Server(failure)
    twin.call(server, method, **kwargs)
    assert server.count("/changeListenerStatus") == 2


@pytest.mark.parametrize("failure", [503, 504, httpx.ConnectError], ids=["503", "504", "refused"])
def test_retry_policy_none_sends_exactly_one_request(twin: Twin, failure: Any) -> None:
    server = Server(failure)
    with pytest.raises((ServiceUnavailableError, GatewayTimeoutError, APIConnectionError)):
        twin.call(server, "pause", options={"retry": RetryPolicy.none()}, container_id="C", listener_id="L")
    assert len(server.seen) == 1


@pytest.mark.parametrize("attempts", [2, 3, 5])
def test_a_request_that_keeps_failing_is_sent_exactly_attempts_times(
    twin: Twin, attempts: int, clock: VirtualTime
) -> None:
    server = Server(*[503] * 10)
    retry = RetryPolicy(attempts=attempts, wait_initial=0.5, wait_max=0.5, wait_jitter=0.0)
    with pytest.raises(ServiceUnavailableError):
        twin.call(server, "pause", options={"retry": retry}, container_id="C", listener_id="L", timeout=60.0)
    assert len(server.seen) == attempts
    assert clock.sleeps == [0.5] * (attempts - 1), "one wait between two attempts, none after the last"


class RetryAfter:
    """503 with ``Retry-After: value`` first, then success."""

    def __init__(self, value: str) -> None:
        self.value = value
        self.seen = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen += 1
        if self.seen == 1:
            return httpx.Response(503, json={"message": "slow down"}, headers={"Retry-After": self.value})
        return httpx.Response(200)


#: Own backoff long enough to tell apart from a Retry-After of 0, cap far above a Retry-After of 20 s,
#: and a total retry time (like the calls' ``timeout=LONG`` below) well beyond that cap: no retry
#: starts that would end past the call's deadline.
PATIENT = RetryPolicy(attempts=3, wait_initial=0.5, wait_max=0.5, wait_jitter=0.0, max_retry_after=120.0, timeout=600)
LONG = 600.0


def test_retry_after_as_an_http_date_is_honoured(twin: Twin, clock: VirtualTime) -> None:
    server = RetryAfter(email.utils.formatdate(time.time() + 20, usegmt=True))
    twin.call(server, "pause", options={"retry": PATIENT}, container_id="C", listener_id="L", timeout=LONG)
    assert server.seen == 2
    assert len(clock.sleeps) == 1, clock.sleeps
    # The date has one-second resolution and a little real time passes before it is read.
    assert 17.0 <= clock.sleeps[0] <= 20.0, clock.sleeps


def test_retry_after_in_seconds_is_honoured(twin: Twin, clock: VirtualTime) -> None:
    server = RetryAfter("7")
    twin.call(server, "pause", options={"retry": PATIENT}, container_id="C", listener_id="L", timeout=LONG)
    assert (server.seen, clock.sleeps) == (2, [7.0])


def test_retry_after_zero_is_retried_at_once(twin: Twin, clock: VirtualTime) -> None:
    server = RetryAfter("0")
    twin.call(server, "pause", options={"retry": PATIENT}, container_id="C", listener_id="L", timeout=LONG)
    assert server.seen == 2
    assert all(s == 0 for s in clock.sleeps), clock.sleeps


def test_retry_after_beyond_the_cap_waits_the_cap(twin: Twin, clock: VirtualTime) -> None:
    server = RetryAfter("600")
    twin.call(server, "pause", options={"retry": PATIENT}, container_id="C", listener_id="L", timeout=LONG)
    assert (server.seen, clock.sleeps) == (2, [120.0])


def test_retry_after_past_the_calls_deadline_is_not_waited_for(twin: Twin, clock: VirtualTime) -> None:
    server = RetryAfter("100")
    with pytest.raises(ServiceUnavailableError) as caught:
        twin.call(server, "pause", options={"retry": PATIENT}, container_id="C", listener_id="L", timeout=60.0)
    assert (server.seen, clock.sleeps) == (1, [])
    assert caught.value.retry_after == 100.0


POLL = PollPolicy(initial=0.1, factor=2.0, maximum=1.0)


def test_status_polls_slow_down_to_their_cap(twin: Twin, clock: VirtualTime) -> None:
    server = SlowQuery(seconds=20.0, clock=clock.now)
    states = twin.call(server, "statuses", options={"poll": POLL}, container_id="C", timeout=120.0)
    assert [s.listener_id for s in states] == ["L"]
    waits = clock.sleeps
    assert waits[0] == pytest.approx(POLL.initial)
    assert waits == sorted(waits), "poll delays never shrink"
    assert max(waits) == pytest.approx(POLL.maximum), "they grow to the cap and stay there"
    assert waits[-3:] == pytest.approx([POLL.maximum] * 3)
    # 20 s at one read per second once at the cap, plus the few shorter delays on the way up.
    assert 20 <= server.reads <= 20 + 6, server.reads


class SlowChange:
    """Status reads say ``listening`` until ``seconds`` after the pause on ``clock``."""

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.seconds = seconds
        self.clock = clock
        self.paused_at: float | None = None
        self.queries = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if action_of(request) == "pause":
            self.paused_at = self.clock()
            return httpx.Response(200)
        if request.url.path.endswith("/query"):
            self.queries += 1
            return token_answer()
        assert self.paused_at is not None
        status = "paused" if self.clock() - self.paused_at >= self.seconds else "listening"
        return finished({"listenerId": "L", "status": status})


def test_waiting_for_a_status_polls_at_most_once_per_cap(twin: Twin, clock: VirtualTime) -> None:
    server = SlowChange(seconds=20.0, clock=clock.now)
    result = twin.call(
        server, "pause", options={"poll": POLL}, container_id="C", listener_id="L", wait=True, timeout=120.0
    )
    assert [s.status for s in result.states] == ["paused"]
    assert clock.sleeps == sorted(clock.sleeps)
    assert max(clock.sleeps) == pytest.approx(POLL.maximum)
    assert 20 <= server.queries <= 20 + 6, server.queries


class DropsThePause:
    """Runtime C with ``listeners`` (id -> status); every pause raises ``failure`` after (or instead of) reaching it.

    Status queries answer the statuses as they are; a pause that reached the server is recorded
    but, as happens with Boomi, not yet visible in what the status reads report.
    """

    def __init__(self, failure: type[httpx.TransportError], listeners: dict[str, str]) -> None:
        self.failure = failure
        self.listeners = listeners
        self.actions: list[tuple[str, str | None]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/query"):
            return token_answer()
        if "/response/" in request.url.path:
            return finished(*({"listenerId": i, "status": s} for i, s in self.listeners.items()))
        if "/Atom/" in request.url.path:
            return online_atom(request)
        action = action_of(request)
        assert action is not None, request.url
        self.actions.append((action, json.loads(request.content).get("listenerId")))
        if action in ("pause", "pause_all"):
            raise self.failure("injected", request=request)
        return httpx.Response(200)


def _never_runs() -> None:
    raise AssertionError("the window's body must not run when the pause failed")


@pytest.mark.parametrize("listener_id", ["L", None], ids=["one", "all"])
@pytest.mark.parametrize("failure", [httpx.RemoteProtocolError, httpx.ReadTimeout], ids=["dropped", "read-timeout"])
def test_window_resumes_when_the_pause_may_have_reached_boomi(
    twin: Twin, listener_id: str | None, failure: type[httpx.TransportError]
) -> None:
    server = DropsThePause(failure, {"L": "listening", "M": "listening"})
    with pytest.raises(APIConnectionError) as caught:
        twin.window(
            server,
            _never_runs,
            options={"retry": RetryPolicy.none()},
            container_id="C",
            listener_id=listener_id,
            wait=False,
        )
    assert caught.value.may_have_reached_server is True
    if listener_id is None:  # one request per listener: the window never sends a *_all unless asked
        assert server.actions == [("pause", "L"), ("pause", "M"), ("resume", "L"), ("resume", "M")]
    else:
        assert server.actions == [("pause", "L"), ("resume", "L")]


def test_window_whose_pause_failed_leaves_a_listener_paused_before_it_paused(twin: Twin) -> None:
    """The restore resends the resume of what the window paused, and never touches what it did not."""
    server = DropsThePause(httpx.ConnectError, {"L": "listening", "M": "paused"})
    with pytest.raises(APIConnectionError) as caught:
        twin.window(
            server, _never_runs, options={"retry": RetryPolicy.none()}, container_id="C", listener_id=None, wait=False
        )
    assert caught.value.may_have_reached_server is False
    assert server.actions == [("pause", "L"), ("resume", "L")]
