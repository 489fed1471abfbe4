"""One deadline per public call, honoured by retries, polls and the transport alike.

A per-read timeout does not bound a call: a server that drips one byte at a
time never trips it, and retries and polls add up. Each public call therefore
sets a deadline (a context variable, so it follows the call into the transport
and into an asyncio task without being passed around); the transport caps every
request's timeouts at the time left and stops reading a body when it runs out.
Nested calls (``wait_for`` runs ``statuses``) keep the earlier deadline.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from boomi_listeners._exceptions import InvalidRequestError

if TYPE_CHECKING:
    from boomi_listeners._deadline_exceeded import DeadlineExceeded as DeadlineExceeded

__all__ = ["DEADLINE", "DeadlineExceeded", "checked_timeout", "deadline", "deadline_at", "now", "remaining"]

DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("boomi_listeners_deadline", default=None)


def __getattr__(name: str) -> Any:
    # DeadlineExceeded is an httpx exception: httpx loads with the first module that raises or catches it, not
    # with every module that only reads the deadline (the command line's options and `--help` need no httpx).
    if name == "DeadlineExceeded":
        from boomi_listeners._deadline_exceeded import DeadlineExceeded

        return DeadlineExceeded
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def checked_timeout(value: object, name: str = "timeout") -> float:
    """``value`` as a finite, positive number of seconds; InvalidRequestError (a ValueError) or TypeError otherwise.

    Checked before any request, so ``wait=True, timeout="5"`` fails before the
    change is sent rather than after.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds; got {value!r}")
    seconds = float(value)
    if not math.isfinite(seconds) or seconds <= 0:
        raise InvalidRequestError(f"{name} must be a finite number of seconds above 0; got {value!r}", field=name)
    return seconds


def deadline(seconds: float) -> contextlib.AbstractContextManager[float]:
    """Run the block under a deadline ``seconds`` from now (or the enclosing call's, if earlier)."""
    return deadline_at(now() + seconds)


@contextlib.contextmanager
def deadline_at(ends: float) -> Iterator[float]:
    """Run the block under the deadline ``ends`` (on the :func:`now` clock), or the enclosing one if earlier.

    A window's opening spans a snapshot and the pause but not the body; this resumes
    the opening's deadline after the journal was written.
    """
    outer = DEADLINE.get()
    if outer is not None:
        ends = min(ends, outer)
    token = DEADLINE.set(ends)
    try:
        yield ends
    finally:
        DEADLINE.reset(token)


def now() -> float:
    """The clock deadlines are counted on (monotonic); a test's virtual clock can stand in for this function."""
    return time.monotonic()


def remaining() -> float | None:
    """Seconds left before the current deadline (never negative), or None outside any deadline."""
    ends = DEADLINE.get()
    return None if ends is None else max(ends - now(), 0.0)
