"""``AsyncListenerClient``: the asyncio twin of ``ListenerClient``."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Awaitable, Iterable, Mapping, Sequence
from typing import Any, Self, TypeVar

import httpx
import stamina

from boomi_listeners import _bulk, _core, _documents, _plan, _window
from boomi_listeners._actions import Action, Scope
from boomi_listeners._base import ClientBase
from boomi_listeners._budget import AsyncBudgetTransport
from boomi_listeners._connection import Connection
from boomi_listeners._deadline import deadline, remaining
from boomi_listeners._documents import StateDocument
from boomi_listeners._exceptions import (
    APITimeoutError,
    BoomiError,
    WaitTimeoutError,
)
from boomi_listeners._limiter import RateLimiter
from boomi_listeners._plan import ApplyResult, Plan
from boomi_listeners._results import ChangeOutcome, ChangeResult, ChangeTarget, ListenerState
from boomi_listeners._transport import ATTEMPT, AsyncObservedTransport, logger
from boomi_listeners._waiter import Confirmation, Expectation, ExpectationLike, WaitPlan, checked_timeout

__all__ = ["AsyncListenerClient"]

T = TypeVar("T")
Progress = _bulk.Progress
TargetLike = ChangeTarget | Mapping[str, Any] | tuple[Any, ...]


class AsyncListenerClient(ClientBase[httpx.AsyncBaseTransport, httpx.AsyncClient]):
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

        async with AsyncListenerClient.from_env() as client:
            await client.pause(container_id=runtime_id, listener_id=listener_id, wait=True)
    """

    _http_client_type = httpx.AsyncClient

    def _connect(self, connection: Connection) -> None:
        inner = connection.async_transport(self.settings.base_url)
        self._http = httpx.AsyncClient(
            base_url=self.settings.api_root,
            auth=_core.BoomiAuth(self.settings),
            headers=_core.headers(self.settings),
            timeout=connection.timeout,
            follow_redirects=False,
            trust_env=False,  # proxies and TLS are settled in `inner`; .netrc must not add credentials
            transport=AsyncObservedTransport(
                inner if self.budget is None else AsyncBudgetTransport(inner, self.budget)
            ),
        )
        self._closed = False

    async def aclose(self) -> None:
        self._closed = True
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        if self._closed:
            raise _core.closed_error(type(self).__name__)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- sending ---------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        request: _core.Request,
        *,
        idempotent: bool,
        limiter: RateLimiter | None = None,
        attempts: list[int] | None = None,
    ) -> httpx.Response:
        """Send ``request`` (from ``_core.*_request``) with the retry policy; any non-2xx answer raises."""
        if self._closed:
            raise _core.closed_error(type(self).__name__)
        # Fast path: most calls succeed at once, and entering a stamina retry
        # context costs more than the rest of the wrapper. Only a failure that
        # the policy would retry enters stamina, which replays it as attempt 1.
        try:
            return await self._attempt(method, path, request, limiter, attempts, 1)
        except BoomiError as exc:
            if self.retry.attempts <= 1 or self.retry.decide(exc, idempotent=idempotent) is False:
                raise
            first_failure = exc
        left = remaining()
        in_retry = _core.IN_RETRY.set(True)
        try:
            async for attempt in stamina.retry_context(
                on=_core.retry_log(self.retry, idempotent, method, path),
                attempts=self.retry.attempts,
                timeout=self.retry.timeout if left is None else min(self.retry.timeout, left),
                wait_initial=self.retry.wait_initial,
                wait_max=self.retry.wait_max,
                wait_jitter=self.retry.wait_jitter,
            ):
                with attempt:
                    if attempt.num == 1:
                        raise first_failure
                    return await self._attempt(method, path, request, limiter, attempts, attempt.num)
        finally:
            _core.IN_RETRY.reset(in_retry)
        raise AssertionError("stamina.retry_context ended without a result")  # pragma: no cover

    async def _attempt(
        self,
        method: str,
        path: str,
        request: _core.Request,
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
                await limiter.acquire_async()
            response = await self._http.request(**request)
        except httpx.TransportError as exc:
            failure = _core.transport_error(exc, method, path)
        except httpx.HTTPError as exc:  # not a transport failure: an answer httpx itself could not handle
            failure = _core.unreadable(method, path, 0, f"{type(exc).__name__}: {exc}")
        except RuntimeError:  # httpx refuses to send on a client closed under us
            failure = _core.closed_error(type(self).__name__) if self._http.is_closed else None
            if failure is None:
                raise
        finally:
            ATTEMPT.reset(token)
        if failure is not None:
            # Raised here, outside the except block: the httpx error (and its request) is not kept as context.
            raise failure
        _core.check(response, method, path)
        return response

    # -- changes ---------------------------------------------------------------

    async def change(
        self,
        action: Action | str,
        *,
        container_id: str,
        listener_id: str | None = None,
        wait: bool = False,
        timeout: float = 60.0,
    ) -> ChangeResult:
        """Ask Boomi to apply ``action``; a return means *accepted*.

        With ``wait=True`` it then polls ListenerStatus until the listener (or
        every listener, for ``*_all``) reaches the status the action leads to.
        The wait confirms a status, not which request caused it: Boomi reports no
        pending changes, so wait for one change before sending its opposite.
        ``timeout`` bounds the whole call, retries and waiting included.
        """
        parsed, seconds = Action.parse(action), _core.timeout_of(timeout)
        with deadline(seconds):
            return await self._change(parsed, container_id, listener_id, wait, seconds, None, None)

    async def _change(
        self,
        action: Action,
        container_id: str,
        listener_id: str | None,
        wait: bool,
        timeout: float,
        limiter: RateLimiter | None,
        attempts: list[int] | None,
    ) -> ChangeResult:
        request = _core.change_request(action, container_id, listener_id)
        await self._send(
            "POST",
            _core.CHANGE_PATH,
            request,
            idempotent=action.is_idempotent,
            limiter=limiter,
            attempts=attempts,
        )
        logger.info("accepted: %s", _core.describe(action, container_id, listener_id))
        result = ChangeResult(action, container_id, listener_id)
        if not wait:
            return result
        if action.scope is Scope.ALL:
            # The bulk waiter: one query per poll round, restart departure and errored listeners included.
            expected = _bulk.expectation_for(ChangeTarget(action, container_id))
            (confirmation,) = await self.wait_for_many([expected], timeout=timeout)
            if confirmation.error is not None:
                raise confirmation.error
            return ChangeResult(action, container_id, None, confirmation.states)
        if not action.is_idempotent:
            await self._await_departure(
                container_id, listener_id, action.leads_to, min(self.poll.restart_settle, timeout)
            )
        assert listener_id is not None
        state = await self._wait_for(container_id, listener_id, action.leads_to, timeout)
        return ChangeResult(action, container_id, listener_id, (state,))

    async def pause(
        self, *, container_id: str, listener_id: str, wait: bool = False, timeout: float = 60.0
    ) -> ChangeResult:
        """Pause one listener."""
        return await self.change(
            Action.PAUSE, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout
        )

    async def resume(
        self, *, container_id: str, listener_id: str, wait: bool = False, timeout: float = 60.0
    ) -> ChangeResult:
        """Resume one paused listener."""
        return await self.change(
            Action.RESUME, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout
        )

    async def restart(
        self, *, container_id: str, listener_id: str, wait: bool = False, timeout: float = 60.0
    ) -> ChangeResult:
        """Restart one listener (never repeated after an ambiguous failure, see RetryPolicy)."""
        return await self.change(
            Action.RESTART, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout
        )

    async def pause_all(self, *, container_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Pause every listener on the runtime."""
        return await self.change(Action.PAUSE_ALL, container_id=container_id, wait=wait, timeout=timeout)

    async def resume_all(self, *, container_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Resume every listener on the runtime."""
        return await self.change(Action.RESUME_ALL, container_id=container_id, wait=wait, timeout=timeout)

    async def restart_all(self, *, container_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Restart every listener on the runtime."""
        return await self.change(Action.RESTART_ALL, container_id=container_id, wait=wait, timeout=timeout)

    # -- status ----------------------------------------------------------------

    async def statuses(
        self, *, container_id: str, listener_id: str | None = None, timeout: float = 60.0
    ) -> list[ListenerState]:
        """Run the ListenerStatus query and poll its token until the result is complete.

        Per-node rows of one listener are aggregated (see ListenerState);
        ``timeout`` bounds the whole call.
        """
        seconds = _core.timeout_of(timeout)
        _core.query_body(container_id, listener_id)  # checks the IDs before any request
        with deadline(seconds):
            return await self._statuses(container_id, listener_id)

    async def _statuses(self, container_id: str, listener_id: str | None) -> list[ListenerState]:
        query = _core.query_request(container_id, listener_id)
        poll = _core.QueryPoll(container_id, self.poll)
        while True:
            started = await self._send("POST", _core.QUERY_PATH, query, idempotent=True)
            read = _core.result_request(_core.read_token(started))
            while True:
                answer = _core.read_result(await self._send("GET", _core.RESPONSE_PATH, read, idempotent=True))
                if answer.states is not None:
                    return answer.states
                pause = poll.after(answer)
                if pause is None:
                    break  # the token is gone: start the query again
                await asyncio.sleep(pause)

    async def wait_for(
        self, *, container_id: str, listener_id: str, status: str, timeout: float = 60.0
    ) -> ListenerState:
        """Poll until the listener reports ``status``; raise WaitTimeoutError with the last state seen.

        A listener that complete results do not include for ``PollPolicy.unreported_grace``
        seconds raises ListenerNotReportedError (a WaitTimeoutError) instead of waiting on.
        """
        seconds = _core.timeout_of(timeout)
        _core.query_body(container_id, listener_id)
        with deadline(seconds):
            return await self._wait_for(container_id, listener_id, status, seconds)

    async def _wait_for(self, container_id: str, listener_id: str, status: str, timeout: float) -> ListenerState:
        watch = _core.ListenerWatch(container_id, listener_id, str(status), timeout, self.poll)
        while True:
            try:
                found = await self._statuses(container_id, listener_id)
            except (WaitTimeoutError, APITimeoutError) as exc:
                raise watch.ended(exc) from None
            reached = watch.see(found)
            if reached is not None:
                return reached
            await asyncio.sleep(watch.pause())

    async def wait_for_all(self, *, container_id: str, status: str, timeout: float = 60.0) -> list[ListenerState]:
        """Poll until every listener on the runtime reports ``status`` (errored ones are not waited for)."""
        seconds = _core.timeout_of(timeout)
        _core.query_body(container_id, None)
        with deadline(seconds):
            return await self._wait_for_all(container_id, status, seconds)

    async def _wait_for_all(self, container_id: str, status: str, timeout: float) -> list[ListenerState]:
        delay = self.poll.delays()
        found: list[ListenerState] = []
        while True:
            try:
                found = await self._statuses(container_id, None)
            except (WaitTimeoutError, APITimeoutError) as exc:
                if _core.out_of_time(exc):
                    raise _core.wait_timeout(container_id, None, status, timeout, found) from None
                raise
            if _core.all_settled(found, status):
                return found
            if remaining() == 0:
                raise _core.wait_timeout(container_id, None, status, timeout, found)
            await asyncio.sleep(_core.capped(delay()))

    async def _await_departure(self, container_id: str, listener_id: str | None, status: str, within: float) -> None:
        """Poll until a listener is seen outside ``status`` (the restart began) or ``within`` passes.

        Boomi reports no restart in progress; without this a wait after a restart
        would return at once on the listener's pre-restart ``listening`` status.
        A listener the results do not include has nothing to depart from: the
        wait that follows reports it (ListenerNotReportedError).
        """
        delay = self.poll.delays()
        with deadline(within):
            while remaining() != 0:
                try:
                    found = await self._statuses(container_id, listener_id)
                except (WaitTimeoutError, APITimeoutError) as exc:
                    if _core.out_of_time(exc):
                        return
                    raise
                if not found or any(s.status != status for s in found):
                    return
                await asyncio.sleep(_core.capped(delay()))

    # -- listener state documents and maintenance windows ------------------------------------

    async def snapshot(self, *, container_ids: Sequence[str], timeout: float = 60.0) -> StateDocument:
        """Each listener's status on these runtimes, as a listener state document.

        One ListenerStatus query per runtime (run concurrently); while a multi-node runtime
        still reports ``mixed`` for a listener (a change spreading), it is read again, up to
        ``timeout``.
        """
        ids = _documents.check_container_ids(container_ids)
        found = await asyncio.gather(*(self._settled_statuses(c, timeout) for c in ids))
        return StateDocument.from_states(zip(ids, found, strict=True))

    async def plan(
        self,
        document: StateDocument | Mapping[str, Any] | os.PathLike[str],
        *,
        timeout: float = 60.0,
        fewest_requests: bool = False,
    ) -> Plan:
        """The change requests :meth:`apply` would send; reads the runtimes' status, changes nothing."""
        checked = _documents.as_document(document)
        return _plan.make_plan(
            checked, await self._read(checked.container_ids, timeout), fewest_requests=fewest_requests
        )

    async def apply(
        self,
        document: StateDocument | Mapping[str, Any] | os.PathLike[str],
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
        runtime per round); ``dry_run`` reads the status and sends no change.
        """
        checked = _documents.as_document(document)
        plan = _plan.make_plan(
            checked, await self._read(checked.container_ids, timeout), fewest_requests=fewest_requests
        )
        if dry_run:
            return _plan.Execution(plan).result()
        return await self._execute(plan, wait=wait, timeout=timeout)

    @contextlib.asynccontextmanager
    async def window(
        self,
        *,
        container_ids: Sequence[str],
        listener_ids: Sequence[str] | None = None,
        journal: str | os.PathLike[str] | None = None,
        wait: bool = True,
        timeout: float = 60.0,
        fewest_requests: bool = False,
    ) -> AsyncIterator[StateDocument]:
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
        Yields the snapshot.
        """
        ids = _documents.check_container_ids(container_ids)
        only = _documents.check_listener_ids(listener_ids)
        window = _window.Window.claim(ids, only, journal, wait=wait, fewest_requests=fewest_requests, timeout=timeout)
        with window.held():
            window.open(await self.snapshot(container_ids=ids, timeout=timeout))
            try:
                window.check_paused(await self._execute(window.pause_plan(), wait=wait, timeout=timeout))
                yield window.snapshot
            finally:
                with window.restoring():
                    await _despite_cancellation(self._restore(window, timeout))

    async def recover(
        self, *, journal: str | os.PathLike[str], timeout: float = 60.0, force: bool = False
    ) -> ApplyResult:
        """Finish a window whose process died: restore its journal's snapshot, then mark it restored.

        Idempotent: a journal already restored sends nothing. A journal whose window process is
        still alive on this host is refused unless ``force``. Raises ResumeFailedError (logged
        at ERROR) when the restore is not confirmed; the journal then stays open.
        """
        window = _window.Window.resume(_window.journal_path(journal), force=force, timeout=timeout)
        if window is None:
            return _plan.Execution(_plan.Plan((), ())).result()
        with window.held(), window.restoring():
            return await _despite_cancellation(self._restore(window, timeout))

    @contextlib.asynccontextmanager
    async def paused(
        self, *, container_id: str, listener_id: str | None = None, wait: bool = True, timeout: float = 60.0
    ) -> AsyncIterator[ChangeResult]:
        """A one-runtime :meth:`window`: pause what is listening (one listener or all), yield, restore.

        A listener that was paused (or errored) before the window keeps that status after it.
        A restore that fails raises ResumeFailedError (chained to its cause) and is logged at ERROR.
        """
        action = Action.PAUSE if listener_id is not None else Action.PAUSE_ALL
        action.validate(container_id=container_id, listener_id=listener_id)
        only = None if listener_id is None else [listener_id]
        async with self.window(container_ids=[container_id], listener_ids=only, wait=wait, timeout=timeout) as snapshot:
            yield _window.paused_result(container_id, listener_id, snapshot, confirmed=wait)

    # The three places a document's changes touch the API. _execute sends with change_many and
    # confirms with _confirm (one status query per runtime per round); a coalesced waiter
    # replaces _confirm's loop.

    async def _execute(self, plan: Plan, *, wait: bool, timeout: float) -> ApplyResult:
        run = _plan.Execution(plan, wait=wait)
        targets = run.targets()
        if targets:
            run.sent(await self.change_many(targets))
        if wait:
            await self._confirm(run, timeout)
        return run.result()

    async def _confirm(self, run: _plan.Execution, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        delay = self.poll.delays()

        async def poll(container_id: str) -> None:
            try:
                found = await self.statuses(container_id=container_id, timeout=max(deadline - time.monotonic(), 1.0))
            except BoomiError as exc:
                run.read_failed(container_id, exc)
            else:
                run.observe(container_id, found)

        while run.waiting:
            await asyncio.gather(*(poll(c) for c in run.waiting_on()))
            if not run.waiting:
                return
            if time.monotonic() >= deadline:
                run.time_out(timeout)
                return
            await asyncio.sleep(min(delay(), max(deadline - time.monotonic(), 0.0)))

    async def _read(self, container_ids: Sequence[str], timeout: float) -> dict[str, list[ListenerState] | BoomiError]:
        """Each runtime's statuses, or the error that kept it from answering (recorded, not raised)."""

        async def read(container_id: str) -> list[ListenerState] | BoomiError:
            try:
                return await self.statuses(container_id=container_id, timeout=timeout)
            except BoomiError as exc:
                return exc

        found = await asyncio.gather(*(read(c) for c in container_ids))
        return dict(zip(container_ids, found, strict=True))

    async def _settled_statuses(self, container_id: str, timeout: float) -> list[ListenerState]:
        deadline = time.monotonic() + timeout
        delay = self.poll.delays()
        while True:
            found = await self.statuses(container_id=container_id, timeout=max(deadline - time.monotonic(), 1.0))
            mixed = _documents.unsettled(found)
            if not mixed:
                return found
            if time.monotonic() >= deadline:
                raise _window.unsettled_error(container_id, mixed, timeout, found)
            await asyncio.sleep(min(delay(), max(deadline - time.monotonic(), 0.0)))

    async def _restore(self, window: _window.Window, timeout: float) -> ApplyResult:
        current = await self._read(window.snapshot.container_ids, timeout)
        result = await self._execute(window.restore_plan(current), wait=window.wait, timeout=timeout)
        window.finish(result)
        return result

    # -- bulk ------------------------------------------------------------------

    async def change_many(
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
        ``rate_limit`` caps this call further, in requests per second. If the call is cancelled,
        its tasks are cancelled and awaited before the cancellation goes on: none outlives it.

        With ``wait=True``, once every change was sent the accepted ones are confirmed together
        (see :meth:`wait_for_many`): one ListenerStatus query per runtime per poll round, for at
        most ``timeout`` seconds. A change accepted but not confirmed keeps its ``result`` and gets
        the wait's ``error`` (WaitTimeoutError with the last state seen, ListenerNotReportedError...).
        """
        checked = [ChangeTarget.coerce(t, i) for i, t in enumerate(targets)]
        workers = _checked_concurrency(concurrency)
        limiter = RateLimiter(rate_limit) if rate_limit is not None else None
        wait_timeout = checked_timeout(timeout) if wait else 0.0
        reporter = _bulk.ProgressReporter(progress, len(checked))
        if not checked:
            return []
        gate = asyncio.Semaphore(workers)

        async def run(target: ChangeTarget) -> ChangeOutcome:
            attempts = [0]
            async with gate:
                try:
                    result = await self._change(
                        target.action, target.container_id, target.listener_id, False, 0.0, limiter, attempts
                    )
                except Exception as exc:  # every failure belongs on this target's outcome
                    return reporter.report(_bulk.outcome_of(target, attempts[0], exc))
            return reporter.report(ChangeOutcome(target, result=result, attempts=attempts[0]))

        # A TaskGroup cancels and awaits every task if the call is cancelled; run() itself never raises.
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(run(t)) for t in checked]
        outcomes = [task.result() for task in tasks]
        if not wait:
            return outcomes
        accepted = _bulk.accepted(outcomes)
        plan = WaitPlan(
            [_bulk.expectation_for(o.target) for o in accepted],
            timeout=wait_timeout,
            poll=self.poll,
            now=time.monotonic(),
        )
        return _bulk.with_confirmations(outcomes, await self._run_plan(plan, workers))

    async def wait_for_many(
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
        checked = [Expectation.coerce(e, i) for i, e in enumerate(expectations)]
        workers = _checked_concurrency(concurrency)
        plan = WaitPlan(checked, timeout=timeout, poll=self.poll, now=time.monotonic())
        return await self._run_plan(plan, workers)

    async def _run_plan(self, plan: WaitPlan, concurrency: int) -> list[Confirmation]:
        """Poll rounds until the plan is finished; the round's queries run as tasks, at most ``concurrency`` at once."""
        gate = asyncio.Semaphore(concurrency)

        async def query(container_id: str, timeout: float) -> tuple[list[ListenerState] | BoomiError, float]:
            async with gate:
                return await self._query_round(container_id, timeout)

        while not plan.finished:
            now = time.monotonic()
            jobs = [(c, plan.query_timeout(c, now)) for c in plan.containers()]
            if len(jobs) == 1:
                answers = [await self._query_round(*jobs[0])]
            else:
                async with asyncio.TaskGroup() as group:
                    tasks = [group.create_task(query(c, t)) for c, t in jobs]
                answers = [task.result() for task in tasks]
            for (container_id, _), (found, at) in zip(jobs, answers, strict=True):
                if isinstance(found, BoomiError):
                    plan.fail(container_id, found)
                else:
                    plan.observe(container_id, found, at)
            plan.expire(time.monotonic())
            if not plan.finished:
                await asyncio.sleep(plan.next_delay(time.monotonic()))
        return plan.results()

    async def _query_round(self, container_id: str, timeout: float) -> tuple[list[ListenerState] | BoomiError, float]:
        """One runtime's query of a poll round: its states (or its error) and when they arrived."""
        try:
            found: list[ListenerState] | BoomiError = await self.statuses(container_id=container_id, timeout=timeout)
        except BoomiError as exc:
            found = exc
        except Exception as exc:  # reported on the outcomes of this runtime's listeners
            found = _bulk.unexpected(exc, f"ListenerStatus query for container {container_id}")
        return found, time.monotonic()


def _checked_concurrency(concurrency: object) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise _core.invalid(f"concurrency must be an integer of at least 1; got {concurrency!r}", "concurrency")
    return concurrency


async def _despite_cancellation(work: Awaitable[T]) -> T:
    """Run ``work`` to the end even if the caller is cancelled meanwhile, then pass the cancellation on.

    A window's restore must not stop half-way because the task running the window was
    cancelled (asyncio.timeout, a TaskGroup sibling failing, Ctrl-C under asyncio.run).
    A restore failure (ResumeFailedError) wins over the cancellation: it is the news that
    listeners are left paused.
    """
    task = asyncio.ensure_future(work)
    cancelled: asyncio.CancelledError | None = None
    while not task.done():
        try:
            await asyncio.wait([task])
        except asyncio.CancelledError as exc:
            cancelled = exc
    if cancelled is not None and task.exception() is None:
        raise cancelled
    return task.result()
