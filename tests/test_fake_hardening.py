"""The fake under abuse: oversized and over-deep bodies, an endless request log, secrets in headers."""

from __future__ import annotations

import base64
import json
import socket
from typing import Any

import httpx
import pytest

from boomi_listeners.testing import (
    DEFAULT_LOG_SIZE,
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    ManualClock,
    serve,
)
from tests._fakes import api_client

JSON = {"Accept": "application/json"}
PAUSE_TEST = {"action": "pause", "containerId": DEMO_TEST_CONTAINER_ID, "listenerId": DEMO_TEST_LISTENER_ID}
CHANGE_PATH = f"/api/rest/v1/{DEMO_ACCOUNT_ID}/changeListenerStatus"


@pytest.fixture
def fake() -> FakeBoomi:
    return FakeBoomi(clock=ManualClock(), max_body_bytes=4096)


def nested_json(depth: int) -> bytes:
    return b'{"QueryFilter": ' + b'{"expression": ' * depth + b"{}" + b"}" * (depth + 1)


# -- body size --------------------------------------------------------------------------------------


async def test_oversized_body_is_refused_before_authentication(fake: FakeBoomi) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app), base_url="http://fake") as anonymous:
        response = await anonymous.post(
            CHANGE_PATH, content=b"x" * 5000, headers={**JSON, "Content-Type": "application/json"}
        )
    assert response.status_code == 400, "refused as too large, not 401: the body was never taken in"
    assert response.json()["@type"] == "Error"
    assert "exceeds 4096 bytes" in response.json()["message"]
    assert response.headers["connection"] == "close"
    [logged] = fake.requests
    assert (logged.status, logged.fault, logged.truncated) == (400, "body_too_large", True)
    assert len(logged.body) <= 4096


async def test_body_limit_holds_while_reading_a_body_of_unknown_length(fake: FakeBoomi) -> None:
    """A chunked body with no Content-Length: the fake stops reading once past the limit."""
    chunks_read = 0

    async def receive() -> dict[str, Any]:
        nonlocal chunks_read
        chunks_read += 1
        return {"type": "http.request", "body": b"[" * 1024, "more_body": True}  # never ends

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": CHANGE_PATH,
        "raw_path": CHANGE_PATH.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"accept", b"application/json")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
    }
    await fake.app(scope, receive, send)
    assert sent[0]["status"] == 400
    assert chunks_read == 5, "4 chunks fit in 4096 bytes; the 5th goes past the limit and reading stops"
    assert b"exceeds 4096 bytes" in b"".join(m.get("body", b"") for m in sent[1:])


async def test_body_at_the_limit_is_accepted(fake_api: httpx.AsyncClient) -> None:
    body = json.dumps(PAUSE_TEST).encode()
    padded = body[:-1] + b" " * (4096 - len(body)) + b"}"
    response = await fake_api.post(
        "/changeListenerStatus", content=padded, headers={**JSON, "Content-Type": "application/json"}
    )
    assert response.status_code == 200


# -- nesting ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/changeListenerStatus", "/async/ListenerStatus/query"])
async def test_deep_json_answers_boomi_style_400(path: str) -> None:
    fake = FakeBoomi(clock=ManualClock())  # default 1 MiB body limit: 3,000 levels fit in it
    async with api_client(fake) as client:
        response = await client.post(
            path, content=nested_json(3000), headers={**JSON, "Content-Type": "application/json"}
        )
        assert response.status_code == 400
        assert set(response.json()) == {"@type", "message"}
        assert response.json()["@type"] == "Error"
        assert "nested deeper than 64 levels" in response.json()["message"]
        as_xml = await client.post(path, content=b"[" * 100_000, headers={"Content-Type": "application/json"})
        assert as_xml.status_code == 400
        assert as_xml.text.startswith("<error><message>Invalid request: the JSON body is nested deeper")


async def test_brackets_inside_json_strings_do_not_count_as_nesting(fake_api: httpx.AsyncClient) -> None:
    body = {**PAUSE_TEST, "listenerId": "[{" * 200 + DEMO_TEST_LISTENER_ID}
    response = await fake_api.post("/changeListenerStatus", json=body, headers=JSON)
    assert response.status_code == 400
    assert "is not a listener deployed" in response.json()["message"], "judged as an ordinary (unknown) listener"


@pytest.mark.parametrize("path", ["/changeListenerStatus", "/async/ListenerStatus/query"])
async def test_deep_xml_answers_boomi_style_400(path: str) -> None:
    fake = FakeBoomi(clock=ManualClock())
    root = "ChangeListenerStatusRequest" if "change" in path else "QueryConfig"
    inner = (
        '<QueryFilter><expression operator="and">'
        + '<nestedExpression operator="and">' * 3000
        + "</nestedExpression>" * 3000
        + "</expression></QueryFilter>"
    )
    body = f'<{root} xmlns="http://api.platform.boomi.com/">{inner}</{root}>'.encode()
    async with api_client(fake) as client:
        response = await client.post(path, content=body, headers={**JSON, "Content-Type": "application/xml"})
    assert response.status_code == 400
    assert "XML body is nested deeper than 64 levels" in response.json()["message"]


def _http_exchange(sock: socket.socket, request: bytes) -> bytes:
    """Send one request and read one response with a Content-Length body."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
    )
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection mid-body"
        rest += chunk
    return head + b"\r\n\r\n" + rest


def test_deep_body_over_a_socket_keeps_the_connection_alive() -> None:
    fake = FakeBoomi(clock=ManualClock())
    token = "Basic " + base64.b64encode(f"{DEMO_USERNAME}:{DEMO_PASSWORD}".encode()).decode()
    deep = nested_json(3000)
    good = json.dumps(PAUSE_TEST).encode()

    def request(body: bytes) -> bytes:
        return (
            f"POST {CHANGE_PATH} HTTP/1.1\r\nHost: fake\r\nAuthorization: {token}\r\n"
            f"Accept: application/json\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body

    with serve(fake) as base_url:
        host, port = base_url.removeprefix("http://").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            first = _http_exchange(sock, request(deep))
            assert first.startswith(b"HTTP/1.1 400 ")
            assert b'"@type":"Error"' in first
            assert b"connection: close" not in first.lower()
            second = _http_exchange(sock, request(good))  # the same connection
            assert second.startswith(b"HTTP/1.1 200 ")
    assert [r.status for r in fake.requests] == [400, 200]


# -- the request log ------------------------------------------------------------------------------


async def test_request_log_is_a_bounded_ring_buffer() -> None:
    fake = FakeBoomi(clock=ManualClock(), request_log_size=3)
    assert DEFAULT_LOG_SIZE == 1000
    async with api_client(fake) as client:
        for i in range(5):
            await client.post(f"/changeListenerStatus?n={i}", json=PAUSE_TEST)
    assert [r.query for r in fake.requests] == ["n=2", "n=3", "n=4"], "the latest three, oldest first"
    with pytest.raises(ValueError, match="at least one"):
        FakeBoomi(request_log_size=0)


async def test_otp_and_authorization_are_masked_in_the_log(fake_api: httpx.AsyncClient, fake: FakeBoomi) -> None:
    await fake_api.post(
        "/async/ListenerStatus/query",
        json={
            "QueryFilter": {
                "expression": {"operator": "EQUALS", "property": "containerId", "argument": [DEMO_PROD_CONTAINER_ID]}
            }
        },
        headers={"X-Boomi-OTP": "493817", "Proxy-Authorization": "Basic c2VjcmV0OnNlY3JldA=="},
    )
    [logged] = fake.requests
    assert logged.header("x-boomi-otp") == "***"
    assert logged.header("authorization") == "Basic ***"
    assert logged.header("proxy-authorization") == "Basic ***"
    assert "493817" not in repr(logged)
    assert DEMO_PASSWORD not in repr(logged)
