"""``fake-server``: the embedded fake Boomi API as a process, via ``boomi_listeners.testing``'s own entry point."""

from __future__ import annotations

from collections.abc import Sequence

import typer

from boomi_listeners._cli._problems import ExitCode

__all__ = ["serve"]

PROG = "boomi-listeners fake-server"


def serve(
    *,
    host: str,
    port: int,
    demo: bool,
    data: str | None,
    apply_delay: float | None,
    profile: str | None = None,
    extra: Sequence[str] = (),
) -> int:
    """Run the fake until Ctrl-C or SIGTERM; returns its exit code.

    ``profile``: a behaviour profile name, or several joined by commas (checked before the fake starts).
    """
    try:
        # Imported here: the fake needs the optional 'fake' extra, the other commands do not.
        from boomi_listeners.testing.cli import main
    except ImportError as exc:
        typer.echo(f"error: {exc}", err=True)
        return int(ExitCode.USAGE)
    if profile is not None:
        from boomi_listeners.testing.profiles import Profile

        try:
            Profile.parse(profile)
        except ValueError as exc:
            typer.echo(f"error: --profile: {exc}", err=True)
            return int(ExitCode.USAGE)
    argv = ["--host", host, "--port", str(port)]
    if profile is not None:
        argv += ["--profile", profile]
    if demo:
        argv.append("--demo")
    if data is not None:
        argv += ["--data", data]
    if apply_delay is not None:
        argv += ["--apply-delay", str(apply_delay)]
    return main([*argv, *extra], prog=PROG)
