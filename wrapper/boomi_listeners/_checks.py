"""What callers pass, checked once, at the public methods, before any request.

Every check says what is wrong in one format, ``"<field> must be <what>; got <value>"``, with a
hint in parentheses where one helps: :class:`InvalidRequestError` (a ``ValueError`` naming the
field) for a value that cannot be used, ``TypeError`` for a switch that is not True or False.
The layers below trust what passed here and do not check it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, TypeGuard, TypeVar

from boomi_listeners._exceptions import InvalidRequestError

__all__ = [
    "check_count",
    "check_each",
    "check_flag",
    "check_id",
    "check_ids",
    "check_optional_id",
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


def check_ids(values: object, field: str, kind: str, *, at_least: int = 1) -> tuple[str, ...]:
    """A list of ``kind`` IDs (a lone string is a mistake; by default at least one), without repeats, in order."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise refused(field, f"a list of {kind} IDs", values, f"e.g. {field}=[{kind}_id]")
    ids = list(values)
    if len(ids) < at_least:
        raise refused(field, f"a list of at least one {kind} ID", ids)
    for index, value in enumerate(ids):
        check_id(value, f"{field}[{index}]")
    return tuple(dict.fromkeys(ids))


class Checkable(Protocol):
    """An item of a list argument that can check its own IDs (a change target, an expectation)."""

    def check(self) -> None: ...


_Item = TypeVar("_Item", bound=Checkable)
_Given = TypeVar("_Given")


def check_each(values: Iterable[_Given], field: str, coerce: Callable[[_Given, int], _Item]) -> list[_Item]:
    """Each item of a list argument, coerced and checked; an error names the item's index."""
    items = []
    for index, value in enumerate(values):
        item = coerce(value, index)
        try:
            item.check()
        except InvalidRequestError as exc:
            raise _at(exc, f"{field}[{index}]") from None
        items.append(item)
    return items


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
