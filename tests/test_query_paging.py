"""Every paged QUERY reads its pages by one rule: name lookups, schedules and executions alike; bulk GETs
read each item's status code as every other answer's.

In process, both clients: a scripted ``httpx.MockTransport`` answers each QUERY and queryMore, so a
test says exactly how Boomi paged (tokens, one object where a list belongs, rows of another type, a
server that never stops handing out tokens) and checks what the call returns or raises.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from boomi_listeners import UnexpectedResponseError, _paging
from tests._twins import KINDS, Twin

#: Each paged read a caller can make: (method, keyword arguments, object type queried, how a row looks).
READS: dict[str, tuple[str, dict[str, Any], str, Callable[[int], dict[str, Any]]]] = {
    "processes by name": (
        "resolve_process", {"name": "Orders"}, "Process",
        lambda i: {"@type": "Process", "id": f"P-{i}", "name": "Orders" if i == 0 else f"Other {i}"},
    ),
    "schedules": (
        "schedule_statuses", {"container_id": "C"}, "ProcessScheduleStatus",
        lambda i: {"@type": "ProcessScheduleStatus", "id": f"S-{i}", "atomId": "C", "processId": f"P-{i}",
                   "enabled": True},
    ),
    "running executions": (
        "running_executions", {"container_id": "C"}, "ExecutionRecord",
        lambda i: {"@type": "ExecutionRecord", "executionId": f"E-{i}", "atomId": "C", "processId": f"P-{i}",
                   "status": "INPROCESS", "executionTime": "2026-12-05T10:00:00Z"},
    ),
}  # fmt: skip


def pages(*bodies: dict[str, Any], seen: list[str]) -> Callable[[httpx.Request], httpx.Response]:
    """Answer the first request with ``bodies[0]``, the next with ``bodies[1]``...; the last one repeats."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.path.rsplit('/', 2)[-2]}/{request.url.path.rsplit('/', 1)[-1]} {request.content!r}")
        body = bodies[min(len(seen), len(bodies)) - 1]
        return httpx.Response(200, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})

    return answer


def result(rows: list[dict[str, Any]] | dict[str, Any], token: object = None) -> dict[str, Any]:
    body: dict[str, Any] = {"@type": "QueryResult", "result": rows}
    if token is not None:
        body["queryToken"] = token
    return body


def ids(found: Any) -> list[str]:
    """The IDs of what a read returned (a process, schedule statuses or executions)."""
    items = found if isinstance(found, list) else [found]
    return [next(getattr(item, name) for name in ("id", "schedule_id", "execution_id") if hasattr(item, name))
            for item in items]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("read", list(READS))
def test_every_page_is_read_by_posting_the_token_to_the_objects_querymore(kind: str, read: str) -> None:
    method, kwargs, object_type, row = READS[read]
    seen: list[str] = []
    answer = pages(result([row(0), row(1)], token="T1"), result([row(2)], token="T2"), result([row(3)]), seen=seen)

    found = Twin(kind).call(answer, method, **kwargs)

    assert seen[0].startswith(f"{object_type}/query ")
    assert seen[1:] == [f"{object_type}/queryMore b'T1'", f"{object_type}/queryMore b'T2'"]
    if read == "processes by name":
        assert ids(found) == ["P-0"]  # the one of the four with that exact name, found on the first page
    else:
        assert len(ids(found)) == 4


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("read", list(READS))
def test_one_object_where_a_list_belongs_is_one_row_and_rows_of_another_type_are_left_out(kind: str, read: str) -> None:
    method, kwargs, _, row = READS[read]
    stranger = {**row(1), "@type": "SomethingElse"}
    seen: list[str] = []

    first = Twin(kind).call(pages(result(row(0)), seen=seen), method, **kwargs)
    mixed = Twin(kind).call(pages(result([row(0), stranger]), seen=seen), method, **kwargs)

    assert len(ids(first)) == 1
    assert ids(mixed) == ids(first)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("read", list(READS))
def test_a_token_that_is_not_text_is_an_unreadable_answer_not_the_last_page(kind: str, read: str) -> None:
    method, kwargs, object_type, row = READS[read]

    with pytest.raises(UnexpectedResponseError, match=rf"POST /{object_type}/query .*'queryToken'"):
        Twin(kind).call(pages(result([row(0)], token=7), seen=[]), method, **kwargs)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("read", list(READS))
def test_a_server_that_never_stops_handing_out_tokens_is_stopped_at_the_page_limit(
    kind: str, read: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    method, kwargs, object_type, row = READS[read]
    monkeypatch.setattr(_paging, "MAX_PAGES", 3)
    seen: list[str] = []

    with pytest.raises(UnexpectedResponseError, match=rf"POST /{object_type}/queryMore kept answering a queryToken "
                       r"after 3 pages \(300 results\); stopped reading. Narrow the query."):  # fmt: skip
        Twin(kind).call(pages(result([row(0)], token="again"), seen=seen), method, **kwargs)

    assert len(seen) == 1 + 3  # the QUERY and the pages the limit allows, then no more requests


# -- bulk GETs (the runtimes of an environment) -----------------------------------------------------------


def environment_answers(*bulk_items: dict[str, Any]) -> Callable[[httpx.Request], httpx.Response]:
    """An environment "Prod" with runtimes A-1 and A-2 attached; the Atom bulk GET answers ``bulk_items``."""
    bodies = {
        "Environment/query": result([{"@type": "Environment", "id": "E-1", "name": "Prod"}]),
        "EnvironmentAtomAttachment/query": result([
            {"@type": "EnvironmentAtomAttachment", "id": f"X-{n}", "environmentId": "E-1", "atomId": f"A-{n}"}
            for n in (1, 2)
        ]),
        "Atom/bulk": {"@type": "BulkResult", "response": list(bulk_items)},
    }  # fmt: skip

    def answer(request: httpx.Request) -> httpx.Response:
        body = bodies["/".join(request.url.path.rsplit("/", 2)[-2:])]
        return httpx.Response(200, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})

    return answer


def atom_item(atom_id: str, status_code: object) -> dict[str, Any]:
    atom = {"@type": "Atom", "id": atom_id, "name": f"Runtime {atom_id}", "status": "ONLINE", "type": "ATOM"}
    return {"@type": "BulkResponse", "id": atom_id, "statusCode": status_code, "Result": atom}


@pytest.mark.parametrize("kind", KINDS)
def test_a_bulk_items_status_code_written_as_text_is_read_as_its_number(kind: str) -> None:
    answer = environment_answers(atom_item("A-1", "200"), atom_item("A-2", 200))

    environment = Twin(kind).call(answer, "resolve_environment", name="Prod")

    assert [runtime.id for runtime in environment.runtimes] == ["A-1", "A-2"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_bulk_item_boomi_could_not_find_is_left_out(kind: str) -> None:
    missing = {"@type": "BulkResponse", "id": "A-2", "statusCode": "404", "errorMessage": "no such Atom"}

    environment = Twin(kind).call(
        environment_answers(atom_item("A-1", 200), missing), "resolve_environment", name="Prod"
    )

    assert [runtime.id for runtime in environment.runtimes] == ["A-1"]
