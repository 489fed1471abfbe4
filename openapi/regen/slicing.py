"""Cut the listener operations (and the reads that resolve names, and the quiesce operations) and everything
they reference out of Boomi's full platform spec, and keep only their structure.

The full download (300+ paths) fails openapi-python-client's validation in
places we never use, so we take only the operations we need and the closure of
their ``$ref`` pointers. Nothing outside that closure is parsed or validated.

The committed spec is Boomi's *structure* and nothing else: paths, operations,
operationIds, parameters, schemas, names, types, enums, required lists,
responses, servers and security. Prose (descriptions, summaries, examples) is
left out, so importing the same download twice, or a download whose wording
changed, writes the same bytes; our own words live in ``overlay.yaml``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from regen.errors import RegenError

JSONDoc = dict[str, Any]

LISTENER_OPERATIONS = ("UpdateListenerStatus", "AsyncGetListenerStatus", "AsyncTokenListenerStatus")
# The read operations that turn names into IDs: runtimes (Atom), environments and their runtimes
# (EnvironmentAtomAttachment), and listener processes (Process). Reads only: nothing here changes an account.
NAME_OPERATIONS = (
    "QueryAtom",
    "QueryMoreAtom",
    "GetAtom",
    "BulkAtom",
    "QueryEnvironment",
    "QueryMoreEnvironment",
    "QueryEnvironmentAtomAttachment",
    "QueryMoreEnvironmentAtomAttachment",
    "QueryProcess",
    "QueryMoreProcess",
    "BulkProcess",
)
# What quiescing a runtime needs besides its listeners: its schedules, its running executions, its
# health (GetAtom, shared with the name reads).
QUIESCE_OPERATIONS = (
    "QueryProcessScheduleStatus",
    "QueryMoreProcessScheduleStatus",
    "GetProcessScheduleStatus",
    "BulkProcessScheduleStatus",
    "UpdateProcessScheduleStatus",
    "QueryExecutionRecord",
    "QueryMoreExecutionRecord",
    "cancelExecutionOperation",
    "GetAtom",
)
# The union, in order, each operation once.
SLICED_OPERATIONS = tuple(dict.fromkeys((*LISTENER_OPERATIONS, *NAME_OPERATIONS, *QUIESCE_OPERATIONS)))
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


# Keywords that carry sentences or sample values, never contract.
PROSE_KEYWORDS = frozenset({"description", "summary", "example", "examples", "externalDocs", "x-tagGroups"})
# Keywords whose value is literal data (not OpenAPI objects to walk).
_LITERAL_KEYWORDS = frozenset({"enum", "default", "required", "const"})
# Keywords whose value maps user-chosen names (a property called "description") to OpenAPI objects.
_NAME_MAPS = frozenset(
    {
        "paths",
        "properties",
        "responses",
        "headers",
        "schemas",
        "parameters",
        "requestBodies",
        "securitySchemes",
        "variables",
        "mapping",
        "links",
        "callbacks",
        "encoding",
        "scopes",
    }
)


class SliceError(RegenError):
    """The download lacks an operation or a referenced component."""


def _structure(node: Any) -> Any:
    """``node`` without prose keywords, walking OpenAPI objects only where keys are keywords."""
    if isinstance(node, list):
        return [_structure(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    kept: JSONDoc = {}
    for key, value in node.items():
        if key in PROSE_KEYWORDS:
            continue
        if key in _LITERAL_KEYWORDS or key.startswith("x-"):
            if key == "enum" and value == []:
                continue  # Boomi's empty enums mean "not documented", not "no value is valid"
            kept[key] = copy.deepcopy(value)
        elif key == "content" and isinstance(value, Mapping):
            # A media type has a "/" ("application/json"); Boomi sometimes puts a bare "example" here.
            kept[key] = {m: _structure(v) for m, v in value.items() if "/" in m and isinstance(v, Mapping)}
        elif key in _NAME_MAPS and isinstance(value, Mapping):
            kept[key] = {name: _structure(item) for name, item in value.items()}
        else:
            kept[key] = _structure(value)
    return kept


def structure_only(document: Mapping[str, Any]) -> JSONDoc:
    """The document without prose: what a client can rely on, in the download's own order."""
    result: JSONDoc = _structure(document)
    info = document.get("info", {})
    result["info"] = {key: info[key] for key in ("title", "version") if key in info}
    if "tags" in result:
        result["tags"] = [{"name": tag["name"]} for tag in result["tags"] if isinstance(tag, Mapping)]
    return result


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(document: Mapping[str, Any], ref: str) -> tuple[tuple[str, ...], Any]:
    if not ref.startswith("#/"):
        raise SliceError(f"slice: only local $ref pointers are supported, got {ref!r}")
    parts = tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))
    node: Any = document
    for part in parts:
        if not isinstance(node, Mapping) or part not in node:
            raise SliceError(f"slice: $ref {ref!r} points at nothing in the download")
        node = node[part]
    return parts, node


def slice_spec(document: Mapping[str, Any], operation_ids: Iterable[str] = SLICED_OPERATIONS) -> JSONDoc:
    """Return a standalone document with only ``operation_ids`` and their closure."""
    wanted = set(operation_ids)
    paths: dict[str, dict[str, Any]] = {}
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, Mapping) else None
            if isinstance(operation, Mapping) and operation.get("operationId") in wanted:
                kept = paths.setdefault(path, {k: v for k, v in item.items() if k not in HTTP_METHODS})
                kept[method] = operation
                wanted.discard(str(operation["operationId"]))
    if wanted:
        raise SliceError(f"slice: operations not found in the download: {', '.join(sorted(wanted))}")

    # Walk the $ref closure breadth-first; each pointer is resolved once. Pointers inside prose are not
    # followed: Boomi's queryMore examples point at the query's example, which the import drops anyway.
    components: dict[tuple[str, ...], Any] = {}
    pending = list(_refs(_structure(paths)))
    seen: set[str] = set()
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        parts, node = _resolve(document, ref)
        components[parts] = node
        pending.extend(_refs(_structure(node)))

    schemes = document.get("components", {}).get("securitySchemes", {})
    used_schemes = {
        name
        for item in paths.values()
        for method in HTTP_METHODS
        for requirement in (item.get(method) or {}).get("security", document.get("security", []))
        for name in requirement
    }
    used_tags = {tag for item in paths.values() for m in HTTP_METHODS for tag in (item.get(m) or {}).get("tags", [])}

    sliced: JSONDoc = {key: document[key] for key in ("openapi", "info", "servers") if key in document}
    if document.get("tags"):
        sliced["tags"] = [tag for tag in document["tags"] if tag.get("name") in used_tags]
    if "security" in document:
        sliced["security"] = document["security"]
    # Paths and component names in sorted order: the committed spec does not change when Boomi
    # reorders its download, and diffs between downloads stay small.
    sliced["paths"] = dict(sorted(paths.items()))
    sliced_components: dict[str, dict[str, Any]] = {}
    for section, entries in sorted(document.get("components", {}).items()):
        for name, value in sorted(entries.items()):
            if ("components", section, name) in components or (section == "securitySchemes" and name in used_schemes):
                sliced_components.setdefault(section, {})[name] = value
    missing = {parts for parts in components if len(parts) != 3 or parts[0] != "components"}
    if missing:
        raise SliceError(f"slice: $ref outside components is not supported: {sorted(missing)}")
    if schemes and used_schemes - set(schemes):
        raise SliceError(f"slice: security schemes missing: {sorted(used_schemes - set(schemes))}")
    sliced["components"] = sliced_components
    return copy.deepcopy(sliced)


def _flatten_all_of(node: Any, schemas: Mapping[str, Any], depth: int = 0) -> Any:
    """``allOf`` merged into one object schema (what the generator makes of it), everywhere below ``node``."""
    if isinstance(node, list):
        return [_flatten_all_of(item, schemas, depth) for item in node]
    if not isinstance(node, Mapping):
        return node
    result = {key: _flatten_all_of(value, schemas, depth) for key, value in node.items() if key != "allOf"}
    if "allOf" not in node or depth > 20:
        return result
    for part in node["allOf"]:
        ref = part.get("$ref", "") if isinstance(part, Mapping) else ""
        if ref.startswith("#/components/schemas/"):
            part = schemas.get(ref.rsplit("/", 1)[-1], {})
        part = _flatten_all_of(part, schemas, depth + 1)
        if not isinstance(part, Mapping):
            continue
        for key, value in part.items():
            if key == "properties":
                # Boomi lists properties by name; a merged object is written the way it would be inline.
                result["properties"] = dict(sorted({**result.get("properties", {}), **value}.items()))
            elif key == "required":
                result["required"] = list(dict.fromkeys([*result.get("required", []), *value]))
            else:
                result.setdefault(key, value)
    return result


_OPERATION_KEY_ORDER = (
    "tags", "summary", "description", "operationId", "parameters", "requestBody", "responses", "deprecated", "security"
)  # fmt: skip


def normalize_layout(document: Mapping[str, Any]) -> JSONDoc:
    """The same API written one way: refactors that change no contract change no committed byte.

    Parameters declared on a path item move into each operation (an operation's own
    declaration wins), request bodies ``$ref``'d from ``components/requestBodies``
    are written in place, and ``allOf`` compositions are merged into one schema.
    """
    doc: JSONDoc = copy.deepcopy(dict(document))
    bodies = doc.get("components", {}).get("requestBodies", {})
    schemas = doc.get("components", {}).get("schemas", {})
    for item in doc.get("paths", {}).values():
        if not isinstance(item, dict):
            continue
        shared = item.pop("parameters", [])
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            own = operation.get("parameters", [])
            names = {(p.get("in"), p.get("name")) for p in own if isinstance(p, Mapping)}
            inherited = [p for p in shared if isinstance(p, Mapping) and (p.get("in"), p.get("name")) not in names]
            if inherited or own:
                operation["parameters"] = [*copy.deepcopy(inherited), *own]
            ref = (operation.get("requestBody") or {}).get("$ref", "")
            if ref.startswith("#/components/requestBodies/") and ref.rsplit("/", 1)[-1] in bodies:
                operation["requestBody"] = copy.deepcopy(bodies[ref.rsplit("/", 1)[-1]])
            # Boomi's key order, so a moved parameter list or body lands where it always was.
            ordered = {key: operation[key] for key in _OPERATION_KEY_ORDER if key in operation}
            item[method] = {**ordered, **{k: v for k, v in operation.items() if k not in ordered}}
    if schemas:
        doc["components"]["schemas"] = _flatten_all_of(schemas, schemas)
    doc["paths"] = _flatten_all_of(doc.get("paths", {}), schemas)
    return doc


def import_download(document: Mapping[str, Any]) -> JSONDoc:
    """The committed project spec for a full download: the listener, name and quiesce slice, structure only."""
    return structure_only(slice_spec(normalize_layout(document)))
