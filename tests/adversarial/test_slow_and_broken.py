"""Drip-fed, stalled, reset and half-sent answers: bounded by the call's timeout, typed, never repeated unsafely."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from boomi_listeners import APIConnectionError, APITimeoutError, RetryPolicy, WaitTimeoutError
from tests.adversarial.conftest import Arena, Script
from tests.adversarial.hostile import Behaviour, drip_body, drip_head, hang_up, reset

SLOW: dict[str, Behaviour] = {"drip-body": drip_body(), "drip-head": drip_head()}


@pytest.mark.parametrize("slow", sorted(SLOW))
@pytest.mark.parametrize("where", ["query", "result"])
def test_a_drip_fed_answer_ends_at_the_calls_timeout(arena: Callable[[Script], Arena], slow: str, where: str) -> None:
    a = arena(Script(**{where: SLOW[slow]}))  # type: ignore[arg-type]
    # Each byte arrives well within the client's per-read timeout (5 s): only a total deadline ends this.
    with pytest.raises(APITimeoutError) as caught:
        a.call("statuses", container_id="C", timeout=0.5)
    assert caught.value.deadline_passed
    assert a.server.wait_for_event("client hung up"), "the client closed the connection"
    assert "drip finished" not in a.server.events


@pytest.mark.parametrize("slow", sorted(SLOW))
def test_a_drip_fed_change_ends_at_the_calls_timeout(arena: Callable[[Script], Arena], slow: str) -> None:
    a = arena(Script(change=SLOW[slow]))
    with pytest.raises(APITimeoutError) as caught:
        a.call("restart", container_id="C", listener_id="L", timeout=0.5)
    assert caught.value.may_have_reached_server
    assert len(a.server.requests) == 1, "a restart that may have arrived is not repeated"
    assert a.server.wait_for_event("client hung up")


def test_a_wait_on_a_drip_fed_runtime_is_a_wait_timeout(arena: Callable[[Script], Arena]) -> None:
    a = arena(Script(result=drip_body()))
    with pytest.raises(WaitTimeoutError):
        a.call("wait_for", container_id="C", listener_id="L", status="paused", timeout=0.5)
    assert a.server.wait_for_event("client hung up")


BROKEN: dict[str, Behaviour] = {"reset": reset(), "hang-up": hang_up()}


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_a_broken_connection_on_a_restart_is_not_repeated(arena: Callable[[Script], Arena], broken: str) -> None:
    a = arena(Script(change=BROKEN[broken]))
    with pytest.raises(APIConnectionError) as caught:
        a.call("restart", container_id="C", listener_id="L")
    assert caught.value.may_have_reached_server
    assert len(a.server.requests) == 1


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_a_broken_connection_on_a_pause_is_retried(arena: Callable[[Script], Arena], broken: str) -> None:
    a = arena(Script(change=BROKEN[broken]))
    with pytest.raises(APIConnectionError):
        a.call("pause", container_id="C", listener_id="L")
    assert len(a.server.requests) == 3, "every attempt of the policy"


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_connection_errors_carry_no_credentials(arena: Callable[[Script], Arena], broken: str) -> None:
    a = arena(Script(query=BROKEN[broken]))
    with pytest.raises(APIConnectionError) as caught:
        a.twin(retry=RetryPolicy.none()).call("statuses", container_id="C")
    chain: list[BaseException] = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    for link in chain:
        text = repr(link) + repr(vars(link)) + repr(getattr(link, "_request", None))
        assert "pw-Adversarial-55" not in text
        assert "Authorization" not in text
        assert "authorization" not in text
    assert b"cHctQWR2ZXJzYXJpYWwtNTU" not in pickle.dumps(caught.value)
