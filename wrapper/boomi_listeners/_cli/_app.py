"""The ``boomi-listeners`` command line: pause, resume, restart, status, wait and fake-server."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from typing import Annotated, Any

import typer
import typer.core

from boomi_listeners._actions import Action, ListenerStatusValue
from boomi_listeners._cli import _fake, _names, _windows
from boomi_listeners._cli._changes import apply_change, render
from boomi_listeners._cli._dryrun import change_requests, status_requests
from boomi_listeners._cli._output import state_json
from boomi_listeners._cli._problems import EXIT_CODES_HELP, ExitCode, Problem, Where, usage
from boomi_listeners._cli._run import Run
from boomi_listeners._cli._session import Globals, make_client
from boomi_listeners._config import Settings
from boomi_listeners._version import __version__

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
    str | None,
    typer.Option(
        "--container",
        "-c",
        metavar="ID",
        help="Runtime, Runtime cluster or Runtime cloud ID (Boomi's containerId); or --runtime / --environment.",
    ),
]
Listeners = Annotated[
    list[str] | None,
    typer.Option("--listener", "-l", metavar="ID", help="Listener (process) ID; repeat for several listeners."),
]
AllListeners = Annotated[bool, typer.Option("--all", help="Every listener on the runtime.")]
Wait = Annotated[bool, typer.Option("--wait", help="Wait until the listener(s) reach the status the action leads to.")]
Timeout = Annotated[float, typer.Option("--timeout", min=0.0, metavar="S", help="Seconds to wait at most.")]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
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
            "--retries", min=1, metavar="N", help="Attempts per request on 503, 429, 504 or a lost connection."
        ),
    ] = Globals.retries,
    json: Json = False,
    dry_run: DryRun = False,
    verbose: Verbose = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = Globals(account, region, base_url, username, retries, json, dry_run, verbose)


# -- pause / resume / restart -----------------------------------------------------------------


def _change(
    ctx: typer.Context,
    action: Action,
    container: str | None,
    listeners: list[str] | None,
    every: bool,
    wait: bool,
    timeout: float,
    flags: tuple[bool, bool, bool],
    names: _names.Names = _names.NO_NAMES,
) -> None:
    run = Run(ctx, json=flags[0], dry_run=flags[1], verbose=flags[2])
    ids = list(dict.fromkeys(listeners or []))
    if names.given:
        _names.change_by_name(run, action, container, ids, names, every=every, wait=wait, timeout=timeout)
        return
    if container is None:
        run.fail(usage("say which runtime: --container ID, --runtime NAME or --environment NAME"))
    run.require(bool(container.strip()), "--container must not be empty")
    run.require(bool(ids) or every, f"say which listeners to {action.value}: --listener ID (repeatable) or --all")
    run.require(not (ids and every), "give either --listener or --all, not both")
    run.require(all(i.strip() for i in ids), "--listener must not be empty")
    run.require(math.isfinite(timeout) and timeout > 0, "--timeout must be a finite number of seconds above 0")
    targets = None if every else ids

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            run.dry_run(change_requests(settings, action, container, targets, wait=wait, timeout=timeout))
            return
        with make_client(settings, run.options) as client:
            report = apply_change(
                client,
                action,
                container,
                targets,
                wait=wait,
                timeout=timeout,
                where=where,
                show_progress=sys.stderr.isatty(),
            )
        render(report, run.output)
        if report.exit_code is not ExitCode.OK:
            raise typer.Exit(int(report.exit_code))

    run.execute(body, container_id=container, after_change=True)


@app.command(cls=_Command, epilog=EXIT_CODES_HELP)
def pause(
    ctx: typer.Context,
    container: Container = None,
    listener: Listeners = None,
    all_: AllListeners = False,
    wait: Wait = False,
    timeout: Timeout = 60.0,
    json: Json = False,
    dry_run: DryRun = False,
    verbose: Verbose = False,
    runtime: _names.RuntimeNames = None,
    environment: _names.EnvironmentNames = None,
    process: _names.ProcessNames = None,
) -> None:
    """Pause listeners: they stop taking new work until resumed."""
    names = _names.Names.of(runtime, environment, process)
    _change(ctx, Action.PAUSE, container, listener, all_, wait, timeout, (json, dry_run, verbose), names)


@app.command(cls=_Command, epilog=EXIT_CODES_HELP)
def resume(
    ctx: typer.Context,
    container: Container = None,
    listener: Listeners = None,
    all_: AllListeners = False,
    wait: Wait = False,
    timeout: Timeout = 60.0,
    json: Json = False,
    dry_run: DryRun = False,
    verbose: Verbose = False,
    runtime: _names.RuntimeNames = None,
    environment: _names.EnvironmentNames = None,
    process: _names.ProcessNames = None,
) -> None:
    """Resume paused listeners."""
    names = _names.Names.of(runtime, environment, process)
    _change(ctx, Action.RESUME, container, listener, all_, wait, timeout, (json, dry_run, verbose), names)


@app.command(cls=_Command, epilog=EXIT_CODES_HELP)
def restart(
    ctx: typer.Context,
    container: Container = None,
    listener: Listeners = None,
    all_: AllListeners = False,
    wait: Wait = False,
    timeout: Timeout = 60.0,
    json: Json = False,
    dry_run: DryRun = False,
    verbose: Verbose = False,
    runtime: _names.RuntimeNames = None,
    environment: _names.EnvironmentNames = None,
    process: _names.ProcessNames = None,
) -> None:
    """Restart listeners (never repeated automatically after an ambiguous failure)."""
    names = _names.Names.of(runtime, environment, process)
    _change(ctx, Action.RESTART, container, listener, all_, wait, timeout, (json, dry_run, verbose), names)


# -- status / wait ----------------------------------------------------------------------------


@app.command(cls=_Command, epilog=EXIT_CODES_HELP)
def status(
    ctx: typer.Context,
    container: Container = None,
    listener: Annotated[str | None, typer.Option("--listener", "-l", metavar="ID", help="Only this listener.")] = None,
    json: Json = False,
    dry_run: DryRun = False,
    verbose: Verbose = False,
    runtime: _names.RuntimeNames = None,
    environment: _names.EnvironmentNames = None,
    process: _names.ProcessNames = None,
    show_names: _names.ShowNames = False,
) -> None:
    """Show the status and connector type of the listeners on a runtime."""
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose)
    names = _names.Names.of(runtime, environment, process)
    if names.given or show_names:
        _names.status_by_name(run, container, listener, names)
        return
    if container is None:
        run.fail(usage("say which runtime: --container ID, --runtime NAME or --environment NAME"))
    run.require(bool(container.strip()), "--container must not be empty")
    run.require(listener is None or bool(listener.strip()), "--listener must not be empty")

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            run.dry_run(status_requests(settings, container, listener))
            return
        with make_client(settings, run.options) as client:
            states = client.statuses(container_id=container, listener_id=listener)
        if listener is not None and not states:
            run.fail(
                Problem(
                    ExitCode.API_ERROR,
                    "ListenerNotFound",
                    f"Runtime {container} reports no listener {listener}: check --listener (a listener's ID is "
                    "its process component ID) and --container.",
                )
            )
        if not states:
            run.output.say(f"No listeners are deployed on runtime {container}.")
        else:
            run.output.states_table(states, f"Runtime {container}")
        run.finish({"container_id": container, "listener_id": listener, "listeners": [state_json(s) for s in states]})

    run.execute(body, container_id=container)


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
    timeout: Timeout = 60.0,
    json: Json = False,
    dry_run: DryRun = False,
    verbose: Verbose = False,
    runtime: _names.RuntimeNames = None,
    environment: _names.EnvironmentNames = None,
    process: _names.ProcessNames = None,
) -> None:
    """Wait until a listener reports a status (exit 3 if it does not in time)."""
    run = Run(ctx, json=json, dry_run=dry_run, verbose=verbose)
    names = _names.Names.of(runtime, environment, process)
    if names.given:
        _names.wait_by_name(run, container, listener, names, ListenerStatusValue(status).value, timeout)
        return
    if container is None or listener is None:
        run.fail(usage("say which listener to watch: --container ID and --listener ID (or --runtime / --process)"))
    run.require(bool(container.strip()), "--container must not be empty")
    run.require(bool(listener.strip()), "--listener must not be empty")
    run.require(math.isfinite(timeout) and timeout > 0, "--timeout must be a finite number of seconds above 0")
    wanted = ListenerStatusValue(status).value

    def body(settings: Settings, where: Where) -> None:
        if run.options.dry_run:
            until = f"listener {listener} is {wanted} (at most {timeout:g}s)"
            run.dry_run(status_requests(settings, container, listener, until))
            return
        with make_client(settings, run.options) as client:
            state = client.wait_for(container_id=container, listener_id=listener, status=wanted, timeout=timeout)
        run.output.say(f"Listener {state.listener_id} on runtime {container} is {state.status}.")
        run.finish({"container_id": container, **state_json(state)})

    run.execute(body, container_id=container)


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
