"""The fake's HTTP behaviour, one edge per test: auth, validation, negotiation, offline, rate limit, faults, log."""

from __future__ import annotations

import base64
import time
from typing import Any

import httpx
import pytest
from defusedxml import ElementTree as SafeET

from boomi_listeners.testing import (
    DEMO_API_TOKEN,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_OTHER_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_READONLY_PASSWORD,
    DEMO_READONLY_USERNAME,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    FORBIDDEN_MESSAGE,
    RATE_LIMIT_MESSAGE,
    FakeBoomi,
    ManualClock,
)
from tests._fakes import api_client

JSON = {"Accept": "application/json"}
BOOMI_NS = "{http://api.platform.boomi.com/}"
PAUSE_TEST = {"action": "pause", "containerId": DEMO_TEST_CONTAINER_ID, "listenerId": DEMO_TEST_LISTENER_ID}


def query_body(container_id: str | None = DEMO_PROD_CONTAINER_ID, listener_id: str | None = None) -> dict[str, Any]:
    terms = []
    if listener_id is not None:
        terms.append({"operator": "EQUALS", "property": "listenerId", "argument": [listener_id]})
    if container_id is not None:
        terms.append({"operator": "EQUALS", "property": "containerId", "argument": [container_id]})
    expression = terms[0] if len(terms) == 1 else {"operator": "and", "nestedExpression": terms}
    return {"QueryFilter": {"expression": expression}}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> FakeBoomi:
    return FakeBoomi(apply_delay=0.25, restart_phase=0.125, query_delay=0.0625, token_ttl=300.0, clock=clock)


def error_message(response: httpx.Response) -> str:
    if response.headers["content-type"].startswith("application/json"):
        body = response.json()
        assert body["@type"] == "Error"
        return str(body["message"])
    root = SafeET.fromstring(response.content)
    assert root.tag == "error"
    return str(root.findtext("message"))


# -- authentication and authorisation ----------------------------------------------------------------


async def test_missing_credentials_answer_401_with_challenge(fake: FakeBoomi) -> None:
    async with api_client(fake, auth=None) as anonymous:
        response = await anonymous.post("/changeListenerStatus", json=PAUSE_TEST, headers=JSON)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Basic realm="Boomi"'
    assert "Unauthorized" in error_message(response)


async def test_wrong_password_answers_401(fake: FakeBoomi) -> None:
    async with api_client(fake, auth=(DEMO_USERNAME, "not-the-password")) as wrong:
        response = await wrong.post("/async/ListenerStatus/query", json=query_body())
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Basic realm="Boomi"'


@pytest.mark.parametrize("header", ["Basic !!!not-base64", "Basic ZGVtbw==", "Bearer abc", "Basic"])
async def test_malformed_authorization_header_answers_401(fake: FakeBoomi, header: str) -> None:
    async with api_client(fake, auth=None) as anonymous:
        response = await anonymous.post(
            "/async/ListenerStatus/query", json=query_body(), headers={"Authorization": header}
        )
    assert response.status_code == 401


async def test_api_token_login(fake: FakeBoomi) -> None:
    async with api_client(fake, auth=(f"BOOMI_TOKEN.{DEMO_USERNAME}", DEMO_API_TOKEN)) as token_client:
        response = await token_client.post("/changeListenerStatus", json=PAUSE_TEST)
    assert response.status_code == 200
    # The token is not a password, and the password is not a token.
    async with api_client(fake, auth=(f"BOOMI_TOKEN.{DEMO_USERNAME}", DEMO_PASSWORD)) as wrong:
        assert (await wrong.post("/changeListenerStatus", json=PAUSE_TEST)).status_code == 401
    async with api_client(fake, auth=(DEMO_USERNAME, DEMO_API_TOKEN)) as wrong:
        assert (await wrong.post("/changeListenerStatus", json=PAUSE_TEST)).status_code == 401


async def test_missing_privilege_answers_403(fake: FakeBoomi) -> None:
    async with api_client(fake, auth=(DEMO_READONLY_USERNAME, DEMO_READONLY_PASSWORD)) as readonly:
        change = await readonly.post("/changeListenerStatus", json=PAUSE_TEST, headers=JSON)
        query = await readonly.post("/async/ListenerStatus/query", json=query_body(), headers=JSON)
    assert change.status_code == 403
    assert change.json() == {"@type": "Error", "message": FORBIDDEN_MESSAGE}
    assert query.status_code == 200, "the API privilege is enough to read listener status"
    assert fake.state.pending_changes() == 0


async def test_account_not_permitted_answers_403(fake: FakeBoomi) -> None:
    async with api_client(fake, account=DEMO_OTHER_ACCOUNT_ID) as other:
        response = await other.post("/changeListenerStatus", json=PAUSE_TEST)
    assert response.status_code == 403
    assert error_message(response) == FORBIDDEN_MESSAGE


async def test_unknown_account_answers_403(fake: FakeBoomi) -> None:
    async with api_client(fake, account="no-such-account") as other:
        response = await other.post("/async/ListenerStatus/query", json=query_body(), headers=JSON)
    assert response.status_code == 403
    assert response.json()["message"] == FORBIDDEN_MESSAGE


# -- validation ------------------------------------------------------------------------------------


async def test_malformed_json_answers_400(fake_api: httpx.AsyncClient) -> None:
    response = await fake_api.post(
        "/changeListenerStatus", content=b'{"action": "pause",', headers={**JSON, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "not valid JSON" in error_message(response)


async def test_malformed_xml_answers_400(fake_api: httpx.AsyncClient) -> None:
    response = await fake_api.post(
        "/changeListenerStatus", content=b"<ChangeListenerStatusRequest", headers={"Content-Type": "application/xml"}
    )
    assert response.status_code == 400
    assert "not well-formed XML" in error_message(response)


async def test_xml_with_entities_is_refused(fake_api: httpx.AsyncClient) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        b'<ChangeListenerStatusRequest action="&a;" containerId="c"/>'
    )
    response = await fake_api.post("/changeListenerStatus", content=bomb, headers={"Content-Type": "application/xml"})
    assert response.status_code == 400
    assert "forbidden construct" in error_message(response)


async def test_body_breaking_the_spec_answers_400_naming_the_field(fake_api: httpx.AsyncClient) -> None:
    response = await fake_api.post(
        "/changeListenerStatus", json={"action": "stop", "containerId": DEMO_TEST_CONTAINER_ID}, headers=JSON
    )
    assert response.status_code == 400
    message = error_message(response)
    assert message.startswith("Invalid request: action: ")
    assert "pause_all" in message, "the message lists the allowed values"

    response = await fake_api.post("/changeListenerStatus", json={"action": "pause", "containerId": 7}, headers=JSON)
    assert response.status_code == 400
    assert "containerId: 7 is not of type string" in error_message(response)


@pytest.mark.parametrize(
    ("body", "field", "fix"),
    [
        ({"action": "pause", "containerId": DEMO_TEST_CONTAINER_ID}, "listenerId is required", "pause_all"),
        ({"action": "restart", "listenerId": DEMO_TEST_LISTENER_ID}, "containerId is required", "Runtime"),
        (
            {"action": "pause_all", "containerId": DEMO_TEST_CONTAINER_ID, "listenerId": DEMO_TEST_LISTENER_ID},
            "listenerId must be left out for action pause_all",
            "use action pause",
        ),
        ({"containerId": DEMO_TEST_CONTAINER_ID}, "action is required", "restart_all"),
        ({"action": "resume", "containerId": "no-such-runtime", "listenerId": "x"}, "'no-such-runtime'", "Runtime"),
        (
            {"action": "resume", "containerId": DEMO_TEST_CONTAINER_ID, "listenerId": DEMO_PROD_LISTENER_ID},
            f"listenerId '{DEMO_PROD_LISTENER_ID}' is not a listener",
            "process component ID",
        ),
    ],
)
async def test_action_rules_answer_400_naming_field_and_fix(
    fake_api: httpx.AsyncClient, fake: FakeBoomi, body: dict[str, str], field: str, fix: str
) -> None:
    response = await fake_api.post("/changeListenerStatus", json=body, headers=JSON)
    assert response.status_code == 400
    message = error_message(response)
    assert field in message
    assert fix in message
    assert fake.state.pending_changes() == 0


async def test_runtime_of_another_account_is_unknown(fake_api: httpx.AsyncClient) -> None:
    other_runtime = "d1a61f9a-9e14-59bf-a691-df9df0099937"
    response = await fake_api.post("/changeListenerStatus", json={"action": "pause_all", "containerId": other_runtime})
    assert response.status_code == 400
    assert other_runtime in error_message(response)


@pytest.mark.parametrize("content", [b"", b"   "])
async def test_missing_body_answers_400(fake_api: httpx.AsyncClient, content: bytes) -> None:
    response = await fake_api.post(
        "/changeListenerStatus", content=content, headers={"Content-Type": "application/json", **JSON}
    )
    assert response.status_code == 400
    assert "body is missing" in error_message(response)


async def test_unsupported_media_type_answers_415(fake_api: httpx.AsyncClient) -> None:
    response = await fake_api.post(
        "/changeListenerStatus", content=b"action=pause", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415


async def test_query_without_container_answers_400(fake_api: httpx.AsyncClient) -> None:
    response = await fake_api.post(
        "/async/ListenerStatus/query", json=query_body(None, DEMO_PROD_LISTENER_ID), headers=JSON
    )
    assert response.status_code == 400
    assert "containerId EQUALS" in error_message(response)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ({"operator": "LIKE", "property": "containerId", "argument": ["b2d4%"]}, "only EQUALS"),
        (
            {
                "operator": "or",
                "nestedExpression": [
                    {"operator": "EQUALS", "property": "containerId", "argument": [DEMO_PROD_CONTAINER_ID]}
                ],
            },
            "operator 'or' is not supported",
        ),
        ({"operator": "EQUALS", "property": "containerId", "argument": []}, "exactly one non-empty value"),
        ({"operator": "EQUALS", "property": "containerId"}, "exactly one non-empty value"),
        ({"operator": "EQUALS"}, "QueryFilter.expression"),
    ],
)
async def test_unsupported_query_filters_answer_400(
    fake_api: httpx.AsyncClient, expression: dict[str, Any], expected: str
) -> None:
    response = await fake_api.post("/async/ListenerStatus/query", json={"QueryFilter": {"expression": expression}})
    assert response.status_code == 400
    assert expected in error_message(response)


async def test_unknown_route_and_wrong_method(fake_api: httpx.AsyncClient) -> None:
    missing = await fake_api.get("/Atom", headers=JSON)
    assert missing.status_code == 404
    assert missing.json()["@type"] == "Error"
    wrong = await fake_api.get("/changeListenerStatus")
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "POST"
    assert "POST" in error_message(wrong)


# -- offline runtimes -----------------------------------------------------------------------------


async def test_offline_runtime_answers_410(fake_api: httpx.AsyncClient) -> None:
    change = await fake_api.post(
        "/changeListenerStatus", json={"action": "restart_all", "containerId": DEMO_OFFLINE_CONTAINER_ID}, headers=JSON
    )
    query = await fake_api.post("/async/ListenerStatus/query", json=query_body(DEMO_OFFLINE_CONTAINER_ID))
    assert change.status_code == 410
    assert "offline" in change.json()["message"]
    assert query.status_code == 410
    assert "offline" in error_message(query)


async def test_set_offline_fault_and_reset(fake_api: httpx.AsyncClient, fake: FakeBoomi) -> None:
    fake.faults.set_offline(DEMO_TEST_CONTAINER_ID)
    assert (await fake_api.post("/changeListenerStatus", json=PAUSE_TEST)).status_code == 410
    fake.faults.set_offline(DEMO_OFFLINE_CONTAINER_ID, offline=False)
    online_again = await fake_api.post("/async/ListenerStatus/query", json=query_body(DEMO_OFFLINE_CONTAINER_ID))
    assert online_again.status_code == 200
    fake.faults.reset()
    assert (await fake_api.post("/changeListenerStatus", json=PAUSE_TEST)).status_code == 200
    assert (
        await fake_api.post("/async/ListenerStatus/query", json=query_body(DEMO_OFFLINE_CONTAINER_ID))
    ).status_code == 410


# -- rate limit -----------------------------------------------------------------------------------


async def test_rate_limit_answers_503_with_retry_after(clock: ManualClock) -> None:
    fake = FakeBoomi(rate_limit=2, clock=clock)
    async with api_client(fake) as client:
        first = await client.post("/async/ListenerStatus/query", json=query_body())
        clock.advance(0.3)
        second = await client.post("/async/ListenerStatus/query", json=query_body())
        third = await client.post("/async/ListenerStatus/query", json=query_body(), headers=JSON)
        assert [first.status_code, second.status_code, third.status_code] == [200, 200, 503]
        assert third.json()["message"] == RATE_LIMIT_MESSAGE
        assert third.headers["retry-after"] == "1"
        # Another account has its own window.
        async with api_client(fake, auth=("other@example.com", "other-password"), account=DEMO_OTHER_ACCOUNT_ID) as o:
            other = await o.post("/async/ListenerStatus/query", json=query_body("d1a61f9a-9e14-59bf-a691-df9df0099937"))
        assert other.status_code == 200
        clock.advance(0.71)  # the first request has left the one-second window
        assert (await client.post("/async/ListenerStatus/query", json=query_body())).status_code == 200
        assert (await client.post("/async/ListenerStatus/query", json=query_body())).status_code == 503


async def test_rate_limit_is_settable_at_runtime(fake_api: httpx.AsyncClient, fake: FakeBoomi) -> None:
    fake.faults.rate_limit = 1
    assert (await fake_api.post("/async/ListenerStatus/query", json=query_body())).status_code == 200
    limited = await fake_api.post("/async/ListenerStatus/query", json=query_body())
    assert limited.status_code == 503
    assert int(limited.headers["retry-after"]) >= 1
    fake.faults.rate_limit = None
    assert (await fake_api.post("/async/ListenerStatus/query", json=query_body())).status_code == 200


# -- representations ----------------------------------------------------------------------------


async def test_xml_by_default_json_on_request(fake_api: httpx.AsyncClient, clock: ManualClock) -> None:
    as_xml = await fake_api.post("/async/ListenerStatus/query", json=query_body())
    assert as_xml.status_code == 200
    assert as_xml.headers["content-type"].startswith("application/xml")
    root = SafeET.fromstring(as_xml.content)
    assert root.tag == f"{BOOMI_NS}AsyncOperationTokenResult"
    assert root.get("responseStatusCode") == "202"
    token = root.find(f"{BOOMI_NS}asyncToken").get("token")  # type: ignore[union-attr]
    assert token is not None
    assert token.startswith("ListenerStatus-")

    as_json = await fake_api.post("/async/ListenerStatus/query", json=query_body(), headers=JSON)
    assert as_json.headers["content-type"].startswith("application/json")
    body = as_json.json()
    assert body["@type"] == "AsyncOperationTokenResult"
    assert body["responseStatusCode"] == 202
    assert body["asyncToken"]["@type"] == "AsyncToken"

    clock.advance(0.0625)
    result = await fake_api.get(f"/async/ListenerStatus/response/{token}")
    root = SafeET.fromstring(result.content)
    assert root.tag == f"{BOOMI_NS}AsyncOperationResult"
    assert root.get("responseStatusCode") == "200"
    rows = root.findall(f"{BOOMI_NS}result")
    assert root.get("numberOfResults") == str(len(rows)) == "4"
    assert rows[0].get("{http://www.w3.org/2001/XMLSchema-instance}type") == "ListenerStatus"
    assert rows[0].get("listenerId") == DEMO_PROD_LISTENER_ID
    assert rows[0].get("status") == "listening"
    assert rows[0].get("connectorType") == "wss"


async def test_accept_header_negotiation_for_errors(fake_api: httpx.AsyncClient) -> None:
    body = {"action": "pause", "containerId": DEMO_TEST_CONTAINER_ID}
    for accept, media in [
        (None, "application/xml"),
        ("*/*", "application/xml"),
        ("application/json", "application/json"),
        ("application/xml;q=0.5, application/json", "application/json"),
        ("application/xml, application/json", "application/xml"),
    ]:
        headers = {"Accept": accept} if accept else {}
        response = await fake_api.post("/changeListenerStatus", json=body, headers=headers)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(media), accept
        assert "listenerId is required" in error_message(response)


async def test_xml_request_bodies(fake_api: httpx.AsyncClient, fake: FakeBoomi, clock: ManualClock) -> None:
    change = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<ChangeListenerStatusRequest xmlns="http://api.platform.boomi.com/" '
        b'listenerId="7594eaa7-1010-5d5e-a0a0-183ec46cfdf8" containerId="732e9575-17d1-56c5-839e-ef7a2b728264" '
        b'action="pause"/>'
    )
    response = await fake_api.post("/changeListenerStatus", content=change, headers={"Content-Type": "application/xml"})
    assert response.status_code == 200
    assert response.content == b""
    clock.advance(0.25)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused"

    query = (
        b'<QueryConfig xmlns="http://api.platform.boomi.com/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        b'<QueryFilter><expression operator="and" xsi:type="GroupingExpression">'
        b'<nestedExpression operator="EQUALS" property="listenerId" xsi:type="SimpleExpression">'
        b"<argument>7594eaa7-1010-5d5e-a0a0-183ec46cfdf8</argument></nestedExpression>"
        b'<nestedExpression operator="EQUALS" property="containerId" xsi:type="SimpleExpression">'
        b"<argument>732e9575-17d1-56c5-839e-ef7a2b728264</argument></nestedExpression>"
        b"</expression></QueryFilter></QueryConfig>"
    )
    started = await fake_api.post(
        "/async/ListenerStatus/query", content=query, headers={"Content-Type": "application/xml", **JSON}
    )
    assert started.status_code == 200, started.text
    clock.advance(0.0625)
    result = await fake_api.get(f"/async/ListenerStatus/response/{started.json()['asyncToken']['token']}", headers=JSON)
    assert result.json()["result"] == [
        {"@type": "ListenerStatus", "listenerId": DEMO_TEST_LISTENER_ID, "status": "paused", "connectorType": "http"}
    ]


async def test_xml_body_breaking_the_spec_answers_400(fake_api: httpx.AsyncClient) -> None:
    body = b'<ChangeListenerStatusRequest xmlns="http://api.platform.boomi.com/" action="halt" containerId="c"/>'
    response = await fake_api.post("/changeListenerStatus", content=body, headers={"Content-Type": "application/xml"})
    assert response.status_code == 400
    assert error_message(response).startswith("Invalid request: action: ")
    wrong_root = b'<QueryConfig xmlns="http://api.platform.boomi.com/"/>'
    response = await fake_api.post("/changeListenerStatus", content=wrong_root, headers={"Content-Type": "text/xml"})
    assert response.status_code == 400
    assert "ChangeListenerStatusRequest" in error_message(response)


# -- query tokens ---------------------------------------------------------------------------------


async def test_query_in_progress_then_complete(fake_api: httpx.AsyncClient, clock: ManualClock) -> None:
    started = await fake_api.post("/async/ListenerStatus/query", json=query_body(listener_id=DEMO_PROD_LISTENER_ID))
    token = SafeET.fromstring(started.content).find(f"{BOOMI_NS}asyncToken").get("token")  # type: ignore[union-attr]
    running = await fake_api.get(f"/async/ListenerStatus/response/{token}", headers=JSON)
    assert running.status_code == 200
    assert running.json() == {"@type": "AsyncOperationResult", "responseStatusCode": 202}
    running_xml = SafeET.fromstring((await fake_api.get(f"/async/ListenerStatus/response/{token}")).content)
    assert running_xml.get("responseStatusCode") == "202"
    assert running_xml.find(f"{BOOMI_NS}result") is None
    clock.advance(0.0625)
    done = await fake_api.get(f"/async/ListenerStatus/response/{token}", headers=JSON)
    assert done.json() == {
        "@type": "AsyncOperationResult",
        "result": [
            {
                "@type": "ListenerStatus",
                "listenerId": DEMO_PROD_LISTENER_ID,
                "status": "listening",
                "connectorType": "wss",
            }
        ],
        "numberOfResults": 1,
        "responseStatusCode": 200,
    }


async def test_unknown_token_answers_404(fake_api: httpx.AsyncClient) -> None:
    response = await fake_api.get("/async/ListenerStatus/response/ListenerStatus-00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert "ListenerStatus-00000000" in error_message(response)


async def test_token_of_another_account_answers_404(fake: FakeBoomi) -> None:
    async with api_client(fake, auth=("other@example.com", "other-password"), account=DEMO_OTHER_ACCOUNT_ID) as other:
        started = await other.post(
            "/async/ListenerStatus/query", json=query_body("d1a61f9a-9e14-59bf-a691-df9df0099937"), headers=JSON
        )
    token = started.json()["asyncToken"]["token"]
    async with api_client(fake) as mine:
        assert (await mine.get(f"/async/ListenerStatus/response/{token}")).status_code == 404


async def test_expired_token_answers_410(clock: ManualClock) -> None:
    fake = FakeBoomi(query_delay=0.05, token_ttl=10.0, clock=clock)
    async with api_client(fake) as client:
        started = await client.post("/async/ListenerStatus/query", json=query_body(), headers=JSON)
        token = started.json()["asyncToken"]["token"]
        clock.advance(9.9)
        assert (await client.get(f"/async/ListenerStatus/response/{token}")).status_code == 200
        clock.advance(0.2)
        expired = await client.get(f"/async/ListenerStatus/response/{token}", headers=JSON)
    assert expired.status_code == 410
    assert "expired" in expired.json()["message"]


# -- injected faults --------------------------------------------------------------------------------


async def test_fail_next(fake_api: httpx.AsyncClient, fake: FakeBoomi) -> None:
    fake.faults.fail_next(2, status=503, retry_after=2.5)
    first = await fake_api.post("/changeListenerStatus", json=PAUSE_TEST, headers=JSON)
    second = await fake_api.post("/changeListenerStatus", json=PAUSE_TEST)
    third = await fake_api.post("/changeListenerStatus", json=PAUSE_TEST)
    assert [first.status_code, second.status_code, third.status_code] == [503, 503, 200]
    assert first.headers["retry-after"] == "3", "whole seconds, rounded up"
    assert first.json() == {"@type": "Error", "message": RATE_LIMIT_MESSAGE}
    assert error_message(second) == RATE_LIMIT_MESSAGE
    assert fake.state.pending_changes() == 1, "failed requests change nothing"

    fake.faults.fail_next(1, status=504)
    timeout = await fake_api.post("/async/ListenerStatus/query", json=query_body(), headers=JSON)
    assert timeout.status_code == 504
    assert "retry-after" not in timeout.headers
    assert [r.fault for r in fake.requests] == ["fail_next", "fail_next", None, "fail_next"]


async def test_drop_next_in_process_raises_a_transport_error(
    fake_api: httpx.AsyncClient, fake: FakeBoomi, clock: ManualClock
) -> None:
    fake.faults.drop_next(1, apply=True)
    with pytest.raises(httpx.TransportError):
        await fake_api.post("/changeListenerStatus", json=PAUSE_TEST)
    clock.advance(0.25)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused", "applied before the drop"

    fake.faults.drop_next(1, apply=False)
    with pytest.raises(httpx.RemoteProtocolError):
        await fake_api.post("/changeListenerStatus", json={**PAUSE_TEST, "action": "resume"})
    clock.advance(0.25)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused", "not applied"
    assert [(r.dropped, r.status) for r in fake.requests] == [(True, 200), (True, None)]


async def test_latency(fake_api: httpx.AsyncClient, fake: FakeBoomi) -> None:
    fake.faults.latency = 0.15
    started = time.perf_counter()
    response = await fake_api.post("/async/ListenerStatus/query", json=query_body())
    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.15
    fake.faults.reset()
    assert fake.faults.latency == 0.0


# -- request log -----------------------------------------------------------------------------------


async def test_request_log_records_and_redacts(fake: FakeBoomi) -> None:
    async with api_client(fake) as with_password:
        await with_password.post("/changeListenerStatus", json=PAUSE_TEST, headers={"X-Api-Token": "s3cr3t-value"})
    async with api_client(fake, auth=(f"BOOMI_TOKEN.{DEMO_USERNAME}", DEMO_API_TOKEN)) as with_token:
        await with_token.post("/async/ListenerStatus/query?trace=1", json=query_body(), headers=JSON)
    async with api_client(fake, auth=(DEMO_USERNAME, "wrong-password")) as wrong:
        await wrong.post("/changeListenerStatus", json=PAUSE_TEST)

    log = fake.requests
    assert [(r.method, r.path.rsplit("/", 1)[-1], r.status) for r in log] == [
        ("POST", "changeListenerStatus", 200),
        ("POST", "query", 200),
        ("POST", "changeListenerStatus", 401),
    ]
    assert log[0].json() == PAUSE_TEST
    assert log[0].content_type == "application/json"
    assert log[1].query == "trace=1"
    assert log[1].header("Accept") == "application/json"
    secrets = [
        DEMO_PASSWORD,
        DEMO_API_TOKEN,
        "wrong-password",
        "s3cr3t-value",
        base64.b64encode(f"{DEMO_USERNAME}:{DEMO_PASSWORD}".encode()).decode(),
    ]
    for record in log:
        assert record.headers["authorization"] == "Basic ***"
        flat = repr(record.headers)
        for secret in secrets:
            assert secret not in flat
    assert log[0].headers["x-api-token"] == "***"
    fake.clear_requests()
    assert fake.requests == []
