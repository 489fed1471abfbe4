"""Malformed, deep, huge and lying bodies: every one ends in a BoomiError, never anything else."""

from __future__ import annotations

import functools
import gzip
import json
import zlib
from collections.abc import Callable

import pytest

from boomi_listeners import (
    APIConnectionError,
    BadRequestError,
    BoomiError,
    InternalServerError,
    ListenerState,
    UnexpectedResponseError,
    UnexpectedStatusError,
)
from boomi_listeners._exchange import MAX_RESPONSE_BYTES
from tests.adversarial.conftest import ROWS, Arena, Script
from tests.adversarial.hostile import Behaviour, answer, short_body, stream_forever

DEEP_JSON = b"[" * 200_000
DEEP_OBJECT = b'{"a":' * 100_000
DEEP_XML = b"<a>" * 50_000 + b"x" + b"</a>" * 50_000
JSON = [("Content-Type", "application/json")]
HTML = [("Content-Type", "text/html")]
XML = [("Content-Type", "application/xml")]

MALFORMED: dict[str, tuple[str, Behaviour, type[BoomiError]]] = {
    "deep-json-400": ("change", answer(400, DEEP_JSON, JSON), BadRequestError),
    "deep-object-500": ("change", answer(500, DEEP_OBJECT, JSON), InternalServerError),
    "deep-xml-400": ("change", answer(400, DEEP_XML, XML), BadRequestError),
    "deep-json-query": ("query", answer(200, DEEP_JSON, JSON), UnexpectedResponseError),
    "deep-object-result": ("result", answer(200, DEEP_OBJECT, JSON), UnexpectedResponseError),
    "not-utf8-query": ("query", answer(200, b"\xff\xfe\xfd{", JSON), UnexpectedResponseError),
    "not-utf8-400": ("change", answer(400, b"\xff\xfe\xfd\x80 bad", JSON), BadRequestError),
    "truncated-query": ("query", answer(200, b'{"asyncToken": {"tok', JSON), UnexpectedResponseError),
    "array-query": ("query", answer(200, b"[]", JSON), UnexpectedResponseError),
    "null-result": ("result", answer(200, b"null", JSON), UnexpectedResponseError),
    "string-result": ("result", answer(200, b'"done"', JSON), UnexpectedResponseError),
    "result-not-a-list": ("result", answer(200, b'{"result": "x"}', JSON), UnexpectedResponseError),
    "html-portal-query": ("query", answer(200, b"<html>Sign in</html>", HTML), UnexpectedResponseError),
    "status-999": ("change", answer(999, b"?"), UnexpectedStatusError),
    "status-418": ("change", answer(418), UnexpectedStatusError),
    "status-599": ("change", answer(599), InternalServerError),
    "length-lies-result": ("result", short_body(), APIConnectionError),
}


def call_for(operation: str, a: Arena) -> object:
    if operation == "change":
        return a.call("pause", container_id="C", listener_id="L")
    return a.call("statuses", container_id="C")


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_answers_raise_typed_errors(arena: Callable[[Script], Arena], case: str) -> None:
    operation, behaviour, expected = MALFORMED[case]
    a = arena(Script(**{operation: behaviour}))  # type: ignore[arg-type]
    with pytest.raises(expected):
        call_for(operation, a)


def test_an_undocumented_2xx_to_a_change_is_accepted(arena: Callable[[Script], Arena]) -> None:
    a = arena(Script(change=answer(299)))
    assert a.call("pause", container_id="C", listener_id="L").listener_id == "L"


@functools.cache
def bomb(coding: str) -> bytes:
    """Twice the size limit of zeros, compressed to a few tens of KB."""
    zeros = b"0" * (2 * MAX_RESPONSE_BYTES)
    return gzip.compress(zeros, 9) if coding == "gzip" else zlib.compress(zeros, 9)


@pytest.mark.parametrize(("operation", "status"), [("result", 200), ("query", 200), ("change", 400), ("change", 503)])
@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_compression_bombs_are_not_inflated(
    arena: Callable[[Script], Arena], operation: str, status: int, coding: str
) -> None:
    behaviour = answer(status, bomb(coding), [*JSON, ("Content-Encoding", coding)])
    a = arena(Script(**{operation: behaviour}))  # type: ignore[arg-type]
    with pytest.raises(UnexpectedResponseError, match="inflates to more than"):
        call_for(operation, a)


def test_a_small_gzip_answer_is_read(arena: Callable[[Script], Arena]) -> None:
    a = arena(
        Script(result=answer(200, gzip.compress(json.dumps(ROWS).encode()), [*JSON, ("Content-Encoding", "gzip")]))
    )
    assert a.call("statuses", container_id="C") == [ListenerState("L", "paused", "wss")]


@pytest.mark.parametrize(("coding", "body"), [("gzip", b"not gzip at all"), ("br", b"\x00"), ("gzip, zstd", b"")])
def test_bad_or_unasked_encodings_are_typed_errors(arena: Callable[[Script], Arena], coding: str, body: bytes) -> None:
    a = arena(Script(result=answer(200, body, [*JSON, ("Content-Encoding", coding)])))
    with pytest.raises(UnexpectedResponseError):
        a.call("statuses", container_id="C")


def test_an_endless_body_is_cut_at_the_size_limit(arena: Callable[[Script], Arena]) -> None:
    a = arena(Script(result=stream_forever()))
    with pytest.raises(UnexpectedResponseError, match="larger than"):
        a.call("statuses", container_id="C")
    assert a.server.wait_for_event("client hung up"), "the client stopped reading and closed the connection"


def test_the_client_asks_only_for_encodings_it_bounds(arena: Callable[[Script], Arena]) -> None:
    a = arena(Script())
    a.call("statuses", container_id="C")
    assert {r.headers["accept-encoding"] for r in a.server.requests} == {"gzip, deflate"}
