"""``regen.contract``: every change classified from the client's point of view.

Each case edits the effective spec the client is generated from and names the
one change the report must show (kind, where, what), or none for layout
refactors that mean the same thing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from regen.contract import ADDITIVE, BREAKING, COSMETIC, Change, compare, contract_changes
from regen.pipeline import Layout, effective_spec

REPO_ROOT = Path(__file__).resolve().parents[1]
CHANGE = "POST /changeListenerStatus"
QUERY = "POST /async/ListenerStatus/query"
FETCH = "GET /async/ListenerStatus/response/{token}"
FETCH_PATH = "/async/ListenerStatus/response/{token}"

Doc = dict[str, Any]
Edit = Callable[[Doc], object]


@pytest.fixture(scope="module")
def base() -> Doc:
    return effective_spec(Layout(REPO_ROOT))


def schema(doc: Doc, name: str) -> Doc:
    result: Doc = doc["components"]["schemas"][name]
    return result


def prop(doc: Doc, name: str, prop_name: str) -> Doc:
    result: Doc = schema(doc, name)["properties"][prop_name]
    return result


def op(doc: Doc, path: str, method: str = "post") -> Doc:
    result: Doc = doc["paths"][path][method]
    return result


def fetch(doc: Doc) -> Doc:
    return op(doc, FETCH_PATH, "get")


def rename_schema(doc: Doc, old: str, new: str) -> None:
    doc["components"]["schemas"] = {new if k == old else k: v for k, v in doc["components"]["schemas"].items()}
    _replace_refs(doc, f"#/components/schemas/{old}", f"#/components/schemas/{new}")


def _replace_refs(node: Any, old: str, new: str) -> None:
    if isinstance(node, dict):
        if node.get("$ref") == old:
            node["$ref"] = new
        for value in node.values():
            _replace_refs(value, old, new)
    elif isinstance(node, list):
        for value in node:
            _replace_refs(value, old, new)


def rename_path(doc: Doc, old: str, new: str) -> None:
    doc["paths"] = {new if k == old else k: v for k, v in doc["paths"].items()}


def body_to_components(doc: Doc) -> None:
    body = op(doc, "/changeListenerStatus").pop("requestBody")
    doc["components"].setdefault("requestBodies", {})["Change"] = body
    op(doc, "/changeListenerStatus")["requestBody"] = {"$ref": "#/components/requestBodies/Change"}


def parameter_to_path_level(doc: Doc) -> None:
    doc["paths"][FETCH_PATH]["parameters"] = fetch(doc).pop("parameters")


def properties_into_all_of(doc: Doc) -> None:
    status = schema(doc, "ListenerStatus")
    first = {"type": "object", "properties": {"listenerId": status["properties"].pop("listenerId")}}
    status["allOf"] = [first]


def add_required_header(doc: Doc) -> None:
    fetch(doc)["parameters"].append(
        {"name": "X-Boomi-Tenant", "in": "header", "required": True, "schema": {"type": "string"}}
    )


# ruff: noqa: E501  (one case per line reads best as a table)
# (id, edit, expected changes as (kind, where, what); an empty list: no contract change)
CASES: list[tuple[str, Edit, list[tuple[str, str, str]]]] = [
    ("action enum value added (request)", lambda d: prop(d, "ChangeListenerStatusRequest", "action")["enum"].append("stop"),
     [(ADDITIVE, "schema ChangeListenerStatusRequest.action", "enum value 'stop' added")]),
    ("action enum value removed (request)", lambda d: prop(d, "ChangeListenerStatusRequest", "action")["enum"].remove("restart"),
     [(BREAKING, "schema ChangeListenerStatusRequest.action", "enum value 'restart' removed")]),
    ("response enum value added", lambda d: prop(d, "ListenerStatusAsyncResponse", "responseStatusCode")["enum"].append(204),
     [(BREAKING, "schema ListenerStatusAsyncResponse.responseStatusCode", "enum value 204 added")]),
    ("enum reordered", lambda d: prop(d, "ChangeListenerStatusRequest", "action")["enum"].reverse(), []),
    ("response property removed", lambda d: schema(d, "ListenerStatus")["properties"].pop("connectorType"),
     [(BREAKING, "schema ListenerStatus.connectorType", "property removed")]),
    ("response property added", lambda d: schema(d, "ListenerStatus")["properties"].update(node={"type": "string"}),
     [(ADDITIVE, "schema ListenerStatus.node", "property added (string)")]),
    ("required request property added",
     lambda d: (schema(d, "ChangeListenerStatusRequest")["properties"].update(reason={"type": "string"}),
                schema(d, "ChangeListenerStatusRequest").update(required=["reason"])),
     [(BREAKING, "schema ChangeListenerStatusRequest.reason", "property added (string, required)")]),
    ("retyped", lambda d: prop(d, "ListenerStatusAsyncResponse", "numberOfResults").update(type="string", format=None),
     [(BREAKING, "schema ListenerStatusAsyncResponse.numberOfResults", "retyped integer(int32) -> string(None)")]),
    ("request property made required", lambda d: schema(d, "ChangeListenerStatusRequest").update(required=["containerId"]),
     [(BREAKING, "schema ChangeListenerStatusRequest.containerId", "now required")]),
    ("response property no longer required", lambda d: schema(d, "ListenerStatus").update(required=["listenerId"]),
     [(BREAKING, "schema ListenerStatus.status", "no longer required")]),
    ("response property made nullable", lambda d: prop(d, "ListenerStatus", "status").update(nullable=True),
     [(BREAKING, "schema ListenerStatus.status", "now nullable")]),
    ("additionalProperties false", lambda d: schema(d, "ListenerStatus").update(additionalProperties=False),
     [(BREAKING, "schema ListenerStatus", "additionalProperties: false (no other keys allowed)")]),
    ("request pattern added", lambda d: prop(d, "ChangeListenerStatusRequest", "containerId").update(pattern="^[0-9a-f-]+$"),
     [(BREAKING, "schema ChangeListenerStatusRequest.containerId", "pattern '^[0-9a-f-]+$' added")]),
    ("request maxLength added", lambda d: prop(d, "ChangeListenerStatusRequest", "listenerId").update(maxLength=36),
     [(BREAKING, "schema ChangeListenerStatusRequest.listenerId", "maxLength None -> 36 (tighter)")]),
    ("response maxLength added", lambda d: prop(d, "ListenerStatus", "listenerId").update(maxLength=36),
     [(ADDITIVE, "schema ListenerStatus.listenerId", "maxLength None -> 36 (tighter)")]),
    ("deprecated", lambda d: prop(d, "ListenerStatus", "connectorType").update(deprecated=True),
     [(ADDITIVE, "schema ListenerStatus.connectorType", "now deprecated")]),
    ("required header added", add_required_header,
     [(BREAKING, FETCH, "header parameter 'X-Boomi-Tenant' added (required)")]),
    ("response 429 added", lambda d: op(d, "/changeListenerStatus")["responses"].update({"429": {"description": ""}}),
     [(ADDITIVE, CHANGE, "response 429 added")]),
    ("response removed", lambda d: op(d, "/changeListenerStatus")["responses"].pop("403"),
     [(BREAKING, CHANGE, "response 403 removed")]),
    ("operation removed", lambda d: d["paths"].pop(FETCH_PATH),
     [(BREAKING, FETCH, "operation removed (AsyncTokenListenerStatus)")]),
    ("operationId renamed", lambda d: op(d, "/changeListenerStatus").update(operationId="ChangeListenerStatus"),
     [(BREAKING, CHANGE, "operationId renamed UpdateListenerStatus -> ChangeListenerStatus (the generated function module is renamed)")]),
    ("path renamed", lambda d: rename_path(d, "/changeListenerStatus", "/listeners/changeStatus"),
     [(BREAKING, CHANGE, "path renamed to /listeners/changeStatus")]),
    ("schema renamed", lambda d: rename_schema(d, "AsyncToken", "AsyncOperationToken"),
     [(BREAKING, "schema AsyncToken", "renamed to AsyncOperationToken (its generated model class is renamed)")]),
    ("request body required", lambda d: op(d, "/changeListenerStatus")["requestBody"].update(required=True),
     [(BREAKING, CHANGE, "request body now required")]),
    ("request media type removed", lambda d: op(d, "/async/ListenerStatus/query")["requestBody"]["content"].pop("application/xml"),
     [(BREAKING, f"{QUERY} request", "media type application/xml removed")]),
    ("server removed", lambda d: d["servers"].pop(),
     [(BREAKING, "servers", "server https://api.platform.gb.boomi.com/api/rest/v1/{accountId} removed")]),
    ("server added", lambda d: d["servers"].append({"url": "https://api.platform.au.boomi.com/api/rest/v1/{accountId}"}),
     [(ADDITIVE, "servers", "server https://api.platform.au.boomi.com/api/rest/v1/{accountId} added")]),
    ("version downgraded", lambda d: d["info"].update(version="0.9.0"),
     [(BREAKING, "info.version", "spec version downgraded 1.0.0 -> 0.9.0 (an older download?)")]),
    ("version raised", lambda d: d["info"].update(version="1.1.0"), [(COSMETIC, "info.version", "spec version 1.0.0 -> 1.1.0")]),
    ("prose only", lambda d: op(d, "/changeListenerStatus").update(summary="Reworded."),
     [(COSMETIC, "prose", "descriptions, summaries or examples changed")]),
    ("request body moved to components", body_to_components, []),
    ("path parameter moved to the path item", parameter_to_path_level, []),
    ("properties split into allOf", properties_into_all_of, []),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_change_is_classified(base: Doc, edit: Edit, expected: list[tuple[str, str, str]]) -> None:
    new = copy.deepcopy(base)
    edit(new)

    report = compare(base, new)

    assert report.changes == [Change(*change) for change in expected]
    assert report.classification == (
        max((c[0] for c in expected), key=[COSMETIC, ADDITIVE, BREAKING].index) if expected else "none"
    )


def test_identical_specs_and_first_generation(base: Doc) -> None:
    assert compare(base, copy.deepcopy(base)).render() == "contract: no contract change."
    assert compare(None, base).first
    assert compare(None, base).render().startswith("contract: first generation (spec version 1.0.0)")


def test_layout_refactors_say_so_in_a_note(base: Doc) -> None:
    new = copy.deepcopy(base)
    body_to_components(new)
    parameter_to_path_level(new)

    report = compare(base, new)

    assert report.changes == []
    assert "layout changed without changing the contract" in report.render()


def test_report_lists_breaking_changes_first_with_counts(base: Doc) -> None:
    new = copy.deepcopy(base)
    prop(new, "ChangeListenerStatusRequest", "action")["enum"].append("stop")
    schema(new, "ListenerStatus")["properties"].pop("connectorType")

    lines = compare(base, new).render().splitlines()

    assert lines[0] == "contract: breaking (1 breaking, 1 additive); spec version 1.0.0 -> 1.0.0."
    assert lines[1] == "  - [breaking] schema ListenerStatus.connectorType: property removed"
    assert lines[2] == "  - [additive] schema ChangeListenerStatusRequest.action: enum value 'stop' added"
    assert contract_changes(base, new) == [str(c) for c in compare(base, new).changes]
