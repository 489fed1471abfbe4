# This file is generated from wrapper/boomi_listeners/_async_client.py by scripts/unasync.py: do not edit it.
# Edit the async source, then run `make sync` (`make check-sync` fails while they differ).
"""``ListenerClient``: the synchronous client, the twin of ``AsyncListenerClient``.

Generated from ``_async_client.py``; threads and ``time.sleep`` (``_sync_io``) where the
source uses tasks and ``asyncio.sleep`` (``_async_io``).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec, Self, TypeVar

import httpx

from boomi_listeners import _auth, _bulk, _checks, _deadline, _lazy, _protocol, _sync_io, _sync_transports, _wait
from boomi_listeners._actions import Action, StatusLike, parse_status
from boomi_listeners._base import ClientBase
from boomi_listeners._call_rate_limit import RateLimiter
from boomi_listeners._deadline import DEADLINE, checked_timeout, deadline, deadline_at
from boomi_listeners._exceptions import BoomiError, DrainTimeoutError
from boomi_listeners._exchange import ATTEMPT, log_retry, logger
from boomi_listeners._results import ChangeOutcome, ChangeResult, ChangeTarget, ListenerState
from boomi_listeners._tls_and_proxies import Connection
from boomi_listeners._wait import Confirmation, Expectation, ExpectationLike, WaitPlan

if TYPE_CHECKING:
    from boomi_listeners import _documents, _executions, _health, _names, _paging, _plan, _schedules, _window
    from boomi_listeners._documents import StateDocument
    from boomi_listeners._executions import DrainResult, Execution
    from boomi_listeners._health import RuntimeHealth
    from boomi_listeners._plan import ApplyResult, Plan
    from boomi_listeners._schedules import SchedulePause, ScheduleStatus

    Document = StateDocument | Mapping[str, Any] | os.PathLike[str]
else:
    # Loaded by the first method that needs them (see _lazy): pausing and resuming never does.
    _documents, _executions, _health, _names, _paging, _plan, _schedules, _window = (
        _lazy.module(f"boomi_listeners.{name}")
        for name in ("_documents", "_executions", "_health", "_names", "_paging", "_plan", "_schedules", "_window")
    )

__all__ = ["ListenerClient"]

Progress = _bulk.Progress
#: What one runtime's read gave: its listeners' states, or the error that kept it from answering.
Found = list[ListenerState] | BoomiError
TargetLike = ChangeTarget | Mapping[str, Any] | tuple[Any, ...]
T = TypeVar("T")
P = ParamSpec("P")


class ListenerClient(ClientBase[httpx.BaseTransport, httpx.Client]):
    """Pause, resume, restart and read listeners on Boomi runtimes.

    Configure it with keyword arguments (``account_id``, ``username``,
    ``password`` or ``api_token``, ``region`` or ``base_url``, ``otp``,
    ``timeout``, ``retry``, ``poll``, ``verify``, ``proxy``, ``trust_env``,
    ``transport``, ``http_client``, ``max_requests_per_second``, ``budget``) or
    with :meth:`from_env`. One connection pool per client; use it as a context
    manager or close it. IDs are keyword-only because two GUIDs are easy to swap.

    Every request waits for the account's request budget (default 10 per
    second, Boomi's limit; ``max_requests_per_second=None`` turns it off).
    Clients of one account, base URL and rate share one budget; pass the same
    :class:`RequestBudget` as ``budget=`` to share it between any clients.

    Example::

        with ListenerClient.from_env() as client:
            client.pause(container_id=runtime_id, listener_id=listener_id, wait=True)
    """

    _http_client_type = httpx.Client

    def _connect(self, connection: Connection) -> None:
        self._http = httpx.Client(
            base_url=self.settings.api_root,
            auth=_auth.BoomiAuth(self.settings),
            headers=_auth.headers(self.settings),
            timeout=connection.timeout,
            follow_redirects=False,
            trust_env=False,  # proxies and TLS are settled in `inner`; .netrc must not add credentials
            transport=_sync_transports.transport_stack(connection, self.settings.base_url, self.budget),
        )
        self._closed = False

    def close(self) -> None:
        self._closed = True
        self._http.close()

    def __enter__(self) -> Self:
        if self._closed:
            raise _protocol.closed_error(type(self).__name__)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- sending ---------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        request: _protocol.Request,
        *,
        idempotent: bool,
        limiter: RateLimiter | None = None,
        attempts: list[int] | None = None,
    ) -> httpx.Response:
        """Send ``request`` (from ``_protocol.*_request``) with the retry policy; any non-2xx answer raises."""
        if self._closed:
            raise _protocol.closed_error(type(self).__name__)
        # A plain loop rather than a retry library such as stamina: RetryPolicy.decide already computes
        # each wait (its backoff with jitter, or Retry-After) and refuses one that would pass the call's
        # deadline. A library would keep a second attempt counter, and checking that deadline before
        # its waits would take a copy of its backoff formula.
        number, waited = 1, 0.0
        while True:
            try:
                return self._attempt(method, path, request, limiter, attempts, number)
            except BoomiError as exc:
                wait = self.retry.decide(exc, idempotent=idempotent, retry=number, waited=waited)
                if wait is None:
                    raise
                number += 1
                log_retry(method, path, exc, number, self.retry.attempts)
            # Outside the except block: a later failure does not carry this one as its context.
            _sync_io.sleep(wait)
            waited += wait

    def _attempt(
        self,
        method: str,
        path: str,
        request: _protocol.Request,
        limiter: RateLimiter | None,
        attempts: list[int] | None,
        number: int,
    ) -> httpx.Response:
        """One request: errors become ours, non-2xx answers become APIError."""
        if attempts is not None:
            attempts[0] = number
        token = ATTEMPT.set(number)
        failure: BoomiError | None = None
        try:
            if limiter is not None:
                limiter.acquire()
            response = self._http.request(**request)
        except httpx.TransportError as exc:
            failure = _protocol.transport_error(exc, method, path)
        except httpx.HTTPError as exc:  # not a transport failure: an answer httpx itself could not handle
            failure = _protocol.unreadable(method, path, 0, f"{type(exc).__name__}: {exc}")
        except RuntimeError:  # httpx refuses to send on a client closed under us
            failure = _protocol.closed_error(type(self).__name__) if self._http.is_closed else None
            if failure is None:
                raise
        finally:
            ATTEMPT.reset(token)
        if failure is not None:
            # Raised here, outside the except block: the httpx error (and its request) is not kept as context.
            raise failure
        _protocol.check(response, method, path, now=time.time())
        return response

    # -- changes ---------------------------------------------------------------

    def change(
        self,
        action: Action | str,
        *,
        container_id: str,
        listener_id: str | None = None,
        wait: bool = False,
        timeout: float = 60.0,
    ) -> ChangeResult:
        """Ask Boomi to apply ``action``; a return means *accepted*.

        With ``wait=True`` it then polls ListenerStatus until the listener (or every listener,
        for ``*_all``) reaches the status the action leads to from the status it had (see
        ``Action.transition``: a restart keeps a paused listener paused, so a restart first
        reads the status). An errored listener ends the wait at once (ListenerErroredError).
        The wait confirms a status, not which request caused it: Boomi reports no pending
        changes, so wait for one change before sending its opposite. ``timeout`` bounds the
        whole call: reads, the change, retries, budget waits and the wait.
        """
        parsed, seconds = Action.parse(action), checked_timeout(timeout)
        parsed.validate(container_id=container_id, listener_id=listener_id)
        with deadline(seconds):
            return self._change(ChangeTarget(parsed, container_id, listener_id), wait, seconds)

    def _change(self, target: ChangeTarget, wait: bool, timeout: float) -> ChangeResult:
        before = None
        if wait and _wait.reads_before(target.action):
            before = self._statuses(target.container_id, target.listener_id)
        result = self._send_change(target, None, None)
        if not wait:
            return result
        confirmations = self._wait(_wait.change_expectations(target, before), timeout)
        return _wait.confirmed_result(result, _wait.combined(target, confirmations))

    def _send_change(
        self, target: ChangeTarget, limiter: RateLimiter | None, attempts: list[int] | None
    ) -> ChangeResult:
        """One changeListenerStatus request (with the retries its action allows); a return means accepted."""
        request = _protocol.change_request(target.action, target.container_id, target.listener_id)
        self._send(
            "POST",
            _protocol.CHANGE_PATH,
            request,
            idempotent=target.action.is_idempotent,
            limiter=limiter,
            attempts=attempts,
        )
        logger.info("accepted: %s", _bulk.change_label(target))
        return ChangeResult(target.action, target.container_id, target.listener_id)

    def pause(self, *, container_id: str, listener_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Pause one listener."""
        return self.change(Action.PAUSE, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout)

    def resume(self, *, container_id: str, listener_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Resume one paused listener (an errored one stays errored: only a restart clears an error)."""
        return self.change(
            Action.RESUME, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout
        )

    def restart(
        self, *, container_id: str, listener_id: str, wait: bool = False, timeout: float = 60.0
    ) -> ChangeResult:
        """Restart one listener; a paused one stays paused (never repeated after an ambiguous failure)."""
        return self.change(
            Action.RESTART, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout
        )

    def pause_all(self, *, container_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Pause every listener on the runtime."""
        return self.change(Action.PAUSE_ALL, container_id=container_id, wait=wait, timeout=timeout)

    def resume_all(self, *, container_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Resume every listener on the runtime."""
        return self.change(Action.RESUME_ALL, container_id=container_id, wait=wait, timeout=timeout)

    def restart_all(self, *, container_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Restart every listener on the runtime (each paused one stays paused)."""
        return self.change(Action.RESTART_ALL, container_id=container_id, wait=wait, timeout=timeout)

    # -- status ----------------------------------------------------------------

    def statuses(
        self, *, container_id: str, listener_id: str | None = None, timeout: float = 60.0
    ) -> list[ListenerState]:
        """Run the ListenerStatus query and poll its token until the result is complete.

        Per-node rows of one listener are aggregated (see ListenerState);
        ``timeout`` bounds the whole call.
        """
        seconds = checked_timeout(timeout)
        _checks.check_id(container_id, "container_id")
        _checks.check_optional_id(listener_id, "listener_id")
        with deadline(seconds):
            return self._statuses(container_id, listener_id)

    def _statuses(self, container_id: str, listener_id: str | None) -> list[ListenerState]:
        query = _protocol.query_request(container_id, listener_id)
        poll = _wait.QueryPoll(container_id, self.poll)
        while True:
            started = self._send("POST", _protocol.QUERY_PATH, query, idempotent=True)
            read = _protocol.result_request(_protocol.read_token(started))
            while True:
                answer = _protocol.read_result(self._send("GET", _protocol.RESPONSE_PATH, read, idempotent=True))
                if answer.states is not None:
                    return answer.states
                pause = poll.after(answer)
                if pause is None:
                    break  # the token is gone: start the query again
                _sync_io.sleep(pause)

    def wait_for(
        self, *, container_id: str, listener_id: str, status: StatusLike, timeout: float = 60.0
    ) -> ListenerState:
        """Poll until the listener reports ``status``; the rules of every wait apply (see ``wait_for_many``).

        Raises WaitTimeoutError with the last state seen, ListenerErroredError at once for an
        errored listener, ListenerNotReportedError (a WaitTimeoutError) when complete results
        leave the listener out for ``PollPolicy.unreported_grace`` seconds.
        """
        seconds, wanted = checked_timeout(timeout), parse_status(status)
        _checks.check_id(container_id, "container_id")
        _checks.check_id(listener_id, "listener_id", "wait_for_all waits for every listener")
        with deadline(seconds):
            (confirmation,) = self._wait([Expectation(container_id, listener_id, wanted)], seconds)
        if confirmation.error is not None:
            raise confirmation.error
        return confirmation.states[0]

    def wait_for_all(self, *, container_id: str, status: StatusLike, timeout: float = 60.0) -> list[ListenerState]:
        """Poll until every listener on the runtime reports ``status``.

        An errored listener ends the wait with ListenerErroredError once every other listener
        got there (unless ``status`` is ``errored``).
        """
        seconds, wanted = checked_timeout(timeout), parse_status(status)
        _checks.check_id(container_id, "container_id")
        with deadline(seconds):
            (confirmation,) = self._wait([Expectation(container_id, None, wanted)], seconds)
        if confirmation.error is not None:
            raise confirmation.error
        return list(confirmation.states)

    def wait_for_many(
        self, expectations: Iterable[ExpectationLike], *, timeout: float = 60.0, concurrency: int = 4
    ) -> list[Confirmation]:
        """Wait until many listeners, on any number of runtimes, reach their expected status.

        One ListenerStatus query per runtime per poll round, shared by every expectation on that
        runtime (``concurrency`` runtimes are queried at once). Returns one Confirmation per
        expectation, in order: the confirmed state, or the error that says why not (timeout with
        the last state seen, ``ListenerErroredError``, ``ListenerNotReportedError`` after
        ``PollPolicy.unreported_grace``, or the query's own error). Never raises for a listener;
        misuse raises ValueError/TypeError before any request.
        """
        checked = _checks.check_each(expectations, "expectations", Expectation.coerce)
        workers, seconds = _checks.check_count(concurrency, "concurrency"), checked_timeout(timeout)
        with deadline(seconds):
            return self._wait(checked, seconds, workers)

    # -- the one wait loop -------------------------------------------------------------------------

    def _wait(self, expectations: Sequence[Expectation], timeout: float, concurrency: int = 4) -> list[Confirmation]:
        """Poll rounds until every expectation is settled: one query per runtime per round, run concurrently.

        Runs under the public call's deadline; the engine (``_wait.WaitPlan``) decides everything else.
        """
        now = _deadline.now()
        plan = WaitPlan(expectations, timeout=timeout, poll=self.poll, now=now, ends=DEADLINE.get())
        while not plan.finished:
            queries = [(c, plan.listener_filter(c)) for c in plan.containers()]
            answers = self._read_many(queries, concurrency)
            for (container_id, _), (found, at) in zip(queries, answers, strict=True):
                if isinstance(found, BoomiError):
                    plan.fail(container_id, found, at)
                else:
                    plan.observe(container_id, found, at)
            plan.expire(_deadline.now())
            if not plan.finished:
                _sync_io.sleep(plan.next_delay(_deadline.now()))
        return plan.results()

    def _read_many(self, queries: Sequence[tuple[str, str | None]], concurrency: int = 4) -> list[tuple[Found, float]]:
        """Each query's states (or the error that kept its runtime from answering) and when they arrived."""
        return _sync_io.run_bounded([functools.partial(self._read_one, c, lid) for c, lid in queries], concurrency)

    def _read_one(self, container_id: str, listener_id: str | None) -> tuple[Found, float]:
        # A failure is reported on the outcomes of this runtime's listeners.
        doing = f"ListenerStatus query for container {container_id}"
        return _recorded(doing, self._statuses, container_id, listener_id), _deadline.now()

    def _read_runtimes(self, container_ids: Sequence[str]) -> dict[str, Found]:
        """Each runtime's statuses, or the error that kept it from answering (recorded, not raised)."""
        answers = self._read_many([(c, None) for c in container_ids])
        return {c: found for c, (found, _) in zip(container_ids, answers, strict=True)}

    # -- listener state documents and maintenance windows ------------------------------------

    def snapshot(
        self, *, container_ids: Sequence[str], timeout: float = 60.0, names: bool = False, schedules: bool = False
    ) -> StateDocument:
        """Each listener's status on these runtimes, as a listener state document.

        One ListenerStatus query per runtime (run concurrently); while a multi-node runtime
        still reports ``mixed`` for a listener (a change spreading), it is read again, until
        ``timeout`` (which bounds the whole call). With ``names=True`` each runtime and listener
        also gets its ``name`` (one Atom bulk GET per 100 runtimes, and the listeners' names as
        :meth:`listener_names` finds them: one Process bulk GET, cached); IDs stay the key. With
        ``schedules=True`` each runtime's process schedule statuses are recorded too (one
        ProcessScheduleStatus query per runtime, paged; the document is then version 2).
        """
        ids, seconds = _checks.check_ids(container_ids, "container_ids", "runtime"), checked_timeout(timeout)
        _checks.check_flag(names, "names")
        _checks.check_flag(schedules, "schedules")
        with deadline(seconds):
            return self._snapshot(ids, seconds, names=names, schedules=schedules)

    def _snapshot(
        self, container_ids: Sequence[str], timeout: float, *, names: bool = False, schedules: bool = False
    ) -> StateDocument:
        settled = self._wait([Expectation(c, None, None) for c in container_ids], timeout)
        for confirmation in settled:
            if confirmation.error is not None:
                raise confirmation.error
        document = _documents.StateDocument.from_states([(c.expectation.container_id, list(c.states)) for c in settled])
        if schedules:
            found = self._read_schedules(container_ids)
            document = document.with_schedules({c: _schedules.as_document_schedules(s) for c, s in found.items()})
        return self._with_names(document) if names else document

    def _read_schedules(self, container_ids: Sequence[str]) -> dict[str, list[ScheduleStatus]]:
        """Each runtime's schedule statuses (one paged query per runtime, run concurrently); the first error raises."""

        found = _sync_io.run_bounded([functools.partial(self._runtime_schedules, c) for c in container_ids], 4)
        return dict(zip(container_ids, found, strict=True))

    def _with_names(self, document: StateDocument) -> StateDocument:
        """``document`` with its runtimes' names (Atom bulk GET) and its listeners' and scheduled processes' names
        (cached Process bulk GET)."""
        runtimes = dict(_names.named((self._bulk_get("Atom", document.container_ids)).values()))
        process_ids = [item.listener_id for _, item in document.listeners()]
        process_ids += [item.process_id for _, item in document.schedules()]
        self._look_up_names(process_ids)
        cache = _names.cache_of(self)
        return document.with_names(runtimes, {process_id: cache.name(process_id) for process_id in process_ids})

    def plan(self, document: Document, *, timeout: float = 60.0, fewest_requests: bool = False) -> Plan:
        """The change requests :meth:`apply` would send; reads the runtimes' status, changes nothing.

        For a document that covers schedules (version 2), each such runtime's schedule statuses
        are read too (one ProcessScheduleStatus query per runtime, paged) and the plan names the
        schedule updates (:attr:`Plan.schedule_changes`).
        """
        checked, seconds = _documents.as_document(document), checked_timeout(timeout)
        with deadline(seconds):
            current = self._read_runtimes(checked.container_ids)
            schedules = self._read_document_schedules(checked)
        return _plan.make_plan(checked, current, fewest_requests=fewest_requests, schedules=schedules)

    def _read_document_schedules(self, document: StateDocument) -> _plan.CurrentSchedules | None:
        """The schedule statuses of each runtime whose document entry covers them, or the error that kept a runtime
        from answering (recorded, not raised); None for a document without schedules (nothing is read)."""
        ids = [runtime.container_id for runtime in document.runtimes if runtime.schedules is not None]
        if not ids:
            return None

        # A failure is reported on the outcomes of that runtime's schedules.
        readers = [
            functools.partial(_recorded, f"ProcessScheduleStatus query for container {c}", self._runtime_schedules, c)
            for c in ids
        ]
        found = _sync_io.run_bounded(readers, 4)
        return dict(zip(ids, found, strict=True))

    def apply(
        self,
        document: Document,
        *,
        wait: bool = True,
        timeout: float = 60.0,
        dry_run: bool = False,
        fewest_requests: bool = False,
    ) -> ApplyResult:
        """Bring each runtime of ``document`` to the document's state, changing only the listeners it names.

        One request per listener that moves; ``fewest_requests=True`` allows one ``pause_all`` /
        ``resume_all`` where every reported listener moves alike, which also moves listeners Boomi
        does not report and any deployed since the read. One outcome per listener, never raised:
        ``errored`` listeners are reported, not
        touched. With ``wait`` each change is confirmed by status polls (one query per
        runtime per round); ``dry_run`` reads the status and sends no change. ``timeout``
        bounds the whole call.

        A document that covers schedules (version 2) also brings each such runtime's process
        schedules to the document: one ProcessScheduleStatus query per runtime, then one update per
        schedule whose ``enabled`` differs, sent after the listener changes; Boomi's answer confirms
        it. One :class:`ScheduleOutcome` per schedule of the document (``schedule_outcomes``); a
        schedule the runtime does not report is ``missing``, and schedules the document does not
        name are left alone. A version 1 document never reads or changes a schedule.
        """
        checked, seconds = _documents.as_document(document), checked_timeout(timeout)
        with deadline(seconds):
            current = self._read_runtimes(checked.container_ids)
            schedules = self._read_document_schedules(checked)
            plan = _plan.make_plan(checked, current, fewest_requests=fewest_requests, schedules=schedules)
            if dry_run:
                return _plan.Execution(plan).result()
            return self._execute(plan, wait=wait, timeout=seconds)

    @contextlib.contextmanager
    def window(
        self,
        *,
        container_ids: Sequence[str],
        listener_ids: Sequence[str] | None = None,
        journal: str | os.PathLike[str] | None = None,
        wait: bool = True,
        timeout: float = 60.0,
        fewest_requests: bool = False,
        names: bool = False,
        schedules: bool = False,
        drain: bool = False,
        drain_timeout: float = 300.0,
        cancel_after: float | None = None,
        on_drain_timeout: str = "restore",
        drain_progress: Callable[[Mapping[str, tuple[Execution, ...]]], None] | None = None,
        check_health: bool = True,
    ) -> Iterator[StateDocument]:
        """A maintenance window over several runtimes: pause what is listening, yield, restore each status.

        Snapshot -> journal (if given, written and fsync'ed before the first pause) -> pause the
        listeners that are listening (all of them, or those of ``listener_ids``) -> wait for
        confirmation -> body -> apply the snapshot. The restore runs on every exit: the body
        raising, cancellation, a pause that failed or was not confirmed; a cancellation that
        arrives during the restore waits for it to finish. A listener paused before the window
        is still paused after it; the restore resumes only what the window paused and is still
        paused (see docs/windows.md; ``fewest_requests`` as for :meth:`apply`; a second window on a
        runtime a live window holds on this host is refused). A restore that is not confirmed logs at ERROR and raises
        ResumeFailedError naming each listener; the journal stays open for :meth:`recover`.
        Yields the snapshot. ``timeout`` bounds the opening (snapshot, pause, confirmation) and,
        separately, the restore; the body takes the time it needs. ``names=True`` takes the snapshot
        (and so the journal) with names, as :meth:`snapshot` does.

        Quiescing (see docs/quiescing.md): first, with ``check_health`` (default), each runtime's
        ``Atom`` is read and an offline runtime or one with a cluster problem raises
        RuntimeUnhealthyError before any change. ``schedules=True`` records the runtimes' process
        schedules in the snapshot and journal, switches off those enabled after the pause, and
        switches back on exactly those (where still off) in the restore. ``drain=True`` then waits
        until no execution runs (``drain_timeout`` bounds it; ``drain_progress`` gets what still runs
        after each round); ``cancel_after`` cancels what still runs after that many seconds; when the
        drain's time runs out the window restores and raises DrainTimeoutError, or with
        ``on_drain_timeout="proceed"`` goes on into the body.
        """
        ids = _checks.check_ids(container_ids, "container_ids", "runtime")
        _checks.check_flag(names, "names")
        _checks.check_flag(schedules, "schedules")
        _checks.check_flag(check_health, "check_health")
        only = None if listener_ids is None else _checks.check_ids(listener_ids, "listener_ids", "listener")
        seconds = checked_timeout(timeout)
        draining = _window.check_drain(drain, drain_timeout, cancel_after, on_drain_timeout)
        window = _window.Window.claim(ids, only, journal, wait=wait, fewest_requests=fewest_requests)
        with window.held():
            with deadline(seconds) as opening:
                if check_health:
                    self._check_health(ids)
                window.open(self._snapshot(ids, seconds, names=names, schedules=schedules))
            try:
                with deadline_at(opening):
                    paused = self._execute(window.pause_plan(), wait=wait, timeout=seconds)
                    window.check_paused(paused)
                    for status in window.schedule_disables():
                        window.schedule_sent(status)
                        self._switch_schedule(status)
                if draining is not None:
                    self._drain_window(ids, draining, drain_progress)
                yield window.snapshot
            finally:
                with window.restoring():
                    _sync_io.despite_cancellation(lambda: self._restore(window, seconds))

    def _check_health(self, container_ids: Sequence[str]) -> None:
        """Each runtime's Atom, read concurrently; an unfit or unreadable one raises before any change."""

        def reader(container_id: str) -> Any:
            def read() -> RuntimeHealth | BoomiError:
                try:
                    return self._runtime_health(container_id)
                except BoomiError as exc:
                    return exc

            return read

        error = _window.unhealthy_error(_sync_io.run_bounded([reader(c) for c in container_ids], 4))
        if error is not None:
            raise error

    def _drain_window(
        self,
        container_ids: Sequence[str],
        settings: _window.DrainSettings,
        progress: Callable[[Mapping[str, tuple[Execution, ...]]], None] | None,
    ) -> None:
        """A window's drain: wait, cancel what still runs after ``cancel_after`` (if set), then act on a timeout."""
        try:
            with deadline(settings.timeout):
                first = settings.cancel_after if settings.cancel_after is not None else settings.timeout
                try:
                    self._drain(container_ids, first, progress)
                    return
                except DrainTimeoutError as late:
                    if settings.cancel_after is None:
                        raise
                    for execution in late.running:
                        _executions.cancellations.warning(
                            "maintenance window: cancelling execution %s, still running after %gs of drain",
                            execution.describe(),
                            settings.cancel_after,
                        )
                        self._cancel(execution.execution_id)
                self._drain(container_ids, settings.timeout - settings.cancel_after, progress)
        except DrainTimeoutError as late:
            if settings.on_timeout != "proceed":
                raise
            logger.warning("maintenance window: going on although executions still run: %s", late)

    def recover(self, *, journal: str | os.PathLike[str], timeout: float = 60.0, force: bool = False) -> ApplyResult:
        """Finish a window whose process died: restore its journal's snapshot, then mark it restored.

        Idempotent: a journal already restored sends nothing. A journal whose window process is
        still alive on this host is refused unless ``force``. Raises ResumeFailedError (logged
        at ERROR) when the restore is not confirmed; the journal then stays open.
        """
        seconds = checked_timeout(timeout)
        window = _window.Window.from_journal(_window.journal_path(journal), force=force)
        if window is None:
            return _plan.Execution(_plan.Plan((), ())).result()
        with window.held(), window.restoring():
            return _sync_io.despite_cancellation(lambda: self._restore(window, seconds))

    @contextlib.contextmanager
    def paused(
        self, *, container_id: str, listener_id: str | None = None, wait: bool = True, timeout: float = 60.0
    ) -> Iterator[ChangeResult]:
        """A one-runtime :meth:`window`: pause what is listening (one listener or all), yield, restore.

        A listener that was paused (or errored) before the window keeps that status after it.
        A restore that fails raises ResumeFailedError (chained to its cause) and is logged at ERROR.
        """
        action = Action.PAUSE if listener_id is not None else Action.PAUSE_ALL
        action.validate(container_id=container_id, listener_id=listener_id)
        only = None if listener_id is None else [listener_id]
        with self.window(container_ids=[container_id], listener_ids=only, wait=wait, timeout=timeout) as snapshot:
            yield _window.paused_result(container_id, listener_id, snapshot, confirmed=wait)

    def _execute(self, plan: Plan, *, wait: bool, timeout: float) -> ApplyResult:
        """Send a plan's changes, then its schedule updates (each confirmed by its answer), then (``wait``) confirm
        every listener the changes move with the one wait loop."""
        run = _plan.Execution(plan, wait=wait)
        targets = run.targets()
        if targets:
            run.sent(self._change_many(targets, 8, None, _bulk.ProgressReporter(None, len(targets)), False, 0.0))
        updates = run.schedule_updates()
        if updates:
            run.schedules_sent(self._set_schedules(updates))
        if wait:
            expectations = run.expectations()
            run.confirm(self._wait(expectations, timeout) if expectations else [])
        return run.result()

    def _set_schedules(self, updates: Sequence[ScheduleStatus]) -> list[ScheduleStatus | BoomiError]:
        """Each update's answer (the status Boomi now holds), or the error that kept it from being set; never raises."""

        # A failure is reported on that schedule's outcome.
        senders = [
            functools.partial(
                _recorded, f"ProcessScheduleStatus update of schedule {u.schedule_id}", self._set_schedule, u
            )
            for u in updates
        ]
        return _sync_io.run_bounded(senders, 8)

    def _restore(self, window: _window.Window, timeout: float) -> ApplyResult:
        failed: list[tuple[ScheduleStatus, BoomiError]] = []
        with deadline(timeout):
            current = self._read_runtimes(window.snapshot.container_ids)
            result = self._execute(window.restore_plan(current), wait=window.wait, timeout=timeout)
            if window.covers_schedules:
                failed = self._restore_window_schedules(window)
        window.finish(result, failed)
        return result

    def _restore_window_schedules(self, window: _window.Window) -> list[tuple[ScheduleStatus, BoomiError]]:
        """Switch back on what the window switched off; each failure is kept, none stops the others."""
        covered = [r.container_id for r in window.snapshot.runtimes if r.schedules]
        try:
            current = self._read_schedules(covered)
        except BoomiError as exc:  # cannot tell which are still off: each one is reported
            return [(status, exc) for status in window.schedules_switched_off()]
        failed: list[tuple[ScheduleStatus, BoomiError]] = []
        for status in window.schedule_restores(current):
            try:
                self._switch_schedule(status)
            except BoomiError as exc:
                failed.append((status, exc))
        return failed

    def _switch_schedule(self, wanted: ScheduleStatus) -> None:
        """One update, confirmed by Boomi's answer showing the value asked for."""
        answered = self._set_schedule(wanted)
        if answered.enabled != wanted.enabled:
            raise _schedules.not_switched(wanted, answered)

    # -- bulk ------------------------------------------------------------------

    def change_many(
        self,
        targets: Iterable[TargetLike],
        *,
        concurrency: int = 8,
        rate_limit: float | None = None,
        progress: Progress | None = None,
        wait: bool = False,
        timeout: float = 60.0,
    ) -> list[ChangeOutcome]:
        """Apply many changes; exactly one outcome per target, in the order given, whatever happens.

        All targets and options are checked before the first request. Failures are recorded on
        the outcomes, never raised (any exception, also one from ``progress``, becomes a failed
        outcome), so every target is tried exactly once (plus the retries its own error allows).
        Every request waits for the client's account budget (``max_requests_per_second``);
        ``rate_limit`` caps this call further, in requests per second. ``timeout`` bounds the
        whole call: a change that could not be sent in time fails with APITimeoutError. If the
        call is cancelled, its work is cancelled and awaited before the cancellation goes on.

        With ``wait=True``, once every change was sent the accepted ones are confirmed together
        (see :meth:`wait_for_many`): one ListenerStatus query per runtime per poll round. A
        restart's result depends on each listener's status before it, so runtimes with a
        restart are read once first. A change accepted but not confirmed keeps its ``result``
        and gets the wait's ``error`` (WaitTimeoutError with the last state seen,
        ListenerErroredError, ListenerNotReportedError...).
        """
        checked = _checks.check_each(targets, "targets", ChangeTarget.coerce)
        workers, seconds = _checks.check_count(concurrency, "concurrency"), checked_timeout(timeout)
        limiter = RateLimiter(rate_limit) if rate_limit is not None else None
        reporter = _bulk.ProgressReporter(progress, len(checked))
        if not checked:
            return []
        with deadline(seconds):
            return self._change_many(checked, workers, limiter, reporter, wait, seconds)

    def _change_many(
        self,
        targets: Sequence[ChangeTarget],
        workers: int,
        limiter: RateLimiter | None,
        reporter: _bulk.ProgressReporter,
        wait: bool,
        timeout: float,
    ) -> list[ChangeOutcome]:
        before: dict[str, Found] = {}
        if wait:
            before = self._read_runtimes(_bulk.runtimes_read_before(targets))

        def sender(target: ChangeTarget) -> Any:
            def send() -> ChangeOutcome:
                attempts = [0]
                unread = before.get(target.container_id)
                if isinstance(unread, BoomiError) and _wait.reads_before(target.action):
                    return reporter.report(_bulk.outcome_of(target, 0, unread))  # not sent: its result is unknowable
                try:
                    result = self._send_change(target, limiter, attempts)
                except Exception as exc:  # every failure belongs on this target's outcome
                    return reporter.report(_bulk.outcome_of(target, attempts[0], exc))
                return reporter.report(ChangeOutcome(target, result=result, attempts=attempts[0]))

            return send

        outcomes = _sync_io.run_bounded([sender(t) for t in targets], workers)
        if not wait:
            return outcomes
        groups = _bulk.expectation_groups(outcomes, before)
        confirmations = self._wait([e for group in groups for e in group], timeout)
        return _bulk.with_confirmations(outcomes, _bulk.regrouped(outcomes, groups, confirmations))

    # -- schedules, executions and runtime health ---------------------------------------------

    def _query_rows(self, query: _protocol.Request, object_type: str) -> list[Mapping[str, Any]]:
        """A QUERY and its queryMore pages: every row of ``object_type``, 100 per page."""
        path, request = str(query["url"]), query
        rows: list[Mapping[str, Any]] = []
        for _ in range(1 + _paging.MAX_PAGES):
            page = _paging.read_page(self._send("POST", path, request, idempotent=True), path, object_type)
            rows.extend(page.rows)
            if page.token is None:
                return rows
            path, request = _paging.query_more_path(object_type), _paging.query_more_request(object_type, page.token)
        raise _paging.too_many_pages(object_type)

    def schedule_statuses(self, *, container_id: str, timeout: float = 60.0) -> list[ScheduleStatus]:
        """Every process schedule status on the runtime (``ProcessScheduleStatus`` QUERY by ``atomId``, paged)."""
        seconds = checked_timeout(timeout)
        with deadline(seconds):
            return self._runtime_schedules(container_id)

    def _runtime_schedules(self, container_id: str) -> list[ScheduleStatus]:
        query = _schedules.runtime_query(container_id)
        rows = self._query_rows(query, _schedules.ROW_TYPE)
        return _schedules.statuses_from_rows(rows)

    def schedule_status(self, *, schedule_id: str, timeout: float = 60.0) -> ScheduleStatus:
        """One process schedule status by its ID (``ProcessScheduleStatus`` GET)."""
        seconds, request = checked_timeout(timeout), _schedules.get_request(schedule_id)
        with deadline(seconds):
            response = self._send("GET", str(request["url"]), request, idempotent=True)
        return _schedules.read_status(response, "GET", str(request["url"]))

    def schedule_statuses_by_id(self, *, schedule_ids: Sequence[str], timeout: float = 60.0) -> list[ScheduleStatus]:
        """Several schedule statuses by ID (``ProcessScheduleStatus`` bulk GET, 100 IDs per request).

        An ID Boomi answers with an error raises that error (an APIError subclass by its status code).
        """
        seconds, requests = checked_timeout(timeout), _schedules.bulk_requests(schedule_ids)
        with deadline(seconds):
            return self._bulk_schedules(requests)

    def _bulk_schedules(self, requests: Iterable[_protocol.Request]) -> list[ScheduleStatus]:
        found: list[ScheduleStatus] = []
        for request in requests:
            response = self._send("POST", _schedules.BULK_PATH, request, idempotent=True)
            found.extend(_schedules.bulk_statuses(response))
        return found

    def set_schedule_enabled(
        self, *, schedule_id: str, container_id: str, process_id: str, enabled: bool, timeout: float = 60.0
    ) -> ScheduleStatus:
        """Switch one process's schedules on a runtime on or off (the ``ProcessScheduleStatus`` update).

        Returns the status Boomi answers. Setting the same value twice is harmless, so a
        failed attempt is retried.
        """
        wanted = _schedules.checked_status(
            schedule_id=schedule_id, container_id=container_id, process_id=process_id, enabled=enabled
        )
        seconds = checked_timeout(timeout)
        with deadline(seconds):
            return self._set_schedule(wanted)

    def _set_schedule(self, wanted: ScheduleStatus) -> ScheduleStatus:
        request = _schedules.update_request(wanted)
        response = self._send("POST", str(request["url"]), request, idempotent=True)
        return _schedules.read_status(response, "POST", str(request["url"]))

    def disable_schedules(self, *, container_ids: Sequence[str], timeout: float = 60.0) -> SchedulePause:
        """Switch off every enabled schedule on these runtimes; the returned pause remembers which.

        Reads each runtime's schedule statuses, then disables those enabled (one update each).
        Pass the result to :meth:`restore_schedules` to switch back on exactly those; a schedule
        disabled before stays disabled. If an update fails, the ones already disabled are
        switched back on before the error is raised.
        """
        ids, seconds = _checks.check_ids(container_ids, "container_ids", "runtime"), checked_timeout(timeout)
        with deadline(seconds):
            found: list[ScheduleStatus] = []
            for container_id in ids:
                found.extend(self._runtime_schedules(container_id))
            pause = _schedules.SchedulePause.plan(found)
            done: list[ScheduleStatus] = []
            try:
                for status in pause.disable_updates():
                    self._set_schedule(status)
                    done.append(status)
            except BaseException:
                # Put back what this call switched off before passing the failure on.
                undo = _schedules.SchedulePause(tuple(done))
                try:
                    _sync_io.despite_cancellation(lambda: self._restore_schedules(undo, None))
                except BoomiError as undo_error:
                    logger.error("could not switch schedules back on after a failed disable: %s", undo_error)
                raise
        return pause

    def restore_schedules(
        self, pause: SchedulePause | Mapping[str, Any], *, timeout: float = 60.0
    ) -> list[ScheduleStatus]:
        """Switch back on exactly the schedules ``pause`` disabled (also from its ``to_dict()`` form).

        Reads each schedule first (bulk GET), so one already enabled again costs no update; one
        that was disabled before the pause is never touched. Returns the schedules enabled.
        """
        plan = pause if isinstance(pause, _schedules.SchedulePause) else _schedules.SchedulePause.from_dict(pause)
        seconds = checked_timeout(timeout)
        with deadline(seconds):
            current = self._bulk_schedules(_schedules.bulk_requests([s.schedule_id for s in plan.disabled]))
            return self._restore_schedules(plan, current)

    def _restore_schedules(
        self, pause: SchedulePause, current: Sequence[ScheduleStatus] | None
    ) -> list[ScheduleStatus]:
        updates = pause.restore_updates(current)
        for status in updates:
            self._set_schedule(status)
        return updates

    def running_executions(self, *, container_id: str, timeout: float = 60.0) -> list[Execution]:
        """Executions not ended on the runtime: ``ExecutionRecord`` QUERY on ``atomId``, INPROCESS or STARTED, paged."""
        seconds, query = checked_timeout(timeout), _executions.running_query(container_id)
        with deadline(seconds):
            return self._running(query)

    def _running(self, query: _protocol.Request) -> list[Execution]:
        rows = self._query_rows(query, _executions.ROW_TYPE)
        return _executions.executions_from_rows(rows)

    def cancel_execution(self, *, execution_id: str, timeout: float = 60.0) -> None:
        """Ask Boomi to cancel one execution (``cancelExecution``); a return means *accepted*.

        Not repeated after a failure that may have reached the server.
        """
        seconds, request = checked_timeout(timeout), _executions.cancel_request(execution_id)
        with deadline(seconds):
            self._cancel(execution_id, request)

    def _cancel(self, execution_id: str, request: _protocol.Request | None = None) -> None:
        request = request or _executions.cancel_request(execution_id)
        self._send("POST", str(request["url"]), request, idempotent=False)
        _executions.cancellations.warning("cancellation accepted: execution %s", execution_id)

    def drain(
        self,
        *,
        container_ids: Sequence[str],
        timeout: float = 300.0,
        progress: Callable[[Mapping[str, tuple[Execution, ...]]], None] | None = None,
    ) -> DrainResult:
        """Wait until no execution runs on these runtimes; ``timeout`` bounds the wait and the call.

        One ExecutionRecord query per runtime per poll round (run concurrently, paced by the
        account budget); a runtime seen idle is not asked again. ``progress`` gets what still
        runs after each round. Raises DrainTimeoutError (a TimeoutError, naming what still runs)
        when time is up, or the error that kept a runtime from answering.
        """
        ids, seconds = _checks.check_ids(container_ids, "container_ids", "runtime"), checked_timeout(timeout)
        return self._drain(ids, seconds, progress)

    def _drain(
        self,
        ids: Sequence[str],
        seconds: float,
        progress: Callable[[Mapping[str, tuple[Execution, ...]]], None] | None,
    ) -> DrainResult:
        with deadline(seconds):
            plan = _executions.DrainPlan(ids, timeout=seconds, poll=self.poll, now=_deadline.now(), ends=DEADLINE.get())
            while True:
                plan.expire(_deadline.now())
                if plan.finished:
                    return plan.result()
                queries = plan.containers()
                answers = _sync_io.run_bounded([functools.partial(self._drain_one, c) for c in queries], 4)
                for container_id, (found, at) in zip(queries, answers, strict=True):
                    if isinstance(found, BoomiError):
                        plan.fail(container_id, found, at)
                    else:
                        plan.observe(container_id, found, at)
                if progress is not None:
                    progress(plan.running)
                if plan.finished:
                    return plan.result()
                _sync_io.sleep(plan.next_delay(_deadline.now()))

    def _drain_one(self, container_id: str) -> tuple[list[Execution] | BoomiError, float]:
        # A failure is reported as this runtime's failure, like a listener read's.
        doing = f"ExecutionRecord query for container {container_id}"
        return _recorded(doing, self._running, _executions.running_query(container_id)), _deadline.now()

    def runtime_health(self, *, container_id: str, timeout: float = 60.0) -> RuntimeHealth:
        """The runtime's status, detail and cluster nodes (``Atom`` GET); ``.problem`` says why it is unfit, or None."""
        with deadline(checked_timeout(timeout)):
            return self._runtime_health(container_id)

    def _runtime_health(self, container_id: str) -> RuntimeHealth:
        request = _health.atom_request(container_id)
        response = self._send("GET", str(request["url"]), request, idempotent=True)
        return _health.read_health(response, container_id)

    # -- names -----------------------------------------------------------------
    # Runtimes, environments and listener processes by name (see _names.py, where all of it is decided).

    def runtimes(
        self,
        *,
        name: str | None = None,
        type: str | None = None,
        status: str | None = None,
        environment: str | None = None,
        timeout: float = 60.0,
    ) -> list[_names.RuntimeInfo]:
        """The account's runtimes (name, ID, type, status, environments), optionally filtered.

        ``name`` (exact), ``type`` (ATOM, MOLECULE, CLOUD) and ``status`` (ONLINE, OFFLINE, ...) are
        Atom QueryFilter terms; ``environment`` keeps the runtimes attached to the environment of that
        exact name. Three queries (Atom, Environment, EnvironmentAtomAttachment), each paged.
        """
        expression = _names.runtime_filter(name=name, type=type, status=status)
        wanted = None if environment is None else _checks.check_id(environment, "environment")
        with deadline(checked_timeout(timeout)):
            atoms = self._query_all("Atom", expression)
            environments = self._query_all("Environment", None)
            attachments = self._query_all("EnvironmentAtomAttachment", None)
        return _names.select_runtimes(_names.join_runtimes(atoms, environments, attachments), environments, wanted)

    def resolve_runtime(self, name: str, *, timeout: float = 60.0) -> _names.RuntimeInfo:
        """The runtime with exactly this name (one Atom query); its ``environments`` are not looked up.

        Raises NameNotFoundError or AmbiguousNameError (both NameResolutionError, a ValueError).
        """
        expression = _names.equals("name", _checks.check_id(name, "name"))
        with deadline(checked_timeout(timeout)):
            atoms = self._query_all("Atom", expression)
        return _names.the_runtime(name, atoms)

    def resolve_environment(self, name: str, *, timeout: float = 60.0) -> _names.EnvironmentInfo:
        """The environment with exactly this name and every runtime attached to it, with its status.

        An Environment query, an EnvironmentAtomAttachment query and one Atom bulk GET per 100 runtimes.
        """
        expression = _names.equals("name", _checks.check_id(name, "name"))
        with deadline(checked_timeout(timeout)):
            environment = _names.the_environment(name, self._query_all("Environment", expression))
            attachments = self._query_all("EnvironmentAtomAttachment", _names.equals("environmentId", environment.id))
            ids = _names.attached_runtime_ids(attachments)
            atoms = self._bulk_get("Atom", ids)
        return _names.with_runtimes(environment, ids, atoms)

    def resolve_process(self, name: str, *, timeout: float = 60.0) -> _names.ProcessInfo:
        """The process (a listener's ID is its process component ID) with exactly this name (one Process query)."""
        expression = _names.equals("name", _checks.check_id(name, "name"))
        with deadline(checked_timeout(timeout)):
            processes = self._query_all("Process", expression)
        return _names.the_process(name, processes)

    def resolve_runtimes(
        self,
        *,
        names: Sequence[str] = (),
        environments: Sequence[str] = (),
        require_online: bool = False,
        timeout: float = 60.0,
    ) -> list[_names.RuntimeInfo]:
        """The runtimes these runtime and environment names stand for, each once, in the order named.

        With ``require_online`` an offline runtime raises RuntimeOfflineError naming every offline one,
        before the caller sends any change (Boomi itself would answer 410 only after the attempt).
        """
        runtime_names = _names.checked_names(names, "names")
        environment_names = _names.checked_names(environments, "environments")
        found: list[_names.RuntimeInfo] = []
        with deadline(checked_timeout(timeout)):
            for runtime_name in runtime_names:
                found.append(self.resolve_runtime(runtime_name, timeout=timeout))
            for environment_name in environment_names:
                environment = self.resolve_environment(environment_name, timeout=timeout)
                found.extend(environment.runtimes)
        return _names.distinct_runtimes(found, require_online=require_online)

    def listener_names(self, listener_ids: Iterable[str], *, timeout: float = 60.0) -> dict[str, str | None]:
        """Each listener's name (its process's name; None when Boomi has no process by that ID).

        Names are cached by the client for ``NAME_CACHE_SECONDS``; the ones not cached cost one
        Process bulk GET per 100 IDs.
        """
        ids = _names.checked_names(listener_ids, "listener_ids")
        with deadline(checked_timeout(timeout)):
            self._look_up_names(ids)
        cache = _names.cache_of(self)
        return {listener_id: cache.name(listener_id) for listener_id in ids}

    def named_statuses(
        self, *, container_id: str, listener_id: str | None = None, timeout: float = 60.0
    ) -> list[ListenerState]:
        """:meth:`statuses`, with each listener's name on its ``ListenerState.name`` (one bulk lookup, cached)."""
        seconds = checked_timeout(timeout)
        _checks.check_id(container_id, "container_id")
        _checks.check_optional_id(listener_id, "listener_id")
        with deadline(seconds):
            states = self._statuses(container_id, listener_id)
            self._look_up_names(s.listener_id for s in states)
        return _names.cache_of(self).named(states)

    def _look_up_names(self, listener_ids: Iterable[str]) -> None:
        cache = _names.cache_of(self)
        missing = cache.missing(listener_ids)
        if missing:
            cache.store(missing, _names.process_names(self._bulk_get("Process", missing)))

    def _query_all(self, object_type: str, expression: Mapping[str, Any] | None) -> list[Any]:
        """Every object of a name query, as generated models."""
        query = _names.query_request(object_type, expression)
        return _names.models(object_type, self._query_rows(query, object_type), str(query["url"]))

    def _bulk_get(self, object_type: str, ids: Sequence[str]) -> dict[str, Any]:
        """ID -> row for the IDs Boomi found, 100 IDs per bulk request (unknown IDs are left out)."""
        path = _names.bulk_path(object_type)
        found: dict[str, Any] = {}
        for request in _names.bulk_requests(object_type, ids):
            found.update(_names.read_bulk(object_type, self._send("POST", path, request, idempotent=True), path))
        return found


def _recorded(doing: str, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | BoomiError:
    """What ``call`` returns, or the error that kept it from returning, recorded rather than raised: a BoomiError
    as it is, any other exception as an UnexpectedError about ``doing``."""
    try:
        return call(*args, **kwargs)
    except BoomiError as exc:
        return exc
    except Exception as exc:
        return _bulk.unexpected(exc, doing)


# Whichever client a program imports, an application without logging configured sees nothing.
logging.getLogger("boomi_listeners").addHandler(logging.NullHandler())
