"""What the clients read from Boomi and from the environment, against both clients.

Boomi's error text from XML bodies (including ones where stripping the tags would give other text),
a typed error for a body that is not UTF-8, listener rows without ``connectorType`` or a finished
result without rows (no ``Unset`` ever reaches the caller), the one-time password from
``BOOMI_OTP`` sent as ``X-Boomi-OTP``, and base URLs that carry credentials refused.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from boomi_listeners import (
    APIError,
    BadRequestError,
    ConfigurationError,
    ListenerState,
    PermissionDeniedError,
    RetryPolicy,
    Settings,
)
from tests._twins import Twin, finished, token_answer

ENV = {
    "BOOMI_ACCOUNT_ID": "acct",
    "BOOMI_USERNAME": "user",
    "BOOMI_PASSWORD": "pw",
    "BOOMI_BASE_URL": "http://boomi.test",
}


@pytest.fixture
def twin(kind: str) -> Twin:
    return Twin(kind, {"retry": RetryPolicy.none()})


def answering(status: int, body: bytes, content_type: str) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"Content-Type": content_type})

    return handler


XML_ERRORS = {
    "plain": b"<error><code>403</code><message>Access denied.</message><detail>see logs</detail></error>",
    "namespaced": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<bns:Error xmlns:bns="http://api.platform.boomi.com/"><bns:code>403</bns:code>'
        b"<bns:message>Access denied.</bns:message></bns:Error>"
    ),
}


@pytest.mark.parametrize("content_type", ["application/xml", "text/xml; charset=utf-8"])
@pytest.mark.parametrize("body", list(XML_ERRORS.values()), ids=list(XML_ERRORS))
def test_xml_error_body_gives_boomis_message(twin: Twin, body: bytes, content_type: str) -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        twin.call(answering(403, body, content_type), "pause", container_id="C", listener_id="L")
    assert caught.value.message == "Access denied."


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe<error>caf\xe9</error>", "application/xml"),
        (b'{"message": "caf\xe9"}', "application/json"),
        (b"caf\xe9 \x81 down", "text/plain"),
    ],
    ids=["xml", "json", "text"],
)
def test_error_body_that_is_not_utf8_gives_a_typed_error(twin: Twin, body: bytes, content_type: str) -> None:
    with pytest.raises(APIError) as caught:
        twin.call(answering(400, body, content_type), "pause", container_id="C", listener_id="L")
    assert isinstance(caught.value, BadRequestError)
    assert caught.value.status_code == 400
    assert isinstance(caught.value.message, str)


def status_server(answer: httpx.Response) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return token_answer() if request.url.path.endswith("/query") else answer

    return handler


def test_rows_without_connector_type_give_none(twin: Twin) -> None:
    answer = finished(
        {"listenerId": "L1", "status": "listening"},
        {"listenerId": "L2", "status": "paused", "connectorType": "wss"},
    )
    states = twin.call(status_server(answer), "statuses", container_id="C")
    assert states == [
        ListenerState("L1", "listening", connector_type=None),
        ListenerState("L2", "paused", connector_type="wss"),
    ]
    assert states[0].connector_type is None


def test_finished_result_without_rows_is_empty(twin: Twin) -> None:
    states = twin.call(status_server(finished(with_result=False)), "statuses", container_id="C")
    assert states == []


def capture_headers(seen: list[httpx.Headers]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200)

    return handler


def test_settings_from_env_keep_the_one_time_password() -> None:
    settings = Settings.from_env({**ENV, "BOOMI_OTP": "123456"})
    assert settings.otp is not None
    assert settings.otp.reveal() == "123456"
    assert "123456" not in repr(settings)


def test_client_from_env_sends_the_one_time_password(kind: str) -> None:
    seen: list[httpx.Headers] = []
    environ = {**ENV, "BOOMI_OTP": "123456"}
    Twin(kind).call(capture_headers(seen), "pause", options={"environ": environ}, container_id="C", listener_id="L")
    assert [h.get("x-boomi-otp") for h in seen] == ["123456"]


def test_without_otp_no_otp_header_is_sent(kind: str) -> None:
    seen: list[httpx.Headers] = []
    Twin(kind).call(capture_headers(seen), "pause", container_id="C", listener_id="L")
    assert [h.get("x-boomi-otp") for h in seen] == [None]


@pytest.mark.parametrize("url", ["http://user@boomi.test", "https://user:pw@boomi.test", "http://:pw@127.0.0.1:8080"])
def test_base_url_with_credentials_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="credentials") as caught:
        Settings.from_env({**ENV, "BOOMI_BASE_URL": url})
    assert "BOOMI_BASE_URL" in str(caught.value)
    assert "pw@" not in str(caught.value).replace(url, "")
    with pytest.raises(ConfigurationError, match="credentials"):
        Settings.build(account_id="acct", username="user", password="pw", base_url=url)


def test_client_refuses_a_base_url_with_credentials_before_any_request(kind: str) -> None:
    seen: list[httpx.Headers] = []
    with pytest.raises(ConfigurationError):
        Twin(kind).client(capture_headers(seen), base_url="http://user@boomi.test")
    assert seen == []
