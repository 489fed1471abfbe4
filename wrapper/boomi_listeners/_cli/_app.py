"""The ``boomi-listeners`` command line: pause, resume, restart, status, wait and fake-server."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from boomi_listeners._actions import Action, ListenerStatusValue
from boomi_listeners._cli import _fake, _names, _windows
from boomi_listeners._cli._changes import apply_change, render
from boomi_listeners._cli._dryrun import change_requests, statuses_requests
from boomi_listeners._cli._output import state_json
from boomi_listeners._cli._problems import EXIT_CODES_HELP, ExitCode, Problem, Where, explain, usage
from boomi_listeners._cli._progress import spinner, stderr_is_terminal
from boomi_listeners._cli._run import Run
from boomi_listeners._cli._session import DEFAULT_RETRIES, Globals, make_client
from boomi_listeners._config import Settings
from boomi_listeners._exceptions import BoomiError
from boomi_listeners._version import __version__

if TYPE_CHECKING:
    from boomi_listeners._results import ListenerState

__all__ = ["app"]

PROG = "boomi-listeners"


def _hide_flag_types(params: Iterable[Any]) -> None:
    """Flags take no value, so their help shows no type (typer 0.29 prints ``<bool>`` next to each)."""
    for param in params:
        if getattr(param, "is_flag", False) and getattr(param, "metavar", "") is None:
            param.metavar = ""


class _Command(typer.core.TyperCommand):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _hide_flag_types(self.get_params(ctx))
        super().format_help(ctx, formatter)


class _Group(typer.core.TyperGroup):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _hide_flag_types(self.get_params(ctx))
        super().format_help(ctx, formatter)


app = typer.Typer(
    cls=_Group,
    name=PROG,
    help=(
        "Pause, resume and restart listeners on Boomi runtimes, and read their status.\n\n"
        "Settings come from the global options or BOOMI_ACCOUNT_ID, BOOMI_USERNAME, BOOMI_BASE_URL and "
        "BOOMI_REGION. The password or API token is never an option: set BOOMI_PASSWORD or BOOMI_API_TOKEN "
        "(and BOOMI_OTP_SECRET, or a one-off BOOMI_OTP, for two-factor accounts), or type it at the prompt (read "
        "from stdin when it is a pipe)."
    ),
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    # --install-completion / --show-completion for bash, zsh, fish and PowerShell (typer's own).
    add_completion=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# -- options ----------------------------------------------------------------------------------

Container = Annotated[
    list[str] | None,
    typer.Option(
        "--container",
        "-c",
        metavar="ID",
        help="Runtime, Runtime cluster or Runtime cloud ID (Boomi's containerId); repeat for several runtimes "
        "(or name them with --runtime / --environment).",
    ),
]


class OutputMode(enum.StrEnum):
    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"


OutputOption = Annotated[
    OutputMode | None,
    typer.Option(
        "--output",
        case_sensitive=False,
        metavar="table|plain|json",
        help="table (default), plain (one tab-separated line per listener or result: for grep, awk, cut) or "
        "json (one JSON document; also --json).",
    ),
]
Listeners = Annotated[
    list[str] | None,
    typer.Option("--listener", "-l", metavar="ID", help="Listener (process) ID; repeat for several listeners."),
]
AllListeners = Annotated[bool, typer.Option("--all", help="Every listener on the runtime.")]
Wait = Annotated[bool, typer.Option("--wait", help="Wait until the listener(s) reach the status the action leads to.")]
Timeout = Annotated[float, typer.Option("--timeout", min=0.0, metavar="S", help="Seconds to wait at most.")]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout (--output json).")]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Show the requests that would be sent (credentials masked); send nothing.")
]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log each request (method, path, status) on stderr.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Option("--account", envvar="BOOMI_ACCOUNT_ID", metavar="ID", help="Boomi account ID.")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", envvar="BOOMI_REGION", metavar="us|gb", help="Boomi platform region (default: us)."),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", envvar="BOOMI_BASE_URL", metavar="URL", help="Platform root URL; overrides --region."
        ),
    ] = None,
    username: Annotated[
        str | None, typer.Option("--username", envvar="BOOMI_USERNAME", metavar="USER", help="Boomi user name.")
    ] = None,
    retries: Annotated[
        int,
        typer.Option(
            "--retries",
            min=0,
            metavar="N",
            help="Retries of a request after a 503, 429, 504 or a lost connection (0: one attempt only).",
        ),
    ] = DEFAULT_RETRIES,
    output: OutputOption = None,
    json: Json = False,
    dry_run: DryRun = False,
    verbose: Verbose = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    mode = output.value if output is not None else None
    ctx.obj = Globals(account, region, base_url, username, retries, json, dry_run, verbose, mode)


# -- pause / resume / restart -----------------------------------------------------------------


def _runtimes(run: Run, containers: Sequence[str]) -> list[str]:
    """The runtimes named (each once, in order); at least one, none empty."""
    run.require(bool(containers), "say which runtime: --container ID (repeatable)")
    run.require(all(c.strip() for c in containers), "--container must not be empty")
    return list(dict.fromkeys(containers))


def _runtime_beside_names(run: Run, containers: Sequence[str] | None) -> str | None:
    """The one runtime ID given beside names (--runtime, --process...), or None."""
    run.require(len(containers or []) <= 1, "names work with at most one --container; repeat --runtime instead")
    return containers[0] if containers else None


def _check_timeout(run: Run, timeout: float) -> None:
    run.require(math.isfinite(timeout) and timeout > 0, "--timeout must be a finite number of seconds above 0")


def _change(
    ctx: typer.Context,
    action: Action,
    containers: list[str] | None,
    listeners: list[str] | None,
    every: bool,
    wait: bool,
    timeout: float,
    flags: tuple[bool, bool, bool, OutputMode | None],
    names: _names.Names = _names.NO_NAMES,
) -> None:
    run = Run(ctx, json=flags[0], dry_run=flags[1], verbose=flags[2], output=flags[3] and flags[3].value)
    ids = list(dict.fromkeys(listeners or []))
    if names.given:
        container = _runtime_beside_names(run, containers)
        _names.change_by_name(run, action, container, ids, names, every=every, wait=wait, timeout=timeout)
        return
    runtimes = _runtimes(run, containers or [])
    run.require(bool(ids) or every, f"say which listeners to {action.value}: --listener ID (repeatable) or --all")
    run.require(not (ids and every), "give either --listener or --all, not both")
    run.require(all(i.strip() for i in ids), "--listener must not be empty")
    _check_timeout(run, timeout)
    targets = None if every else ids

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            run.dry_run(change_requests(settings, action, runtimes, targets, wait=wait, timeout=timeout))
            return
        with make_client(settings, run.options) as client:
            report = apply_change(
                client,
                action,
                runtimes,
                targets,
                wait=wait,
                timeout=timeout,
                where=where,
                show_progress=stderr_is_terminal(),
            )
        render(report, run.output)
        if report.exit_code is not ExitCode.OK:
            raise typer.Exit(int(report.exit_code))

    run.execute(body, container_id=runtimes[0] if len(runtimes) == 1 else None, after_change=True)


def _change_command(action: Action, summary: str) -> None:
    """Register the command that sends ``action`` (pause, resume and restart take the same options)."""

    def command(
        ctx: typer.Context,
        container: Container = None,
        listener: Listeners = None,
        all_: AllListeners = False,
        wait: Wait = False,
        timeout: Timeout = 60.0,
        output: OutputOption = None,
        json: Json = False,
        dry_run: DryRun = False,
        verbose: Verbose = False,
        runtime: _names.RuntimeNames = None,
        environment: _names.EnvironmentNames = None,
        process: _names.ProcessNames = None,
    ) -> None:
        names = _names.Names.of(runtime, environment, process)
        _change(ctx, action, container, listener, all_, wait, timeout, (json, dry_run, verbose, output), names)

    command.__doc__ = summary
    app.command(action.value, cls=_Command, epilog=EXIT_CODES_HELP)(command)


_change_command(Action.PAUSE, "Pause listeners: they stop taking new work until resumed.")
_change_command(Action.RESUME, "Resume paused listeners.")
_change_command(Action.RESTART, "Restart listeners (never repeated automatically after an ambiguous failure).")


# -- status / wait ----------------------------------------------------------------------------


@app.command(cls=_Command, epilog=EXIT_CODES_HELP)
def status(
    ctx: typer.Context,
    container: Container = None,
    listener: Annotated[str | None, typer.Option("--listener", "-l", metavar="ID", help="Only this listener.")] = None,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.0, metavar="S", help="Seconds to wait for each runtime's answer at most."),
    ] = 60.0,
    output: OutputOption = None,
    json: Json = False,
    dry_run: DryRun = False,
    verbose: Verbose = False,
    runtime: _names.RuntimeNames = None,
    environment: _names.EnvironmentNames = None,
    process: _names.ProcessNames = None,
    show_names: _names.ShowNames = False,
) -> None:
    """Show the status and connector type of the listeners on one or more runtimes.

    `--output plain` prints one line per listener: runtime, listener, status, connector type (tab-separated).
    """
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose, output=output and output.value)
    names = _names.Names.of(runtime, environment, process)
    if names.given or show_names:
        _names.status_by_name(run, _runtime_beside_names(run, container), listener, names)
        return
    runtimes = _runtimes(run, container or [])
    run.require(listener is None or bool(listener.strip()), "--listener must not be empty")
    _check_timeout(run, timeout)

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            run.dry_run(statuses_requests(settings, runtimes, listener))
            return
        found: list[tuple[str, list[ListenerState]]] = []
        failed: list[tuple[str, Problem]] = []
        with make_client(settings, run.options) as client:
            for container_id in runtimes:
                try:
                    with spinner(f"reading the listeners of runtime {container_id}", show=stderr_is_terminal()):
                        states = client.statuses(container_id=container_id, listener_id=listener, timeout=timeout)
                except BoomiError as exc:
                    if len(runtimes) == 1:
                        raise  # one runtime: its error is the command's (exit code and advice as ever)
                    failed.append((container_id, explain(exc, replace(where, container_id=container_id))))
                    continue
                found.append((container_id, states))
        if failed and not found:
            run.fail(failed[0][1])
        missing = [c for c, states in found if listener is not None and not states]
        if missing:
            run.fail(
                Problem(
                    ExitCode.API_ERROR,
                    "ListenerNotFound",
                    f"Runtime {', '.join(missing)} reports no listener {listener}: check --listener (a listener's ID "
                    "is its process component ID) and --container.",
                )
            )
        for container_id, problem in failed:  # every runtime is reported: the others still print
            run.output.problem(replace(problem, advice=f"runtime {container_id}: {problem.advice}"))
        for container_id, states in found:
            if not states and run.output.plain_mode:  # no line on stdout: nothing to grep for
                run.output.note(f"No listeners are deployed on runtime {container_id}.")
            elif not states:
                run.output.say(f"No listeners are deployed on runtime {container_id}.")
            else:
                run.output.states_table(states, f"Runtime {container_id}", container_id)
        listeners = [state_json(s, c if len(runtimes) > 1 else None) for c, states in found for s in states]
        doc: dict[str, Any] = {"container_id": runtimes[0]} if len(runtimes) == 1 else {}
        doc |= {"container_ids": runtimes, "listener_id": listener, "listeners": listeners}
        if failed:
            doc["failed"] = [{"container_id": c, "error": problem.as_json()} for c, problem in failed]
        run.finish(doc, ExitCode.PARTIAL if failed else ExitCode.OK)

    run.execute(body, container_id=runtimes[0] if len(runtimes) == 1 else None)


@app.command(cls=_Command, epilog=EXIT_CODES_HELP)
def wait(
    ctx: typer.Context,
    status: Annotated[
        ListenerStatusValue,
        typer.Option(
            "--status", case_sensitive=False, metavar="listening|paused|errored", help="The status to wait for."
        ),
    ],
    container: Container = None,
    listener: Annotated[
        str | None, typer.Option("--listener", "-l", metavar="ID", help="The listener to watch.")
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.0, metavar="S", help="Seconds to wait at most, for every runtime.")
    ] = 60.0,
    output: OutputOption = None,
    json: Json = False,
    dry_run: DryRun = False,
    verbose: Verbose = False,
    runtime: _names.RuntimeNames = None,
    environment: _names.EnvironmentNames = None,
    process: _names.ProcessNames = None,
) -> None:
    """Wait until a listener reports a status on every runtime named (exit 3 if it does not in time)."""
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose, output=output and output.value)
    names = _names.Names.of(runtime, environment, process)
    if names.given:
        one = _runtime_beside_names(run, container)
        _names.wait_by_name(run, one, listener, names, ListenerStatusValue(status).value, timeout)
        return
    if listener is None:
        run.fail(usage("say which listener to watch: --listener ID (or --process NAME)"))
    runtimes = _runtimes(run, container or [])
    run.require(bool(listener.strip()), "--listener must not be empty")
    _check_timeout(run, timeout)
    wanted = ListenerStatusValue(status)

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            until = f"listener {listener} is {wanted} (at most {timeout:g}s)"
            run.dry_run(statuses_requests(settings, runtimes, listener, until))
            return
        from boomi_listeners._wait import Expectation  # with the client, not with `--help`

        waiting = f"listener {listener} on {len(runtimes)} runtime(s): waiting until {wanted}"
        with make_client(settings, run.options) as client, spinner(waiting, show=stderr_is_terminal()):
            # One wait for every runtime named: one --timeout for all, runtimes read concurrently.
            found = client.wait_for_many([Expectation(c, listener, wanted) for c in runtimes], timeout=timeout)
        failed = next((c.error for c in found if c.error is not None), None)
        if failed is not None:
            raise failed
        reached = [(c.expectation.container_id, c.states[0]) for c in found]
        for container_id, state in reached:
            run.output.line(container_id, state.listener_id, state.status)
            if not run.output.plain_mode:
                run.output.say(f"Listener {state.listener_id} on runtime {container_id} is {state.status}.")
        if len(reached) == 1:
            container_id, state = reached[0]
            run.finish({"container_id": container_id, "container_ids": runtimes, **state_json(state)})
            return
        run.finish(
            {
                "container_ids": runtimes,
                "listener_id": listener,
                "status": wanted,
                "listeners": [state_json(s, c) for c, s in reached],
            }
        )

    run.execute(body, container_id=runtimes[0] if len(runtimes) == 1 else None)


# -- fake-server ------------------------------------------------------------------------------


@app.command(
    "fake-server",
    cls=_Command,
    epilog="Stop it with Ctrl-C (or SIGTERM). Other options (e.g. --rate-limit N) go to the fake unchanged.",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def fake_server(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, max=65535, metavar="P", help="Port; 0 picks a free one.")
    ] = 8080,
    host: Annotated[str, typer.Option("--host", metavar="HOST", help="Interface to listen on.")] = "127.0.0.1",
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the built-in demo runtimes and listeners (the default without --data).")
    ] = False,
    data: Annotated[
        str | None, typer.Option("--data", metavar="FILE", help="Load runtimes and listeners from a YAML/JSON file.")
    ] = None,
    apply_delay: Annotated[
        float | None,
        typer.Option("--apply-delay", min=0.0, metavar="S", help="Seconds before a runtime applies a change."),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="NAME",
            help="Behaviour profile (documented, http-202, status-row, empty-202, read-once, molecule, "
            "unreported-wss, slow-runtime, rate-limited, totp, strict); join several with commas.",
        ),
    ] = None,
) -> None:
    """Run the embedded fake Boomi API on loopback, and print the BOOMI_* exports to reach it."""
    code = _fake.serve(
        host=host, port=port, demo=demo, data=data, apply_delay=apply_delay, profile=profile, extra=ctx.args
    )
    raise typer.Exit(code)


_windows.register(app)  # snapshot, apply, window
_names.register(app)  # runtimes
