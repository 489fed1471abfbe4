"""snapshot / apply / window: listener state documents and maintenance windows on the command line.

Presentation only: the SDK's ``snapshot``, ``plan``, ``apply``, ``window`` and ``recover`` do the
work. What is particular to the command line lives here: running the command of a window with
inherited stdio, forwarding SIGINT/SIGTERM to it, and turning a signal that arrives before the
command runs into a restore instead of an exit.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from boomi_listeners import _window
from boomi_listeners._cli._dryrun import status_requests
from boomi_listeners._cli._output import Output
from boomi_listeners._cli._problems import EXIT_CODES_HELP, ExitCode, Problem, Where, explain, usage
from boomi_listeners._cli._run import Run
from boomi_listeners._cli._session import make_client
from boomi_listeners._client import ListenerClient
from boomi_listeners._config import Settings
from boomi_listeners._documents import StateDocument
from boomi_listeners._exceptions import InvalidRequestError
from boomi_listeners._plan import ApplyResult, ListenerOutcome, Plan

__all__ = ["DEFAULT_JOURNAL", "WINDOW_EPILOG", "register"]

DEFAULT_JOURNAL = "boomi-listeners-window.json"
CANNOT_RUN = 126
NOT_FOUND = 127

WINDOW_EPILOG = (
    "Exit codes: CMD's own exit code once the restore is confirmed (128+N if CMD was killed by signal N); "
    "125 the restore was not confirmed: listeners may be left paused, the journal is kept, run "
    "`boomi-listeners window --recover JOURNAL`; 126 CMD could not be run, 127 CMD was not found (restore "
    "confirmed); 1, 2 or 3 as for other commands when the window could not start or the pause failed (CMD "
    "was not run; whatever was paused was restored); 130/143 the window was interrupted before CMD ran "
    "(restore confirmed). --recover: 0 restored (or already restored), 125 not confirmed."
)

Containers = Annotated[
    list[str],
    typer.Option(
        "--container", "-c", metavar="ID", help="Runtime ID (Boomi's containerId); repeat for several runtimes."
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log each request (method, path, status) on stderr.")]
Timeout = Annotated[
    float, typer.Option("--timeout", min=0.0, metavar="S", help="Seconds to wait for each confirmation at most.")
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
    container: Containers,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the document here (.json: JSON, otherwise YAML)."),
    ] = None,
    json: Json = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the status queries; send nothing.")] = False,
    verbose: Verbose = False,
) -> None:
    """Write each listener's status on one or more runtimes as a listener state document (YAML or JSON).

    Without -o the document goes to stdout (YAML; JSON with --json). `apply` and `window` read it.
    """
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose)
    _check_ids(run, container)
    ids = list(dict.fromkeys(container))

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            run.dry_run([request for c in ids for request in status_requests(settings, c, None)])
            return
        with make_client(settings, run.options) as client:
            document = client.snapshot(container_ids=ids)
        if output is not None:
            try:
                document.dump(output)
            except OSError as exc:
                run.fail(usage(f"cannot write {output}: {exc}"))
            count = sum(len(r.listeners) for r in document.runtimes)
            run.output.note(f"Snapshot of {count} listener(s) on {len(ids)} runtime(s) written to {output}.")
        if run.output.json_mode:
            # The state document itself (it carries its own `version`), not the CLI's result envelope,
            # so `snapshot --json > state.json` feeds `apply` and `window --recover` as it is.
            sys.stdout.write(document.dumps("json"))
        elif output is None:
            sys.stdout.write(document.dumps("yaml"))
        else:
            _document_table(run.output, document)

    run.execute(body, container_id=ids[0] if len(ids) == 1 else None)


def _document_table(output: Output, document: StateDocument) -> None:
    table = Table(title=f"Snapshot taken {document.taken_at or '-'}", title_justify="left")
    for column in ("Runtime", "Listener", "Status", "Connector type"):
        table.add_column(column, no_wrap=True)
    for container_id, item in document.listeners():
        table.add_row(container_id, item.listener_id, output.status_text(item.status), item.connector_type or "-")
    output.out.print(table)


# -- apply ------------------------------------------------------------------------------------


def _load(run: Run, file: str) -> StateDocument:
    """The document from FILE (``-``: stdin), or a usage error naming the bad field."""
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
    json: Json = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the status queries that would be sent; send nothing.")
    ] = False,
    verbose: Verbose = False,
) -> None:
    """Bring runtimes to a listener state document's statuses with the fewest requests.

    One pause_all/resume_all per runtime where every listener moves the same way, one request per
    listener otherwise; errored listeners are reported, not touched. Exit 0 when every listener
    matches the document at the end, 4 when some do not.
    """
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose)
    document = _load(run, file)

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            until = "the plan is known; then the change requests it calls for are sent"
            run.dry_run([r for c in document.container_ids for r in status_requests(settings, c, None, until)])
            return
        with make_client(settings, run.options) as client:
            if plan:
                planned = client.plan(document)
                _render_plan(run.output, planned)
                run.finish({"plan": _plan_json(planned)})
                return
            result = client.apply(document, wait=wait, timeout=timeout)
        code = _apply_code(result, where)
        _render_apply(run.output, result)
        run.finish(
            {"plan": _plan_json(result.plan), "results": [_outcome_json(o, where) for o in result.outcomes]}, code
        )

    run.execute(body, after_change=not plan)


def _apply_code(result: ApplyResult, where: Where) -> ExitCode:
    failed = result.failed
    if not failed:
        return ExitCode.OK
    errors = [o.error for o in failed if o.error is not None]
    if len(errors) == len(result.outcomes):
        codes = {explain(e, where).exit_code for e in errors}
        if len(codes) == 1:
            return codes.pop()
    return ExitCode.PARTIAL


def _plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "requests": plan.requests,
        "changes": [
            {"action": c.action.value, "container_id": c.container_id, "listener_id": c.listener_id,
             "listeners": list(c.listeners)}
            for c in plan.changes
        ],
        "listeners": [
            {"container_id": item.container_id, "listener_id": item.listener_id, "current": item.current,
             "wanted": item.wanted, "verdict": item.verdict}
            for item in plan.listeners
        ],
    }  # fmt: skip


def _outcome_json(outcome: ListenerOutcome, where: Where) -> dict[str, Any]:
    return {
        "container_id": outcome.container_id,
        "listener_id": outcome.listener_id,
        "ok": outcome.ok,
        "result": outcome.result,
        "before": outcome.before,
        "wanted": outcome.wanted,
        "after": outcome.after,
        "action": outcome.action.value if outcome.action is not None else None,
        "error": explain(outcome.error, where).as_json() if outcome.error is not None else None,
    }


def _render_plan(output: Output, plan: Plan) -> None:
    if output.json_mode:
        return
    if not plan.changes:
        output.say("Nothing to change: every listener already matches the document.")
    else:
        output.say(f"Plan: {plan.requests} change request(s); nothing was sent.")
        for change in plan.changes:
            moved = f" ({len(change.listeners)} listeners)" if change.listener_id is None else ""
            output.say(f"  {change.describe()}{moved}")
    for item in plan.listeners:
        if item.verdict in ("errored", "skipped", "missing", "unreadable"):
            output.say(f"  {item.verdict}: listener {item.listener_id} on runtime {item.container_id}")


def _render_apply(output: Output, result: ApplyResult) -> None:
    failed = result.failed
    if failed:
        names = ", ".join(o.listener_id for o in failed)
        output.problem(
            Problem(ExitCode.PARTIAL, "StateMismatch", f"{len(failed)} listener(s) do not match the document: {names}")
        )
    if output.json_mode:
        return
    table = Table(title=f"{result.plan.requests} change request(s)", title_justify="left")
    for column in ("Runtime", "Listener", "Before", "Wanted", "After", "Result"):
        table.add_column(column, no_wrap=True)
    for o in result.outcomes:
        style = "green" if o.ok else "bold red"
        table.add_row(
            o.container_id,
            o.listener_id,
            output.status_text(o.before),
            output.status_text(o.wanted),
            output.status_text(o.after),
            Text(o.result + (f" ({o.error})" if o.error is not None else ""), style=style),
        )
    output.out.print(table)


# -- window -----------------------------------------------------------------------------------


class _Interrupted(BaseException):
    """SIGINT or SIGTERM before the command runs: unwind through the window so that it restores."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class _Signals:
    """Where SIGINT/SIGTERM go: an unwind (preparing), the command (running), nowhere (restoring)."""

    phase: str = "preparing"
    child: subprocess.Popen[bytes] | None = None
    pending: list[int] = field(default_factory=list)

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.phase == "preparing":
            self.phase = "restoring"  # a second signal must not interrupt the restore it starts
            raise _Interrupted(signum)
        if self.phase == "running":
            if self.child is None:
                self.pending.append(signum)
            elif self.child.poll() is None:
                self.child.send_signal(signum)
        # restoring: noted by being ignored; the restore finishes and the process exits

    def start(self, command: Sequence[str], *, stdout_to_stderr: bool) -> int:
        """Run the command with inherited stdio (stdout to stderr in --json mode); its exit code."""
        self.phase = "running"
        try:
            self.child = subprocess.Popen(list(command), stdout=sys.stderr if stdout_to_stderr else None)
        except FileNotFoundError:
            return NOT_FOUND
        except OSError:
            return CANNOT_RUN
        for signum in self.pending:
            self.child.send_signal(signum)
        code = self.child.wait()
        return 128 - code if code < 0 else code

    @contextmanager
    def installed(self) -> Iterator[None]:
        previous = {s: signal.signal(s, self.handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


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
    timeout: Timeout = 60.0,
    json: Json = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read the status and show what would be paused; change nothing.")
    ] = False,
    verbose: Verbose = False,
) -> None:
    """Pause what is listening, run CMD, then restore every listener's own prior status.

    `boomi-listeners window --container "$RUNTIME" -- ./deploy.sh`: takes a snapshot, writes it to the
    journal, pauses the listeners that are listening, runs CMD once the pause is confirmed (stdio
    inherited; SIGINT/SIGTERM forwarded to it), and restores the snapshot when CMD ends, however it
    ends. Listeners paused or errored before the window are left as they were. If this process is
    killed, `boomi-listeners window --recover JOURNAL` finishes the restore.
    """
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose)
    if recover is not None:
        run.require(not container and not listener and not command, "--recover takes only the journal")
        _recover(run, recover, timeout)
        return
    containers = list(dict.fromkeys(container or []))
    listeners = list(dict.fromkeys(listener or [])) or None
    run.require(bool(containers), "say which runtimes: --container ID (repeatable), or --recover JOURNAL")
    _check_ids(run, containers, listeners or ())
    run.require(bool(command) or run.options.dry_run, "say what to run in the window: -- CMD [ARGS...]")
    path = journal or Path(DEFAULT_JOURNAL)

    def body(settings: Settings, where: Where) -> None:
        with make_client(settings, run.options) as client:
            if run.options.dry_run:
                full = client.snapshot(container_ids=containers, timeout=timeout)
                planned = _window.Window.open(full, listeners, None, wait=True).pause_plan()
                _render_window_plan(run.output, planned, command or [])
                run.finish({"dry_run": True, "plan": _plan_json(planned), "command": command or []})
                return
            code, paused = _run_window(run, client, containers, listeners, path, timeout, command or [])
        run.output.note(f"Restore confirmed; journal {path} marked restored.")
        run.finish({"command_exit_code": code, "journal": str(path), "paused": paused, "restored": True})
        if code != 0:
            raise typer.Exit(code)

    run.execute(body, container_id=containers[0] if len(containers) == 1 else None, after_change=True)


def _run_window(
    run: Run,
    client: ListenerClient,
    containers: list[str],
    listeners: list[str] | None,
    path: Path,
    timeout: float,
    command: list[str],
) -> tuple[int, list[dict[str, str]]]:
    """The window itself; returns the command's exit code and the listeners paused."""
    signals = _Signals()
    paused: list[dict[str, str]] = []
    try:
        with (
            signals.installed(),
            client.window(container_ids=containers, listener_ids=listeners, journal=path, timeout=timeout) as snap,
        ):
            paused = [{"container_id": c, "listener_id": i.listener_id} for c, i in snap.listeners()
                      if i.status == "listening"]  # fmt: skip
            run.output.note(
                f"Paused {len(paused)} listener(s) on {len(containers)} runtime(s); journal {path} "
                f"(if this process is killed: boomi-listeners window --recover {path}). Running: {' '.join(command)}"
            )
            code = signals.start(command, stdout_to_stderr=run.output.json_mode)
            signals.phase = "restoring"
            run.output.note(f"{command[0]} exited with {code}; restoring listener statuses.")
    except _Interrupted as stop:
        run.output.note("Interrupted before the command ran; listener statuses were restored.")
        raise typer.Exit(128 + stop.signum) from None
    if code == NOT_FOUND:
        run.output.problem(usage(f"command not found: {command[0]}"))
    elif code == CANNOT_RUN:
        run.output.problem(usage(f"cannot run: {command[0]}"))
    return code, paused


def _render_window_plan(output: Output, plan: Plan, command: Sequence[str]) -> None:
    if output.json_mode:
        return
    output.say(f"Dry run: the window would send {plan.requests} pause request(s):")
    for change in plan.changes:
        output.say(f"  {change.describe()}")
    for item in plan.listeners:
        if item.verdict != "change":
            output.say(f"  left as it is: listener {item.listener_id} on runtime {item.container_id} ({item.current})")
    shown = " ".join(command) or "CMD"
    output.say(f"then run {shown}, then restore each listener's status from the snapshot. Nothing was changed.")


def _recover(run: Run, journal: Path, timeout: float) -> None:
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
        with make_client(settings, run.options) as client:
            result = client.recover(journal=journal, timeout=timeout)
        restored = [o for o in result.outcomes if o.action is not None]
        run.output.say(
            f"Restored journal {journal}: {result.plan.requests} change request(s) for {len(restored)} listener(s)."
        )
        run.finish({"journal": str(journal), "restored": True, "requests": result.plan.requests})

    run.execute(body, after_change=True)
