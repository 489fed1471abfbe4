"""httpx transports that log each request and normalise error bodies.

Logging here sees every attempt with its real status and duration, and never
the request headers, so credentials cannot reach a log line.

Normalising: the generated client parses every documented error status as a
JSON ``Error``. Boomi (or a gateway in front of it) may still answer an error
in XML or HTML; rewriting such bodies to the JSON ``Error`` shape keeps the
generated parser typed and lets the wrapper report Boomi's message either way.
"""

from __future__ import annotations

import contextvars
import json
import logging
import time

import httpx

from boomi_listeners._error_body import error_message

__all__ = ["ATTEMPT", "AsyncObservedTransport", "ObservedTransport", "logger"]

logger = logging.getLogger("boomi_listeners")
ATTEMPT: contextvars.ContextVar[int] = contextvars.ContextVar("boomi_listeners_attempt", default=1)


def _normalise(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    if response.status_code < 400:
        return response
    content_type = response.headers.get("content-type", "")
    message = error_message(response.content, content_type, response.reason_phrase)
    body = json.dumps({"@type": "Error", "message": message}).encode()
    replaced = ("content-length", "content-encoding", "content-type")
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in replaced]
    headers.append(("content-type", "application/json"))
    return httpx.Response(
        response.status_code, headers=headers, content=body, request=request, extensions=response.extensions
    )


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
        try:
            response = self._inner.handle_request(request)
            if response.status_code >= 400:
                response.read()
        except httpx.TransportError as exc:
            _log(request, started, type(exc).__name__)
            raise
        _log(request, started, str(response.status_code))
        return _normalise(request, response)

    def close(self) -> None:
        self._inner.close()


class AsyncObservedTransport(httpx.AsyncBaseTransport):
    """Wraps the real transport of an async client."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
            if response.status_code >= 400:
                await response.aread()
        except httpx.TransportError as exc:
            _log(request, started, type(exc).__name__)
            raise
        _log(request, started, str(response.status_code))
        return _normalise(request, response)

    async def aclose(self) -> None:
        await self._inner.aclose()
