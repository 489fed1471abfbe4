"""Replay: every recorded answer in ``contract_tests/recordings/`` fed to both clients, offline.

Each recording (from ``make recordings`` against the fake's profiles, or a real staging run) is cut
into the calls a client makes: a change with its retries, or a status query with its token reads
and re-queries. Each call is replayed through ``httpx.MockTransport``, answering every request with
the next recorded answer of the same kind (the last one again when they run out), and the client
must understand it: the listener states it returns are the recorded rows (per listener; ``mixed``
while a multi-node runtime's rows disagree), and a recorded error comes back as an ``APIError`` of
that status. The test names say which profile each recording matches.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from boomi_listeners import APIError, AsyncListenerClient, ListenerClient, PollPolicy, RetryPolicy
from boomi_listeners.testing.exchanges import (
    ACCOUNT_PLACEHOLDER,
    Conversation,
    Exchange,
    classify,
    conversations,
    expected_states,
    load_exchanges,
    read_kind,
)

RECORDINGS = Path(__file__).resolve().parent / "recordings"
#: Fast retries and polls: the recorded answers are served instantly.
RETRY = RetryPolicy(attempts=8, wait_initial=0.001, wait_max=0.01, wait_jitter=0.0)
POLL = PollPolicy(initial=0.001, maximum=0.01, unreported_grace=0.5)
CALL_TIMEOUT = 3.0


def _cases() -> list[Any]:
    cases = []
    for path in sorted(RECORDINGS.glob("*.jsonl")):
        exchanges = load_exchanges(path)
        profile = classify(exchanges).name
        for index, call in enumerate(conversations(exchanges)):
            step = call.first.step or "-"
            cases.append(pytest.param(call, id=f"{path.stem}[shows {profile}]#{index}-{step}-{call.kind}"))
    return cases


CASES = _cases()


def test_every_recording_holds_replayable_calls() -> None:
    assert len(list(RECORDINGS.glob("*.jsonl"))) >= 11
    assert CASES


def _handler(call: Conversation) -> Callable[[httpx.Request], httpx.Response]:
    queues = {route: call.of(route) for route in ("change", "query", "read")}
    served: dict[str, Exchange] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        route = (
            "change"
            if path.endswith("/changeListenerStatus")
            else "query"
            if path.endswith("/async/ListenerStatus/query")
            else "read"
        )
        queue = queues[route]
        if queue:
            served[route] = queue.pop(0)
        if route not in served:
            return httpx.Response(404, json={"@type": "Error", "message": f"nothing recorded for {path}"})
        return served[route].to_response()

    return answer


def _expectation(call: Conversation) -> list[tuple[str, str]] | int | None:
    """The states the call must return, the status of the error it must raise, or None to skip."""
    last = call.last
    if call.kind == "change":
        return [] if 200 <= last.status < 300 else last.status
    if last.route == "read" and read_kind(last) == "finished":
        return expected_states(last)
    if last.status >= 400:
        return last.status
    return None


def _settings() -> dict[str, Any]:
    return {
        "account_id": ACCOUNT_PLACEHOLDER,
        "username": "replay@example.com",
        "password": "replay-password",
        "base_url": "http://replay.invalid",
        "retry": RETRY,
        "poll": POLL,
        # The recorded answers replay instantly and offline: no account budget to keep to.
        "max_requests_per_second": None,
    }


Outcome = list[tuple[str, str]] | int


def _states(states: list[Any]) -> Outcome:
    return [(s.listener_id, str(s.status)) for s in states]


def _replay_sync(call: Conversation) -> Outcome:
    """(listener, status) pairs the call returned, or the status of the APIError it raised."""
    action, container_id, listener_id = call.target()
    assert container_id is not None
    with ListenerClient(transport=httpx.MockTransport(_handler(call)), **_settings()) as client:
        try:
            if call.kind == "change":
                client.change(str(action), container_id=container_id, listener_id=listener_id)
                return []
            return _states(client.statuses(container_id=container_id, listener_id=listener_id, timeout=CALL_TIMEOUT))
        except APIError as exc:
            return exc.status_code


async def _replay_async(call: Conversation) -> Outcome:
    action, container_id, listener_id = call.target()
    assert container_id is not None
    async with AsyncListenerClient(transport=httpx.MockTransport(_handler(call)), **_settings()) as client:
        try:
            if call.kind == "change":
                await client.change(str(action), container_id=container_id, listener_id=listener_id)
                return []
            states = await client.statuses(container_id=container_id, listener_id=listener_id, timeout=CALL_TIMEOUT)
            return _states(states)
        except APIError as exc:
            return exc.status_code


@pytest.mark.parametrize("call", CASES)
def test_sync_client_understands_the_recording(call: Conversation) -> None:
    expected = _expectation(call)
    if expected is None:
        pytest.skip("the recording ends before the call does")
    assert _replay_sync(call) == expected


@pytest.mark.parametrize("call", CASES)
async def test_async_client_understands_the_recording(call: Conversation) -> None:
    expected = _expectation(call)
    if expected is None:
        pytest.skip("the recording ends before the call does")
    assert await _replay_async(call) == expected
