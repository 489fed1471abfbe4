"""The wait engine: every wait of both clients, decided in one place and without I/O.

A 200 from ``changeListenerStatus`` means *accepted*; what happened is read back with the
ListenerStatus query. Every entry point that waits (a verb with ``wait=True``, ``wait_for``,
``wait_for_all``, ``wait_for_many``, ``change_many(wait=True)``, ``apply`` and a window's
pause and restore, ``snapshot`` settling a multi-node runtime) turns its work into
:class:`Expectation` values and runs one :class:`WaitPlan` through one small loop per
client: the plan says which runtimes to query this round (one query per runtime, shared by
every expectation on it), the client hands each answer to :meth:`WaitPlan.observe` (or its
error to :meth:`WaitPlan.fail`), and sleeps :meth:`WaitPlan.next_delay`.

The rules, each written once here:

* reached: the listener reports the expected status (for ``status=None``: any status its
  nodes agree on, i.e. not ``mixed``);
* a listener that *passes through* another status (a restart stops it before it starts
  again, see :data:`~boomi_listeners._actions.TRANSITIONS`) counts only once it has been seen
  outside the status it had before, or ``PollPolicy.restart_settle`` has passed;
* ``errored`` ends a wait for one listener at once with :class:`ListenerErroredError`,
  unless ``errored`` is what is awaited; a wait for every listener of a runtime reports its
  errored listeners in the states instead (a pause or resume leaves them errored, as
  ``TRANSITIONS`` says), once every other listener got there;
* ``mixed`` (nodes disagree) keeps waiting;
* a listener absent from complete results for ``PollPolicy.unreported_grace`` ends with
  :class:`ListenerNotReportedError`;
* the call's deadline ends what is left with :class:`WaitTimeoutError` carrying the last
  state seen, also when the deadline ran out inside a query (a request, a token poll or a
  wait for the account budget); any other failure of a query ends that runtime's
  expectations with the failure itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from boomi_listeners._actions import Action, ListenerStatusValue, Scope, StatusLike, parse_status
from boomi_listeners._checks import check_id, check_optional_id
from boomi_listeners._deadline import remaining
from boomi_listeners._exceptions import (
    APITimeoutError,
    BoomiError,
    BoomiTimeoutError,
    InvalidRequestError,
    ListenerErroredError,
    ListenerNotReportedError,
    UnexpectedResponseError,
    WaitTimeoutError,
)
from boomi_listeners._policies import PollPolicy
from boomi_listeners._protocol import RESPONSE_PATH, TokenAnswer
from boomi_listeners._results import ChangeResult, ChangeTarget, ListenerState

__all__ = [
    "MAX_REQUERIES",
    "Confirmation",
    "Expectation",
    "ExpectationLike",
    "QueryPoll",
    "WaitPlan",
    "change_expectations",
    "combined",
    "confirmed_result",
    "reads_before",
]

ERRORED = ListenerStatusValue.ERRORED
MIXED = ListenerStatusValue.MIXED


@dataclass(frozen=True)
class Expectation:
    """A status one listener (or, with ``listener_id`` None, every listener of a runtime) should reach.

    ``status``: a :class:`ListenerStatusValue` or its exact string (checked: ``"Paused"`` is
    refused before any request); ``None`` waits only for the nodes of a multi-node runtime to
    agree. ``restarted``: the listener was just restarted, so the status it had before
    (``before``, by default ``status``) does not count until it has been seen in another one
    or ``PollPolicy.restart_settle`` has passed.
    """

    container_id: str
    listener_id: str | None
    status: StatusLike | None
    restarted: bool = False
    before: StatusLike | None = None

    def __post_init__(self) -> None:
        # The IDs are checked where a caller hands them in (:meth:`check`), not for every Expectation built.
        if self.status is not None:
            object.__setattr__(self, "status", parse_status(self.status))
        if self.before is not None and not isinstance(self.before, ListenerStatusValue):
            object.__setattr__(self, "before", parse_status(self.before, "before"))

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

    def check(self) -> None:
        """Raise InvalidRequestError unless the IDs can be asked about."""
        check_id(self.container_id, "container_id")
        check_optional_id(self.listener_id, "listener_id")

    @property
    def departs_from(self) -> StatusLike | None:
        """The status that does not count until the listener was seen outside it (after a restart)."""
        return (self.before or self.status) if self.restarted else None


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


# -- from a change to what confirms it -------------------------------------------------------


def reads_before(action: Action) -> bool:
    """Whether confirming ``action`` needs each listener's status from before the change.

    Only a restart's result depends on it (a paused listener stays paused); a pause or a
    resume leads where it leads, and an errored listener ends their wait either way.
    """
    return action.with_scope(Scope.ONE) is Action.RESTART


def change_expectations(target: ChangeTarget, before: Sequence[ListenerState] | None = None) -> list[Expectation]:
    """What confirms ``target``, from :data:`TRANSITIONS` and the statuses read ``before`` it was sent.

    One expectation for a single listener. For ``*_all``: one per listener reported before,
    when the result depends on it (a restart), else one for the whole runtime. A row that
    leads to ``errored`` expects the status the action is for, so that the wait ends with
    ListenerErroredError rather than "confirming" an error.
    """
    action, container_id = target.action, target.container_id
    found = {s.listener_id: s.status for s in before or ()}

    def expect(listener_id: str | None, prior: str | None) -> Expectation:
        row = action.transition(prior)
        status = row.leads_to if row.leads_to is not ERRORED else action.leads_to
        return Expectation(container_id, listener_id, status, restarted=row.passes_through, before=_known(prior))

    if action.scope is Scope.ONE:
        return [expect(target.listener_id, found.get(target.listener_id or ""))]
    if before is not None and reads_before(action):
        return [expect(listener_id, prior) for listener_id, prior in found.items()]
    return [expect(None, None)]


def _known(value: str | None) -> ListenerStatusValue | None:
    """A status from before the change that a wait can depart from (not ``mixed``, not an unknown string)."""
    try:
        status = ListenerStatusValue(value) if value is not None else None
    except ValueError:
        return None
    return None if status is MIXED else status


def combined(target: ChangeTarget, confirmations: Sequence[Confirmation]) -> Confirmation:
    """One confirmation for a change confirmed by several expectations (a restart of every listener).

    Its states are every listener's, in order; its error the first one met.
    """
    if len(confirmations) == 1:
        return confirmations[0]
    whole = Expectation(target.container_id, target.listener_id, None)
    error = next((c.error for c in confirmations if c.error is not None), None)
    states = tuple(s for c in confirmations for s in c.states)
    return Confirmation(whole, () if error is not None else states, error)


def confirmed_result(result: ChangeResult, confirmation: Confirmation) -> ChangeResult:
    """``result`` with the confirmed states; the wait's error is raised."""
    if confirmation.error is not None:
        raise confirmation.error
    return ChangeResult(result.action, result.container_id, result.listener_id, confirmation.states)


# -- the plan ---------------------------------------------------------------------------------


class _Pending:
    """The plan's record of one expectation while it waits."""

    __slots__ = ("departed", "expectation", "index", "last", "missing_since", "result")

    def __init__(self, index: int, expectation: Expectation) -> None:
        self.index = index
        self.expectation = expectation
        self.departed = not expectation.restarted
        self.last: ListenerState | list[ListenerState] | None = None
        self.missing_since: float | None = None
        self.result: Confirmation | None = None


class WaitPlan:
    """Which runtimes to query this round, and which expectations are settled (no I/O here).

    ``now`` values come from the caller's monotonic clock and ``ends`` is the call's deadline
    on that clock (``now + timeout`` when not given), so tests can drive a plan by hand.
    ``timeout`` is the call's timeout, for messages.
    """

    def __init__(
        self,
        expectations: Iterable[Expectation],
        *,
        timeout: float,
        poll: PollPolicy,
        now: float,
        ends: float | None = None,
    ) -> None:
        self.timeout = timeout
        self.poll = poll
        self.started = now
        self.ends = now + timeout if ends is None else ends
        self._delay: Callable[[], float] = poll.delays()
        self._items = [_Pending(i, e) for i, e in enumerate(expectations)]
        self.rounds = 0

    # -- what to do next ----------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return all(item.result is not None for item in self._items)

    def containers(self) -> list[str]:
        """The runtimes to query this round: each runtime with a pending expectation, once, in first-seen order."""
        return list(dict.fromkeys(item.expectation.container_id for item in self._pending()))

    def listener_filter(self, container_id: str) -> str | None:
        """The one listener to narrow this runtime's query to, when it is all that is pending there."""
        pending = self._pending()
        wanted = {i.expectation.listener_id for i in pending if i.expectation.container_id == container_id}
        return wanted.pop() if len(wanted) == 1 else None

    def next_delay(self, now: float) -> float:
        """Seconds to sleep before the next round: the poll policy's next delay, cut at the deadline."""
        return max(min(self._delay(), self.ends - now), 0.0)

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
                self._observe_all(item, tuple(by_listener.values()), now)
            else:
                self._observe_one(item, by_listener.get(item.expectation.listener_id), now)

    def fail(self, container_id: str, error: BoomiError, now: float) -> None:
        """The query for ``container_id`` failed (after the policy's retries).

        When the call's time ran out inside it, its expectations end as timed out (with the
        last state seen and what the time ran out on); otherwise with ``error`` itself.
        """
        out_of_time = isinstance(error, BoomiTimeoutError) and (
            now >= self.ends or isinstance(error, WaitTimeoutError) or _deadline_error(error)
        )
        for item in self._pending():
            if item.expectation.container_id == container_id:
                failure = self._timeout(item, during=error) if out_of_time else error
                item.result = Confirmation(item.expectation, error=failure)

    def expire(self, now: float) -> None:
        """Expectations still pending at the deadline end with a WaitTimeoutError carrying the last state seen."""
        self.rounds += 1
        if now >= self.ends:
            for item in self._pending():
                item.result = Confirmation(item.expectation, error=self._timeout(item))

    # -- the rules ---------------------------------------------------------------------------------

    def _pending(self) -> list[_Pending]:
        return [item for item in self._items if item.result is None]

    def _departed(self, item: _Pending, states: Sequence[ListenerState], now: float) -> bool:
        """A restarted listener counts once seen outside its old status, or once the settle time passed."""
        if not item.departed:
            away = item.expectation.departs_from
            item.departed = any(s.status != away for s in states) or now - self.started >= self.poll.restart_settle
        return item.departed

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
        if not self._departed(item, (state,), now):
            return
        if _reached(state, e.status):
            item.result = Confirmation(e, states=(state,))
        elif state.status == ERRORED:
            item.result = Confirmation(e, error=self._errored(item, (state,)))

    def _observe_all(self, item: _Pending, states: tuple[ListenerState, ...], now: float) -> None:
        e = item.expectation
        item.last = list(states)
        if not self._departed(item, states, now):
            return
        # An errored listener stays errored under a pause or a resume (TRANSITIONS): that is where
        # the action leads it, so a whole runtime's wait reports it in the states, not waits for it.
        if all(_reached(s, e.status) or s.status == ERRORED for s in states):
            item.result = Confirmation(e, states=states)

    # -- one wording per outcome -------------------------------------------------------------------

    def _errored(self, item: _Pending, errored: Sequence[ListenerState]) -> ListenerErroredError:
        e = item.expectation
        which = ", ".join(s.listener_id for s in errored)
        return ListenerErroredError(
            f"listener {which} on container {e.container_id} reports 'errored' and will not reach {_wanted(e)} "
            "without help: "
            "only a restart clears an error (check the process on the runtime)",
            last_state=item.last,
            expected=str(e.status or ""),
        )

    def _timeout(self, item: _Pending, during: BoomiError | None = None) -> WaitTimeoutError:
        e = item.expectation
        what = f"listener {e.listener_id}" if e.listener_id else "every listener"
        spent = _spent_on(during) if during is not None else "waiting for the listener"
        return WaitTimeoutError(
            f"{what} on container {e.container_id} did not reach {_wanted(e)} within {self.timeout:.3g}s; "
            f"last seen: {_describe(item.last, e.listener_id)} (the time ran out {spent})",
            last_state=item.last,
            expected=str(e.status or ""),
        )

    def _not_reported(self, item: _Pending, absent_for: float) -> ListenerNotReportedError:
        e = item.expectation
        assert e.listener_id is not None
        return ListenerNotReportedError(
            f"listener {e.listener_id} on container {e.container_id} is absent from complete ListenerStatus "
            f"results (for {absent_for:.1f}s), so reaching {_wanted(e)} cannot be confirmed (if Boomi accepted the "
            "change, it may well have applied): Boomi does not report some listeners (e.g. Web Services Server); "
            "check it in Runtime Management",
            last_state=item.last if isinstance(item.last, ListenerState) else None,
            expected=str(e.status or ""),
            container_id=e.container_id,
            listener_id=e.listener_id,
        )


def _reached(state: ListenerState, status: StatusLike | None) -> bool:
    return state.status != MIXED if status is None else state.status == status


def _wanted(e: Expectation) -> str:
    return "one status on every node" if e.status is None else repr(str(e.status))


def _deadline_error(error: BoomiError) -> bool:
    return isinstance(error, APITimeoutError) and error.deadline_passed


def _spent_on(error: BoomiError) -> str:
    text = str(error)
    if "budget" in text:
        return "waiting for the account's request budget"
    if isinstance(error, WaitTimeoutError):
        return "while the ListenerStatus query was still running"
    return f"during a request ({text})"


def _describe(last: ListenerState | list[ListenerState] | None, listener_id: str | None) -> str:
    if last is None:
        return "nothing (the listener was not in any result)" if listener_id else "no result"
    if isinstance(last, ListenerState):
        return str(last.status)
    return ", ".join(f"{s.listener_id}={s.status}" for s in last) or "no listeners"


def _by_listener(states: Sequence[ListenerState]) -> dict[str, ListenerState]:
    """One state per listener (the clients aggregate per-node rows already; a repeat is merged the same way)."""
    grouped: dict[str, list[ListenerState]] = {}
    for state in states:
        grouped.setdefault(state.listener_id, []).append(state)
    return {listener_id: ListenerState.merged(rows) for listener_id, rows in grouped.items()}


# -- reading one ListenerStatus query ------------------------------------------------------

#: How often one ``statuses`` call starts the query again after a token read answered 204.
MAX_REQUERIES = 3


class QueryPoll:
    """The token-polling loop of one ``statuses`` call: what to do after each read."""

    def __init__(self, container_id: str, poll: PollPolicy) -> None:
        self.container_id = container_id
        self._delay = poll.delays()
        self.requeries = 0

    def after(self, answer: TokenAnswer) -> float | None:
        """None to start a fresh query (the token is gone), else seconds to sleep before the next read.

        Raises WaitTimeoutError when the call's deadline leaves no time to read again.
        """
        if answer.gone:
            self.requeries += 1
            if self.requeries > MAX_REQUERIES:
                raise UnexpectedResponseError(
                    f"GET {RESPONSE_PATH} answered 204 (result already read or expired) {self.requeries} times in "
                    "a row; the ListenerStatus result could not be read"
                )
            return None
        return self.sleep_or_stop(self._delay())

    def sleep_or_stop(self, delay: float) -> float:
        """``delay``, shortened to the time left; WaitTimeoutError when none is left."""
        if remaining() == 0:
            raise WaitTimeoutError(
                f"the ListenerStatus query for container {self.container_id} did not complete in time",
                expected="complete",
            )
        left = remaining()  # 0 was refused above: a sleep never runs past the call's deadline
        return delay if left is None else min(delay, left)
