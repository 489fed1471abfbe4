"""Errors: one class per status, Boomi's message from JSON or XML, retries and the restart rule."""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable

import httpx
import pytest

from boomi_listeners import (
    Action,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncListenerClient,
    AuthenticationError,
    BadRequestError,
    GatewayTimeoutError,
    GoneError,
    InternalServerError,
    ListenerClient,
    NotFoundError,
    PermissionDeniedError,
    RetryPolicy,
    ServiceUnavailableError,
    UnexpectedStatusError,
)

FAST = RetryPolicy(attempts=4, wait_initial=0.001, wait_max=0.01, wait_jitter=0.0)
Handler = Callable[[httpx.Request], httpx.Response]


def client_with(handler: Handler, retry: RetryPolicy = FAST) -> ListenerClient:
    return ListenerClient(
        account_id="acct", username="user", password="pw", base_url="http://boomi.test",
        transport=httpx.MockTransport(handler), retry=retry, max_requests_per_second=None,
    )  # fmt: skip


STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (410, GoneError),
    (503, ServiceUnavailableError),
    (504, GatewayTimeoutError),
    (500, InternalServerError),
    (502, InternalServerError),
    (418, UnexpectedStatusError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
@pytest.mark.parametrize("form", ["json", "xml", "html"])
def test_status_maps_to_class_with_boomis_message(status: int, cls: type[APIError], form: str) -> None:
    text = "Access denied due to insufficient permissions."
    bodies = {
        "json": httpx.Response(status, json={"@type": "Error", "message": text}),
        "xml": httpx.Response(
            status, text=f"<error><message>{text}</message></error>", headers={"content-type": "application/xml"}
        ),
        "html": httpx.Response(
            status, text=f"<html><body><h1>{text}</h1></body></html>", headers={"content-type": "text/html"}
        ),
    }
    with client_with(lambda r: bodies[form], RetryPolicy.none()) as client, pytest.raises(cls) as caught:
        client.pause(container_id="C", listener_id="L")
    error = caught.value
    assert error.status_code == status
    assert error.message == text
    assert str(status) in str(error)
    assert "POST /changeListenerStatus" in str(error)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls
    assert (again.status_code, again.message, str(again)) == (status, text, str(error))


def test_503_burst_is_retried_then_succeeds() -> None:
    answers = iter([503, 503, 200])
    seen: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        status = next(answers)
        seen.append(status)
        return httpx.Response(status, json={"message": "rate limited"} if status != 200 else None)

    with client_with(handler) as client:
        client.pause(container_id="C", listener_id="L")
    assert seen == [503, 503, 200]


def test_retries_are_bounded() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503, json={"message": "busy"})

    with client_with(handler) as client, pytest.raises(ServiceUnavailableError, match="busy"):
        client.resume(container_id="C", listener_id="L")
    assert len(calls) == FAST.attempts


def test_retry_after_is_honoured() -> None:
    stamps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        stamps.append(time.monotonic())
        if len(stamps) == 1:
            return httpx.Response(503, json={"message": "slow down"}, headers={"Retry-After": "1"})
        return httpx.Response(200)

    with client_with(handler) as client:
        client.pause(container_id="C", listener_id="L")
    assert len(stamps) == 2
    # FAST waits at most 10 ms on its own; a gap near one second can only come from Retry-After.
    assert stamps[1] - stamps[0] >= 0.95


def test_retry_after_is_capped() -> None:
    policy = RetryPolicy(max_retry_after=2.0, wait_initial=0.5, wait_jitter=0.0)
    assert policy.decide(ServiceUnavailableError("x", retry_after=600.0), idempotent=True) == 2.0
    assert policy.decide(ServiceUnavailableError("x", retry_after=None), idempotent=True) == 0.5, "own backoff"
    assert policy.decide(BadRequestError("x"), idempotent=True) is None


def test_4xx_is_never_retried() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(403, json={"message": "Access denied due to insufficient permissions."})

    with client_with(handler) as client, pytest.raises(PermissionDeniedError):
        client.pause(container_id="C", listener_id="L")
    assert len(calls) == 1


def _dropping(after: int) -> tuple[Handler, list[str]]:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.content.decode())
        if len(calls) <= after:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        return httpx.Response(200)

    return handler, calls


@pytest.mark.parametrize("action", [Action.RESTART, Action.RESTART_ALL])
def test_restart_is_not_repeated_after_an_ambiguous_drop(action: Action) -> None:
    handler, calls = _dropping(after=1)
    listener = "L" if action is Action.RESTART else None
    with client_with(handler) as client, pytest.raises(APIConnectionError) as caught:
        client.change(action, container_id="C", listener_id=listener)
    assert len(calls) == 1
    assert caught.value.may_have_reached_server is True
    assert "may have reached Boomi" in str(caught.value)


def test_restart_is_not_repeated_after_504() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(504, json={"message": "runtime did not answer"})

    with client_with(handler) as client, pytest.raises(GatewayTimeoutError):
        client.restart(container_id="C", listener_id="L")
    assert len(calls) == 1


@pytest.mark.parametrize("action", [Action.PAUSE, Action.RESUME_ALL])
def test_idempotent_actions_are_retried_after_a_drop(action: Action) -> None:
    handler, calls = _dropping(after=2)
    listener = "L" if action is Action.PAUSE else None
    with client_with(handler) as client:
        client.change(action, container_id="C", listener_id=listener)
    assert len(calls) == 3


def test_restart_is_retried_when_the_connection_was_refused() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ConnectError("Connection refused", request=request)
        return httpx.Response(200)

    with client_with(handler) as client:
        client.restart(container_id="C", listener_id="L")
    assert len(calls) == 2


def test_timeouts_become_api_timeout_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with client_with(handler, RetryPolicy.none()) as client, pytest.raises(APITimeoutError) as caught:
        client.restart(container_id="C", listener_id="L")
    assert caught.value.may_have_reached_server
    assert pickle.loads(pickle.dumps(caught.value)).may_have_reached_server


async def test_async_client_maps_errors_and_retries() -> None:
    answers = iter([503, 410])

    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(answers), text="<error><message>runtime offline</message></error>")

    async with AsyncListenerClient(
        account_id="acct", username="user", password="pw", base_url="http://boomi.test",
        transport=httpx.MockTransport(handler), retry=FAST, max_requests_per_second=None,
    ) as client:  # fmt: skip
        with pytest.raises(GoneError, match="runtime offline"):
            await client.pause_all(container_id="C")
