"""Schedules, running executions, draining and runtime health: both clients against the embedded fake.

A drain that waits for a three-second execution takes no real time: the fake shares the clients'
virtual clock (``tests._in_process``).
"""

from __future__ import annotations

import datetime
import pickle
from typing import Any

import httpx
import pytest

from boomi_listeners import (
    DrainPlan,
    DrainTimeoutError,
    Execution,
    GoneError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    SchedulePause,
    ScheduleStatus,
)
from boomi_listeners._exceptions import APITimeoutError
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PASSWORD,
    DEMO_PROD_DISABLED_PROCESS_ID,
    DEMO_PROD_SCHEDULED_PROCESS_ID,
    DEMO_READONLY_PASSWORD,
    DEMO_READONLY_USERNAME,
    DEMO_TEST_CONTAINER_ID,
    DEMO_USERNAME,
    PRIVILEGE_API,
    FakeBoomi,
    Schedule,
    User,
)
from boomi_listeners.testing.sync_asgi import SyncASGITransport
from tests._in_process import POLL, PROD, call, clock, enabled_on, fake, paths
from tests._twins import KINDS, VirtualTime

__all__ = ["clock", "fake"]  # the fixtures, shared with the other in-process tests


# -- schedules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_schedule_statuses_of_a_runtime(kind: str, fake: FakeBoomi) -> None:
    found = call(kind, fake, "schedule_statuses", container_id=PROD)

    assert {s.process_id: s.enabled for s in found} == enabled_on(fake, PROD)
    assert {s.container_id for s in found} == {PROD}
    assert found[0] == call(kind, fake, "schedule_status", schedule_id=found[0].schedule_id)
    assert call(kind, fake, "schedule_statuses_by_id", schedule_ids=[s.schedule_id for s in found]) == found


@pytest.mark.parametrize("kind", KINDS)
def test_disable_then_restore_puts_back_exactly_what_was_enabled(kind: str, fake: FakeBoomi) -> None:
    before = enabled_on(fake, PROD)
    assert before[DEMO_PROD_DISABLED_PROCESS_ID] is False
    assert before[DEMO_PROD_SCHEDULED_PROCESS_ID] is True

    pause = call(kind, fake, "disable_schedules", container_ids=[PROD])

    assert set(enabled_on(fake, PROD).values()) == {False}
    assert {s.process_id for s in pause.disabled} == {p for p, on in before.items() if on}
    assert [s.process_id for s in pause.kept] == [DEMO_PROD_DISABLED_PROCESS_ID]
    # Restored from its plain-data form, as a journal would keep it.
    restored = call(kind, fake, "restore_schedules", pause.to_dict())
    assert enabled_on(fake, PROD) == before
    assert DEMO_PROD_DISABLED_PROCESS_ID not in {s.process_id for s in restored}


@pytest.mark.parametrize("kind", KINDS)
def test_restore_skips_a_schedule_enabled_again_meanwhile(kind: str, fake: FakeBoomi) -> None:
    pause = call(kind, fake, "disable_schedules", container_ids=[PROD])
    first = pause.disabled[0]
    call(kind, fake, "set_schedule_enabled", schedule_id=first.schedule_id, container_id=PROD,
         process_id=first.process_id, enabled=True)  # fmt: skip
    fake.clear_requests()

    restored = call(kind, fake, "restore_schedules", pause)

    assert [s.schedule_id for s in restored] == [s.schedule_id for s in pause.disabled[1:]]
    assert paths(fake).count("/ProcessScheduleStatus/bulk") == 1
    assert sum(p.startswith("/ProcessScheduleStatus/") and p.count("/") == 2 for p in paths(fake)) == len(restored) + 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_snapshot_with_schedules_records_each_runtimes_schedules(kind: str, fake: FakeBoomi) -> None:
    document = call(kind, fake, "snapshot", container_ids=[PROD, DEMO_TEST_CONTAINER_ID], schedules=True, names=True)

    assert document.version == 2
    recorded = {s.process_id: s.enabled for c, s in document.schedules() if c == PROD}
    assert recorded == enabled_on(fake, PROD)
    assert all(s.name for _, s in document.schedules())  # the scheduled processes' names, with names=True
    plain = call(kind, fake, "snapshot", container_ids=[PROD])
    assert plain.version == 1
    assert not plain.covers_schedules


def test_schedule_pause_plan_is_the_restore_rule() -> None:
    on = ScheduleStatus("s1", "c", "p1", True)
    off = ScheduleStatus("s2", "c", "p2", False)
    pause = SchedulePause.plan([on, off, on])

    assert pause.disable_updates() == [on.with_enabled(False)]
    assert pause.restore_updates() == [on]
    assert pause.restore_updates(current=[on]) == []
    assert SchedulePause.from_dict(pause.to_dict()) == pause
    with pytest.raises(InvalidRequestError):
        SchedulePause.from_dict({"disabled": [{"id": "x"}]})


@pytest.mark.parametrize("kind", KINDS)
def test_more_than_a_page_of_schedules_is_read_with_query_more(kind: str, fake: FakeBoomi) -> None:
    fake.state.runtimes[PROD].schedules = [Schedule(f"process-{i:03}") for i in range(230)]

    found = call(kind, fake, "schedule_statuses", container_id=PROD)

    assert [s.process_id for s in found] == [f"process-{i:03}" for i in range(230)]
    assert paths(fake) == ["/ProcessScheduleStatus/query", *["/ProcessScheduleStatus/queryMore"] * 2]


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_disable_switches_back_on_what_it_had_switched_off(kind: str, fake: FakeBoomi) -> None:
    before = enabled_on(fake, PROD)
    calls = {"n": 0}
    original = fake.state.schedule

    def second_update_fails(schedule_id: str) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            return None  # the fake answers 404: no such schedule
        return original(schedule_id)

    fake.state.schedule = second_update_fails  # type: ignore[method-assign]
    with pytest.raises(NotFoundError, match="schedule status") as failure:
        call(kind, fake, "disable_schedules", container_ids=[PROD])
    fake.state.schedule = original  # type: ignore[method-assign]

    assert failure.value.status_code == 404
    assert enabled_on(fake, PROD) == before


# -- executions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_running_executions_are_typed_records(kind: str, fake: FakeBoomi, clock: VirtualTime) -> None:
    execution_id = fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=5)
    fake.start_execution(container_id=DEMO_TEST_CONTAINER_ID, process_id="elsewhere", seconds=5)

    (running,) = call(kind, fake, "running_executions", container_id=PROD)

    assert running.execution_id == execution_id
    assert (running.process_id, running.process_name) == (DEMO_PROD_SCHEDULED_PROCESS_ID, "Nightly order export")
    assert running.status == "INPROCESS"
    assert running.container_id == PROD
    assert isinstance(running.started, datetime.datetime)
    clock.advance(6)  # the run is over
    assert call(kind, fake, "running_executions", container_id=PROD) == []
    assert fake.execution_status(execution_id) == "COMPLETE"


@pytest.mark.parametrize("kind", KINDS)
def test_more_than_a_page_of_executions(kind: str, fake: FakeBoomi) -> None:
    started = {fake.start_execution(container_id=PROD, process_id=f"p{i}", seconds=60) for i in range(130)}

    found = call(kind, fake, "running_executions", container_id=PROD)

    assert {e.execution_id for e in found} == started
    assert paths(fake) == ["/ExecutionRecord/query", "/ExecutionRecord/queryMore"]


@pytest.mark.parametrize("kind", KINDS)
def test_cancel_execution(kind: str, fake: FakeBoomi) -> None:
    execution_id = fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=60)

    assert call(kind, fake, "cancel_execution", execution_id=execution_id) is None

    assert fake.execution_status(execution_id) == "ABORTED"
    assert call(kind, fake, "running_executions", container_id=PROD) == []


def test_execution_numbers_are_read_as_boomi_writes_them() -> None:
    row = {"executionId": "e", "status": "INPROCESS", "executionTime": "2024-09-25T15:41:54Z"}
    for written in (["Long", 3832], 3832, "3832"):
        assert Execution.from_dict({**row, "executionDuration": written}).duration_ms == 3832
    assert Execution.from_dict(row).started == datetime.datetime(2024, 9, 25, 15, 41, 54, tzinfo=datetime.UTC)


def test_the_fake_writes_execution_numbers_like_boomis_example(fake: FakeBoomi) -> None:
    fake.start_execution(container_id=PROD, process_id="p", seconds=3)
    with SyncASGITransport(fake.app) as transport, httpx.Client(transport=transport, base_url="http://f") as http:
        answer = http.post(
            f"/api/rest/v1/{DEMO_ACCOUNT_ID}/ExecutionRecord/query",
            json={
                "QueryFilter": {"expression": {"operator": "EQUALS", "property": "status", "argument": ["INPROCESS"]}}
            },
            headers={"Accept": "application/json"},
            auth=(DEMO_USERNAME, DEMO_PASSWORD),
        )
    (row,) = answer.json()["result"]
    assert row["executionDuration"][0] == "Long"
    assert isinstance(row["executionDuration"][1], int)
    assert row["inboundDocumentSize"] == ["Long", 0]
    assert row["inboundDocumentCount"] == 0
    assert row["@type"] == "ExecutionRecord"
    assert row["status"] == "INPROCESS"


# -- draining ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_drain_waits_until_the_execution_ended(kind: str, fake: FakeBoomi) -> None:
    execution_id = fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=3)
    seen: list[dict[str, Any]] = []

    result = call(kind, fake, "drain", container_ids=[PROD, DEMO_TEST_CONTAINER_ID], timeout=30, progress=seen.append)

    assert fake.execution_status(execution_id) == "COMPLETE"
    assert [e.execution_id for e in result.waited_for] == [execution_id]
    assert 3 <= result.seconds < 6
    # One query per runtime per round; the idle runtime is asked once.
    queries = paths(fake)
    assert set(queries) == {"/ExecutionRecord/query"}
    assert len(queries) == result.rounds + 1
    assert [set(s) for s in seen[:-1]] == [{PROD}] * (len(seen) - 1)
    assert seen[-1] == {}


@pytest.mark.parametrize("kind", KINDS)
def test_drain_timeout_names_what_still_runs(kind: str, fake: FakeBoomi) -> None:
    execution_id = fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600)

    with pytest.raises(DrainTimeoutError) as failure:
        call(kind, fake, "drain", container_ids=[PROD], timeout=5)

    assert isinstance(failure.value, TimeoutError)
    assert [e.execution_id for e in failure.value.running] == [execution_id]
    assert "Nightly order export" in str(failure.value)
    assert PROD in str(failure.value)
    assert pickle.loads(pickle.dumps(failure.value)).running == failure.value.running


def test_drain_plan_rounds() -> None:
    running = Execution("e1", "a", "p", "P", "INPROCESS")
    plan = DrainPlan(["a", "b", "a"], timeout=10, poll=POLL, now=0.0)

    assert plan.containers() == ["a", "b"]
    plan.observe("a", [running], 0.1)
    plan.observe("b", [], 0.1)
    assert plan.containers() == ["a"]
    assert not plan.finished
    assert plan.next_delay(9.9) == pytest.approx(0.1)
    plan.observe("a", [], 3.0)
    assert plan.finished
    assert plan.result().waited_for == (running,)
    assert plan.result().seconds == 3.0

    late = DrainPlan(["a"], timeout=10, poll=POLL, now=0.0)
    late.observe("a", [running], 1.0)
    late.expire(10.0)
    with pytest.raises(DrainTimeoutError):
        late.result()

    failing = DrainPlan(["a"], timeout=10, poll=POLL, now=0.0)
    failing.fail("a", GoneError("offline", status_code=410), 1.0)
    with pytest.raises(GoneError):
        failing.result()
    cut = DrainPlan(["a"], timeout=10, poll=POLL, now=0.0)
    cut.fail("a", APITimeoutError("the call's time ran out"), 10.0)
    with pytest.raises(DrainTimeoutError):
        cut.result()
    # The account budget refuses a request whose wait would outlast the deadline before the deadline
    # passes: the drain's time is up all the same, not a failure of the runtime.
    refused = DrainPlan(["a"], timeout=10, poll=POLL, now=0.0)
    refused.fail("a", APITimeoutError("the call's timeout ran out", deadline_passed=True), 9.5)
    with pytest.raises(DrainTimeoutError):
        refused.result()
    slow = DrainPlan(["a"], timeout=10, poll=POLL, now=0.0)
    slow.fail("a", APITimeoutError("ReadTimeout on POST /ExecutionRecord/query"), 9.5)
    with pytest.raises(APITimeoutError):
        slow.result()


# -- runtime health ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_runtime_health(kind: str, fake: FakeBoomi) -> None:
    healthy = call(kind, fake, "runtime_health", container_id=PROD)
    assert (healthy.status, healthy.problem, healthy.healthy) == ("ONLINE", None, True)

    offline = call(kind, fake, "runtime_health", container_id=DEMO_OFFLINE_CONTAINER_ID)
    assert offline.status == "OFFLINE"
    assert offline.problem is not None
    assert "is offline (The runtime has not contacted" in offline.problem
    assert DEMO_OFFLINE_CONTAINER_ID in offline.problem

    fake.state.runtimes[DEMO_MOLECULE_CONTAINER_ID].cluster_problem = "Node cannot reach the shared file system"
    cluster = call(kind, fake, "runtime_health", container_id=DEMO_MOLECULE_CONTAINER_ID)
    assert len(cluster.nodes) == 3
    assert cluster.problem is not None
    assert "shared file system" in cluster.problem


# -- misuse and privileges ---------------------------------------------------------------------------------

MISUSE: list[tuple[str, dict[str, Any]]] = [
    ("schedule_statuses", {"container_id": ""}),
    ("schedule_status", {"schedule_id": None}),
    ("schedule_statuses_by_id", {"schedule_ids": "one-id"}),
    ("set_schedule_enabled", {"schedule_id": "s", "container_id": "c", "process_id": "p", "enabled": "yes"}),
    ("disable_schedules", {"container_ids": PROD}),
    ("running_executions", {"container_id": " "}),
    ("cancel_execution", {"execution_id": ""}),
    ("drain", {"container_ids": [], "timeout": 5}),
    ("drain", {"container_ids": [PROD], "timeout": 0}),
    ("runtime_health", {"container_id": 42}),
    ("restore_schedules", {"pause": {"disabled": [{"id": 1}]}}),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("method", "kwargs"), MISUSE)
def test_misuse_fails_before_any_request(kind: str, fake: FakeBoomi, method: str, kwargs: dict[str, Any]) -> None:
    options = dict(kwargs)
    args = [options.pop("pause")] if method == "restore_schedules" else []
    with pytest.raises((ValueError, TypeError)):
        call(kind, fake, method, *args, **options)
    assert fake.requests == []


API_ONLY = ("api-only@example.com", "api-only-password")


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("running_executions", {"container_id": PROD}),
        ("schedule_statuses", {"container_id": PROD}),
        ("runtime_health", {"container_id": PROD}),
    ],
)
def test_privileges_as_boomi_documents_them(fake: FakeBoomi, method: str, kwargs: dict[str, Any]) -> None:
    # A user with API alone: no VIEW_RESULT, no ATOM_MANAGEMENT (read or write).
    fake.state.add_user(User(API_ONLY[0], API_ONLY[1], accounts=[DEMO_ACCOUNT_ID], privileges={PRIVILEGE_API}))
    with pytest.raises(PermissionDeniedError):
        call("sync", fake, method, user=API_ONLY, **kwargs)


def test_read_only_runtime_management_reads_schedules_and_health_but_changes_nothing(fake: FakeBoomi) -> None:
    # The read-only demo user: API and ATOM_MANAGEMENT_READ_ONLY, no VIEW_RESULT.
    readonly = (DEMO_READONLY_USERNAME, DEMO_READONLY_PASSWORD)
    schedules = call("sync", fake, "schedule_statuses", user=readonly, container_id=PROD)
    assert {s.process_id for s in schedules} >= {DEMO_PROD_SCHEDULED_PROCESS_ID}
    assert call("sync", fake, "runtime_health", user=readonly, container_id=PROD).problem is None
    with pytest.raises(PermissionDeniedError):
        call("sync", fake, "running_executions", user=readonly, container_id=PROD)
    enabled = next(s for s in schedules if s.process_id == DEMO_PROD_SCHEDULED_PROCESS_ID)
    with pytest.raises(PermissionDeniedError):
        call(
            "sync", fake, "set_schedule_enabled", user=readonly, schedule_id=enabled.schedule_id,
            container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, enabled=False,
        )  # fmt: skip
    assert enabled_on(fake, PROD)[DEMO_PROD_SCHEDULED_PROCESS_ID] is True


def test_an_offline_runtime_cannot_cancel(fake: FakeBoomi) -> None:
    execution_id = fake.start_execution(container_id=DEMO_OFFLINE_CONTAINER_ID, process_id="p", seconds=60)
    with pytest.raises(GoneError):
        call("sync", fake, "cancel_execution", execution_id=execution_id)
