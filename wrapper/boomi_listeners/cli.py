"""The ``boomi-listeners`` console script; see ``boomi-listeners --help``.

The command line lives in the ``cli`` extra (typer, rich), so that a service
importing the SDK does not install a CLI stack. Without the extra the command
says how to install it and exits 2 (a usage error: nothing was attempted).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["INSTALL_HINT", "main"]

INSTALL_HINT = 'The boomi-listeners command needs the "cli" extra: pip install "boomi-listeners[cli]"'
_CLI_MODULES = frozenset({"typer", "click", "rich"})
_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: the process arguments) and return the exit code."""
    try:
        from boomi_listeners._cli import main as run
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in _CLI_MODULES:
            raise
        print(f"error: {INSTALL_HINT} ({exc.name} is not installed)", file=sys.stderr)
        return _USAGE
    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())
