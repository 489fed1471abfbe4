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
from boomi_listeners._connection import Connection
from boomi_listeners._exceptions import APIConnectionError, BoomiError, ResumeFailedError, WaitTimeoutError
from boomi_listeners._limiter import RateLimiter
from boomi_listeners._results import ChangeOutcome, ChangeResult, ChangeTarget, ListenerState
from boomi_listeners._transport import ATTEMPT, ObservedTransport, logger
from boomi_listeners_api.api.change_listener_status import update_listener_status
from boomi_listeners_api.api.listener_status import async_get_listener_status, async_token_listener_status
from boomi_listeners_api.models import AsyncOperationTokenResult, ListenerStatusAsyncResponse
from boomi_listeners_api.types import Response

__all__ = ["ListenerClient"]

Progress = Callable[[int, int, ChangeOutcome], None]
TargetLike = ChangeTarget | Mapping[str, Any] | tuple[Any, ...]


class ListenerClient(ClientBase[httpx.BaseTransport, httpx.Client]):
    """Pause, resume, restart and read listeners on Boomi runtimes.

    Configure it with keyword arguments (``account_id``, ``username``,
    ``password`` or ``api_token``, ``region`` or ``base_url``, ``otp``,
    ``timeout``, ``retry``, ``poll``, ``verify``, ``proxy``, ``trust_env``,
    ``transport``, ``http_client``) or with
    :meth:`from_env`. One connection pool per client; use it as a context
    manager or close it. IDs are keyword-only because two GUIDs are easy to swap.

    Example::

        with ListenerClient.from_env() as client:
            client.pause(container_id=runtime_id, listener_id=listener_id, wait=True)
    """

    _http_client_type = httpx.Client

    def _connect(self, connection: Connection) -> None:
        inner = connection.sync_transport(self.settings.base_url)
        self._http = httpx.Client(
            base_url=self.settings.api_root,
            auth=_core.basic_auth(self.settings),
            headers=_core.headers(self.settings),
            timeout=connection.timeout,
            trust_env=False,  # proxies and TLS are settled in `inner`; .netrc must not add credentials
            transport=ObservedTransport(inner),
        )
        self._api = _core.generated_client(self.settings).set_httpx_client(self._http)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- sending ---------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        call: Callable[[], Response[Any]],
        *,
        idempotent: bool,
        limiter: RateLimiter | None = None,
        attempts: list[int] | None = None,
    ) -> Response[Any]:
        hook = self.retry.backoff_hook(idempotent=idempotent)
        # Fast path: most calls succeed at once, and entering a stamina retry
        # context costs more than the rest of the wrapper. Only a failure that
        # the policy would retry enters stamina, which replays it as attempt 1.
        try:
            return self._attempt(method, path, call, limiter, attempts, 1)
        except BoomiError as exc:
            if self.retry.attempts <= 1 or hook(exc) is False:
                raise
            first_failure = exc
        for attempt in stamina.retry_context(
            on=hook,
            attempts=self.retry.attempts,
            timeout=self.retry.timeout,
            wait_initial=self.retry.wait_initial,
            wait_max=self.retry.wait_max,
            wait_jitter=self.retry.wait_jitter,
        ):
            with attempt:
                if attempt.num == 1:
                    raise first_failure
                return self._attempt(method, path, call, limiter, attempts, attempt.num)
        raise AssertionError("stamina.retry_context ended without a result")  # pragma: no cover

    def _attempt(
        self,
        method: str,
        path: str,
        call: Callable[[], Response[Any]],
        limiter: RateLimiter | None,
        attempts: list[int] | None,
        number: int,
    ) -> Response[Any]:
        """One request: errors become ours, non-2xx answers become APIError."""
        if attempts is not None:
            attempts[0] = number
        token = ATTEMPT.set(number)
        try:
            if limiter is not None:
                limiter.acquire()
            response = call()
        except httpx.TransportError as exc:
            raise _core.transport_error(exc, method, path) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise _core.UnexpectedResponseError(f"{method} {path}: unreadable answer ({exc})") from exc
        finally:
            ATTEMPT.reset(token)
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
        """
        return self._change(Action.parse(action), container_id, listener_id, wait, timeout, None, None)

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
        body = _core.change_body(action, container_id, listener_id)
        self._send(
            "POST",
            _core.CHANGE_PATH,
            lambda: update_listener_status.sync_detailed(client=self._api, body=body),
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
            state = self.wait_for(
                container_id=container_id, listener_id=listener_id, status=action.leads_to, timeout=timeout
            )
            return ChangeResult(action, container_id, listener_id, (state,))
        states = self.wait_for_all(container_id=container_id, status=action.leads_to, timeout=timeout)
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
        """Run the ListenerStatus query and poll its token until the result is complete."""
        body = _core.query_body(container_id, listener_id)
        started = self._send(
            "POST",
            _core.QUERY_PATH,
            lambda: async_get_listener_status.sync_detailed(client=self._api, body=body),
            idempotent=True,
        )
        token = _core.parsed_or_raise(started, AsyncOperationTokenResult, "POST", _core.QUERY_PATH).async_token.token
        deadline = time.monotonic() + timeout
        delay = self.poll.delays()
        while True:
            answer = self._send(
                "GET",
                _core.RESPONSE_PATH,
                lambda: async_token_listener_status.sync_detailed(token, client=self._api),
                idempotent=True,
            )
            parsed = _core.parsed_or_raise(answer, ListenerStatusAsyncResponse, "GET", _core.RESPONSE_PATH)
            states = _core.states_from(parsed)
            if states is not None:
                return states
            if time.monotonic() >= deadline:
                raise WaitTimeoutError(
                    f"ListenerStatus query for container {container_id} did not complete within {timeout:g}s",
                    expected="complete",
                )
            time.sleep(min(delay(), max(deadline - time.monotonic(), 0.0)))

    def wait_for(self, *, container_id: str, listener_id: str, status: str, timeout: float = 60.0) -> ListenerState:
        """Poll until the listener reports ``status``; raise WaitTimeoutError with the last state seen."""
        deadline = time.monotonic() + timeout
        delay = self.poll.delays()
        last: ListenerState | None = None
        while True:
            remaining = max(deadline - time.monotonic(), 0.0)
            found = self.statuses(container_id=container_id, listener_id=listener_id, timeout=max(remaining, 1.0))
            last = next((s for s in found if s.listener_id == listener_id), last)
            if last is not None and last.status == status:
                return last
            if time.monotonic() >= deadline:
                raise _core.wait_timeout(container_id, listener_id, status, timeout, last)
            time.sleep(min(delay(), max(deadline - time.monotonic(), 0.0)))

    def wait_for_all(self, *, container_id: str, status: str, timeout: float = 60.0) -> list[ListenerState]:
        """Poll until every listener on the runtime reports ``status`` (errored ones are not waited for)."""
        deadline = time.monotonic() + timeout
        delay = self.poll.delays()
        while True:
            remaining = max(deadline - time.monotonic(), 0.0)
            found = self.statuses(container_id=container_id, timeout=max(remaining, 1.0))
            if _core.all_settled(found, status):
                return found
            if time.monotonic() >= deadline:
                raise _core.wait_timeout(container_id, None, status, timeout, found)
            time.sleep(min(delay(), max(deadline - time.monotonic(), 0.0)))

    def _await_departure(self, container_id: str, listener_id: str | None, status: str, within: float) -> None:
        """Poll until a listener is seen outside ``status`` (the restart began) or ``within`` passes.

        Boomi reports no restart in progress; without this a wait after a restart
        would return at once on the listener's pre-restart ``listening`` status.
        """
        deadline = time.monotonic() + within
        delay = self.poll.delays()
        while time.monotonic() < deadline:
            found = self.statuses(container_id=container_id, listener_id=listener_id, timeout=max(within, 1.0))
            if any(s.status != status for s in found):
                return
            time.sleep(min(delay(), max(deadline - time.monotonic(), 0.0)))

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
