"""Schemathesis against the fake, in-process over ASGI, with the effective spec and every check.

Positive and negative data both run. The spec says what is *well-formed*, not which runtimes
exist, and it leaves the request bodies optional, so positive cases are steered with a hook onto
the demo data: bodies name real runtimes and listeners and follow Boomi's per-action rules, and
the response endpoint gets tokens from real queries (finished, running, another account's, and
unknown ones). Negative cases are left as generated: the fake must reject every one of them.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
from collections import Counter
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.core import NOT_SET

from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OTHER_PASSWORD,
    DEMO_OTHER_USERNAME,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    fake_spec,
)
from boomi_listeners.testing.state import schedule_id_of

FAKE = FakeBoomi(apply_delay=0.01, restart_phase=0.01, query_delay=0.0, token_ttl=3600.0)
# A query started with a long delay stays "still running" (202) for the whole run.
SLOW_FAKE_QUERY_DELAY = 3600.0
AUTH_HEADER = {"Authorization": "Basic " + base64.b64encode(f"{DEMO_USERNAME}:{DEMO_PASSWORD}".encode()).decode()}
ONLINE = [DEMO_TEST_CONTAINER_ID, DEMO_PROD_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID]
COUNTER = itertools.count()

schema = schemathesis.openapi.from_dict(fake_spec(f"/api/rest/v1/{DEMO_ACCOUNT_ID}"))
schema.app = FAKE.app
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=60)


def _query_body(container_id: str, listener_id: str | None = None) -> dict[str, Any]:
    container = {"operator": "EQUALS", "property": "containerId", "argument": [container_id]}
    if listener_id is None:
        return {"QueryFilter": {"expression": container}}
    listener = {"operator": "EQUALS", "property": "listenerId", "argument": [listener_id]}
    return {"QueryFilter": {"expression": {"operator": "and", "nestedExpression": [listener, container]}}}


def _real_token(username: str, password: str, account_id: str) -> str:
    """A token from a real query through the fake's HTTP interface."""

    async def query() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=FAKE.app), base_url="http://fake") as client:
            return await client.post(
                f"/api/rest/v1/{account_id}/async/ListenerStatus/query",
                json=_query_body(FAKE.state.runtimes_of(account_id)[0].id),
                auth=(username, password),
                headers={"Accept": "application/json"},
            )

    response = asyncio.run(query())
    assert response.status_code == 200, response.text
    token: str = response.json()["asyncToken"]["token"]
    return token


FINISHED_TOKENS = [_real_token(DEMO_USERNAME, DEMO_PASSWORD, DEMO_ACCOUNT_ID) for _ in range(3)]
OTHER_ACCOUNT_TOKEN = _real_token(DEMO_OTHER_USERNAME, DEMO_OTHER_PASSWORD, "boomi-other-000002")
FAKE.query_delay = SLOW_FAKE_QUERY_DELAY
RUNNING_TOKEN = _real_token(DEMO_USERNAME, DEMO_PASSWORD, DEMO_ACCOUNT_ID)
FAKE.query_delay = 0.0


def _positive_change(body: Any, n: int) -> dict[str, Any]:
    extras = (
        {k: v for k, v in body.items() if k not in ("action", "containerId", "listenerId")}
        if isinstance(body, dict)
        else {}
    )
    action = body.get("action") if isinstance(body, dict) else None
    if action is None:
        action = ["pause", "resume", "restart", "pause_all", "resume_all", "restart_all"][n % 6]
    container_id = ONLINE[n % len(ONLINE)]
    result: dict[str, Any] = {**extras, "action": action, "containerId": container_id}
    if not str(action).endswith("_all"):
        listeners = FAKE.state.runtime(container_id).listeners
        result["listenerId"] = listeners[n % len(listeners)].id
    return result


def _positive_query(body: Any, n: int) -> dict[str, Any]:
    extras = {k: v for k, v in body.items() if k != "QueryFilter"} if isinstance(body, dict) else {}
    container_id = ONLINE[n % len(ONLINE)]
    listeners = FAKE.state.runtime(container_id).listeners
    listener_id = None if n % 3 == 0 else listeners[n % len(listeners)].id
    if n % 5 == 4:
        listener_id = "not-deployed-here"  # a well-formed filter that matches nothing
    return {**extras, **_query_body(container_id, listener_id)}


def _runtime_filter(n: int) -> dict[str, Any]:
    return {"QueryFilter": {"expression": {"operator": "EQUALS", "property": "atomId", "argument": [ONLINE[n % 3]]}}}


def _schedule(n: int) -> dict[str, Any]:
    """One of the demo's schedule statuses, as ``{id, atomId, processId, enabled}`` (its current value)."""
    runtime = FAKE.state.runtime(DEMO_PROD_CONTAINER_ID)
    schedule = runtime.schedules[n % len(runtime.schedules)]
    return {
        "id": schedule_id_of(runtime.id, schedule.process_id),
        "atomId": runtime.id,
        "processId": schedule.process_id,
        "enabled": schedule.enabled,
    }


def _steer_quiesce(case: Any, path: str, method: str, n: int) -> None:
    """Positive cases of the schedule, execution and runtime operations, onto the demo data (as JSON)."""
    if path in ("/ProcessScheduleStatus/query", "/ExecutionRecord/query"):
        case.body, case.media_type = _runtime_filter(n), "application/json"
    elif path == "/ProcessScheduleStatus/bulk":
        case.body, case.media_type = {"type": "GET", "request": [{"id": _schedule(n)["id"]}]}, "application/json"
    elif path == "/ProcessScheduleStatus/{id}":
        schedule = _schedule(n)
        case.path_parameters = {**(case.path_parameters or {}), "id": schedule["id"]}
        if method == "POST":
            case.body, case.media_type = schedule, "application/json"
    elif path == "/cancelExecution/{executionId}":
        execution_id = FAKE.start_execution(container_id=ONLINE[n % 3], process_id="steered", seconds=60)
        case.path_parameters = {**(case.path_parameters or {}), "executionId": execution_id}
    elif path.endswith("/queryMore"):
        case.media_type = "text/plain"  # a token that was never answered: "not found"


# The name reads: filters each object accepts, bulk reads of known and unknown IDs, and fresh
# queryTokens (a token is good for one queryMore, so each steered case gets its own).
_NAME_FILTERS = {
    "Atom": [
        ("id", "EQUALS", [DEMO_PROD_CONTAINER_ID]),
        ("type", "NOT_EQUALS", ["CLOUD"]),
        ("name", "CONTAINS", ["Atom"]),
    ],
    "Environment": [("name", "LIKE", ["Prod%"]), ("classification", "BETWEEN", ["PROD", "TEST"])],
    "EnvironmentAtomAttachment": [("atomId", "EQUALS", [DEMO_PROD_CONTAINER_ID]), ("environmentId", "IS_NOT_NULL", [])],
    "Process": [("name", "GREATER_THAN_OR_EQUAL", ["M"]), ("id", "EQUALS", ["no-such-process"])],
}
_NAME_OBJECTS = frozenset({"Atom", "Environment", "EnvironmentAtomAttachment", "Process"})
_BULK_IDS = {
    "Atom": [DEMO_PROD_CONTAINER_ID, DEMO_TEST_CONTAINER_ID],
    "Process": [FAKE.state.runtime(DEMO_PROD_CONTAINER_ID).listeners[0].id],
}


def _name_filter(object_type: str, n: int) -> dict[str, Any]:
    choices = _NAME_FILTERS[object_type]
    prop, operator, arguments = choices[n % len(choices)]
    simple = {"property": prop, "operator": operator, "argument": arguments}
    if n % 4 == 3:  # a grouping of two, as Boomi's own examples write them
        other_prop, other_operator, other_arguments = choices[(n + 1) % len(choices)]
        other = {"property": other_prop, "operator": other_operator, "argument": other_arguments}
        return {
            "QueryFilter": {"expression": {"operator": "or" if n % 2 else "and", "nestedExpression": [simple, other]}}
        }
    return {"QueryFilter": {"expression": simple}}


def _fresh_query_token(object_type: str) -> str:
    """The token of a query whose result is two pages long (the fake's own objects, repeated)."""
    objects = FAKE.names._objects(DEMO_ACCOUNT_ID, object_type)
    page = FAKE.names.pager.first(DEMO_ACCOUNT_ID, object_type, (objects * 200)[:150])
    assert page.query_token is not None
    return page.query_token


def _is_name_read(path: str) -> bool:
    """An Atom, Environment, EnvironmentAtomAttachment or Process path (not ProcessScheduleStatus)."""
    return path.strip("/").split("/")[0] in _NAME_OBJECTS


def _steer_name_read(case: Any, n: int) -> None:
    parts = case.operation.path.strip("/").split("/")
    object_type, action = parts[0], parts[1] if len(parts) > 1 else ""
    if action == "query":
        case.body = _name_filter(object_type, n)
    elif action == "queryMore":
        case.body = _fresh_query_token(object_type)  # an unknown token's 400: tests/test_fake_names.py
    elif action == "bulk":
        ids = [*_BULK_IDS[object_type], "no-such-id"][: 1 + n % 3]
        case.body = {"type": "GET", "request": [{"id": i} for i in ids]}
    elif object_type == "Atom" and n % 2:
        case.path_parameters = {**(case.path_parameters or {}), "id": DEMO_PROD_CONTAINER_ID}


def _json_where_xml_cannot_break_the_schema(case: Any) -> None:
    """Negative cases of the name reads go as JSON.

    XML cannot tell a one-item list from its item, nor a number from its digits, so a body that
    breaks the schema in JSON can be a valid XML document; the listener operations' own rules
    happen to refuse such documents, the name reads (plain filters over objects) need not.
    """
    negative = case.meta is not None and not case.meta.generation.mode.is_positive
    name_read = _is_name_read(case.operation.path)
    if negative and name_read and case.media_type is not None and "xml" in case.media_type:
        case.media_type = "application/json"


MODES: Counter[str] = Counter()


@schema.hook("map_case")
def steer_positive_cases(context: Any, case: Any) -> Any:
    """Point positive cases at the demo data; leave negative ones as generated.

    Cases built from the spec's examples are steered too: the examples' IDs are
    whatever the spec says (a new download may change them), not the fake's data.
    """
    MODES["explicit" if case.meta is None else case.meta.generation.mode.value] += 1
    if case.meta is not None and not case.meta.generation.mode.is_positive:
        return case
    n = next(COUNTER)
    path = case.operation.path
    if path == "/changeListenerStatus":
        case.body = _positive_change(None if case.body is NOT_SET else case.body, n)
    elif path == "/async/ListenerStatus/query":
        case.body = _positive_query(None if case.body is NOT_SET else case.body, n)
    elif path == "/async/ListenerStatus/response/{token}":
        choices = [*FINISHED_TOKENS, RUNNING_TOKEN, OTHER_ACCOUNT_TOKEN, case.path_parameters.get("token", "x")]
        case.path_parameters = {**(case.path_parameters or {}), "token": choices[n % len(choices)]}
    elif _is_name_read(path):
        _steer_name_read(case, n)  # GET /Atom/{id} (runtime health) among them
    else:
        _steer_quiesce(case, path, case.operation.method.upper(), n)
    return case


_SETTINGS = settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    max_examples=60,
    derandomize=True,
    database=None,
)


# The name reads are eleven read-only operations whose rules tests/test_fake_names.py checks one by
# one; here they get fewer generated cases each, so the file stays quick.
# Their own schema object (a filtered view would share the listener operations' configuration), without
# the coverage phase, whose boundary cases are hundreds per query operation.
NAME_READS = r"^/(Atom|Environment|EnvironmentAtomAttachment|Process)(/|$)"
LISTENER_OPERATIONS = schema.exclude(path_regex=NAME_READS)
NAME_READ_OPERATIONS = schemathesis.openapi.from_dict(fake_spec(f"/api/rest/v1/{DEMO_ACCOUNT_ID}")).include(
    path_regex=NAME_READS
)
NAME_READ_OPERATIONS.app = FAKE.app
NAME_READ_OPERATIONS.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
NAME_READ_OPERATIONS.config.phases.update(phases=["examples", "fuzzing"])
NAME_READ_OPERATIONS.hook("map_case")(steer_positive_cases)
_NAME_SETTINGS = settings(_SETTINGS, max_examples=12)


@LISTENER_OPERATIONS.parametrize()
@_SETTINGS
def test_contract_xml_by_default(case: Any) -> None:
    """Boomi's default representation (XML); response bodies are checked for status and media type."""
    _json_where_xml_cannot_break_the_schema(case)
    case.call_and_validate(headers=AUTH_HEADER)


@LISTENER_OPERATIONS.parametrize()
@_SETTINGS
def test_contract_json(case: Any) -> None:
    """With Accept: application/json every response body is also validated against its schema."""
    _check_json(case)


@NAME_READ_OPERATIONS.parametrize()
@_NAME_SETTINGS
def test_name_reads_xml_by_default(case: Any) -> None:
    """The name reads in XML: status and media type of every answer."""
    _json_where_xml_cannot_break_the_schema(case)
    case.call_and_validate(headers=AUTH_HEADER)


@NAME_READ_OPERATIONS.parametrize()
@_NAME_SETTINGS
def test_name_reads_json(case: Any) -> None:
    """The name reads in JSON: every answer's body against its schema too."""
    _check_json(case)


def _check_json(case: Any) -> None:
    _json_where_xml_cannot_break_the_schema(case)
    response = case.call_and_validate(headers={**AUTH_HEADER, "Accept": "application/json"})
    if response.status_code == 200 and response.content:
        assert response.headers["content-type"][0].startswith("application/json")


def test_enough_cases_ran() -> None:
    """A few hundred cases of both modes ran, and they reached the fake's success and error paths."""
    if not MODES:
        pytest.skip("run together with the contract tests to count cases")
    outcomes = Counter(
        (r.method, r.path.rsplit("/", 1)[-1] if "response" not in r.path else "response", r.status)
        for r in FAKE.requests
    )
    print(f"\ncases by mode: {dict(MODES)}; requests: {len(FAKE.requests)}")
    print(f"by content type and status: {dict(Counter((r.content_type, r.status) for r in FAKE.requests))}")
    for key, count in sorted(outcomes.items(), key=str):
        print(f"  {key}: {count}")
    assert MODES["positive"] >= 100, MODES
    assert MODES["negative"] >= 100, MODES
