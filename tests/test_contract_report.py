"""``regen.contract``: what a regeneration changes for someone who writes a client."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from regen.contract import contract_changes, report
from regen.pipeline import Layout, effective_spec

REPO_ROOT = Path(__file__).resolve().parents[1]
CHANGE = "POST /changeListenerStatus"
QUERY = "POST /async/ListenerStatus/query"
FETCH = "GET /async/ListenerStatus/response/{token}"

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def base() -> Doc:
    return effective_spec(Layout(REPO_ROOT))


def edited(base: Doc, *edits: Callable[[Doc], object]) -> Doc:
    doc = copy.deepcopy(base)
    for edit in edits:
        edit(doc)
    return doc


def schema(doc: Doc, name: str) -> Doc:
    result: Doc = doc["components"]["schemas"][name]
    return result


def operation(doc: Doc, path: str, method: str) -> Doc:
    result: Doc = doc["paths"][path][method]
    return result


def test_identical_specs_are_unchanged(base: Doc) -> None:
    assert report(base, copy.deepcopy(base)) == "contract: spec unchanged."
    assert contract_changes(base, copy.deepcopy(base)) == []


def test_first_generation_has_nothing_to_compare(base: Doc) -> None:
    assert report(None, base) == "contract: first generation, no previous spec to compare with."


def test_prose_only_edits_are_no_contract_change(base: Doc) -> None:
    new = edited(
        base,
        lambda d: schema(d, "ChangeListenerStatusRequest")["properties"]["action"].update(description="Reworded."),
        lambda d: operation(d, "/changeListenerStatus", "post").update(summary="Pause or resume listeners"),
        lambda d: schema(d, "ListenerStatus")["properties"]["status"].update(example="paused"),
        lambda d: d["components"]["responses"]["403"].update(description="Forbidden."),
        lambda d: d["info"].update(title="Renamed"),
    )

    assert contract_changes(base, new) == []
    assert report(base, new) == "contract: no contract change (descriptions or examples only)."


def test_other_metadata_is_not_called_prose(base: Doc) -> None:
    new = edited(base, lambda d: d["info"].update(version="2.0.0"))
    assert report(base, new) == (
        "contract: no contract change in operations, schemas or responses (other metadata changed)."
    )


def test_report_lists_every_contract_change(base: Doc) -> None:
    def retype_count(d: Doc) -> None:
        schema(d, "ListenerStatusAsyncResponse")["properties"]["numberOfResults"] = {"type": "string"}

    new = edited(
        base,
        lambda d: schema(d, "ChangeListenerStatusRequest")["properties"]["action"]["enum"].append("stop"),
        lambda d: schema(d, "ListenerStatus")["properties"].pop("connectorType"),
        lambda d: operation(d, "/changeListenerStatus", "post")["responses"].update({"429": {"description": "Slow"}}),
        lambda d: d["paths"].pop("/async/ListenerStatus/response/{token}"),
        retype_count,
        lambda d: schema(d, "ChangeListenerStatusRequest").update(required=["action", "containerId"]),
        lambda d: schema(d, "AsyncToken").update(required=[]),
    )

    changes = contract_changes(base, new)
    text = report(base, new)

    expected = [
        "schema ChangeListenerStatusRequest.action: enum value 'stop' added",
        "schema ListenerStatus.connectorType: property removed",
        f"{CHANGE}: response 429 added",
        f"{FETCH}: operation removed (AsyncTokenListenerStatus)",
        "schema ListenerStatusAsyncResponse.numberOfResults: retyped integer(int32) -> string",
        "schema ChangeListenerStatusRequest.action: now required",
        "schema ChangeListenerStatusRequest.containerId: now required",
        "schema AsyncToken.token: no longer required",
    ]
    assert sorted(changes) == sorted(expected)
    assert text.startswith("contract changes:\n")
    for line in expected:
        assert f"  - {line}" in text.splitlines()


def test_enum_value_removed_and_reordered(base: Doc) -> None:
    def shrink(d: Doc) -> None:
        schema(d, "ListenerStatusGroupingExpression")["properties"]["operator"]["enum"] = ["or"]

    def reorder(d: Doc) -> None:
        schema(d, "ChangeListenerStatusRequest")["properties"]["action"]["enum"].reverse()

    assert contract_changes(base, edited(base, shrink)) == [
        "schema ListenerStatusGroupingExpression.operator: enum value 'and' removed"
    ]
    assert contract_changes(base, edited(base, reorder)) == []


def test_operation_added_and_operation_id_renamed(base: Doc) -> None:
    def add(d: Doc) -> None:
        d["paths"]["/ListenerStatus/{id}"] = {"get": {"operationId": "GetListenerStatus", "responses": {}}}

    def rename(d: Doc) -> None:
        operation(d, "/changeListenerStatus", "post")["operationId"] = "ChangeListenerStatus"

    assert contract_changes(base, edited(base, add)) == [
        "GET /ListenerStatus/{id}: operation added (GetListenerStatus)"
    ]
    assert contract_changes(base, edited(base, rename)) == [
        f"{CHANGE}: operationId UpdateListenerStatus -> ChangeListenerStatus"
    ]


def test_parameter_changes(base: Doc) -> None:
    def add_query_param(d: Doc) -> None:
        operation(d, "/async/ListenerStatus/response/{token}", "get")["parameters"].append(
            {"name": "limit", "in": "query", "schema": {"type": "integer"}}
        )

    def retype_token(d: Doc) -> None:
        operation(d, "/async/ListenerStatus/response/{token}", "get")["parameters"][0]["schema"] = {
            "type": "string",
            "format": "uuid",
        }

    assert contract_changes(base, edited(base, add_query_param)) == [f"{FETCH}: query parameter 'limit' added"]
    assert contract_changes(base, edited(base, retype_token)) == [
        f"{FETCH} parameter token: retyped string -> string(uuid)"
    ]


def test_request_body_and_media_type_changes(base: Doc) -> None:
    def require_body(d: Doc) -> None:
        operation(d, "/changeListenerStatus", "post")["requestBody"]["required"] = True

    def drop_xml(d: Doc) -> None:
        del operation(d, "/async/ListenerStatus/query", "post")["requestBody"]["content"]["application/xml"]

    def other_body(d: Doc) -> None:
        media = operation(d, "/async/ListenerStatus/query", "post")["requestBody"]["content"]["application/json"]
        media["schema"] = {"$ref": "#/components/schemas/ListenerStatusExpression"}

    assert contract_changes(base, edited(base, require_body)) == [f"{CHANGE}: request body required=True"]
    assert contract_changes(base, edited(base, drop_xml)) == [f"{QUERY} request: media type application/xml removed"]
    assert contract_changes(base, edited(base, other_body)) == [
        f"{QUERY} request application/json: retyped ListenerStatusQueryConfig -> ListenerStatusExpression"
    ]


def test_shared_response_changes_show_on_every_operation(base: Doc) -> None:
    def drop_xml_403(d: Doc) -> None:
        del d["components"]["responses"]["403"]["content"]["application/xml"]

    changes = contract_changes(base, edited(base, drop_xml_403))

    assert sorted(changes) == sorted(
        f"{name} response 403: media type application/xml removed" for name in (CHANGE, QUERY, FETCH)
    )


def test_nested_schema_changes_have_a_path(base: Doc) -> None:
    def nested(d: Doc) -> None:
        query_filter = schema(d, "ListenerStatusQueryConfig")["properties"]["QueryFilter"]
        query_filter["properties"]["limit"] = {"type": "integer"}
        schema(d, "ListenerStatusSimpleExpression")["properties"]["argument"]["items"] = {"type": "integer"}

    assert sorted(contract_changes(base, edited(base, nested))) == [
        "schema ListenerStatusQueryConfig.QueryFilter.limit: property added (integer)",
        "schema ListenerStatusSimpleExpression.argument: retyped array[string] -> array[integer]",
        "schema ListenerStatusSimpleExpression.argument[]: retyped string -> integer",
    ]


def test_schema_security_and_server_changes(base: Doc) -> None:
    def drop_security(d: Doc) -> None:
        operation(d, "/changeListenerStatus", "post")["security"] = []

    def new_schema(d: Doc) -> None:
        d["components"]["schemas"]["Listener"] = {"type": "object"}
        del d["components"]["schemas"]["AsyncToken"]

    def new_server(d: Doc) -> None:
        d["servers"].append({"url": "https://api.platform.au.boomi.com/api/rest/v1/{accountId}"})

    assert contract_changes(base, edited(base, drop_security)) == [f"{CHANGE}: security [{{'basicAuth': []}}] -> []"]
    assert contract_changes(base, edited(base, new_schema)) == ["schema Listener: added", "schema AsyncToken: removed"]
    [servers] = contract_changes(base, edited(base, new_server))
    assert servers.startswith("servers: ")
    assert "api.platform.au.boomi.com" in servers
