"""Every reading of Boomi's ListenerStatus answers in the public evidence, against both clients.

Each scenario scripts the answers of the token endpoint (HTTP 202, progress rows,
empty 202 results, 204 for a token already read, string or absent
``responseStatusCode``, per-node rows, unreported listeners) and checks what a
caller gets: states, a specific error, and which requests were sent.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyotp
import pytest

from boomi_listeners import (
    APIConnectionError,
    BadRequestError,
    InvalidRequestError,
    ListenerClient,
    ListenerNotReportedError,
    ListenerState,
    PollPolicy,
    RetryPolicy,
    ServiceUnavailableError,
    TooManyRequestsError,
    UnexpectedResponseError,
    WaitTimeoutError,
)
from boomi_listeners._wait import MAX_REQUERIES
from tests._twins import Twin

FAST_RETRY = RetryPolicy(wait_initial=0.001, wait_max=0.005, wait_jitter=0.0)
FAST_POLL = PollPolicy(initial=0.005, factor=1.0, maximum=0.005, restart_settle=0.05, unreported_grace=0.1)
QUERY = "/api/rest/v1/acct/async/ListenerStatus/query"
RESULT = "/api/rest/v1/acct/async/ListenerStatus/response/"
CHANGE = "/api/rest/v1/acct/changeListenerStatus"


def row(listener_id: str, status: str, connector: str = "wss") -> dict[str, Any]:
    return {"@type": "ListenerStatus", "listenerId": listener_id, "status": status, "connectorType": connector}


def done(*rows: dict[str, Any], code: object = 200) -> httpx.Response:
    body: dict[str, Any] = {"@type": "AsyncOperationResult", "numberOfResults": len(rows), "result": list(rows)}
    if code is not None:
        body["responseStatusCode"] = code
    return httpx.Response(200, json=body)


PROGRESS_ROW = {"@type": "AsyncOperationStatus", "status": "Connecting to runtime..."}
IN_PROGRESS_FORMS = {
    "http-202": httpx.Response(202),
    "http-202-with-body": httpx.Response(202, json={"responseStatusCode": 202, "result": [PROGRESS_ROW]}),
    "status-row": httpx.Response(200, json={"responseStatusCode": 202, "result": [PROGRESS_ROW]}),
    "status-row-string-code": httpx.Response(200, json={"responseStatusCode": "202", "result": [PROGRESS_ROW]}),
    "status-row-no-code": httpx.Response(200, json={"result": [PROGRESS_ROW]}),
    "documented": httpx.Response(200, json={"@type": "AsyncOperationResult", "responseStatusCode": 202}),
}


@dataclass
class Boomi:
    """A scripted server: each token read takes the next answer; queries hand out token-1, token-2, ..."""

    answers: list[httpx.Response | Callable[[httpx.Request], httpx.Response]]
    change: Callable[[httpx.Request], httpx.Response] = lambda request: httpx.Response(200)
    requests: list[httpx.Request] = field(default_factory=list)
    tokens: int = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == QUERY:
            self.tokens += 1
            token = {"@type": "AsyncToken", "token": f"ListenerStatus-token-{self.tokens}"}
            return httpx.Response(200, json={"asyncToken": token, "responseStatusCode": 202})
        if request.url.path.startswith(RESULT):
            answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
            return answer(request) if callable(answer) else answer
        return self.change(request)

    def paths(self, prefix: str) -> list[str]:
        return [r.url.path for r in self.requests if r.url.path.startswith(prefix)]


def twin(kind: str) -> Twin:
    """A client of ``kind`` with quick retries and polls, on a scripted ``Boomi`` passed to each call."""
    return Twin(kind, {"retry": FAST_RETRY, "poll": FAST_POLL})


# -- in progress, finished, gone ---------------------------------------------------------------


@pytest.mark.parametrize("form", sorted(IN_PROGRESS_FORMS))
def test_in_progress_forms_are_polled_until_the_rows_arrive(kind: str, form: str) -> None:
    boomi = Boomi([IN_PROGRESS_FORMS[form], IN_PROGRESS_FORMS[form], done(row("L1", "paused"))])
    states = twin(kind).call(boomi, "statuses", container_id="C")
    assert states == [ListenerState("L1", "paused", "wss")]
    assert len(boomi.paths(RESULT)) == 3
    assert len(boomi.paths(QUERY)) == 1


def test_empty_202_with_number_of_results_zero_is_finished(kind: str) -> None:
    empty = httpx.Response(200, json={"@type": "AsyncOperationResult", "responseStatusCode": 202, "numberOfResults": 0})
    boomi = Boomi([empty])
    assert twin(kind).call(boomi, "statuses", container_id="C") == []
    assert len(boomi.paths(RESULT)) == 1, "a finished empty result is not polled again"


@pytest.mark.parametrize("code", [None, "200", 200, "garbage", "²", True, 200.0])
def test_response_status_code_absent_or_a_string_is_judged_by_the_rows(kind: str, code: object) -> None:
    boomi = Boomi([done(row("L1", "listening"), code=code)])
    assert twin(kind).call(boomi, "statuses", container_id="C") == [ListenerState("L1", "listening", "wss")]


def test_204_starts_a_fresh_query(kind: str) -> None:
    boomi = Boomi([httpx.Response(204), done(row("L1", "paused"))])
    states = twin(kind).call(boomi, "statuses", container_id="C")
    assert states == [ListenerState("L1", "paused", "wss")]
    assert len(boomi.paths(QUERY)) == 2
    assert boomi.paths(RESULT) == [RESULT + "ListenerStatus-token-1", RESULT + "ListenerStatus-token-2"]


def test_204_forever_is_a_bounded_typed_error(kind: str) -> None:
    boomi = Boomi([httpx.Response(204)])
    with pytest.raises(UnexpectedResponseError, match="204"):
        twin(kind).call(boomi, "statuses", container_id="C", timeout=30)
    assert len(boomi.paths(QUERY)) == MAX_REQUERIES + 1


def test_rows_that_are_not_listener_status_are_skipped(kind: str) -> None:
    answer = httpx.Response(
        200,
        json={
            "responseStatusCode": 200,
            "result": [PROGRESS_ROW, row("L1", "paused"), {"@type": "ListenerStatus", "status": "paused"}, "odd", 7,
                       {"listenerId": "L2", "status": "listening"}, {"listenerId": "L3", "status": ["x"]}],
        },
    )  # fmt: skip
    states = twin(kind).call(Boomi([answer]), "statuses", container_id="C")
    assert states == [ListenerState("L1", "paused", "wss"), ListenerState("L2", "listening")]


# -- several rows per listener (one per node) --------------------------------------------------


def test_per_node_rows_are_aggregated(kind: str) -> None:
    answer = done(row("L1", "listening"), row("L2", "paused"), row("L1", "paused"), row("L2", "paused"))
    states = twin(kind).call(Boomi([answer]), "statuses", container_id="C")
    assert states == [
        ListenerState("L1", "mixed", "wss", nodes=("listening", "paused")),
        ListenerState("L2", "paused", "wss", nodes=("paused", "paused")),
    ]


def test_wait_for_needs_every_node(kind: str) -> None:
    spreading = done(row("L1", "listening"), row("L1", "paused"))
    applied = done(row("L1", "listening"), row("L1", "listening"))
    boomi = Boomi([spreading, spreading, applied])
    state = twin(kind).call(boomi, "wait_for", container_id="C", listener_id="L1", status="listening", timeout=30)
    assert state == ListenerState("L1", "listening", "wss", nodes=("listening", "listening"))
    assert len(boomi.paths(RESULT)) == 3, "the first row alone did not end the wait"


# -- listeners Boomi never reports ---------------------------------------------------------------


def test_wait_for_an_unreported_listener_ends_after_the_grace(kind: str) -> None:
    boomi = Boomi([done(row("OTHER", "listening"))])
    with pytest.raises(ListenerNotReportedError) as caught:
        twin(kind).call(boomi, "wait_for", container_id="C", listener_id="WSS", status="paused", timeout=600)
    error = caught.value
    assert isinstance(error, WaitTimeoutError)
    assert (error.container_id, error.listener_id, error.expected) == ("C", "WSS", "paused")
    assert "accepted the change" in str(error)
    assert "does not report" in str(error) or "do not report" in str(error)
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.listener_id, str(again)) == (ListenerNotReportedError, "WSS", str(error))


@pytest.mark.parametrize("method", ["pause", "resume", "restart"])
def test_change_with_wait_on_an_unreported_listener(kind: str, method: str) -> None:
    boomi = Boomi([done()])
    with pytest.raises(ListenerNotReportedError):
        twin(kind).call(boomi, method, container_id="C", listener_id="WSS", wait=True, timeout=600)
    assert len(boomi.paths(CHANGE)) == 1, "the change was sent once, then the wait gave up on the listener"


def test_a_listener_that_reappears_restarts_the_grace(kind: str) -> None:
    absent, present = done(), done(row("L1", "listening"))
    boomi = Boomi([absent, present, absent, present, done(row("L1", "paused"))])
    slow_grace = PollPolicy(initial=0.005, factor=1.0, maximum=0.005, unreported_grace=5.0)
    state = twin(kind).call(
        boomi, "wait_for", options={"poll": slow_grace}, container_id="C", listener_id="L1", status="paused", timeout=30
    )
    assert state.status == "paused"


# -- error bodies ------------------------------------------------------------------------------

ERROR_BODIES = {
    "typed-json": (b'{"@type": "Error", "message": "No listener L"}', "application/json"),
    "plain-json": (b'{"message": "No listener L"}', "application/json"),
    "nested-json": (b'{"error": {"message": "No listener L"}}', "application/json"),
    "xml": (b"<error><message>No listener L</message></error>", "application/xml"),
    "xml-namespaced": (
        b'<bns:error xmlns:bns="http://api.platform.boomi.com/"><bns:message>No listener L</bns:message></bns:error>',
        "application/xml",
    ),
    "html": (b"<html><body><h1>No listener L</h1></body></html>", "text/html"),
    "latin-1": ("No listener L \xe9".encode("latin-1"), "text/plain"),
}


@pytest.mark.parametrize("shape", sorted(ERROR_BODIES))
def test_error_messages_from_every_body_shape(kind: str, shape: str) -> None:
    body, content_type = ERROR_BODIES[shape]
    boomi = Boomi([done()], change=lambda r: httpx.Response(400, content=body, headers={"content-type": content_type}))
    with pytest.raises(BadRequestError) as caught:
        twin(kind).call(boomi, "pause", container_id="C", listener_id="L")
    assert caught.value.message.startswith("No listener L")
    assert "{" not in caught.value.message
    assert "<" not in caught.value.message


# -- retries -------------------------------------------------------------------------------------


def test_default_policy_covers_boomis_five_retries() -> None:
    policy = RetryPolicy()
    assert policy.attempts >= 6, "Boomi's connector retries a 503 five times"
    assert sum(policy.backoff(n) for n in range(1, policy.attempts)) >= 20, "spread over tens of seconds"


@pytest.mark.parametrize("status", [503, 429])
def test_five_busy_answers_then_success_with_the_default_attempts(kind: str, status: int) -> None:
    answers = iter([status] * 5 + [200])
    boomi = Boomi([done()], change=lambda r: httpx.Response(next(answers), json={"message": "busy"}))
    twin(kind).call(boomi, "pause", container_id="C", listener_id="L")
    assert len(boomi.paths(CHANGE)) == 6


def test_429_is_a_service_unavailable_error(kind: str) -> None:
    boomi = Boomi([done()], change=lambda r: httpx.Response(429, json={"message": "slow down"}))
    with pytest.raises(TooManyRequestsError) as caught:
        twin(kind).call(boomi, "pause", options={"retry": RetryPolicy.none()}, container_id="C", listener_id="L")
    assert isinstance(caught.value, ServiceUnavailableError)
    assert caught.value.status_code == 429


def test_a_retry_that_would_end_past_the_calls_timeout_is_not_begun(kind: str) -> None:
    busy = lambda r: httpx.Response(503, json={"message": "busy"}, headers={"Retry-After": "20"})  # noqa: E731
    boomi = Boomi([done()], change=busy)
    with pytest.raises(ServiceUnavailableError):
        twin(kind).call(boomi, "pause", container_id="C", listener_id="L", timeout=2)
    assert len(boomi.paths(CHANGE)) == 1


# -- OTP -----------------------------------------------------------------------------------------


@pytest.fixture
def counted_codes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make each TOTP code distinct, so a test can see that every request computed its own."""
    issued: list[str] = []

    def now(self: pyotp.TOTP) -> str:
        issued.append(f"{len(issued) + 100000}")
        return issued[-1]

    monkeypatch.setattr(pyotp.TOTP, "now", now)
    return issued


def test_otp_secret_gives_every_request_a_fresh_code(kind: str, counted_codes: list[str]) -> None:
    answers = iter([503, 503, 200])
    boomi = Boomi([done(row("L", "paused"))], change=lambda r: httpx.Response(next(answers), json={"message": "x"}))
    secret = pyotp.random_base32()
    counted_codes.clear()
    twin(kind).call(boomi, "pause", options={"otp_secret": secret}, container_id="C", listener_id="L")
    sent = [r.headers["x-boomi-otp"] for r in boomi.requests]
    assert len(sent) == 3
    assert len(set(sent)) == 3, "each attempt (retries included) carried its own code"
    assert set(sent) <= set(counted_codes)


def test_otp_secret_codes_are_real_totp_codes(kind: str) -> None:
    secret = pyotp.random_base32()
    boomi = Boomi([done(row("L", "paused"))])
    twin(kind).call(boomi, "statuses", options={"otp_secret": secret}, container_id="C")
    assert all(pyotp.TOTP(secret).verify(r.headers["x-boomi-otp"], valid_window=1) for r in boomi.requests)


def test_a_fixed_otp_still_works(kind: str) -> None:
    boomi = Boomi([done()])
    twin(kind).call(boomi, "pause", options={"otp": "123456"}, container_id="C", listener_id="L")
    assert [r.headers["x-boomi-otp"] for r in boomi.requests] == ["123456"]


# -- misuse is refused before any request ----------------------------------------------------------


@pytest.mark.parametrize(
    ("timeout", "error"),
    [("5", TypeError), (None, TypeError), (True, TypeError), (float("nan"), ValueError), (float("inf"), ValueError),
     (-1, ValueError), (0, ValueError)],
)  # fmt: skip
@pytest.mark.parametrize("method", ["pause", "statuses", "wait_for"])
def test_bad_timeouts_fail_before_any_request(kind: str, method: str, timeout: object, error: type) -> None:
    boomi = Boomi([done()])
    kwargs: dict[str, Any] = {"container_id": "C", "timeout": timeout}
    if method != "statuses":
        kwargs["listener_id"] = "L"
    if method == "pause":
        kwargs["wait"] = True
    if method == "wait_for":
        kwargs["status"] = "paused"
    with pytest.raises(error):
        twin(kind).call(boomi, method, **kwargs)
    assert boomi.requests == []


def test_calls_after_close_raise_a_clear_error() -> None:
    client = ListenerClient(account_id="acct", username="u", password="p", base_url="http://boomi.test")
    client.close()
    with pytest.raises(InvalidRequestError, match="closed"):
        client.pause(container_id="C", listener_id="L")


async def test_async_calls_after_close_raise_a_clear_error() -> None:
    boomi = Boomi([done()])
    client = twin("async").client(boomi)
    await client.aclose()
    with pytest.raises(InvalidRequestError, match="closed"):
        await client.statuses(container_id="C")
    assert boomi.requests == []


def test_connection_errors_chain_no_request(kind: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    boomi = Boomi([done()], change=refuse)
    with pytest.raises(APIConnectionError) as caught:
        twin(kind).call(boomi, "pause", options={"retry": RetryPolicy.none()}, container_id="C", listener_id="L")
    error: BaseException | None = caught.value
    seen = 0
    while error is not None:
        if isinstance(error, httpx.RequestError):
            with pytest.raises(RuntimeError):
                _ = error.request  # a copy without the request (and its Authorization header)
        error = error.__cause__ or error.__context__
        seen += 1
    assert seen == 2, "ours, then a request-free copy of httpx's"


def test_tokens_go_into_the_path_escaped(kind: str) -> None:
    boomi = Boomi([done()])
    original = boomi.__call__

    def odd_token(request: httpx.Request) -> httpx.Response:
        if request.url.path == QUERY:
            boomi.requests.append(request)
            return httpx.Response(200, json={"asyncToken": {"token": "a/b?c#d"}, "responseStatusCode": 202})
        return original(request)

    twin(kind).call(odd_token, "statuses", container_id="C")
    assert boomi.requests[-1].url.raw_path.decode() == RESULT + "a%2Fb%3Fc%23d"
