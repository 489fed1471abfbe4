"""Typed values the clients return.

attrs classes (attrs is a dependency already): frozen, hashable, and ``attrs.asdict`` /
``attrs.evolve`` work on them, as on the generated models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from boomi_listeners._actions import Action, ListenerStatusValue
from boomi_listeners._exceptions import BoomiError, InvalidRequestError

__all__ = ["ChangeOutcome", "ChangeResult", "ChangeTarget", "ListenerState"]


def _status(value: ListenerStatusValue | str) -> ListenerStatusValue | str:
    """A documented status as its ListenerStatusValue; one Boomi never documented is kept as sent."""
    try:
        return ListenerStatusValue(value)
    except ValueError:
        return value


@attrs.frozen
class ListenerState:
    """One listener's status as the ListenerStatus query reported it.

    A multi-node runtime (molecule, cloud) may report one row per node. ``status``
    is the status every row agrees on, or ``"mixed"`` while they disagree (a change
    still spreading across nodes); ``nodes`` keeps each row's status, in the order
    Boomi sent them, whenever there was more than one row.

    ``status`` is a :class:`ListenerStatusValue` (a str enum: ``state.status == "paused"``
    works) for every status Boomi documents; a status Boomi never documented is kept as
    the string it sent, so that reading stays tolerant.
    """

    listener_id: str
    status: ListenerStatusValue | str = attrs.field(converter=_status)
    connector_type: str | None = None
    nodes: tuple[str, ...] = ()
    #: The listener's (process's) name, when the call looked names up (``named_statuses``); else None.
    name: str | None = None

    @classmethod
    def merged(cls, rows: Sequence[ListenerState]) -> ListenerState:
        """One listener's rows (one per node) as one state: the status they agree on, or ``mixed``.

        The only place the ``mixed`` aggregate is decided.
        """
        first = rows[0]
        if len(rows) == 1:
            return first
        statuses = tuple(s for row in rows for s in (row.nodes or (str(row.status),)))
        agreed = statuses[0] if len(set(statuses)) == 1 else ListenerStatusValue.MIXED
        connector = next((row.connector_type for row in rows if row.connector_type), None)
        return cls(first.listener_id, agreed, connector, statuses)


@attrs.frozen
class ChangeResult:
    """A change Boomi accepted; ``states`` is filled only when the call waited."""

    action: Action
    container_id: str
    listener_id: str | None = None
    states: tuple[ListenerState, ...] = ()


@attrs.frozen
class ChangeTarget:
    """One change for :meth:`ListenerClient.change_many`."""

    action: Action
    container_id: str
    listener_id: str | None = None

    @classmethod
    def coerce(cls, value: ChangeTarget | Mapping[str, Any] | tuple[Any, ...], index: int) -> ChangeTarget:
        """Accept a ChangeTarget, a mapping or an (action, container_id[, listener_id]) tuple (IDs: :meth:`check`)."""
        try:
            if isinstance(value, ChangeTarget):
                target = value
            elif isinstance(value, Mapping):
                target = cls(Action.parse(value["action"]), value["container_id"], value.get("listener_id"))
            else:
                target = cls(Action.parse(value[0]), *value[1:])
        except InvalidRequestError as exc:
            raise InvalidRequestError(f"targets[{index}]: {exc}", field=f"targets[{index}].{exc.field}") from None
        except (KeyError, IndexError, TypeError) as exc:
            raise InvalidRequestError(
                f"targets[{index}]: expected a ChangeTarget, a mapping with action/container_id[/listener_id] "
                f"or an (action, container_id[, listener_id]) tuple; got {value!r} ({exc})",
                field=f"targets[{index}]",
            ) from None
        return target

    def check(self) -> None:
        """Raise InvalidRequestError unless the IDs fit the action."""
        self.action.validate(container_id=self.container_id, listener_id=self.listener_id)


@attrs.frozen
class ChangeOutcome:
    """What happened to one target of a bulk change.

    ``result`` is set when Boomi accepted the change, ``error`` when it did not or when (with
    ``wait=True``) the change was accepted but not confirmed; never neither. ``ok`` means
    accepted and, if the call waited, confirmed: then ``result.states`` holds the confirmed state.
    """

    target: ChangeTarget
    result: ChangeResult | None = None
    error: BoomiError | None = None
    attempts: int = 1
    #: The call waited for this change to take effect (``change_many(wait=True)``).
    waited: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def accepted(self) -> bool:
        """Boomi accepted the change request (it may still be unconfirmed: see ``error``)."""
        return self.result is not None

    @property
    def confirmed(self) -> bool:
        """The call waited and saw the status the action leads to."""
        return self.waited and self.ok

    @property
    def state(self) -> ListenerState | None:
        """One listener's confirmed state, or the last state seen when the wait did not confirm it."""
        if self.result is not None and self.result.states and self.target.listener_id is not None:
            return self.result.states[0]
        last = getattr(self.error, "last_state", None)
        return last if isinstance(last, ListenerState) else None
