"""Bulk changes without I/O: one outcome per target whatever happens, shared by both clients.

``change_many`` promises exactly one outcome per target. The clients' loops call
:func:`outcome_of` around each change, so any exception (a BoomiError, or anything else: a bug,
an answer nobody foresaw) lands on that target's outcome; :class:`ProgressReporter` does the
same for a progress callback that raises; :func:`with_confirmations` joins the coalesced wait's
findings to the outcomes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence

import attrs

from boomi_listeners import _protocol, _wait
from boomi_listeners._exceptions import BoomiError, UnexpectedError
from boomi_listeners._results import ChangeOutcome, ChangeTarget, ListenerState
from boomi_listeners._wait import Confirmation, Expectation

__all__ = [
    "Progress",
    "ProgressReporter",
    "UnexpectedError",
    "change_label",
    "expectation_groups",
    "outcome_of",
    "regrouped",
    "runtimes_read_before",
    "unexpected",
    "with_confirmations",
]

Progress = Callable[[int, int, ChangeOutcome], None]
_MAX_DETAIL = 200


def unexpected(exc: Exception, doing: str) -> UnexpectedError:
    detail = str(exc)
    if len(detail) > _MAX_DETAIL:
        detail = detail[:_MAX_DETAIL] + "..."
    error = UnexpectedError(f"{doing}: unexpected {type(exc).__name__}" + (f": {detail}" if detail else ""))
    error.__cause__ = exc
    return error


def change_label(target: ChangeTarget) -> str:
    """The change as messages and logs name it: ``pause on container C, listener L``."""
    return _protocol.describe(target.action, target.container_id, target.listener_id)


def outcome_of(target: ChangeTarget, attempts: int, failure: BaseException | None) -> ChangeOutcome:
    """The outcome of a change that failed with ``failure`` (any Exception) after ``attempts`` attempts."""
    if isinstance(failure, BoomiError):
        return ChangeOutcome(target, error=failure, attempts=attempts)
    assert isinstance(failure, Exception)
    return ChangeOutcome(target, error=unexpected(failure, change_label(target)), attempts=max(attempts, 1))


class ProgressReporter:
    """Calls ``progress(done, total, outcome)`` once per finished change, one call at a time.

    A callback that raises does not stop the batch: that target's outcome carries the error
    (an UnexpectedError whose cause is the callback's exception) and the next targets go on.
    """

    def __init__(self, progress: Progress | None, total: int) -> None:
        if progress is not None and not callable(progress):
            raise TypeError(f"progress must be a callable (done, total, outcome) or None; got {progress!r}")
        self._progress = progress
        self._total = total
        self._done = 0
        self._lock = threading.Lock()

    def report(self, outcome: ChangeOutcome) -> ChangeOutcome:
        with self._lock:
            self._done += 1
            if self._progress is None:
                return outcome
            try:
                self._progress(self._done, self._total, outcome)
            except Exception as exc:  # the caller's callback; its failure is recorded, not raised
                if outcome.error is not None:
                    return outcome
                return attrs.evolve(outcome, error=unexpected(exc, "the progress callback"))
            return outcome


def runtimes_read_before(targets: Sequence[ChangeTarget]) -> list[str]:
    """The runtimes whose statuses a confirmed bulk change reads before sending: those with a restart."""
    return list(dict.fromkeys(t.container_id for t in targets if _wait.reads_before(t.action)))


def expectation_groups(
    outcomes: Sequence[ChangeOutcome], before: Mapping[str, Sequence[ListenerState] | BoomiError]
) -> list[list[Expectation]]:
    """What confirms each accepted change (one group per accepted outcome, in order)."""
    groups = []
    for outcome in accepted(outcomes):
        read = before.get(outcome.target.container_id)
        groups.append(_wait.change_expectations(outcome.target, None if isinstance(read, BoomiError) else read))
    return groups


def regrouped(
    outcomes: Sequence[ChangeOutcome], groups: Sequence[Sequence[Expectation]], confirmations: Sequence[Confirmation]
) -> list[Confirmation]:
    """One confirmation per accepted change, from the flat list the wait returned for its groups."""
    found = iter(confirmations)
    return [
        _wait.combined(outcome.target, [next(found) for _ in group])
        for outcome, group in zip(accepted(outcomes), groups, strict=True)
    ]


def with_confirmations(outcomes: Sequence[ChangeOutcome], confirmations: Sequence[Confirmation]) -> list[ChangeOutcome]:
    """Join the wait's confirmations (one per accepted outcome, in order) to the outcomes.

    A confirmed outcome gets the states in its ``result``; an unconfirmed one keeps its
    ``result`` (the change was accepted) and gets the wait's error.
    """
    found = iter(confirmations)
    joined = []
    for outcome in outcomes:
        if outcome.error is not None or outcome.result is None:
            joined.append(attrs.evolve(outcome, waited=True))
            continue
        confirmation = next(found)
        if confirmation.error is None:
            joined.append(
                attrs.evolve(outcome, result=attrs.evolve(outcome.result, states=confirmation.states), waited=True)
            )
        else:
            joined.append(attrs.evolve(outcome, error=confirmation.error, waited=True))
    return joined


def accepted(outcomes: Sequence[ChangeOutcome]) -> list[ChangeOutcome]:
    """The outcomes whose change Boomi accepted: the ones a wait confirms."""
    return [o for o in outcomes if o.error is None and o.result is not None]
