"""The change plan without I/O: each rule of ``make_plan`` and ``Execution``, listener by listener.

What a document says and what a runtime reports go in; the requests and one verdict per listener
come out. The clients only send what the plan says and hand back what Boomi answered.
"""

from __future__ import annotations

from typing import Any

import pytest

from boomi_listeners import (
    Action,
    ApplyResult,
    ChangeOutcome,
    ChangeResult,
    ChangeTarget,
    Confirmation,
    Expectation,
    GoneError,
    ListenerErroredError,
    ListenerState,
    PermissionDeniedError,
    Plan,
    ScheduleStatus,
    StateDocument,
    UnexpectedResponseError,
    WaitTimeoutError,
)
from boomi_listeners._plan import Execution, make_plan

C = "runtime-1"


def document(*listeners: tuple[str, str], container_id: str = C) -> StateDocument:
    return StateDocument.from_dict(
        {
            "version": 1,
            "runtimes": [
                {
                    "container_id": container_id,
                    "listeners": [{"listener_id": lid, "status": status} for lid, status in listeners],
                }
            ],
        }
    )


def reported(*listeners: tuple[str, str]) -> dict[str, Any]:
    return {C: [ListenerState(lid, status) for lid, status in listeners]}


@pytest.mark.parametrize(
    ("wanted", "now", "verdict"),
    [
        ("paused", "paused", "unchanged"),
        ("listening", "listening", "unchanged"),
        ("paused", "listening", "change"),
        ("listening", "paused", "change"),
        ("paused", "errored", "errored"),
        ("listening", "errored", "errored"),
        ("errored", "errored", "unchanged"),
        ("errored", "listening", "skipped"),
        ("paused", None, "missing"),
        ("errored", None, "missing"),
    ],
)
def test_each_listener_gets_its_verdict(wanted: str, now: str | None, verdict: str) -> None:
    current = reported(("L", now)) if now is not None else reported()
    plan = make_plan(document(("L", wanted)), current)
    (item,) = plan.listeners
    assert (item.wanted, item.current, item.verdict) == (wanted, now, verdict)
    assert plan.requests == (1 if verdict == "change" else 0)


def test_a_runtime_that_cannot_be_read_is_reported_and_not_changed() -> None:
    gone = GoneError("offline", status_code=410)
    plan = make_plan(document(("L", "paused"), ("M", "errored")), {C: gone})
    assert [(i.verdict, i.error) for i in plan.listeners] == [("unreadable", gone), ("unreadable", gone)]
    assert plan.requests == 0
    result = Execution(plan).result()
    assert [(o.result, o.error) for o in result.outcomes] == [("failed", gone), ("failed", gone)]
    assert not result.ok


def test_a_runtime_not_read_at_all_is_unreadable() -> None:
    plan = make_plan(document(("L", "paused")), {})
    assert [i.verdict for i in plan.listeners] == ["unreadable"]


def test_one_request_per_listener_by_default() -> None:
    plan = make_plan(document(("A", "paused"), ("B", "paused")), reported(("A", "listening"), ("B", "listening")))
    assert [(c.action, c.listener_id) for c in plan.changes] == [(Action.PAUSE, "A"), (Action.PAUSE, "B")]


def test_fewest_requests_uses_one_all_request_only_when_every_reported_listener_moves_alike() -> None:
    both = reported(("A", "listening"), ("B", "listening"))
    plan = make_plan(document(("A", "paused"), ("B", "paused")), both, fewest_requests=True)
    assert [(c.action, c.listener_id, c.listeners) for c in plan.changes] == [(Action.PAUSE_ALL, None, ("A", "B"))]
    assert plan.change_for(C, "B") is plan.changes[0]
    # A third reported listener that stays: single requests.
    three = reported(("A", "listening"), ("B", "listening"), ("X", "paused"))
    plan = make_plan(document(("A", "paused"), ("B", "paused"), ("X", "paused")), three, fewest_requests=True)
    assert [c.action for c in plan.changes] == [Action.PAUSE, Action.PAUSE]
    # Two moving different ways: single requests.
    mixed = reported(("A", "listening"), ("B", "paused"))
    plan = make_plan(document(("A", "paused"), ("B", "listening")), mixed, fewest_requests=True)
    assert [c.action for c in plan.changes] == [Action.PAUSE, Action.RESUME]
    # One listener: the single request costs the same and touches nothing else.
    plan = make_plan(document(("A", "paused")), reported(("A", "listening")), fewest_requests=True)
    assert [c.action for c in plan.changes] == [Action.PAUSE]


def test_forced_and_confirmed_listeners() -> None:
    key = (C, "L")
    forced = make_plan(document(("L", "listening")), reported(("L", "listening")), force=[key])
    assert [i.verdict for i in forced.listeners] == ["change"], "a forced resume is sent even when seen listening"
    blind = make_plan(document(("L", "listening")), {}, force=[key])
    assert [i.verdict for i in blind.listeners] == ["change"], "and even when the runtime could not be read"
    overridden = make_plan(document(("L", "listening")), reported(("L", "listening")), confirmed=[key])
    assert [i.verdict for i in overridden.listeners] == ["overridden"]
    result = Execution(overridden).result()
    assert result.ok
    assert result.outcomes[0].result == "overridden"
    both = make_plan(document(("L", "listening")), reported(("L", "listening")), force=[key], confirmed=[key])
    assert [i.verdict for i in both.listeners] == ["change"]


def accepted(target: ChangeTarget) -> ChangeOutcome:
    return ChangeOutcome(target, result=ChangeResult(target.action, target.container_id, target.listener_id))


def test_an_execution_follows_sends_and_confirmations_to_one_outcome_each() -> None:
    doc = document(("A", "paused"), ("B", "paused"), ("C", "paused"), ("D", "listening"), ("E", "paused"))
    now = reported(("A", "listening"), ("B", "listening"), ("C", "listening"), ("D", "listening"), ("E", "errored"))
    run = Execution(make_plan(doc, now))
    targets = run.targets()
    assert [t.listener_id for t in targets] == ["A", "B", "C"]
    refused = ChangeOutcome(targets[2], error=GoneError("offline", status_code=410))
    run.sent([accepted(targets[0]), accepted(targets[1]), refused])
    expectations = run.expectations()
    assert expectations == [Expectation(C, "A", "paused"), Expectation(C, "B", "paused")]
    timeout = WaitTimeoutError("not yet", last_state=ListenerState("B", "listening"))
    run.confirm(
        [Confirmation(expectations[0], (ListenerState("A", "paused"),)), Confirmation(expectations[1], error=timeout)]
    )
    result = run.result()
    by_id = {o.listener_id: o for o in result.outcomes}
    assert [o.listener_id for o in result.outcomes] == ["A", "B", "C", "D", "E"], "document order"
    assert (by_id["A"].result, by_id["A"].before, by_id["A"].after, by_id["A"].action) == (
        "changed",
        "listening",
        "paused",
        Action.PAUSE,
    )
    assert (by_id["B"].result, by_id["B"].after, by_id["B"].error) == ("failed", "listening", timeout)
    assert (by_id["C"].result, by_id["C"].error) == ("failed", refused.error)
    assert (by_id["D"].result, by_id["D"].action) == ("unchanged", None)
    assert by_id["E"].result == "errored"
    assert [o.listener_id for o in result.failed] == ["B", "C", "E"]
    assert not result.ok


def test_a_confirmation_that_found_the_listener_errored_fails_it() -> None:
    run = Execution(make_plan(document(("A", "paused")), reported(("A", "listening"))))
    run.sent([accepted(t) for t in run.targets()])
    errored = ListenerErroredError("errored", last_state=ListenerState("A", "errored"), expected="paused")
    run.confirm([Confirmation(run.expectations()[0], error=errored)])
    (outcome,) = run.result().outcomes
    assert (outcome.result, outcome.after, outcome.error) == ("failed", "errored", errored)


def test_without_waiting_an_accepted_change_is_sent_and_nothing_is_awaited() -> None:
    run = Execution(make_plan(document(("A", "paused")), reported(("A", "listening"))), wait=False)
    run.sent([accepted(t) for t in run.targets()])
    assert run.expectations() == []
    (outcome,) = run.result().outcomes
    assert outcome.result == "sent"
    assert outcome.ok


def test_a_plan_for_every_listener_moved_by_one_request_gives_each_its_outcome() -> None:
    both = reported(("A", "listening"), ("B", "listening"))
    run = Execution(make_plan(document(("A", "paused"), ("B", "paused")), both, fewest_requests=True))
    (target,) = run.targets()
    assert target == ChangeTarget(Action.PAUSE_ALL, C)
    run.sent([accepted(target)])
    assert [e.listener_id for e in run.expectations()] == ["A", "B"]
    run.confirm([Confirmation(e, (ListenerState(str(e.listener_id), "paused"),)) for e in run.expectations()])
    assert [(o.result, o.action) for o in run.result().outcomes] == [
        ("changed", Action.PAUSE_ALL),
        ("changed", Action.PAUSE_ALL),
    ]


def test_a_confirmed_pause_still_in_place_is_resumed_and_one_moved_back_is_not_touched() -> None:
    key = (C, "L")
    still_paused = make_plan(document(("L", "listening")), reported(("L", "paused")), confirmed=[key])
    assert [i.verdict for i in still_paused.listeners] == ["change"]
    still_listening = make_plan(document(("L", "paused")), reported(("L", "listening")), confirmed=[key])
    assert [i.verdict for i in still_listening.listeners] == ["change"]


def test_each_runtime_finds_its_own_change() -> None:
    two = StateDocument.from_dict(
        {
            "version": 1,
            "runtimes": [
                {"container_id": "runtime-2", "listeners": [{"listener_id": "L", "status": "paused"}]},
                {"container_id": "runtime-1", "listeners": [{"listener_id": "L", "status": "paused"}]},
            ],
        }
    )
    now = {c: [ListenerState("L", "listening")] for c in ("runtime-1", "runtime-2")}
    plan = make_plan(two, now)
    for container_id in ("runtime-1", "runtime-2", "-".join(["runtime", "1"])):
        change = plan.change_for(container_id, "L")
        assert change is not None
        assert change.container_id == container_id
    assert plan.change_for("runtime-3", "L") is None


def test_plans_and_results_are_values() -> None:
    plan = make_plan(document(("L", "paused")), reported(("L", "listening")))
    result = Execution(plan, wait=False).result()
    for value, field in (
        (plan, "changes"),
        (plan.changes[0], "action"),
        (plan.listeners[0], "verdict"),
        (result, "outcomes"),
        (result.outcomes[0], "result"),
    ):
        with pytest.raises(AttributeError):
            setattr(value, field, None)


# -- process schedules (version 2 documents) ------------------------------------------------------


def scheduled(*schedules: tuple[str, bool], listeners: tuple[tuple[str, str], ...] = ()) -> StateDocument:
    return StateDocument.from_dict(
        {
            "version": 2,
            "runtimes": [
                {
                    "container_id": C,
                    "listeners": [{"listener_id": lid, "status": status} for lid, status in listeners],
                    "schedules": [
                        {"schedule_id": f"S-{pid}", "process_id": pid, "enabled": on, "name": f"Process {pid}"}
                        for pid, on in schedules
                    ],
                }
            ],
        }
    )


def schedule_states(*schedules: tuple[str, bool]) -> dict[str, Any]:
    return {C: [ScheduleStatus(f"S-{pid}", C, pid, on) for pid, on in schedules]}


@pytest.mark.parametrize(
    ("wanted", "now", "verdict"),
    [(True, True, "unchanged"), (False, False, "unchanged"), (True, False, "change"), (False, True, "change"),
     (True, None, "missing"), (False, None, "missing")],
)  # fmt: skip
def test_each_schedule_gets_its_verdict(wanted: bool, now: bool | None, verdict: str) -> None:
    current = schedule_states(("P", now)) if now is not None else schedule_states()
    plan = make_plan(scheduled(("P", wanted)), {}, schedules=current)
    (item,) = plan.schedules
    assert (item.schedule_id, item.process_id, item.wanted, item.current, item.verdict, item.name) == (
        "S-P", "P", wanted, now, verdict, "Process P",
    )  # fmt: skip
    assert plan.schedule_changes == ((ScheduleStatus("S-P", C, "P", wanted),) if verdict == "change" else ())
    assert plan.schedule_requests == (1 if verdict == "change" else 0)
    assert plan.requests == 0, "requests counts changeListenerStatus requests only"


def test_schedules_the_document_does_not_name_are_left_alone() -> None:
    plan = make_plan(scheduled(("P", True)), {}, schedules=schedule_states(("P", True), ("Q", False)))
    assert [(item.process_id, item.verdict) for item in plan.schedules] == [("P", "unchanged")]
    assert plan.schedule_changes == ()


def test_schedules_that_could_not_be_read_are_unreadable_and_not_changed() -> None:
    denied = PermissionDeniedError("no", status_code=403)
    plan = make_plan(scheduled(("P", True), ("Q", False)), {}, schedules={C: denied})
    assert [(i.verdict, i.error) for i in plan.schedules] == [("unreadable", denied), ("unreadable", denied)]
    assert plan.schedule_changes == ()
    assert [i.verdict for i in make_plan(scheduled(("P", True)), {}, schedules={}).schedules] == ["unreadable"]
    result = Execution(plan).result()
    assert [(o.result, o.error) for o in result.schedule_outcomes] == [("unreadable", denied), ("unreadable", denied)]
    assert not result.ok
    assert result.failed == result.schedule_outcomes


def test_without_schedule_statuses_the_plan_leaves_schedules_out() -> None:
    plan = make_plan(scheduled(("P", True)), {})
    assert (plan.schedules, plan.schedule_changes) == ((), ())
    assert Execution(plan).result().schedule_outcomes == ()
    # A plan built from changes and listeners alone, as before schedules.
    assert Plan((), ()).schedules == ()
    assert ApplyResult(Plan((), ()), ()).schedule_outcomes == ()


def test_an_execution_follows_each_schedule_update_to_its_outcome() -> None:
    doc = scheduled(("A", True), ("B", False), ("C", True), ("D", True), ("E", True), ("F", True))
    now = schedule_states(("A", False), ("B", True), ("C", False), ("D", False), ("E", True))
    run = Execution(make_plan(doc, {}, schedules=now))
    sent = run.schedule_updates()
    assert [(s.process_id, s.enabled) for s in sent] == [("A", True), ("B", False), ("C", True), ("D", True)]
    gone = GoneError("offline", status_code=410)
    run.schedules_sent(
        [
            sent[0],  # Boomi answers the wanted value: changed
            sent[1],
            gone,  # the update failed
            sent[3].with_enabled(False),  # answered, but not with the wanted value
        ]
    )
    result = run.result()
    by_process = {o.process_id: o for o in result.schedule_outcomes}
    assert list(by_process) == ["A", "B", "C", "D", "E", "F"], "document order"
    assert (by_process["A"].result, by_process["A"].before, by_process["A"].after) == ("changed", False, True)
    assert (by_process["B"].result, by_process["B"].after) == ("changed", False)
    assert (by_process["C"].result, by_process["C"].error) == ("failed", gone)
    assert (by_process["D"].result, by_process["D"].after) == ("failed", False)
    assert isinstance(by_process["D"].error, UnexpectedResponseError)
    assert (by_process["E"].result, by_process["E"].after) == ("unchanged", True)
    assert (by_process["F"].result, by_process["F"].error) == ("missing", None)
    assert [o.process_id for o in result.failed] == ["C", "D", "F"]
    assert not result.ok
    assert by_process["A"].name == "Process A"


def test_an_answer_for_another_schedule_is_no_confirmation() -> None:
    run = Execution(make_plan(scheduled(("A", True)), {}, schedules=schedule_states(("A", False))))
    run.schedules_sent([ScheduleStatus("S-other", C, "A", True)])
    (outcome,) = run.result().schedule_outcomes
    assert (outcome.result, outcome.after) == ("failed", None)


def test_a_dry_run_plans_the_updates_and_is_not_ok() -> None:
    plan = make_plan(scheduled(("A", True), ("B", True)), {}, schedules=schedule_states(("A", False), ("B", True)))
    result = Execution(plan).result()
    assert [o.result for o in result.schedule_outcomes] == ["planned", "unchanged"]
    assert not result.ok
    assert [o.process_id for o in result.failed] == ["A"]


def test_listener_and_schedule_outcomes_together() -> None:
    doc = scheduled(("A", True), listeners=(("L", "paused"),))
    run = Execution(make_plan(doc, reported(("L", "paused")), schedules=schedule_states(("A", False))))
    assert run.targets() == []
    run.schedules_sent(run.schedule_updates())
    result = run.result()
    assert [o.result for o in result.outcomes] == ["unchanged"]
    assert [o.result for o in result.schedule_outcomes] == ["changed"]
    assert result.ok
    with pytest.raises(AttributeError):
        result.schedule_outcomes[0].result = "failed"  # type: ignore[misc]
