"""httpx transports that bound, read and log every exchange.

Wrapping the real transport lets one place enforce what no per-request option
can:

- the call's deadline (see ``_deadline``): each request's timeouts are capped at
  the time left, and a body that drips in is abandoned when the time runs out;
- a size limit on bodies, compressed and decompressed: the transport asks for
  gzip/deflate only and inflates them itself, in bounded steps, so a small
  "gzip bomb" cannot grow into gigabytes of memory (httpx would inflate it whole);
- a log line per attempt with its real status and duration, and never the
  request headers, so credentials cannot reach a log line.

The response handed back is fully read and already decoded.
"""

from __future__ import annotations

import contextvars
import logging
import ssl
import time
import zlib
from collections.abc import AsyncIterable, Iterable
from typing import Any

import httpcore
import httpx

from boomi_listeners._deadline import DEADLINE, DeadlineExceeded
from boomi_listeners._exceptions import UnexpectedResponseError

__all__ = [
    "ACCEPT_ENCODING",
    "ATTEMPT",
    "MAX_RESPONSE_BYTES",
    "AsyncObservedTransport",
    "ObservedTransport",
    "http_transport",
    "logger",
]

logger = logging.getLogger("boomi_listeners")
ATTEMPT: contextvars.ContextVar[int] = contextvars.ContextVar("boomi_listeners_attempt", default=1)

#: Largest body read, before and after decompression. A ListenerStatus row is ~150 bytes,
#: so this holds ~100,000 listeners; anything larger is not an answer to our requests.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
#: Only encodings the transport can inflate in bounded steps.
ACCEPT_ENCODING = "gzip, deflate"

_DROPPED_HEADERS = (b"content-encoding", b"content-length", b"transfer-encoding")


def _socket_timeout(timeout: float | None) -> float | None:
    """A socket operation's timeout, capped at the time left before the deadline of the running call."""
    ends = DEADLINE.get()
    if ends is None:
        return timeout
    left = ends - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the call's timeout ran out")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write is capped at the time left.

    httpcore fixes a request's read timeout once; a server that sends its status
    line and headers one byte at a time would never trip it. Capping each socket
    operation (the deadline is a context variable, visible in the thread that
    reads) bounds the header phase as tightly as the body.
    """

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _socket_timeout(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _socket_timeout(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _socket_timeout(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, _socket_timeout(timeout), local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _socket_timeout(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def http_transport(**options: Any) -> httpx.HTTPTransport:
    """httpx's transport, its sockets bounded by the call's deadline (see _DeadlineStream).

    httpx offers no way to pass httpcore a network backend, so the pool's is
    wrapped after construction; a pool without one (a future httpcore) keeps
    the bound between body chunks that ObservedTransport enforces anyway.
    """
    transport = httpx.HTTPTransport(**options)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    return transport


def _deadline_timeout(exc: httpx.TimeoutException, request: httpx.Request, ends: float | None) -> BaseException:
    """A timeout that came from the call's deadline (a capped socket timeout) says so."""
    if ends is None or isinstance(exc, DeadlineExceeded):
        return exc
    if isinstance(exc, httpx.PoolTimeout) and request.extensions.get(_POOL_IS_DEADLINE):
        # The account budget refuses at once a wait it knows would outlast the time left: that is
        # the deadline too, just seen before it passed.
        return DeadlineExceeded("the call's timeout ran out before the request was sent", sent=False, request=request)
    if time.monotonic() < ends - 0.005:
        return exc
    sent = not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
    return DeadlineExceeded("the call's timeout ran out while waiting for the answer", sent=sent, request=request)


#: Request extension: the pool timeout (also the budget's wait) is the time left before the deadline.
_POOL_IS_DEADLINE = "boomi_listeners.pool_is_deadline"


def _bounded(request: httpx.Request) -> float | None:
    """Cap the request's timeouts at the time left before the deadline; the deadline itself (or None)."""
    ends = DEADLINE.get()
    if ends is None:
        return None
    left = ends - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("the call's timeout ran out before the request was sent", sent=False, request=request)
    given = request.extensions.get("timeout") or {}
    request.extensions[_POOL_IS_DEADLINE] = given.get("pool") is None or float(given["pool"]) >= left
    request.extensions["timeout"] = {
        key: left if given.get(key) is None else min(float(given[key]), left)
        for key in ("connect", "read", "write", "pool")
    }
    return ends


class _Body:
    """Collects raw body chunks, enforcing the deadline and the size limit after each one."""

    def __init__(self, request: httpx.Request, ends: float | None) -> None:
        self._request = request
        self._ends = ends
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > MAX_RESPONSE_BYTES:
            raise UnexpectedResponseError(
                f"{self._request.method} {self._request.url.path}: the answer is larger than "
                f"{MAX_RESPONSE_BYTES} bytes; stopped reading it"
            )
        self._chunks.append(chunk)
        if self._ends is not None and time.monotonic() >= self._ends:
            raise DeadlineExceeded(
                "the call's timeout ran out while the answer was still arriving", sent=True, request=self._request
            )

    def response(self, received: httpx.Response) -> httpx.Response:
        content = _decode(b"".join(self._chunks), received.headers.get("content-encoding", ""), self._request)
        # Raw bytes: a header that is not ASCII (a hostile Retry-After) must pass through, not raise.
        headers = [(k, v) for k, v in received.headers.raw if k.lower() not in _DROPPED_HEADERS]
        return httpx.Response(
            received.status_code,
            headers=headers,
            content=content,
            request=self._request,
            extensions=received.extensions,
        )


def _decode(raw: bytes, encoding: str, request: httpx.Request) -> bytes:
    """Undo ``Content-Encoding`` (applied left to right, so undone right to left) within the size limit."""
    data = raw
    for coding in reversed([c.strip().lower() for c in encoding.split(",") if c.strip()]):
        if coding == "identity":
            continue
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise UnexpectedResponseError(
                f"{request.method} {request.url.path}: the answer is encoded as {coding!r}, which was not asked for"
            )
        data = _inflate(data, coding, request)
    return data


def _inflate(data: bytes, coding: str, request: httpx.Request) -> bytes:
    # zlib directly rather than httpx's decoders: only zlib's max_length bounds the output of one call.
    wbits_options = [16 + zlib.MAX_WBITS] if coding != "deflate" else [zlib.MAX_WBITS, -zlib.MAX_WBITS]
    for wbits in wbits_options:
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(data, MAX_RESPONSE_BYTES + 1)
        except zlib.error:
            continue
        if len(out) > MAX_RESPONSE_BYTES or inflater.unconsumed_tail:
            raise UnexpectedResponseError(
                f"{request.method} {request.url.path}: the answer inflates to more than {MAX_RESPONSE_BYTES} bytes; "
                "stopped reading it"
            )
        return out
    raise UnexpectedResponseError(f"{request.method} {request.url.path}: the answer is not valid {coding} data")


def _log(request: httpx.Request, started: float, outcome: str) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %s in %.1f ms (attempt %d)",
            request.method,
            request.url.path,
            outcome,
            (time.perf_counter() - started) * 1000,
            ATTEMPT.get(),
        )


class ObservedTransport(httpx.BaseTransport):
    """Wraps the real transport of a sync client."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        request.headers["Accept-Encoding"] = ACCEPT_ENCODING
        ends = _bounded(request)
        try:
            try:
                received = self._inner.handle_request(request)
                body = _Body(request, ends)
                try:
                    stream = received.stream
                    assert isinstance(stream, Iterable)
                    for chunk in stream:
                        body.add(chunk)
                finally:
                    received.close()
            except httpx.TimeoutException as exc:
                error = _deadline_timeout(exc, request, ends)
                if error is exc:
                    raise
                raise error from None
        except (httpx.TransportError, UnexpectedResponseError) as exc:
            _log(request, started, type(exc).__name__)
            raise
        _log(request, started, str(received.status_code))
        return body.response(received)

    def close(self) -> None:
        self._inner.close()


class AsyncObservedTransport(httpx.AsyncBaseTransport):
    """Wraps the real transport of an async client."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        request.headers["Accept-Encoding"] = ACCEPT_ENCODING
        ends = _bounded(request)
        try:
            try:
                received, body = await self._exchange(request, ends)
            except httpx.TimeoutException as exc:
                error = _deadline_timeout(exc, request, ends)
                if error is exc:
                    raise
                raise error from None
        except (httpx.TransportError, UnexpectedResponseError) as exc:
            _log(request, started, type(exc).__name__)
            raise
        _log(request, started, str(received.status_code))
        return body.response(received)

    async def _exchange(self, request: httpx.Request, ends: float | None) -> tuple[httpx.Response, _Body]:
        # asyncio can also cut a read short exactly at the deadline, which a blocking socket read cannot.
        # Imported here so that sync programs never load asyncio (see the package's lazy exports).
        import asyncio

        try:
            async with asyncio.timeout(None if ends is None else ends - time.monotonic()):
                received = await self._inner.handle_async_request(request)
                body = _Body(request, ends)
                try:
                    stream = received.stream
                    assert isinstance(stream, AsyncIterable)
                    async for chunk in stream:
                        body.add(chunk)
                finally:
                    await received.aclose()
        except TimeoutError:
            error = DeadlineExceeded(
                "the call's timeout ran out while waiting for the answer", sent=True, request=request
            )
        else:
            return received, body
        raise error

    async def aclose(self) -> None:
        await self._inner.aclose()
