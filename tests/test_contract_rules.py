"""The change report's rules, one small edit at a time, on a small spec that uses every kind of object.

Each case edits a copy of ``SPEC`` and lists every change the report must hold, exactly (kind,
where, what), so a rule that reports too much is caught as surely as one that reports too little.
Old and new documents are separate parses of JSON, as they are when regen reads two downloads: an
unchanged value is equal in both but never the same object.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from regen.contract import ADDITIVE, BREAKING, COSMETIC, Change, compare

Doc = dict[str, Any]
Edit = Callable[[Doc], object]

GET, POST = "GET /things/{id}", "POST /things/{id}"


def ref(name: str) -> Doc:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: Doc) -> Doc:
    return {"content": {"application/json": {"schema": schema}}}


SPEC: Doc = {
    "openapi": "3.0.3",
    "info": {"title": "Things", "version": "1.0.0"},
    "servers": [{"url": "https://api.example/{v}", "variables": {"v": {"default": "one"}}}],
    "security": [{"basic": []}],
    "paths": {
        "/things/{id}": {
            "get": {
                "operationId": "getThing",
                "deprecated": True,
                "parameters": [
                    {"in": "path", "name": "id", "required": True, "schema": {"type": "string"}},
                    {"in": "header", "name": "X-Trace", "description": "A trace ID.", "deprecated": True},
                    {"in": "query", "name": "kind", "schema": ref("Kind")},
                ],
                "responses": {
                    "200": {
                        **json_body(ref("Result")),
                        "headers": {"X-Rate": {"required": True, "schema": {"type": "integer"}}},
                    },
                    "404": {"description": "Not found."},
                },
            },
            "post": {
                "operationId": "changeThing",
                "parameters": [{"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"required": True, **json_body(ref("Change"))},
                "responses": {"200": json_body(ref("Result")), "204": {"description": "Nothing to say."}},
            },
        }
    },
    "components": {
        "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}},
        "schemas": {
            "Change": {
                "type": "object",
                "required": ["action"],
                "properties": {
                    "action": {
                        "type": "string",
                        "enum": ["start", "stop"],
                        "pattern": "^[a-z]+$",
                        "default": "start",
                        "title": "The action",
                    },
                    "size": {"type": "number", "maximum": 10.5, "minimum": 0.5, "multipleOf": 0.5},
                    "label": {
                        "type": "string",
                        "maxLength": 20,
                        "minLength": 2,
                        "x-note": "a same note",
                        "deprecated": True,
                    },
                    "kind": ref("Kind"),
                    "shared": ref("Shared"),
                    "extra": {"type": "object", "nullable": True, "additionalProperties": {"type": "string"}},
                },
            },
            "Kind": {"type": "string", "enum": ["alpha", "beta"]},
            "Shared": {"type": "string", "enum": ["x", "y"]},
            "Result": {"oneOf": [ref("Done"), ref("Pending")]},
            "Done": {"type": "object", "properties": {"count": {"type": "integer"}}},
            "Pending": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "token": {"type": "string"},
                    "shared": ref("Shared"),
                    "when": {"type": "string"},
                    "list": {"type": "array", "items": {"type": "string"}},
                    "bare": {"type": "array"},
                },
            },
            "Aaa": {"type": "string"},
            "Wrapped": {"allOf": [ref("Done"), {"type": "object", "properties": {"note": {"type": "string"}}}]},
        },
    },
}


def fresh(doc: Doc) -> Doc:
    """A separate parse: equal values, never the same objects."""
    result: Doc = json.loads(json.dumps(doc))
    return result


def schemas(doc: Doc) -> Doc:
    result: Doc = doc["components"]["schemas"]
    return result


def props(doc: Doc, name: str) -> Doc:
    result: Doc = schemas(doc)[name]["properties"]
    return result


def operation(doc: Doc, method: str) -> Doc:
    result: Doc = doc["paths"]["/things/{id}"][method]
    return result


def rename_schema(doc: Doc, old: str, new: str) -> None:
    text = json.dumps(doc).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    doc.clear()
    doc.update(json.loads(text))
    schemas(doc)[new] = schemas(doc).pop(old)


def move_path(doc: Doc, method: str, new_path: str) -> Doc:
    moved: Doc = doc["paths"]["/things/{id}"].pop(method)
    doc["paths"].setdefault(new_path, {})[method] = moved
    return moved


def set_in(path: str, value: Any) -> Edit:
    """An edit that sets a dotted path below components.schemas (creating nothing)."""

    def edit(doc: Doc) -> None:
        *parents, last = path.split(".")
        node = schemas(doc)
        for part in parents:
            node = node[part]
        node[last] = value

    return edit


def drop(path: str) -> Edit:
    def edit(doc: Doc) -> None:
        *parents, last = path.split(".")
        node = schemas(doc)
        for part in parents:
            node = node[part]
        del node[last]

    return edit


def both(*edits: Edit) -> Edit:
    def edit(doc: Doc) -> None:
        for one in edits:
            one(doc)

    return edit


def add_operation(doc: Doc) -> None:
    doc["paths"]["/others"] = {"get": {"operationId": "listOthers", "responses": {"200": {}}}}


ACTION = "schema Change.action"
SIZE = "schema Change.size"
LABEL = "schema Change.label"

# ruff: noqa: E501  (one case per line reads best as a table)
CASES: list[tuple[str, Edit, list[tuple[str, str, str]]]] = [
    # a schema used by requests and responses keeps the worse kind
    ("shared enum value added", set_in("Shared.enum", ["x", "y", "z"]), [(BREAKING, "schema Shared", "enum value 'z' added")]),
    ("shared enum value removed", set_in("Shared.enum", ["x"]), [(BREAKING, "schema Shared", "enum value 'y' removed")]),
    # a schema only parameters and request bodies use is a request schema
    ("request-only enum value added", set_in("Kind.enum", ["alpha", "beta", "gamma"]), [(ADDITIVE, "schema Kind", "enum value 'gamma' added")]),
    ("now an enum", set_in("Pending.properties.when.enum", ["now"]), [(ADDITIVE, "schema Pending.when", "now an enum")]),
    ("enum removed", drop("Change.properties.action.enum"), [(ADDITIVE, ACTION, "enum removed")]),
    # bounds, both ways
    ("upper bound tighter", set_in("Change.properties.label.maxLength", 10), [(BREAKING, LABEL, "maxLength 20 -> 10 (tighter)")]),
    ("upper bound looser", set_in("Change.properties.label.maxLength", 30), [(ADDITIVE, LABEL, "maxLength 20 -> 30 (looser)")]),
    ("lower bound tighter", set_in("Change.properties.label.minLength", 5), [(BREAKING, LABEL, "minLength 2 -> 5 (tighter)")]),
    ("lower bound looser", set_in("Change.properties.label.minLength", 1), [(ADDITIVE, LABEL, "minLength 2 -> 1 (looser)")]),
    ("bound removed", drop("Change.properties.size.maximum"), [(ADDITIVE, SIZE, "maximum 10.5 -> None (looser)")]),
    ("float bound lowered", set_in("Change.properties.size.minimum", 0.25), [(ADDITIVE, SIZE, "minimum 0.5 -> 0.25 (looser)")]),
    # flags
    ("pattern changed", set_in("Change.properties.action.pattern", "^[a-z]*$"), [(BREAKING, ACTION, "pattern '^[a-z]+$' -> '^[a-z]*$'")]),
    ("pattern removed", drop("Change.properties.action.pattern"), [(ADDITIVE, ACTION, "pattern removed")]),
    ("default changed", set_in("Change.properties.action.default", "stop"), [(BREAKING, ACTION, "default 'start' -> 'stop'")]),
    ("title changed", set_in("Change.properties.action.title", "An action"), [(BREAKING, ACTION, "title 'The action' -> 'An action'")]),
    ("now nullable in a request", set_in("Change.properties.label.nullable", True), [(ADDITIVE, LABEL, "now nullable")]),
    ("now nullable in a response", set_in("Pending.properties.token.nullable", True), [(BREAKING, "schema Pending.token", "now nullable")]),
    ("no longer nullable", drop("Change.properties.extra.nullable"), [(BREAKING, "schema Change.extra", "no longer nullable")]),
    ("no longer deprecated", drop("Change.properties.label.deprecated"), [(ADDITIVE, LABEL, "no longer deprecated")]),
    ("now deprecated", set_in("Pending.properties.token.deprecated", True), [(ADDITIVE, "schema Pending.token", "now deprecated")]),
    ("xml only", set_in("Pending.xml", {"name": "pending"}), [(COSMETIC, "schema Pending", "XML representation changed (the client speaks JSON)")]),
    ("additionalProperties false -> true", set_in("Pending.additionalProperties", True), [(ADDITIVE, "schema Pending", "additionalProperties False -> True")]),
    ("items retyped in place", set_in("Pending.properties.list.items", {"type": "integer"}), [(BREAKING, "schema Pending.list", "retyped array[string] -> array[integer]"), (BREAKING, "schema Pending.list[]", "retyped string -> integer")]),
    ("items given to an array", set_in("Pending.properties.bare.items", {"type": "string"}), [(BREAKING, "schema Pending.bare", "retyped array[any] -> array[string]")]),
    ("additionalProperties schema retyped", set_in("Change.properties.extra.additionalProperties", {"type": "integer"}),
     [(BREAKING, "schema Change.extra.additionalProperties", "retyped string -> integer")]),
    ("additionalProperties schema -> false", set_in("Change.properties.extra.additionalProperties", False),
     [(BREAKING, "schema Change.extra", "additionalProperties: false (no other keys allowed)")]),
    ("additionalProperties true -> schema", set_in("Done.additionalProperties", {"type": "string"}),
     [(BREAKING, "schema Done", "additionalProperties True -> {'type': 'string'}"),
      (BREAKING, "schema Wrapped", "additionalProperties True -> {'type': 'string'}")]),
    # keys no rule covers
    ("unclassified key changed", set_in("Change.properties.size.multipleOf", 0.25), [(BREAKING, SIZE, "multipleOf changed (not classified by rule; review it)")]),
    ("unclassified key added", set_in("Change.properties.label.uniqueItems", True), [(BREAKING, LABEL, "uniqueItems changed (not classified by rule; review it)")]),
    ("extension changed", set_in("Change.properties.label.x-note", "another note"), [(COSMETIC, LABEL, "x-note changed (not classified by rule; review it)")]),
    # types
    ("property added as an array", set_in("Done.properties.tags", {"type": "array", "items": {"type": "string"}}),
     [(ADDITIVE, "schema Done.tags", "property added (array[string])"), (ADDITIVE, "schema Wrapped.tags", "property added (array[string])")]),
    ("property added without a type", set_in("Done.properties.anything", {}), [(ADDITIVE, "schema Done.anything", "property added (any)"), (ADDITIVE, "schema Wrapped.anything", "property added (any)")]),
    ("property added with properties only", set_in("Done.properties.inner", {"properties": {"a": {"type": "string"}}}),
     [(ADDITIVE, "schema Done.inner", "property added (object)"), (ADDITIVE, "schema Wrapped.inner", "property added (object)")]),
    ("property added as a union", set_in("Done.properties.either", {"oneOf": [{"type": "string"}, {"type": "integer"}]}),
     [(ADDITIVE, "schema Done.either", "property added (oneOf[string, integer])"),
      (ADDITIVE, "schema Wrapped.either", "property added (oneOf[string, integer])")]),
    ("items retyped", set_in("Done.properties.tags", {"type": "array", "items": {"type": "integer"}}),
     [(ADDITIVE, "schema Done.tags", "property added (array[integer])"), (ADDITIVE, "schema Wrapped.tags", "property added (array[integer])")]),
    ("a plain type becomes a union", set_in("Pending.properties.when", {"oneOf": [{"type": "string"}, {"type": "integer"}]}),
     [(BREAKING, "schema Pending.when.oneOf", 'branch integer added'), (BREAKING, "schema Pending.when.oneOf", 'branch string added')]),
    ("a union branch retyped", set_in("Result.oneOf", [ref("Done"), {"type": "string"}]),
     [(ADDITIVE, "schema Result.oneOf", "branch Pending removed"), (BREAKING, "schema Result.oneOf", "branch string added")]),
    ("inline union branches reordered", set_in("Result.oneOf", [ref("Pending"), ref("Done")]), []),
    ("inline branch removed", both(set_in("Done.properties.either", {"anyOf": [{"type": "string", "format": "date"}, {"type": "integer"}]})),
     [(ADDITIVE, "schema Done.either", "property added (anyOf[string(date), integer])"),
      (ADDITIVE, "schema Wrapped.either", "property added (anyOf[string(date), integer])")]),
    # references
    ("property now refers to another schema", set_in("Pending.properties.shared", ref("Kind")),
     [(BREAKING, "schema Pending.shared", "now refers to schema Kind instead of Shared")]),
    ("property refers back", set_in("Change.properties.kind", ref("Shared")),
     [(BREAKING, "schema Change.kind", "now refers to schema Shared instead of Kind")]),
    ("inline schema replaced by an equal reference", both(set_in("When", {"type": "string"}), set_in("Pending.properties.when", ref("When"))),
     [(ADDITIVE, "schema When", "added")]),
    ("reference replaced by an equal inline schema", set_in("Change.properties.kind", {"type": "string", "enum": ["alpha", "beta"]}), []),
    ("property removed before a changed one", both(drop("Change.properties.action"), set_in("Change.properties.size.maximum", 9.5)),
     [(BREAKING, ACTION, "property removed"), (BREAKING, SIZE, "maximum 10.5 -> 9.5 (tighter)")]),
    # component schemas
    ("schema added", set_in("Extra", {"type": "string"}), [(ADDITIVE, "schema Extra", "added")]),
    ("first schema removed, a later one changed", both(drop("Aaa"), set_in("Kind.enum", ["alpha"])),
     [(BREAKING, "schema Aaa", "removed (its generated model class goes away)"), (BREAKING, "schema Kind", "enum value 'beta' removed")]),
    ("renames nested three deep", lambda d: (rename_schema(d, "Shared", "Common"), rename_schema(d, "Pending", "Waiting"), rename_schema(d, "Result", "Outcome")),
     [(BREAKING, "schema Pending", "renamed to Waiting (its generated model class is renamed)"),
      (BREAKING, "schema Result", "renamed to Outcome (its generated model class is renamed)"),
      (BREAKING, "schema Shared", "renamed to Common (its generated model class is renamed)")]),
    ("schema removed before a changed one", both(drop("Done.properties.count"), set_in("Kind.enum", ["alpha"])),
     [(BREAKING, "schema Done.count", "property removed"), (BREAKING, "schema Kind", "enum value 'beta' removed"),
      (BREAKING, "schema Wrapped.count", "property removed")]),
    ("schema renamed to a later name", lambda d: rename_schema(d, "Done", "Finished"),
     [(BREAKING, "schema Done", "renamed to Finished (its generated model class is renamed)")]),
    ("schema and the schema using it renamed", lambda d: (rename_schema(d, "Done", "Finished"), rename_schema(d, "Wrapped", "Bundle")),
     [(BREAKING, "schema Done", "renamed to Finished (its generated model class is renamed)"),
      (BREAKING, "schema Wrapped", "renamed to Bundle (its generated model class is renamed)")]),
    # operations
    ("operation added", add_operation, [(ADDITIVE, "GET /others", "operation added (listOthers)")]),
    ("operationId renamed to a later name", lambda d: operation(d, "post").update(operationId="updateThing"),
     [(BREAKING, POST, "operationId renamed changeThing -> updateThing (the generated function module is renamed)")]),
    ("operation deprecated", lambda d: operation(d, "post").update(deprecated=True), [(ADDITIVE, POST, "now deprecated")]),
    ("operation no longer deprecated", lambda d: operation(d, "get").pop("deprecated"), [(ADDITIVE, GET, "no longer deprecated")]),
    ("parameter no longer deprecated", lambda d: operation(d, "get")["parameters"][1].pop("deprecated"),
     [(ADDITIVE, GET, "header parameter 'X-Trace' no longer deprecated")]),
    ("tags added", lambda d: operation(d, "get").update(tags=["things"]), [(BREAKING, GET, "tags None -> ['things'] (the generated module moves)")]),
    ("path renamed and a response added", lambda d: move_path(d, "post", "/items/{id}")["responses"].update({"409": {"description": "x"}}),
     [(ADDITIVE, "POST /items/{id}", "response 409 added"), (BREAKING, POST, "path renamed to /items/{id}"),
      (COSMETIC, "prose", "descriptions, summaries or examples changed")]),
    ("path and operationId renamed", lambda d: move_path(d, "post", "/items/{id}").update(operationId="updateItem"),
     [(BREAKING, "POST /items/{id}", "operationId renamed changeThing -> updateItem (the generated function module is renamed)"),
      (BREAKING, POST, "path renamed to /items/{id}")]),
    ("an operation removed, another moved", lambda d: (move_path(d, "post", "/items/{id}"), operation(d, "get").clear(), d["paths"]["/things/{id}"].pop("get")),
     [(BREAKING, GET, "operation removed (getThing)"), (BREAKING, POST, "path renamed to /items/{id}")]),
    ("GET moved to POST elsewhere is not a rename", lambda d: (d["paths"].update({"/new": {"post": d["paths"]["/things/{id}"].pop("get")}})),
     [(ADDITIVE, "POST /new", "operation added (getThing)"), (BREAKING, GET, "operation removed (getThing)")]),
    ("POST moved to GET elsewhere is not a rename", lambda d: (d["paths"].update({"/new": {"get": d["paths"]["/things/{id}"].pop("post")}})),
     [(ADDITIVE, "GET /new", "operation added (changeThing)"), (BREAKING, POST, "operation removed (changeThing)")]),
    # parameters
    ("parameter made optional", lambda d: operation(d, "get")["parameters"][0].update(required=False),
     [(ADDITIVE, GET, "path parameter 'id' no longer required")]),
    ("parameter made required", lambda d: operation(d, "get")["parameters"][2].update(required=True),
     [(BREAKING, GET, "query parameter 'kind' now required")]),
    ("parameter deprecated", lambda d: operation(d, "get")["parameters"][2].update(deprecated=True),
     [(ADDITIVE, GET, "query parameter 'kind' now deprecated")]),
    ("parameter removed before a changed one", lambda d: (operation(d, "get")["parameters"].pop(0), operation(d, "get")["parameters"][1].update(required=True)),
     [(BREAKING, GET, "path parameter 'id' removed"), (BREAKING, GET, "query parameter 'kind' now required")]),
    ("parameter gains a schema", lambda d: operation(d, "get")["parameters"][1].update(schema={"type": "string"}),
     [(BREAKING, f"{GET} header parameter 'X-Trace'", "schema changed")]),
    ("required parameter added", lambda d: operation(d, "post")["parameters"].append({"in": "query", "name": "force", "required": True}),
     [(BREAKING, POST, "query parameter 'force' added (required)")]),
    # request bodies
    ("required request body added", lambda d: operation(d, "get").update(requestBody={"required": True, **json_body({"type": "string"})}),
     [(BREAKING, GET, "request body added (required)")]),
    ("optional request body added", lambda d: operation(d, "get").update(requestBody=json_body({"type": "string"})),
     [(ADDITIVE, GET, "request body added (optional)")]),
    ("request body removed", lambda d: operation(d, "post").pop("requestBody"), [(BREAKING, POST, "request body removed")]),
    ("request body made optional", lambda d: operation(d, "post")["requestBody"].update(required=False),
     [(ADDITIVE, POST, "request body no longer required")]),
    # responses and their headers
    ("response removed before a changed one", lambda d: (operation(d, "get")["responses"].pop("200"), operation(d, "get")["responses"]["404"].update(json_body({"type": "string"}))),
     [(ADDITIVE, f"{GET} response 404", "media type application/json added"), (BREAKING, GET, "response 200 removed")]),
    ("response header added", lambda d: operation(d, "get")["responses"]["200"]["headers"].update({"X-Id": {"schema": {"type": "string"}}}),
     [(ADDITIVE, f"{GET} response 200", "header 'X-Id' added (optional)")]),
    ("required response header added", lambda d: operation(d, "get")["responses"]["404"].update(headers={"X-Id": {"required": True}}),
     [(ADDITIVE, f"{GET} response 404", "header 'X-Id' added (required)")]),
    ("response header removed", lambda d: operation(d, "get")["responses"]["200"].pop("headers"),
     [(BREAKING, f"{GET} response 200", "header 'X-Rate' removed")]),
    ("response header no longer required", lambda d: operation(d, "get")["responses"]["200"]["headers"]["X-Rate"].pop("required"),
     [(BREAKING, f"{GET} response 200", "header 'X-Rate' no longer required")]),
    ("response header retyped", lambda d: operation(d, "get")["responses"]["200"]["headers"]["X-Rate"].update(schema={"type": "string"}),
     [(BREAKING, f"{GET} response 200 header X-Rate", "retyped integer -> string")]),
    # the document
    ("title changed", lambda d: d["info"].update(title="Stuff"), [(COSMETIC, "info.title", "title changed")]),
    ("title changed to a later one", lambda d: d["info"].update(title="Zebras"), [(COSMETIC, "info.title", "title changed")]),
    ("openapi raised", lambda d: d.update(openapi="3.0.4"), [(COSMETIC, "openapi", "OpenAPI 3.0.3 -> 3.0.4")]),
    ("openapi lowered", lambda d: d.update(openapi="3.0.2"), [(COSMETIC, "openapi", "OpenAPI 3.0.3 -> 3.0.2")]),
    ("server variables changed", lambda d: d["servers"][0]["variables"]["v"].update(default="two"), [(COSMETIC, "servers", "server variables changed")]),
    ("security changed", lambda d: d.update(security=[]), [(BREAKING, "security", "[{'basic': []}] -> []")]),
    ("same version written otherwise", lambda d: d["info"].update(version="1.0"), [(COSMETIC, "info.version", "spec version 1.0.0 -> 1.0")]),
    ("versions that are not numbers", lambda d: d["info"].update(version="beta"), [(COSMETIC, "info.version", "spec version 1.0.0 -> beta")]),
    ("version first, then the rest", lambda d: (d["info"].update(version="2.0.0"), d.update(security=[]), set_in("Extra", {})(d)),
     [(COSMETIC, "info.version", "spec version 1.0.0 -> 2.0.0"), (ADDITIVE, "schema Extra", "added"), (BREAKING, "security", "[{'basic': []}] -> []")]),
    ("prose inside a list", lambda d: operation(d, "get")["parameters"][1].update(description="Another trace ID."),
     [(COSMETIC, "prose", "descriptions, summaries or examples changed")]),
    ("prose removed", lambda d: operation(d, "get")["parameters"][1].pop("description"), []),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_edit_gives_exactly_its_changes(edit: Edit, expected: list[tuple[str, str, str]]) -> None:
    report = report_of(edit)
    assert report.changes == [Change(*c) for c in expected]
    if expected:
        assert report.notes == [], "the layout note is only for a report without changes"


def test_prose_that_left_is_no_change_and_no_layout_change() -> None:
    report = report_of(lambda d: operation(d, "get")["parameters"][1].pop("description"))
    assert (report.changes, report.notes) == ([], [])


def report_of(edit: Edit) -> Any:
    new = copy.deepcopy(SPEC)
    edit(new)
    return compare(fresh(SPEC), fresh(new))


def test_the_report_puts_breaking_then_additive_then_cosmetic_first_and_counts_them() -> None:
    report = report_of(
        both(drop("Pending.properties.token"), set_in("Extra", {}), set_in("Pending.xml", {"name": "p"}))
    )
    assert report.classification == BREAKING
    assert report.breaking == [Change(BREAKING, "schema Pending.token", "property removed")]
    assert [report.count(k) for k in (BREAKING, ADDITIVE, COSMETIC)] == [1, 1, 1]
    assert [line.split("]")[0] for line in report.render().splitlines()[1:]] == [
        "  - [breaking",
        "  - [additive",
        "  - [cosmetic",
    ]
    assert report.notes == []
    assert len({*report.changes}) == 3, "changes are values: equal ones collapse in a set"


def test_additive_outranks_cosmetic() -> None:
    # The cosmetic change sorts first by where it is: only its rank puts it after the additive one.
    report = report_of(both(set_in("Extra", {}), lambda d: d["info"].update(title="Other")))
    assert report.classification == ADDITIVE
    assert report.breaking == []
    assert [line[:14] for line in report.render().splitlines()[1:]] == ["  - [additive]", "  - [cosmetic]"]


def flatten_change(doc: Doc) -> None:
    """Change's properties split into an allOf of two parts, its other keys spread over both."""
    change = schemas(doc)["Change"]
    properties = change.pop("properties")
    names = list(properties)
    first = {"type": "object", "required": change.pop("required"), "properties": {n: properties[n] for n in names[:3]}}
    second = {"nullable": False, "properties": {n: properties[n] for n in names[3:]}}
    change["allOf"] = [first, True, second]


def test_properties_split_into_an_all_of_mean_the_same() -> None:
    assert report_of(flatten_change).changes == []


def test_a_key_only_the_parent_of_an_all_of_has_is_kept() -> None:
    def edit(doc: Doc) -> None:
        flatten_change(doc)
        schemas(doc)["Change"]["additionalProperties"] = False

    assert report_of(edit).changes == [
        Change(BREAKING, "schema Change", "additionalProperties: false (no other keys allowed)")
    ]


def test_a_key_of_an_all_of_part_counts() -> None:
    def edit(doc: Doc) -> None:
        flatten_change(doc)
        schemas(doc)["Change"]["allOf"][2]["nullable"] = True

    assert report_of(edit).changes == [Change(ADDITIVE, "schema Change", "now nullable")]


def test_cyclic_references_end() -> None:
    def edit(doc: Doc) -> None:
        doc["components"]["requestBodies"] = {"Loop": {"$ref": "#/components/requestBodies/Loop"}}
        operation(doc, "get")["requestBody"] = {"$ref": "#/components/requestBodies/Loop"}
        schemas(doc)["Self"] = {"allOf": [ref("Self"), {"properties": {"a": {"type": "string"}}}]}

    assert {c.where for c in report_of(edit).changes} == {GET, "schema Self"}


def test_a_chain_of_references_is_followed() -> None:
    def edit(doc: Doc) -> None:
        body = operation(doc, "post").pop("requestBody")
        chain = {f"B{i}": {"$ref": f"#/components/requestBodies/B{i + 1}"} for i in range(15)}
        doc["components"]["requestBodies"] = {**chain, "B15": body}
        operation(doc, "post")["requestBody"] = {"$ref": "#/components/requestBodies/B0"}

    report = report_of(edit)
    assert report.changes == []
    assert "layout changed without changing the contract" in report.notes[0]


def test_inline_union_branches_are_told_apart_by_content() -> None:
    def edit(doc: Doc) -> None:
        schemas(doc)["Pending"]["properties"]["when"] = {"oneOf": [{"format": "date", "type": "string"}]}

    old = copy.deepcopy(SPEC)
    schemas(old)["Pending"]["properties"]["when"] = {
        "oneOf": [{"type": "string", "format": "date"}, {"type": "integer"}]
    }
    new = copy.deepcopy(old)
    edit(new)
    assert compare(fresh(old), fresh(new)).changes == [
        Change(ADDITIVE, "schema Pending.when.oneOf", "branch integer removed")
    ]


def moved_with_another(other_id: str, other_parameters: list[Doc]) -> Edit:
    """POST moves to /items/{id} as updateItem; another POST (``other_id``) appears first, at /a."""

    def edit(doc: Doc) -> None:
        moved = doc["paths"]["/things/{id}"].pop("post")
        moved["operationId"] = "updateItem"
        doc["paths"]["/a"] = {"post": {"operationId": other_id, "parameters": other_parameters, "responses": {}}}
        doc["paths"]["/items/{id}"] = {"post": moved}

    return edit


@pytest.mark.parametrize(
    ("other_id", "other_parameters"),
    [("zzz", []), ("aaa", [{"in": "header", "name": "A", "schema": {"type": "string"}}])],
    ids=["sorting-after", "sorting-before"],
)
def test_a_moved_operation_is_paired_by_its_shape_not_with_another_new_one(
    other_id: str, other_parameters: list[Doc]
) -> None:
    assert report_of(moved_with_another(other_id, other_parameters)).changes == [
        Change(ADDITIVE, "POST /a", f"operation added ({other_id})"),
        Change(
            BREAKING,
            "POST /items/{id}",
            "operationId renamed changeThing -> updateItem (the generated function module is renamed)",
        ),
        Change(BREAKING, POST, "path renamed to /items/{id}"),
    ]


def test_two_removed_copies_pair_with_one_added_copy_once() -> None:
    old = copy.deepcopy(SPEC)
    schemas(old)["Copy1"] = {"type": "object", "properties": {"z": {"type": "string"}}}
    schemas(old)["Copy2"] = copy.deepcopy(schemas(old)["Copy1"])
    new = copy.deepcopy(SPEC)
    schemas(new)["Single"] = copy.deepcopy(schemas(old)["Copy1"])
    assert compare(fresh(old), fresh(new)).changes == [
        Change(BREAKING, "schema Copy1", "renamed to Single (its generated model class is renamed)"),
        Change(BREAKING, "schema Copy2", "removed (its generated model class goes away)"),
    ]


def test_a_cyclic_all_of_in_both_specs_is_compared() -> None:
    old = copy.deepcopy(SPEC)
    schemas(old)["Self"] = {"allOf": [ref("Self"), {"properties": {"a": {"type": "string"}}}]}
    new = copy.deepcopy(old)
    schemas(new)["Self"]["allOf"][1]["properties"]["a"] = {"type": "integer"}
    assert compare(fresh(old), fresh(new)).changes == [Change(BREAKING, "schema Self.a", "retyped string -> integer")]


def test_a_layout_change_is_noted_in_either_direction() -> None:
    def edit(doc: Doc) -> None:
        body = operation(doc, "post").pop("requestBody")
        doc["components"]["requestBodies"] = {"Body": body}
        operation(doc, "post")["requestBody"] = {"$ref": "#/components/requestBodies/Body"}

    new = copy.deepcopy(SPEC)
    edit(new)
    for old_doc, new_doc in ((SPEC, new), (new, SPEC)):
        report = compare(fresh(old_doc), fresh(new_doc))
        assert report.changes == []
        assert len(report.notes) == 1
