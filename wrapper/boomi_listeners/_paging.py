"""Boomi's QUERY, queryMore and bulk GET: the filter a query sends, the pages it answers, the token that asks
for more, and how many IDs one bulk request carries.

Free of I/O: the clients send what this builds and hand back what they received.
A QUERY answers at most 100 rows and, when there are more, a ``queryToken``; the
next page is a POST of that token as ``text/plain`` to the object's ``queryMore``
(Boomi's "Query paging"); the generated queryMore endpoints build that request.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from boomi_listeners._exceptions import UnexpectedResponseError
from boomi_listeners._protocol import Request, json_object, unreadable

__all__ = [
    "BULK_LIMIT",
    "MAX_PAGES",
    "Page",
    "equals",
    "grouping",
    "query_more_path",
    "query_more_request",
    "query_request",
    "read_page",
    "too_many_pages",
]

#: IDs one bulk request may carry (Boomi's limit).
BULK_LIMIT = 100
#: A query that keeps answering tokens past this many pages (100 rows each) is a server fault, not data.
MAX_PAGES = 1000


def query_more_path(object_type: str) -> str:
    return f"/{object_type}/queryMore"


def equals(prop: str, *arguments: str) -> dict[str, Any]:
    """A SimpleExpression: ``prop`` EQUALS the argument."""
    return {"operator": "EQUALS", "property": prop, "argument": list(arguments)}


def grouping(operator: str, *nested: Mapping[str, Any]) -> dict[str, Any]:
    """A GroupingExpression (``and``/``or``) of ``nested`` expressions."""
    return {"operator": operator, "nestedExpression": [dict(item) for item in nested]}


def query_request(path: str, expression: Mapping[str, Any]) -> Request:
    """POST ``path`` (an object's ``/query``) with a QueryConfig holding ``expression``."""
    return {"method": "post", "url": path, "json": {"QueryFilter": {"expression": dict(expression)}}}


def query_more_request(object_type: str, token: str) -> Request:
    """POST the ``queryToken`` of the previous page to ``/{object_type}/queryMore`` as plain text."""
    # Imported here, not with the package: the generated modules load every generated model.
    from boomi_listeners_api.api.atom import query_more_atom
    from boomi_listeners_api.api.environment import query_more_environment
    from boomi_listeners_api.api.environment_atom_attachment import query_more_environment_atom_attachment
    from boomi_listeners_api.api.execution_record import query_more_execution_record
    from boomi_listeners_api.api.process import query_more_process
    from boomi_listeners_api.api.process_schedule_status import query_more_process_schedule_status

    operations = {
        "Atom": query_more_atom,
        "Environment": query_more_environment,
        "EnvironmentAtomAttachment": query_more_environment_atom_attachment,
        "Process": query_more_process,
        "ProcessScheduleStatus": query_more_process_schedule_status,
        "ExecutionRecord": query_more_execution_record,
    }
    return _token_request(operations[object_type], token)


def _token_request(operation: Any, token: str) -> Request:
    """The request of a generated queryMore ``operation`` with ``token`` as its text/plain body."""
    from boomi_listeners_api.types import File

    request: Request = operation._get_kwargs(body=File(payload=io.BytesIO(token.encode("utf-8"))))
    # Bytes, not the generator's file object: a retry must be able to send the body again.
    request["content"] = token.encode("utf-8")
    return request


@dataclass(frozen=True)
class Page:
    """One page of a QueryResult: its rows (JSON objects) and the token for the next page, if any."""

    rows: tuple[Mapping[str, Any], ...]
    token: str | None


def read_page(response: httpx.Response, path: str, row_type: str) -> Page:
    """The rows of type ``row_type`` in a QueryResult, and its ``queryToken``.

    Tolerant in what it reads: a missing ``result`` is an empty page, one object where a list
    belongs is a one-row page, and rows of another ``@type`` are left out.
    """
    data = json_object(response, "POST", path)
    rows = data.get("result") or []
    if isinstance(rows, dict):
        rows = [rows]
    if not isinstance(rows, list):
        raise unreadable("POST", path, response.status_code, f"'result' is a {type(rows).__name__}, not a list")
    kept = tuple(row for row in rows if isinstance(row, dict) and row.get("@type", row_type) == row_type)
    token = data.get("queryToken")
    if token is not None and (not isinstance(token, str) or not token.strip()):
        raise unreadable("POST", path, response.status_code, "'queryToken' is not a non-empty string")
    return Page(kept, token or None)


def too_many_pages(object_type: str) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        f"POST {query_more_path(object_type)} kept answering a queryToken after {MAX_PAGES} pages "
        f"({MAX_PAGES * 100} results); stopped reading. Narrow the query."
    )
