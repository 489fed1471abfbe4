"""The change plan without I/O: each rule of ``make_plan`` and ``Execution``, listener by listener.

What a document says and what a runtime reports go in; the requests and one verdict per listener
come out. The clients only send what the plan says and hand back what Boomi answered.
"""

from __future__ import annotations

from typing import Any

import pytest

from boomi_listeners import (
    Action,
    ChangeOutcome,
    ChangeResult,
    ChangeTarget,
    Confirmation,
    Expectation,
    GoneError,
    ListenerErroredError,
    ListenerState,
    StateDocument,
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
