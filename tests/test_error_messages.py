"""The ``message`` of an API error, from every body shape, against both clients.

Boomi's text must be found whatever the ``Content-Type`` says (a JSON body labelled XML or plain text,
XML without a content type), the first of several errors wins, and the text is one bounded line:
a hostile or broken body never floods a log, and an empty one still gives a message.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from boomi_listeners import BadRequestError, RetryPolicy
from tests._twins import Twin

OFFLINE = "Runtime offline"


@pytest.fixture
def twin(kind: str) -> Twin:
    return Twin(kind, {"retry": RetryPolicy.none()})


def message_of(twin: Twin, body: bytes, content_type: str = "", reason: bytes | None = None) -> str:
    """The message of the BadRequestError a 400 answer with this body gives."""

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": content_type} if content_type else {}
        extensions: dict[str, Any] = {} if reason is None else {"reason_phrase": reason}
        return httpx.Response(400, content=body, headers=headers, extensions=extensions)

    with pytest.raises(BadRequestError) as caught:
        twin.call(handler, "pause", container_id="C", listener_id="L")
    return caught.value.message


BODIES = {
    "json-labelled-text": (b'{"message": "Runtime offline"}', "text/plain"),
    "json-without-type": (b'{"message": "Runtime offline"}', ""),
    "json-labelled-xml": (b'{"message": "Runtime offline"}', "application/xml"),
    "json-with-a-bom": ('\ufeff{"message": "Runtime offline"}'.encode(), "text/plain"),
    "error-as-a-string": (b'{"error": "Runtime offline"}', "application/json"),
    "first-of-several": (b'[{"message": "Runtime offline"}, {"message": "second"}]', "application/json"),
    # Tags that sort after "message" come first: only the <message> element is the message.
    "xml-without-type": (b"<error><status>failed</status><message>Runtime offline</message></error>", ""),
    "xml-status-first": (
        b"<error><status>failed</status><message>Runtime offline</message></error>",
        "application/xml",
    ),
}


@pytest.mark.parametrize(("body", "content_type"), list(BODIES.values()), ids=list(BODIES))
def test_boomis_text_is_found_whatever_the_content_type_says(twin: Twin, body: bytes, content_type: str) -> None:
    assert message_of(twin, body, content_type) == OFFLINE


def test_a_number_as_the_message_is_kept(twin: Twin) -> None:
    assert message_of(twin, b'{"message": 42}', "application/json") == "42"


@pytest.mark.parametrize("body", [b"", b"   ", b"<p> </p>"], ids=["empty", "blank", "only-tags"])
def test_a_body_without_text_gives_the_reason_phrase(twin: Twin, body: bytes) -> None:
    assert message_of(twin, body, "text/html") == "Bad Request"


@pytest.mark.parametrize("body", [b"", b"<p> </p>"], ids=["empty", "only-tags"])
def test_no_text_and_no_reason_still_gives_a_message(twin: Twin, body: bytes) -> None:
    assert message_of(twin, body, "text/html", reason=b"") == "no message"


def digits(count: int) -> str:
    return "".join(str(i % 10) for i in range(count))


@pytest.mark.parametrize("length", [1, 499, 500])
def test_a_message_of_up_to_500_characters_is_kept_whole(twin: Twin, length: int) -> None:
    text = digits(length)
    assert message_of(twin, f'{{"message": "{text}"}}'.encode(), "application/json") == text


@pytest.mark.parametrize("length", [501, 5000])
def test_a_longer_message_is_cut_to_500_characters_ending_in_an_ellipsis(twin: Twin, length: int) -> None:
    text = digits(length)
    message = message_of(twin, f'{{"message": "{text}"}}'.encode(), "application/json")
    assert message == text[:499] + "…"
    assert len(message) == 500


def test_control_characters_and_line_breaks_become_single_spaces(twin: Twin) -> None:
    body = b'{"message": "Runtime\\r\\n\\toffline\\u0007 now"}'
    assert message_of(twin, body, "application/json") == "Runtime offline now"
