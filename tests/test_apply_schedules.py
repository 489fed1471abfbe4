"""``plan`` and ``apply`` of a version 2 state document: process schedules back as the snapshot recorded them.

Both clients against the embedded fake, time on the clients' virtual clock, which the fake reads too
(``tests._in_process``), so the listener confirmations of an apply take no real time.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from boomi_listeners import (
    NotFoundError,
    PermissionDeniedError,
    StateDocument,
    UnexpectedResponseError,
)
from boomi_listeners.testing import (
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_PROD_DISABLED_PROCESS_ID,
    DEMO_PROD_SCHEDULED_PROCESS_ID,
    FakeBoomi,
    Schedule,
)
from tests._in_process import PROD, call, clock, enabled_on, fake, paths
from tests._twins import KINDS

__all__ = ["clock", "fake"]  # the fixtures, shared with the other in-process tests


def updates(fake: FakeBoomi) -> list[dict[str, Any]]:
    """The bodies of the ProcessScheduleStatus updates the fake received."""
    return [
        r.json()
        for r, path in zip(fake.requests, paths(fake), strict=True)
        if r.method == "POST" and path.startswith("/ProcessScheduleStatus/") and path.count("/") == 2
        and path.rsplit("/", 1)[1] not in ("query", "queryMore", "bulk")
    ]  # fmt: skip


def flip(fake: FakeBoomi, *process_ids: str) -> None:
    for schedule in fake.state.runtimes[PROD].schedules:
        if schedule.process_id in process_ids:
            schedule.enabled = not schedule.enabled


def snapshot(kind: str, fake: FakeBoomi, **options: Any) -> StateDocument:
    document = call(kind, fake, "snapshot", container_ids=[PROD], **options)
    fake.clear_requests()
    return document


@pytest.mark.parametrize("kind", KINDS)
def test_apply_puts_back_exactly_the_schedules_that_changed(kind: str, fake: FakeBoomi) -> None:
    document = snapshot(kind, fake, schedules=True)
    before = enabled_on(fake)
    # Someone enables the schedule that was off and disables one that was on; the third stays.
    flip(fake, DEMO_PROD_DISABLED_PROCESS_ID, DEMO_PROD_SCHEDULED_PROCESS_ID)
    assert enabled_on(fake) != before

    result = call(kind, fake, "apply", document=document)

    assert enabled_on(fake) == before
    assert result.ok
    assert result.failed == ()
    assert result.plan.requests == 0, "no listener moved: no changeListenerStatus request"
    assert result.plan.schedule_requests == 2
    by_process = {o.process_id: o for o in result.schedule_outcomes}
    assert (by_process[DEMO_PROD_SCHEDULED_PROCESS_ID].before, by_process[DEMO_PROD_SCHEDULED_PROCESS_ID].after) == (
        False,
        True,
    )
    assert {p: o.result for p, o in by_process.items()} == {
        p: ("changed" if p in (DEMO_PROD_DISABLED_PROCESS_ID, DEMO_PROD_SCHEDULED_PROCESS_ID) else "unchanged")
        for p in before
    }
    # One update per schedule that differed, each {id, atomId, processId, enabled}; one query read them.
    sent = updates(fake)
    assert sorted((u["processId"], u["enabled"]) for u in sent) == sorted(
        [(DEMO_PROD_DISABLED_PROCESS_ID, False), (DEMO_PROD_SCHEDULED_PROCESS_ID, True)]
    )
    assert all(set(u) == {"id", "atomId", "processId", "enabled"} and u["atomId"] == PROD for u in sent)
    assert paths(fake).count("/ProcessScheduleStatus/query") == 1
    # Brought back: a second apply sends no update at all.
    fake.clear_requests()
    again = call(kind, fake, "apply", document=document)
    assert [o.result for o in again.schedule_outcomes] == ["unchanged"] * len(before)
    assert updates(fake) == []


@pytest.mark.parametrize("kind", KINDS)
def test_plan_names_the_updates_and_sends_none(kind: str, fake: FakeBoomi) -> None:
    document = snapshot(kind, fake, schedules=True, names=True)
    flip(fake, DEMO_PROD_SCHEDULED_PROCESS_ID)

    plan = call(kind, fake, "plan", document=document)

    (change,) = plan.schedule_changes
    assert (change.process_id, change.container_id, change.enabled) == (DEMO_PROD_SCHEDULED_PROCESS_ID, PROD, True)
    assert plan.requests == 0
    assert plan.schedule_requests == 1
    (planned,) = [item for item in plan.schedules if item.verdict == "change"]
    assert (planned.wanted, planned.current, planned.name) == (True, False, "Nightly order export")
    assert updates(fake) == []
    assert enabled_on(fake)[DEMO_PROD_SCHEDULED_PROCESS_ID] is False


@pytest.mark.parametrize("kind", KINDS)
def test_a_version_1_document_never_reads_or_touches_schedules(kind: str, fake: FakeBoomi) -> None:
    document = snapshot(kind, fake)
    assert document.version == 1
    flip(fake, DEMO_PROD_SCHEDULED_PROCESS_ID)
    drifted = enabled_on(fake)

    result = call(kind, fake, "apply", document=document)
    plan = call(kind, fake, "plan", document=document)

    assert result.ok
    assert result.schedule_outcomes == ()
    assert (plan.schedules, plan.schedule_changes, plan.schedule_requests) == ((), (), 0)
    assert not any(p.startswith("/ProcessScheduleStatus") for p in paths(fake))
    assert enabled_on(fake) == drifted


@pytest.mark.parametrize("kind", KINDS)
def test_listeners_and_schedules_come_back_together(kind: str, fake: FakeBoomi) -> None:
    document = snapshot(kind, fake, schedules=True)
    listener = document.runtimes[0].listeners[0].listener_id
    fake.state.schedule_change(PROD, "pause", listener, apply_delay=0, restart_phase=0)
    flip(fake, DEMO_PROD_SCHEDULED_PROCESS_ID)

    result = call(kind, fake, "apply", document=document)

    assert result.ok
    assert fake.status_of(PROD, listener) == "listening"
    assert enabled_on(fake)[DEMO_PROD_SCHEDULED_PROCESS_ID] is True
    assert [o.result for o in result.outcomes if o.listener_id == listener] == ["changed"]
    # The schedule update goes after the listener change.
    order = paths(fake)
    assert order.index("/changeListenerStatus") < order.index(f"/ProcessScheduleStatus/{updates_id(result)}")


def updates_id(result: Any) -> str:
    (changed,) = [o for o in result.schedule_outcomes if o.result == "changed"]
    return str(changed.schedule_id)


@pytest.mark.parametrize("kind", KINDS)
def test_a_schedule_the_runtime_no_longer_reports_is_missing(kind: str, fake: FakeBoomi) -> None:
    document = snapshot(kind, fake, schedules=True)
    runtime = fake.state.runtimes[PROD]
    runtime.schedules = [s for s in runtime.schedules if s.process_id != DEMO_PROD_DISABLED_PROCESS_ID]
    # One schedule the document does not name: left alone, whatever it is.
    runtime.schedules.append(Schedule("undeclared-process", "Deployed since", enabled=False))

    result = call(kind, fake, "apply", document=document)

    (missing,) = result.failed
    assert (missing.process_id, missing.result, missing.before, missing.after) == (
        DEMO_PROD_DISABLED_PROCESS_ID, "missing", None, None,
    )  # fmt: skip
    assert not result.ok
    assert updates(fake) == []
    assert enabled_on(fake)["undeclared-process"] is False
    assert "undeclared-process" not in {o.process_id for o in result.schedule_outcomes}


@pytest.mark.parametrize("kind", KINDS)
def test_a_refused_update_fails_its_schedule_and_the_others_still_change(kind: str, fake: FakeBoomi) -> None:
    document = snapshot(kind, fake, schedules=True)
    before = enabled_on(fake)
    flip(fake, DEMO_PROD_DISABLED_PROCESS_ID, DEMO_PROD_SCHEDULED_PROCESS_ID)
    refused = next(s.schedule_id for c, s in document.schedules() if s.process_id == DEMO_PROD_SCHEDULED_PROCESS_ID)
    original = fake.state.schedule

    def refuse_one(schedule_id: str) -> Any:
        return None if schedule_id == refused else original(schedule_id)  # the fake answers 404

    fake.state.schedule = refuse_one  # type: ignore[method-assign]
    result = call(kind, fake, "apply", document=document)
    fake.state.schedule = original  # type: ignore[method-assign]

    (failed,) = result.failed
    assert (failed.schedule_id, failed.result, failed.after) == (refused, "failed", None)
    assert isinstance(failed.error, NotFoundError)
    assert not result.ok
    assert enabled_on(fake)[DEMO_PROD_DISABLED_PROCESS_ID] == before[DEMO_PROD_DISABLED_PROCESS_ID]
    assert enabled_on(fake)[DEMO_PROD_SCHEDULED_PROCESS_ID] != before[DEMO_PROD_SCHEDULED_PROCESS_ID]


class _Stuck(Schedule):
    """A schedule whose ``enabled`` an update does not change (Boomi answers the value it keeps)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "enabled" and "enabled" in self.__dict__:
            return
        super().__setattr__(name, value)


@pytest.mark.parametrize("kind", KINDS)
def test_an_answer_without_the_wanted_value_fails_the_schedule(kind: str, fake: FakeBoomi) -> None:
    document = snapshot(kind, fake, schedules=True)
    runtime = fake.state.runtimes[PROD]
    runtime.schedules = [
        _Stuck(s.process_id, s.process_name, enabled=False) if s.process_id == DEMO_PROD_SCHEDULED_PROCESS_ID else s
        for s in runtime.schedules
    ]

    result = call(kind, fake, "apply", document=document)

    (failed,) = result.failed
    assert (failed.process_id, failed.result, failed.before, failed.after) == (
        DEMO_PROD_SCHEDULED_PROCESS_ID, "failed", False, False,
    )  # fmt: skip
    assert isinstance(failed.error, UnexpectedResponseError)
    assert "enabled=false, not enabled=true" in str(failed.error)
    assert len(updates(fake)) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_schedules_that_cannot_be_read_are_unreadable_and_listeners_still_apply(kind: str, fake: FakeBoomi) -> None:
    document = snapshot(kind, fake, schedules=True)
    flip(fake, DEMO_PROD_SCHEDULED_PROCESS_ID)

    def refuse_schedule_query(request: httpx.Request) -> None:
        if request.url.path.endswith("/ProcessScheduleStatus/query"):
            fake.faults.fail_next(1, status=403)

    result = call(kind, fake, "apply", document=document, hook=refuse_schedule_query)

    assert all(o.ok for o in result.outcomes), "the listeners were read and match"
    assert {o.result for o in result.schedule_outcomes} == {"unreadable"}
    assert all(isinstance(o.error, PermissionDeniedError) for o in result.schedule_outcomes)
    assert len(result.failed) == len(result.schedule_outcomes)
    assert updates(fake) == []
    assert enabled_on(fake)[DEMO_PROD_SCHEDULED_PROCESS_ID] is False


@pytest.mark.parametrize("kind", KINDS)
def test_a_dry_run_reads_and_sends_no_update(kind: str, fake: FakeBoomi) -> None:
    document = snapshot(kind, fake, schedules=True)
    flip(fake, DEMO_PROD_SCHEDULED_PROCESS_ID)

    result = call(kind, fake, "apply", document=document, dry_run=True)

    assert [o.result for o in result.schedule_outcomes if o.process_id == DEMO_PROD_SCHEDULED_PROCESS_ID] == ["planned"]
    assert not result.ok, "something needs to change"
    assert updates(fake) == []
    assert paths(fake).count("/ProcessScheduleStatus/query") == 1
    assert enabled_on(fake)[DEMO_PROD_SCHEDULED_PROCESS_ID] is False


@pytest.mark.parametrize("kind", KINDS)
def test_only_runtimes_the_document_covers_are_read(kind: str, fake: FakeBoomi) -> None:
    # Prod with schedules, the molecule without (a document may mix them).
    document = call(kind, fake, "snapshot", container_ids=[PROD, DEMO_MOLECULE_CONTAINER_ID], schedules=True)
    mixed = StateDocument(
        tuple(r if r.container_id == PROD else type(r)(r.container_id, r.listeners) for r in document.runtimes)
    )
    fake.clear_requests()

    plan = call(kind, fake, "plan", document=mixed)

    queries = [r.json() for r, p in zip(fake.requests, paths(fake), strict=True) if p == "/ProcessScheduleStatus/query"]
    assert [q["QueryFilter"]["expression"]["argument"] for q in queries] == [[PROD]]
    assert {item.container_id for item in plan.schedules} == {PROD}
