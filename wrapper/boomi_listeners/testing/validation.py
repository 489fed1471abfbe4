"""Request validation: first against the effective OpenAPI spec, then Boomi's own rules.

The schema check is spec-driven (openapi-core) so the fake rejects exactly what the contract
rejects. The spec's servers are Boomi's hosts, which the fake is not, so validation uses a copy
whose only server is the relative ``/api/rest/v1/{accountId}``: openapi-core then matches requests
on whatever host and port the fake runs. XML bodies are converted to the JSON shape first (see
:mod:`.xml`) and validated by the same schema.

The semantic rules come from Boomi's documentation of the operations: which action needs which
field, and that a ListenerStatus query must name its runtime with a ``containerId`` EQUALS
expression. Every message names the field and says how to fix the request.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import best_match  # type: ignore[import-untyped]
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters

from .state import ACTIONS

__all__ = [
    "FAKE_SERVER_URL",
    "BadRequest",
    "ChangeRequest",
    "SpecValidator",
    "StatusQuery",
    "check_change_request",
    "check_status_query",
    "effective_spec",
    "fake_spec",
]

FAKE_SERVER_URL = "/api/rest/v1/{accountId}"
_MAX_VALUE_REPR = 120


class BadRequest(Exception):
    """The request is invalid (400); ``message`` is the Error body's message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@functools.cache
def _spec_text() -> str:
    return (importlib.resources.files("boomi_listeners_api") / "openapi.json").read_text(encoding="utf-8")


def effective_spec() -> dict[str, Any]:
    """A fresh copy of the effective spec shipped with the generated client."""
    spec: dict[str, Any] = json.loads(_spec_text())
    return spec


def fake_spec(server_url: str = FAKE_SERVER_URL) -> dict[str, Any]:
    """The effective spec with its servers replaced by one pointing at the fake.

    ``server_url`` may be relative (default) or absolute, and may keep the ``{accountId}``
    variable or fix it (e.g. ``/api/rest/v1/boomi-demo-000001`` for a test tool that cannot fill
    server variables).
    """
    spec = effective_spec()
    server: dict[str, Any] = {"url": server_url, "description": "The fake Boomi platform."}
    if "{accountId}" in server_url:
        server["variables"] = {"accountId": {"default": "boomi-demo-000001", "description": "Account ID."}}
    spec["servers"] = [server]
    return spec


@functools.cache
def _openapi() -> OpenAPI:
    spec = fake_spec()
    # The fake authenticates requests itself (401/403 with Boomi's bodies) before validating them;
    # without this, openapi-core would stop at its own security check and skip the body.
    spec.pop("security", None)
    for operations in spec["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
    return OpenAPI.from_dict(spec)


@dataclass(kw_only=True)
class _OpenAPIRequest:
    """The request protocol openapi-core validates (host, path, method, parameters, body)."""

    host_url: str
    path: str
    method: str
    parameters: RequestParameters
    body: bytes | None
    content_type: str


def _short(value: Any) -> str:
    """The value as the client wrote it (JSON), shortened for an error message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _MAX_VALUE_REPR else text[: _MAX_VALUE_REPR - 3] + "..."


def _describe(error: Any) -> str:
    """One jsonschema ValidationError as 'field: problem.'"""
    if error.validator in ("oneOf", "anyOf") and error.context:
        # "is not valid under any of the given schemas" helps nobody: report the closest branch.
        error = best_match(error.context)
    where = ".".join(str(part) for part in error.absolute_path) or "body"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{where}: {_short(error.instance)} is not one of the allowed values; use one of: {allowed}."
    if error.validator == "type":
        return f"{where}: {_short(error.instance)} is not of type {error.validator_value}."
    if error.validator == "required":
        return f"{where}: {error.message}."
    return f"{where}: {error.message if len(error.message) <= 200 else error.message[:197] + '...'}."


_SCHEMA_NAMES = {
    "/changeListenerStatus": "ChangeListenerStatusRequest",
    "/async/ListenerStatus/query": "ListenerStatusQueryConfig",
}


class SpecValidator:
    """Validates a request (with its body already decoded to JSON shape) against the effective spec."""

    def __init__(self) -> None:
        self._api = _openapi()

    def validate(
        self,
        *,
        method: str,
        path: str,
        body: Any,
        headers: Mapping[str, str],
        query: Mapping[str, str] | None = None,
        operation_path: str = "",
    ) -> None:
        """Raise BadRequest naming the offending field if the request breaks the schema."""
        raw = None if body is None else json.dumps(body).encode("utf-8")
        request = _OpenAPIRequest(
            host_url="http://fake.invalid",
            path=path,
            method=method.lower(),
            parameters=RequestParameters(query=dict(query or {}), header=headers, cookie={}),
            body=raw,
            content_type="application/json",
        )
        result = self._api.unmarshal_request(request)
        problems: list[str] = []
        for error in result.errors:
            name = type(error).__name__
            cause = error.__cause__
            schema_errors = getattr(cause, "schema_errors", None)
            if schema_errors:
                problems.extend(_describe(e) for e in schema_errors)
            else:
                problems.append(str(error) or name)
        if problems:
            schema = _SCHEMA_NAMES.get(operation_path)
            hint = f" See the {schema} schema." if schema else ""
            raise BadRequest(f"Invalid request: {' '.join(dict.fromkeys(problems))}{hint}")


# -- Boomi's rules beyond the schema ------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRequest:
    action: str
    container_id: str
    listener_id: str | None


@dataclass(frozen=True)
class StatusQuery:
    container_id: str
    listener_id: str | None


def _present(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def check_change_request(data: Mapping[str, Any]) -> ChangeRequest:
    """The action's field rules: containerId always, listenerId for one listener, none for ``_all``."""
    action = data.get("action")
    allowed = ", ".join(ACTIONS)
    if not _present(action):
        raise BadRequest(f"Invalid request: action is required; set it to one of {allowed}.")
    assert isinstance(action, str)
    if action not in ACTIONS:
        raise BadRequest(
            f"Invalid request: action {_short(action)} is not one of the allowed values; use one of {allowed}."
        )
    container_id = data.get("containerId")
    if not _present(container_id):
        raise BadRequest(
            "Invalid request: containerId is required; set it to the ID of the Runtime, Runtime cluster "
            "or Runtime cloud the listeners run on."
        )
    assert isinstance(container_id, str)
    listener_id = data.get("listenerId")
    if action.endswith("_all"):
        if listener_id is not None:
            single = action.removesuffix("_all")
            raise BadRequest(
                f"Invalid request: listenerId must be left out for action {action}, which changes every listener "
                f"on the runtime; remove listenerId, or use action {single} to change one listener."
            )
        return ChangeRequest(action, container_id, None)
    if not _present(listener_id):
        raise BadRequest(
            f"Invalid request: listenerId is required for action {action}; set it to the listener's process "
            f"component ID, or use action {action}_all to change every listener on the runtime."
        )
    assert isinstance(listener_id, str)
    return ChangeRequest(action, container_id, listener_id)


_QUERY_HINT = (
    'name the runtime with {"operator": "EQUALS", "property": "containerId", "argument": ["<runtime ID>"]}, '
    "alone or inside an 'and' grouping with an optional listenerId EQUALS expression."
)


def _simple_terms(expression: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    if "nestedExpression" in expression or expression.get("operator") in ("and", "or"):
        operator = expression.get("operator")
        if operator != "and":
            raise BadRequest(
                f"Invalid request: QueryFilter.expression: operator {operator!r} is not supported by "
                f"ListenerStatus queries; {_QUERY_HINT}"
            )
        nested = expression.get("nestedExpression") or []
        terms = []
        for i, item in enumerate(nested):
            where = f"QueryFilter.expression.nestedExpression[{i}]"
            if "nestedExpression" in item or item.get("operator") in ("and", "or"):
                raise BadRequest(f"Invalid request: {where}: nested groupings are not supported; {_QUERY_HINT}")
            terms.append((where, item))
        return terms
    return [("QueryFilter.expression", expression)]


def check_status_query(data: Mapping[str, Any]) -> StatusQuery:
    """The ListenerStatus filter: exactly one containerId EQUALS, at most one listenerId EQUALS."""
    query_filter = data.get("QueryFilter")
    expression = query_filter.get("expression") if isinstance(query_filter, Mapping) else None
    if not isinstance(expression, Mapping):
        raise BadRequest(f"Invalid request: QueryFilter.expression is required; {_QUERY_HINT}")
    values: dict[str, list[str]] = {"containerId": [], "listenerId": []}
    for where, term in _simple_terms(expression):
        prop = term.get("property")
        operator = term.get("operator")
        if operator != "EQUALS":
            raise BadRequest(
                f"Invalid request: {where}: operator {operator!r} is not supported for {prop}; "
                f"ListenerStatus queries accept only EQUALS. {_QUERY_HINT[0].upper()}{_QUERY_HINT[1:]}"
            )
        arguments = term.get("argument")
        if not isinstance(arguments, list) or len(arguments) != 1 or not _present(arguments[0]):
            raise BadRequest(
                f"Invalid request: {where}.argument must hold exactly one non-empty value (the {prop} to match)."
            )
        if prop in values:
            values[str(prop)].append(arguments[0])
    if not values["containerId"]:
        raise BadRequest(f"Invalid request: QueryFilter must contain a containerId EQUALS expression; {_QUERY_HINT}")
    if len(values["containerId"]) > 1:
        raise BadRequest("Invalid request: QueryFilter names containerId more than once; query one runtime at a time.")
    if len(values["listenerId"]) > 1:
        raise BadRequest(
            "Invalid request: QueryFilter names listenerId more than once; query one listener, or leave "
            "listenerId out to get every listener on the runtime."
        )
    listener = values["listenerId"][0] if values["listenerId"] else None
    return StatusQuery(values["containerId"][0], listener)
