"""The generated client against the fake: in-process (ASGI) and over a loopback socket (serve)."""

from __future__ import annotations

import time

import httpx
import pytest

from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    ManualClock,
    serve,
)
from boomi_listeners_api.api.change_listener_status import update_listener_status
from boomi_listeners_api.api.listener_status import async_get_listener_status, async_token_listener_status
from boomi_listeners_api.client import AuthenticatedClient
from boomi_listeners_api.models import (
    AsyncOperationTokenResult,
    AsyncResponseStatusCode,
    ChangeListenerStatusRequest,
    Error,
    GroupingExpressionOperator,
    ListenerAction,
    ListenerStatusAsyncResponse,
    ListenerStatusGroupingExpression,
    ListenerStatusQueryConfig,
    ListenerStatusSimpleExpression,
    QueryFilter,
    SimpleExpressionOperator,
    SimpleExpressionProperty,
)
from tests._fakes import api_client

HEADERS = {"Accept": "application/json"}
QUERY_DELAY = 0.01
AUTH = httpx.BasicAuth(DEMO_USERNAME, DEMO_PASSWORD)


def change_request(action: str) -> ChangeListenerStatusRequest:
    listener = {} if action.endswith("_all") else {"listener_id": DEMO_TEST_LISTENER_ID}
    return ChangeListenerStatusRequest(action=ListenerAction(action), container_id=DEMO_TEST_CONTAINER_ID, **listener)


def status_query() -> ListenerStatusQueryConfig:
    return ListenerStatusQueryConfig(
        query_filter=QueryFilter(
            expression=ListenerStatusGroupingExpression(
                operator=GroupingExpressionOperator.AND,
                nested_expression=[
                    ListenerStatusSimpleExpression(
                        operator=SimpleExpressionOperator.EQUALS,
                        property_=SimpleExpressionProperty.CONTAINERID,
                        argument=[DEMO_TEST_CONTAINER_ID],
                    ),
                    ListenerStatusSimpleExpression(
                        operator=SimpleExpressionOperator.EQUALS,
                        property_=SimpleExpressionProperty.LISTENERID,
                        argument=[DEMO_TEST_LISTENER_ID],
                    ),
                ],
            )
        )
    )


async def read_status_async(client: AuthenticatedClient, clock: ManualClock) -> str:
    started = await async_get_listener_status.asyncio(client=client, body=status_query())
    assert isinstance(started, AsyncOperationTokenResult), started
    while True:
        result = await async_token_listener_status.asyncio(started.async_token.token, client=client)
        assert isinstance(result, ListenerStatusAsyncResponse), result
        if result.response_status_code == AsyncResponseStatusCode.VALUE_200:
            assert isinstance(result.result, list)
            assert result.number_of_results == 1
            return str(result.result[0].status)
        clock.advance(QUERY_DELAY)  # the query completes once its delay has passed on the fake's clock


def read_status(client: AuthenticatedClient, clock: ManualClock) -> str:
    started = async_get_listener_status.sync(client=client, body=status_query())
    assert isinstance(started, AsyncOperationTokenResult), started
    while True:
        result = async_token_listener_status.sync(started.async_token.token, client=client)
        assert isinstance(result, ListenerStatusAsyncResponse), result
        if result.response_status_code == AsyncResponseStatusCode.VALUE_200:
            assert isinstance(result.result, list)
            return str(result.result[0].status)
        clock.advance(QUERY_DELAY)


async def test_generated_client_in_process() -> None:
    # The fake runs on a manual clock: each change is read before and after its apply delay, and a
    # restart inside its restart phase, without sleeping.
    clock = ManualClock()
    fake = FakeBoomi(apply_delay=0.05, restart_phase=0.3, query_delay=QUERY_DELAY, clock=clock)
    api_root = f"http://fake/api/rest/v1/{DEMO_ACCOUNT_ID}"
    client = AuthenticatedClient(base_url=api_root, token="")
    client.set_async_httpx_client(api_client(fake, headers=HEADERS))
    async with client:
        assert await read_status_async(client, clock) == "listening"
        before = "listening"
        for action, expected in [("pause", "paused"), ("resume", "listening"), ("pause_all", "paused")]:
            response = await update_listener_status.asyncio_detailed(client=client, body=change_request(action))
            assert response.status_code == 200
            assert response.content == b""
            assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == before, "accepted, not yet applied"
            clock.advance(0.05)
            assert await read_status_async(client, clock) == expected
            before = expected
        # A paused listener stays paused through a restart (Boomi's help: S11, S12).
        response = await update_listener_status.asyncio_detailed(client=client, body=change_request("restart"))
        assert response.status_code == 200
        clock.advance(0.35)
        assert await read_status_async(client, clock) == "paused", "a restart keeps a paused listener paused"
        await update_listener_status.asyncio_detailed(client=client, body=change_request("resume"))
        clock.advance(0.05)
        assert await read_status_async(client, clock) == "listening"
        # A listening one stops, then listens again.
        response = await update_listener_status.asyncio_detailed(client=client, body=change_request("restart"))
        assert response.status_code == 200
        clock.advance(0.05)
        assert await read_status_async(client, clock) == "paused", "restarting"
        clock.advance(0.3)
        assert await read_status_async(client, clock) == "listening"

        wrong = await update_listener_status.asyncio(
            client=client, body=ChangeListenerStatusRequest(action=ListenerAction.PAUSE, container_id="nope")
        )
        assert isinstance(wrong, Error)
        assert "listenerId" in wrong.message


def test_generated_client_over_loopback() -> None:
    clock = ManualClock()
    fake = FakeBoomi(apply_delay=0.05, restart_phase=0.05, query_delay=QUERY_DELAY, clock=clock)
    with serve(fake) as base_url:
        api_root = f"{base_url}/api/rest/v1/{DEMO_ACCOUNT_ID}"
        client = AuthenticatedClient(base_url=api_root, token="")
        client.set_httpx_client(httpx.Client(base_url=api_root, auth=AUTH, headers=HEADERS, timeout=5))
        with client:
            for action, expected in [("pause", "paused"), ("resume", "listening"), ("restart_all", "listening")]:
                response = update_listener_status.sync_detailed(client=client, body=change_request(action))
                assert response.status_code == 200
                clock.advance(0.15)  # past the apply delay (and a restart's phase)
                assert read_status(client, clock) == expected
    assert [r.status for r in fake.requests if r.path.endswith("changeListenerStatus")] == [200, 200, 200]


def test_drop_next_over_a_real_socket() -> None:
    fake = FakeBoomi(apply_delay=0.0)
    with serve(fake) as base_url, httpx.Client(base_url=f"{base_url}/api/rest/v1/{DEMO_ACCOUNT_ID}", auth=AUTH) as c:
        body = {"action": "pause", "containerId": DEMO_TEST_CONTAINER_ID, "listenerId": DEMO_TEST_LISTENER_ID}
        assert c.post("/changeListenerStatus", json={**body, "action": "resume"}).status_code == 200

        fake.faults.drop_next(1, apply=True)
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            c.post("/changeListenerStatus", json=body)
        assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused", "applied, then dropped"

        fake.faults.drop_next(1, apply=False)
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            c.post("/changeListenerStatus", json={**body, "action": "resume"})
        assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused", "dropped, not applied"

        # The server carries on: the next request (on a new connection) is answered.
        assert c.post("/changeListenerStatus", json={**body, "action": "resume"}).status_code == 200
    assert [(r.dropped, r.status) for r in fake.requests] == [(False, 200), (True, 200), (True, None), (False, 200)]


def test_latency_and_failures_over_a_real_socket() -> None:
    fake = FakeBoomi()
    with serve(fake) as base_url, httpx.Client(base_url=f"{base_url}/api/rest/v1/{DEMO_ACCOUNT_ID}", auth=AUTH) as c:
        query = {
            "QueryFilter": {
                "expression": {"operator": "EQUALS", "property": "containerId", "argument": [DEMO_TEST_CONTAINER_ID]}
            }
        }
        fake.faults.latency = 0.2
        started = time.perf_counter()
        assert c.post("/async/ListenerStatus/query", json=query).status_code == 200
        assert time.perf_counter() - started >= 0.2
        fake.faults.latency = 0
        fake.faults.fail_next(1, status=503, retry_after=1)
        failed = c.post("/async/ListenerStatus/query", json=query)
        assert failed.status_code == 503
        assert failed.headers["retry-after"] == "1"
