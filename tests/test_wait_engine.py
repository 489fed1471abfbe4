"""The wait engine run directly: no I/O, time passed in by hand.

Every single-listener action x status before it x shape of Boomi's answers, and the same for a
whole runtime, against a simulated runtime that follows ``TRANSITIONS``: the engine confirms
what the table says the action leads to, never earlier, and ends every other case with the
one error that says why (errored at once, unreported after the grace, out of time with the last
state seen). The client tests then run the entry points over the same situations.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest

from boomi_listeners import (
    TRANSITIONS,
    Action,
    APITimeoutError,
    BoomiError,
    BoomiTimeoutError,
    ChangeTarget,
    Confirmation,
    Expectation,
    InvalidRequestError,
    ListenerErroredError,
    ListenerNotReportedError,
    ListenerState,
    ListenerStatusValue,
    NotFoundError,
    PollPolicy,
    WaitTimeoutError,
)
from boomi_listeners._wait import WaitPlan, change_expectations, combined, reads_before

L, P, E = ListenerStatusValue.LISTENING, ListenerStatusValue.PAUSED, ListenerStatusValue.ERRORED
VERBS = (Action.PAUSE, Action.RESUME, Action.RESTART)
PRIORS = (L, P, E)
POLL = PollPolicy(initial=1.0, factor=1.0, maximum=1.0, restart_settle=5.0, unreported_grace=3.0)
TIMEOUT = 30.0


@dataclass(frozen=True)
class Shape:
    """How a simulated runtime shows a change: the rounds before it applies, and what it shows meanwhile."""

    name: str
    #: Rounds in which the change has not applied yet (the listener still shows its old status).
    delay: int = 1
    #: Whether a restart shows an in-between status (``paused``) for a round; Boomi documents none.
    in_between: bool = True
    #: Nodes of a multi-node runtime; node i applies ``i`` rounds later (``mixed`` meanwhile).
    nodes: int = 1


SHAPES = [
    Shape("documented"),
    Shape("no-in-between", in_between=False),
    Shape("applied-at-once", delay=0),
    Shape("molecule", nodes=3),
]


def simulate(action: Action, prior: ListenerStatusValue, shape: Shape, rounds: int = 12) -> list[str]:
    """The status one listener shows in each round, per ``TRANSITIONS`` (aggregated over nodes)."""
    row = action.transition(prior)
    shown = []
    for r in range(rounds):
        per_node = []
        for node in range(shape.nodes):
            since = r - shape.delay - node
            if since < 0:
                per_node.append(prior)
            elif row.passes_through and shape.in_between and since == 0:
                per_node.append(P)
            else:
                per_node.append(row.leads_to)
        shown.append(per_node[0] if len(set(per_node)) == 1 else ListenerStatusValue.MIXED)
    return shown


def drive(plan: WaitPlan, answers: Callable[[int, str | None], Sequence[ListenerState] | BoomiError]) -> int:
    """Run the plan's rounds one second apart, as a client would; returns the rounds it took."""
    now = 0.0
    while not plan.finished:
        for container in plan.containers():
            found = answers(plan.rounds, plan.listener_filter(container))
            if isinstance(found, BoomiError):
                plan.fail(container, found, now)
            else:
                plan.observe(container, found, now)
        plan.expire(now)
        now += max(plan.next_delay(now), 1.0)
    return plan.rounds


def plan_for(expectations: Sequence[Expectation]) -> WaitPlan:
    return WaitPlan(expectations, timeout=TIMEOUT, poll=POLL, now=0.0)


CASES = [(verb, prior, shape) for verb in VERBS for prior in PRIORS for shape in SHAPES]


@pytest.mark.parametrize(("verb", "prior", "shape"), CASES, ids=lambda v: getattr(v, "name", str(v)))
def test_one_listener_confirms_what_the_table_says_and_nothing_earlier(
    verb: Action, prior: ListenerStatusValue, shape: Shape
) -> None:
    row = TRANSITIONS[(verb, prior)]
    shown = simulate(verb, prior, shape)
    before = [ListenerState("L", prior)] if reads_before(verb) else None
    expectations = change_expectations(ChangeTarget(verb, "C", "L"), before)
    plan = plan_for(expectations)
    drive(plan, lambda r, _: [ListenerState("L", shown[r])])
    (confirmation,) = plan.results()
    if row.leads_to is E:
        # A pause or resume leaves an errored listener errored: the wait ends at once, no time spent.
        assert isinstance(confirmation.error, ListenerErroredError)
        assert not isinstance(confirmation.error, TimeoutError)
        assert plan.rounds == 1
        return
    assert confirmation.ok, confirmation.error
    assert confirmation.state == ListenerState("L", row.leads_to)
    settled = next(r for r in range(len(shown)) if all(s == row.leads_to for s in shown[r:]))
    if row.passes_through and not shape.in_between and prior == row.leads_to:
        # Nothing shows the restart: its old status counts once the settle time has passed.
        assert plan.rounds == int(POLL.restart_settle) + 1
    elif row.passes_through and prior == row.leads_to:
        assert plan.rounds == settled + 1, "the old 'listening' did not count as the restart's result"
    else:
        assert plan.rounds <= settled + 1


def test_a_restart_keeps_a_paused_listener_paused_and_confirms_at_once() -> None:
    (expectation,) = change_expectations(ChangeTarget(Action.RESTART, "C", "L"), [ListenerState("L", "paused")])
    assert (expectation.status, expectation.restarted) == (P, False)
    plan = plan_for([expectation])
    assert drive(plan, lambda r, _: [ListenerState("L", "paused")]) == 1
    assert plan.results()[0].state == ListenerState("L", "paused")


def test_a_restart_of_an_errored_listener_is_not_failed_by_its_old_error() -> None:
    (expectation,) = change_expectations(ChangeTarget(Action.RESTART, "C", "L"), [ListenerState("L", "errored")])
    shown = ["errored", "errored", "paused", "listening"]
    plan = plan_for([expectation])
    drive(plan, lambda r, _: [ListenerState("L", shown[min(r, 3)])])
    assert plan.results()[0].state == ListenerState("L", "listening")


def test_a_restart_that_leaves_the_listener_errored_fails_after_the_settle_time() -> None:
    (expectation,) = change_expectations(ChangeTarget(Action.RESTART, "C", "L"), [ListenerState("L", "errored")])
    plan = plan_for([expectation])
    rounds = drive(plan, lambda r, _: [ListenerState("L", "errored")])
    assert isinstance(plan.results()[0].error, ListenerErroredError)
    assert rounds == int(POLL.restart_settle) + 1


@pytest.mark.parametrize("verb", [Action.PAUSE_ALL, Action.RESUME_ALL, Action.RESTART_ALL])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_a_whole_runtime_confirms_each_listener_per_the_table(verb: Action, shape: Shape) -> None:
    one = verb.with_scope(verb.scope.ONE)
    priors = {"A": L, "B": P, "X": E}
    shown = {lid: simulate(one, prior, shape) for lid, prior in priors.items()}
    before = [ListenerState(lid, prior) for lid, prior in priors.items()]
    target = ChangeTarget(verb, "C")
    expectations = change_expectations(target, before)
    assert len(expectations) == (3 if reads_before(verb) else 1)
    plan = plan_for(expectations)
    drive(plan, lambda r, only: [ListenerState(lid, s[r]) for lid, s in shown.items() if only in (None, lid)])
    confirmation = combined(target, plan.results())
    assert confirmation.ok, confirmation.error
    assert {s.listener_id: s.status for s in confirmation.states} == {
        lid: TRANSITIONS[(one, prior)].leads_to for lid, prior in priors.items()
    }


def test_a_whole_runtime_reports_errored_listeners_without_waiting_for_them() -> None:
    plan = plan_for([Expectation("C", None, "paused")])
    drive(plan, lambda r, _: [ListenerState("A", "paused"), ListenerState("X", "errored")])
    assert plan.rounds == 1
    assert [s.status for s in plan.results()[0].states] == ["paused", "errored"]


def test_mixed_nodes_keep_a_wait_going() -> None:
    shown = ["mixed", "mixed", "paused"]
    plan = plan_for([Expectation("C", "L", "paused")])
    assert drive(plan, lambda r, _: [ListenerState("L", shown[min(r, 2)], nodes=("paused", "listening"))]) == 3


def test_a_settled_snapshot_waits_for_nodes_to_agree_and_accepts_errored() -> None:
    shown = [["mixed", "errored"], ["listening", "errored"]]
    plan = plan_for([Expectation("C", None, None)])
    drive(plan, lambda r, _: [ListenerState(lid, s) for lid, s in zip("AX", shown[min(r, 1)], strict=True)])
    assert plan.rounds == 2
    assert plan.results()[0].ok


def test_an_unreported_listener_ends_after_the_grace_not_the_timeout() -> None:
    plan = plan_for([Expectation("C", "WSS", "paused")])
    rounds = drive(plan, lambda r, _: [ListenerState("OTHER", "listening")])
    error = plan.results()[0].error
    assert isinstance(error, ListenerNotReportedError)
    assert rounds == int(POLL.unreported_grace) + 1
    assert (error.container_id, error.listener_id, error.expected) == ("C", "WSS", "paused")


def test_out_of_time_names_the_last_state_and_what_the_time_went_on() -> None:
    plan = plan_for([Expectation("C", "L", "paused")])
    drive(plan, lambda r, _: [ListenerState("L", "listening")])
    error = plan.results()[0].error
    assert isinstance(error, WaitTimeoutError)
    assert error.last_state == ListenerState("L", "listening")
    assert "within 30s; last seen: listening (the time ran out waiting for the listener)" in str(error)
    assert plan.rounds == int(TIMEOUT) + 1


@pytest.mark.parametrize(
    ("failure", "spent"),
    [
        (APITimeoutError("budget", deadline_passed=True), "waiting for the account's request budget"),
        (WaitTimeoutError("query still running"), "while the ListenerStatus query was still running"),
        (APITimeoutError("ReadTimeout on GET", deadline_passed=True), "during a request (ReadTimeout on GET)"),
    ],
)
def test_a_deadline_inside_a_query_is_the_wait_running_out(failure: BoomiError, spent: str) -> None:
    plan = plan_for([Expectation("C", "L", "paused")])
    drive(plan, lambda r, _: [ListenerState("L", "listening")] if r == 0 else failure)
    error = plan.results()[0].error
    assert isinstance(error, WaitTimeoutError)
    assert error.last_state == ListenerState("L", "listening")
    assert spent in str(error)


def test_a_query_that_fails_for_another_reason_ends_with_that_failure() -> None:
    gone = NotFoundError("no such runtime", status_code=404)
    plan = plan_for([Expectation("C", "L", "paused"), Expectation("D", "M", "paused")])
    drive(plan, lambda r, _: gone if r == 0 else [ListenerState("M", "paused")])
    first, second = plan.results()
    assert first.error is gone
    assert second.error is gone, "every runtime's query failed in that round"


def test_a_read_timeout_before_the_deadline_is_reported_as_itself() -> None:
    slow = APITimeoutError("ReadTimeout", deadline_passed=False)
    plan = plan_for([Expectation("C", "L", "paused")])
    drive(plan, lambda r, _: slow)
    assert plan.results()[0].error is slow


def test_one_query_per_runtime_and_narrowed_to_a_lone_listener() -> None:
    plan = plan_for(
        [Expectation("C", "L1", "paused"), Expectation("C", "L2", "paused"), Expectation("D", "M", "paused")]
    )
    assert plan.containers() == ["C", "D"]
    assert (plan.listener_filter("C"), plan.listener_filter("D")) == (None, "M")
    plan.observe("C", [ListenerState("L1", "paused"), ListenerState("L2", "listening")], 0.0)
    assert plan.listener_filter("C") == "L2"


def test_every_out_of_time_error_is_one_family_and_errored_is_not_one_of_them() -> None:
    assert issubclass(WaitTimeoutError, BoomiTimeoutError)
    assert issubclass(APITimeoutError, BoomiTimeoutError)
    assert issubclass(BoomiTimeoutError, TimeoutError)
    assert not issubclass(ListenerErroredError, TimeoutError)
    error = ListenerErroredError("x", last_state=ListenerState("L", "errored"), expected="paused")
    again = pickle.loads(pickle.dumps(error))
    assert (again.last_state, again.expected, str(again)) == (error.last_state, "paused", "x")


@pytest.mark.parametrize("status", ["Paused", "resumed", "PAUSED", "mixed", "", "stopped"])
def test_misspelled_statuses_are_refused(status: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        Expectation("C", "L", status)
    assert caught.value.field == "status"


def test_a_status_that_is_not_a_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Expectation("C", "L", 3)  # type: ignore[arg-type]


def test_listener_state_statuses_are_the_enum_and_compare_as_strings() -> None:
    state = ListenerState("L", "paused")
    assert state.status is ListenerStatusValue.PAUSED
    assert state.status == "paused"
    assert ListenerState("L", "something-new").status == "something-new", "an undocumented status is kept as sent"
    merged = ListenerState.merged([ListenerState("L", "paused"), ListenerState("L", "listening")])
    assert (merged.status, merged.nodes) == (ListenerStatusValue.MIXED, ("paused", "listening"))


# -- details a caller relies on ---------------------------------------------------------------------


@pytest.mark.parametrize("at", [10.0, 11.0])
def test_a_read_timeout_at_or_past_the_deadline_is_the_wait_running_out(at: float) -> None:
    plan = WaitPlan([Expectation("C", "L", "paused")], timeout=10, poll=POLL, now=0.0)
    plan.observe("C", [ListenerState("L", "listening")], 0.0)
    plan.fail("C", APITimeoutError("ReadTimeout", deadline_passed=False), at)
    error = plan.results()[0].error
    assert isinstance(error, WaitTimeoutError)
    assert error.last_state == ListenerState("L", "listening")


def test_a_runtime_with_nothing_pending_gets_no_listener_filter() -> None:
    plan = plan_for([Expectation("C", "L", "paused")])
    assert plan.listener_filter("elsewhere") is None


def test_expectations_and_confirmations_are_values() -> None:
    expectation = Expectation("C", "L", "paused")
    assert {expectation: 1}[Expectation("C", "L", ListenerStatusValue.PAUSED)] == 1
    with pytest.raises(AttributeError):
        expectation.status = L  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Confirmation(expectation).error = None  # type: ignore[misc]


def test_a_restarted_runtime_that_reports_no_listener_times_out_saying_so() -> None:
    plan = WaitPlan([Expectation("C", None, "listening", restarted=True)], timeout=2, poll=POLL, now=0.0)
    drive(plan, lambda r, _: [])
    error = plan.results()[0].error
    assert isinstance(error, WaitTimeoutError)
    assert "last seen: no listeners" in str(error)


def test_an_errored_listener_says_what_was_awaited() -> None:
    plan = plan_for([Expectation("C", "L", "paused")])
    drive(plan, lambda r, _: [ListenerState("L", "errored")])
    error = plan.results()[0].error
    assert isinstance(error, ListenerErroredError)
    assert error.expected == "paused"


def test_the_settle_time_counts_even_between_polls() -> None:
    poll = PollPolicy(initial=0.7, factor=1.0, maximum=0.7, restart_settle=1.0)
    plan = WaitPlan([Expectation("C", "L", "listening", restarted=True)], timeout=10, poll=poll, now=0.0)
    for now in (0.0, 0.7, 1.4):
        plan.observe("C", [ListenerState("L", "listening")], now)
    assert plan.finished, "seen listening 1.4 s after a restart with a 1 s settle time: confirmed"


def test_one_listeners_confirmation_is_passed_on_as_it_is() -> None:
    plan = plan_for([Expectation("C", "L", "paused")])
    plan.observe("C", [ListenerState("L", "paused")], 0.0)
    (found,) = plan.results()
    assert combined(ChangeTarget(Action.PAUSE, "C", "L"), [found]) is found
    whole = plan_for([Expectation("C", None, "paused")])
    whole.observe("C", [ListenerState("L", "paused")], 0.0)
    (everything,) = whole.results()
    assert combined(ChangeTarget(Action.PAUSE_ALL, "C"), [everything]) is everything


@pytest.mark.parametrize("value", [("C",), ("C", "L", "paused", False, None, "extra"), 42])
def test_an_expectation_of_the_wrong_shape_names_its_index(value: object) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        Expectation.coerce(value, 3)  # type: ignore[arg-type]
    assert caught.value.field == "expectations[3]"


def test_the_next_poll_never_sleeps_past_the_deadline() -> None:
    plan = WaitPlan([Expectation("C", "L", "paused")], timeout=10, poll=POLL, now=100.0)
    assert plan.next_delay(100.0) == POLL.initial
    assert plan.next_delay(109.7) == pytest.approx(0.3)
    assert plan.next_delay(111.0) == 0.0


def test_the_status_before_a_restart_is_checked_like_any_status() -> None:
    expectation = Expectation("C", "L", "listening", restarted=True, before="paused")
    assert expectation.before is ListenerStatusValue.PAUSED
    assert expectation.departs_from is ListenerStatusValue.PAUSED
    with pytest.raises(InvalidRequestError):
        Expectation("C", "L", "listening", restarted=True, before="Paused")


def test_a_snapshot_that_never_settles_says_what_it_waited_for() -> None:
    plan = WaitPlan([Expectation("C", None, None)], timeout=2, poll=POLL, now=0.0)
    drive(plan, lambda r, _: [ListenerState("L", "mixed", nodes=("paused", "listening"))])
    error = plan.results()[0].error
    assert isinstance(error, WaitTimeoutError)
    assert "did not reach one status on every node" in str(error)


# -- more details a caller relies on ------------------------------------------------------------------


def test_a_restart_of_every_listener_fails_with_the_listener_that_failed() -> None:
    target = ChangeTarget(Action.RESTART_ALL, "C")
    before = [ListenerState("A", "listening"), ListenerState("B", "listening")]
    plan = plan_for(change_expectations(target, before))
    shown = {"A": ["paused", "listening"], "B": ["paused", "paused"]}
    drive(plan, lambda r, _: [ListenerState(lid, s[min(r, 1)]) for lid, s in shown.items()])
    confirmation = combined(target, plan.results())
    assert isinstance(confirmation.error, WaitTimeoutError)
    assert confirmation.states == ()
    assert combined(target, []).ok, "a runtime without listeners: nothing to confirm"


def test_each_runtime_answers_only_for_itself() -> None:
    plan = plan_for([Expectation("RT-A", "L", "paused"), Expectation("RT-C", "L", "paused")])
    plan.observe("RT-B", [ListenerState("L", "paused")], 0.0)
    plan.fail("RT-B", NotFoundError("gone", status_code=404), 0.0)
    assert plan.containers() == ["RT-A", "RT-C"], "another runtime's answer settles nothing here"
    assert plan.listener_filter("RT-B") is None
    # IDs equal to the expected ones but built anew (not the same objects): they still match.
    plan.observe("-".join(["RT", "A"]), [ListenerState("L", "paused")], 0.0)
    assert plan.listener_filter("-".join(["RT", "C"])) == "L"
    plan.fail("-".join(["RT", "C"]), NotFoundError("gone", status_code=404), 0.0)
    assert [c.ok for c in plan.results()] == [True, False]


def test_the_grace_counts_from_when_the_listener_went_missing() -> None:
    plan = WaitPlan([Expectation("C", "L", "paused")], timeout=60, poll=POLL, now=1000.0)
    plan.observe("C", [ListenerState("L", "listening")], 1000.0)
    plan.observe("C", [], 1001.0)
    plan.observe("C", [], 1003.0)
    assert not plan.finished, "missing for 2 s of a 3 s grace"
    plan.observe("C", [], 1004.0)
    error = plan.results()[0].error
    assert isinstance(error, ListenerNotReportedError)
    assert "(for 3.0s)" in str(error)
    assert error.last_state == ListenerState("L", "listening"), "the last state seen before it went missing"


def test_an_errored_listener_after_a_restart_counts_as_departed_and_fails_at_once() -> None:
    plan = plan_for([Expectation("C", "L", "listening", restarted=True)])
    assert drive(plan, lambda r, _: [ListenerState("L", "errored")]) == 1
    assert isinstance(plan.results()[0].error, ListenerErroredError)


def test_an_undocumented_status_keeps_a_wait_going() -> None:
    one = plan_for([Expectation("C", "L", "paused")])
    drive(one, lambda r, _: [ListenerState("L", "disabled")])
    assert isinstance(one.results()[0].error, WaitTimeoutError)
    whole = plan_for([Expectation("C", None, "paused")])
    drive(whole, lambda r, _: [ListenerState("A", "paused"), ListenerState("B", "disabled")])
    assert isinstance(whole.results()[0].error, WaitTimeoutError)


def test_a_settled_runtime_takes_every_agreed_status() -> None:
    plan = plan_for([Expectation("C", None, None)])
    drive(plan, lambda r, _: [ListenerState(f"L{i}", s) for i, s in enumerate(("paused", "listening", "errored"))])
    assert plan.rounds == 1


def test_timeouts_name_the_listener_and_the_status_awaited() -> None:
    plan = plan_for([Expectation("C", "L", "paused")])
    drive(plan, lambda r, _: WaitTimeoutError("query still running"))
    error = plan.results()[0].error
    assert isinstance(error, WaitTimeoutError)
    assert str(error).startswith("listener L on container C did not reach 'paused'")
    assert "last seen: nothing (the listener was not in any result)" in str(error)
    assert error.expected == "paused"
    whole = plan_for([Expectation("C", None, "paused")])
    drive(whole, lambda r, _: WaitTimeoutError("query still running"))
    assert "every listener on container C did not reach 'paused'" in str(whole.results()[0].error)
    assert "last seen: no result" in str(whole.results()[0].error)


def test_a_pause_read_before_an_errored_listener_still_expects_paused() -> None:
    (expectation,) = change_expectations(ChangeTarget(Action.PAUSE, "C", "L"), [ListenerState("L", "errored")])
    assert expectation.status is ListenerStatusValue.PAUSED


def test_an_undocumented_status_before_a_restart_is_not_departed_from() -> None:
    (expectation,) = change_expectations(ChangeTarget(Action.RESTART, "C", "L"), [ListenerState("L", "stopped")])
    assert (expectation.status, expectation.before, expectation.restarted) == (L, None, True)


def test_results_work_with_attrs() -> None:
    import attrs

    state = ListenerState("L", "paused", "http")
    assert attrs.asdict(state) == {
        "listener_id": "L",
        "status": "paused",
        "connector_type": "http",
        "nodes": (),
        "name": None,
    }
    assert attrs.evolve(state, status="listening").status is ListenerStatusValue.LISTENING
    target = ChangeTarget(Action.PAUSE, "C", "L")
    from boomi_listeners import ChangeOutcome, ChangeResult

    outcome = ChangeOutcome(target, result=ChangeResult(Action.PAUSE, "C", "L", (state,)))
    assert attrs.asdict(outcome)["result"]["states"] == ({**attrs.asdict(state)},)
    assert pickle.loads(pickle.dumps(outcome)) == outcome
