"""A hostile HTTP server on 127.0.0.1, written on raw sockets.

A well-behaved server library would refuse to send most of what these tests need
(a body that drips in byte by byte, a reset mid-answer, a Content-Encoding that
lies), so this one writes bytes by hand. One thread per connection; every answer
closes the connection (``Connection: close``), which keeps the parsing trivial.

A test gives a ``route``: a function from the parsed :class:`Seen` request to a
:class:`Behaviour`, which writes whatever it likes on the socket. The server
records every request and notes when a client hung up in the middle of an answer.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Behaviour",
    "HostileServer",
    "Seen",
    "answer",
    "drip_body",
    "drip_head",
    "hang_up",
    "json_answer",
    "reset",
    "short_body",
    "stream_forever",
    "token_answer",
]

REASONS = {200: "OK", 202: "Accepted", 204: "No Content", 400: "Bad Request", 500: "Server Error", 503: "Busy"}


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


Behaviour = Callable[[socket.socket, "HostileServer"], None]
Route = Callable[[Seen], Behaviour]


@dataclass
class HostileServer:
    route: Route
    requests: list[Seen] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    connections: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)

    @contextlib.contextmanager
    def running(self) -> Iterator[str]:
        """Serve until the block ends; yields the base URL."""
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(0.05)
        port = listener.getsockname()[1]
        thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            self._stop.set()
            thread.join(5)
            listener.close()

    def note(self, event: str) -> None:
        with self._lock:
            self.events.append(event)

    def wait_for_event(self, event: str, within: float = 5.0) -> bool:
        """Wait (on the condition, not a fixed sleep) until ``event`` was noted."""
        ends = time.monotonic() + within
        while time.monotonic() < ends:
            with self._lock:
                if event in self.events:
                    return True
            time.sleep(0.01)
        return False

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            seen = _read_request(conn)
            if seen is None:
                return
            with self._lock:
                self.requests.append(seen)
            self.route(seen)(conn, self)
        except (ConnectionError, TimeoutError, OSError):
            self.note("client hung up")
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]


def _read_request(conn: socket.socket) -> Seen | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return Seen(method, target, headers, rest[:length])


def _head(status: int, headers: list[tuple[str, str]], length: int | None) -> bytes:
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Whatever')}"]
    lines += [f"{k}: {v}" for k, v in headers]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def answer(status: int, body: bytes = b"", headers: list[tuple[str, str]] | None = None) -> Behaviour:
    """A complete answer, then close."""

    def send(conn: socket.socket, server: HostileServer) -> None:
        conn.sendall(_head(status, headers or [], len(body)) + body)

    return send


def json_answer(status: int, doc: Any, headers: list[tuple[str, str]] | None = None) -> Behaviour:
    return answer(status, json.dumps(doc).encode(), [("Content-Type", "application/json"), *(headers or [])])


def token_answer(token: Any) -> Behaviour:
    """The ListenerStatus query's answer, with any token value (odd ones included)."""
    return json_answer(200, {"@type": "AsyncOperationTokenResult", "asyncToken": {"token": token}})


def drip_body(status: int = 200, interval: float = 0.05, length: int = 10_000) -> Behaviour:
    """Headers at once, then the body one byte per ``interval`` until the client gives up."""

    def send(conn: socket.socket, server: HostileServer) -> None:
        conn.sendall(_head(status, [("Content-Type", "application/json")], length))
        try:
            for _ in range(length):
                conn.sendall(b" ")
                time.sleep(interval)
        except OSError:
            server.note("client hung up")
            return
        server.note("drip finished")

    return send


def drip_head(interval: float = 0.05) -> Behaviour:
    """The status line and headers themselves, one byte per ``interval`` (a slow-loris answer)."""

    def send(conn: socket.socket, server: HostileServer) -> None:
        head = _head(200, [("Content-Type", "application/json"), *[("X-Pad", "x" * 50)] * 200], 2)
        try:
            for byte in head:
                conn.sendall(bytes([byte]))
                time.sleep(interval)
        except OSError:
            server.note("client hung up")
            return
        server.note("drip finished")

    return send


def stream_forever(headers: list[tuple[str, str]] | None = None, chunk: bytes = b"0" * 65536) -> Behaviour:
    """A body that never ends (no length, closed only by the client)."""

    def send(conn: socket.socket, server: HostileServer) -> None:
        conn.sendall(_head(200, [("Content-Type", "application/json"), *(headers or [])], None))
        try:
            for _ in range(100_000):  # 6.5 GB: far past any limit
                conn.sendall(chunk)
        except OSError:
            server.note("client hung up")

    return send


def reset() -> Behaviour:
    """Close with a TCP reset and no answer at all."""

    def send(conn: socket.socket, server: HostileServer) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    return send


def hang_up() -> Behaviour:
    """Close cleanly without answering."""

    def send(conn: socket.socket, server: HostileServer) -> None:
        conn.shutdown(socket.SHUT_RDWR)

    return send


def gzip_bomb(size: int, *, status: int = 200, coding: str = "gzip") -> Behaviour:
    """``size`` bytes of zeros (a few KB on the wire per MB once compressed)."""
    zeros = b"0" * size
    body = gzip.compress(zeros, 9) if coding == "gzip" else zlib.compress(zeros, 9)
    return answer(status, body, [("Content-Type", "application/json"), ("Content-Encoding", coding)])


def short_body(claimed: int = 100, sent: bytes = b'{"result"') -> Behaviour:
    """A Content-Length the body never reaches: the connection closes early."""

    def send(conn: socket.socket, server: HostileServer) -> None:
        conn.sendall(_head(200, [("Content-Type", "application/json")], claimed) + sent)

    return send
