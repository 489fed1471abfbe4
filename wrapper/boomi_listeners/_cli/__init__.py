"""The ``boomi-listeners`` command line (entry point :func:`main`, Typer app :data:`app`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer

from boomi_listeners._cli._app import PROG, app
from boomi_listeners._cli._problems import internal

__all__ = ["app", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: the process arguments) and return the exit code."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name=PROG)
    except SystemExit as exc:
        return _code(exc.code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except Exception as exc:  # last resort, outside any command: one line, never a traceback
        print(f"error: {internal(exc).advice}", file=sys.stderr)
        return 1
    return 0


def _code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
