"""One command run: its options, its output, and every error turned into advice and an exit code."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, NoReturn

import typer

from boomi_listeners._cli._dryrun import PlannedRequest
from boomi_listeners._cli._output import Output
from boomi_listeners._cli._problems import ExitCode, Problem, Where, explain, internal, usage
from boomi_listeners._cli._session import Globals, enable_request_log, resolve_settings
from boomi_listeners._config import Settings
from boomi_listeners._exceptions import BoomiError

__all__ = ["Run"]

Body = Callable[[Settings, Where], None]


class Run:
    """Created at the start of each command with the flags given after the command name."""

    def __init__(
        self, ctx: typer.Context, *, json: bool, dry_run: bool, verbose: bool, output: str | None = None
    ) -> None:
        given = ctx.obj if isinstance(ctx.obj, Globals) else Globals()
        self.options = given.with_flags(json=json, dry_run=dry_run, verbose=verbose, output=output)
        self.output = Output(mode=self.options.output_mode, command=ctx.info_name)
        if self.options.verbose:
            enable_request_log()

    def execute(self, body: Body, *, container_id: str | None = None, after_change: bool = False) -> None:
        """Resolve settings, run ``body``, and report any client error as advice with its exit code."""
        o = self.options
        where = Where(
            base_url=o.base_url or "",
            account_id=o.account or "",
            username=o.username or "",
            container_id=container_id,
            attempts=o.attempts,
            after_change=after_change,
        )
        try:
            settings = resolve_settings(o, need_secret=not o.dry_run)
            where = replace(
                where, base_url=settings.base_url, account_id=settings.account_id, username=settings.username
            )
            body(settings, where)
        except BoomiError as exc:
            self.fail(explain(exc, where))
        except (typer.Exit, typer.Abort):
            # typer's own (click's before typer 0.29, its bundled copy since): only typer is imported, so the
            # `cli` extra needs nothing typer does not bring.
            raise
        except Exception as exc:  # the promise: a person never sees a traceback (-v shows it)
            if self.options.verbose:
                traceback.print_exception(exc, file=sys.stderr)
            self.fail(internal(exc))

    def require(self, condition: bool, message: str) -> None:
        """A usage error (exit 2) unless ``condition`` holds."""
        if not condition:
            self.fail(usage(message))

    def fail(self, problem: Problem) -> NoReturn:
        self.output.problem(problem)
        if self.output.json_mode:
            self.output.document({"ok": False, "exit_code": int(problem.exit_code), "error": problem.as_json()})
        raise typer.Exit(int(problem.exit_code))

    def finish(self, doc: Mapping[str, Any], code: ExitCode = ExitCode.OK) -> None:
        """Write the JSON document (in JSON mode) and end with ``code``."""
        if self.output.json_mode:
            self.output.document({"ok": code is ExitCode.OK, "exit_code": int(code), **doc})
        if code is not ExitCode.OK:
            raise typer.Exit(int(code))

    def dry_run(self, planned: Iterable[PlannedRequest]) -> None:
        items = list(planned)
        self.output.requests(items)
        self.finish({"dry_run": True, "requests": [r.as_json() for r in items]})
