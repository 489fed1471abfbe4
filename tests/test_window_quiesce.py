"""Quiescing windows: the health check, schedules switched off and back on, the drain (both clients).

The fake and the clients keep one virtual clock (``tests._in_process``): the drain of a window
waits out a three-second execution in no real time.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from boomi_listeners import (
    DrainTimeoutError,
    InvalidRequestError,
    ResumeFailedError,
    RuntimeUnhealthyError,
    StateDocument,
)
from boomi_listeners.testing import (
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PROD_DISABLED_PROCESS_ID,
    DEMO_PROD_SCHEDULED_PROCESS_ID,
    FakeBoomi,
)
from tests._in_process import PROD, call, clock, enabled_on, fake, in_window, paths
from tests._twins import KINDS

__all__ = ["clock", "fake"]  # the fixtures, shared with the other in-process tests


@pytest.fixture(autouse=True)
def own_state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's windows keep their locks and journals apart from every other test's."""
    monkeypatch.setenv("BOOMI_LISTENERS_STATE_DIR", str(tmp_path / "state"))


def listeners_on(fake: FakeBoomi, container_id: str = PROD) -> dict[str, str]:
    return {item.id: fake.status_of(container_id, item.id) for item in fake.state.runtimes[container_id].listeners}


def sent(fake: FakeBoomi) -> list[str]:
    """``METHOD path`` of each request the fake received."""
    return [f"{r.method} {path}" for r, path in zip(fake.requests, paths(fake), strict=True)]


# -- the whole quiet window ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_schedules_and_drain_quiet_the_runtime_and_everything_comes_back(
    kind: str, fake: FakeBoomi, tmp_path: Path
) -> None:
    schedules_before, listeners_before = enabled_on(fake), listeners_on(fake)
    assert schedules_before[DEMO_PROD_DISABLED_PROCESS_ID] is False  # one was off before the window
    execution_id = fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=3)
    journal = tmp_path / "journal.yaml"
    seen: list[dict[str, Any]] = []
    inside: dict[str, Any] = {}

    def body(snapshot: StateDocument) -> None:
        inside["execution"] = fake.execution_status(execution_id)
        inside["schedules"] = enabled_on(fake)
        inside["listeners"] = listeners_on(fake)
        inside["journal"] = StateDocument.load(journal)
        inside["snapshot"] = snapshot

    in_window(
        kind, fake, body, container_ids=[PROD], journal=journal, schedules=True, drain=True, drain_timeout=60,
        drain_progress=seen.append,
    )  # fmt: skip

    assert inside["execution"] == "COMPLETE"  # the body started only once the execution had ended
    assert set(inside["schedules"].values()) == {False}
    assert set(inside["listeners"].values()) <= {"paused", "errored"}
    assert list(seen[0]) == [PROD]  # what still ran...
    assert seen[-1] == {}  # ...then nothing
    recorded = inside["journal"]
    assert recorded.version == 2
    assert {s.process_id: s.enabled for _, s in recorded.schedules()} == schedules_before
    assert inside["snapshot"] == recorded
    # Afterwards every schedule and listener is as it was; the one off before stays off.
    assert enabled_on(fake) == schedules_before
    assert listeners_on(fake) == listeners_before
    assert StateDocument.load(journal).window is not None
    assert StateDocument.load(journal).window.state == "restored"  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", KINDS)
def test_a_schedule_switched_on_by_someone_else_costs_no_request_and_one_off_before_stays_off(
    kind: str, fake: FakeBoomi
) -> None:
    def someone_switches_one_back_on(_: StateDocument) -> None:
        for schedule in fake.state.runtimes[PROD].schedules:
            if schedule.process_id == DEMO_PROD_SCHEDULED_PROCESS_ID:
                schedule.enabled = True
        fake.clear_requests()

    in_window(kind, fake, someone_switches_one_back_on, container_ids=[PROD], schedules=True)

    updates = [p for p in sent(fake) if p.startswith("POST /ProcessScheduleStatus/") and not p.endswith("query")]
    enabled_before = [p for p, on in enabled_on(fake).items() if on]
    assert len(updates) == len(enabled_before) - 1  # not the one already back on
    assert enabled_on(fake)[DEMO_PROD_DISABLED_PROCESS_ID] is False


@pytest.mark.parametrize("kind", KINDS)
def test_a_restore_that_cannot_switch_a_schedule_back_on_names_it(kind: str, fake: FakeBoomi) -> None:
    original = fake.state.schedule

    def the_update_fails_during_the_body(_: StateDocument) -> None:
        fake.state.schedule = lambda schedule_id: None  # type: ignore[method-assign,assignment,return-value]

    with pytest.raises(ResumeFailedError) as failure:
        in_window(kind, fake, the_update_fails_during_the_body, container_ids=[PROD], schedules=True)
    fake.state.schedule = original  # type: ignore[method-assign]

    assert failure.value.schedules
    assert {c for c, _ in failure.value.schedules} == {PROD}
    assert "may still be off" in str(failure.value)
    assert failure.value.listeners == ()  # the listeners came back


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_switch_off_restores_what_the_window_had_changed(kind: str, fake: FakeBoomi) -> None:
    schedules_before, listeners_before = enabled_on(fake), listeners_on(fake)
    original, calls = fake.state.schedule, {"n": 0}

    def second_update_fails(schedule_id: str) -> Any:
        calls["n"] += 1
        return None if calls["n"] == 2 else original(schedule_id)

    fake.state.schedule = second_update_fails  # type: ignore[method-assign]
    ran: list[bool] = []
    with pytest.raises(Exception, match="schedule status"):
        in_window(kind, fake, lambda _: ran.append(True), container_ids=[PROD], schedules=True)
    fake.state.schedule = original  # type: ignore[method-assign]

    assert ran == []
    assert enabled_on(fake) == schedules_before
    assert listeners_on(fake) == listeners_before


# -- health first ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("unfit", ["offline", "cluster"])
def test_an_unhealthy_runtime_stops_the_window_before_any_change(kind: str, fake: FakeBoomi, unfit: str) -> None:
    if unfit == "cluster":
        fake.state.runtimes[DEMO_MOLECULE_CONTAINER_ID].cluster_problem = "Node cannot reach the shared file system"
        bad = DEMO_MOLECULE_CONTAINER_ID
    else:
        bad = DEMO_OFFLINE_CONTAINER_ID
    ran: list[bool] = []

    with pytest.raises(RuntimeUnhealthyError) as failure:
        in_window(kind, fake, lambda _: ran.append(True), container_ids=[PROD, bad], schedules=True, drain=True)

    assert ran == []
    assert [c for c, _ in failure.value.problems] == [bad]
    assert bad in str(failure.value)
    assert ("offline" if unfit == "offline" else "shared file system") in str(failure.value)
    assert {p.split(" ")[0] for p in sent(fake)} == {"GET"}  # only the two Atom reads: nothing changed
    assert sorted(sent(fake)) == sorted([f"GET /Atom/{PROD}", f"GET /Atom/{bad}"])


@pytest.mark.parametrize("kind", KINDS)
def test_the_health_check_can_be_skipped(kind: str, fake: FakeBoomi) -> None:
    in_window(kind, fake, lambda _: None, container_ids=[PROD], check_health=False)

    assert not [p for p in sent(fake) if "/Atom/" in p]


# -- draining ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_drain_that_runs_out_restores_and_does_not_run_the_body(kind: str, fake: FakeBoomi) -> None:
    schedules_before, listeners_before = enabled_on(fake), listeners_on(fake)
    execution_id = fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600)
    ran: list[bool] = []

    with pytest.raises(DrainTimeoutError) as failure:
        in_window(kind, fake, lambda _: ran.append(True), container_ids=[PROD], schedules=True, drain=True,
                  drain_timeout=5)  # fmt: skip

    assert ran == []
    assert [e.execution_id for e in failure.value.running] == [execution_id]
    assert enabled_on(fake) == schedules_before
    assert listeners_on(fake) == listeners_before
    assert fake.execution_status(execution_id) == "INPROCESS"  # nothing cancelled unless asked


@pytest.mark.parametrize("kind", KINDS)
def test_a_drain_told_to_proceed_runs_the_body_anyway(kind: str, fake: FakeBoomi) -> None:
    fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600)
    ran: list[bool] = []

    in_window(kind, fake, lambda _: ran.append(True), container_ids=[PROD], drain=True, drain_timeout=5,
              on_drain_timeout="proceed")  # fmt: skip

    assert ran == [True]


@pytest.mark.parametrize("kind", KINDS)
def test_cancel_after_cancels_what_still_runs_then_the_body_runs(kind: str, fake: FakeBoomi) -> None:
    long_run = fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600)
    inside: dict[str, str] = {}

    in_window(kind, fake, lambda _: inside.update(status=fake.execution_status(long_run)), container_ids=[PROD],
              drain=True, drain_timeout=30, cancel_after=4)  # fmt: skip

    assert inside["status"] == "ABORTED"
    assert [p for p in sent(fake) if "cancelExecution" in p] == [f"POST /cancelExecution/{long_run}"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"drain": True, "drain_timeout": 10, "cancel_after": 10}, "cancel_after"),
        ({"drain": False, "cancel_after": 5}, "cancel_after"),
        ({"drain": True, "on_drain_timeout": "ignore"}, "on_drain_timeout"),
        ({"drain": True, "drain_timeout": 0}, "drain_timeout"),
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_drain_misuse_is_refused_before_any_request(
    kind: str, fake: FakeBoomi, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRequestError) as failure:
        in_window(kind, fake, lambda _: None, container_ids=[PROD], **kwargs)

    assert failure.value.field == field
    assert fake.requests == []


@pytest.mark.parametrize("kind", KINDS)
def test_flags_must_be_booleans(kind: str, fake: FakeBoomi) -> None:
    for flag in ("schedules", "drain", "check_health"):
        with pytest.raises(TypeError, match=flag):
            in_window(kind, fake, lambda _: None, container_ids=[PROD], **{flag: "yes"})
    assert fake.requests == []


# -- recovery ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_recover_switches_schedules_back_on_from_the_journal(kind: str, fake: FakeBoomi, tmp_path: Path) -> None:
    schedules_before, listeners_before = enabled_on(fake), listeners_on(fake)
    journal, kept = tmp_path / "journal.yaml", tmp_path / "kept.yaml"
    # The journal as a window that died inside its body leaves it: open, listeners paused, schedules off.
    in_window(kind, fake, lambda _: shutil.copy(journal, kept), container_ids=[PROD], journal=journal,
              schedules=True)  # fmt: skip
    for schedule in fake.state.runtimes[PROD].schedules:
        schedule.enabled = False
    call(kind, fake, "pause_all", container_id=PROD, wait=True)

    result = call(kind, fake, "recover", journal=kept)

    assert result.ok
    assert enabled_on(fake) == schedules_before  # the one off before the window stays off
    assert listeners_on(fake) == listeners_before
    assert StateDocument.load(kept).window.state == "restored"  # type: ignore[union-attr]
