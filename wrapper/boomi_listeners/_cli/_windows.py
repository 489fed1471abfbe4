"""snapshot / apply / window: listener state documents and maintenance windows on the command line.

Presentation only: the SDK's ``snapshot``, ``plan``, ``apply``, ``window`` and ``recover`` do the
work. What is particular to the command line lives here: finding the command of a window before
anything is paused, running it with inherited stdio in its own process group, forwarding
SIGINT/SIGTERM/SIGHUP to it exactly once, turning a signal that arrives before the command runs
into a restore instead of an exit, and deferring any signal that arrives during a restore.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from boomi_listeners._cli._dryrun import PlannedRequest, _post as planned_post, status_requests
from boomi_listeners._cli._names import (
    EnvironmentNames,
    Names,
    ProcessNames,
    RuntimeNames,
    resolve_listeners,
    runtimes_beside_ids,
    split_offline,
)
from boomi_listeners._cli._output import Output
from boomi_listeners._cli._problems import EXIT_CODES_HELP, ExitCode, Problem, Where, explain, usage
from boomi_listeners._cli._run import Run
from boomi_listeners._cli._session import make_client
from boomi_listeners._config import Settings
from boomi_listeners._exceptions import BoomiError, DrainTimeoutError, InvalidRequestError, ResumeFailedError

if TYPE_CHECKING:
    # The SDK's documents, plans and windows load with the command that uses them, not with `--help`.
    from boomi_listeners._client import ListenerClient
    from boomi_listeners._documents import StateDocument
    from boomi_listeners._executions import Execution
    from boomi_listeners._plan import (
        ApplyResult,
        ListenerOutcome,
        Plan,
        PlannedChange,
        ScheduleOutcome,
        SchedulePlan,
    )

__all__ = ["DEFAULT_JOURNAL", "WINDOW_EPILOG", "register"]

DEFAULT_JOURNAL = "boomi-listeners-window.json"
#: The window's own outcomes; CMD's own exit codes 123, 124 and 125 are reported as CMD_RESERVED.
CMD_RESERVED = ExitCode.CMD_RESERVED
NOT_RUN = ExitCode.NOT_RUN
DRAIN_TIMEOUT = ExitCode.DRAIN_TIMEOUT
JOURNAL_NOT_MARKED = ExitCode.JOURNAL_NOT_MARKED
RESTORE_FAILED = ExitCode.RESTORE_FAILED
CANNOT_RUN = 126
NOT_FOUND = 127
_WINDOW_CODES = frozenset({DRAIN_TIMEOUT, NOT_RUN, JOURNAL_NOT_MARKED, RESTORE_FAILED})
#: Signals forwarded to CMD once it runs, and turned into a restore before it does.
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

WINDOW_EPILOG = (
    "Exit codes: CMD's own exit code once the restore is confirmed (128+N if CMD was killed by signal N), "
    "except that CMD's own 121, 123, 124 and 125 become 122 (its real code is on stderr and in --json "
    "command_exit_code), so these never come from CMD: "
    "121 --drain: executions still ran when --drain-timeout ran out; CMD was not run, everything was restored; "
    "123 CMD was not run: the window could not start (a runtime offline or with a cluster problem, found "
    "before any change) or its pause failed (whatever was paused was restored; the error is on stderr); "
    "124 the restore was confirmed but the journal could not be marked restored; "
    "125 the restore was not confirmed: listeners may be left paused, the journal is kept, run "
    "`boomi-listeners window --recover JOURNAL`; 126 CMD is not executable, 127 CMD was not found (checked "
    "before anything is read or paused); 2 usage error (nothing sent; also a runtime held by another window "
    "on this host); 129/130/143 interrupted by SIGHUP/SIGINT/SIGTERM before CMD ran (restore confirmed). "
    "--recover: 0 restored (or already restored), 2 the journal's window is still running (--force to "
    "recover anyway), 124/125 as above."
)

Containers = Annotated[
    list[str] | None,
    typer.Option(
        "--container", "-c", metavar="ID", help="Runtime ID (Boomi's containerId); repeat for several runtimes."
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log each request (method, path, status) on stderr.")]


def _positive_seconds(value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise typer.BadParameter(f"must be a positive number of seconds, not {value!r}")
    return value


Timeout = Annotated[
    float,
    typer.Option(
        "--timeout", metavar="S", callback=_positive_seconds, help="Seconds to wait for each confirmation at most."
    ),
]
FewestRequests = Annotated[
    bool,
    typer.Option(
        "--fewest-requests",
        help="Use one pause_all/resume_all per runtime where every reported listener moves alike. That request "
        "also moves listeners Boomi does not report (e.g. some wss listeners) and any deployed since the status "
        "was read; by default only the listeners named are changed, one request each.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``snapshot``, ``apply`` and ``window`` to the command line."""
    app.command("snapshot", epilog=EXIT_CODES_HELP)(snapshot)
    app.command("apply", epilog=EXIT_CODES_HELP)(apply)
    # Everything after the command's first argument belongs to it, options included (-- is optional).
    app.command("window", epilog=WINDOW_EPILOG, context_settings={"allow_interspersed_args": False})(window)


def _check_ids(run: Run, containers: Sequence[str], listeners: Sequence[str] = ()) -> None:
    run.require(all(c.strip() for c in containers), "--container must not be empty")
    run.require(all(lid.strip() for lid in listeners), "--listener must not be empty")


# -- snapshot ---------------------------------------------------------------------------------


def snapshot(
    ctx: typer.Context,
    container: Containers = None,
    runtime: RuntimeNames = None,
    environment: EnvironmentNames = None,
    show_names: Annotated[
        bool, typer.Option("--names", help="Write each runtime's and listener's name beside its ID (two lookups).")
    ] = False,
    schedules: Annotated[
        bool,
        typer.Option(
            "--schedules",
            help="Also record each runtime's process schedules (enabled or not): one more query per runtime; "
            "the document is then version 2, which `apply` brings back too.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the document here (.json: JSON, otherwise YAML)."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="S",
            callback=_positive_seconds,
            help="Seconds to wait at most for each runtime's status (and for its nodes to agree).",
        ),
    ] = 60.0,
    json: Json = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the status queries; send nothing.")] = False,
    verbose: Verbose = False,
) -> None:
    """Write each listener's status on one or more runtimes as a listener state document (YAML or JSON).

    Without -o the document goes to stdout (YAML; JSON with --json). `apply` and `window` read it.
    With --schedules each runtime's process schedules are recorded too (document version 2).
    Runtimes named (--runtime, --environment) that Boomi reports offline are named on stderr and left
    out (exit 4, or 1 when none is online).
    """
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose)
    names = Names.of(runtime, environment, None)
    given = list(dict.fromkeys(container or []))
    _check_ids(run, given)
    names.check_beside_ids(run, given, reads_on_dry_run=False)
    run.require(not (run.options.dry_run and show_names), "--dry-run sends nothing, so it cannot look names up")

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            planned = [request for c in given for request in status_requests(settings, c, None)]
            if schedules:
                planned += [_schedule_query(settings, c) for c in given]
            run.dry_run(planned)
            return
        with make_client(settings, run.options) as client:
            online, offline = split_offline(
                run.output, runtimes_beside_ids(run, client, given, names, timeout), "it is not in the snapshot;"
            )
            if not online:
                run.fail(_all_offline("nothing to take a snapshot of"))
            ids = [r.id for r in online]
            document = client.snapshot(container_ids=ids, timeout=timeout, names=show_names, schedules=schedules)
        if output is not None:
            try:
                document.dump(output)
            except OSError as exc:
                run.fail(usage(f"cannot write {output}: {exc}"))
            count = sum(len(r.listeners) for r in document.runtimes)
            scheduled = f" and {len(list(document.schedules()))} schedule(s)" if document.covers_schedules else ""
            run.output.note(f"Snapshot of {count} listener(s){scheduled} on {len(ids)} runtime(s) written to {output}.")
        if run.output.json_mode:
            # The state document itself (it carries its own `version`), not the CLI's result envelope,
            # so `snapshot --json > state.json` feeds `apply` and `window --recover` as it is.
            sys.stdout.write(document.dumps("json"))
        elif output is None:
            sys.stdout.write(document.dumps("yaml"))
        else:
            _document_table(run.output, document)
        if offline:
            raise typer.Exit(int(ExitCode.PARTIAL))

    run.execute(body, container_id=given[0] if len(given) == 1 and not names.given else None)


def _all_offline(what: str) -> Problem:
    return Problem(
        ExitCode.API_ERROR,
        "RuntimeOffline",
        f"every runtime named is offline: {what}. Bring one back online, or name others.",
    )


def _schedule_query(settings: Settings, container_id: str) -> PlannedRequest:
    """The ProcessScheduleStatus query of one runtime, as ``--dry-run`` shows it."""
    from boomi_listeners import _schedules

    query = _schedules.runtime_query(container_id)["json"]
    note = f"every schedule on runtime {container_id}; /ProcessScheduleStatus/queryMore while there are more pages"
    return planned_post(settings, _schedules.QUERY_PATH, query, note)


def _document_table(output: Output, document: StateDocument) -> None:
    table = Table(title=f"Snapshot taken {document.taken_at or '-'}", title_justify="left")
    named = document.names()
    if named:
        table.add_column("Name")
    for column in ("Runtime", "Listener", "Status", "Connector type"):
        table.add_column(column, no_wrap=True)
    for container_id, item in document.listeners():
        row: list[str | Text] = [_with_name(container_id, named.get((container_id, None))), item.listener_id,
                                 output.status_text(item.status), item.connector_type or "-"]  # fmt: skip
        table.add_row(*([item.name or "-"] if named else []), *row)
    output.out.print(table)
    if not document.covers_schedules:
        return
    found = list(document.schedules())
    table = Table(title=f"{len(found)} process schedule(s)", title_justify="left")
    with_names = any(item.name for _, item in found)
    if with_names:
        table.add_column("Name")
    # The process and the runtime say which schedule it is (Boomi derives the schedule's ID from the two).
    for column in ("Runtime", "Process", "Schedules"):
        table.add_column(column, no_wrap=True)
    for container_id, schedule in found:
        row = [_with_name(container_id, named.get((container_id, None))), schedule.process_id,
               _enabled_text(schedule.enabled)]  # fmt: skip
        table.add_row(*([schedule.name or "-"] if with_names else []), *row)
    output.out.print(table)


def _enabled_word(enabled: bool | None) -> str:
    return "-" if enabled is None else ("enabled" if enabled else "disabled")


def _enabled_text(enabled: bool | None) -> Text:
    """``enabled`` / ``disabled`` styled as ``listening`` / ``paused`` are (``-`` when not known)."""
    style = "" if enabled is None else ("green" if enabled else "yellow")
    return Text(_enabled_word(enabled), style=style)


def _with_name(object_id: str, name: str | None) -> str:
    return f"{name} ({object_id})" if name else object_id


# -- apply ------------------------------------------------------------------------------------


def _load(run: Run, file: str) -> StateDocument:
    """The document from FILE (``-``: stdin), or a usage error naming the bad field."""
    from boomi_listeners._documents import StateDocument

    try:
        if file == "-":
            return StateDocument.loads(sys.stdin.read(), source="stdin")
        return StateDocument.load(file)
    except InvalidRequestError as exc:
        run.fail(usage(str(exc)))


def apply(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="A listener state document (YAML or JSON; - for stdin).")],
    plan: Annotated[
        bool, typer.Option("--plan", help="Read the status and print what would change; send no change.")
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="Confirm each change by polling the status (default).")
    ] = True,
    timeout: Timeout = 60.0,
    fewest_requests: FewestRequests = False,
    json: Json = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the status queries that would be sent; send nothing.")
    ] = False,
    verbose: Verbose = False,
) -> None:
    """Bring runtimes to a listener state document's statuses, changing only the listeners it names.

    One request per listener that moves (--fewest-requests: one pause_all/resume_all per runtime where
    every reported listener moves alike); errored listeners are reported, not touched. A document with
    schedules (version 2, `snapshot --schedules`) also brings back each process schedule it names: one
    update per schedule whose enabled value differs. Exit 0 when every listener and schedule matches the
    document at the end, 4 when some do not. With --plan: 0 when nothing needs to change or the plan can
    be carried out, 4 when a runtime could not be read or a listener or schedule is missing, errored or
    cannot be brought to the document's status (1 when no runtime could be read).
    """
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose)
    document = _load(run, file)
    named = document.names()
    covered = [r.container_id for r in document.runtimes if r.schedules is not None]

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            until = "the plan is known; then the change requests it calls for are sent"
            queries = [r for c in document.container_ids for r in status_requests(settings, c, None, until)]
            run.dry_run(queries + [_schedule_query(settings, c) for c in covered])
            return
        with make_client(settings, run.options) as client:
            if plan:
                planned = client.plan(document, timeout=timeout, fewest_requests=fewest_requests)
                _render_plan(run.output, planned, named)
                run.finish({"plan": _plan_json(planned, named, schedules=True)}, _plan_code(planned, where))
                return
            result = client.apply(document, wait=wait, timeout=timeout, fewest_requests=fewest_requests)
        code = _apply_code(result, where)
        _render_apply(run.output, result, named)
        run.finish(
            {
                "plan": _plan_json(result.plan, named, schedules=True),
                "results": [_outcome_json(o, where, named) for o in result.outcomes],
                "schedule_results": [_schedule_outcome_json(o, where) for o in result.schedule_outcomes],
            },
            code,
        )

    run.execute(body, after_change=not plan)


def _apply_code(result: ApplyResult, where: Where) -> ExitCode:
    """0 when everything matches; one error's own code when every listener and schedule failed alike; else 4."""
    failed = result.failed
    if not failed:
        return ExitCode.OK
    errors = [o.error for o in failed if o.error is not None]
    if len(errors) == len(result.outcomes) + len(result.schedule_outcomes):
        codes = {explain(e, where).exit_code for e in errors}
        if len(codes) == 1:
            return codes.pop()
    return ExitCode.PARTIAL


_PLAN_PROBLEMS = ("errored", "skipped", "missing", "unreadable")


def _plan_code(plan: Plan, where: Where) -> ExitCode:
    """Non-zero when the plan cannot bring every listener and schedule to the document: never "nothing to change"
    then."""
    items: list[Any] = [*plan.listeners, *plan.schedules]
    problems = [item for item in items if item.verdict in _PLAN_PROBLEMS]
    if not problems:
        return ExitCode.OK
    if all(item.verdict == "unreadable" for item in items):
        codes = {explain(item.error, where).exit_code for item in problems if item.error is not None}
        if len(codes) == 1:
            return codes.pop()
    return ExitCode.PARTIAL


Named = Mapping[tuple[str, str | None], str]
_NO_NAMES: Named = {}


def _plan_json(plan: Plan, named: Named = _NO_NAMES, *, schedules: bool = False) -> dict[str, Any]:
    """The plan as JSON; each listener with its ``name`` (null unless the document carries it).

    With ``schedules`` (``apply``) also ``schedule_requests`` and one entry per schedule of the document.
    """
    doc: dict[str, Any] = {
        "requests": plan.requests,
        "changes": [
            {"action": c.action.value, "container_id": c.container_id, "listener_id": c.listener_id,
             "listeners": list(c.listeners)}
            for c in plan.changes
        ],
        "listeners": [
            {"container_id": item.container_id, "listener_id": item.listener_id,
             "name": named.get((item.container_id, item.listener_id)), "current": item.current,
             "wanted": item.wanted, "verdict": item.verdict,
             "error": str(item.error) if item.error is not None and item.verdict == "unreadable" else None}
            for item in plan.listeners
        ],
    }  # fmt: skip
    if schedules:
        doc["schedule_requests"] = plan.schedule_requests
        doc["schedules"] = [_schedule_plan_json(item) for item in plan.schedules]
    return doc


def _schedule_plan_json(item: SchedulePlan) -> dict[str, Any]:
    return {
        "container_id": item.container_id,
        "schedule_id": item.schedule_id,
        "process_id": item.process_id,
        "name": item.name,
        "current": item.current,
        "wanted": item.wanted,
        "verdict": item.verdict,
        "error": str(item.error) if item.error is not None and item.verdict == "unreadable" else None,
    }


def _outcome_json(outcome: ListenerOutcome, where: Where, named: Named = _NO_NAMES) -> dict[str, Any]:
    return {
        "container_id": outcome.container_id,
        "listener_id": outcome.listener_id,
        "name": named.get((outcome.container_id, outcome.listener_id)),
        "ok": outcome.ok,
        "result": outcome.result,
        "before": outcome.before,
        "wanted": outcome.wanted,
        "after": outcome.after,
        "action": outcome.action.value if outcome.action is not None else None,
        "error": explain(outcome.error, where).as_json() if outcome.error is not None else None,
    }


def _schedule_outcome_json(outcome: ScheduleOutcome, where: Where) -> dict[str, Any]:
    return {
        "container_id": outcome.container_id,
        "schedule_id": outcome.schedule_id,
        "process_id": outcome.process_id,
        "name": outcome.name,
        "ok": outcome.ok,
        "result": outcome.result,
        "before": outcome.before,
        "wanted": outcome.wanted,
        "after": outcome.after,
        "error": explain(outcome.error, where).as_json() if outcome.error is not None else None,
    }


def _listener_label(named: Named, container_id: str, listener_id: str) -> str:
    """``listener L on runtime R``, each with its name when the document carries one."""
    listener = _with_name(listener_id, named.get((container_id, listener_id)))
    return f"listener {listener} on runtime {_with_name(container_id, named.get((container_id, None)))}"


def _schedule_label(named: Named, item: SchedulePlan | ScheduleOutcome) -> str:
    """``schedules of process P on runtime R``, each with its name when the document carries one."""
    process = _with_name(item.process_id, item.name)
    runtime = _with_name(item.container_id, named.get((item.container_id, None)))
    return f"schedules of process {process} on runtime {runtime}"


def _change_names(named: Named, change: PlannedChange) -> str:
    """`` (name, name)``: the names of the listeners a change moves, when the document carries them."""
    found = [name for lid in change.listeners if (name := named.get((change.container_id, lid)))]
    return f" ({', '.join(found)})" if found else ""


def _render_plan(output: Output, plan: Plan, named: Named = _NO_NAMES) -> None:
    problems = [item for item in plan.listeners if item.verdict in _PLAN_PROBLEMS]
    schedule_problems = [item for item in plan.schedules if item.verdict in _PLAN_PROBLEMS]
    unreadable = {item.container_id: item.error for item in problems if item.verdict == "unreadable"}
    for container_id, error in unreadable.items():
        output.problem(
            Problem(ExitCode.PARTIAL, "RuntimeUnreadable", f"runtime {container_id} could not be read: {error}")
        )
    unscheduled = {item.container_id: item.error for item in schedule_problems if item.verdict == "unreadable"}
    for container_id, error in unscheduled.items():
        output.problem(
            Problem(
                ExitCode.PARTIAL,
                "RuntimeUnreadable",
                f"the process schedules of runtime {container_id} could not be read: {error}",
            )
        )
    if output.json_mode:
        return
    updates = [item for item in plan.schedules if item.verdict == "change"]
    if not plan.changes and not updates and not problems and not schedule_problems:
        what = "every listener and schedule" if plan.schedules else "every listener"
        output.say(f"Nothing to change: {what} already matches the document.")
    elif not plan.changes and not updates:
        output.say("No change request can help: see below; nothing was sent.")
    else:
        scheduled = f" and {plan.schedule_requests} schedule update(s)" if updates else ""
        output.say(f"Plan: {plan.requests} change request(s){scheduled}; nothing was sent.")
        for change in plan.changes:
            moved = f" ({len(change.listeners)} listeners)" if change.listener_id is None else ""
            output.say(f"  {change.describe()}{moved}{_change_names(named, change)}")
        for update in updates:
            verb = "enable" if update.wanted else "disable"
            output.say(f"  {verb} {_schedule_label(named, update)}")
    reasons = {
        "errored": "errored: reported, not touched",
        "skipped": "the document says errored, which no request brings about",
        "missing": "not reported by the runtime",
        "unreadable": "the runtime could not be read",
    }
    for item in problems:
        output.say(f"  {item.verdict}: {_listener_label(named, item.container_id, item.listener_id)} "
                   f"({reasons[item.verdict]})")  # fmt: skip
    for schedule in schedule_problems:
        output.say(f"  {schedule.verdict}: {_schedule_label(named, schedule)} ({reasons[schedule.verdict]})")


def _render_apply(output: Output, result: ApplyResult, named: Named = _NO_NAMES) -> None:
    failed = [o for o in result.outcomes if not o.ok]
    failed_schedules = [o for o in result.schedule_outcomes if not o.ok]
    if failed:
        names = ", ".join(o.listener_id for o in failed)
        output.problem(
            Problem(ExitCode.PARTIAL, "StateMismatch", f"{len(failed)} listener(s) do not match the document: {names}")
        )
    if failed_schedules:
        names = ", ".join(
            f"{_with_name(o.process_id, o.name)} on {o.container_id} ({o.result})" for o in failed_schedules
        )
        output.problem(
            Problem(
                ExitCode.PARTIAL,
                "StateMismatch",
                f"{len(failed_schedules)} schedule(s) do not match the document: {names}",
            )
        )
    if output.json_mode:
        return
    if output.plain_mode:  # one line per outcome: kind, runtime, ID, before, wanted, after, result
        for o in result.outcomes:
            output.line("listener", o.container_id, o.listener_id, o.before, o.wanted, o.after, _result_text(o))
        for s in result.schedule_outcomes:
            output.line("schedule", s.container_id, s.schedule_id, _enabled_word(s.before), _enabled_word(s.wanted),
                        _enabled_word(s.after), _result_text(s))  # fmt: skip
        return
    table = Table(title=f"{result.plan.requests} change request(s)", title_justify="left")
    if named:
        table.add_column("Name")
    for column in ("Runtime", "Listener", "Before", "Wanted", "After", "Result"):
        table.add_column(column, no_wrap=True)
    for o in result.outcomes:
        style = "green" if o.ok else "bold red"
        table.add_row(
            *([named.get((o.container_id, o.listener_id)) or "-"] if named else []),
            _with_name(o.container_id, named.get((o.container_id, None))),
            o.listener_id,
            output.status_text(o.before),
            output.status_text(o.wanted),
            output.status_text(o.after),
            Text(_result_text(o), style=style),
        )
    output.out.print(table)
    if result.plan.schedules:
        _schedule_table(output, result, named)


def _result_text(outcome: ListenerOutcome | ScheduleOutcome) -> str:
    return outcome.result + (f" ({outcome.error})" if outcome.error is not None else "")


def _schedule_table(output: Output, result: ApplyResult, named: Named) -> None:
    table = Table(title=f"{result.plan.schedule_requests} schedule update(s)", title_justify="left")
    with_names = any(o.name for o in result.schedule_outcomes)
    if with_names:
        table.add_column("Name")
    for column in ("Runtime", "Process", "Before", "Wanted", "After", "Result"):
        table.add_column(column, no_wrap=True)
    for o in result.schedule_outcomes:
        table.add_row(
            *([o.name or "-"] if with_names else []),
            _with_name(o.container_id, named.get((o.container_id, None))),
            o.process_id,
            _enabled_text(o.before),
            _enabled_text(o.wanted),
            _enabled_text(o.after),
            Text(_result_text(o), style="green" if o.ok else "bold red"),
        )
    output.out.print(table)


# -- window -----------------------------------------------------------------------------------


class _Interrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP before the command runs: unwind through the window so that it restores."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def resolve_command(command: Sequence[str]) -> tuple[str | None, int]:
    """The program CMD runs (a path), or None and 127 (not found) / 126 (not executable)."""
    name = command[0]
    if os.sep in name or (os.altsep and os.altsep in name):
        if not os.path.exists(name):
            return None, NOT_FOUND
        if os.path.isdir(name) or not os.access(name, os.X_OK):
            return None, CANNOT_RUN
        return name, 0
    found = shutil.which(name)
    if found is not None:
        return found, 0
    # On PATH but not executable: say so (126), as a shell would, rather than "not found".
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        if os.path.isfile(candidate):
            return None, CANNOT_RUN
    return None, NOT_FOUND


@dataclass
class _Signals:
    """Where SIGINT/SIGTERM/SIGHUP go: an unwind (preparing), the command (running), later (restoring).

    The command runs in its own process group, so a key the terminal turns into a signal reaches
    it once: when stdin is a terminal the command's group gets the terminal (it receives Ctrl-C
    itself, and this process does not), otherwise this process forwards each signal it receives.
    A signal during any restore (the SDK marks it) is kept until the restore ends.
    """

    phase: str = "preparing"
    child: subprocess.Popen[bytes] | None = None
    pending: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)

    def handle(self, signum: int, frame: FrameType | None) -> None:
        from boomi_listeners import _window  # already loaded: by the window, or by installed()

        if self.phase == "restoring" or _window.restoring_now():
            self.deferred.append(signum)  # acted on once the restore ends
            return
        if self.phase == "preparing":
            self.phase = "restoring"  # a second signal must not interrupt the restore it starts
            raise _Interrupted(signum)
        if self.phase == "running":
            if self.child is None:
                self.pending.append(signum)
            elif self.child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.child.pid, signum)

    def start(self, program: str, command: Sequence[str], *, stdout_to_stderr: bool) -> int:
        """Run the command with inherited stdio (stdout to stderr in --json mode); its exit code."""
        self.phase = "running"
        terminal = _foreground_terminal()
        try:
            # The program found before the window opened; argv[0] stays as typed (busybox-style tools read it).
            self.child = subprocess.Popen(
                list(command),
                executable=program,
                stdout=sys.stderr if stdout_to_stderr else None,
                process_group=0,
            )
        except FileNotFoundError:
            return NOT_FOUND
        except OSError:
            return CANNOT_RUN
        if terminal is not None:
            _give_terminal(terminal, self.child.pid)
        try:
            for signum in self.pending:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.child.pid, signum)
            code = self._wait(terminal)
        finally:
            if terminal is not None:
                _give_terminal(terminal, os.getpgrp())
        return 128 - code if code < 0 else code

    def _wait(self, terminal: int | None) -> int:
        """The command's exit status; on a terminal, Ctrl-Z stops the whole job as a shell expects."""
        assert self.child is not None
        pid = self.child.pid
        while True:
            try:
                _, status = os.waitpid(pid, os.WUNTRACED)
            except ChildProcessError:  # reaped meanwhile (a signal handler polled it)
                return self.child.wait()
            if not os.WIFSTOPPED(status):
                self.child.returncode = os.waitstatus_to_exitcode(status)
                return self.child.returncode
            if terminal is None:
                continue  # stopped by someone else's signal: it is theirs to continue
            # The command stopped (Ctrl-Z): stop too, so that the shell sees the job stop; once
            # continued (fg), give the terminal back to the command and continue it.
            _give_terminal(terminal, os.getpgrp())
            os.kill(os.getpid(), signal.SIGSTOP)
            _give_terminal(terminal, pid)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGCONT)

    @contextmanager
    def installed(self) -> Iterator[None]:
        from boomi_listeners import _window  # noqa: F401  # loaded now, so that handle() never imports

        previous = {s: signal.signal(s, self.handle) for s in _SIGNALS}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def _foreground_terminal() -> int | None:
    """stdin's terminal when this process's group is in its foreground, else None."""
    try:
        if os.isatty(0) and os.tcgetpgrp(0) == os.getpgrp():
            return 0
    except OSError:
        pass
    return None


def _give_terminal(fd: int, pgrp: int) -> None:
    """Make ``pgrp`` the terminal's foreground group (SIGTTOU ignored: we may be in the background then)."""
    previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        with contextlib.suppress(OSError):
            os.tcsetpgrp(fd, pgrp)
    finally:
        signal.signal(signal.SIGTTOU, previous)


def window(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None, typer.Argument(metavar="-- CMD [ARGS...]", help="The command to run while paused.")
    ] = None,
    container: Annotated[
        list[str] | None,
        typer.Option("--container", "-c", metavar="ID", help="Runtime ID; repeat for several runtimes."),
    ] = None,
    listener: Annotated[
        list[str] | None,
        typer.Option("--listener", "-l", metavar="ID", help="Only these listeners (repeatable); default: all."),
    ] = None,
    runtime: RuntimeNames = None,
    environment: EnvironmentNames = None,
    process: ProcessNames = None,
    show_names: Annotated[
        bool, typer.Option("--names", help="Keep each runtime's and listener's name in the journal (two lookups).")
    ] = False,
    journal: Annotated[
        Path | None,
        typer.Option(
            "--journal",
            metavar="FILE",
            help=f"Where the snapshot is kept until the restore (default: {DEFAULT_JOURNAL}).",
        ),
    ] = None,
    recover: Annotated[
        Path | None,
        typer.Option("--recover", metavar="JOURNAL", help="Restore from the journal of a window that was killed."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="With --recover: recover even though the journal's window process still runs here."
        ),
    ] = False,
    timeout: Timeout = 60.0,
    fewest_requests: FewestRequests = False,
    schedules: Annotated[
        bool,
        typer.Option(
            "--schedules",
            help="Also switch off the runtimes' enabled process schedules after the pause, and switch exactly "
            "those back on afterwards (schedules already off stay off); kept in the journal.",
        ),
    ] = False,
    drain: Annotated[
        bool,
        typer.Option("--drain", help="After pausing, wait until no execution runs on the runtimes before running CMD."),
    ] = False,
    drain_timeout: Annotated[
        float,
        typer.Option(
            "--drain-timeout",
            metavar="S",
            callback=_positive_seconds,
            help="With --drain: seconds to wait at most; then restore and exit 121 without running CMD "
            "(or go on: --on-drain-timeout run).",
        ),
    ] = 300.0,
    on_drain_timeout: Annotated[
        str,
        typer.Option(
            "--on-drain-timeout",
            metavar="restore|run",
            help="What to do when --drain-timeout runs out: restore and exit 121 (default), or run CMD anyway.",
        ),
    ] = "restore",
    cancel_after: Annotated[
        float | None,
        typer.Option(
            "--cancel-after",
            metavar="S",
            callback=lambda value: None if value is None else _positive_seconds(value),
            help="With --drain: CANCEL executions still running after S seconds (cancelExecution; off by default), "
            "then keep waiting until --drain-timeout.",
        ),
    ] = None,
    no_health_check: Annotated[
        bool,
        typer.Option(
            "--no-health-check",
            help="Do not read each runtime's health (Atom) first; by default an offline runtime or a cluster "
            "problem stops the window before any change (exit 123).",
        ),
    ] = False,
    json: Json = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read the status and show what would be paused; change nothing.")
    ] = False,
    verbose: Verbose = False,
) -> None:
    """Pause what is listening, run CMD, then resume what the window paused.

    `boomi-listeners window --container "$RUNTIME" -- ./deploy.sh`: finds CMD (exit 127/126 if it cannot
    be run, before anything is read), takes a snapshot, writes it to the journal, pauses the listeners
    that are listening (one request each; see --fewest-requests), runs CMD once the pause is confirmed
    (stdio inherited, in its own process group; SIGINT/SIGTERM/SIGHUP forwarded to it once), and when CMD
    ends, however it ends, resumes each listener the window paused that is still paused. Listeners paused
    or errored before the window, and any that someone else changed during it, are left as they are
    (the latter reported). A signal during the restore waits for it to end. A second window on a runtime
    that a live window on this host holds is refused. If this process is killed,
    `boomi-listeners window --recover JOURNAL` finishes the restore. Runtimes and listeners may be given
    by name (--runtime, --environment, --process); a named runtime that is offline is reported and left
    out (when all are, CMD is not run: exit 123). A runtime given by ID that is offline or has a cluster
    problem stops the window before any change (exit 123). `--schedules` also switches off the enabled
    process schedules and `--drain` waits for running executions to end before CMD (see docs/quiescing.md).
    """
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose)
    names = Names.of(runtime, environment, process)
    if recover is not None:
        run.require(
            not container and not listener and not command and not names.given and not show_names,
            "--recover takes only the journal",
        )
        _recover(run, recover, timeout, force=force)
        return
    run.require(not force, "--force goes with --recover JOURNAL")
    run.require(on_drain_timeout in ("restore", "run"), "--on-drain-timeout takes restore or run")
    run.require(drain or cancel_after is None, "--cancel-after goes with --drain")
    run.require(
        cancel_after is None or cancel_after < drain_timeout, "--cancel-after must be shorter than --drain-timeout"
    )
    quiet = _Quiet(schedules, drain, drain_timeout, cancel_after, on_drain_timeout, not no_health_check)
    containers = list(dict.fromkeys(container or []))
    listeners = list(dict.fromkeys(listener or [])) or None
    run.require(
        bool(containers) or names.names_runtimes,
        "say which runtimes: --container ID or --runtime/--environment NAME (repeatable), or --recover JOURNAL",
    )
    _check_ids(run, containers, listeners or ())
    names.check_beside_ids(run, containers, reads_on_dry_run=True)
    run.require(bool(command) or run.options.dry_run, "say what to run in the window: -- CMD [ARGS...]")
    program: str | None = None
    if command:
        program, refused = resolve_command(command)
        if program is None:
            what = "command not found" if refused == NOT_FOUND else "command cannot be run (not executable)"
            run.output.problem(usage(f"{what}: {command[0]}; nothing was read or paused"))
            if run.output.json_mode:
                run.output.document(
                    {"ok": False, "exit_code": refused, "error": usage(f"{what}: {command[0]}").as_json()}
                )
            raise typer.Exit(refused)
    path = journal or Path(DEFAULT_JOURNAL)

    if cancel_after is not None and not run.options.dry_run:
        run.output.note(
            f"--cancel-after {cancel_after:g}: executions still running after {cancel_after:g}s of draining will "
            "be CANCELLED."
        )
        show_cancellations()

    def body(settings: Settings, where: Where) -> None:
        nonlocal containers, listeners
        offline: list[dict[str, Any]] = []
        with make_client(settings, run.options) as client:
            if names.given:
                online, offline = split_offline(
                    run.output,
                    runtimes_beside_ids(run, client, containers, names, timeout),
                    "the window leaves it out;",
                )
                if listeners is not None or names.processes:
                    listeners = resolve_listeners(run, client, names, listeners or [], timeout)
                if not online:
                    problem = _all_offline("there is nothing to pause")
                    if run.options.dry_run:
                        run.fail(problem)
                    _window_failed(
                        run,
                        problem,
                        NOT_RUN,
                        note="CMD was not run; no listener status was read and nothing was paused.",
                    )
                containers = [r.id for r in online]
            if run.options.dry_run:
                from boomi_listeners import _window

                if quiet.check_health:
                    unfit = _window.unhealthy_error(
                        [client.runtime_health(container_id=c, timeout=timeout) for c in containers]
                    )
                    if unfit is not None:
                        _window_failed(run, explain(unfit, where), NOT_RUN, note="The window would not start.")
                full = client.snapshot(
                    container_ids=containers, timeout=timeout, names=show_names, schedules=quiet.schedules
                )
                dry = _window.Window(full, {}, None, wait=True, fewest_requests=fewest_requests, listener_ids=listeners)
                dry.open(full)
                planned = dry.pause_plan()
                _render_window_plan(run.output, planned, command or [], full.names(), dry.schedule_disables())
                run.finish(
                    {"dry_run": True, "plan": _plan_json(planned, full.names()), "argv": command or [],
                     "offline": offline, "schedules_off": [_schedule_json(s) for s in dry.schedule_disables()]}
                )  # fmt: skip
                return
            assert program is not None
            assert command is not None
            code, paused, switched_off = _run_window(
                run, client, containers, listeners, path, timeout, program, command, fewest_requests, where,
                show_names, quiet,
            )  # fmt: skip
        left = _left_alone(path)
        for container_id, listener_id, status in left:
            run.output.note(
                f"Left as found: listener {listener_id} on runtime {container_id} was changed by someone else "
                f"during the window (now {status})."
            )
        run.output.note(f"Restore confirmed; journal {path} marked restored.")
        exit_code = code
        if code in _WINDOW_CODES:
            run.output.note(f"{command[0]} exited with {code}; reported as {CMD_RESERVED} (see --help).")
            exit_code = CMD_RESERVED
        if run.output.json_mode:
            run.output.document(
                {
                    "ok": exit_code == 0,
                    "exit_code": exit_code,
                    "command_exit_code": code,
                    "journal": str(path),
                    "paused": paused,
                    "schedules_off": switched_off,
                    "offline": offline,
                    "restored": True,
                    "left_alone": [{"container_id": c, "listener_id": i, "status": st} for c, i, st in left],
                }
            )
        if exit_code != 0:
            raise typer.Exit(exit_code)

    one = containers[0] if len(containers) == 1 and not names.names_runtimes else None
    run.execute(body, container_id=one, after_change=True)


def _left_alone(journal: Path) -> list[tuple[str, str, str]]:
    from boomi_listeners._documents import StateDocument

    try:
        record = StateDocument.load(journal).window
    except InvalidRequestError:
        return []
    return list(record.left_alone) if record is not None else []


@dataclass(frozen=True)
class _Quiet:
    """How far the window quiets its runtimes: schedules, drain, and the health check first."""

    schedules: bool = False
    drain: bool = False
    drain_timeout: float = 300.0
    cancel_after: float | None = None
    on_drain_timeout: str = "restore"
    check_health: bool = True

    def options(self) -> dict[str, Any]:
        """The SDK window's keyword arguments."""
        return {
            "schedules": self.schedules,
            "drain": self.drain,
            "drain_timeout": self.drain_timeout,
            "cancel_after": self.cancel_after,
            "on_drain_timeout": "proceed" if self.on_drain_timeout == "run" else "restore",
            "check_health": self.check_health,
        }


class _DrainReport:
    """Says on stderr what the drain still waits for, each time that changes (not every poll round)."""

    def __init__(self, output: Output) -> None:
        self.output = output
        self.last: frozenset[str] | None = None

    def __call__(self, running: Mapping[str, tuple[Execution, ...]]) -> None:
        found = [e for executions in running.values() for e in executions]
        now = frozenset(e.execution_id for e in found)
        if now == self.last:
            return
        self.last = now
        if not found:
            self.output.note("Drained: no execution runs on the runtime(s) any more.")
            return
        listed = "; ".join(e.describe() for e in found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        self.output.note(f"Waiting for {len(found)} running execution(s) to end: {listed}")


def show_cancellations() -> None:
    """Print each cancellation on stderr as it happens, -v or not: cancelling someone's run must be seen."""
    log = logging.getLogger("boomi_listeners.cancellations")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("WARNING: %(message)s"))
        log.addHandler(handler)
        log.propagate = False  # printed here once, also under -v


def _schedule_json(status: Any) -> dict[str, Any]:
    return {"container_id": status.container_id, "schedule_id": status.schedule_id, "process_id": status.process_id}


def _run_window(
    run: Run,
    client: ListenerClient,
    containers: list[str],
    listeners: list[str] | None,
    path: Path,
    timeout: float,
    program: str,
    command: list[str],
    fewest_requests: bool,
    where: Where,
    names: bool = False,
    quiet: _Quiet = _Quiet(),
) -> tuple[int, list[dict[str, str | None]], list[dict[str, Any]]]:
    """The window itself; the command's exit code, the listeners paused (with names when asked), the schedules off."""
    from boomi_listeners._window import JournalNotMarkedError

    signals = _Signals()
    paused: list[dict[str, str | None]] = []
    switched_off: list[dict[str, Any]] = []
    ran = False
    try:
        with (
            signals.installed(),
            client.window(
                container_ids=containers,
                listener_ids=listeners,
                journal=path,
                timeout=timeout,
                fewest_requests=fewest_requests,
                names=names,
                drain_progress=_DrainReport(run.output),
                **quiet.options(),
            ) as snap,
        ):
            paused = [{"container_id": c, "listener_id": i.listener_id, **({"name": i.name} if names else {})}
                      for c, i in snap.listeners() if i.status == "listening"]  # fmt: skip
            switched_off = [
                {"container_id": c, "schedule_id": s.schedule_id, "process_id": s.process_id,
                 **({"name": s.name} if names else {})}
                for c, s in snap.schedules() if s.enabled
            ]  # fmt: skip
            off = f" and switched off {len(switched_off)} schedule(s)" if quiet.schedules else ""
            run.output.note(
                f"Paused {len(paused)} listener(s){off} on {len(containers)} runtime(s); journal {path} "
                f"(if this process is killed: boomi-listeners window --recover {path}). Running: {' '.join(command)}"
            )
            ran = True
            code = signals.start(program, command, stdout_to_stderr=run.output.json_mode)
            signals.phase = "restoring"
            run.output.note(f"{command[0]} exited with {code}; restoring listener statuses.")
    except _Interrupted as stop:
        run.output.note("Interrupted before the command ran; listener statuses were restored.")
        raise typer.Exit(128 + stop.signum) from None
    except JournalNotMarkedError as exc:
        _window_failed(run, Problem(ExitCode.API_ERROR, "JournalNotMarked", str(exc), detail=str(exc)),
                       JOURNAL_NOT_MARKED)  # fmt: skip
    except ResumeFailedError as exc:
        _window_failed(run, explain(exc, where), RESTORE_FAILED)
    except DrainTimeoutError as exc:
        if ran:
            raise
        _window_failed(
            run, explain(exc, where), DRAIN_TIMEOUT, note="CMD was not run; listeners and schedules were restored."
        )
    except BoomiError as exc:
        if ran:
            raise
        # The window could not start or its pause failed: CMD did not run; whatever was paused is back.
        if isinstance(exc, InvalidRequestError):
            raise  # refused before any change (a lock held, an unknown listener): a usage error, exit 2
        problem = explain(exc, where)
        _window_failed(run, problem, NOT_RUN, note="CMD was not run; whatever was paused was restored.")
    finally:
        if signals.deferred:
            run.output.note(f"Signal {signals.deferred[0]} arrived during the restore; it was finished first.")
    return code, paused, switched_off


def _window_failed(run: Run, problem: Problem, code: int, *, note: str = "") -> None:
    run.output.problem(problem)
    if note:
        run.output.note(note)
    if run.output.json_mode:
        run.output.document({"ok": False, "exit_code": code, "error": problem.as_json()})
    raise typer.Exit(code)


def _render_window_plan(
    output: Output, plan: Plan, command: Sequence[str], named: Named = _NO_NAMES, schedules_off: Sequence[Any] = ()
) -> None:
    if output.json_mode:
        return
    output.say(f"Dry run: the window would send {plan.requests} pause request(s):")
    for change in plan.changes:
        output.say(f"  {change.describe()}{_change_names(named, change)}")
    for item in plan.listeners:
        if item.verdict != "change":
            output.say(
                f"  left as it is: {_listener_label(named, item.container_id, item.listener_id)} ({item.current})"
            )
    if schedules_off:
        output.say(f"and switch off {len(schedules_off)} schedule(s):")
        for status in schedules_off:
            output.say(f"  schedule {status.schedule_id} (process {status.process_id}) on {status.container_id}")
    shown = " ".join(command) or "CMD"
    output.say(f"then run {shown}, then put back what the window changed. Nothing was changed.")


def _recover(run: Run, journal: Path, timeout: float, *, force: bool) -> None:
    from boomi_listeners._documents import StateDocument
    from boomi_listeners._window import JournalNotMarkedError

    try:
        document = StateDocument.load(journal)
    except InvalidRequestError as exc:
        run.fail(usage(str(exc)))
    if document.window is not None and document.window.state == "restored":
        run.output.say(f"Journal {journal} was already restored; nothing to do.")
        run.finish({"journal": str(journal), "restored": True, "requests": 0})
        return

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            until = "the restore plan is known"
            run.dry_run([r for c in document.container_ids for r in status_requests(settings, c, None, until)])
            return
        signals = _Signals(phase="restoring")  # a recovery is a restore: signals wait for it
        try:
            with signals.installed(), make_client(settings, run.options) as client:
                result = client.recover(journal=journal, timeout=timeout, force=force)
        except JournalNotMarkedError as exc:
            _window_failed(run, Problem(ExitCode.API_ERROR, "JournalNotMarked", str(exc), detail=str(exc)),
                           JOURNAL_NOT_MARKED)  # fmt: skip
        restored = [o for o in result.outcomes if o.action is not None]
        run.output.say(
            f"Restored journal {journal}: {result.plan.requests} change request(s) for {len(restored)} listener(s)."
        )
        run.finish({"journal": str(journal), "restored": True, "requests": result.plan.requests})
        if signals.deferred:
            raise typer.Exit(128 + signals.deferred[0])

    run.execute(body, after_change=True)
