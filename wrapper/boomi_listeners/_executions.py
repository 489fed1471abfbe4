"""Executions still running on a runtime, cancelling one, and the drain plan that waits them out.

Free of I/O. Boomi's graceful shutdown pauses listeners and then waits for running processes
to complete; a quiet runtime needs the same: no ``ExecutionRecord`` in status ``INPROCESS`` or
``STARTED``. :class:`DrainPlan` decides a drain the way ``_wait.WaitPlan`` decides a listener
wait: which runtimes to query this round (one query per runtime per round, and a runtime seen
idle is not asked again), what is still running, and when it is over.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from boomi_listeners._checks import check_id
from boomi_listeners._exceptions import BoomiError, BoomiTimeoutError, DrainTimeoutError
from boomi_listeners._exchange import logger
from boomi_listeners._paging import equals, grouping, query_request
from boomi_listeners._policies import PollPolicy
from boomi_listeners._protocol import Request

#: Cancellations are logged here (WARNING), apart from the request log, so a program can always show them.
cancellations = logger.getChild("cancellations")

__all__ = ["QUERY_PATH", "RUNNING_STATUSES", "DrainPlan", "DrainResult", "Execution"]

QUERY_PATH = "/ExecutionRecord/query"
ROW_TYPE = "ExecutionRecord"
#: The ExecutionRecord statuses of an execution that has not ended.
RUNNING_STATUSES = ("INPROCESS", "STARTED")


def _number(value: object) -> int | None:
    """A numeric field as Boomi writes it: ``3832``, ``"3832"`` or ``["Long", 3832]`` (its own example)."""
    if isinstance(value, list | tuple) and len(value) == 2 and isinstance(value[0], str):
        value = value[1]
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _time(value: object) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Execution:
    """One process execution as an ``ExecutionRecord`` reports it."""

    execution_id: str
    container_id: str
    process_id: str
    process_name: str
    status: str
    started: datetime.datetime | None = None
    duration_ms: int | None = None

    @property
    def running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @classmethod
    def from_dict(cls, row: Mapping[str, Any]) -> Execution:
        """From an ExecutionRecord row; KeyError/TypeError when the ID or status is missing."""
        execution_id, status = row["executionId"], row["status"]
        if not isinstance(execution_id, str) or not isinstance(status, str):
            raise TypeError("an ExecutionRecord needs string executionId and status")
        return cls(
            execution_id,
            str(row.get("atomId") or ""),
            str(row.get("processId") or ""),
            str(row.get("processName") or ""),
            status,
            _time(row.get("executionTime")),
            _number(row.get("executionDuration")),
        )

    def describe(self) -> str:
        since = f" since {self.started:%Y-%m-%dT%H:%M:%SZ}" if self.started else ""
        return f"{self.process_name or self.process_id} ({self.execution_id}, {self.status}{since})"


def running_query(container_id: str) -> Request:
    """The QUERY for executions not ended on one runtime: ``atomId`` EQUALS and status INPROCESS or STARTED."""
    runtime = equals("atomId", check_id(container_id, "container_id"))
    statuses = grouping("or", *(equals("status", status) for status in RUNNING_STATUSES))
    return query_request(QUERY_PATH, grouping("and", runtime, statuses))


def cancel_request(execution_id: str) -> Request:
    from boomi_listeners_api.api.cancel_execution import cancel_execution_operation

    return cancel_execution_operation._get_kwargs(execution_id=check_id(execution_id, "execution_id"))


def executions_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Execution]:
    """Running executions among ``rows`` (a server that ignores the status filter still gives the right answer)."""
    found: list[Execution] = []
    for row in rows:
        try:
            execution = Execution.from_dict(row)
        except (KeyError, TypeError):
            logger.debug("skipped an ExecutionRecord row without executionId and status")
            continue
        if execution.running:
            found.append(execution)
    return found


# -- draining ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrainResult:
    """A drain that ended with nothing running: the executions it waited for, the rounds and time it took."""

    container_ids: tuple[str, ...]
    waited_for: tuple[Execution, ...]
    rounds: int
    seconds: float


class DrainPlan:
    """Decide a drain: poll rounds until no runtime reports a running execution, or time runs out.

    Each round, :meth:`containers` names the runtimes to query (those not yet seen idle);
    :meth:`observe` takes a runtime's running executions and :meth:`fail` the error that kept
    it from answering (which ends the drain: a window must not go on blind). :meth:`expire`
    ends it when ``timeout`` has passed; :meth:`result` returns the :class:`DrainResult` or
    raises (DrainTimeoutError naming what still runs, or the runtime's error).
    """

    def __init__(
        self, container_ids: Sequence[str], *, timeout: float, poll: PollPolicy, now: float, ends: float | None = None
    ) -> None:
        self.container_ids = tuple(dict.fromkeys(container_ids))
        self.started = now
        self.ends = now + timeout if ends is None else min(now + timeout, ends)
        self._delay: Callable[[], float] = poll.delays()
        self._pending = list(self.container_ids)
        self._running: dict[str, tuple[Execution, ...]] = {}
        self._seen: dict[str, Execution] = {}
        self._error: BoomiError | None = None
        self._timed_out = False
        self._finished_at: float | None = None
        self.rounds = 0

    @property
    def finished(self) -> bool:
        return self._error is not None or self._timed_out or not self._pending

    def containers(self) -> list[str]:
        """The runtimes to query this round (each once)."""
        self.rounds += 1
        return list(self._pending)

    @property
    def running(self) -> dict[str, tuple[Execution, ...]]:
        """What each runtime still reported running at its last read (idle runtimes left out)."""
        return {c: found for c, found in self._running.items() if found}

    def observe(self, container_id: str, executions: Sequence[Execution], now: float) -> None:
        found = tuple(e for e in executions if e.running)
        self._running[container_id] = found
        for execution in found:
            self._seen.setdefault(execution.execution_id, execution)
        if not found and container_id in self._pending:
            self._pending.remove(container_id)
            if not self._pending:
                self._finished_at = now

    def fail(self, container_id: str, error: BoomiError, now: float) -> None:
        # The drain's deadline ran out mid-read, or a request was refused before it because its wait for the
        # account budget would have outlasted it: the drain's time is up, not a failure of the runtime.
        if isinstance(error, BoomiTimeoutError) and (
            getattr(error, "deadline_passed", False) or now >= self.ends - 1e-3
        ):
            self._timed_out = True
        elif self._error is None:
            self._error = error

    def expire(self, now: float) -> None:
        if self._pending and now >= self.ends:
            self._timed_out = True

    def next_delay(self, now: float) -> float:
        """Seconds to sleep before the next round: the poll policy's next delay, cut at the drain's end."""
        return max(min(self._delay(), self.ends - now), 0.0)

    def result(self) -> DrainResult:
        if self._error is not None:
            raise self._error
        if self._pending:
            running = tuple(e for c in self._pending for e in self._running.get(c, ()))
            names = "; ".join(e.describe() for e in running[:5]) or "no answer yet"
            more = f" and {len(running) - 5} more" if len(running) > 5 else ""
            raise DrainTimeoutError(
                f"executions still running after {self.ends - self.started:g}s on "
                f"{', '.join(self._pending)}: {names}{more}",
                running=running,
            )
        ended = self._finished_at if self._finished_at is not None else self.started
        return DrainResult(self.container_ids, tuple(self._seen.values()), self.rounds, ended - self.started)
