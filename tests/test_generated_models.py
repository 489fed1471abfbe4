"""The generated client (``boomi_listeners_api``) against the spec it ships."""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from boomi_listeners_api import AuthenticatedClient
from boomi_listeners_api.api.change_listener_status import update_listener_status
from boomi_listeners_api.api.listener_status import async_get_listener_status, async_token_listener_status
from boomi_listeners_api.models import (
    AsyncOperationTokenResult,
    AsyncResponseStatusCode,
    AsyncToken,
    ChangeListenerStatusRequest,
    Error,
    GroupingExpressionOperator,
    ListenerAction,
    ListenerStatus,
    ListenerStatusAsyncResponse,
    ListenerStatusGroupingExpression,
    ListenerStatusQueryConfig,
    ListenerStatusSimpleExpression,
    SimpleExpressionOperator,
    SimpleExpressionProperty,
)
from boomi_listeners_api.types import UNSET

BASE_URL = "https://api.boomi.com/api/rest/v1/acme-ABC123"
CONTAINER = "b2d4f6a8-1c3e-4a5b-8d7f-9e0a1b2c3d4e"
LISTENER = "3f1c2a9e-5b7d-4e21-9c0a-7d2e4b6f8a10"
# Test data of our own; what the spec's examples say is read from the spec, never assumed here.
ACTIONS = tuple(member.value for member in ListenerAction)
NOT_AN_ACTION = "not-an-action"  # a value no spec revision will add


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    text = (importlib.resources.files("boomi_listeners_api") / "openapi.json").read_text(encoding="utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


def json_example(spec: dict[str, Any], path: str, method: str, code: str) -> Any:
    return spec["paths"][path][method]["responses"][code]["content"]["application/json"]["example"]


def mock_client(handler: Callable[[httpx.Request], httpx.Response]) -> AuthenticatedClient:
    client = AuthenticatedClient(base_url=BASE_URL, token="dXNlcjpwYXNz", prefix="Basic")
    client.set_httpx_client(
        httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(handler), headers={"Authorization": "Basic x"})
    )
    return client


# --- ChangeListenerStatusRequest and ListenerAction --------------------------------------


def test_listener_action_is_the_spec_enum(shipped: dict[str, Any]) -> None:
    # The handwritten Action is checked against this enum in tests/test_spec_ties.py.
    spec_enum = shipped["components"]["schemas"]["ChangeListenerStatusRequest"]["properties"]["action"]["enum"]
    assert sorted(ACTIONS) == sorted(spec_enum)
    for value in spec_enum:
        assert ListenerAction(value).value == value
        assert str(ListenerAction(value)) == value


@pytest.mark.parametrize("with_listener", [True, False], ids=["one-listener", "all-listeners"])
@pytest.mark.parametrize("action", ACTIONS)
def test_change_request_round_trips(action: str, with_listener: bool) -> None:
    wire = {"action": action, "containerId": CONTAINER} | ({"listenerId": LISTENER} if with_listener else {})

    request = ChangeListenerStatusRequest.from_dict(wire)

    assert request.action is ListenerAction(action)
    assert request.container_id == CONTAINER
    assert request.listener_id == (LISTENER if with_listener else UNSET)
    assert request.to_dict() == wire
    assert ChangeListenerStatusRequest.from_dict(request.to_dict()) == request
    built = ChangeListenerStatusRequest(
        action=ListenerAction(action), container_id=CONTAINER, **({"listener_id": LISTENER} if with_listener else {})
    )
    assert built == request


def test_change_request_rejects_an_unknown_action() -> None:
    with pytest.raises(ValueError, match=NOT_AN_ACTION):
        ChangeListenerStatusRequest.from_dict({"action": NOT_AN_ACTION, "containerId": CONTAINER})


# --- examples of the shipped spec parse to typed objects ---------------------------------


def test_listener_status_example_parses(shipped: dict[str, Any]) -> None:
    example = json_example(shipped, "/async/ListenerStatus/response/{token}", "get", "200")

    response = ListenerStatusAsyncResponse.from_dict(example)

    assert response.response_status_code is AsyncResponseStatusCode(example["responseStatusCode"])
    assert response.number_of_results == example["numberOfResults"]
    assert isinstance(response.result, list)
    assert len(response.result) == len(example["result"]) >= 1
    for status, row in zip(response.result, example["result"], strict=True):
        assert isinstance(status, ListenerStatus)
        assert (status.listener_id, status.status) == (row["listenerId"], row["status"])
        assert status.connector_type == row.get("connectorType", UNSET)
        assert status["@type"] == row["@type"]
    assert response["@type"] == example["@type"]
    assert response.to_dict() == example


def test_async_token_example_parses(shipped: dict[str, Any]) -> None:
    example = json_example(shipped, "/async/ListenerStatus/query", "post", "200")

    result = AsyncOperationTokenResult.from_dict(example)

    assert isinstance(result.async_token, AsyncToken)
    assert result.async_token.token == example["asyncToken"]["token"]
    assert result.response_status_code == example["responseStatusCode"]
    assert result.to_dict() == example


def test_query_examples_parse_to_simple_and_grouping_expressions(shipped: dict[str, Any]) -> None:
    body = shipped["paths"]["/async/ListenerStatus/query"]["post"]["requestBody"]["content"]["application/json"]
    examples = {name: example["value"] for name, example in body["examples"].items()}
    kinds: set[type] = set()

    for name, value in examples.items():
        config = ListenerStatusQueryConfig.from_dict(value)
        expression = config.query_filter.expression
        kinds.add(type(expression))
        wire = value["QueryFilter"]["expression"]
        if isinstance(expression, ListenerStatusSimpleExpression):
            assert expression.operator is SimpleExpressionOperator(wire["operator"])
            assert expression.property_ is SimpleExpressionProperty(wire["property"])
            assert expression.argument == wire["argument"]
        else:
            assert isinstance(expression, ListenerStatusGroupingExpression)
            assert expression.operator is GroupingExpressionOperator(wire["operator"])
            assert isinstance(expression.nested_expression, list)
            assert len(expression.nested_expression) == len(wire["nestedExpression"])
        assert config.to_dict() == value, name
    # The examples show both shapes of filter a caller can send.
    assert kinds == {ListenerStatusSimpleExpression, ListenerStatusGroupingExpression}


def test_query_filter_of_our_own_parses_to_typed_expressions() -> None:
    wire = {
        "QueryFilter": {
            "expression": {
                "operator": "and",
                "nestedExpression": [
                    {"operator": "EQUALS", "property": "listenerId", "argument": [LISTENER]},
                    {"operator": "EQUALS", "property": "containerId", "argument": [CONTAINER]},
                ],
            }
        }
    }
    grouping = ListenerStatusQueryConfig.from_dict(wire).query_filter.expression
    assert isinstance(grouping, ListenerStatusGroupingExpression)
    assert grouping.operator is GroupingExpressionOperator.AND
    assert isinstance(grouping.nested_expression, list)
    assert [
        (e.property_, e.argument) for e in grouping.nested_expression if isinstance(e, ListenerStatusSimpleExpression)
    ] == [
        (SimpleExpressionProperty.LISTENERID, [LISTENER]),
        (SimpleExpressionProperty.CONTAINERID, [CONTAINER]),
    ]


@pytest.mark.parametrize("code", ["400", "401", "404", "504"])
def test_documented_error_examples_parse(shipped: dict[str, Any], code: str) -> None:
    example = shipped["components"]["responses"][code]["content"]["application/json"]["example"]
    error = Error.from_dict(example)
    assert error.type_ == "Error"
    assert error.message == example["message"]


def test_error_parses_type_and_message() -> None:
    error = Error.from_dict({"@type": "Error", "message": "Listener not found."})

    assert error.type_ == "Error"
    assert error.message == "Listener not found."
    assert error.to_dict() == {"@type": "Error", "message": "Listener not found."}
    assert Error.from_dict({"message": "m"}).type_ is UNSET


# --- the API functions over a mock transport ---------------------------------------------


@pytest.mark.parametrize("code", [403, 410, 503])
def test_change_listener_status_parses_an_error_body(code: int) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(code, json={"@type": "Error", "message": f"refused with {code}"})

    body = ChangeListenerStatusRequest(action=ListenerAction.PAUSE, container_id=CONTAINER, listener_id=LISTENER)
    response = update_listener_status.sync_detailed(client=mock_client(handler), body=body)

    assert response.status_code == code
    assert isinstance(response.parsed, Error)
    assert response.parsed.message == f"refused with {code}"
    [request] = seen
    assert request.method == "POST"
    assert request.url == f"{BASE_URL}/changeListenerStatus"
    assert json.loads(request.content) == {"action": "pause", "containerId": CONTAINER, "listenerId": LISTENER}


def test_change_listener_status_accepts_an_empty_200() -> None:
    client = mock_client(lambda request: httpx.Response(200))
    body = ChangeListenerStatusRequest(action=ListenerAction.RESTART_ALL, container_id=CONTAINER)

    response = update_listener_status.sync_detailed(client=client, body=body)

    assert response.status_code == 200
    assert response.parsed is None


def test_query_then_fetch_result(shipped: dict[str, Any]) -> None:
    token_example = json_example(shipped, "/async/ListenerStatus/query", "post", "200")
    result_example = json_example(shipped, "/async/ListenerStatus/response/{token}", "get", "200")
    token = token_example["asyncToken"]["token"]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/async/ListenerStatus/query"):
            return httpx.Response(200, json=token_example)
        if request.method == "GET" and request.url.path.endswith(f"/async/ListenerStatus/response/{token}"):
            return httpx.Response(200, json=result_example)
        return httpx.Response(404, json={"message": f"no route {request.method} {request.url.path}"})

    client = mock_client(handler)
    query = ListenerStatusQueryConfig.from_dict(
        {"QueryFilter": {"expression": {"operator": "EQUALS", "property": "containerId", "argument": [CONTAINER]}}}
    )
    started = async_get_listener_status.sync(client=client, body=query)
    assert isinstance(started, AsyncOperationTokenResult)
    fetched = async_token_listener_status.sync(started.async_token.token, client=client)
    assert isinstance(fetched, ListenerStatusAsyncResponse)
    assert fetched.response_status_code is AsyncResponseStatusCode.VALUE_200
    missing = async_token_listener_status.sync("ListenerStatus-unknown", client=client)
    assert isinstance(missing, Error)
    assert missing.message.startswith("no route GET")


async def test_async_variant_parses_an_error_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"@type": "Error", "message": "Access denied."})

    client = AuthenticatedClient(base_url=BASE_URL, token="t")
    client.set_async_httpx_client(httpx.AsyncClient(base_url=BASE_URL, transport=httpx.MockTransport(handler)))

    parsed = await async_token_listener_status.asyncio("some-token", client=client)

    assert isinstance(parsed, Error)
    assert parsed.message == "Access denied."
