"""From "what runtimes report" and "what a document says" to the fewest change requests (no I/O).

The rules, for each runtime:

* a listener already at the document's status is left alone;
* an ``errored`` listener is reported, never touched (pausing or resuming does not repair it,
  and a ``pause`` would hide the error);
* a document status of ``errored`` cannot be brought about: such a listener is reported as skipped;
* a listener the document names but the runtime does not report is reported as missing;
* the listeners that move are changed with one request each (``pause`` / ``resume``), so a plan
  changes exactly the listeners it names and never one the runtime did not report (Boomi may
  leave some listeners out of its status answer, and a listener may be deployed after the read);
* only with ``fewest_requests=True``: one ``pause_all`` / ``resume_all`` when *every* listener the
  runtime reports moves the same way (and at least two do). That request also moves listeners the
  runtime did not report and those deployed since the read: the caller accepts that.

And for each runtime whose document entry covers its process schedules (version 2):

* a schedule already as the document says (``enabled``) is left alone;
* one that differs gets one ``ProcessScheduleStatus`` update (``{id, atomId, processId, enabled}``);
* one the document names but the runtime does not report is reported as missing (nothing sent);
* schedules the runtime reports but the document does not name are left alone;
* when the runtime's schedules could not be read, each of its schedules is reported unreadable.

:class:`Execution` then follows the sent requests and the status polls to one outcome per
listener; both clients drive it, so they agree on every verdict.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from boomi_listeners import _protocol
from boomi_listeners._actions import Action, ListenerStatusValue, Scope, parse_status
from boomi_listeners._documents import StateDocument
from boomi_listeners._exceptions import BoomiError, UnexpectedResponseError
from boomi_listeners._results import ChangeOutcome, ChangeTarget, ListenerState
from boomi_listeners._schedules import ScheduleStatus
from boomi_listeners._wait import Confirmation, Expectation

__all__ = [
    "ApplyResult",
    "Execution",
    "ListenerOutcome",
    "ListenerPlan",
    "Plan",
    "PlannedChange",
    "ScheduleOutcome",
    "SchedulePlan",
    "make_plan",
]

Verdict = Literal["unchanged", "change", "errored", "skipped", "missing", "unreadable", "overridden"]
Result = Literal["unchanged", "changed", "sent", "planned", "failed", "errored", "skipped", "missing", "overridden"]
ScheduleVerdict = Literal["unchanged", "change", "missing", "unreadable"]
ScheduleResult = Literal["unchanged", "changed", "planned", "failed", "missing", "unreadable"]
#: What a runtime reported, or the error that kept it from answering.
Current = Mapping[str, Sequence[ListenerState] | BoomiError]
#: Each runtime's schedule statuses as it reported them, or the error that kept it from answering.
CurrentSchedules = Mapping[str, Sequence[ScheduleStatus] | BoomiError]
Key = tuple[str, str]

_MOVE = {ListenerStatusValue.PAUSED.value: Action.PAUSE, ListenerStatusValue.LISTENING.value: Action.RESUME}
_OK_RESULTS = frozenset({"unchanged", "changed", "sent", "overridden"})
_OK_SCHEDULE_RESULTS = frozenset({"unchanged", "changed"})


@dataclass(frozen=True)
class PlannedChange:
    """One changeListenerStatus request and the listeners it moves."""

    action: Action
    container_id: str
    listener_id: str | None
    listeners: tuple[str, ...]

    def target(self) -> ChangeTarget:
        return ChangeTarget(self.action, self.container_id, self.listener_id)

    def describe(self) -> str:
        return _protocol.describe(self.action, self.container_id, self.listener_id)


@dataclass(frozen=True)
class ListenerPlan:
    """One listener of the document: what it is, what it should be, and what the plan does about it."""

    container_id: str
    listener_id: str
    wanted: str
    current: str | None
    verdict: Verdict
    error: BoomiError | None = None


@dataclass(frozen=True)
class SchedulePlan:
    """One process schedule of the document: what it should be, what the runtime reports, and the verdict.

    ``wanted`` and ``current`` are ``enabled`` values (``current`` None: not reported, or not
    read). ``verdict``: ``unchanged``, ``change`` (one update), ``missing`` (the runtime does not
    report it: nothing sent) or ``unreadable`` (``error`` says why the runtime's schedules could
    not be read). ``name`` is the process's name when the document carries it.
    """

    container_id: str
    schedule_id: str
    process_id: str
    wanted: bool
    current: bool | None
    verdict: ScheduleVerdict
    error: BoomiError | None = None
    name: str | None = None

    def update(self) -> ScheduleStatus:
        """The status the update sends: the document's ``enabled`` for this schedule."""
        return ScheduleStatus(self.schedule_id, self.container_id, self.process_id, self.wanted)


@dataclass(frozen=True)
class Plan:
    """The change requests that bring runtimes to a document, and the verdict for each listener and schedule.

    ``schedules`` holds one verdict per schedule of the document's runtimes that cover schedules
    (empty for a version 1 document); :attr:`schedule_changes` are the updates they call for.
    """

    changes: tuple[PlannedChange, ...]
    listeners: tuple[ListenerPlan, ...]
    schedules: tuple[SchedulePlan, ...] = ()

    @property
    def requests(self) -> int:
        """How many changeListenerStatus requests the plan sends (status polls and schedule updates not counted:
        see :attr:`schedule_requests`)."""
        return len(self.changes)

    @property
    def schedule_changes(self) -> tuple[ScheduleStatus, ...]:
        """The ``ProcessScheduleStatus`` updates the plan sends, one per schedule that differs, in document order."""
        return tuple(item.update() for item in self.schedules if item.verdict == "change")

    @property
    def schedule_requests(self) -> int:
        """How many ``ProcessScheduleStatus`` updates the plan sends (the schedule reads not counted)."""
        return len(self.schedule_changes)

    def change_for(self, container_id: str, listener_id: str) -> PlannedChange | None:
        for change in self.changes:
            if change.container_id == container_id and listener_id in change.listeners:
                return change
        return None


@dataclass(frozen=True)
class ListenerOutcome:
    """What ``apply`` did for one listener of the document.

    ``result``: ``unchanged`` (already right), ``changed`` (sent and confirmed), ``sent``
    (accepted, not waited for), ``planned`` (dry run), ``failed`` (``error`` says why: the
    request failed, the status was not confirmed in time, or the runtime could not be read),
    ``errored`` (the listener is errored: reported, not touched), ``skipped`` (the document
    says ``errored``, which no request can bring about), ``missing`` (the runtime does not
    report the listener), ``overridden`` (a window's restore: the listener the window paused
    is already back at its status, changed by someone else during the window; left alone).
    """

    container_id: str
    listener_id: str
    wanted: str
    before: str | None
    after: str | None
    result: Result
    action: Action | None = None
    error: BoomiError | None = None

    @property
    def ok(self) -> bool:
        """The listener is (or, for ``sent``, was accepted to become) as the document says."""
        return self.result in _OK_RESULTS


@dataclass(frozen=True)
class ScheduleOutcome:
    """What ``apply`` did for one process schedule of the document.

    ``result``: ``unchanged`` (already as the document says), ``changed`` (updated, and Boomi's
    answer shows the document's value), ``planned`` (dry run), ``failed`` (``error`` says why: the
    update failed, or its answer did not show the wanted value), ``missing`` (the runtime does not
    report the schedule: nothing sent), ``unreadable`` (the runtime's schedules could not be read:
    ``error`` says why). ``before`` and ``after`` are ``enabled`` values (None when not known).
    """

    container_id: str
    schedule_id: str
    process_id: str
    wanted: bool
    before: bool | None
    after: bool | None
    result: ScheduleResult
    error: BoomiError | None = None
    #: The process's name, when the document carries it.
    name: str | None = None

    @property
    def ok(self) -> bool:
        """The schedule is as the document says."""
        return self.result in _OK_SCHEDULE_RESULTS


@dataclass(frozen=True)
class ApplyResult:
    """The plan ``apply`` followed and one outcome per listener (and schedule) of the document, in document order.

    ``schedule_outcomes`` is empty for a document without schedules (version 1).
    """

    plan: Plan
    outcomes: tuple[ListenerOutcome, ...]
    schedule_outcomes: tuple[ScheduleOutcome, ...] = ()

    @property
    def ok(self) -> bool:
        """Every listener and schedule matches the document (for a dry run: nothing needs to change)."""
        return all(o.ok for o in self.outcomes) and all(o.ok for o in self.schedule_outcomes)

    @property
    def failed(self) -> tuple[ListenerOutcome | ScheduleOutcome, ...]:
        """The listener outcomes, then the schedule outcomes, that do not match the document."""
        every: tuple[ListenerOutcome | ScheduleOutcome, ...] = (*self.outcomes, *self.schedule_outcomes)
        return tuple(o for o in every if not o.ok)


def make_plan(
    document: StateDocument,
    current: Current,
    *,
    force: Collection[Key] = (),
    confirmed: Collection[Key] = (),
    fewest_requests: bool = False,
    schedules: CurrentSchedules | None = None,
) -> Plan:
    """The plan that brings each runtime of ``document`` from ``current`` to the document's state.

    ``schedules`` holds what the runtimes whose document entry covers schedules report (container
    ID -> statuses, or the error that kept them from answering); a runtime left out is unreadable.
    Without ``schedules`` (None) the plan leaves every schedule out: the caller did not read them.

    ``force`` names listeners that get their request even when the runtime already reports the
    wanted status, or could not be read: a window's restore resends the resume of a listener
    whose pause was accepted but never confirmed, because such a pause is invisible until it
    lands. ``confirmed`` names listeners known to have been left at the other status (a
    confirmed pause): one found at the wanted status was changed by someone else since, and is
    left alone (verdict ``overridden``). ``fewest_requests`` allows ``*_all`` requests (see the
    module docstring).
    """
    changes: list[PlannedChange] = []
    verdicts: list[ListenerPlan] = []
    for runtime in document.runtimes:
        container_id = runtime.container_id
        found = current.get(container_id)
        error = found if isinstance(found, BoomiError) else None
        reported = None if found is None or isinstance(found, BoomiError) else {s.listener_id: s for s in found}
        moving: dict[str, Action] = {}
        for item in runtime.listeners:
            key = (container_id, item.listener_id)
            state = reported.get(item.listener_id) if reported is not None else None
            now = state.status if state is not None else None
            verdict = _verdict(
                item.status, now, readable=reported is not None, forced=key in force, confirmed=key in confirmed
            )
            verdicts.append(ListenerPlan(container_id, item.listener_id, item.status, now, verdict, error))
            if verdict == "change":
                moving[item.listener_id] = _MOVE[item.status]
        changes.extend(_group(container_id, moving, reported, fewest_requests=fewest_requests))
    planned = () if schedules is None else tuple(_schedule_plans(document, schedules))
    return Plan(tuple(changes), tuple(verdicts), planned)


def _schedule_plans(document: StateDocument, current: CurrentSchedules) -> list[SchedulePlan]:
    """One verdict per schedule of each runtime whose document entry covers schedules, in document order."""
    plans: list[SchedulePlan] = []
    for runtime in document.runtimes:
        if runtime.schedules is None:
            continue
        found = current.get(runtime.container_id)
        error = found if isinstance(found, BoomiError) else None
        reported = None if found is None or isinstance(found, BoomiError) else {s.schedule_id: s for s in found}
        for item in runtime.schedules:
            state = reported.get(item.schedule_id) if reported is not None else None
            now = state.enabled if state is not None else None
            verdict: ScheduleVerdict
            if reported is None:
                verdict = "unreadable"
            elif now is None:
                verdict = "missing"
            else:
                verdict = "unchanged" if now == item.enabled else "change"
            where = (runtime.container_id, item.schedule_id, item.process_id)
            plans.append(SchedulePlan(*where, item.enabled, now, verdict, error, item.name))
    return plans


def _verdict(wanted: str, now: str | None, *, readable: bool, forced: bool, confirmed: bool = False) -> Verdict:
    if now == ListenerStatusValue.ERRORED:
        return "unchanged" if wanted == ListenerStatusValue.ERRORED else "errored"
    if wanted == ListenerStatusValue.ERRORED:
        return "skipped" if readable and now is not None else ("unreadable" if not readable else "missing")
    if not readable:
        return "change" if forced else "unreadable"
    if now is None:
        return "missing"
    if now == wanted and confirmed and not forced:
        return "overridden"
    if now == wanted and not forced:
        return "unchanged"
    return "change"


def _group(
    container_id: str,
    moving: Mapping[str, Action],
    reported: Mapping[str, ListenerState] | None,
    *,
    fewest_requests: bool = False,
) -> list[PlannedChange]:
    """One request per listener; with ``fewest_requests``, one ``*_all`` when every reported listener moves alike."""
    actions = set(moving.values())
    if (
        fewest_requests
        and reported is not None
        and len(moving) >= 2
        and len(actions) == 1
        and set(reported) == set(moving)
    ):
        action = actions.pop()
        return [PlannedChange(action.with_scope(Scope.ALL), container_id, None, tuple(moving))]
    return [PlannedChange(action, container_id, lid, (lid,)) for lid, action in moving.items()]


@dataclass
class _Tracked:
    plan: ListenerPlan
    change: PlannedChange | None
    result: Result
    after: str | None = None
    error: BoomiError | None = None


@dataclass
class Execution:
    """Follows a plan through its requests and its confirmation to one outcome per listener.

    The client sends :meth:`targets` (as a bulk change), hands the outcomes to :meth:`sent`,
    sends :meth:`schedule_updates` and hands their answers to :meth:`schedules_sent`, waits for
    :meth:`expectations` with the one wait engine and hands its confirmations to :meth:`confirm`.
    Both clients drive it, so they agree on every verdict.
    """

    plan: Plan
    wait: bool = True
    _tracked: dict[Key, _Tracked] = field(default_factory=dict)
    _schedule_answers: dict[Key, ScheduleStatus | BoomiError] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in self.plan.listeners:
            change = self.plan.change_for(item.container_id, item.listener_id)
            self._tracked[(item.container_id, item.listener_id)] = _Tracked(
                item, change, _initial(item), item.current, item.error
            )

    def targets(self) -> list[ChangeTarget]:
        return [change.target() for change in self.plan.changes]

    def sent(self, outcomes: Sequence[ChangeOutcome]) -> None:
        """Record what the bulk change answered for each planned change (same order)."""
        for change, outcome in zip(self.plan.changes, outcomes, strict=True):
            for listener_id in change.listeners:
                tracked = self._tracked[(change.container_id, listener_id)]
                if outcome.error is not None:
                    tracked.result, tracked.error = "failed", outcome.error
                else:
                    tracked.result = "planned" if self.wait else "sent"

    def _awaited(self) -> list[tuple[Key, _Tracked]]:
        return [(key, t) for key, t in self._tracked.items() if t.result == "planned" and t.change is not None]

    def expectations(self) -> list[Expectation]:
        """What confirms the accepted changes: each listener they move, at the document's status."""
        return [Expectation(c, listener_id, parse_status(t.plan.wanted)) for (c, listener_id), t in self._awaited()]

    def confirm(self, confirmations: Sequence[Confirmation]) -> None:
        """The wait's findings, one per expectation (same order): changed, or failed with the reason."""
        for (_, tracked), confirmation in zip(self._awaited(), confirmations, strict=True):
            state = confirmation.state
            if state is not None:
                tracked.after = state.status
            if confirmation.error is None:
                tracked.result = "changed"
            else:
                tracked.result, tracked.error = "failed", confirmation.error

    def schedule_updates(self) -> list[ScheduleStatus]:
        """The schedule updates to send (each sets the document's ``enabled``); idempotent, so they may be retried."""
        return list(self.plan.schedule_changes)

    def schedules_sent(self, answers: Sequence[ScheduleStatus | BoomiError]) -> None:
        """What each update answered (same order as :meth:`schedule_updates`): the status Boomi now reports,
        or the error that kept it from being set."""
        changing = [item for item in self.plan.schedules if item.verdict == "change"]
        for item, answer in zip(changing, answers, strict=True):
            self._schedule_answers[(item.container_id, item.schedule_id)] = answer

    def result(self) -> ApplyResult:
        schedules = tuple(
            _schedule_outcome(item, self._schedule_answers.get((item.container_id, item.schedule_id)))
            for item in self.plan.schedules
        )
        outcomes = tuple(
            ListenerOutcome(
                container_id,
                listener_id,
                t.plan.wanted,
                t.plan.current,
                t.after,
                t.result,
                t.change.action if t.change is not None else None,
                t.error,
            )
            for (container_id, listener_id), t in self._tracked.items()
        )
        return ApplyResult(self.plan, outcomes, schedules)


def _initial(item: ListenerPlan) -> Result:
    if item.verdict == "change":
        return "planned"
    if item.verdict == "unreadable":
        return "failed"
    return item.verdict


def _schedule_outcome(item: SchedulePlan, answer: ScheduleStatus | BoomiError | None) -> ScheduleOutcome:
    """A schedule's outcome: its verdict when nothing was to be sent, else what the update answered.

    The update's answer is its confirmation (Boomi answers the status it now holds): one that does
    not show the document's value failed, whatever the HTTP status said.
    """

    def outcome(result: ScheduleResult, after: bool | None, error: BoomiError | None = None) -> ScheduleOutcome:
        return ScheduleOutcome(
            item.container_id, item.schedule_id, item.process_id, item.wanted, item.current, after, result, error,
            item.name,
        )  # fmt: skip

    if item.verdict != "change":
        return outcome(item.verdict, item.current, item.error)
    if answer is None:
        return outcome("planned", None)
    if isinstance(answer, BoomiError):
        return outcome("failed", None, answer)
    if answer.schedule_id != item.schedule_id or answer.enabled != item.wanted:
        wrong = UnexpectedResponseError(
            f"the update of schedule {item.schedule_id} (process {item.process_id}) on runtime {item.container_id} "
            f"answered schedule {answer.schedule_id} with enabled={str(answer.enabled).lower()}, not "
            f"enabled={str(item.wanted).lower()}"
        )
        return outcome("failed", answer.enabled if answer.schedule_id == item.schedule_id else None, wrong)
    return outcome("changed", answer.enabled)
