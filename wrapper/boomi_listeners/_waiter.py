"""Confirming many listeners at once: the round planning, without I/O, shared by both clients.

Requests are the scarce resource (Boomi allows about 10 per second per account), so a wait on
many listeners must not cost a query per listener. :class:`WaitPlan` groups what is expected by
runtime; each poll round the client runs ONE ListenerStatus query per runtime that still has
something pending, hands the answer to :meth:`WaitPlan.observe`, and sleeps
:meth:`WaitPlan.next_delay`. The plan decides, per expectation, when it is confirmed and why it
is not: a timeout (with the last state seen), an errored listener, a listener that complete
results never report (``PollPolicy.unreported_grace``), or the query's own error. A ``"mixed"``
status (nodes of a multi-node runtime disagree) keeps waiting.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from boomi_listeners._actions import ListenerStatusValue
from boomi_listeners._exceptions import (
    BoomiError,
    InvalidRequestError,
    ListenerErroredError,
    ListenerNotReportedError,
    WaitTimeoutError,
)
from boomi_listeners._policies import PollPolicy
from boomi_listeners._results import ListenerState

__all__ = ["Confirmation", "Expectation", "ExpectationLike", "WaitPlan", "checked_timeout"]

MIXED = "mixed"


@dataclass(frozen=True)
class Expectation:
    """A status one listener (or, with ``listener_id`` None, every listener of a runtime) should reach.

    ``restarted``: the listener was just restarted, so its old ``listening`` status does not
    count; it must first be seen in another status (or ``PollPolicy.restart_settle`` pass).
    """

    container_id: str
    listener_id: str | None
    status: str
    restarted: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.container_id, str) or not self.container_id.strip():
            raise InvalidRequestError("container_id must be a runtime ID (a non-empty string)", field="container_id")
        if self.listener_id is not None and (not isinstance(self.listener_id, str) or not self.listener_id.strip()):
            raise InvalidRequestError(
                "listener_id must be a non-empty string or None (every listener)", field="listener_id"
            )
        if not isinstance(self.status, str) or not self.status.strip():
            raise InvalidRequestError(
                "status must be a listener status such as 'paused' or 'listening'", field="status"
            )

    @classmethod
    def coerce(cls, value: ExpectationLike, index: int) -> Expectation:
        """Accept an Expectation, a mapping or a (container_id, listener_id, status) tuple."""
        try:
            if isinstance(value, Expectation):
                return value
            if isinstance(value, Mapping):
                return cls(value["container_id"], value.get("listener_id"), value["status"])
            return cls(*value)
        except InvalidRequestError as exc:
            raise InvalidRequestError(f"expectations[{index}]: {exc}", field=f"expectations[{index}]") from None
        except (KeyError, TypeError) as exc:
            raise InvalidRequestError(
                f"expectations[{index}]: expected an Expectation, a mapping with container_id/listener_id/status "
                f"or a (container_id, listener_id, status) tuple; got {value!r} ({exc})",
                field=f"expectations[{index}]",
            ) from None


ExpectationLike = Expectation | Mapping[str, Any] | Sequence[Any]


@dataclass(frozen=True)
class Confirmation:
    """What a wait found for one expectation: the confirmed ``states``, or the ``error`` that says why not.

    ``states`` holds the listener's state (one listener) or every listener's (a whole runtime).
    """

    expectation: Expectation
    states: tuple[ListenerState, ...] = ()
    error: BoomiError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def state(self) -> ListenerState | None:
        """The listener's confirmed state, or the last one seen when it was not confirmed."""
        if self.states and self.expectation.listener_id is not None:
            return self.states[0]
        last = getattr(self.error, "last_state", None)
        return last if isinstance(last, ListenerState) else None


def checked_timeout(timeout: object, name: str = "timeout") -> float:
    """A finite, non-negative number of seconds; TypeError/ValueError before any request otherwise."""
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(f"{name} must be a number of seconds; got {timeout!r}")
    if not math.isfinite(timeout) or timeout < 0:
        raise ValueError(f"{name} must be a finite, non-negative number of seconds; got {timeout!r}")
    return float(timeout)


class _Pending:
    """The plan's record of one expectation while it waits."""

    __slots__ = ("deadline", "departed", "expectation", "index", "last", "missing_since", "result")

    def __init__(self, index: int, expectation: Expectation, deadline: float) -> None:
        self.index = index
        self.expectation = expectation
        self.deadline = deadline
        self.departed = not expectation.restarted
        self.last: ListenerState | list[ListenerState] | None = None
        self.missing_since: float | None = None
        self.result: Confirmation | None = None


class WaitPlan:
    """Which runtimes to query this round, and which expectations are settled (no I/O here).

    ``now`` values come from the caller's monotonic clock, so tests can drive a plan by hand.
    """

    def __init__(self, expectations: Iterable[Expectation], *, timeout: float, poll: PollPolicy, now: float) -> None:
        self.timeout = checked_timeout(timeout)
        self.poll = poll
        self.started = now
        self._delay: Callable[[], float] = poll.delays()
        self._items = [_Pending(i, e, now + self.timeout) for i, e in enumerate(expectations)]
        self.rounds = 0

    # -- what to do next ----------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return all(item.result is not None for item in self._items)

    def containers(self) -> list[str]:
        """The runtimes to query this round: each runtime with a pending expectation, once, in first-seen order."""
        return list(dict.fromkeys(item.expectation.container_id for item in self._pending()))

    def query_timeout(self, container_id: str, now: float) -> float:
        """How long this round's query of ``container_id`` may take: until its last pending deadline (>= 1 s)."""
        deadlines = [i.deadline for i in self._pending() if i.expectation.container_id == container_id]
        return max(max(deadlines, default=now) - now, 1.0)

    def next_delay(self, now: float) -> float:
        """Seconds to sleep before the next round: the poll policy's next delay, cut at the nearest deadline."""
        nearest = min((i.deadline for i in self._pending()), default=now)
        return max(min(self._delay(), nearest - now), 0.0)

    def results(self) -> list[Confirmation]:
        """One confirmation per expectation, in the order given (only once :attr:`finished`)."""
        missing = [item.index for item in self._items if item.result is None]
        if missing:
            raise RuntimeError(f"the wait plan is not finished: expectations {missing} are pending")
        return [item.result for item in self._items if item.result is not None]

    # -- what the queries found ------------------------------------------------------------------

    def observe(self, container_id: str, states: Sequence[ListenerState], now: float) -> None:
        """A complete ListenerStatus result for ``container_id``, received at ``now``."""
        by_listener = _by_listener(states)
        for item in self._pending():
            if item.expectation.container_id != container_id:
                continue
            if item.expectation.listener_id is None:
                self._observe_all(item, list(by_listener.values()), now)
            else:
                self._observe_one(item, by_listener.get(item.expectation.listener_id), now)

    def fail(self, container_id: str, error: BoomiError) -> None:
        """The query for ``container_id`` failed (after the policy's retries): its pending expectations fail."""
        for item in self._pending():
            if item.expectation.container_id == container_id:
                item.result = Confirmation(item.expectation, error=error)

    def fail_all(self, error: BoomiError) -> None:
        """Settle every pending expectation with ``error`` (the wait itself could not go on)."""
        for item in self._pending():
            item.result = Confirmation(item.expectation, error=error)

    def expire(self, now: float) -> None:
        """Expectations whose deadline passed end with a WaitTimeoutError carrying the last state seen."""
        self.rounds += 1
        for item in self._pending():
            if now >= item.deadline:
                item.result = Confirmation(item.expectation, error=self._timeout(item))

    # -- internals ---------------------------------------------------------------------------------

    def _pending(self) -> list[_Pending]:
        return [item for item in self._items if item.result is None]

    def _observe_one(self, item: _Pending, state: ListenerState | None, now: float) -> None:
        e = item.expectation
        if state is None:
            if item.missing_since is None:
                item.missing_since = now
            if now - item.missing_since >= self.poll.unreported_grace:
                item.result = Confirmation(e, error=self._not_reported(item, now - item.missing_since))
            return
        item.missing_since = None
        item.last = state
        if not item.departed:
            item.departed = state.status != e.status or now - self.started >= self.poll.restart_settle
            if not item.departed:
                return
        if state.status == e.status:
            item.result = Confirmation(e, states=(state,))
        elif state.status == ListenerStatusValue.ERRORED:
            item.result = Confirmation(
                e,
                error=ListenerErroredError(
                    f"listener {e.listener_id} on container {e.container_id} reports 'errored'; "
                    f"it will not reach {e.status!r} without help (check the process on the runtime)",
                    last_state=state,
                    expected=e.status,
                ),
            )

    def _observe_all(self, item: _Pending, states: list[ListenerState], now: float) -> None:
        e = item.expectation
        item.last = states
        if not item.departed:
            away = any(s.status != e.status for s in states)
            item.departed = away or now - self.started >= self.poll.restart_settle
            if not item.departed:
                return
        # Errored listeners are not waited for: they would never reach the status.
        if all(s.status in (e.status, ListenerStatusValue.ERRORED) for s in states):
            item.result = Confirmation(e, states=tuple(states))

    def _timeout(self, item: _Pending) -> WaitTimeoutError:
        e = item.expectation
        what = f"listener {e.listener_id}" if e.listener_id else "every listener"
        last = item.last
        if last is None:
            seen = "nothing (the listener was not in any result)" if e.listener_id else "no result"
        elif isinstance(last, ListenerState):
            seen = last.status
        else:
            seen = ", ".join(f"{s.listener_id}={s.status}" for s in last) or "no listeners"
        return WaitTimeoutError(
            f"{what} on container {e.container_id} did not reach {e.status!r} within {self.timeout:g}s; "
            f"last seen: {seen}",
            last_state=last,
            expected=e.status,
        )

    def _not_reported(self, item: _Pending, absent_for: float) -> ListenerNotReportedError:
        e = item.expectation
        assert e.listener_id is not None
        return ListenerNotReportedError(
            f"listener {e.listener_id} on container {e.container_id} is absent from complete ListenerStatus "
            f"results (for {absent_for:.1f}s), so reaching {e.status!r} cannot be confirmed; Boomi does not "
            "report some listeners (e.g. Web Services Server)",
            last_state=item.last if isinstance(item.last, ListenerState) else None,
            expected=e.status,
            container_id=e.container_id,
            listener_id=e.listener_id,
        )


def _by_listener(states: Sequence[ListenerState]) -> dict[str, ListenerState]:
    """One state per listener: rows that disagree for one listener read as ``"mixed"``."""
    grouped: dict[str, list[ListenerState]] = {}
    for state in states:
        grouped.setdefault(state.listener_id, []).append(state)
    merged: dict[str, ListenerState] = {}
    for listener_id, rows in grouped.items():
        if len(rows) == 1:
            merged[listener_id] = rows[0]
            continue
        statuses = tuple(s for row in rows for s in (row.nodes or (row.status,)))
        status = statuses[0] if len(set(statuses)) == 1 else MIXED
        merged[listener_id] = ListenerState(listener_id, status, rows[0].connector_type, statuses)
    return merged
