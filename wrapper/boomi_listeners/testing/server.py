"""Run a :class:`FakeBoomi` on a real loopback socket, in a background thread.

The socket is bound before uvicorn starts, so port 0 yields a free port whose number is known
without parsing logs. uvicorn runs with its h11 protocol, subclassed only to publish each
connection's transport to the fake: that is what lets ``faults.drop_next`` close a connection
without sending any response, exactly as a network failure would look to the client.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .app import FakeBoomi, TransportRegistry

__all__ = ["droppable_protocol", "serve"]

_START_TIMEOUT = 10.0
_STOP_TIMEOUT = 10.0
#: Seconds a stopping fake lets requests in flight finish before it closes their connections. A fake's
#: requests take milliseconds; SIGTERM and the end of a ``with serve(...)`` block should not wait longer.
_GRACEFUL_SHUTDOWN = 0.5


def droppable_protocol(registry: TransportRegistry) -> type[asyncio.Protocol]:
    """An h11 protocol class that records each connection's transport in ``registry``."""

    class DroppableH11Protocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._registry_key = _key(self.client, self.server)
            if self._registry_key is not None:
                registry[self._registry_key] = transport

        def connection_lost(self, exc: Exception | None) -> None:
            key = getattr(self, "_registry_key", None)
            if key is not None:
                registry.pop(key, None)
            super().connection_lost(exc)

    return DroppableH11Protocol


def _key(client: Any, server: Any) -> tuple[tuple[str, int], tuple[str, int]] | None:
    if not client or not server:
        return None
    return (str(client[0]), int(client[1])), (str(server[0]), int(server[1]))


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on host:port (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio disables Nagle only on sockets it knows are TCP,
    # and without that every response with a body waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def make_server(fake: FakeBoomi, *, log_level: str = "warning", configure_logging: bool = False) -> uvicorn.Server:
    """A uvicorn server for the fake (not started)."""
    config_kwargs: dict[str, Any] = {
        "app": fake.app,
        "http": droppable_protocol(fake.transports),
        "lifespan": "off",
        "log_level": log_level,
        "access_log": False,
        "timeout_graceful_shutdown": _GRACEFUL_SHUTDOWN,
    }
    if not configure_logging:
        # Leave the host program's logging alone (pytest, the project CLI).
        config_kwargs["log_config"] = None
    return uvicorn.Server(uvicorn.Config(**config_kwargs))


@contextmanager
def serve(fake: FakeBoomi, host: str = "127.0.0.1", port: int = 0, *, log_level: str = "warning") -> Iterator[str]:
    """Serve the fake on host:port in a daemon thread; yields the platform root URL.

    The API is at ``<root>/api/rest/v1/<accountId>``. On exit the server shuts down and the
    thread is joined, so the port is closed when the ``with`` block ends.
    """
    sock = bind_socket(host, port)
    actual_port = sock.getsockname()[1]
    server = make_server(fake, log_level=log_level)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported to the caller below
            errors.append(exc)

    thread = threading.Thread(target=run, name=f"fake-boomi-{actual_port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + _START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(_STOP_TIMEOUT)
            sock.close()
            raise RuntimeError(f"the fake Boomi server did not start on {host}:{actual_port}") from (
                errors[0] if errors else None
            )
        time.sleep(0.01)
    try:
        yield f"http://{_url_host(host)}:{actual_port}"
    finally:
        server.should_exit = True
        thread.join(_STOP_TIMEOUT)
        sock.close()
