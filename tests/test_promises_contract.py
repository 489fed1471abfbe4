"""The regeneration's change report names every contract change a client writer must know about.

Small hand-made specs, one change each, so each test shows one promise. The report's wording may
change; the tests only require that the change is reported, naming what changed.
"""

from __future__ import annotations

import copy
from typing import Any

from regen.contract import compare

Doc = dict[str, Any]


def report(old: Doc, new: Doc) -> str:
    return compare(old, new).render()


def spec() -> Doc:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things/{id}": {
                "post": {
                    "operationId": "changeThing",
                    "parameters": [
                        {"in": "path", "name": "id", "required": True, "schema": {"type": "string"}},
                        {"in": "query", "name": "dryRun", "required": False, "schema": {"type": "boolean"}},
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Change"}}},
                    },
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Result"}}}}
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Change": {"type": "object", "properties": {"action": {"type": "string"}}},
                "Result": {"oneOf": [{"$ref": "#/components/schemas/Done"}, {"$ref": "#/components/schemas/Pending"}]},
                "Done": {"type": "object", "properties": {"count": {"type": "integer"}}},
                "Pending": {"type": "object", "properties": {"token": {"type": "string"}}},
                "Wrapped": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Done"},
                        {"type": "object", "properties": {"note": {"type": "string"}}},
                    ]
                },
            }
        },
    }


def operation(doc: Doc) -> Doc:
    result: Doc = doc["paths"]["/things/{id}"]["post"]
    return result


def changed_lines(old: Doc, new: Doc) -> list[str]:
    text = report(old, new)
    assert "unchanged" not in text, text
    assert "no contract change" not in text, text
    return text.splitlines()


def test_media_type_added_to_a_request_body_is_reported() -> None:
    old, new = spec(), spec()
    operation(new)["requestBody"]["content"]["application/xml"] = {"schema": {"type": "object"}}
    assert any("application/xml" in line for line in changed_lines(old, new))


def test_media_type_added_to_a_response_is_reported() -> None:
    old, new = spec(), spec()
    operation(new)["responses"]["200"]["content"]["application/xml"] = {"schema": {"type": "object"}}
    assert any("application/xml" in line for line in changed_lines(old, new))


def test_removed_parameter_is_reported_as_removed() -> None:
    old, new = spec(), spec()
    operation(new)["parameters"] = [p for p in operation(new)["parameters"] if p["name"] != "dryRun"]
    lines = [line for line in changed_lines(old, new) if "dryRun" in line]
    assert lines
    assert any("remov" in line.lower() for line in lines), lines
    assert not any("added" in line.lower() for line in lines), lines


def test_request_body_becoming_optional_is_reported() -> None:
    old, new = spec(), spec()
    operation(new)["requestBody"]["required"] = False
    assert any("request" in line.lower() and "required" in line.lower() for line in changed_lines(old, new))


def test_optional_request_body_added_to_an_operation_without_one_is_reported() -> None:
    old, new = spec(), spec()
    del operation(old)["requestBody"]
    operation(new)["requestBody"] = {"content": {"application/json": {"schema": {"type": "object"}}}}
    lines = changed_lines(old, new)
    assert any("request body added" in line and "optional" in line for line in lines), lines


def test_alternative_of_a_one_of_schema_retyped_is_reported() -> None:
    old, new = spec(), spec()
    new["components"]["schemas"]["Result"]["oneOf"][1] = {"type": "string"}
    lines = changed_lines(old, new)
    assert any("Result" in line for line in lines), lines


def test_property_changed_inside_an_all_of_member_is_reported() -> None:
    old, new = spec(), spec()
    new["components"]["schemas"]["Wrapped"]["allOf"][1]["properties"]["note"] = {"type": "integer"}
    lines = changed_lines(old, new)
    assert any("Wrapped" in line and "note" in line for line in lines), lines


def test_prose_only_edits_are_not_contract_changes() -> None:
    old = spec()
    new = copy.deepcopy(old)
    operation(new)["description"] = "Now with words."
    found = compare(old, new)
    # Prose is reported, as cosmetic only: nothing a client writer must act on.
    assert found.classification == "cosmetic", found.render()
    assert found.count("breaking") == found.count("additive") == 0, found.render()
