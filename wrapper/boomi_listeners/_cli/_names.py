"""Names on the command line: ``--runtime``, ``--environment``, ``--process``, ``--names`` and ``runtimes``.

Where a command takes ``-c ID`` it also takes ``--runtime NAME`` and ``--environment NAME``
(repeatable; an environment stands for every runtime attached to it), and where it takes
``--listener ID`` it also takes ``--process NAME``. Names are resolved by the SDK (one Atom query per
runtime name; an Environment query, an attachment query and an Atom bulk read per environment; one
Process query per process name) before anything else is sent. A name that matches nothing, or
several things, exits 2 naming the search or every match. Runtimes Boomi reports OFFLINE are named
on stderr before any change and left out (a change would answer 410).

Results then show listener names beside the IDs (``--json`` gains ``name``); ``status -c ID --names``
asks for them without naming the runtime. This module holds the logic; ``_app.py`` registers options.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from boomi_listeners._actions import Action, ListenerStatusValue
from boomi_listeners._cli._changes import ChangeReport, apply_change, render
from boomi_listeners._cli._output import Output, state_json
from boomi_listeners._cli._problems import EXIT_CODES_HELP, ExitCode, Problem, Where, usage
from boomi_listeners._cli._run import Run
from boomi_listeners._cli._session import make_client
from boomi_listeners._config import Settings
from boomi_listeners._exceptions import BoomiError

if TYPE_CHECKING:
    # The SDK's client, names and results load with the first command that sends a request, not with `--help`.
    from boomi_listeners._client import ListenerClient
    from boomi_listeners._names import RuntimeInfo
    from boomi_listeners._results import ListenerState

__all__ = [
    "NO_NAMES",
    "EnvironmentNames",
    "Names",
    "ProcessNames",
    "RuntimeNames",
    "ShowNames",
    "change_by_name",
    "named_state_json",
    "register",
    "report_offline",
    "resolve_listeners",
    "runtimes_beside_ids",
    "split_offline",
    "status_by_name",
    "wait_by_name",
]

RuntimeNames = Annotated[
    list[str] | None,
    typer.Option(
        "--runtime", metavar="NAME", help="Runtime by its exact name (instead of --container); repeat for several."
    ),
]
EnvironmentNames = Annotated[
    list[str] | None,
    typer.Option(
        "--environment",
        metavar="NAME",
        help="Every runtime attached to the environment of this exact name; repeatable.",
    ),
]
ProcessNames = Annotated[
    list[str] | None,
    typer.Option(
        "--process", metavar="NAME", help="Listener by its process's exact name (instead of --listener); repeatable."
    ),
]
ShowNames = Annotated[bool, typer.Option("--names", help="Show listener names (one extra lookup, cached).")]


@dataclass(frozen=True)
class Names:
    """The names a command line gave; empty lists when none."""

    runtimes: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()
    processes: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, runtimes: Sequence[str] | None, environments: Sequence[str] | None, processes: Sequence[str] | None
    ) -> Names:
        return cls(tuple(runtimes or ()), tuple(environments or ()), tuple(processes or ()))

    @property
    def given(self) -> bool:
        return bool(self.runtimes or self.environments or self.processes)

    @property
    def names_runtimes(self) -> bool:
        return bool(self.runtimes or self.environments)

    def check_values(self, run: Run) -> None:
        """Usage errors (exit 2) for an empty name."""
        for option, values in (("--runtime", self.runtimes), ("--environment", self.environments)):
            run.require(all(v.strip() for v in values), f"{option} must not be empty")
        run.require(all(p.strip() for p in self.processes), "--process must not be empty")

    def check_beside_ids(self, run: Run, containers: Sequence[str], *, reads_on_dry_run: bool) -> None:
        """Usage errors for commands that take IDs and names together (``snapshot``, ``window``).

        ``reads_on_dry_run``: the command's --dry-run still reads (``window``), so names can be looked up.
        """
        self.check_values(run)
        run.require(
            bool(containers) or self.names_runtimes,
            "say which runtimes: --container ID, --runtime NAME or --environment NAME (each repeatable)",
        )
        run.require(
            reads_on_dry_run or not (run.options.dry_run and self.given),
            "--dry-run sends nothing, so it cannot look names up: give --container IDs",
        )

    def check(self, run: Run, container: str | None, listeners: Sequence[str]) -> None:
        """Usage errors (exit 2) before anything is sent."""
        self.check_values(run)
        run.require(
            not (container is not None and self.names_runtimes),
            "give either --container or --runtime/--environment, not both",
        )
        run.require(
            container is not None or self.names_runtimes,
            "say which runtime: --container ID, --runtime NAME or --environment NAME",
        )
        run.require(container is None or bool(container.strip()), "--container must not be empty")
        run.require(not (listeners and self.processes), "give either --listener or --process, not both")
        run.require(
            not run.options.dry_run,
            "--dry-run sends nothing, so it cannot look names up: give --container and --listener IDs",
        )


#: No names given (the default of the commands' internal helpers).
NO_NAMES = Names()


def named_state_json(state: ListenerState) -> dict[str, Any]:
    """A listener's JSON with its name (null when Boomi has no process by that ID)."""
    return {**state_json(state), "name": state.name}


def _resolve_runtimes(
    run: Run, client: ListenerClient, names: Names, container: str | None, timeout: float
) -> list[RuntimeInfo]:
    from boomi_listeners._names import RuntimeInfo

    if container is not None:
        return [RuntimeInfo(container, "")]
    found: list[RuntimeInfo] = _resolved(
        run, client.resolve_runtimes, names=names.runtimes, environments=names.environments, timeout=timeout
    )
    return found


def runtimes_beside_ids(
    run: Run, client: ListenerClient, containers: Sequence[str], names: Names, timeout: float
) -> list[RuntimeInfo]:
    """The runtimes ``-c`` IDs and names stand for, each once: the IDs first, in order, then the names.

    A runtime given both ways keeps what its name found (its name and status). Names are looked up only
    when given, so IDs alone cost no request.
    """
    from boomi_listeners._names import RuntimeInfo

    found = {container_id: RuntimeInfo(container_id, "") for container_id in containers}
    if names.names_runtimes:
        for runtime in _resolve_runtimes(run, client, names, None, timeout):
            found[runtime.id] = runtime
    return list(found.values())


def resolve_listeners(
    run: Run, client: ListenerClient, names: Names, listeners: Sequence[str], timeout: float
) -> list[str]:
    """The ``--listener`` IDs, then the IDs the ``--process`` names stand for, each once (exit 2 on a bad name)."""
    ids = list(listeners)
    for name in names.processes:
        ids.append(_resolved(run, client.resolve_process, name, timeout=timeout).id)
    return list(dict.fromkeys(ids))


def _resolved(run: Run, lookup: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``lookup(*args, **kwargs)``; a name that is not one thing exits 2 naming the search or the matches."""
    from boomi_listeners._names import NameResolutionError

    try:
        return lookup(*args, **kwargs)
    except NameResolutionError as exc:
        run.fail(Problem(ExitCode.USAGE, type(exc).__name__, str(exc), detail=str(exc)))


def _names_of(client: ListenerClient, ids: Sequence[str], timeout: float) -> dict[str, str | None]:
    """Listener names for the result; a lookup that fails leaves the IDs alone (the change already happened)."""
    if not ids:
        return {}
    try:
        return client.listener_names(ids, timeout=timeout)
    except BoomiError:
        return {}


def _label(runtime: RuntimeInfo) -> str:
    return f"{runtime.name} ({runtime.id})" if runtime.name else runtime.id


def split_offline(
    output: Output, runtimes: Sequence[RuntimeInfo], what: str
) -> tuple[list[RuntimeInfo], list[dict[str, Any]]]:
    """The online runtimes, and the JSON entry of each offline one (named on stderr by :func:`report_offline`)."""
    return [r for r in runtimes if r.online], report_offline(output, [r for r in runtimes if not r.online], what)


def report_offline(output: Output, runtimes: Sequence[RuntimeInfo], what: str) -> list[dict[str, Any]]:
    """Name each offline runtime on stderr (both modes); their JSON entries."""
    entries = []
    for runtime in runtimes:
        output.problem(
            Problem(
                ExitCode.API_ERROR,
                "RuntimeOffline",
                f"runtime {_label(runtime)} is offline: {what} it was skipped (Boomi would answer 410). Bring it "
                "back online, or leave it out.",
            )
        )
        entries.append({"container_id": runtime.id, "container_name": runtime.name, "status": runtime.status})
    return entries


def _combined(codes: Sequence[ExitCode]) -> ExitCode:
    failed = [code for code in codes if code is not ExitCode.OK]
    if not failed:
        return ExitCode.OK
    if len(failed) < len(codes):
        return ExitCode.PARTIAL
    if all(code is ExitCode.WAIT_TIMEOUT for code in failed):
        return ExitCode.WAIT_TIMEOUT
    return failed[0] if len(set(failed)) == 1 else ExitCode.API_ERROR


# -- pause / resume / restart ------------------------------------------------------------------


def change_by_name(
    run: Run,
    action: Action,
    container: str | None,
    listeners: Sequence[str],
    names: Names,
    *,
    every: bool,
    wait: bool,
    timeout: float,
) -> None:
    """pause/resume/restart with runtimes and/or listeners named (see the module docstring)."""
    names.check(run, container, listeners)
    run.require(
        bool(listeners or names.processes) or every,
        f"say which listeners to {action.value}: --listener ID, --process NAME or --all",
    )
    run.require(not ((listeners or names.processes) and every), "give either --listener/--process or --all, not both")
    run.require(math.isfinite(timeout) and timeout > 0, "--timeout must be a finite number of seconds above 0")

    def body(settings: Settings, where: Where) -> None:
        with make_client(settings, run.options) as client:
            runtimes = _resolve_runtimes(run, client, names, container, timeout)
            targets = None if every else resolve_listeners(run, client, names, listeners, timeout)
            down = [r for r in runtimes if not r.online]
            offline = report_offline(run.output, down, "nothing was sent to it;")
            reports: list[tuple[RuntimeInfo, ChangeReport]] = []
            for runtime in (r for r in runtimes if r.online):
                report = apply_change(
                    client,
                    action,
                    [runtime.id],
                    targets,
                    wait=wait,
                    timeout=timeout,
                    where=where,
                    show_progress=sys.stderr.isatty(),
                )
                reports.append((runtime, report))
            states = [s for _, report in reports for _, s in report.states]
            named = _names_of(client, [s.listener_id for s in states] + list(targets or []), timeout)
        code = _combined([report.exit_code for _, report in reports] + [ExitCode.API_ERROR] * len(down))
        if len(reports) == 1 and not down:
            runtime, report = reports[0]
            if not run.output.json_mode:
                render(report, run.output)
                _say_names(run.output, named)
            else:
                run.output.document(_report_json(runtime, report, named))
        else:
            for runtime, report in reports:
                if not run.output.json_mode:
                    run.output.say(Text(f"Runtime {_label(runtime)}:", style="bold"))
                    render(report, run.output)
            _say_names(run.output, named)
            run.finish(
                {
                    "action": action.value,
                    "wait": wait,
                    "containers": [_report_json(runtime, report, named) for runtime, report in reports],
                    "offline": offline,
                },
                code,
            )
        if code is not ExitCode.OK:
            raise typer.Exit(int(code))

    run.execute(body, container_id=container, after_change=True)


def _report_json(runtime: RuntimeInfo, report: ChangeReport, named: dict[str, str | None]) -> dict[str, Any]:
    doc = report.as_json()
    doc["container_name"] = runtime.name or None
    for row in doc["results"]:
        row["name"] = named.get(row["listener_id"]) if row["listener_id"] else None
    for state in doc["states"]:
        state["name"] = named.get(state["listener_id"])
    return doc


def _say_names(output: Output, named: dict[str, str | None]) -> None:
    known = {listener_id: name for listener_id, name in named.items() if name}
    if known:
        output.say("Listener names: " + "; ".join(f"{name} = {listener_id}" for listener_id, name in known.items()))


# -- status -----------------------------------------------------------------------------------


def status_by_name(run: Run, container: str | None, listener: str | None, names: Names) -> None:
    """status with names: the runtimes named (or -c), each listener with its name."""
    run.require(len(names.processes) <= 1, "status takes one --process (or --listener), or none for every listener")
    names.check(run, container, [listener] if listener else [])

    def body(settings: Settings, where: Where) -> None:
        with make_client(settings, run.options) as client:
            runtimes = _resolve_runtimes(run, client, names, container, 60.0)
            wanted = resolve_listeners(run, client, names, [listener] if listener else [], 60.0)
            listener_id = wanted[0] if wanted else None
            down = [r for r in runtimes if not r.online]
            offline = report_offline(run.output, down, "its status was not read;")
            found = [
                (runtime, client.named_statuses(container_id=runtime.id, listener_id=listener_id))
                for runtime in runtimes
                if runtime.online
            ]
        for runtime, states in found:
            if not states:
                run.output.say(f"No listeners are deployed on runtime {_label(runtime)}.")
            elif not run.output.json_mode:
                run.output.listeners_table(states, f"Runtime {_label(runtime)}", with_names=True)
        if listener_id is not None and not any(states for _, states in found) and found:
            run.fail(
                Problem(
                    ExitCode.API_ERROR,
                    "ListenerNotFound",
                    f"No runtime named reports listener {listener_id}: check --process/--listener and the runtime.",
                )
            )
        code = ExitCode.API_ERROR if down and not found else ExitCode.PARTIAL if down else ExitCode.OK
        if len(found) == 1 and not down:
            runtime, states = found[0]
            run.finish(
                {
                    "container_id": runtime.id,
                    "container_ids": [runtime.id],
                    "container_name": runtime.name or None,
                    "listener_id": listener_id,
                    "listeners": [named_state_json(s) for s in states],
                }
            )
            return
        run.finish(
            {
                "container_id": None,
                "container_ids": [runtime.id for runtime, _ in found] or [r.id for r in runtimes],
                "listener_id": listener_id,
                "listeners": [named_state_json(s) for _, states in found for s in states],
                "containers": [
                    {
                        "container_id": runtime.id,
                        "container_name": runtime.name or None,
                        "listeners": [named_state_json(s) for s in states],
                    }
                    for runtime, states in found
                ],
                "offline": offline,
            },
            code,
        )

    run.execute(body, container_id=container)


# -- wait -------------------------------------------------------------------------------------


def wait_by_name(
    run: Run, container: str | None, listener: str | None, names: Names, wanted: str, timeout: float
) -> None:
    """wait with the runtime and/or the listener named: exactly one of each."""
    run.require(len(names.processes) <= 1, "wait watches one listener: give one --process or --listener")
    run.require(
        listener is not None or bool(names.processes), "say which listener to watch: --listener ID or --process NAME"
    )
    run.require(math.isfinite(timeout) and timeout > 0, "--timeout must be a finite number of seconds above 0")
    names.check(run, container, [listener] if listener else [])

    def body(settings: Settings, where: Where) -> None:
        with make_client(settings, run.options) as client:
            runtimes = _resolve_runtimes(run, client, names, container, timeout)
            if len(runtimes) != 1:
                run.fail(
                    usage(
                        f"wait watches one runtime, and the names given stand for {len(runtimes)}: "
                        + ", ".join(_label(r) for r in runtimes)
                    )
                )
            (runtime,) = runtimes
            (listener_id,) = resolve_listeners(run, client, names, [listener] if listener else [], timeout)
            state = client.wait_for(
                container_id=runtime.id, listener_id=listener_id, status=ListenerStatusValue(wanted), timeout=timeout
            )
            name = _names_of(client, [listener_id], timeout).get(listener_id)
        import attrs  # loaded with the client already

        shown = f"{name} ({listener_id})" if name else listener_id
        run.output.say(f"Listener {shown} on runtime {_label(runtime)} is {state.status}.")
        run.finish({"container_id": runtime.id, **named_state_json(attrs.evolve(state, name=name))})

    run.execute(body, container_id=container)


# -- runtimes ---------------------------------------------------------------------------------


def runtimes(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="Only the runtime(s) of this exact name.")
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", metavar="ATOM|MOLECULE|CLOUD", help="Only runtimes of this type.")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", metavar="ONLINE|OFFLINE|...", help="Only runtimes with this status.")
    ] = None,
    environment: Annotated[
        str | None, typer.Option("--environment", metavar="NAME", help="Only runtimes attached to this environment.")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.0, metavar="S", help="Seconds at most.")] = 60.0,
    json: Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each request on stderr.")] = False,
) -> None:
    """List the account's runtimes: name, ID, type, status and environments."""
    run = Run(ctx, json=json, dry_run=False, verbose=verbose)
    run.require(not run.options.dry_run, "runtimes only reads, and --dry-run sends nothing: drop --dry-run")
    run.require(math.isfinite(timeout) and timeout > 0, "--timeout must be a finite number of seconds above 0")
    for option, value in (("--name", name), ("--type", type_), ("--status", status), ("--environment", environment)):
        run.require(value is None or bool(value.strip()), f"{option} must not be empty")

    def body(settings: Settings, where: Where) -> None:
        with make_client(settings, run.options) as client:
            found: list[RuntimeInfo] = _resolved(
                run, client.runtimes, name=name, type=type_, status=status, environment=environment, timeout=timeout
            )
        if not run.output.json_mode:
            table = Table(title=f"{len(found)} runtime(s)", title_justify="left")
            for column in ("Name", "ID", "Type", "Status", "Environments"):
                table.add_column(column, no_wrap=column in ("ID", "Type", "Status"))
            for runtime in found:
                style = "bold red" if not runtime.online else "green" if runtime.status == "ONLINE" else "yellow"
                table.add_row(
                    runtime.name,
                    runtime.id,
                    runtime.type or "-",
                    Text(runtime.status or "-", style=style),
                    ", ".join(runtime.environments) or "-",
                )
            run.output.out.print(table)
        run.finish({"runtimes": [runtime.as_json() for runtime in found]})

    run.execute(body)


def register(app: typer.Typer) -> None:
    """Add ``runtimes`` to the command line."""
    app.command("runtimes", epilog=EXIT_CODES_HELP)(runtimes)
