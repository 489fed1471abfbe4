"""Boomi's QueryFilter, evaluated, and its paging (100 results a page, then ``queryMore``).

A QueryFilter holds one expression: a SimpleExpression (``property``, ``operator``, ``argument``)
or a GroupingExpression (``and``/``or`` over nested expressions, to any depth). Which properties and
operators an object accepts is the spec's business: the request was validated against the effective
spec before it gets here, so a property the spec does not list has already been answered with 400.
What is left are the rules the schema cannot say (how many arguments an operator takes).

Comparisons are on text, as Boomi's are: ``LIKE`` takes ``%`` as "any run of characters" and
``_`` as "any one character"; ``CONTAINS`` is a substring test; a property holding several values
(an Atom's capabilities) matches when any value does.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .objects import PlatformObject

__all__ = ["PAGE_SIZE", "FilterError", "Page", "Pager", "matches"]

#: Results per page, as Boomi pages every query.
PAGE_SIZE = 100
#: Pages kept for queryMore per fake; the oldest are forgotten beyond this, as Boomi's tokens expire.
MAX_OPEN_QUERIES = 1000

_ARGUMENT_COUNTS = {"IS_NULL": 0, "IS_NOT_NULL": 0, "BETWEEN": 2}


class FilterError(ValueError):
    """The filter breaks a rule the schema cannot express; the message is the 400 answer's."""


def _like(pattern: str) -> re.Pattern[str]:
    parts = (".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), re.DOTALL)


def _compare(operator: str, values: Sequence[str], arguments: Sequence[str]) -> bool:
    if operator == "IS_NULL":
        return not values
    if operator == "IS_NOT_NULL":
        return bool(values)
    if operator in ("NOT_EQUALS", "NOT_CONTAINS"):
        return not _compare(operator.removeprefix("NOT_"), values, arguments)
    argument = arguments[0]
    tests: dict[str, Callable[[str], bool]] = {
        "EQUALS": lambda value: value == argument,
        "CONTAINS": lambda value: argument in value,
        "LIKE": lambda value: _like(argument).fullmatch(value) is not None,
        "BETWEEN": lambda value: arguments[0] <= value <= arguments[1],
        "GREATER_THAN": lambda value: value > argument,
        "GREATER_THAN_OR_EQUAL": lambda value: value >= argument,
        "LESS_THAN": lambda value: value < argument,
        "LESS_THAN_OR_EQUAL": lambda value: value <= argument,
    }
    return any(tests[operator](value) for value in values)


def check_expression(expression: Mapping[str, Any], where: str = "QueryFilter.expression") -> None:
    """Raise FilterError for empty values or an operator given the wrong number of arguments, anywhere in the tree."""
    if "nestedExpression" in expression or expression.get("operator") in ("and", "or"):
        for i, nested in enumerate(expression.get("nestedExpression") or []):
            check_expression(nested, f"{where}.nestedExpression[{i}]")
        return
    operator = str(expression.get("operator"))
    arguments = expression.get("argument") or []
    wanted = _ARGUMENT_COUNTS.get(operator, 1)
    if any(not isinstance(argument, str) or not argument for argument in arguments):
        # As for ListenerStatus queries: an empty value matches nothing anyone means (and in XML an
        # empty <argument/> cannot be told from a missing one).
        raise FilterError(f"Invalid request: {where}.argument: each value must be a non-empty string.")
    if len(arguments) != wanted:
        raise FilterError(
            f"Invalid request: {where}: operator {operator} takes {wanted} argument(s), got {len(arguments)}; "
            f"give {wanted} argument value(s)."
        )


def matches(obj: PlatformObject, expression: Mapping[str, Any] | None) -> bool:
    """Whether ``obj`` passes the (already validated and checked) expression; no expression passes all."""
    if not expression:
        return True
    if "nestedExpression" in expression or expression.get("operator") in ("and", "or"):
        nested = expression.get("nestedExpression") or []
        combine = all if expression.get("operator") == "and" else any
        return combine(matches(obj, item) for item in nested)
    prop = str(expression.get("property"))
    return _compare(str(expression.get("operator")), obj.filterable.get(prop, ()), expression.get("argument") or [])


@dataclass(frozen=True)
class Page:
    """One page of results and the token for the next one (None on the last page)."""

    results: list[PlatformObject]
    total: int
    query_token: str | None


class Pager:
    """Hands out results a page at a time; ``queryMore`` with the token returns the next page.

    A token belongs to one account and one object type, and is good for one read: the next page
    carries the token after it.
    """

    def __init__(self, new_token: Callable[[], str] | None = None) -> None:
        self._lock = threading.Lock()
        counter = itertools.count(1)
        self._new_token = new_token or (lambda: f"EXAMPLE-queryToken-{next(counter):06d}")
        # token -> (account, object type, results after the page, total of the query)
        self._open: dict[str, tuple[str, str, list[PlatformObject], int]] = {}

    def first(self, account_id: str, object_type: str, results: list[PlatformObject]) -> Page:
        return self._page(account_id, object_type, results, len(results))

    def more(self, account_id: str, object_type: str, token: str) -> Page | None:
        """The page after ``token``, or None when the token is unknown, used, or another account's."""
        with self._lock:
            entry = self._open.get(token)
            if entry is None or entry[:2] != (account_id, object_type):
                return None
            del self._open[token]
        return self._page(account_id, object_type, entry[2], entry[3])

    def _page(self, account_id: str, object_type: str, results: list[PlatformObject], total: int) -> Page:
        """The first page of ``results``; ``numberOfResults`` is the whole query's count on every page."""
        page, rest = results[:PAGE_SIZE], results[PAGE_SIZE:]
        token: str | None = None
        if rest:
            token = self._new_token()
            with self._lock:
                self._open[token] = (account_id, object_type, rest, total)
                while len(self._open) > MAX_OPEN_QUERIES:
                    self._open.pop(next(iter(self._open)))
        return Page(page, total, token)
