"""What a caller gets from Boomi's ProcessScheduleStatus answers, and the values a pause is made of.

In process: the client talks to a scripted ``httpx.MockTransport``, so each test says exactly what
Boomi answered (XML-born strings, odd rows, failed bulk items, bodies that are not JSON) and what
the call returns or raises.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from boomi_listeners import (
    BadRequestError,
    BoomiError,
    ListenerClient,
    NotFoundError,
    RetryPolicy,
    SchedulePause,
    ScheduleStatus,
    UnexpectedResponseError,
)

BASE = "/api/rest/v1/acct/ProcessScheduleStatus"
BULK = f"{BASE}/bulk"
FAST_RETRY = RetryPolicy(wait_initial=0.001, wait_max=0.005, wait_jitter=0.0)
FIELDS_NAMED = "needs string id, atomId, processId and a boolean enabled"


def status_row(schedule_id: str, enabled: object = True, **changes: object) -> dict[str, Any]:
    row = {"@type": "ProcessScheduleStatus", "id": schedule_id, "atomId": "C", "processId": f"P-{schedule_id}"}
    return {**row, "enabled": enabled, **changes}


def client(
    answer: Callable[[httpx.Request], httpx.Response], seen: list[httpx.Request] | None = None
) -> ListenerClient:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return answer(request)

    return ListenerClient(
        account_id="acct", username="user", password="pw", base_url="http://boomi.test",
        transport=httpx.MockTransport(handler), retry=FAST_RETRY, max_requests_per_second=None,
    )  # fmt: skip


def answering(body: object) -> Callable[[httpx.Request], httpx.Response]:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return lambda request: httpx.Response(200, content=content, headers={"Content-Type": "application/json"})


def bulk_answer(*items: object) -> Callable[[httpx.Request], httpx.Response]:
    return answering({"@type": "BulkResult", "response": list(items)})


def by_id(*items: object) -> list[ScheduleStatus]:
    with client(bulk_answer(*items)) as boomi:
        return boomi.schedule_statuses_by_id(schedule_ids=["s1", "s2"])


# -- one status, as Boomi writes it ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [(True, True), (False, False), ("true", True), ("false", False), ("TRUE", True), ("False", False)],
)
def test_enabled_is_read_from_a_boolean_or_its_xml_born_string(written: object, read: bool) -> None:
    status = ScheduleStatus.from_dict(status_row("s1", written))

    assert status == ScheduleStatus("s1", "C", "P-s1", read)
    assert status.to_dict()["enabled"] is read  # what an update sends back is a real boolean


@pytest.mark.parametrize(
    "row",
    [
        status_row("s1", "yes"),
        status_row("s1", 1),
        status_row("s1", None),
        status_row(""),
        status_row("s1", atomId=42),
        status_row("s1", processId=None),
        status_row("s1", atomId=""),
    ],
)
def test_a_status_needs_non_empty_string_ids_and_a_boolean(row: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match=FIELDS_NAMED):
        ScheduleStatus.from_dict(row)


def test_schedule_status_reads_boomis_answer() -> None:
    seen: list[httpx.Request] = []
    with client(answering(status_row("s1", "false")), seen) as boomi:
        status = boomi.schedule_status(schedule_id="s1")

    assert status == ScheduleStatus("s1", "C", "P-s1", False)
    assert [(r.method, r.url.path) for r in seen] == [("GET", f"{BASE}/s1")]


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"<html>maintenance</html>", "Expecting value"),
        ({"id": "s1", "atomId": "C", "processId": "P"}, "'enabled'"),
        (status_row("s1", "maybe"), FIELDS_NAMED),
        ([status_row("s1")], "not a ProcessScheduleStatus"),
    ],
    ids=["not-json", "no-enabled", "enabled-not-boolean", "a-list"],
)
def test_an_answer_that_is_not_a_status_is_an_unexpected_response_naming_what_is_wrong(body: object, why: str) -> None:
    with client(answering(body)) as boomi, pytest.raises(UnexpectedResponseError) as failure:
        boomi.schedule_status(schedule_id="s1")

    message = str(failure.value)
    assert "GET /ProcessScheduleStatus/s1 answered 200" in message
    assert "not a ProcessScheduleStatus" in message
    assert why in message


def test_rows_of_a_runtime_that_are_not_statuses_are_skipped_not_fatal() -> None:
    rows = [status_row("s1"), status_row("s2", "maybe"), {"id": "s3", "atomId": "C"}, status_row("s4", False)]
    with client(answering({"@type": "QueryResult", "numberOfResults": 4, "result": rows})) as boomi:
        found = boomi.schedule_statuses(container_id="C")

    assert found == [ScheduleStatus("s1", "C", "P-s1", True), ScheduleStatus("s4", "C", "P-s4", False)]


# -- bulk reads ----------------------------------------------------------------------------------------


def test_bulk_reads_ask_for_at_most_100_ids_each_in_order() -> None:
    ids = [f"s{i:03}" for i in range(250)]
    seen: list[httpx.Request] = []

    def echo(request: httpx.Request) -> httpx.Response:
        asked = [item["id"] for item in json.loads(request.content)["request"]]
        return httpx.Response(
            200, json={"response": [{"id": i, "statusCode": 200, "Result": status_row(i)} for i in asked]}
        )

    with client(echo, seen) as boomi:
        found = boomi.schedule_statuses_by_id(schedule_ids=ids)

    sent = [json.loads(r.content) for r in seen]
    assert {r.url.path for r in seen} == {BULK}
    assert [body["type"] for body in sent] == ["GET"] * 3
    assert [[item["id"] for item in body["request"]] for body in sent] == [ids[:100], ids[100:200], ids[200:]]
    assert [s.schedule_id for s in found] == ids


def test_a_bulk_answer_that_is_not_json_is_an_unexpected_response() -> None:
    with client(answering(b"<html>gateway</html>")) as boomi, pytest.raises(UnexpectedResponseError) as failure:
        boomi.schedule_statuses_by_id(schedule_ids=["s1"])

    assert "POST /ProcessScheduleStatus/bulk answered 200 with a body that cannot be read: not JSON" in str(
        failure.value
    )


def test_a_bulk_item_that_is_not_an_object_does_not_hide_the_items_after_it() -> None:
    found = by_id("junk", {"id": "s2", "statusCode": 200, "Result": status_row("s2", "true")})

    assert found == [ScheduleStatus("s2", "C", "P-s2", True)]


@pytest.mark.parametrize(
    ("item", "error", "code", "message"),
    [
        ({"id": "s1", "statusCode": 404, "errorMessage": "No schedule s1."}, NotFoundError, 404, "No schedule s1."),
        ({"id": "s1", "statusCode": "404", "errorMessage": "No schedule s1."}, NotFoundError, 404, "No schedule s1."),
        ({"id": "s1", "Result": None}, BadRequestError, 400, "no result"),
        ({"id": "s1", "statusCode": True, "errorMessage": ""}, BadRequestError, 400, "no result"),
    ],
    ids=["404", "404-as-string", "no-code-no-message", "odd-code"],
)
def test_a_bulk_item_boomi_failed_raises_its_error(
    item: dict[str, Any], error: type[BoomiError], code: int, message: str
) -> None:
    with pytest.raises(error) as failure:
        by_id({"id": "s2", "statusCode": 200, "Result": status_row("s2")}, item)

    assert getattr(failure.value, "status_code", None) == code
    assert f"schedule s1: {message}" in str(failure.value)


@pytest.mark.parametrize(
    "result",
    [{"id": "s1", "atomId": "C", "processId": "P"}, status_row("s1", "maybe")],
    ids=["no-enabled", "enabled-not-boolean"],
)
def test_a_bulk_item_whose_result_is_not_a_status_raises_a_boomi_error_naming_it(result: dict[str, Any]) -> None:
    with pytest.raises(BoomiError, match="schedule s1"):
        by_id({"id": "s1", "statusCode": 200, "Result": result})


# -- the values ------------------------------------------------------------------------------------------


def test_statuses_and_pauses_are_immutable_values() -> None:
    on = ScheduleStatus("s1", "C", "P", True)
    pause = SchedulePause.plan([on, ScheduleStatus("s2", "C", "P2", False)])

    with pytest.raises(dataclasses.FrozenInstanceError):
        on.enabled = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pause.disabled = ()  # type: ignore[misc]
    # Values, so they can be kept in sets and as keys: equal ones are one.
    assert len({on, ScheduleStatus("s1", "C", "P", True)}) == 1
    assert len({pause, SchedulePause.from_dict(pause.to_dict())}) == 1
    assert on.enabled is True
