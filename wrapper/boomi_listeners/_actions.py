"""The six listener actions, what each one leads to, and the listener statuses.

Boomi's enum is flat; the meaning behind it (one listener or all, the status
an action leads to from each status, its inverse) is what callers need to pause
safely and resume afterwards. :data:`TRANSITIONS` is that meaning as data: the
wait engine, the embedded fake and the docs all read it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from boomi_listeners._checks import check_id, refused
from boomi_listeners._exceptions import InvalidRequestError

__all__ = [
    "TRANSITIONS",
    "Action",
    "ListenerStatusValue",
    "Scope",
    "StatusLike",
    "Transition",
    "parse_status",
]


class Scope(enum.Enum):
    """Whether an action addresses one listener or every listener on a runtime."""

    ONE = "one"
    ALL = "all"


class ListenerStatusValue(enum.StrEnum):
    """The listener statuses Boomi documents (the API types them as plain strings), and ``mixed``.

    ``mixed`` is never sent by Boomi: it is what a :class:`ListenerState` says while the
    nodes of a multi-node runtime report different statuses for one listener. A str enum,
    so ``state.status == "paused"`` works as well as ``== ListenerStatusValue.PAUSED``.
    """

    LISTENING = "listening"
    PAUSED = "paused"
    ERRORED = "errored"
    MIXED = "mixed"

    def __repr__(self) -> str:
        # Shown inside ListenerState reprs and messages: 'paused' reads better than <ListenerStatusValue...>.
        return repr(self.value)


#: A status a caller may wait for: the enum or its exact string. ``mixed`` is not one.
StatusLike = ListenerStatusValue | Literal["listening", "paused", "errored"]
_WAITABLE = (ListenerStatusValue.LISTENING, ListenerStatusValue.PAUSED, ListenerStatusValue.ERRORED)


def parse_status(value: object, field: str = "status") -> ListenerStatusValue:
    """``value`` as a status one can wait for; InvalidRequestError (or TypeError) naming the choices otherwise.

    Exact values only: ``"Paused"`` or ``"resumed"`` would make a wait spend its whole
    timeout on a status Boomi never reports, so they are refused before any request.
    """
    if not isinstance(value, str):
        raise TypeError(f"{field} must be one of {', '.join(_WAITABLE)}; got {type(value).__name__} {value!r}")
    for status in _WAITABLE:
        if value == status.value:
            return status
    hint = ""
    lowered = value.strip().lower()
    if lowered in _WAITABLE:
        hint = f" (statuses are lower case: {lowered!r})"
    elif lowered in ("resumed", "running", "started", "active"):
        hint = " (a resumed or running listener reports 'listening')"
    raise InvalidRequestError(
        f"{field} must be one of {', '.join(_WAITABLE)}; got {value!r}{hint}",
        field=field,
    )


class Action(enum.StrEnum):
    """A ``changeListenerStatus`` action; the values are Boomi's enum exactly."""

    RESTART = "restart"
    RESTART_ALL = "restart_all"
    PAUSE = "pause"
    PAUSE_ALL = "pause_all"
    RESUME = "resume"
    RESUME_ALL = "resume_all"

    @property
    def scope(self) -> Scope:
        """ONE for pause/resume/restart, ALL for the ``*_all`` forms."""
        return Scope.ALL if self.value.endswith("_all") else Scope.ONE

    @property
    def leads_to(self) -> ListenerStatusValue:
        """The status the action is for: ``paused`` for a pause, ``listening`` for a resume or restart.

        What a listener actually reaches also depends on its status before the change (a
        restart keeps a paused listener paused): see :meth:`transition`.
        """
        return ListenerStatusValue.PAUSED if self.value.startswith("pause") else ListenerStatusValue.LISTENING

    def transition(self, before: str | None) -> Transition:
        """What this action does to a listener whose status was ``before`` (None: not known).

        One row of :data:`TRANSITIONS`; a status the table has no row for (not known,
        ``mixed``, or one Boomi never documented) gets the action's :attr:`leads_to`.
        """
        verb = self.with_scope(Scope.ONE)
        try:
            return TRANSITIONS[(verb, ListenerStatusValue(before))] if before is not None else _UNKNOWN[verb]
        except (KeyError, ValueError):
            return _UNKNOWN[verb]

    @property
    def inverse(self) -> Action | None:
        """pause <-> resume (same scope); a restart has no inverse."""
        return _INVERSES.get(self)

    @property
    def is_idempotent(self) -> bool:
        """Repeating a pause or resume is harmless; repeating a restart restarts twice."""
        return not self.value.startswith("restart")

    def with_scope(self, scope: Scope) -> Action:
        """The same verb for one listener or for all of them."""
        verb = self.value.removesuffix("_all")
        return Action(verb if scope is Scope.ONE else f"{verb}_all")

    def validate(self, *, container_id: object, listener_id: object) -> None:
        """Raise InvalidRequestError unless the IDs fit this action (the check every change makes).

        A runtime, and one listener (``pause``) or none (``pause_all``).
        """
        check_id(container_id, "container_id", "the ID of the Runtime, Runtime cluster or Runtime cloud")
        every, one = self.with_scope(Scope.ALL).value, self.with_scope(Scope.ONE).value
        if self.scope is Scope.ONE:
            check_id(listener_id, "listener_id", f"{self.value!r} needs the listener's ID; {every!r} changes every one")
        elif listener_id is not None:
            raise refused("listener_id", "None", listener_id, f"{self.value!r} changes every listener; use {one!r}")

    @classmethod
    def parse(cls, value: str | Action) -> Action:
        """Accept an Action or its string value; name the allowed values otherwise."""
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(a.value for a in cls)
            raise InvalidRequestError(f"action must be one of {allowed}; got {value!r}", field="action") from None


_INVERSES = {
    Action.PAUSE: Action.RESUME,
    Action.RESUME: Action.PAUSE,
    Action.PAUSE_ALL: Action.RESUME_ALL,
    Action.RESUME_ALL: Action.PAUSE_ALL,
}


@dataclass(frozen=True)
class Transition:
    """What one action does to a listener in one status.

    ``leads_to``: the status the listener settles in. ``passes_through``: the listener is
    first seen in another status (a restart stops the listener before it starts again), so
    a wait must not take the status it had before as the result; it waits to see it leave
    that status, for at most ``PollPolicy.restart_settle``. ``source``: where the rule comes
    from (see docs/boomi-behaviour.md), or ``choice`` where the evidence is silent.
    """

    leads_to: ListenerStatusValue
    passes_through: bool = False
    source: str = ""


_L, _P, _E = ListenerStatusValue.LISTENING, ListenerStatusValue.PAUSED, ListenerStatusValue.ERRORED

#: For each single-listener action and status before it, what Boomi leads the listener to.
#: The ``*_all`` actions apply the same row to every listener of the runtime.
TRANSITIONS: Mapping[tuple[Action, ListenerStatusValue], Transition] = {
    (Action.PAUSE, _L): Transition(_P, source="S1"),
    (Action.PAUSE, _P): Transition(_P, source="S1"),
    (Action.PAUSE, _E): Transition(_E, source="choice: S11 offers Pause on running listeners only"),
    (Action.RESUME, _L): Transition(_L, source="S1"),
    (Action.RESUME, _P): Transition(_L, source="S1, S11"),
    (Action.RESUME, _E): Transition(_E, source="S11: Resume acts on paused listeners only"),
    (Action.RESTART, _L): Transition(_L, passes_through=True, source="S11"),
    (Action.RESTART, _P): Transition(_P, source="S11, S12: a paused listener stays paused"),
    (Action.RESTART, _E): Transition(_L, passes_through=True, source="choice: a restart is how an error is cleared"),
}

#: Where the status before is not known: the status the action is for.
_UNKNOWN: Mapping[Action, Transition] = {
    Action.PAUSE: Transition(_P, source="S1"),
    Action.RESUME: Transition(_L, source="S1"),
    Action.RESTART: Transition(_L, passes_through=True, source="choice"),
}
