"""The password or API token never reaches logs, reprs, exception text or pickles."""

from __future__ import annotations

import base64
import logging
import pickle

import httpx
import pytest

from boomi_listeners import APIError, BoomiError, ListenerClient, RetryPolicy

TOKEN = "tok-SECRET-4f9a1c"
OTP = "90817263"


def forbidden_fragments() -> list[str]:
    basic = base64.b64encode(f"BOOMI_TOKEN.ops@example.com:{TOKEN}".encode()).decode()
    return [TOKEN, OTP, basic]


def test_secrets_absent_everywhere(caplog: pytest.LogCaptureFixture) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if len(sent) == 1:
            return httpx.Response(503, json={"message": "busy"})
        if len(sent) == 2:
            raise httpx.RemoteProtocolError("dropped", request=request)
        return httpx.Response(401, json={"message": "Unauthorized"})

    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []
    client = ListenerClient(
        account_id="acct", username="ops@example.com", api_token=TOKEN, otp=OTP, base_url="http://boomi.test",
        transport=httpx.MockTransport(handler), retry=RetryPolicy(attempts=3, wait_initial=0.001, wait_jitter=0),
    )  # fmt: skip
    with client:
        for _ in range(2):
            try:
                client.pause(container_id="C", listener_id="L")
            except BoomiError as exc:
                errors.append(exc)
        texts = [repr(client), repr(client.settings), str(client.settings)]
    # The credentials were really sent, as HTTP basic auth with the BOOMI_TOKEN. form and the OTP header.
    assert sent[0].headers["authorization"] == "Basic " + forbidden_fragments()[2]
    assert sent[0].headers["x-boomi-otp"] == OTP
    assert len(errors) == 2
    assert isinstance(errors[-1], APIError)
    for error in errors:
        texts += [str(error), repr(error), pickle.dumps(error).decode("latin-1"), repr(error.__dict__)]
        texts.append(repr(pickle.loads(pickle.dumps(error)).__dict__))
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(record.__dict__) for record in caplog.records]
    assert any("changeListenerStatus" in t for t in texts), "the log must show the requests"
    for fragment in forbidden_fragments():
        for text in texts:
            assert fragment not in text


def test_one_debug_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    answers = iter([httpx.Response(503, json={"message": "busy"}), httpx.Response(200)])
    caplog.set_level(logging.DEBUG, logger="boomi_listeners")
    with ListenerClient(
        account_id="acct", username="u", password="pw", base_url="http://boomi.test",
        transport=httpx.MockTransport(lambda r: next(answers)),
        retry=RetryPolicy(wait_initial=0.001, wait_jitter=0),
    ) as client:  # fmt: skip
        client.pause(container_id="C", listener_id="L")
    lines = [r.getMessage() for r in caplog.records if r.name == "boomi_listeners" and r.levelno == logging.DEBUG]
    assert len(lines) == 2
    assert lines[0].startswith("POST /api/rest/v1/acct/changeListenerStatus -> 503 in ")
    assert lines[0].endswith("(attempt 1)")
    assert lines[1].startswith("POST /api/rest/v1/acct/changeListenerStatus -> 200 in ")
    assert lines[1].endswith("(attempt 2)")
