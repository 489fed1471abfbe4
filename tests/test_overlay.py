"""``openapi/overlay.yaml`` and the Overlay 1.0 engine in ``regen.overlay``."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from regen.overlay import OverlayError, apply_overlay, merge
from regen.pipeline import EFFECTIVE_SPEC_NAME, PACKAGE, Layout, effective_spec, load_document

REPO_ROOT = Path(__file__).resolve().parents[1]
LAYOUT = Layout(REPO_ROOT)
ERROR_REF = {"$ref": "#/components/schemas/Error"}
LISTENER_OPERATIONS = {
    "UpdateListenerStatus": ("/changeListenerStatus", "post"),
    "AsyncGetListenerStatus": ("/async/ListenerStatus/query", "post"),
    "AsyncTokenListenerStatus": ("/async/ListenerStatus/response/{token}", "get"),
}
ADDED_CODES = ("400", "401", "404", "504")
SHARED_CODES = ("403", "410", "503")
TOKEN_READ_CODES = ("202", "204")


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_document(LAYOUT.spec)


@pytest.fixture(scope="module")
def effective() -> dict[str, Any]:
    return effective_spec(LAYOUT)


def overlay(*actions: dict[str, Any], version: Any = "1.0.0") -> dict[str, Any]:
    return {"overlay": version, "info": {"title": "test", "version": "1"}, "actions": list(actions)}


# --- each action of openapi/overlay.yaml shows in the effective spec ----------------------


def test_project_spec_lacks_what_the_overlay_adds(spec: dict[str, Any]) -> None:
    # Otherwise the tests below would pass without the overlay doing anything.
    assert "Error" not in spec["components"]["schemas"]
    assert set(spec["components"]["responses"]) == set(SHARED_CODES)
    for code in SHARED_CODES:
        for media in spec["components"]["responses"][code]["content"].values():
            assert "schema" not in media
    # The committed spec is Boomi's structure only: every word a reader sees comes from the overlay.
    text = json.dumps(spec)
    for keyword in ('"description"', '"summary"', '"example"', '"examples"'):
        assert keyword not in text


def test_overlay_gives_every_operation_and_schema_our_words(effective: dict[str, Any]) -> None:
    for path, method in LISTENER_OPERATIONS.values():
        operation = effective["paths"][path][method]
        assert operation["summary"], path
        assert operation["description"], path
        for response in operation["responses"].values():
            assert "$ref" in response or response["description"], path
    for name in ("ChangeListenerStatusRequest", "ListenerStatus"):
        for prop_name, prop in effective["components"]["schemas"][name]["properties"].items():
            assert prop["description"], (name, prop_name)


def test_error_schema_is_added(effective: dict[str, Any]) -> None:
    error = effective["components"]["schemas"]["Error"]
    assert error["type"] == "object"
    assert error["required"] == ["message"]
    assert set(error["properties"]) == {"@type", "message"}
    assert error["properties"]["message"]["type"] == "string"


def test_shared_error_responses_get_the_error_schema_and_keep_their_examples(
    effective: dict[str, Any], spec: dict[str, Any]
) -> None:
    for code in SHARED_CODES:
        content = effective["components"]["responses"][code]["content"]
        assert set(content) == {"application/json", "application/xml"}
        for media_type, media in content.items():
            assert media["schema"] == ERROR_REF, (code, media_type)
            assert media["examples"], (code, media_type)


def test_documented_error_responses_are_added(effective: dict[str, Any]) -> None:
    responses = effective["components"]["responses"]
    assert set(responses) == {*SHARED_CODES, *ADDED_CODES, "415"}
    for code in (*ADDED_CODES, "415"):
        assert responses[code]["description"]
        for media_type in ("application/json", "application/xml"):
            assert responses[code]["content"][media_type]["schema"] == ERROR_REF
        assert responses[code]["content"]["application/json"]["example"]["message"]


@pytest.mark.parametrize("operation_id", sorted(LISTENER_OPERATIONS))
def test_operations_with_a_body_document_415(effective: dict[str, Any], operation_id: str) -> None:
    path, method = LISTENER_OPERATIONS[operation_id]
    operation = effective["paths"][path][method]
    if "requestBody" in operation:
        assert operation["responses"]["415"] == {"$ref": "#/components/responses/415"}
    else:
        assert "415" not in operation["responses"]


@pytest.mark.parametrize("operation_id", sorted(LISTENER_OPERATIONS))
def test_every_listener_operation_references_the_added_responses(
    effective: dict[str, Any], spec: dict[str, Any], operation_id: str
) -> None:
    path, method = LISTENER_OPERATIONS[operation_id]
    operation = effective["paths"][path][method]
    assert operation["operationId"] == operation_id
    for code in ADDED_CODES:
        assert operation["responses"][code] == {"$ref": f"#/components/responses/{code}"}
    # Merged, not replaced: the operation's own answers are still there (with our words added).
    for code, response in spec["paths"][path][method]["responses"].items():
        merged = operation["responses"][code]
        assert set(response) <= set(merged), code
        for media_type, media in response.get("content", {}).items():
            assert merged["content"][media_type]["schema"] == media["schema"], (code, media_type)
    with_body = {"415"} if "requestBody" in operation else set()
    token_read = set(TOKEN_READ_CODES) if operation_id == "AsyncTokenListenerStatus" else set()
    assert set(operation["responses"]) == {"200", *SHARED_CODES, *ADDED_CODES, *with_body, *token_read}


def test_token_read_documents_202_with_the_result_schema_and_204_without_content(effective: dict[str, Any]) -> None:
    path, method = LISTENER_OPERATIONS["AsyncTokenListenerStatus"]
    responses = effective["paths"][path][method]["responses"]
    # 202: not finished yet, same body as the 200 answer, so the client parses it the same way.
    assert responses["202"]["description"]
    for media_type, media in responses["200"]["content"].items():
        assert responses["202"]["content"][media_type]["schema"] == media["schema"], media_type
    # 204: already read or expired; there is no body to parse.
    assert responses["204"]["description"]
    assert "content" not in responses["204"]


def test_effective_spec_is_what_the_client_ships(effective: dict[str, Any]) -> None:
    assert load_document(REPO_ROOT / "generated" / PACKAGE / EFFECTIVE_SPEC_NAME) == effective


def test_applying_the_overlay_leaves_the_input_alone(spec: dict[str, Any]) -> None:
    before = copy.deepcopy(spec)
    apply_overlay(spec, load_document(LAYOUT.overlay))
    assert spec == before


def test_project_overlay_fails_when_boomi_drops_what_it_corrects(spec: dict[str, Any]) -> None:
    without_responses = copy.deepcopy(spec)
    del without_responses["components"]["responses"]

    with pytest.raises(OverlayError, match=r"overlay action \d+ .*'responses' under \$\['components'\]"):
        apply_overlay(without_responses, load_document(LAYOUT.overlay))


# --- the engine ------------------------------------------------------------------------


def test_target_matching_nothing_is_an_error_not_a_no_op() -> None:
    document: dict[str, Any] = {"components": {"schemas": {}}}
    with pytest.raises(OverlayError, match=r"\$\.components\.responses.*missing key .responses."):
        apply_overlay(document, overlay({"target": "$.components.responses", "update": {"x": {}}}))


def test_remove_deletes_every_selected_node() -> None:
    document: dict[str, Any] = {
        "paths": {"/a": {"get": {"x-internal": True}}, "/b": {"get": {}}, "/c": {"post": {"x-internal": True}}},
        "tags": [{"name": "t0"}, {"name": "t1"}, {"name": "t2"}, {"name": "t3"}],
    }
    result = apply_overlay(
        document,
        overlay(
            {"target": "$.paths.*.*['x-internal']", "remove": True},
            {"target": "$.tags[?@.name == 't0' || @.name == 't2']", "remove": True},
        ),
    )
    assert result == {
        "paths": {"/a": {"get": {}}, "/b": {"get": {}}, "/c": {"post": {}}},
        "tags": [{"name": "t1"}, {"name": "t3"}],
    }
    assert document["tags"][0] == {"name": "t0"}, "the input must not change"


def test_remove_false_without_update_is_an_error() -> None:
    with pytest.raises(OverlayError, match="needs 'update' or 'remove: true'"):
        apply_overlay({"a": {}}, overlay({"target": "$.a", "remove": False}))


def test_removing_the_root_is_an_error() -> None:
    with pytest.raises(OverlayError, match="root"):
        apply_overlay({"a": 1}, overlay({"target": "$", "remove": True}))


def test_remove_of_object_members_and_array_items_together() -> None:
    document = {"a": {"x": {"drop": 1}}, "b": [{"drop": 1}, {"keep": 1}]}
    result = apply_overlay(document, overlay({"target": "$..[?@.drop]", "remove": True}))
    assert result == {"a": {}, "b": [{"keep": 1}]}


def test_update_adds_into_objects_and_appends_to_arrays() -> None:
    document = {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}, "list": [1]}
    result = apply_overlay(
        document,
        overlay(
            {
                "target": "$.schema",
                "update": {"required": ["b"], "properties": {"a": {"format": "uuid"}, "b": {"type": "integer"}}},
            },
            {"target": "$.list", "update": [2, 3]},
            {"target": "$.list", "update": {"k": "v"}},
        ),
    )
    assert result == {
        "schema": {
            "type": "object",
            "required": ["b"],
            "properties": {"a": {"type": "string", "format": "uuid"}, "b": {"type": "integer"}},
        },
        "list": [1, 2, 3, {"k": "v"}],
    }


@pytest.mark.parametrize(
    ("document", "update", "key"),
    [
        # Boomi now ships an Error schema of its own: ours must not merge into it.
        ({"schemas": {"Error": {"type": "object"}}}, {"Error": {"type": "object", "required": ["message"]}}, "type"),
        # Boomi now documents an inline 400: a $ref of ours must not land on it.
        ({"schemas": {"400": {"content": {}}}}, {"400": {"$ref": "#/components/responses/400"}}, "400"),
        # A list of Boomi's would be extended, not replaced: still an overwrite of what it says.
        ({"schemas": {"S": {"required": ["a"]}}}, {"S": {"required": ["b"]}}, "required"),
    ],
)
def test_update_refuses_to_overwrite_what_the_document_defines(
    document: dict[str, Any], update: dict[str, Any], key: str
) -> None:
    with pytest.raises(OverlayError, match=rf"overlay action 0 \('mine'\): does not fit the spec at .*\[\"{key}\"\]"):
        apply_overlay(document, overlay({"target": "$.schemas", "description": "mine", "update": update}))


def test_words_for_something_the_spec_no_longer_has_fail() -> None:
    document = {"op": {"responses": {"200": {}}, "requestBody": {"$ref": "#/components/requestBodies/B"}}}
    moved = {"requestBody": {"content": {"a/json": {"example": 1}}}}
    renamed = {"responses": {"201": {"description": "Created."}}}

    with pytest.raises(OverlayError, match=r"\[\"requestBody\"\] \(described by the overlay, missing in the spec\)"):
        apply_overlay(document, overlay({"target": "$.op", "update": moved}))
    with pytest.raises(OverlayError, match=r"\[\"201\"\] \(described by the overlay, missing in the spec\)"):
        apply_overlay(document, overlay({"target": "$.op", "update": renamed}))
    # A new answer made of words only, at the top of an update, is an addition.
    added = apply_overlay(document, overlay({"target": "$.op.responses", "update": {"204": {"description": "Gone."}}}))
    assert added["op"]["responses"]["204"] == {"description": "Gone."}


def test_every_named_target_key_must_exist() -> None:
    document = {"responses": {"410": {"content": {"a/json": {}}}, "503": {"content": {"a/json": {}, "a/xml": {}}}}}
    target = "$.responses['403','410','503'].content['a/json','a/xml']"
    with pytest.raises(OverlayError, match=r"overlay action 0 .*'403' under \$\['responses'\].*'a/xml' under"):
        apply_overlay(document, overlay({"target": target, "update": {"schema": {}}}))


def test_update_applies_to_every_selected_node_with_independent_copies() -> None:
    document: dict[str, Any] = {"responses": {"403": {}, "410": {}}}
    result = apply_overlay(document, overlay({"target": "$.responses.*", "update": {"content": {"a": {}}}}))
    assert result == {"responses": {"403": {"content": {"a": {}}}, "410": {"content": {"a": {}}}}}
    result["responses"]["403"]["content"]["b"] = {}
    assert result["responses"]["410"]["content"] == {"a": {}}


def test_actions_apply_in_order() -> None:
    result = apply_overlay(
        {"components": {}},
        overlay(
            {"target": "$.components", "update": {"schemas": {"A": {}}}},
            {"target": "$.components.schemas.A", "update": {"type": "string"}},
            {"target": "$.components.schemas.A.type", "remove": True},
        ),
    )
    assert result == {"components": {"schemas": {"A": {}}}}


def test_merge_replaces_scalars_and_copies_values() -> None:
    update = {"a": {"deep": [1]}}
    target: dict[str, Any] = {"s": "old"}
    merged = merge(target, {"s": "new", **update})
    assert merged is target
    assert target == {"s": "new", "a": {"deep": [1]}}
    update["a"]["deep"].append(2)
    assert target["a"]["deep"] == [1]
    assert merge("old", "new") == "new"


def test_update_of_a_scalar_target_is_an_error() -> None:
    with pytest.raises(OverlayError, match="not an object or array"):
        apply_overlay({"info": {"title": "t"}}, overlay({"target": "$.info.title", "update": "x"}))


def test_update_of_an_object_with_a_scalar_is_an_error() -> None:
    with pytest.raises(OverlayError):
        apply_overlay({"info": {"title": "t"}}, overlay({"target": "$.info", "update": "x"}))


@pytest.mark.parametrize("target", ["$.paths[", "paths.x", "$[?@.a ==]", "$.a[1:2:0:1]"])
def test_invalid_jsonpath_is_an_overlay_error(target: str) -> None:
    with pytest.raises(OverlayError, match="invalid JSONPath"):
        apply_overlay({"paths": {}}, overlay({"target": target, "update": {}}))


def test_target_must_be_a_string() -> None:
    with pytest.raises(OverlayError, match="'target' must be a JSONPath string"):
        apply_overlay({"paths": {}}, overlay({"update": {}}))


@pytest.mark.parametrize("version", ["2.0.0", "0.9", "", None, 1])
def test_only_overlay_1x_documents_are_accepted(version: Any) -> None:
    with pytest.raises(OverlayError, match=r"Overlay 1\.x"):
        apply_overlay({"a": {}}, overlay({"target": "$.a", "update": {}}, version=version))


def test_overlay_1_1_is_accepted() -> None:
    assert apply_overlay({"a": {}}, overlay({"target": "$.a", "update": {"b": 1}}, version="1.1.0")) == {"a": {"b": 1}}


@pytest.mark.parametrize("actions", [[], None, {"target": "$.a"}])
def test_actions_must_be_a_non_empty_list(actions: Any) -> None:
    document = {"overlay": "1.0.0", "actions": actions}
    with pytest.raises(OverlayError, match="non-empty list"):
        apply_overlay({"a": {}}, document)
