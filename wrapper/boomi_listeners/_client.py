"""``ListenerClient``: the synchronous client."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Self

import httpx
import stamina

from boomi_listeners import _core
from boomi_listeners._actions import Action, Scope
from boomi_listeners._base import ClientBase
from boomi_listeners._deadline import deadline, remaining
from boomi_listeners._exceptions import (
    APIConnectionError,
    APITimeoutError,
    BoomiError,
    ResumeFailedError,
    WaitTimeoutError,
)
from boomi_listeners._limiter import RateLimiter
from boomi_listeners._results import ChangeOutcome, ChangeResult, ChangeTarget, ListenerState
from boomi_listeners._transport import ATTEMPT, ObservedTransport, http_transport, logger

__all__ = ["ListenerClient"]

Progress = Callable[[int, int, ChangeOutcome], None]
TargetLike = ChangeTarget | Mapping[str, Any] | tuple[Any, ...]


class ListenerClient(ClientBase[httpx.BaseTransport]):
    """Pause, resume, restart and read listeners on Boomi runtimes.

    Configure it with keyword arguments (``account_id``, ``username``,
    ``password`` or ``api_token``, ``region`` or ``base_url``, ``otp``,
    ``timeout``, ``retry``, ``poll``, ``verify``, ``transport``) or with
    :meth:`from_env`. One connection pool per client; use it as a context
    manager or close it. IDs are keyword-only because two GUIDs are easy to swap.

    Example::

        with ListenerClient.from_env() as client:
            client.pause(container_id=runtime_id, listener_id=listener_id, wait=True)
    """

    def _connect(self, transport: httpx.BaseTransport | None, *, verify: bool, timeout: float) -> None:
        inner = transport or http_transport(verify=verify)
        self._http = httpx.Client(
            base_url=self.settings.api_root,
            auth=_core.BoomiAuth(self.settings),
            headers=_core.headers(self.settings),
            timeout=timeout,
            follow_redirects=False,
            transport=ObservedTransport(inner),
        )
        self._closed = False

    def close(self) -> None:
        self._closed = True
        self._http.close()

    def __enter__(self) -> Self:
        if self._closed:
            raise _core.closed_error(type(self).__name__)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- sending ---------------------------------------------------------------

    def _send(
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
            return self._attempt(method, path, request, limiter, attempts, 1)
        except BoomiError as exc:
            if self.retry.attempts <= 1 or self.retry.decide(exc, idempotent=idempotent) is False:
                raise
            first_failure = exc
        left = remaining()
        in_retry = _core.IN_RETRY.set(True)
        try:
            for attempt in stamina.retry_context(
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
                    return self._attempt(method, path, request, limiter, attempts, attempt.num)
        finally:
            _core.IN_RETRY.reset(in_retry)
        raise AssertionError("stamina.retry_context ended without a result")  # pragma: no cover

    def _attempt(
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
                limiter.acquire()
            response = self._http.request(**request)
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

        With ``wait=True`` it then polls ListenerStatus until the listener (or
        every listener, for ``*_all``) reaches the status the action leads to.
        The wait confirms a status, not which request caused it: Boomi reports no
        pending changes, so wait for one change before sending its opposite.
        ``timeout`` bounds the whole call, retries and waiting included.
        """
        parsed, seconds = Action.parse(action), _core.timeout_of(timeout)
        with deadline(seconds):
            return self._change(parsed, container_id, listener_id, wait, seconds, None, None)

    def _change(
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
        self._send(
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
        if not action.is_idempotent:
            self._await_departure(container_id, listener_id, action.leads_to, min(self.poll.restart_settle, timeout))
        if action.scope is Scope.ONE:
            assert listener_id is not None
            state = self._wait_for(container_id, listener_id, action.leads_to, timeout)
            return ChangeResult(action, container_id, listener_id, (state,))
        states = self._wait_for_all(container_id, action.leads_to, timeout)
        return ChangeResult(action, container_id, None, tuple(states))

    def pause(self, *, container_id: str, listener_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Pause one listener."""
        return self.change(Action.PAUSE, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout)

    def resume(self, *, container_id: str, listener_id: str, wait: bool = False, timeout: float = 60.0) -> ChangeResult:
        """Resume one paused listener."""
        return self.change(
            Action.RESUME, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout
        )

    def restart(
        self, *, container_id: str, listener_id: str, wait: bool = False, timeout: float = 60.0
    ) -> ChangeResult:
        """Restart one listener (never repeated after an ambiguous failure, see RetryPolicy)."""
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
        """Restart every listener on the runtime."""
        return self.change(Action.RESTART_ALL, container_id=container_id, wait=wait, timeout=timeout)

    # -- status ----------------------------------------------------------------

    def statuses(
        self, *, container_id: str, listener_id: str | None = None, timeout: float = 60.0
    ) -> list[ListenerState]:
        """Run the ListenerStatus query and poll its token until the result is complete.

        Per-node rows of one listener are aggregated (see ListenerState);
        ``timeout`` bounds the whole call.
        """
        seconds = _core.timeout_of(timeout)
        _core.query_body(container_id, listener_id)  # checks the IDs before any request
        with deadline(seconds):
            return self._statuses(container_id, listener_id)

    def _statuses(self, container_id: str, listener_id: str | None) -> list[ListenerState]:
        query = _core.query_request(container_id, listener_id)
        poll = _core.QueryPoll(container_id, self.poll)
        while True:
            started = self._send("POST", _core.QUERY_PATH, query, idempotent=True)
            read = _core.result_request(_core.read_token(started))
            while True:
                answer = _core.read_result(self._send("GET", _core.RESPONSE_PATH, read, idempotent=True))
                if answer.states is not None:
                    return answer.states
                pause = poll.after(answer)
                if pause is None:
                    break  # the token is gone: start the query again
                time.sleep(pause)

    def wait_for(self, *, container_id: str, listener_id: str, status: str, timeout: float = 60.0) -> ListenerState:
        """Poll until the listener reports ``status``; raise WaitTimeoutError with the last state seen.

        A listener that complete results do not include for ``PollPolicy.unreported_grace``
        seconds raises ListenerNotReportedError (a WaitTimeoutError) instead of waiting on.
        """
        seconds = _core.timeout_of(timeout)
        _core.query_body(container_id, listener_id)
        with deadline(seconds):
            return self._wait_for(container_id, listener_id, status, seconds)

    def _wait_for(self, container_id: str, listener_id: str, status: str, timeout: float) -> ListenerState:
        watch = _core.ListenerWatch(container_id, listener_id, str(status), timeout, self.poll)
        while True:
            try:
                found = self._statuses(container_id, listener_id)
            except (WaitTimeoutError, APITimeoutError) as exc:
                raise watch.ended(exc) from None
            reached = watch.see(found)
            if reached is not None:
                return reached
            time.sleep(watch.pause())

    def wait_for_all(self, *, container_id: str, status: str, timeout: float = 60.0) -> list[ListenerState]:
        """Poll until every listener on the runtime reports ``status`` (errored ones are not waited for)."""
        seconds = _core.timeout_of(timeout)
        _core.query_body(container_id, None)
        with deadline(seconds):
            return self._wait_for_all(container_id, status, seconds)

    def _wait_for_all(self, container_id: str, status: str, timeout: float) -> list[ListenerState]:
        delay = self.poll.delays()
        found: list[ListenerState] = []
        while True:
            try:
                found = self._statuses(container_id, None)
            except (WaitTimeoutError, APITimeoutError):
                if remaining() == 0:
                    raise _core.wait_timeout(container_id, None, status, timeout, found) from None
                raise
            if _core.all_settled(found, status):
                return found
            if remaining() == 0:
                raise _core.wait_timeout(container_id, None, status, timeout, found)
            time.sleep(_core.capped(delay()))

    def _await_departure(self, container_id: str, listener_id: str | None, status: str, within: float) -> None:
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
                    found = self._statuses(container_id, listener_id)
                except (WaitTimeoutError, APITimeoutError):
                    if remaining() == 0:
                        return
                    raise
                if not found or any(s.status != status for s in found):
                    return
                time.sleep(_core.capped(delay()))

    # -- maintenance window ----------------------------------------------------

    @contextlib.contextmanager
    def paused(
        self, *, container_id: str, listener_id: str | None = None, wait: bool = True, timeout: float = 60.0
    ) -> Iterator[ChangeResult]:
        """Pause (one listener or all), yield, then always resume — also when the body raises.

        A resume that fails raises ResumeFailedError (chained to the cause and
        to any error of the body) and is logged at ERROR: listeners left paused
        must not go unnoticed.
        """
        action = Action.PAUSE if listener_id is not None else Action.PAUSE_ALL
        action.validate(container_id=container_id, listener_id=listener_id)
        try:
            result = self.change(action, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout)
        except APIConnectionError as exc:
            if exc.may_have_reached_server:
                self._resume_after_window(action, container_id, listener_id, wait, timeout)
            raise
        try:
            yield result
        finally:
            self._resume_after_window(action, container_id, listener_id, wait, timeout)

    def _resume_after_window(
        self, action: Action, container_id: str, listener_id: str | None, wait: bool, timeout: float
    ) -> None:
        inverse = action.inverse
        assert inverse is not None
        try:
            self.change(inverse, container_id=container_id, listener_id=listener_id, wait=wait, timeout=timeout)
        except BoomiError as exc:
            what = _core.describe(inverse, container_id, listener_id)
            logger.error("maintenance window: %s FAILED; listeners may still be paused: %s", what, exc)
            raise ResumeFailedError(f"could not {what}; listeners may still be paused: {exc}") from exc

    # -- bulk ------------------------------------------------------------------

    def change_many(
        self,
        targets: Iterable[TargetLike],
        *,
        concurrency: int = 8,
        rate_limit: float | None = None,
        progress: Progress | None = None,
    ) -> list[ChangeOutcome]:
        """Apply many changes; one outcome per target, in the order given.

        All targets are validated before the first request. Failures are
        recorded, never raised, so every target is tried exactly once (plus the
        retries its own error allows). ``rate_limit`` is requests per second
        across all workers, retries included.

        To let the rate limit, not the concurrency, set the pace, use
        ``concurrency`` of at least 1.5 x ``rate_limit`` x the request latency.
        """
        checked = [ChangeTarget.coerce(t, i) for i, t in enumerate(targets)]
        if concurrency < 1:
            raise _core.invalid("concurrency must be at least 1", "concurrency")
        limiter = RateLimiter(rate_limit) if rate_limit is not None else None
        total, done, lock = len(checked), [0], threading.Lock()

        def run(target: ChangeTarget) -> ChangeOutcome:
            attempts = [0]
            try:
                result = self._change(
                    target.action, target.container_id, target.listener_id, False, 0.0, limiter, attempts
                )
                outcome = ChangeOutcome(target, result=result, attempts=attempts[0])
            except BoomiError as exc:
                outcome = ChangeOutcome(target, error=exc, attempts=attempts[0])
            with lock:  # progress is called from worker threads, one at a time
                done[0] += 1
                if progress is not None:
                    progress(done[0], total, outcome)
            return outcome

        if not checked:
            return []
        with ThreadPoolExecutor(max_workers=min(concurrency, total), thread_name_prefix="boomi-change") as pool:
            return list(pool.map(run, checked))


logging.getLogger("boomi_listeners").addHandler(logging.NullHandler())
