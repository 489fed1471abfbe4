"""A synchronous, in-process httpx transport for an ASGI app (such as the fake's).

``httpx.ASGITransport`` serves only ``httpx.AsyncClient``. A sync
``httpx.Client`` would otherwise need a real server on a socket and a thread to
run it. This transport keeps one event loop in a background thread (anyio's
blocking portal) and hands each request to ``httpx.ASGITransport`` there, so a
sync client talks to the app with no socket, no port and no server::

    with SyncASGITransport(fake.app) as transport:
        client = ListenerClient(..., base_url="http://boomi.fake", transport=transport)

Errors the app raises (for example the fake's ``ConnectionDropped``, an
``httpx.RemoteProtocolError``) reach the caller as they would from the async
transport. The transport is thread-safe: a client's worker threads share the
one loop.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, Self

import anyio.from_thread
import httpx

from boomi_listeners import _async_io

__all__ = ["SyncASGITransport"]


class SyncASGITransport(httpx.BaseTransport):
    """Serve a sync ``httpx.Client`` from an ASGI app in this process; close it to stop its loop thread."""

    def __init__(self, app: Any, *, root_path: str = "", client: tuple[str, int] = ("127.0.0.1", 123)) -> None:
        self._inner = httpx.ASGITransport(app=app, root_path=root_path, client=client)
        self._lock = threading.Lock()
        self._stack: contextlib.ExitStack | None = None
        self._portal: anyio.from_thread.BlockingPortal | None = None

    def _running_portal(self) -> anyio.from_thread.BlockingPortal:
        with self._lock:
            if self._portal is None:
                stack = contextlib.ExitStack()
                self._portal = stack.enter_context(anyio.from_thread.start_blocking_portal())
                self._stack = stack
            return self._portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        forwarded = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            stream=httpx.ByteStream(body),
            extensions=request.extensions,
        )
        status, headers, raw, extensions = self._running_portal().call(self._send, forwarded)
        # The raw (still encoded) bytes: the sync client decodes them itself, exactly once.
        return httpx.Response(
            status, headers=headers, stream=httpx.ByteStream(raw), extensions=extensions, request=request
        )

    async def _send(self, request: httpx.Request) -> tuple[int, httpx.Headers, bytes, dict[str, Any]]:
        response = await self._inner.handle_async_request(request)
        raw = await _async_io.raw_body(response)
        return response.status_code, response.headers, raw, dict(response.extensions)

    def close(self) -> None:
        with self._lock:
            stack, self._stack, self._portal = self._stack, None, None
        if stack is not None:
            stack.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
