"""Consumer side: do the requests a client sent validate against the effective spec?

The fake records every request it receives. :class:`RequestValidator` checks each one with
openapi-core against two documents built from the effective spec, with its servers pointed at the
fake's address:

* the effective spec itself (paths, methods, security, request body schemas), and
* the same spec tightened with the rules Boomi documents in prose beside the schemas (the
  operation and property descriptions): a change names its runtime (``containerId``), names a
  listener for pause/resume/restart and none for the ``_all`` actions; a ListenerStatus filter
  names the runtime with a ``containerId`` EQUALS expression, alone or with one ``listenerId``
  EQUALS expression inside an ``and`` grouping.

A client that omits ``containerId`` sends a schema-valid request (Boomi's schema marks nothing as
required) that Boomi nevertheless refuses; the second document is what catches it. Every request
must also ask for JSON (``Accept: application/json``), or Boomi answers XML.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from boomi_listeners.testing import FakeBoomi, RecordedRequest
from contract_tests._provider import ALL_ACTIONS, SINGLE_ACTIONS, effective_spec

__all__ = ["RequestCounter", "RequestValidator", "profiled_spec", "recorded", "spec_for_server"]

API_PATH = "/api/rest/v1/{accountId}"
_NON_EMPTY = {"type": "string", "minLength": 1, "pattern": r"\S"}


def spec_for_server(base_url: str, spec: dict[str, Any] | None = None) -> dict[str, Any]:
    """The effective spec with one server: ``base_url`` (a platform root) plus Boomi's API path."""
    result = copy.deepcopy(spec) if spec is not None else effective_spec()
    result["servers"] = [
        {
            "url": base_url.rstrip("/") + API_PATH,
            "variables": {"accountId": {"default": "account", "description": "ID of the Boomi account."}},
        }
    ]
    return result


def _equals(prop: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["operator", "property", "argument"],
        "properties": {
            "operator": {"type": "string", "enum": ["EQUALS"]},
            "property": {"type": "string", "enum": [prop]},
            "argument": {"type": "array", "minItems": 1, "maxItems": 1, "items": dict(_NON_EMPTY)},
        },
    }


def profiled_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with the request schemas tightened by Boomi's documented rules (see the module docstring)."""
    result = copy.deepcopy(spec)
    schemas: dict[str, Any] = result["components"]["schemas"]

    schemas["ChangeListenerStatusRequestBase"] = schemas["ChangeListenerStatusRequest"]
    schemas["ChangeListenerStatusRequest"] = {
        "allOf": [
            {"$ref": "#/components/schemas/ChangeListenerStatusRequestBase"},
            {"type": "object", "required": ["action", "containerId"], "properties": {"containerId": _NON_EMPTY}},
            {
                "oneOf": [
                    {
                        "type": "object",
                        "required": ["listenerId"],
                        "properties": {
                            "action": {"type": "string", "enum": list(SINGLE_ACTIONS)},
                            "listenerId": _NON_EMPTY,
                        },
                    },
                    {
                        "type": "object",
                        "properties": {"action": {"type": "string", "enum": list(ALL_ACTIONS)}},
                        "not": {"required": ["listenerId"]},
                    },
                ]
            },
        ]
    }

    container, listener = _equals("containerId"), _equals("listenerId")
    grouping = {
        "type": "object",
        "required": ["operator", "nestedExpression"],
        "properties": {
            "operator": {"type": "string", "enum": ["and"]},
            "nestedExpression": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": {"oneOf": [container, listener]},
            },
        },
        # One of each: not two runtimes, not two listeners.
        "not": {
            "anyOf": [
                {"properties": {"nestedExpression": {"items": container}}},
                {"properties": {"nestedExpression": {"items": listener}}},
            ]
        },
    }
    schemas["ListenerStatusQueryConfigBase"] = schemas["ListenerStatusQueryConfig"]
    schemas["ListenerStatusQueryConfig"] = {
        "allOf": [
            {"$ref": "#/components/schemas/ListenerStatusQueryConfigBase"},
            {
                "type": "object",
                "properties": {
                    "QueryFilter": {
                        "type": "object",
                        "required": ["expression"],
                        "properties": {"expression": {"oneOf": [container, grouping]}},
                    }
                },
            },
        ]
    }
    return result


@dataclass
class _OpenAPIRequest:
    """The request protocol openapi-core validates."""

    host_url: str
    path: str
    method: str
    parameters: RequestParameters
    body: bytes | None
    content_type: str


def _describe(error: Exception) -> str:
    """One validation error: the schema errors behind it (with where they are), else its own text."""
    schema_errors = getattr(error.__cause__, "schema_errors", None)
    if not schema_errors:
        return str(error) or type(error).__name__
    details = []
    for schema_error in schema_errors:
        where = ".".join(str(p) for p in getattr(schema_error, "absolute_path", ())) or "body"
        details.append(f"{where}: {getattr(schema_error, 'message', schema_error)}")
    return f"{type(error).__name__}: " + "; ".join(details)


class RequestValidator:
    """Validates requests a fake at ``base_url`` recorded against the effective spec and Boomi's rules."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host_url = f"{parts.scheme}://{parts.netloc}"
        self.spec = spec_for_server(base_url)
        self.profile = profiled_spec(self.spec)
        self._documents = (
            ("effective spec", OpenAPI.from_dict(self.spec)),
            ("Boomi's documented rules", OpenAPI.from_dict(self.profile)),
        )

    def _request(self, recorded: RecordedRequest) -> _OpenAPIRequest:
        return _OpenAPIRequest(
            host_url=self.host_url,
            path=recorded.path,
            method=recorded.method.lower(),
            parameters=RequestParameters(
                query=ImmutableMultiDict(parse_qsl(recorded.query, keep_blank_values=True)),
                header=Headers(list(recorded.headers.items())),
                cookie=ImmutableMultiDict(),
            ),
            body=recorded.body or None,
            content_type=(recorded.content_type or "").lower(),
        )

    def problems(self, recorded: RecordedRequest) -> list[str]:
        """What is wrong with one request; empty when it conforms."""
        found: list[str] = []
        for name, document in self._documents:
            result = document.unmarshal_request(self._request(recorded))
            found.extend(f"{name}: {_describe(error)}" for error in result.errors)
            if found:
                break  # the rules add nothing to a request that already breaks the schema
        accept = recorded.header("accept") or ""
        if "application/json" not in accept.lower():
            found.append(f"Accept must ask for application/json (Boomi answers XML otherwise); got {accept!r}")
        return found

    def check(self, requests: Iterable[RecordedRequest]) -> int:
        """Raise AssertionError listing every nonconforming request; returns how many were checked."""
        failures: list[str] = []
        count = 0
        for recorded in requests:
            count += 1
            for problem in self.problems(recorded):
                body = recorded.body.decode("utf-8", "replace")[:300]
                failures.append(f"{recorded.method} {recorded.path} {body}\n    {problem}")
        if failures:
            raise AssertionError(
                f"{len(failures)} problem(s) in {count} request(s) the client sent:\n" + "\n".join(failures)
            )
        return count


class RequestCounter:
    """Counts the requests clients hand to the network, through the transports it makes.

    The fake logs a request once it has answered it, so a client can hold the answer a moment
    before the log shows the request; :func:`recorded` waits until the log has caught up.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sent = 0

    def _count(self) -> None:
        with self._lock:
            self.sent += 1

    def transport(self) -> httpx.BaseTransport:
        counter = self

        class Counting(httpx.HTTPTransport):
            def handle_request(self, request: httpx.Request) -> httpx.Response:
                counter._count()
                return super().handle_request(request)

        return Counting()

    def async_transport(self) -> httpx.AsyncBaseTransport:
        counter = self

        class Counting(httpx.AsyncHTTPTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                counter._count()
                return await super().handle_async_request(request)

        return Counting()


def recorded(fake: FakeBoomi, count: int, timeout: float = 5.0) -> list[RecordedRequest]:
    """The fake's request log once it holds at least ``count`` requests (or the timeout passed)."""
    deadline = time.monotonic() + timeout
    while True:
        requests = fake.requests
        if len(requests) >= count or time.monotonic() >= deadline:
            return requests
        time.sleep(0.01)
