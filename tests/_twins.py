"""Run one scenario against the sync and the async client alike, over an httpx mock transport.

Each call builds a fresh client of the requested kind on the same handler, so a test counts the
requests its handler saw, whatever the client. ``virtual_waits`` (the ``clock`` fixture) replaces
the clients' own sleeps and deadline clock with a ``VirtualTime``, so waits, retries and polls can be
inspected without waiting for them; a handler or a fake that must see time pass reads ``clock.now``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from boomi_listeners import AsyncListenerClient, ListenerClient, _async_io, _deadline, _sync_io

Handler = Callable[[httpx.Request], httpx.Response]
KINDS = ("sync", "async")
UNPACED: dict[str, Any] = {"max_requests_per_second": None}
BASE = {"account_id": "acct", "username": "user", "password": "pw", "base_url": "http://boomi.test"}


@dataclass
class Twin:
    """One kind of client ("sync" or "async") and how to build it."""

    kind: str
    options: dict[str, Any] = field(default_factory=dict)

    def client(self, handler: Handler, **options: Any) -> ListenerClient | AsyncListenerClient:
        """A client on ``handler``; ``environ=`` configures it with ``from_env`` instead of keywords."""
        cls = ListenerClient if self.kind == "sync" else AsyncListenerClient
        # No pacing: the account budget's own waits would show on the virtual clock as if they were
        # retry or poll delays (pass ``max_requests_per_second=`` to test the pacing itself).
        merged = {**UNPACED, **self.options, **options, "transport": httpx.MockTransport(handler)}
        if "environ" in merged:
            return cls.from_env(merged.pop("environ"), **merged)
        return cls(**{**BASE, **merged})

    def call(self, handler: Handler, method: str, /, *, options: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """``client.<method>(**kwargs)`` on a fresh client; returns its result or raises its error."""
        client = self.client(handler, **(options or {}))
        if isinstance(client, ListenerClient):
            with client:
                return getattr(client, method)(**kwargs)

        async def run() -> Any:
            assert isinstance(client, AsyncListenerClient)
            async with client:
                return await getattr(client, method)(**kwargs)

        return asyncio.run(run())

    def window(
        self, handler: Handler, body: Callable[[], None], *, options: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        """``with client.paused(**kwargs): body()`` (``async with`` for the async client)."""
        client = self.client(handler, **(options or {}))
        if isinstance(client, ListenerClient):
            with client, client.paused(**kwargs):
                body()
            return

        async def run() -> None:
            assert isinstance(client, AsyncListenerClient)
            async with client, client.paused(**kwargs):
                body()

        asyncio.run(run())


@dataclass
class VirtualTime:
    """Sleeps that return at once, recorded, and the monotonic clock they move.

    Only the waits move it (and :meth:`advance`), never real time: whatever the machine's load, a
    call that waits ``n`` seconds ends ``n`` virtual seconds after it began.
    """

    offset: float = 0.0
    sleeps: list[float] = field(default_factory=list)
    #: Where the clock starts; any value works, the clients only compare its readings.
    start: float = 1000.0
    # The sync client's worker threads sleep concurrently.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def record(self, seconds: float) -> None:
        """A client's sleep: recorded, and the clock moves by it."""
        with self._lock:
            self.sleeps.append(float(seconds))
        self.advance(max(float(seconds), 0.0))

    def advance(self, seconds: float) -> None:
        """Time passing outside the clients' sleeps (a slow answer, a run on the runtime), not recorded as one."""
        with self._lock:
            self.offset += seconds

    def now(self) -> float:
        """The virtual monotonic time: the clients' deadline clock, and a fake's ``clock=``."""
        return self.start + self.offset


@contextlib.contextmanager
def virtual_waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[VirtualTime]:
    """The clients' own sleeps (``_sync_io.sleep``, ``_async_io.sleep``) and deadline clock (``_deadline.now``).

    Only the clients' waits and deadlines move to the virtual clock; nothing else in the process
    (``time``, ``asyncio``, ``random``) is replaced.
    """
    clock = VirtualTime()

    async def async_sleep(seconds: float) -> None:
        clock.record(seconds)
        await asyncio.sleep(0)  # a real sleep lets the loop's other tasks run; so does this one

    with monkeypatch.context() as patch:
        patch.setattr(_sync_io, "sleep", clock.record)
        patch.setattr(_async_io, "sleep", async_sleep)
        patch.setattr(_deadline, "now", clock.now)
        yield clock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[VirtualTime]:
    """The clients' sleeps and deadline clock, virtual (``virtual_waits``), for the duration of the test."""
    with virtual_waits(monkeypatch) as virtual:
        yield virtual


def action_of(request: httpx.Request) -> str | None:
    """The ``action`` a changeListenerStatus request asks for (None for other requests)."""
    if not request.url.path.endswith("/changeListenerStatus"):
        return None
    return str(json.loads(request.content)["action"])


def online_atom(request: httpx.Request) -> httpx.Response:
    """A window's health check (``GET /Atom/{id}``) answered: the runtime is online."""
    atom_id = request.url.path.rsplit("/", 1)[1]
    return httpx.Response(200, json={"@type": "Atom", "id": atom_id, "name": atom_id, "status": "ONLINE"})


def token_answer() -> httpx.Response:
    return httpx.Response(
        200, json={"@type": "AsyncOperationTokenResult", "asyncToken": {"token": "T-1"}, "responseStatusCode": 202}
    )


def still_running() -> httpx.Response:
    """A ListenerStatus token answer that every reading treats as "still in progress"."""
    return httpx.Response(200, json={"@type": "ListenerStatusAsyncResponse", "responseStatusCode": 202})


def finished(*rows: dict[str, Any], with_result: bool = True) -> httpx.Response:
    body: dict[str, Any] = {
        "@type": "ListenerStatusAsyncResponse",
        "responseStatusCode": 200,
        "numberOfResults": len(rows),
    }
    if with_result:
        body["result"] = [{"@type": "ListenerStatus", **row} for row in rows]
    return httpx.Response(200, json=body)


class SlowQuery:
    """A ListenerStatus query that stays in progress for ``seconds`` on ``clock``, then finds L listening."""

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.seconds = seconds
        self.clock = clock
        self.started: float | None = None
        self.reads = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/query"):
            self.started = self.clock()
            return token_answer()
        self.reads += 1
        assert self.started is not None, "a token read before its query"
        if self.clock() - self.started < self.seconds:
            return still_running()
        return finished({"listenerId": "L", "status": "listening"})
