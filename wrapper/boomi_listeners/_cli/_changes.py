"""pause / resume / restart: one listener, several (with a progress bar), every listener, on one runtime or several."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rich.text import Text

from boomi_listeners._actions import Action, Scope
from boomi_listeners._cli._output import Output, state_json
from boomi_listeners._cli._problems import ExitCode, Problem, Where, explain
from boomi_listeners._cli._progress import bulk_progress, spinner

if TYPE_CHECKING:
    # The SDK's client and results load with the first command that sends a request, not with `--help`.
    from boomi_listeners._client import ListenerClient
    from boomi_listeners._results import ChangeOutcome, ChangeTarget, ListenerState

__all__ = ["ChangeReport", "Row", "apply_change", "render"]


@dataclass(frozen=True)
class Row:
    """What happened to one target: a listener, or every listener (``listener_id`` None), on one runtime."""

    listener_id: str | None
    accepted: bool
    status: str | None = None
    problem: Problem | None = None
    attempts: int = 1
    container_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def as_json(self) -> dict[str, Any]:
        return {
            "container_id": self.container_id,
            "listener_id": self.listener_id,
            "ok": self.ok,
            "accepted": self.accepted,
            "status": self.status,
            "attempts": self.attempts,
            "error": self.problem.as_json() if self.problem else None,
        }


@dataclass(frozen=True)
class ChangeReport:
    action: Action
    container_ids: Sequence[str]
    wait: bool
    rows: list[Row]
    #: The listeners as last read (with ``--wait``), each with its runtime.
    states: list[tuple[str, ListenerState]] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        failed = [row.problem for row in self.rows if row.problem is not None]
        if not failed:
            return ExitCode.OK
        if len(failed) < len(self.rows):
            return ExitCode.PARTIAL
        if all(p.exit_code is ExitCode.WAIT_TIMEOUT for p in failed):
            return ExitCode.WAIT_TIMEOUT
        if all(p.exit_code is ExitCode.NOT_REPORTED for p in failed):
            return ExitCode.NOT_REPORTED
        return ExitCode.API_ERROR

    def as_json(self) -> dict[str, Any]:
        code = self.exit_code
        doc: dict[str, Any] = {"ok": code is ExitCode.OK, "exit_code": int(code), "action": self.action.value}
        if len(self.container_ids) == 1:  # the one runtime, as before several could be named
            doc["container_id"] = self.container_ids[0]
        return doc | {
            "container_ids": list(self.container_ids),
            "wait": self.wait,
            "results": [row.as_json() for row in self.rows],
            "states": [state_json(s, c) for c, s in self.states],
        }


def apply_change(
    client: ListenerClient,
    action: Action,
    container_ids: Sequence[str],
    listener_ids: Sequence[str] | None,
    *,
    wait: bool,
    timeout: float,
    where: Where,
    show_progress: bool,
) -> ChangeReport:
    """Apply ``action`` (a one-listener verb) to the listeners given, or to all with ``listener_ids`` None,
    on every runtime in ``container_ids``.

    One target on one runtime raises its error (the caller reports it); anything
    more goes through ``change_many`` (which also confirms, one status query per
    runtime per poll round) and every failure is recorded on its row: no runtime
    named is ever left out.
    """
    every = action.with_scope(Scope.ALL)
    if len(container_ids) == 1 and (listener_ids is None or len(listener_ids) == 1):
        container_id = container_ids[0]
        listener_id = None if listener_ids is None else listener_ids[0]
        what = "every listener" if listener_id is None else f"listener {listener_id}"
        waiting = f"{action.value} {what} on runtime {container_id}: waiting until {action.leads_to.value}"
        with spinner(waiting, show=show_progress and wait):
            result = client.change(
                every if listener_id is None else action,
                container_id=container_id,
                listener_id=listener_id,
                wait=wait,
                timeout=timeout,
            )
        if listener_id is None:
            # Where every listener went: one status when they agree (a restart keeps paused ones paused).
            reached = {str(s.status) for s in result.states}
            status = reached.pop() if wait and len(reached) == 1 else (action.leads_to.value if wait else None)
        else:
            status = result.states[0].status if result.states else None
        row = Row(listener_id, True, status, container_id=container_id)
        seen = [(container_id, s) for s in result.states]
        return ChangeReport(every if listener_id is None else action, container_ids, wait, [row], seen)
    from boomi_listeners._results import ChangeTarget

    # Always ChangeTarget objects: the CLI relies on no positional (action, container, listener) form.
    if listener_ids is None:
        targets = [ChangeTarget(every, c) for c in container_ids]
    else:
        targets = [ChangeTarget(action, c, lid) for c in container_ids for lid in listener_ids]
    count = f"{len(targets)} runtimes" if listener_ids is None else f"{len(targets)} listeners"
    label = f"{action.value} {count}"
    outcomes = _change_many(client, targets, show_progress, label, wait=wait, timeout=timeout)
    rows = [_row(outcome, where) for outcome in outcomes]
    states: list[tuple[str, ListenerState]] = []
    for outcome in outcomes:
        if listener_ids is None and outcome.result is not None and outcome.ok:
            states += [(outcome.target.container_id, s) for s in outcome.result.states]
        elif outcome.state is not None:
            states.append((outcome.target.container_id, outcome.state))
    return ChangeReport(every if listener_ids is None else action, container_ids, wait, rows, states)


def _row(outcome: ChangeOutcome, where: Where) -> Row:
    """A row from the SDK's outcome: refused changes and unconfirmed ones get their advice."""
    target = outcome.target
    status = outcome.state.status if outcome.state is not None else None
    if target.listener_id is None and outcome.ok and outcome.waited:
        status = target.action.leads_to.value
    if outcome.error is None:
        return Row(target.listener_id, True, status, attempts=outcome.attempts, container_id=target.container_id)
    context = replace(
        where, container_id=target.container_id, attempts=max(outcome.attempts, 1), after_change=outcome.accepted
    )
    problem = explain(outcome.error, context)
    return Row(
        target.listener_id,
        outcome.accepted,
        status,
        problem=problem,
        attempts=outcome.attempts,
        container_id=target.container_id,
    )


def _name(target: ChangeTarget, several_runtimes: bool) -> str:
    what = target.listener_id or "every listener"
    return f"{what} on {target.container_id}" if several_runtimes or target.listener_id is None else what


class _Confirmations:
    """Which accepted changes the status reads of the wait already show done, for the progress display.

    Only a pause or resume of one listener is judged here (its status is the answer); a restart
    or an ``*_all`` change counts as confirmed when the SDK returns. The result the command
    reports is always the SDK's own.
    """

    def __init__(self, targets: Sequence[ChangeTarget], several_runtimes: bool) -> None:
        self._order = {target: position for position, target in enumerate(targets)}
        self.several = several_runtimes
        self._lock = threading.Lock()
        self.accepted: list[ChangeTarget] = []
        self._confirmed: set[ChangeTarget] = set()

    def accept(self, target: ChangeTarget) -> None:
        with self._lock:
            self.accepted.append(target)

    def observe(self, container_id: str, states: list[ListenerState]) -> None:
        seen = {state.listener_id: state.status for state in states}
        with self._lock:
            for target in self.accepted:
                judged = target.action in (Action.PAUSE, Action.RESUME) and target.container_id == container_id
                if judged and seen.get(target.listener_id or "") == target.action.leads_to.value:
                    self._confirmed.add(target)

    def counts(self) -> tuple[list[str], int, int]:
        """The names still pending (in the order given), how many are confirmed, and of how many."""
        with self._lock:
            pending = sorted((t for t in self.accepted if t not in self._confirmed), key=self._order.__getitem__)
            return [_name(t, self.several) for t in pending], len(self._confirmed), len(self.accepted)


def _change_many(
    client: ListenerClient, targets: list[ChangeTarget], show_progress: bool, label: str, *, wait: bool, timeout: float
) -> list[ChangeOutcome]:
    """The SDK's change_many (confirmation coalesced per runtime with ``wait``), with its progress on stderr.

    The bar counts the requests sent; once the last is sent, with ``wait``, it counts the
    confirmations and names the accepted changes still waited on.
    """
    tracker = _Confirmations(targets, len({t.container_id for t in targets}) > 1)
    with bulk_progress(label, len(targets), show=show_progress) as phases:

        def advance(done: int, total: int, outcome: ChangeOutcome) -> None:
            if outcome.accepted:
                tracker.accept(outcome.target)
            phases.sent(done, total)
            if wait and done == total and tracker.accepted:
                phases.confirming(*tracker.counts())

        def observe(container_id: str, states: list[ListenerState]) -> None:
            tracker.observe(container_id, states)
            phases.confirming(*tracker.counts())

        from boomi_listeners._cli._observed import ObservedClient

        observers = client.observers if isinstance(client, ObservedClient) and show_progress and wait else None
        if observers is not None:
            observers.append(observe)
        try:
            outcomes = client.change_many(targets, progress=advance, wait=wait, timeout=timeout)
        finally:
            if observers is not None:
                observers.remove(observe)
        if wait:  # the SDK's verdict, drawn once more before the bar goes
            unconfirmed = [_name(o.target, tracker.several) for o in outcomes if o.accepted and not o.confirmed]
            phases.confirming(unconfirmed, sum(1 for o in outcomes if o.confirmed), len(tracker.accepted))
        return outcomes


def _unit(report: ChangeReport) -> str:
    return "runtimes" if report.action.scope is Scope.ALL else "listeners"


def _runtimes(report: ChangeReport) -> str:
    ids = report.container_ids
    return f"runtime {ids[0]}" if len(ids) == 1 else f"{len(ids)} runtimes"


def render(report: ChangeReport, output: Output) -> None:
    """The result: a sentence for one target, one line per listener (or runtime) for several.

    ``--output plain`` prints one tab-separated line per result instead: ``ok`` or
    ``FAILED``, the runtime, the listener (``*`` for every listener), then the
    status reached (``accepted`` without ``--wait``) or, for a failure, the advice.
    When some failed, stderr also gets one line naming them, in every mode.
    """
    failed = [row for row in report.rows if not row.ok]
    if failed:
        several = len(report.container_ids) > 1
        names = ", ".join(
            f"{row.listener_id or 'every listener'}{f' on {row.container_id}' if several else ''}" for row in failed
        )
        output.problem(
            Problem(
                report.exit_code,
                "ChangeFailed",
                f"{report.action.value} failed for {len(failed)} of {len(report.rows)} {_unit(report)}: {names}",
            )
        )
    if output.json_mode:
        output.document(report.as_json())
        return
    if output.plain_mode:
        _render_plain(report, output)
        return
    if report.action.scope is Scope.ALL:
        _render_all(report, output)
        return
    if len(report.rows) == 1:
        row = report.rows[0]
        output.say(f"{report.action.value} accepted: listener {row.listener_id} on runtime {row.container_id}.")
        if row.status is not None:
            output.say(Text.assemble(f"Listener {row.listener_id} is ", output.status_text(row.status), "."))
        return
    several = len(report.container_ids) > 1
    for row in report.rows:
        where = f"{row.container_id}  " if several else ""
        if row.problem is not None:
            output.say(Text.assemble(("FAILED  ", "bold red"), f"{where}{row.listener_id}  {row.problem.advice}"))
        else:
            outcome = output.status_text(row.status) if row.status else Text(f"{report.action.value} accepted")
            output.say(Text.assemble(("ok      ", "green"), f"{where}{row.listener_id}  ", outcome))
    good = sum(1 for row in report.rows if row.ok)
    output.say(f"{good} of {len(report.rows)} listeners on {_runtimes(report)}: {report.action.value} succeeded.")


def _render_all(report: ChangeReport, output: Output) -> None:
    for row in report.rows:
        if row.problem is not None:
            output.say(Text.assemble(("FAILED  ", "bold red"), f"runtime {row.container_id}  {row.problem.advice}"))
            continue
        output.say(f"{report.action.value} accepted: every listener on runtime {row.container_id}.")
        if report.wait:
            states = [s for c, s in report.states if c == row.container_id]
            output.states_table(states, f"Runtime {row.container_id}", row.container_id)


def _render_plain(report: ChangeReport, output: Output) -> None:
    for row in report.rows:
        if row.problem is not None:
            output.line("FAILED", row.container_id, row.listener_id or "*", row.problem.advice)
        elif row.listener_id is None and report.wait:  # every listener, confirmed: one line each
            for container_id, state in report.states:
                if container_id == row.container_id:
                    output.line("ok", container_id, state.listener_id, state.status)
        else:
            output.line("ok", row.container_id, row.listener_id or "*", row.status or "accepted")
