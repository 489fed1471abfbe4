"""What callers pass, checked once, at the public methods, before any request.

Every check says what is wrong in one format, ``"<field> must be <what>; got <value>"``, with a
hint in parentheses where one helps: :class:`InvalidRequestError` (a ``ValueError`` naming the
field) for a value that cannot be used, ``TypeError`` for a switch that is not True or False.
The layers below trust what passed here and do not check it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

from boomi_listeners._actions import Action, Scope
from boomi_listeners._exceptions import InvalidRequestError
from boomi_listeners._results import ChangeTarget
from boomi_listeners._wait import Expectation, ExpectationLike

__all__ = [
    "check_count",
    "check_expectations",
    "check_flag",
    "check_id",
    "check_ids",
    "check_optional_id",
    "check_target",
    "check_targets",
    "refused",
]


def refused(field: str, what: str, value: object, hint: str = "") -> InvalidRequestError:
    """The one message of a value a public method cannot use."""
    message = f"{field} must be {what}; got {value!r}"
    return InvalidRequestError(f"{message} ({hint})" if hint else message, field=field)


def check_id(value: object, field: str, hint: str = "") -> str:
    """An ID: a string with something in it besides spaces."""
    if not _is_id(value):
        raise refused(field, "a non-empty string", value, hint)
    return value


def check_optional_id(value: object, field: str, hint: str = "") -> str | None:
    """An ID, or None (every listener)."""
    if value is not None and not _is_id(value):
        raise refused(field, "a non-empty string or None", value, hint or "None for every listener")
    return value


def _is_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def check_ids(values: object, field: str, kind: str) -> tuple[str, ...]:
    """A list of at least one ``kind`` ID (a lone string is a mistake), without repeats, in the order given."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise refused(field, f"a list of {kind} IDs", values, f"e.g. {field}=[{kind}_id]")
    ids = list(values)
    if not ids:
        raise refused(field, f"a list of at least one {kind} ID", ids)
    for index, value in enumerate(ids):
        check_id(value, f"{field}[{index}]")
    return tuple(dict.fromkeys(ids))


def check_target(action: Action, container_id: object, listener_id: object) -> None:
    """The IDs a change needs: a runtime, and one listener (``pause``) or none (``pause_all``)."""
    check_id(container_id, "container_id", "the ID of the Runtime, Runtime cluster or Runtime cloud")
    every, one = action.with_scope(Scope.ALL).value, action.with_scope(Scope.ONE).value
    if action.scope is Scope.ONE:
        check_id(listener_id, "listener_id", f"{action.value!r} needs the listener's ID; {every!r} changes every one")
    elif listener_id is not None:
        raise refused("listener_id", "None", listener_id, f"{action.value!r} changes every listener; use {one!r}")


def check_targets(values: Iterable[ChangeTarget | Mapping[str, Any] | tuple[Any, ...]]) -> list[ChangeTarget]:
    """``change_many``'s targets, each as a ChangeTarget with usable IDs; an error names its index."""
    targets = []
    for index, value in enumerate(values):
        target = ChangeTarget.coerce(value, index)
        try:
            check_target(target.action, target.container_id, target.listener_id)
        except InvalidRequestError as exc:
            raise _at(exc, f"targets[{index}]") from None
        targets.append(target)
    return targets


def check_expectations(values: Iterable[ExpectationLike]) -> list[Expectation]:
    """``wait_for_many``'s expectations, each with usable IDs; an error names its index."""
    expectations = []
    for index, value in enumerate(values):
        expectation = Expectation.coerce(value, index)
        try:
            check_id(expectation.container_id, "container_id")
            check_optional_id(expectation.listener_id, "listener_id")
        except InvalidRequestError as exc:
            raise _at(exc, f"expectations[{index}]") from None
        expectations.append(expectation)
    return expectations


def check_flag(value: object, field: str) -> bool:
    """A switch: True or False, not something truthy."""
    if not isinstance(value, bool):
        raise TypeError(f"{field} must be True or False; got {value!r}")
    return value


def check_count(value: object, field: str, minimum: int = 1) -> int:
    """A whole number of at least ``minimum`` (True is not 1)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise refused(field, f"an integer of at least {minimum}", value)
    return value


def _at(error: InvalidRequestError, where: str) -> InvalidRequestError:
    """``error`` about one item of a list, naming it."""
    return InvalidRequestError(f"{where}: {error}", field=f"{where}.{error.field}")
