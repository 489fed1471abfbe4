"""The fake Boomi Platform API as an ASGI (Starlette) application.

Order of checks per request, as on the platform: route (404/405), then authentication (401),
account and privileges (403), rate limit (503), body decoding and spec validation (400), and the
operation's own rules (400 for unknown runtimes/listeners, 410 for offline runtimes). Injected
faults act before all of that, in the outermost middleware, which also records every request.
"""

from __future__ import annotations

import asyncio
import http
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .auth import AuthError, authenticate, authorize
from .demo import demo_state
from .faults import RATE_LIMIT_MESSAGE, Faults
from .recording import RecordedRequest, RequestLog, redact_headers
from .responses import ApiError, error_response, query_result_response, token_result_response, wants_json
from .state import PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT, FakeState, Runtime
from .validation import BadRequest, SpecValidator, check_change_request, check_status_query
from .xml import XmlBodyError, parse_change_request, parse_query_config

__all__ = ["API_PREFIX", "ConnectionDropped", "FakeBoomi"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
#: Connection key (client address, server address) -> asyncio transport; filled by :func:`serve`.
TransportRegistry = dict[tuple[tuple[str, int], tuple[str, int]], Any]

API_PREFIX = "/api/rest/v1"
_MAX_BODY = 1024 * 1024
_OFFLINE_MESSAGE = (
    "Runtime {id} is offline and cannot be reached: endpoint is invalid or no longer exists. "
    "Bring the runtime back online, or address another runtime."
)
_FAULT_MESSAGES = {
    503: RATE_LIMIT_MESSAGE,
    504: "Gateway timeout: the runtime did not answer in time.",
}


class ConnectionDropped(httpx.RemoteProtocolError):
    """The fake dropped the connection on purpose (``faults.drop_next``).

    Over a socket served by :func:`serve` the client simply sees the connection close. When the app
    runs elsewhere (e.g. in-process through ``httpx.ASGITransport``) the fake raises this instead;
    it is an ``httpx.RemoteProtocolError``, so client code handles both cases the same way.
    """


class FakeBoomi:
    """A stateful fake of the Boomi Platform API's listener operations.

    ``apply_delay``: seconds between an accepted change and its effect. ``restart_phase``: seconds
    a restarting listener spends not listening. ``query_delay``: seconds a ListenerStatus query
    takes. ``token_ttl``: seconds a query token stays readable. ``rate_limit``: requests per second
    per account (None: unlimited). ``clock``: replaces the state's clock (and the rate limiter's),
    e.g. with a :class:`~boomi_listeners.testing.ManualClock`.
    """

    def __init__(
        self,
        state: FakeState | None = None,
        *,
        apply_delay: float = 0.2,
        # Long enough for a client's status polls to see the restart happen, as on a real runtime.
        restart_phase: float = 1.0,
        query_delay: float = 0.05,
        token_ttl: float = 300.0,
        rate_limit: float | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.state = demo_state() if state is None else state
        if clock is not None:
            self.state.clock = clock
        self.apply_delay = apply_delay
        self.restart_phase = restart_phase
        self.query_delay = query_delay
        self.token_ttl = token_ttl
        self.faults = Faults(rate_limit=rate_limit, clock=self.state.clock)
        self._log = RequestLog()
        self._validator = SpecValidator()
        self.transports: TransportRegistry = {}
        self.app = self._build_app()

    # -- inspection ---------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy; see :meth:`clear_requests`)."""
        return self._log.snapshot()

    def clear_requests(self) -> None:
        self._log.clear()

    def status_of(self, container_id: str, listener_id: str) -> str:
        """The listener's status now (due transitions applied first)."""
        return self.state.listener(container_id, listener_id).status

    def is_online(self, container_id: str) -> bool:
        """Whether the runtime answers, taking ``faults.set_offline`` into account."""
        override = self.faults.offline_override(container_id)
        if override is not None:
            return not override
        return self.state.runtime(container_id).online

    # -- application ----------------------------------------------------------------------------

    def _build_app(self) -> Starlette:
        prefix = API_PREFIX + "/{account_id}"
        app = Starlette(
            routes=[
                Route(prefix + "/changeListenerStatus", self._change_listener_status, methods=["POST"]),
                Route(prefix + "/async/ListenerStatus/query", self._listener_status_query, methods=["POST"]),
                Route(
                    prefix + "/async/ListenerStatus/response/{token}", self._listener_status_response, methods=["GET"]
                ),
            ],
            middleware=[Middleware(_FaultsAndRecording, fake=self)],
            exception_handlers={
                ApiError: self._api_error,
                HTTPException: self._http_error,
            },
        )
        # Boomi does not redirect; a stray slash is simply not a route.
        app.router.redirect_slashes = False
        return app

    async def _api_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(
            exc.status, exc.message, json=wants_json(request.headers.get("accept")), headers=exc.headers
        )

    async def _http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        as_json = wants_json(request.headers.get("accept"))
        if exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "another method")
            message = f"Method {request.method} is not allowed here; use {allowed}."
        elif exc.status_code == 404:
            message = "Resource not found."
        else:
            message = exc.detail
        return error_response(exc.status_code, message, json=as_json, headers=exc.headers)

    # -- shared steps ---------------------------------------------------------------------------

    def _guard(self, request: Request, privileges: Iterable[str]) -> str:
        """Authenticate, authorise and rate-limit; returns the account ID the request acts for."""
        account_id: str = request.path_params["account_id"]
        try:
            principal = authenticate(self.state, request.headers.get("authorization"))
            authorize(principal, account_id, privileges)
        except AuthError as exc:
            headers = {"WWW-Authenticate": 'Basic realm="Boomi"'} if exc.status == 401 else None
            raise ApiError(exc.status, exc.message, headers) from None
        retry_after = self.faults.admit(account_id)
        if retry_after is not None:
            raise ApiError(503, RATE_LIMIT_MESSAGE, {"Retry-After": str(retry_after)})
        return account_id

    async def _decode(self, request: Request, what: str, parse_xml: Callable[[bytes], dict[str, Any]]) -> Any:
        body = await request.body()
        if not body.strip():
            raise ApiError(400, f"Invalid request: the request body is missing; send a {what} as JSON or XML.")
        if len(body) > _MAX_BODY:
            raise ApiError(400, f"Invalid request: the body exceeds {_MAX_BODY} bytes; send a single {what}.")
        media = (request.headers.get("content-type") or "").partition(";")[0].strip().lower()
        if media in ("application/json", "text/json") or (media.startswith("application/") and media.endswith("+json")):
            try:
                return json.loads(body.decode("utf-8"))
            except UnicodeDecodeError:
                raise ApiError(400, "Invalid request: the JSON body is not valid UTF-8.") from None
            except json.JSONDecodeError as exc:
                raise ApiError(
                    400,
                    f"Invalid request: the body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}).",
                ) from None
        if media in ("application/xml", "text/xml") or (media.startswith("application/") and media.endswith("+xml")):
            try:
                return parse_xml(body)
            except XmlBodyError as exc:
                raise ApiError(400, f"Invalid request: {exc}.") from None
        shown = media or "none"
        raise ApiError(
            415,
            f"Unsupported Media Type ({shown}): send the {what} with Content-Type application/json or application/xml.",
        )

    def _validate(self, request: Request, body: Any, operation_path: str) -> None:
        if body is None and request.method == "POST":
            raise ApiError(400, "Invalid request: body: null is not of type object.")
        try:
            self._validator.validate(
                method=request.method,
                path=request.url.path,
                body=body,
                headers=request.headers,
                query=request.query_params,
                operation_path=operation_path,
            )
        except BadRequest as exc:
            raise ApiError(400, exc.message) from None

    def _runtime(self, account_id: str, container_id: str) -> Runtime:
        """The account's runtime (400 if it has none by that ID), checked to be online (410)."""
        with self.state.lock:
            runtime = self.state.runtimes.get(container_id)
            if runtime is None or runtime.account_id != account_id:
                raise ApiError(
                    400,
                    f"Invalid request: containerId {container_id!r} does not name a Runtime, Runtime cluster or "
                    f"Runtime cloud in account {account_id}; use the ID shown for the runtime in Runtime Management.",
                )
        if not self.is_online(container_id):
            raise ApiError(410, _OFFLINE_MESSAGE.format(id=container_id))
        return runtime

    # -- operations ---------------------------------------------------------------------------------

    async def _change_listener_status(self, request: Request) -> Response:
        account_id = self._guard(request, (PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT))
        data = await self._decode(request, "ChangeListenerStatusRequest", parse_change_request)
        self._validate(request, data, "/changeListenerStatus")
        try:
            change = check_change_request(data)
        except BadRequest as exc:
            raise ApiError(400, exc.message) from None
        with self.state.lock:
            runtime = self._runtime(account_id, change.container_id)
            if change.listener_id is not None and runtime.find_listener(change.listener_id) is None:
                raise ApiError(
                    400,
                    f"Invalid request: listenerId {change.listener_id!r} is not a listener deployed to runtime "
                    f"{change.container_id}; use the process component ID of a listener on that runtime.",
                )
            self.state.schedule_change(
                change.container_id,
                change.action,
                change.listener_id,
                apply_delay=self.apply_delay,
                restart_phase=self.restart_phase,
            )
        # Accepted: the change happens later, so the platform answers with an empty body.
        return Response(status_code=200)

    async def _listener_status_query(self, request: Request) -> Response:
        account_id = self._guard(request, (PRIVILEGE_API,))
        data = await self._decode(request, "ListenerStatusQueryConfig", parse_query_config)
        self._validate(request, data, "/async/ListenerStatus/query")
        try:
            query = check_status_query(data)
        except BadRequest as exc:
            raise ApiError(400, exc.message) from None
        with self.state.lock:
            self._runtime(account_id, query.container_id)
            job = self.state.start_query(
                account_id, query.container_id, query.listener_id, query_delay=self.query_delay
            )
        return token_result_response(job.token, json=wants_json(request.headers.get("accept")))

    async def _listener_status_response(self, request: Request) -> Response:
        account_id = self._guard(request, (PRIVILEGE_API,))
        token: str = request.path_params["token"]
        self._validate(request, None, "/async/ListenerStatus/response/{token}")
        job = self.state.query(token)
        if job is None or job.account_id != account_id:
            # Another account's token is "not found" too, so tokens cannot be probed across accounts.
            raise ApiError(
                404,
                f"Resource not found: no ListenerStatus query with token {token!r} in account {account_id}; "
                "start one with POST async/ListenerStatus/query.",
            )
        if self.state.clock() - job.created > self.token_ttl:
            raise ApiError(
                410,
                f"The ListenerStatus result for token {token!r} has expired ({self.token_ttl:g} s after the query); "
                "start a new query.",
            )
        return query_result_response(job.result, json=wants_json(request.headers.get("accept")))


class _FaultsAndRecording:
    """Outermost middleware: injected latency, failures and dropped connections; the request log."""

    def __init__(self, app: ASGIApp, fake: FakeBoomi) -> None:
        self.app = app
        self.fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending its request; nothing to answer or record
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        faults = self.fake.faults
        if faults.latency > 0:
            await asyncio.sleep(faults.latency)

        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
        accept = next((v for k, v in headers if k.lower() == "accept"), None)

        def record(status: int | None, *, dropped: bool = False, fault: str | None = None) -> None:
            self.fake._log.append(
                RecordedRequest(
                    method=scope["method"],
                    path=scope["path"],
                    query=scope.get("query_string", b"").decode("latin-1"),
                    headers=redact_headers(headers),
                    body=bytes(body),
                    content_type=next((v for k, v in headers if k.lower() == "content-type"), None),
                    status=status,
                    dropped=dropped,
                    fault=fault,
                    at=self.fake.state.clock(),
                )
            )

        failure = faults.take_failure()
        if failure is not None:
            message_text = _FAULT_MESSAGES.get(failure.status) or f"{http.HTTPStatus(failure.status).phrase}."
            extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else None
            response = error_response(failure.status, message_text, json=wants_json(accept), headers=extra)
            record(failure.status, fault="fail_next")
            await response(scope, replay, send)
            return

        drop = faults.take_drop()
        if drop is not None:
            status: int | None = None
            if drop:

                async def swallow(message: Message) -> None:
                    nonlocal status
                    if message["type"] == "http.response.start":
                        status = int(message["status"])

                await self.app(scope, replay, swallow)
            record(status, dropped=True, fault="drop_next" if drop else "drop_next(apply=False)")
            await self._drop(scope, send)
            return

        sent_status: int | None = None

        async def capture(message: Message) -> None:
            nonlocal sent_status
            if message["type"] == "http.response.start":
                sent_status = int(message["status"])
                # Record before the client can see the answer, so a test that reads the
                # log right after its call returned always finds the request there.
                record(sent_status)
            await send(message)

        try:
            await self.app(scope, replay, capture)
        except Exception:
            if sent_status is None:
                record(500)
            raise

    async def _drop(self, scope: Scope, send: Send) -> None:
        client, server = scope.get("client"), scope.get("server")
        transport = None
        if client and server:
            transport = self.fake.transports.get(((client[0], client[1]), (server[0], server[1])))
        if transport is not None:
            # Served by serve(): close the socket without a byte of response. The client sees the
            # connection end ("Server disconnected without sending a response"), and uvicorn, now
            # marked disconnected, neither logs an error nor tries to answer.
            transport.close()
            for _ in range(3):
                await asyncio.sleep(0)
            return
        # Elsewhere there is no socket to close: start a response that can never complete, then
        # fail. In-process clients get ConnectionDropped; a foreign server closes the connection.
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]})
        raise ConnectionDropped("Server disconnected without sending a response (injected by drop_next).")
