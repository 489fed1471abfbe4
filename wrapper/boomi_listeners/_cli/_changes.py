"""pause / resume / restart: one listener, several (with a progress bar), or every listener on a runtime."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.text import Text

from boomi_listeners._actions import Action, Scope
from boomi_listeners._cli._output import Output, state_json
from boomi_listeners._cli._problems import ExitCode, Problem, Where, explain
from boomi_listeners._client import ListenerClient
from boomi_listeners._results import ChangeOutcome, ChangeTarget, ListenerState

__all__ = ["ChangeReport", "Row", "apply_change", "render"]


@dataclass(frozen=True)
class Row:
    """What happened to one target: a listener, or every listener (``listener_id`` None)."""

    listener_id: str | None
    accepted: bool
    status: str | None = None
    problem: Problem | None = None
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.problem is None

    def as_json(self) -> dict[str, Any]:
        return {
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
    container_id: str
    wait: bool
    rows: list[Row]
    states: list[ListenerState] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        failed = [row.problem for row in self.rows if row.problem is not None]
        if not failed:
            return ExitCode.OK
        if len(failed) < len(self.rows):
            return ExitCode.PARTIAL
        if all(p.exit_code is ExitCode.WAIT_TIMEOUT for p in failed):
            return ExitCode.WAIT_TIMEOUT
        return ExitCode.API_ERROR

    def as_json(self) -> dict[str, Any]:
        code = self.exit_code
        return {
            "ok": code is ExitCode.OK,
            "exit_code": int(code),
            "action": self.action.value,
            "container_id": self.container_id,
            "wait": self.wait,
            "results": [row.as_json() for row in self.rows],
            "states": [state_json(s) for s in self.states],
        }


def apply_change(
    client: ListenerClient,
    action: Action,
    container_id: str,
    listener_ids: Sequence[str] | None,
    *,
    wait: bool,
    timeout: float,
    where: Where,
    show_progress: bool,
) -> ChangeReport:
    """Apply ``action`` (a one-listener verb) to the listeners given, or to all with ``listener_ids`` None.

    One target raises its error (the caller reports it); several targets go
    through ``change_many`` (which also confirms them, one status query per poll
    round) and every failure is recorded on its row.
    """
    if listener_ids is None:
        every = action.with_scope(Scope.ALL)
        result = client.change(every, container_id=container_id, wait=wait, timeout=timeout)
        # Where every listener went: one status when they agree (a restart keeps paused ones paused).
        reached = {str(s.status) for s in result.states}
        status = reached.pop() if wait and len(reached) == 1 else (action.leads_to.value if wait else None)
        return ChangeReport(every, container_id, wait, [Row(None, True, status)], list(result.states))
    if len(listener_ids) == 1:
        result = client.change(
            action, container_id=container_id, listener_id=listener_ids[0], wait=wait, timeout=timeout
        )
        status = result.states[0].status if result.states else None
        return ChangeReport(action, container_id, wait, [Row(listener_ids[0], True, status)], list(result.states))
    targets = [ChangeTarget(action, container_id, listener_id) for listener_id in listener_ids]
    label = f"{action.value} {len(targets)} listeners"
    outcomes = _change_many(client, targets, show_progress, label, wait=wait, timeout=timeout)
    rows = [_row(outcome, where) for outcome in outcomes]
    states = [outcome.state for outcome in outcomes if outcome.state is not None]
    return ChangeReport(action, container_id, wait, rows, states)


def _row(outcome: ChangeOutcome, where: Where) -> Row:
    """A row from the SDK's outcome: refused changes and unconfirmed ones get their advice."""
    listener_id = outcome.target.listener_id
    status = outcome.state.status if outcome.state is not None else None
    if outcome.error is None:
        return Row(listener_id, True, status, attempts=outcome.attempts)
    context = replace(where, attempts=max(outcome.attempts, 1), after_change=outcome.accepted)
    problem = explain(outcome.error, context)
    return Row(listener_id, outcome.accepted, status, problem=problem, attempts=outcome.attempts)


def _change_many(
    client: ListenerClient, targets: list[ChangeTarget], show_progress: bool, label: str, *, wait: bool, timeout: float
) -> list[ChangeOutcome]:
    """The SDK's change_many (confirmation coalesced per runtime with ``wait``), with a progress bar on stderr."""
    if not show_progress:
        return client.change_many(targets, wait=wait, timeout=timeout)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=len(targets))

        def advance(done: int, total: int, outcome: ChangeOutcome) -> None:
            bar.update(task, completed=done)
            if wait and done == total:
                bar.update(task, description=f"{label}: confirming")

        return client.change_many(targets, progress=advance, wait=wait, timeout=timeout)


def render(report: ChangeReport, output: Output) -> None:
    """The readable result: a sentence for one target, one line per listener for several.

    When some listeners failed, stderr also gets one line naming them, in both modes.
    """
    failed = [row for row in report.rows if not row.ok]
    if failed:
        names = ", ".join(str(row.listener_id) for row in failed)
        output.problem(
            Problem(
                report.exit_code,
                "ChangeFailed",
                f"{report.action.value} failed for {len(failed)} of {len(report.rows)} listeners: {names}",
            )
        )
    if output.json_mode:
        output.document(report.as_json())
        return
    container = report.container_id
    if report.action.scope is Scope.ALL:
        output.say(f"{report.action.value} accepted: every listener on runtime {container}.")
        if report.wait:
            output.states_table(report.states, f"Runtime {container}")
        return
    if len(report.rows) == 1:
        row = report.rows[0]
        output.say(f"{report.action.value} accepted: listener {row.listener_id} on runtime {container}.")
        if row.status is not None:
            output.say(Text.assemble(f"Listener {row.listener_id} is ", output.status_text(row.status), "."))
        return
    for row in report.rows:
        if row.problem is not None:
            output.say(Text.assemble(("FAILED  ", "bold red"), f"{row.listener_id}  {row.problem.advice}"))
        else:
            outcome = output.status_text(row.status) if row.status else Text(f"{report.action.value} accepted")
            output.say(Text.assemble(("ok      ", "green"), f"{row.listener_id}  ", outcome))
    good = sum(1 for row in report.rows if row.ok)
    output.say(f"{good} of {len(report.rows)} listeners on runtime {container}: {report.action.value} succeeded.")
