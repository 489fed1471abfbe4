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
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, TypeVar

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .auth import FORBIDDEN_MESSAGE, AuthError, authenticate, authorize, check_otp
from .demo import demo_state
from .faults import RATE_LIMIT_MESSAGE, Faults
from .limits import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_NESTING, json_nesting_exceeds
from .names_api import NameReads
from .profiles import Profile, resolve_profile
from .querying import FilterError
from .quiesce_objects import (
    EXECUTION_PROPERTIES,
    SCHEDULE_PROPERTIES,
    bulk_response,
    execution_json,
    matches,
    object_response,
    query_response,
    schedule_json,
)
from .recording import DEFAULT_LOG_SIZE, RecordedRequest, RequestLog, redact_headers
from .responses import ApiError, error_response, query_result_response, token_result_response, wants_json
from .state import (
    PRIVILEGE_API,
    PRIVILEGE_ATOM_MANAGEMENT,
    PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY,
    PRIVILEGE_SCHEDULE_MAINTENANCE,
    PRIVILEGE_VIEW_RESULT,
    FakeState,
    Runtime,
)
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
#: Under ``read-once``, Boomi deletes an asynchronous result this long after the request (S2).
READ_ONCE_TTL = 1800.0
T = TypeVar("T")
#: Bodies longer than this keep only their start in the request log.
_LOGGED_BODY_BYTES = 64 * 1024
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
    per account (None: unlimited, or the profile's rate). ``clock``: replaces the state's clock (and
    the rate limiter's), e.g. with a :class:`~boomi_listeners.testing.ManualClock`.

    ``profile``: which reading of Boomi's behaviour to speak (a :class:`Profile`, a name such as
    ``"strict"``, or names joined by commas; default ``documented``). ``otp_clock``: the wall clock
    TOTP codes are checked against under ``totp`` (clients compute codes from real time, so it is
    separate from ``clock``). ``max_body_bytes``: larger request bodies are refused while they are
    read. ``max_nesting``: deeper JSON or XML bodies answer 400. ``request_log_size``: how many
    requests :attr:`requests` keeps (the oldest go first).
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
        profile: Profile | str | None = None,
        otp_clock: Callable[[], float] = time.time,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        max_nesting: int = DEFAULT_MAX_NESTING,
        request_log_size: int = DEFAULT_LOG_SIZE,
    ) -> None:
        if max_body_bytes < 1 or max_nesting < 1:
            raise ValueError("max_body_bytes and max_nesting must be >= 1")
        self.profile = resolve_profile(profile)
        self.state = demo_state() if state is None else state
        if clock is not None:
            self.state.clock = clock
        self.apply_delay = apply_delay
        self.restart_phase = restart_phase
        self.query_delay = query_delay
        self.token_ttl = token_ttl
        self.otp_clock = otp_clock
        self.max_body_bytes = max_body_bytes
        self.max_nesting = max_nesting
        if rate_limit is None and self.profile.rate_limited:
            rate_limit = self.profile.requests_per_second
        self.faults = Faults(
            rate_limit=rate_limit, clock=self.state.clock, retry_after_header=not self.profile.rate_limited
        )
        self._log = RequestLog(request_log_size)
        self._validator = SpecValidator()
        self.transports: TransportRegistry = {}
        #: The Atom, Environment, EnvironmentAtomAttachment and Process reads (see names_api).
        self.names = NameReads(self)
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

    def node_statuses_of(self, container_id: str, listener_id: str) -> tuple[str, ...]:
        """Each node's status of the listener now (one entry on a single-node runtime or profile)."""
        with self.state.lock:
            listener = self.state.listener(container_id, listener_id)
            return listener.node_statuses(self._rows_per_listener(self.state.runtimes[container_id]))

    def _rows_per_listener(self, runtime: Runtime) -> int:
        return runtime.nodes if self.profile.molecule and runtime.multi_node else 1

    @property
    def effective_query_delay(self) -> float:
        """Seconds a query stays in progress (``slow-runtime`` stretches it)."""
        if self.profile.slow_runtime:
            return max(self.query_delay, self.profile.slow_query_seconds)
        return self.query_delay

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
                Route(prefix + "/ProcessScheduleStatus/query", self._schedule_query, methods=["POST"]),
                Route(prefix + "/ProcessScheduleStatus/queryMore", self._schedule_query_more, methods=["POST"]),
                Route(prefix + "/ProcessScheduleStatus/bulk", self._schedule_bulk, methods=["POST"]),
                Route(prefix + "/ProcessScheduleStatus/{id}", self._schedule_item, methods=["GET", "POST"]),
                Route(prefix + "/ExecutionRecord/query", self._execution_query, methods=["POST"]),
                Route(prefix + "/ExecutionRecord/queryMore", self._execution_query_more, methods=["POST"]),
                Route(prefix + "/cancelExecution/{executionId}", self._cancel_execution, methods=["POST"]),
                *self.names.routes(prefix),  # GET /Atom/{id} (runtime health) among them
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

    def _guard(self, request: Request, privileges: Iterable[str], any_of: Iterable[str] = ()) -> str:
        """Authenticate, authorise and rate-limit; returns the account ID the request acts for.

        ``privileges`` are all needed; of ``any_of`` (when given) one is enough, as Boomi's
        "SCHEDULE_MAINTENANCE or ATOM_MANAGEMENT" reads.
        """
        account_id: str = request.path_params["account_id"]
        try:
            principal = authenticate(self.state, request.headers.get("authorization"))
            if self.profile.totp:
                check_otp(principal, request.headers.get("x-boomi-otp"), self.otp_clock())
            authorize(principal, account_id, privileges)
            alternatives = set(any_of)
            if alternatives and not alternatives & principal.user.privileges:
                raise AuthError(403, FORBIDDEN_MESSAGE)
        except AuthError as exc:
            headers = {"WWW-Authenticate": 'Basic realm="Boomi"'} if exc.status == 401 else None
            raise ApiError(exc.status, exc.message, headers) from None
        limited, retry_after = self.faults.admit_request(account_id)
        if limited:
            raise ApiError(503, RATE_LIMIT_MESSAGE, {"Retry-After": str(retry_after)} if retry_after else None)
        return account_id

    async def _decode(self, request: Request, what: str, parse_xml: Callable[[bytes, int], dict[str, Any]]) -> Any:
        # The outermost middleware already refused bodies over max_body_bytes while reading them.
        body = await request.body()
        if not body.strip():
            raise ApiError(400, f"Invalid request: the request body is missing; send a {what} as JSON or XML.")
        media = (request.headers.get("content-type") or "").partition(";")[0].strip().lower()
        if media in ("application/json", "text/json") or (media.startswith("application/") and media.endswith("+json")):
            if json_nesting_exceeds(body, self.max_nesting):
                raise ApiError(400, _too_deep("JSON", self.max_nesting, what))
            try:
                return json.loads(body.decode("utf-8"))
            except RecursionError:  # not reachable after the nesting check; kept so a 500 never escapes
                raise ApiError(400, _too_deep("JSON", self.max_nesting, what)) from None
            except UnicodeDecodeError:
                raise ApiError(400, "Invalid request: the JSON body is not valid UTF-8.") from None
            except json.JSONDecodeError as exc:
                raise ApiError(
                    400,
                    f"Invalid request: the body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}).",
                ) from None
        if media in ("application/xml", "text/xml") or (media.startswith("application/") and media.endswith("+xml")):
            try:
                return parse_xml(body, self.max_nesting)
            except RecursionError:  # not reachable after the depth check in parse_xml; see above
                raise ApiError(400, _too_deep("XML", self.max_nesting, what)) from None
            except XmlBodyError as exc:
                raise ApiError(400, f"Invalid request: {exc}.") from None
        shown = media or "none"
        raise ApiError(
            415,
            f"Unsupported Media Type ({shown}): send the {what} with Content-Type application/json or application/xml.",
        )

    async def _valid_body(
        self, request: Request, what: str, parse_xml: Callable[[bytes, int], dict[str, Any]], operation_path: str
    ) -> Any:
        """The request's body, decoded (JSON or XML) and checked against the operation's schema."""
        data = await self._decode(request, what, parse_xml)
        self._validate(request, data, operation_path)
        return data

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
        data = await self._valid_body(
            request, "ChangeListenerStatusRequest", parse_change_request, "/changeListenerStatus"
        )
        change = _answered_as_400(check_change_request, data)
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
                nodes=self._rows_per_listener(runtime),
            )
        # Accepted: the change happens later, so the platform answers with an empty body.
        return Response(status_code=200)

    async def _listener_status_query(self, request: Request) -> Response:
        account_id = self._guard(request, (PRIVILEGE_API,))
        data = await self._valid_body(
            request, "ListenerStatusQueryConfig", parse_query_config, "/async/ListenerStatus/query"
        )
        query = _answered_as_400(check_status_query, data)
        with self.state.lock:
            runtime = self._runtime(account_id, query.container_id)
            job = self.state.start_query(
                account_id,
                query.container_id,
                query.listener_id,
                query_delay=self.effective_query_delay,
                rows_per_listener=self._rows_per_listener(runtime),
                hidden_connector_types=frozenset({"wss"}) if self.profile.unreported_wss else frozenset(),
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
        age = self.state.clock() - job.created
        if self.profile.read_once:
            # S2: 204 once the content was retrieved, or after Boomi deleted it 30 minutes on.
            with self.state.lock:
                if age > READ_ONCE_TTL or job.reads > 0:
                    return Response(status_code=204)
                if job.result is not None:
                    job.reads += 1
        elif age > self.token_ttl:
            raise ApiError(
                410,
                f"The ListenerStatus result for token {token!r} has expired ({self.token_ttl:g} s after the query); "
                "start a new query.",
            )
        return query_result_response(job.result, json=wants_json(request.headers.get("accept")), profile=self.profile)

    # -- schedules, executions and runtimes ---------------------------------------------------------

    def start_execution(self, *, container_id: str, process_id: str, seconds: float, process_name: str = "") -> str:
        """Testing hook: a run of ``process_id`` on the runtime, INPROCESS for ``seconds`` on the fake's clock
        (then COMPLETE); returns its execution ID."""
        return self.state.start_execution(container_id, process_id, seconds, process_name)

    def execution_status(self, execution_id: str) -> str:
        """The execution's status now: INPROCESS, COMPLETE, or ABORTED once cancelled."""
        return self.state.execution_status(execution_id)

    def _account_runtimes(self, account_id: str) -> list[Runtime]:
        return self.state.runtimes_of(account_id)

    async def _filter(self, request: Request, path: str) -> dict[str, Any]:
        # JSON only (what the SDK sends): the XML reader knows the ListenerStatus filter, not these.
        data = await self._valid_body(request, "QueryConfig", _no_xml("QueryConfig"), path)
        return dict(data["QueryFilter"]["expression"])

    def _page(
        self, request: Request, rows: list[dict[str, Any]], expression: dict[str, Any], properties: frozenset[str]
    ) -> Response:
        try:
            found = [row for row in rows if matches(row, expression, properties)]
        except FilterError as exc:
            raise ApiError(400, f"Invalid query filter: {exc}.") from None
        page, token = self.state.page(found)
        return query_response(page, token, len(found), json=wants_json(request.headers.get("accept")))

    async def _more(self, request: Request) -> Response:
        token = (await request.body()).decode("utf-8", "replace").strip()
        found = self.state.more(token) if token else None
        if found is None:
            raise ApiError(
                404, "Resource not found: the queryToken is unknown, was read already or has expired; query again."
            )
        page, following = found
        return query_response(page, following, len(page), json=wants_json(request.headers.get("accept")))

    def _schedule_for(self, account_id: str, schedule_id: str) -> tuple[Runtime, Any]:
        found = self.state.schedule(schedule_id)
        if found is None or found[0].account_id != account_id:
            # An unknown ID in the path is "not found", as an unknown ListenerStatus token is.
            raise ApiError(
                404, f"Resource not found: {schedule_id!r} is not the ID of a process schedule status in this account."
            )
        return found

    _SCHEDULE_READ = (PRIVILEGE_SCHEDULE_MAINTENANCE, PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY, PRIVILEGE_ATOM_MANAGEMENT)
    _SCHEDULE_WRITE = (PRIVILEGE_SCHEDULE_MAINTENANCE, PRIVILEGE_ATOM_MANAGEMENT)

    async def _schedule_query(self, request: Request) -> Response:
        account_id = self._guard(request, (PRIVILEGE_API,), self._SCHEDULE_READ)
        expression = await self._filter(request, "/ProcessScheduleStatus/query")
        with self.state.lock:
            rows = [schedule_json(r, s) for r in self._account_runtimes(account_id) for s in r.schedules]
        return self._page(request, rows, expression, SCHEDULE_PROPERTIES)

    async def _schedule_query_more(self, request: Request) -> Response:
        self._guard(request, (PRIVILEGE_API,), self._SCHEDULE_READ)
        return await self._more(request)

    async def _schedule_bulk(self, request: Request) -> Response:
        account_id = self._guard(request, (PRIVILEGE_API,), self._SCHEDULE_READ)
        data = await self._valid_body(request, "BulkRequest", _no_xml("BulkRequest"), "/ProcessScheduleStatus/bulk")
        if data.get("type", "GET") != "GET":
            raise ApiError(400, f"Invalid request: bulk type {data.get('type')!r} is not supported; use GET.")
        ids = [item.get("id") for item in data.get("request") or [] if isinstance(item, dict)]
        if len(ids) > 100:
            raise ApiError(400, "Invalid request: a bulk request takes at most 100 IDs.")
        items: list[dict[str, Any]] = []
        with self.state.lock:
            for index, schedule_id in enumerate(ids):
                found = self.state.schedule(str(schedule_id))
                if found is None or found[0].account_id != account_id:
                    items.append(
                        {
                            "index": index,
                            "id": str(schedule_id),
                            "statusCode": 400,
                            "errorMessage": "Not found.",
                            "Result": {},
                        }
                    )
                else:
                    result = schedule_json(*found)
                    items.append({"index": index, "id": str(schedule_id), "statusCode": 200, "Result": result})
        return bulk_response(items, json=wants_json(request.headers.get("accept")))

    async def _schedule_item(self, request: Request) -> Response:
        # One route for GET and the update, so a 405 lists both methods in Allow.
        if request.method == "POST":
            return await self._schedule_update(request)
        return await self._schedule_get(request)

    async def _schedule_get(self, request: Request) -> Response:
        account_id = self._guard(request, (PRIVILEGE_API,), self._SCHEDULE_READ)
        self._validate(request, None, "/ProcessScheduleStatus/{id}")
        with self.state.lock:
            runtime, schedule = self._schedule_for(account_id, request.path_params["id"])
            body = schedule_json(runtime, schedule)
        return object_response(body, json=wants_json(request.headers.get("accept")))

    async def _schedule_update(self, request: Request) -> Response:
        account_id = self._guard(request, (PRIVILEGE_API,), self._SCHEDULE_WRITE)
        data = await self._valid_body(
            request, "ProcessScheduleStatus", _no_xml("ProcessScheduleStatus"), "/ProcessScheduleStatus/{id}"
        )
        schedule_id = request.path_params["id"]
        enabled = data.get("enabled")
        if not isinstance(enabled, bool):
            raise ApiError(400, "Invalid request: enabled must be true or false.")
        with self.state.lock:
            runtime, schedule = self._schedule_for(account_id, schedule_id)
            given = {"id": data.get("id"), "atomId": data.get("atomId"), "processId": data.get("processId")}
            expected = {"id": schedule_id, "atomId": runtime.id, "processId": schedule.process_id}
            wrong = [name for name, value in given.items() if value != expected[name]]
            if wrong:
                raise ApiError(
                    400,
                    f"Invalid request: the body must name the schedule status's {', '.join(wrong)} "
                    "(id, atomId and processId as a QUERY answers them).",
                )
            schedule.enabled = enabled
            body = schedule_json(runtime, schedule)
        return object_response(body, json=wants_json(request.headers.get("accept")))

    async def _execution_query(self, request: Request) -> Response:
        account_id = self._guard(request, (PRIVILEGE_API, PRIVILEGE_VIEW_RESULT))
        expression = await self._filter(request, "/ExecutionRecord/query")
        with self.state.lock:
            now = self.state.clock()
            runtimes = {r.id: r for r in self._account_runtimes(account_id)}
            rows = [
                execution_json(e, runtimes[e.container_id], account_id, now)
                for e in sorted(self.state.executions.values(), key=lambda e: e.started)
                if e.container_id in runtimes
            ]
        return self._page(request, rows, expression, EXECUTION_PROPERTIES)

    async def _execution_query_more(self, request: Request) -> Response:
        self._guard(request, (PRIVILEGE_API, PRIVILEGE_VIEW_RESULT))
        return await self._more(request)

    async def _cancel_execution(self, request: Request) -> Response:
        # No body to validate: the execution ID in the path is all the request says.
        account_id = self._guard(request, (PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT))
        execution_id = request.path_params["executionId"]
        with self.state.lock:
            execution = self.state.executions.get(execution_id)
            runtime = self.state.runtimes.get(execution.container_id) if execution else None
            if execution is None or runtime is None or runtime.account_id != account_id:
                raise ApiError(404, f"Resource not found: no execution {execution_id!r} in this account.")
            self._runtime(account_id, runtime.id)  # an offline runtime cannot cancel its run: 410
            self.state.cancel_execution(execution_id)
        # Accepted, with no body; the spec names JSON and XML for the answer, so the header says which.
        media = "application/json" if wants_json(request.headers.get("accept")) else "application/xml"
        return Response(status_code=202, media_type=media)


class _FaultsAndRecording:
    """Outermost middleware: injected latency, failures and dropped connections; the request log."""

    def __init__(self, app: ASGIApp, fake: FakeBoomi) -> None:
        self.app = app
        self.fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
        accept = next((v for k, v in headers if k.lower() == "accept"), None)
        limit = self.fake.max_body_bytes
        # The size limit holds while the body arrives, before anything is buffered beyond it and
        # before authentication: an anonymous client cannot make the fake hold a large body.
        declared = next((v.strip() for k, v in headers if k.lower() == "content-length"), "")
        too_large = declared.isdigit() and int(declared) > limit
        body = bytearray()
        while not too_large:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending its request; nothing to answer or record
            chunk = message.get("body", b"")
            if len(body) + len(chunk) > limit:
                too_large = True
                break
            body += chunk
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        def record(status: int | None, *, dropped: bool = False, fault: str | None = None) -> None:
            self.fake._log.append(
                RecordedRequest(
                    method=scope["method"],
                    path=scope["path"],
                    query=scope.get("query_string", b"").decode("latin-1"),
                    headers=redact_headers(headers),
                    body=bytes(body[:_LOGGED_BODY_BYTES]),
                    content_type=next((v for k, v in headers if k.lower() == "content-type"), None),
                    status=status,
                    dropped=dropped,
                    fault=fault,
                    at=self.fake.state.clock(),
                    truncated=too_large or len(body) > _LOGGED_BODY_BYTES,
                )
            )

        if too_large:
            # Boomi's ordinary 400 body; the connection closes because the rest of the body is unread.
            refused = error_response(
                400,
                f"Invalid request: the body exceeds {limit} bytes; send a single request document.",
                json=wants_json(accept),
                headers={"Connection": "close"},
            )
            record(400, fault="body_too_large")
            await refused(scope, replay, send)
            return

        faults = self.fake.faults
        if faults.latency > 0:
            await asyncio.sleep(faults.latency)

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


def _no_xml(what: str) -> Callable[[bytes, int], dict[str, Any]]:
    """The fake reads these bodies as JSON only (the SDK sends JSON); XML answers 415 naming the way out."""

    def refuse(body: bytes, max_nesting: int) -> dict[str, Any]:
        raise ApiError(415, f"Unsupported Media Type: the fake reads a {what} as application/json only.")

    return refuse


def _too_deep(kind: str, limit: int, what: str) -> str:
    return f"Invalid request: the {kind} body is nested deeper than {limit} levels; send a single {what}."


def _answered_as_400(check: Callable[[Any], T], data: Any) -> T:
    """``check(data)``; the BadRequest it raises becomes a 400 answer with its message."""
    try:
        return check(data)
    except BadRequest as exc:
        raise ApiError(400, exc.message) from None
