"""Tokens from the server go into a URL path escaped or not at all; every in-progress and gone form is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from boomi_listeners import ListenerState, UnexpectedResponseError
from tests.adversarial.conftest import API, RESULT, ROWS, Arena, Script
from tests.adversarial.hostile import answer, json_answer, token_answer

REFUSED: dict[str, Any] = {
    "dot-dot": "..",
    "dot": ".",
    "empty": "",
    "null": None,
    "number": 123,
    "object": {"id": "x"},
    "space": "tok en",
    "line-break": "tok\r\nX-Injected: 1",
    "non-ascii": "tokén",
    "too-long": "t" * 10_000,
}
ESCAPED: dict[str, tuple[str, str]] = {
    "slash": ("a/b", "a%2Fb"),
    "dot-dot-slash": ("../../other-acct", "..%2F..%2Fother-acct"),
    "query": ("a?x=1", "a%3Fx%3D1"),
    "fragment": ("a#f", "a%23f"),
    "percent": ("%2e%2e", "%252e%252e"),
    "the-word-null": ("null", "null"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unusable_tokens_are_refused_before_polling(arena: Callable[[Script], Arena], case: str) -> None:
    a = arena(Script(query=token_answer(REFUSED[case])))
    with pytest.raises(UnexpectedResponseError):
        a.call("statuses", container_id="C")
    assert len(a.server.requests) == 1, "no poll was sent with it"


@pytest.mark.parametrize("case", sorted(ESCAPED))
def test_odd_tokens_stay_inside_their_path_segment(arena: Callable[[Script], Arena], case: str) -> None:
    token, escaped = ESCAPED[case]
    a = arena(Script(query=token_answer(token)))
    assert a.call("statuses", container_id="C") == [ListenerState("L", "paused", "wss")]
    poll = a.server.requests[1]
    assert poll.target == RESULT + escaped
    assert all(r.path.startswith(API + "/") for r in a.server.requests)


IN_PROGRESS = {
    "http-202-empty": answer(202),
    "http-202-garbage": answer(202, b"\xff not json", [("Content-Type", "application/json")]),
    "status-row": json_answer(200, {"responseStatusCode": 202, "result": [{"@type": "AsyncOperationStatus"}]}),
    "rsc-202-no-count": json_answer(200, {"@type": "AsyncOperationResult", "responseStatusCode": "202"}),
}


@pytest.mark.parametrize("form", sorted(IN_PROGRESS))
def test_in_progress_forms_over_the_wire(arena: Callable[[Script], Arena], form: str) -> None:
    a = arena(Script(result=[IN_PROGRESS[form], json_answer(200, ROWS)]))
    assert a.call("statuses", container_id="C") == [ListenerState("L", "paused", "wss")]
    assert len(a.server.requests) == 3


def test_204_over_the_wire_starts_a_new_query(arena: Callable[[Script], Arena]) -> None:
    a = arena(Script(result=[answer(204), json_answer(200, ROWS)]))
    assert a.call("statuses", container_id="C") == [ListenerState("L", "paused", "wss")]
    assert [r.method for r in a.server.requests] == ["POST", "GET", "POST", "GET"]


def test_empty_202_over_the_wire_is_finished(arena: Callable[[Script], Arena]) -> None:
    a = arena(Script(result=json_answer(200, {"responseStatusCode": 202, "numberOfResults": 0})))
    assert a.call("statuses", container_id="C") == []
    assert len(a.server.requests) == 2
