"""What a long call is doing, on stderr, on a terminal only: elapsed time and what is still pending.

Nothing is drawn when stderr is not a terminal (a CI log, a pipe): there the
result lines say it all, and a redrawn line would only be noise.

A bulk change has two phases, shown apart so that the bar never reads "done"
while the runtimes are still being asked: first the requests are sent (the bar
counts sends), then, with ``--wait``, the accepted changes are confirmed (the bar
counts the confirmations seen in the status reads the SDK makes, and names the
listeners still waited on, until the SDK returns).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

__all__ = ["Phases", "bulk_progress", "pending_text", "spinner", "stderr_is_terminal"]

#: Listener IDs named in a "pending" line before the rest is counted.
_SHOWN = 3


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def pending_text(names: Sequence[str]) -> str:
    """``a, b, c and 4 more`` — a line that stays short however many are pending."""
    shown = ", ".join(names[:_SHOWN])
    rest = len(names) - _SHOWN
    return f"{shown} and {rest} more" if rest > 0 else shown


def _progress(*, bar: bool) -> Progress:
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if bar:
        columns += [BarColumn(), TextColumn("{task.fields[counts]}")]
    columns.append(TimeElapsedColumn())
    return Progress(*columns, console=Console(stderr=True, highlight=False), transient=True)


@contextmanager
def spinner(description: str, *, show: bool) -> Iterator[None]:
    """A spinner with the elapsed time while the block runs (one wait, one query)."""
    if not show:
        yield
        return
    with _progress(bar=False) as progress:
        progress.add_task(description, total=None)
        yield


class Phases(Protocol):
    """The two phases of a bulk change, as the progress display shows them."""

    def sent(self, done: int, total: int) -> None: ...

    def confirming(self, pending: Sequence[str], confirmed: int = 0, total: int | None = None) -> None: ...


class _Quiet:
    def sent(self, done: int, total: int) -> None:
        pass

    def confirming(self, pending: Sequence[str], confirmed: int = 0, total: int | None = None) -> None:
        pass


class _Shown:
    def __init__(self, progress: Progress, task: TaskID, label: str) -> None:
        self._progress, self._task, self._label = progress, task, label

    def sent(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total, counts=f"{done}/{total} sent")

    def confirming(self, pending: Sequence[str], confirmed: int = 0, total: int | None = None) -> None:
        """The confirmations: ``confirmed`` of ``total`` seen so far, and the ones still ``pending``."""
        total = total if total is not None else confirmed + len(pending)
        waiting = f"confirming {pending_text(pending)}" if pending else "confirmed"
        self._progress.update(
            self._task,
            total=max(total, 1),
            completed=confirmed,
            description=f"{self._label}: {waiting}",
            counts=f"{confirmed}/{total} confirmed",
        )


@contextmanager
def bulk_progress(label: str, total: int, *, show: bool) -> Iterator[Phases]:
    """The bar of a bulk change: sends counted, then the confirmations still pending."""
    if not show:
        yield _Quiet()
        return
    with _progress(bar=True) as progress:
        task = progress.add_task(f"{label}: sending", total=total, counts=f"0/{total} sent")
        yield _Shown(progress, task, label)
