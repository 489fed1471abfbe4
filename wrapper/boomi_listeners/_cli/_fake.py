"""``fake-server``: the embedded fake Boomi API as a process, via ``boomi_listeners.testing``'s own entry point."""

from __future__ import annotations

from collections.abc import Sequence

import typer

from boomi_listeners._cli._problems import ExitCode

__all__ = ["serve"]

PROG = "boomi-listeners fake-server"


def serve(
    *, host: str, port: int, demo: bool, data: str | None, apply_delay: float | None, extra: Sequence[str] = ()
) -> int:
    """Run the fake until Ctrl-C or SIGTERM; returns its exit code."""
    try:
        # Imported here: the fake needs the optional 'fake' extra, the other commands do not.
        from boomi_listeners.testing.cli import main
    except ImportError as exc:
        typer.echo(f"error: {exc}", err=True)
        return int(ExitCode.USAGE)
    argv = ["--host", host, "--port", str(port)]
    if demo:
        argv.append("--demo")
    if data is not None:
        argv += ["--data", data]
    if apply_delay is not None:
        argv += ["--apply-delay", str(apply_delay)]
    return main([*argv, *extra], prog=PROG)
