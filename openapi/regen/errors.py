"""The one error type the regen command turns into a message and exit code 2 (never a traceback)."""

from __future__ import annotations


class RegenError(Exception):
    """A problem the user can act on: a bad file, an overlay that no longer fits, a failed generator."""

    exit_code = 2
