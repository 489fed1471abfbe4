"""One request and its answer, as the clients' own transports send and read it (no I/O here).

The observed transports (``_async_transports``, and ``_sync_transports`` generated from it)
put an :class:`ObservedExchange` around every request, so that one place enforces what no
per-request option can:

- the call's deadline (see ``_deadline``): each request's timeouts are capped at the time left,
  and a body that drips in is abandoned when the time runs out;
- a size limit on bodies, compressed and decompressed: the transport asks for gzip/deflate only
  and inflates them here, in bounded steps, so a small "gzip bomb" cannot grow into gigabytes of
  memory (httpx would inflate it whole);
- a log line per attempt with its real status and duration, and never the request headers, so
  credentials cannot reach a log line.

The response handed back is fully read and already decoded.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
import zlib
from collections.abc import Iterator

import httpx

from boomi_listeners import _deadline
from boomi_listeners._deadline import DEADLINE, DeadlineExceeded
from boomi_listeners._exceptions import UnexpectedResponseError

__all__ = ["ACCEPT_ENCODING", "ATTEMPT", "MAX_RESPONSE_BYTES", "ObservedExchange", "log_retry", "logger"]

logger = logging.getLogger("boomi_listeners")
ATTEMPT: contextvars.ContextVar[int] = contextvars.ContextVar("boomi_listeners_attempt", default=1)


def log_retry(method: str, path: str, failure: Exception, attempt: int, attempts: int) -> None:
    """Announce that a failed request is sent again as ``attempt`` (of at most ``attempts``).

    ``failure`` is one of our errors, whose text never holds credentials.
    """
    logger.warning("%s %s failed (%s); retrying (attempt %d of %d)", method, path, failure, attempt, attempts)


#: Largest body read, before and after decompression. A ListenerStatus row is ~150 bytes,
#: so this holds ~100,000 listeners; anything larger is not an answer to our requests.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
#: Only encodings the transport can inflate in bounded steps.
ACCEPT_ENCODING = "gzip, deflate"

_DROPPED_HEADERS = (b"content-encoding", b"content-length", b"transfer-encoding")


def _deadline_timeout(exc: httpx.TimeoutException, request: httpx.Request, ends: float | None) -> BaseException:
    """A timeout that came from the call's deadline (a capped socket timeout) says so."""
    if ends is None or isinstance(exc, DeadlineExceeded):
        return exc
    if isinstance(exc, httpx.PoolTimeout) and request.extensions.get(_POOL_IS_DEADLINE):
        # The account budget refuses at once a wait it knows would outlast the time left: that is
        # the deadline too, just seen before it passed.
        return DeadlineExceeded("the call's timeout ran out before the request was sent", sent=False, request=request)
    if _deadline.now() < ends - 0.005:
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
    left = ends - _deadline.now()
    if left <= 0:
        raise DeadlineExceeded("the call's timeout ran out before the request was sent", sent=False, request=request)
    given = request.extensions.get("timeout") or {}
    request.extensions[_POOL_IS_DEADLINE] = given.get("pool") is None or float(given["pool"]) >= left
    request.extensions["timeout"] = {
        key: left if given.get(key) is None else min(float(given[key]), left)
        for key in ("connect", "read", "write", "pool")
    }
    return ends


class ObservedExchange:
    """One request on its way: its deadline, the body read so far, the outcome logged once.

    A transport makes one per request, sends it inside :meth:`observed`, hands each raw body
    chunk to :meth:`add` and returns :meth:`response`; the sending and reading are its own.
    """

    def __init__(self, request: httpx.Request) -> None:
        self.request = request
        self._started = time.perf_counter()
        request.headers["Accept-Encoding"] = ACCEPT_ENCODING
        #: The call's deadline (on the ``_deadline.now()`` clock), or None outside one.
        self.ends = _bounded(request)
        self._chunks: list[bytes] = []
        self._size = 0

    @contextlib.contextmanager
    def observed(self) -> Iterator[None]:
        """Around the sending and reading: a timeout the deadline caused says so, and a failure is logged."""
        try:
            try:
                yield
            except httpx.TimeoutException as exc:
                error = _deadline_timeout(exc, self.request, self.ends)
                if error is exc:
                    raise
                raise error from None
        except (httpx.TransportError, UnexpectedResponseError) as exc:
            self._log(type(exc).__name__)
            raise

    def add(self, chunk: bytes) -> None:
        """One raw body chunk; stops the reading when the body grows too large or the deadline passes."""
        self._size += len(chunk)
        if self._size > MAX_RESPONSE_BYTES:
            raise UnexpectedResponseError(
                f"{self.request.method} {self.request.url.path}: the answer is larger than "
                f"{MAX_RESPONSE_BYTES} bytes; stopped reading it"
            )
        self._chunks.append(chunk)
        if self.ends is not None and _deadline.now() >= self.ends:
            raise DeadlineExceeded(
                "the call's timeout ran out while the answer was still arriving", sent=True, request=self.request
            )

    def response(self, received: httpx.Response) -> httpx.Response:
        """The answer, read whole and decoded, for the client; logs its status."""
        self._log(str(received.status_code))
        content = _decode(b"".join(self._chunks), received.headers.get("content-encoding", ""), self.request)
        # Raw bytes: a header that is not ASCII (a hostile Retry-After) must pass through, not raise.
        headers = [(k, v) for k, v in received.headers.raw if k.lower() not in _DROPPED_HEADERS]
        return httpx.Response(
            received.status_code,
            headers=headers,
            content=content,
            request=self.request,
            extensions=received.extensions,
        )

    def _log(self, outcome: str) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %s in %.1f ms (attempt %d)",
                self.request.method,
                self.request.url.path,
                outcome,
                (time.perf_counter() - self._started) * 1000,
                ATTEMPT.get(),
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
