"""Run one scenario against the sync and the async client alike, over an httpx mock transport.

Each call builds a fresh client of the requested kind on the same handler, so a test counts the
requests its handler saw, whatever the client. ``VirtualTime`` replaces the sleeps (and moves a
virtual monotonic clock by what was asked), so waits, retries and polls can be inspected without
waiting for them: ``virtual_waits`` through the clients' own sleep and deadline clock only,
``virtual_time`` for the whole process (for a handler that reads ``time.monotonic`` too).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
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
    """Sleeps that return at once, recorded, and a monotonic clock moved by them."""

    offset: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def record(self, seconds: float) -> None:
        self.sleeps.append(float(seconds))
        self.offset += max(float(seconds), 0.0)


@contextlib.contextmanager
def virtual_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[VirtualTime]:
    """Patch ``time.sleep``, ``asyncio.sleep`` and ``time.monotonic`` for the duration."""
    clock = VirtualTime()
    real_monotonic, real_async_sleep = time.monotonic, asyncio.sleep

    def sleep(seconds: float) -> None:
        clock.record(seconds)

    async def async_sleep(seconds: float, result: Any = None) -> Any:
        if seconds:  # sleep(0) is how coroutines yield; it is no wait
            clock.record(seconds)
        return await real_async_sleep(0, result)

    with monkeypatch.context() as patch:
        patch.setattr(time, "sleep", sleep)
        patch.setattr(asyncio, "sleep", async_sleep)
        patch.setattr(time, "monotonic", lambda: real_monotonic() + clock.offset)
        yield clock


@contextlib.contextmanager
def virtual_waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[VirtualTime]:
    """The clients' own sleeps (``_sync_io.sleep``, ``_async_io.sleep``) and deadline clock (``_deadline.now``).

    Only the clients' waits and deadlines move to the virtual clock; nothing else in the process
    (``time``, ``asyncio``, ``random``) is replaced.
    """
    clock = VirtualTime()
    real_now = _deadline.now

    async def async_sleep(seconds: float) -> None:
        clock.record(seconds)

    with monkeypatch.context() as patch:
        patch.setattr(_sync_io, "sleep", clock.record)
        patch.setattr(_async_io, "sleep", async_sleep)
        patch.setattr(_deadline, "now", lambda: real_now() + clock.offset)
        yield clock


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
