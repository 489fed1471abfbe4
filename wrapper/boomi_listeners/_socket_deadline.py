"""Blocking sockets bounded by the call's deadline: the sync client's counterpart of ``asyncio.timeout``.

httpcore fixes a request's read timeout once; a server that sends its status line and headers
one byte at a time would never trip it. Capping each socket operation at the time left (the
deadline is a context variable, visible in the thread that reads) bounds the header phase as
tightly as the body. The async client cuts the whole exchange short instead (``_async_io``).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from boomi_listeners import _deadline
from boomi_listeners._deadline import DEADLINE

__all__ = ["http_transport"]


def _socket_timeout(timeout: float | None) -> float | None:
    """A socket operation's timeout, capped at the time left before the deadline of the running call."""
    ends = DEADLINE.get()
    if ends is None:
        return timeout
    left = ends - _deadline.now()
    if left <= 0:
        raise httpcore.ReadTimeout("the call's timeout ran out")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write is capped at the time left."""

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
    the bound between body chunks that ``ObservedExchange.add`` enforces anyway.
    """
    transport = httpx.HTTPTransport(**options)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    return transport
