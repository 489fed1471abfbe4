"""Say what changed in a spec for someone who writes code against the generated client.

Each change is classified from the client's point of view, following the
direction rules of oasdiff's breaking-change checks (a request may not start
demanding more, a response may not start promising less):

* ``breaking``: code written against the previous client may stop working
  (removed or renamed operations, properties, schemas, enum values a response
  used to promise, new required inputs, retyped fields, tighter request rules,
  looser response rules, a spec version going backwards);
* ``additive``: something new that old code can ignore (new optional inputs,
  new responses or properties, enum values a request may now send, deprecations);
* ``cosmetic``: no effect on generated code (prose, XML naming, a newer version).

Layout changes with the same meaning are normalised away before comparing: a
request body or response moved to ``components`` and ``$ref``'d, parameters
moved to the path item, properties split into an ``allOf``. Renamed paths,
operationIds and schemas are paired up by content and reported as renames.

No maintained Python library classifies OpenAPI changes (the candidates on PyPI
are unmaintained 0.x single releases; oasdiff is a Go binary we cannot pin via
pip), so the rules live here, one small function per kind of object.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from packaging.version import InvalidVersion, Version

from regen.slicing import PROSE_KEYWORDS, structure_only

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
BREAKING, ADDITIVE, COSMETIC = "breaking", "additive", "cosmetic"
_RANK = {COSMETIC: 0, ADDITIVE: 1, BREAKING: 2}
REQUEST, RESPONSE = "request", "response"
JSONDoc = dict[str, Any]
# Upper and lower bounds: tightening one constrains what is valid.
_UPPER_BOUNDS = ("maxLength", "maxItems", "maximum", "maxProperties")
_LOWER_BOUNDS = ("minLength", "minItems", "minimum", "minProperties")
_HANDLED = frozenset(
    {
        "$ref", "type", "format", "enum", "required", "properties", "items", "nullable", "additionalProperties",
        "pattern", "deprecated", "default", "xml", "title", "oneOf", "anyOf", "allOf", "readOnly", "writeOnly",
        *_UPPER_BOUNDS, *_LOWER_BOUNDS,
    }
)  # fmt: skip


@dataclass(frozen=True, order=True)
class Change:
    """One difference, where it is, and what it means for the client."""

    kind: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.where}: {self.what}"


@dataclass
class ChangeReport:
    """Every classified change between two specs, plus the versions compared."""

    old_version: str | None
    new_version: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def first(self) -> bool:
        return self.old_version is None

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.kind == BREAKING]

    @property
    def classification(self) -> str:
        """The worst kind of change, or ``none``."""
        if not self.changes:
            return "none"
        return max((c.kind for c in self.changes), key=_RANK.__getitem__)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def summary(self) -> str:
        if self.first:
            return f"contract: first generation (spec version {self.new_version}), nothing to compare with."
        if not self.changes:
            return "contract: no contract change."
        counts = ", ".join(f"{self.count(k)} {k}" for k in (BREAKING, ADDITIVE, COSMETIC) if self.count(k))
        return f"contract: {self.classification} ({counts}); spec version {self.old_version} -> {self.new_version}."

    def render(self) -> str:
        lines = [self.summary()]
        lines += [f"  - {change}" for change in sorted(self.changes, key=lambda c: (-_RANK[c.kind], c.where))]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


class _Changes:
    """Collects changes; a change seen from both directions keeps its worst kind."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], str] = {}

    def add(self, kind: str, where: str, what: str) -> None:
        key = (where, what)
        if key not in self.found or _RANK[kind] > _RANK[self.found[key]]:
            self.found[key] = kind

    def directed(self, directions: Iterable[str], where: str, what: str, *, request: str, response: str) -> None:
        """Add with the kind the change has in each direction the schema is used in."""
        for direction in directions:
            self.add(request if direction == REQUEST else response, where, what)

    def as_list(self) -> list[Change]:
        return sorted(Change(kind, where, what) for (where, what), kind in self.found.items())


# --- normalising equivalent layouts -----------------------------------------------------


class _Spec:
    """One structure-only document with non-schema ``$ref``s resolved and path parameters merged."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.doc: JSONDoc = structure_only(document)
        self.components: JSONDoc = self.doc.get("components", {})
        self.schemas: JSONDoc = self.components.get("schemas", {})
        self.operations = self._operations()

    def resolve(self, node: Any, depth: int = 0) -> Any:
        """Follow ``#/components/{requestBodies,responses,parameters,headers}`` refs (not schema refs)."""
        if isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and depth < 20:
            parts = node["$ref"].removeprefix("#/").split("/")
            if len(parts) == 3 and parts[0] == "components" and parts[1] != "schemas":
                return self.resolve(self.components.get(parts[1], {}).get(parts[2], {}), depth + 1)
        return node

    def _operations(self) -> dict[str, JSONDoc]:
        operations: dict[str, JSONDoc] = {}
        for path, item in self.doc.get("paths", {}).items():
            item = self.resolve(item)
            shared = {_param_key(p): p for p in map(self.resolve, item.get("parameters", []))}
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                operation = dict(item[method])
                own = {_param_key(p): p for p in map(self.resolve, operation.get("parameters", []))}
                operation["parameters"] = {**shared, **own}
                operation["requestBody"] = self.resolve(operation.get("requestBody"))
                operation["responses"] = {
                    str(code): self._response(r) for code, r in operation.get("responses", {}).items()
                }
                operations[f"{method.upper()} {path}"] = operation
        return operations

    def _response(self, response: Any) -> JSONDoc:
        resolved = dict(self.resolve(response))
        resolved["headers"] = {name: self.resolve(h) for name, h in resolved.get("headers", {}).items()}
        return resolved

    def schema(self, node: Any, depth: int = 0) -> Any:
        """A schema with ``allOf`` flattened into one object (what the generator makes of it)."""
        if not isinstance(node, Mapping) or "allOf" not in node or depth > 20:
            return node
        merged: JSONDoc = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            part = self.schema(self.deref(part), depth + 1)
            if not isinstance(part, Mapping):
                continue
            merged["properties"] = {**merged.get("properties", {}), **part.get("properties", {})}
            required = [*merged.get("required", []), *part.get("required", [])]
            if required:
                merged["required"] = list(dict.fromkeys(required))
            for key, value in part.items():
                if key not in ("properties", "required"):
                    merged.setdefault(key, value)
        if not merged.get("properties"):
            merged.pop("properties", None)
        return merged

    def deref(self, node: Any) -> Any:
        name = _schema_ref(node)
        return self.schemas.get(name, {}) if name is not None else node

    def usage(self) -> dict[str, set[str]]:
        """For each component schema, whether requests, responses or both carry it."""
        used: dict[str, set[str]] = {}

        def walk(node: Any, direction: str) -> None:
            if isinstance(node, Mapping):
                name = _schema_ref(node)
                if name is not None:
                    if direction in used.setdefault(name, set()):
                        return
                    used[name].add(direction)
                    walk(self.schemas.get(name), direction)
                for key, value in node.items():
                    if key not in ("enum", "default", "required"):
                        walk(value, direction)
            elif isinstance(node, list):
                for item in node:
                    walk(item, direction)

        for operation in self.operations.values():
            walk(list(operation["parameters"].values()), REQUEST)
            walk(operation.get("requestBody"), REQUEST)
            walk(operation["responses"], RESPONSE)
        return used


def _param_key(parameter: Mapping[str, Any]) -> str:
    return f"{parameter.get('in')} parameter {parameter.get('name')!r}"


def _schema_ref(node: Any) -> str | None:
    if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        ref: str = node["$ref"]
        if ref.startswith("#/components/schemas/"):
            return ref.rsplit("/", 1)[-1]
    return None


def _canonical(node: Any) -> str:
    return json.dumps(node, sort_keys=True)


def _type_of(schema: Any) -> str:
    if not isinstance(schema, Mapping):
        return "any"
    name = _schema_ref(schema)
    if name is not None:
        return name
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return f"{key}[" + ", ".join(_type_of(s) for s in schema[key]) + "]"
    kind = str(schema.get("type", "object" if "properties" in schema else "any"))
    if kind == "array":
        return f"array[{_type_of(schema.get('items'))}]"
    if "format" in schema:
        kind += f"({schema['format']})"
    return kind


# --- comparing -------------------------------------------------------------------------


class _Differ:
    def __init__(self, old: _Spec, new: _Spec) -> None:
        self.old, self.new = old, new
        self.out = _Changes()
        self.renamed_schemas: dict[str, str] = {}

    # schemas

    def schema(self, where: str, old: Any, new: Any, directions: set[str]) -> None:
        old_name, new_name = _schema_ref(old), _schema_ref(new)
        if old_name is not None and new_name is not None:
            if self.renamed_schemas.get(old_name, old_name) != new_name:
                self.out.add(BREAKING, where, f"now refers to schema {new_name} instead of {old_name}")
            return  # the component itself is compared once, by name
        if old_name is not None or new_name is not None:
            # Inline <-> $ref: compare what it means, not how it is written.
            old, new = self.old.deref(old), self.new.deref(new)
        old, new = self.old.schema(old), self.new.schema(new)
        if not isinstance(old, Mapping) or not isinstance(new, Mapping):
            if old != new:
                self.out.add(BREAKING, where, "schema changed")
            return
        if _type_of(old) != _type_of(new) and not ({"oneOf", "anyOf"} & (old.keys() | new.keys())):
            self.out.add(BREAKING, where, f"retyped {_type_of(old)} -> {_type_of(new)}")
        self._enum(where, old, new, directions)
        self._properties(where, old, new, directions)
        self._flags(where, old, new, directions)
        self._bounds(where, old, new, directions)
        if "items" in old and "items" in new:
            self.schema(f"{where}[]", old["items"], new["items"], directions)
        for key in ("oneOf", "anyOf"):
            self._union(f"{where}.{key}", old.get(key, []), new.get(key, []), directions)
        for key in sorted((old.keys() | new.keys()) - _HANDLED):
            if old.get(key) != new.get(key):
                kind = COSMETIC if key.startswith("x-") else BREAKING
                self.out.add(kind, where, f"{key} changed (not classified by rule; review it)")

    def _enum(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any], directions: set[str]) -> None:
        if "enum" not in old and "enum" not in new:
            return
        if "enum" not in new:
            self.out.directed(directions, where, "enum removed", request=ADDITIVE, response=BREAKING)
            return
        if "enum" not in old:
            self.out.directed(directions, where, "now an enum", request=BREAKING, response=ADDITIVE)
            return
        for value in new["enum"]:
            if value not in old["enum"]:
                self.out.directed(directions, where, f"enum value {value!r} added", request=ADDITIVE, response=BREAKING)
        for value in old["enum"]:
            if value not in new["enum"]:
                self.out.directed(
                    directions, where, f"enum value {value!r} removed", request=BREAKING, response=ADDITIVE
                )

    def _properties(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any], directions: set[str]) -> None:
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_req, new_req = set(old.get("required", [])), set(new.get("required", []))
        for name in new_props:
            if name not in old_props:
                required = name in new_req
                self.out.directed(
                    directions,
                    f"{where}.{name}",
                    f"property added ({_type_of(new_props[name])}{', required' if required else ''})",
                    request=BREAKING if required else ADDITIVE,
                    response=ADDITIVE,
                )
        for name in old_props:
            if name not in new_props:
                self.out.add(BREAKING, f"{where}.{name}", "property removed")
                continue
            if name in new_req and name not in old_req:
                self.out.directed(directions, f"{where}.{name}", "now required", request=BREAKING, response=ADDITIVE)
            if name in old_req and name not in new_req:
                self.out.directed(
                    directions, f"{where}.{name}", "no longer required", request=ADDITIVE, response=BREAKING
                )
            self.schema(f"{where}.{name}", old_props[name], new_props[name], directions)

    def _flags(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any], directions: set[str]) -> None:
        if bool(old.get("nullable")) != bool(new.get("nullable")):
            if new.get("nullable"):
                self.out.directed(directions, where, "now nullable", request=ADDITIVE, response=BREAKING)
            else:
                self.out.directed(directions, where, "no longer nullable", request=BREAKING, response=ADDITIVE)
        old_extra, new_extra = old.get("additionalProperties", True), new.get("additionalProperties", True)
        if isinstance(old_extra, Mapping) and isinstance(new_extra, Mapping):
            self.schema(f"{where}.additionalProperties", old_extra, new_extra, directions)
        elif old_extra is not False and new_extra is False:
            # Requests with extra keys are refused; generated models lose their extra-keys mapping.
            self.out.add(BREAKING, where, "additionalProperties: false (no other keys allowed)")
        elif old_extra != new_extra:
            kind = ADDITIVE if new_extra is True else BREAKING
            self.out.add(kind, where, f"additionalProperties {old_extra!r} -> {new_extra!r}")
        if old.get("pattern") != new.get("pattern"):
            if "pattern" not in old:
                self.out.directed(
                    directions, where, f"pattern {new['pattern']!r} added", request=BREAKING, response=ADDITIVE
                )
            elif "pattern" not in new:
                self.out.directed(directions, where, "pattern removed", request=ADDITIVE, response=BREAKING)
            else:
                self.out.add(BREAKING, where, f"pattern {old['pattern']!r} -> {new['pattern']!r}")
        if bool(old.get("deprecated")) != bool(new.get("deprecated")):
            self.out.add(ADDITIVE, where, "now deprecated" if new.get("deprecated") else "no longer deprecated")
        if old.get("default") != new.get("default"):
            self.out.directed(
                directions, where, f"default {old.get('default')!r} -> {new.get('default')!r}",
                request=BREAKING, response=COSMETIC,
            )  # fmt: skip
        for key in ("readOnly", "writeOnly", "title"):
            if old.get(key) != new.get(key):
                self.out.add(BREAKING, where, f"{key} {old.get(key)!r} -> {new.get(key)!r}")
        if old.get("xml") != new.get("xml"):
            self.out.add(COSMETIC, where, "XML representation changed (the client speaks JSON)")

    def _bounds(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any], directions: set[str]) -> None:
        for key in (*_UPPER_BOUNDS, *_LOWER_BOUNDS):
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            upper = key in _UPPER_BOUNDS
            if before is None or after is None:
                tighter = after is not None
            else:
                tighter = after < before if upper else after > before
            what = f"{key} {before!r} -> {after!r} ({'tighter' if tighter else 'looser'})"
            self.out.directed(
                directions, where, what,
                request=BREAKING if tighter else ADDITIVE, response=ADDITIVE if tighter else BREAKING,
            )  # fmt: skip

    def _union(self, where: str, old: list[Any], new: list[Any], directions: set[str]) -> None:
        def label(s: Any) -> str:
            name = _schema_ref(s)
            return self.renamed_schemas.get(name, name) if name else _canonical(s)

        old_by, new_by = {label(s): s for s in old}, {label(s): s for s in new}
        for key in new_by.keys() - old_by.keys():
            self.out.directed(
                directions, where, f"branch {_type_of(new_by[key])} added", request=ADDITIVE, response=BREAKING
            )
        for key in old_by.keys() - new_by.keys():
            self.out.directed(
                directions, where, f"branch {_type_of(old_by[key])} removed", request=BREAKING, response=ADDITIVE
            )

    # components

    def schemas(self) -> None:
        old_names, new_names = set(self.old.schemas), set(self.new.schemas)
        self._pair_renamed_schemas(old_names - new_names, new_names - old_names)
        usage = {**self.old.usage(), **self.new.usage()}
        both = {REQUEST, RESPONSE}
        for name in sorted(old_names):
            target = self.renamed_schemas.get(name, name)
            if target not in new_names:
                self.out.add(BREAKING, f"schema {name}", "removed (its generated model class goes away)")
                continue
            if target != name:
                self.out.add(BREAKING, f"schema {name}", f"renamed to {target} (its generated model class is renamed)")
            self.schema(f"schema {target}", self.old.schemas[name], self.new.schemas[target], usage.get(target, both))
        for name in sorted(new_names - old_names - set(self.renamed_schemas.values())):
            self.out.add(ADDITIVE, f"schema {name}", "added")

    def _pair_renamed_schemas(self, removed: set[str], added: set[str]) -> None:
        for _ in range(3):  # a rename inside a renamed schema is found on the next pass

            def print_of(spec: _Spec, name: str, mapping: dict[str, str]) -> str:
                text = _canonical(spec.schemas[name])
                for before, after in mapping.items():
                    text = text.replace(f'"#/components/schemas/{before}"', f'"#/components/schemas/{after}"')
                return text

            new_prints = {print_of(self.new, n, {}): n for n in sorted(added - set(self.renamed_schemas.values()))}
            for name in sorted(removed - set(self.renamed_schemas)):
                # pop: an added schema is the new name of one removed schema, not of every identical one.
                match = new_prints.pop(print_of(self.old, name, self.renamed_schemas), None)
                if match is not None:
                    self.renamed_schemas[name] = match

    # operations

    def operations(self) -> None:
        old_ops, new_ops = self.old.operations, self.new.operations
        removed = [n for n in old_ops if n not in new_ops]
        added = [n for n in new_ops if n not in old_ops]
        for name in removed:
            partner = self._renamed_operation(name, [a for a in added if a.split()[0] == name.split()[0]])
            if partner is None:
                self.out.add(BREAKING, name, f"operation removed ({old_ops[name].get('operationId')})")
                continue
            added.remove(partner)
            self.out.add(BREAKING, name, f"path renamed to {partner.split(' ', 1)[1]}")
            self.operation(partner, old_ops[name], new_ops[partner])
        for name in added:
            self.out.add(ADDITIVE, name, f"operation added ({new_ops[name].get('operationId')})")
        for name in old_ops:
            if name in new_ops:
                self.operation(name, old_ops[name], new_ops[name])

    def _renamed_operation(self, name: str, candidates: list[str]) -> str | None:
        old = self.old.operations[name]
        for candidate in candidates:
            if self.new.operations[candidate].get("operationId") == old.get("operationId"):
                return candidate

        def shape(op: Mapping[str, Any]) -> str:
            return _canonical({k: v for k, v in op.items() if k != "operationId"})

        for candidate in candidates:
            if shape(self.new.operations[candidate]) == shape(old):
                return candidate
        return None

    def operation(self, name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        if old.get("operationId") != new.get("operationId"):
            self.out.add(
                BREAKING, name,
                f"operationId renamed {old.get('operationId')} -> {new.get('operationId')} "
                "(the generated function module is renamed)",
            )  # fmt: skip
        if old.get("tags") != new.get("tags"):
            self.out.add(BREAKING, name, f"tags {old.get('tags')} -> {new.get('tags')} (the generated module moves)")
        if bool(old.get("deprecated")) != bool(new.get("deprecated")):
            self.out.add(ADDITIVE, name, "now deprecated" if new.get("deprecated") else "no longer deprecated")
        if old.get("security") != new.get("security"):
            self.out.add(BREAKING, name, f"security {old.get('security')} -> {new.get('security')}")
        self._parameters(name, old["parameters"], new["parameters"])
        self._request_body(name, old.get("requestBody"), new.get("requestBody"))
        self._responses(name, old["responses"], new["responses"])

    def _parameters(self, name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for key, param in new.items():
            if key not in old:
                required = bool(param.get("required"))
                self.out.add(
                    BREAKING if required else ADDITIVE, name, f"{key} added ({'required' if required else 'optional'})"
                )
        for key, param in old.items():
            if key not in new:
                self.out.add(BREAKING, name, f"{key} removed")
                continue
            before, after = bool(param.get("required")), bool(new[key].get("required"))
            if before != after:
                self.out.add(BREAKING if after else ADDITIVE, name, f"{key} {'now' if after else 'no longer'} required")
            if bool(param.get("deprecated")) != bool(new[key].get("deprecated")):
                self.out.add(ADDITIVE, name, f"{key} {'now' if new[key].get('deprecated') else 'no longer'} deprecated")
            self.schema(f"{name} {key}", param.get("schema"), new[key].get("schema"), {REQUEST})

    def _request_body(self, name: str, old: Any, new: Any) -> None:
        if not old and not new:
            return
        if not new:
            self.out.add(BREAKING, name, "request body removed")
            return
        if not old:
            required = bool(new.get("required"))
            self.out.add(
                BREAKING if required else ADDITIVE,
                name,
                f"request body added ({'required' if required else 'optional'})",
            )
            return
        if bool(old.get("required")) != bool(new.get("required")):
            now = bool(new.get("required"))
            self.out.add(BREAKING if now else ADDITIVE, name, f"request body {'now' if now else 'no longer'} required")
        self._content(f"{name} request", old.get("content", {}), new.get("content", {}), REQUEST)

    def _content(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any], direction: str) -> None:
        for media in new:
            if media not in old:
                self.out.add(ADDITIVE, where, f"media type {media} added")
        for media in old:
            if media not in new:
                self.out.add(BREAKING, where, f"media type {media} removed")
            else:
                self.schema(f"{where} {media}", old[media].get("schema"), new[media].get("schema"), {direction})

    def _responses(self, name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for code in new:
            if code not in old:
                self.out.add(ADDITIVE, name, f"response {code} added")
        for code in old:
            if code not in new:
                self.out.add(BREAKING, name, f"response {code} removed")
                continue
            where = f"{name} response {code}"
            self._content(where, old[code].get("content", {}), new[code].get("content", {}), RESPONSE)
            old_headers, new_headers = old[code].get("headers", {}), new[code].get("headers", {})
            for header, spec in new_headers.items():
                if header not in old_headers:
                    flag = "required" if spec.get("required") else "optional"
                    self.out.add(ADDITIVE, where, f"header {header!r} added ({flag})")
            for header, spec in old_headers.items():
                if header not in new_headers:
                    self.out.add(BREAKING, where, f"header {header!r} removed")
                else:
                    if bool(spec.get("required")) and not new_headers[header].get("required"):
                        self.out.add(BREAKING, where, f"header {header!r} no longer required")
                    self.schema(
                        f"{where} header {header}", spec.get("schema"), new_headers[header].get("schema"), {RESPONSE}
                    )

    # document

    def document(self) -> None:
        old, new = self.old.doc, self.new.doc
        if old.get("info", {}).get("title") != new.get("info", {}).get("title"):
            self.out.add(COSMETIC, "info.title", "title changed")
        if old.get("openapi") != new.get("openapi"):
            self.out.add(COSMETIC, "openapi", f"OpenAPI {old.get('openapi')} -> {new.get('openapi')}")
        old_servers = [s.get("url") for s in old.get("servers", [])]
        new_servers = [s.get("url") for s in new.get("servers", [])]
        for url in new_servers:
            if url not in old_servers:
                self.out.add(ADDITIVE, "servers", f"server {url} added")
        for url in old_servers:
            if url not in new_servers:
                self.out.add(BREAKING, "servers", f"server {url} removed")
        if old.get("servers") != new.get("servers") and old_servers == new_servers:
            self.out.add(COSMETIC, "servers", "server variables changed")
        if old.get("components", {}).get("securitySchemes") != new.get("components", {}).get("securitySchemes"):
            self.out.add(BREAKING, "securitySchemes", "security schemes changed")
        if old.get("security") != new.get("security"):
            self.out.add(BREAKING, "security", f"{old.get('security')} -> {new.get('security')}")


def version_of(document: Mapping[str, Any]) -> str:
    return str(document.get("info", {}).get("version", "unknown"))


def _version_change(old: str, new: str) -> Change | None:
    if old == new:
        return None
    try:
        older = Version(new) < Version(old)
    except InvalidVersion:
        return Change(COSMETIC, "info.version", f"spec version {old} -> {new}")
    if older:
        return Change(BREAKING, "info.version", f"spec version downgraded {old} -> {new} (an older download?)")
    return Change(COSMETIC, "info.version", f"spec version {old} -> {new}")


def compare(old_doc: Mapping[str, Any] | None, new_doc: Mapping[str, Any]) -> ChangeReport:
    """Classify every change from ``old_doc`` to ``new_doc`` (``None``: first generation)."""
    result = ChangeReport(None if old_doc is None else version_of(old_doc), version_of(new_doc))
    if old_doc is None or old_doc == new_doc:
        return result
    old, new = _Spec(old_doc), _Spec(new_doc)
    differ = _Differ(old, new)
    differ.document()
    differ.schemas()
    differ.operations()
    result.changes = differ.out.as_list()
    version = _version_change(version_of(old_doc), version_of(new_doc))
    if version is not None:
        result.changes.insert(0, version)
    # Prose counts as changed when new wording appears (prose that left with a removed element,
    # or moved with a refactor, is not a change of its own).
    if {_canonical(v) for _, v in _prose(new_doc) if v} - {_canonical(v) for _, v in _prose(old_doc)}:
        result.changes.append(Change(COSMETIC, "prose", "descriptions, summaries or examples changed"))
    if not result.changes and _canonical(old.doc) != _canonical(new.doc):
        result.notes.append(
            "the spec's layout changed without changing the contract "
            "($ref'd request bodies or responses, path-level parameters, allOf)"
        )
    return result


def _prose(node: Any, where: str = "") -> list[tuple[str, Any]]:
    """Every prose value with where it sits (a property named "description" counts too: harmless here)."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in PROSE_KEYWORDS:
                found.append((f"{where}/{key}", value))
            else:
                found += _prose(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _prose(value, f"{where}/{index}")
    return found


def contract_changes(old_doc: Mapping[str, Any], new_doc: Mapping[str, Any]) -> list[str]:
    """The changes as text lines (for quick assertions and logs)."""
    return [str(change) for change in compare(old_doc, new_doc).changes]
