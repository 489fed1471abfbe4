"""The six listener actions and what each one means.

Boomi's enum is flat; the meaning behind it (one listener or all, the status
an action leads to, its inverse) is what callers need to pause safely and
resume afterwards.
"""

from __future__ import annotations

import enum

from boomi_listeners._exceptions import InvalidRequestError

__all__ = ["Action", "ListenerStatusValue", "Scope"]


class Scope(enum.Enum):
    """Whether an action addresses one listener or every listener on a runtime."""

    ONE = "one"
    ALL = "all"


class ListenerStatusValue(enum.StrEnum):
    """The listener statuses Boomi documents (the API types them as plain strings)."""

    LISTENING = "listening"
    PAUSED = "paused"
    ERRORED = "errored"


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
        """The status a listener reaches once the runtime has applied the action."""
        return ListenerStatusValue.PAUSED if self.value.startswith("pause") else ListenerStatusValue.LISTENING

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

    def validate(self, *, container_id: str | None, listener_id: str | None) -> None:
        """Raise InvalidRequestError unless the IDs fit this action."""
        if not isinstance(container_id, str) or not container_id.strip():
            raise InvalidRequestError(
                f"container_id is required for {self.value!r}: pass the ID of the Runtime, "
                "Runtime cluster or Runtime cloud, e.g. container_id='d96ff19e-…'",
                field="container_id",
            )
        if self.scope is Scope.ONE and (not isinstance(listener_id, str) or not listener_id.strip()):
            raise InvalidRequestError(
                f"listener_id is required for {self.value!r}: pass the listener's process ID, "
                f"or use {self.with_scope(Scope.ALL).value!r} to change every listener on the runtime",
                field="listener_id",
            )
        if self.scope is Scope.ALL and listener_id is not None:
            raise InvalidRequestError(
                f"listener_id must be omitted for {self.value!r}, which changes every listener on the "
                f"runtime; use {self.with_scope(Scope.ONE).value!r} to change one listener",
                field="listener_id",
            )

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
