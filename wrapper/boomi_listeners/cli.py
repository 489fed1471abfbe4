"""The ``boomi-listeners`` console script; see ``boomi-listeners --help``."""

from __future__ import annotations

from boomi_listeners._cli import app, main

__all__ = ["app", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
