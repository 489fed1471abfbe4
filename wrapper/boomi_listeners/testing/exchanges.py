"""Recorded HTTP exchanges with the Platform API: a redacted JSON-lines format, a recorder, a classifier.

``make contract-staging`` records every exchange the suite's clients make with a Boomi test account;
``make recordings`` records a short scenario against the fake under each behaviour profile. Replay
tests feed the recorded answers to both clients offline, so what Boomi really said keeps being tested.

The format: one JSON object per line, in the order the exchanges completed::

    {"format": "boomi-listeners-exchange/1", "seq": 0, "step": "status", "elapsed": 0.05,
     "request": {"method": "POST", "path": "/api/rest/v1/redacted-account/async/ListenerStatus/query",
                 "query": "", "headers": {"accept": "application/json", "authorization": "Basic ***", ...},
                 "body": "{\\"QueryFilter\\": ...}"},
     "response": {"status": 200, "headers": {"content-type": "application/json", ...}, "body": "{...}"}}

- ``step``: a label the recording program set (a scenario step, or a test's name), or null.
- ``elapsed``: seconds since the recorder started, on the recorder's clock.
- ``body``: the body as UTF-8 text (``""`` when empty); a body that is not UTF-8 is ``body_base64`` instead.
- Header names are lower-case; a repeated header's values are joined with ``", "``.

Redaction, before anything is written: ``Authorization`` keeps only its scheme (``Basic ***``);
``X-Boomi-OTP`` and every header whose name suggests a credential (token, secret, password, cookie,
session, otp, api key) become ``***``; the account ID becomes ``redacted-account`` wherever it
appears (paths, bodies, headers); every other secret given to the :class:`Redactor` (passwords, API
tokens, OTP secrets, user names) becomes ``***`` wherever it appears.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from boomi_listeners import _sync_io

from .profiles import PROFILES, Profile
from .recording import MASK, redact_headers

__all__ = [
    "ACCOUNT_PLACEHOLDER",
    "FORMAT",
    "AsyncRecordingTransport",
    "Conversation",
    "Exchange",
    "ExchangeRecorder",
    "RecordingTransport",
    "Redactor",
    "answer_kind",
    "classify",
    "conversations",
    "expected_states",
    "load_exchanges",
    "read_kind",
]

FORMAT = "boomi-listeners-exchange/1"
#: What the account ID is replaced with; a valid account ID, so a replaying client accepts it.
ACCOUNT_PLACEHOLDER = "redacted-account"
#: Secrets shorter than this are not searched for in bodies (they would mask ordinary words).
_MIN_SECRET_LENGTH = 4


@dataclass(frozen=True)
class Redactor:
    """Masks credentials and the account ID in everything an exchange records."""

    account_id: str | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)

    def text(self, value: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            if len(secret) >= _MIN_SECRET_LENGTH:
                value = value.replace(secret, MASK)
        if self.account_id:
            value = value.replace(self.account_id, ACCOUNT_PLACEHOLDER)
        return value

    def headers(self, pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
        return {name: self.text(value) for name, value in redact_headers(pairs).items()}

    def body(self, content: bytes) -> dict[str, str]:
        try:
            return {"body": self.text(content.decode("utf-8"))}
        except UnicodeDecodeError:
            # Not text: secrets cannot be searched reliably, so only their absence in bytes is checked.
            for secret in (*self.secrets, self.account_id or ""):
                if len(secret) >= _MIN_SECRET_LENGTH and secret.encode() in content:
                    return {"body_base64": "", "redacted": "a binary body held a secret"}
            return {"body_base64": base64.b64encode(content).decode("ascii")}


class ExchangeRecorder:
    """Collects redacted exchanges, and appends each to a JSON-lines file when ``path`` is given.

    Hand :meth:`transport` (or :meth:`async_transport`) to an httpx client or to a
    ``ListenerClient(transport=...)``; label what follows with ``with recorder.step("pause"):``.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        redactor: Redactor | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.redactor = redactor or Redactor()
        self._clock = clock
        self._start = clock()
        self._lock = threading.Lock()
        self._label: str | None = None
        self.exchanges: list[dict[str, Any]] = []
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text("", encoding="utf-8")

    @contextmanager
    def step(self, label: str | None) -> Iterator[None]:
        previous, self._label = self._label, label
        try:
            yield
        finally:
            self._label = previous

    def record(self, request: httpx.Request, response: httpx.Response) -> None:
        """Record one httpx exchange; the response body must have been read."""
        self.record_raw(
            method=request.method,
            url=str(request.url),
            request_headers=request.headers.multi_items(),
            request_body=request.content,
            status=response.status_code,
            response_headers=response.headers.multi_items(),
            response_body=response.content,
        )

    def record_raw(
        self,
        *,
        method: str,
        url: str,
        request_headers: Iterable[tuple[str, str]],
        request_body: bytes,
        status: int,
        response_headers: Iterable[tuple[str, str]],
        response_body: bytes,
    ) -> None:
        """Record one exchange made by any HTTP library (e.g. the provider tests' requests)."""
        redact = self.redactor
        parsed = httpx.URL(url)
        entry: dict[str, Any] = {
            "format": FORMAT,
            "seq": 0,
            "step": self._label,
            "elapsed": round(self._clock() - self._start, 3),
            "request": {
                "method": method,
                "path": redact.text(parsed.path),
                "query": redact.text(parsed.query.decode("ascii", "replace")),
                "headers": redact.headers(request_headers),
                **redact.body(request_body),
            },
            "response": {
                "status": status,
                "headers": redact.headers(response_headers),
                **redact.body(response_body),
            },
        }
        with self._lock:
            entry["seq"] = len(self.exchanges)
            self.exchanges.append(entry)
            if self.path is not None:
                with self.path.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(entry) + "\n")

    def transport(self, inner: httpx.BaseTransport | None = None) -> RecordingTransport:
        return RecordingTransport(inner or httpx.HTTPTransport(), self)

    def async_transport(self, inner: httpx.AsyncBaseTransport | None = None) -> AsyncRecordingTransport:
        return AsyncRecordingTransport(inner or httpx.AsyncHTTPTransport(), self)


class RecordingTransport(httpx.BaseTransport):
    """Wraps a transport: every answered request is recorded (after its body has been read)."""

    def __init__(self, inner: httpx.BaseTransport, recorder: ExchangeRecorder) -> None:
        self._inner = inner
        self._recorder = recorder

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self._inner.handle_request(request)
        return _recorded(self._recorder, request, response, _sync_io.raw_body(response))

    def close(self) -> None:
        self._inner.close()


def _recorded(
    recorder: ExchangeRecorder, request: httpx.Request, response: httpx.Response, raw: bytes
) -> httpx.Response:
    """Record the exchange (body decoded) and hand on a fresh, unread response with the raw body.

    The wrapped response's stream is spent once read, so the transport above this one
    (which reads, and may inflate, the body itself) gets a new one over the same raw bytes.
    """
    decoded = httpx.Response(response.status_code, headers=response.headers, content=raw, request=request)
    decoded.read()
    recorder.record(request, decoded)
    return httpx.Response(
        response.status_code, headers=response.headers, content=raw, request=request, extensions=response.extensions
    )


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    """The asynchronous twin of :class:`RecordingTransport`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, recorder: ExchangeRecorder) -> None:
        self._inner = inner
        self._recorder = recorder

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        from boomi_listeners import _async_io  # here: a sync program never loads asyncio

        await request.aread()
        response = await self._inner.handle_async_request(request)
        return _recorded(self._recorder, request, response, await _async_io.raw_body(response))

    async def aclose(self) -> None:
        await self._inner.aclose()


# -- reading recordings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """One recorded exchange, as read back from a file."""

    seq: int
    step: str | None
    elapsed: float
    method: str
    path: str
    request_headers: Mapping[str, str]
    request_body: str
    status: int
    response_headers: Mapping[str, str]
    response_body: str

    @property
    def route(self) -> str | None:
        """``change``, ``query`` or ``read`` (a token read), or None for anything else."""
        if self.method == "POST" and self.path.endswith("/changeListenerStatus"):
            return "change"
        if self.method == "POST" and self.path.endswith("/async/ListenerStatus/query"):
            return "query"
        if self.method == "GET" and "/async/ListenerStatus/response/" in self.path:
            return "read"
        return None

    def request_json(self) -> Any:
        try:
            return json.loads(self.request_body)
        except ValueError:
            return None

    def response_json(self) -> Any:
        try:
            return json.loads(self.response_body)
        except ValueError:
            return None

    def to_response(self) -> httpx.Response:
        """The recorded answer as an httpx response (length and encoding headers recomputed)."""
        headers = {
            k: v
            for k, v in self.response_headers.items()
            if k not in ("content-length", "content-encoding", "transfer-encoding", "connection")
        }
        return httpx.Response(self.status, headers=headers, content=self.response_body.encode("utf-8"))


def load_exchanges(path: str | Path) -> list[Exchange]:
    """Read a JSON-lines recording; refuses lines of another format."""
    found: list[Exchange] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        entry = json.loads(line)
        if entry.get("format") != FORMAT:
            raise ValueError(f"{path}:{number}: not a {FORMAT} line")
        request, response = entry["request"], entry["response"]
        found.append(
            Exchange(
                seq=int(entry["seq"]),
                step=entry.get("step"),
                elapsed=float(entry.get("elapsed", 0.0)),
                method=request["method"],
                path=request["path"],
                request_headers=request["headers"],
                request_body=request.get("body", ""),
                status=int(response["status"]),
                response_headers=response["headers"],
                response_body=response.get("body", ""),
            )
        )
    return found


# -- what a token read means (the reading rules the project's clients follow) -------------------------


def _rows(body: Any) -> list[Any]:
    rows = body.get("result") if isinstance(body, dict) else None
    return rows if isinstance(rows, list) else []


def _status_rows(body: Any) -> list[dict[str, Any]]:
    return [r for r in _rows(body) if isinstance(r, dict) and r.get("@type", "ListenerStatus") == "ListenerStatus"]


def read_kind(exchange: Exchange) -> str:
    """What a ListenerStatus token read says: ``running``, ``finished``, ``gone`` (204) or ``error``."""
    return answer_kind(exchange.status, exchange.response_json())


def answer_kind(status: int, body: Any) -> str:
    """:func:`read_kind` from an HTTP status and the parsed JSON body."""
    if status == 204:
        return "gone"
    if status == 202:
        return "running"
    if status >= 300 or not isinstance(body, dict):
        return "error"
    code = body.get("responseStatusCode")
    if code in (202, "202"):
        has_progress_rows = any(
            isinstance(r, dict) and r.get("@type") not in (None, "ListenerStatus") for r in _rows(body)
        )
        if has_progress_rows or "numberOfResults" not in body:
            return "running"
    return "finished"


def expected_states(exchange: Exchange) -> list[tuple[str, str]]:
    """(listenerId, status) per listener of a finished read, in first-seen order; ``mixed`` if rows disagree."""
    seen: dict[str, set[str]] = {}
    for row in _status_rows(exchange.response_json()):
        seen.setdefault(str(row.get("listenerId")), set()).add(str(row.get("status")))
    return [(listener, statuses.pop() if len(statuses) == 1 else "mixed") for listener, statuses in seen.items()]


# -- conversations: what one client call would have exchanged --------------------------------------


@dataclass
class Conversation:
    """The exchanges one client call makes: a change and its retries, or a query, its reads and re-queries."""

    kind: str  # "change" or "query"
    exchanges: list[Exchange] = field(default_factory=list)

    @property
    def first(self) -> Exchange:
        return self.exchanges[0]

    @property
    def last(self) -> Exchange:
        return self.exchanges[-1]

    def of(self, route: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.route == route]

    @property
    def open(self) -> bool:
        """Whether the call would go on: retrying a 503, polling a running query, re-querying after 204."""
        last = self.last
        if last.status == 503:
            return True
        if self.kind == "change":
            return False
        if last.route == "query":
            return 200 <= last.status < 300
        return read_kind(last) in ("running", "gone")

    def target(self) -> tuple[str | None, str | None, str | None]:
        """(action, containerId, listenerId) named by the first request (action is None for a query)."""
        body = self.first.request_json()
        if self.kind == "change":
            if not isinstance(body, dict):
                return None, None, None
            return body.get("action"), body.get("containerId"), body.get("listenerId")
        container = listener = None
        stack = [body.get("QueryFilter", {}).get("expression")] if isinstance(body, dict) else []
        while stack:
            expression = stack.pop()
            if not isinstance(expression, dict):
                continue
            stack.extend(expression.get("nestedExpression") or [])
            argument = expression.get("argument") or [None]
            if expression.get("property") == "containerId":
                container = argument[0]
            elif expression.get("property") == "listenerId":
                listener = argument[0]
        return None, container, listener


def conversations(exchanges: Iterable[Exchange]) -> list[Conversation]:
    """Group a recording into the calls a client makes (exchanges of other routes are left out)."""
    found: list[Conversation] = []
    current: Conversation | None = None
    for exchange in exchanges:
        route = exchange.route
        if route is None:
            continue
        joins = (
            current is not None
            and current.open
            and (
                (current.kind == "change" and route == "change" and exchange.request_body == current.first.request_body)
                or (current.kind == "query" and route in ("query", "read"))
            )
        )
        if current is not None and joins:
            current.exchanges.append(exchange)
            continue
        if route == "read":
            continue  # a read of a token this recording did not start
        current = Conversation(route, [exchange])
        found.append(current)
    return found


# -- which profile a recording shows -----------------------------------------------------------------

#: A query in progress at least this long (on the recording's clock) counts as a slow runtime.
SLOW_QUERY_SECONDS = 3.0


def classify(exchanges: list[Exchange]) -> Profile:
    """The behaviour profile whose wire shapes a recording shows (``documented`` if none)."""
    switches: set[str] = set()
    accepted: set[tuple[str | None, str | None]] = set()
    for exchange in exchanges:
        if "x-boomi-otp" in exchange.request_headers:
            switches.add("totp")
        if exchange.status == 503 and "retry-after" not in exchange.response_headers:
            switches.add("rate-limited")
        if exchange.route != "read":
            continue
        body = exchange.response_json()
        kind = read_kind(exchange)
        if exchange.status == 202:
            switches.add("http-202")
        if exchange.status == 204:
            switches.add("read-once")
        if kind == "running" and any(
            isinstance(r, dict) and r.get("@type") not in (None, "ListenerStatus") for r in _rows(body)
        ):
            switches.add("status-row")
        if kind == "finished" and isinstance(body, dict) and body.get("responseStatusCode") in (202, "202"):
            switches.add("empty-202")
        listeners = [row.get("listenerId") for row in _status_rows(body)]
        if len(listeners) != len(set(listeners)):
            switches.add("molecule")
    for conversation in conversations(exchanges):
        _, container, listener = conversation.target()
        if conversation.kind == "change" and 200 <= conversation.last.status < 300:
            accepted.add((container, listener))
            continue
        if conversation.kind != "query":
            continue
        reads = conversation.of("read")
        finished = [r for r in reads if read_kind(r) == "finished"]
        reported = {row.get("listenerId") for row in _status_rows(finished[-1].response_json())} if finished else set()
        if finished and listener is not None and (container, listener) in accepted and listener not in reported:
            switches.add("unreported-wss")
        if finished and any(read_kind(r) == "running" for r in reads):
            # From the token that answered to its result (re-queries and rate-limit waits excluded).
            started = [e for e in conversation.of("query") if 200 <= e.status < 300 and e.seq < finished[0].seq]
            if started and finished[0].elapsed - started[-1].elapsed >= SLOW_QUERY_SECONDS:
                switches.add("slow-runtime")
    profile = PROFILES["documented"]
    for name in switches:
        profile = profile | PROFILES[name]
    return profile
