"""Say what changed in a spec for someone who writes a client against it.

Descriptions, summaries and examples are prose: editing them changes no
contract. Operations, parameters, media types, response codes, properties,
types, formats, enums and required lists are the contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PROSE = {"description", "summary", "example", "examples", "title", "externalDocs", "x-tagGroups"}


def _type_of(schema: Any) -> str:
    if not isinstance(schema, Mapping):
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for key in ("oneOf", "anyOf", "allOf"):
        if key in schema:
            return f"{key}[" + ", ".join(_type_of(s) for s in schema[key]) + "]"
    kind = str(schema.get("type", "object" if "properties" in schema else "any"))
    if kind == "array":
        return f"array[{_type_of(schema.get('items'))}]"
    if "format" in schema:
        kind += f"({schema['format']})"
    return kind


def _schema_changes(where: str, old: Any, new: Any) -> list[str]:
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return [] if old == new else [f"{where}: changed"]
    changes: list[str] = []
    if _type_of(old) != _type_of(new):
        changes.append(f"{where}: retyped {_type_of(old)} -> {_type_of(new)}")
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if old_enum is not None or new_enum is not None:
        before, after = list(old_enum or []), list(new_enum or [])
        changes += [f"{where}: enum value {v!r} added" for v in after if v not in before]
        changes += [f"{where}: enum value {v!r} removed" for v in before if v not in after]
    old_req, new_req = set(old.get("required", [])), set(new.get("required", []))
    changes += [f"{where}.{name}: now required" for name in sorted(new_req - old_req)]
    changes += [f"{where}.{name}: no longer required" for name in sorted(old_req - new_req)]
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name in new_props:
        if name not in old_props:
            changes.append(f"{where}.{name}: property added ({_type_of(new_props[name])})")
    for name in old_props:
        if name not in new_props:
            changes.append(f"{where}.{name}: property removed")
        else:
            changes += _schema_changes(f"{where}.{name}", old_props[name], new_props[name])
    if "items" in old and "items" in new:
        changes += _schema_changes(f"{where}[]", old["items"], new["items"])
    for key in ("oneOf", "anyOf", "allOf"):
        for i, (a, b) in enumerate(zip(old.get(key, []), new.get(key, []), strict=False)):
            changes += _schema_changes(f"{where}.{key}[{i}]", a, b)
    return changes


def _operations(doc: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {
        f"{method.upper()} {path}": item[method]
        for path, item in doc.get("paths", {}).items()
        for method in HTTP_METHODS
        if isinstance(item, Mapping) and method in item
    }


def _operation_changes(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    changes: list[str] = []
    if old.get("operationId") != new.get("operationId"):
        changes.append(f"{name}: operationId {old.get('operationId')} -> {new.get('operationId')}")
    old_params = {(p.get("in"), p.get("name")): p for p in old.get("parameters", [])}
    new_params = {(p.get("in"), p.get("name")): p for p in new.get("parameters", [])}
    for key in new_params.keys() - old_params.keys():
        changes.append(f"{name}: {key[0]} parameter {key[1]!r} added")
    for key in old_params.keys() - new_params.keys():
        changes.append(f"{name}: {key[0]} parameter {key[1]!r} removed")
    for key in old_params.keys() & new_params.keys():
        if bool(old_params[key].get("required")) != bool(new_params[key].get("required")):
            changes.append(f"{name}: {key[0]} parameter {key[1]!r} required={new_params[key].get('required')}")
        changes += _schema_changes(
            f"{name} parameter {key[1]}", old_params[key].get("schema"), new_params[key].get("schema")
        )
    old_body, new_body = old.get("requestBody") or {}, new.get("requestBody") or {}
    if bool(old_body.get("required")) != bool(new_body.get("required")):
        changes.append(f"{name}: request body required={bool(new_body.get('required'))}")
    changes += _content_changes(f"{name} request", old_body.get("content", {}), new_body.get("content", {}))
    old_resp, new_resp = old.get("responses", {}), new.get("responses", {})
    changes += [f"{name}: response {code} added" for code in new_resp if code not in old_resp]
    changes += [f"{name}: response {code} removed" for code in old_resp if code not in new_resp]
    for code in old_resp.keys() & new_resp.keys():
        changes += _content_changes(
            f"{name} response {code}", old_resp[code].get("content", {}), new_resp[code].get("content", {})
        )
    if old.get("security") != new.get("security"):
        changes.append(f"{name}: security {old.get('security')} -> {new.get('security')}")
    return changes


def _content_changes(where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    changes = [f"{where}: media type {m} added" for m in new if m not in old]
    changes += [f"{where}: media type {m} removed" for m in old if m not in new]
    for media in old.keys() & new.keys():
        changes += _schema_changes(f"{where} {media}", old[media].get("schema"), new[media].get("schema"))
    return changes


def _inline_refs(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Resolve ``#/components/responses`` refs so response changes are compared by content."""
    responses = doc.get("components", {}).get("responses", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/responses/"):
                return resolve(responses.get(ref.rsplit("/", 1)[-1], {}))
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return {"paths": resolve(doc.get("paths", {})), **{k: v for k, v in doc.items() if k != "paths"}}


def contract_changes(old_doc: Mapping[str, Any], new_doc: Mapping[str, Any]) -> list[str]:
    """List the contract differences between two OpenAPI documents."""
    old, new = _inline_refs(old_doc), _inline_refs(new_doc)
    changes: list[str] = []
    old_ops, new_ops = _operations(old), _operations(new)
    changes += [f"{n}: operation added ({new_ops[n].get('operationId')})" for n in new_ops if n not in old_ops]
    changes += [f"{n}: operation removed ({old_ops[n].get('operationId')})" for n in old_ops if n not in new_ops]
    for name in old_ops:
        if name in new_ops:
            changes += _operation_changes(name, old_ops[name], new_ops[name])
    old_schemas = old.get("components", {}).get("schemas", {})
    new_schemas = new.get("components", {}).get("schemas", {})
    changes += [f"schema {n}: added" for n in new_schemas if n not in old_schemas]
    changes += [f"schema {n}: removed" for n in old_schemas if n not in new_schemas]
    for name in old_schemas:
        if name in new_schemas:
            changes += _schema_changes(f"schema {name}", old_schemas[name], new_schemas[name])
    old_servers = [s.get("url") for s in old.get("servers", [])]
    new_servers = [s.get("url") for s in new.get("servers", [])]
    if old_servers != new_servers:
        changes.append(f"servers: {old_servers} -> {new_servers}")
    return changes


def _strip_prose(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {k: _strip_prose(v) for k, v in node.items() if k not in _PROSE}
    if isinstance(node, list):
        return [_strip_prose(v) for v in node]
    return node


def report(old_doc: Mapping[str, Any] | None, new_doc: Mapping[str, Any]) -> str:
    """A human report of what a regeneration changes in the contract."""
    if old_doc is None:
        return "contract: first generation, no previous spec to compare with."
    if old_doc == new_doc:
        return "contract: spec unchanged."
    changes = contract_changes(old_doc, new_doc)
    if changes:
        return "contract changes:\n" + "\n".join(f"  - {line}" for line in changes)
    if _strip_prose(old_doc) == _strip_prose(new_doc):
        return "contract: no contract change (descriptions or examples only)."
    return "contract: no contract change in operations, schemas or responses (other metadata changed)."
