"""Both clients against the embedded fake, in process, on one virtual clock.

The ``fake`` fixture reads the clients' virtual clock (``clock``, from ``_twins``), so a client's
poll and drain waits move the fake's time too: a drain that waits out a three-second execution, or
the confirmations of an apply, take no real time. A test module uses both fixtures by importing them
(and naming them in its ``__all__``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from boomi_listeners import AsyncListenerClient, ListenerClient, PollPolicy, StateDocument
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    demo_state,
)
from boomi_listeners.testing.sync_asgi import SyncASGITransport
from tests._twins import VirtualTime, clock

__all__ = ["POLL", "PROD", "Hook", "call", "clock", "enabled_on", "fake", "in_window", "paths"]

PROD = DEMO_PROD_CONTAINER_ID
POLL = PollPolicy(initial=0.5, factor=2.0, maximum=2.0)
#: Called with each request before the fake sees it.
Hook = Callable[[httpx.Request], None]


@pytest.fixture
def fake(clock: VirtualTime) -> FakeBoomi:
    """The demo account's fake, on the clients' virtual clock."""
    return FakeBoomi(state=demo_state(), clock=clock.now)


def _options(user: tuple[str, str] | None) -> dict[str, Any]:
    username, password = user or (DEMO_USERNAME, DEMO_PASSWORD)
    return {
        "account_id": DEMO_ACCOUNT_ID, "username": username, "password": password, "base_url": "http://fake.test",
        "max_requests_per_second": None, "poll": POLL,
    }  # fmt: skip


class _Hooked(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, hook: Hook) -> None:
        self.inner, self.hook = inner, hook

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.hook(request)
        return self.inner.handle_request(request)


class _AsyncHooked(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, hook: Hook) -> None:
        self.inner, self.hook = inner, hook

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.hook(request)
        return await self.inner.handle_async_request(request)


@contextlib.contextmanager
def _sync_client(fake: FakeBoomi, user: tuple[str, str] | None, hook: Hook | None) -> Iterator[ListenerClient]:
    with SyncASGITransport(fake.app) as inner:
        transport: httpx.BaseTransport = inner if hook is None else _Hooked(inner, hook)
        with ListenerClient(**_options(user), transport=transport) as client:
            yield client


def _async_client(fake: FakeBoomi, user: tuple[str, str] | None, hook: Hook | None) -> AsyncListenerClient:
    inner = httpx.ASGITransport(app=fake.app)
    transport: httpx.AsyncBaseTransport = inner if hook is None else _AsyncHooked(inner, hook)
    return AsyncListenerClient(**_options(user), transport=transport)


def call(
    kind: str,
    fake: FakeBoomi,
    method: str,
    /,
    *args: Any,
    user: tuple[str, str] | None = None,
    hook: Hook | None = None,
    **kwargs: Any,
) -> Any:
    """``client.<method>(*args, **kwargs)`` on a fresh client of ``kind`` talking to ``fake`` in process."""
    if kind == "sync":
        with _sync_client(fake, user, hook) as client:
            return getattr(client, method)(*args, **kwargs)

    async def run() -> Any:
        async with _async_client(fake, user, hook) as client:
            return await getattr(client, method)(*args, **kwargs)

    return asyncio.run(run())


def in_window(kind: str, fake: FakeBoomi, body: Callable[[StateDocument], None], **kwargs: Any) -> None:
    """``body(snapshot)`` inside ``client.window(**kwargs)`` on a fresh client of ``kind``."""
    if kind == "sync":
        with _sync_client(fake, None, None) as client, client.window(**kwargs) as snapshot:
            body(snapshot)
        return

    async def run() -> None:
        async with _async_client(fake, None, None) as client, client.window(**kwargs) as snapshot:
            body(snapshot)

    asyncio.run(run())


def paths(fake: FakeBoomi) -> list[str]:
    """The paths of the requests the fake received, after the account."""
    return [r.path.split(f"/{DEMO_ACCOUNT_ID}", 1)[1] for r in fake.requests]


def enabled_on(fake: FakeBoomi, container_id: str = PROD) -> dict[str, bool]:
    """Each process's schedule on the runtime: enabled or not."""
    return {s.process_id: s.enabled for s in fake.state.runtimes[container_id].schedules}
