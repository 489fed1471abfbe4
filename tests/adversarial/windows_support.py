"""Both clients against the embedded fake, for the window and state-document attacks.

``Driver(kind, fake)`` runs a call or a window with the sync client (over loopback) or the async
one (in process), so each attack reads the same for both.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx

from boomi_listeners import AsyncListenerClient, ListenerClient, PollPolicy, RetryPolicy, StateDocument
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    serve,
)

FAST_RETRY = RetryPolicy(attempts=2, wait_initial=0.001, wait_max=0.005, wait_jitter=0.0)
FAST_POLL = PollPolicy(initial=0.005, factor=1.5, maximum=0.02)
PROD, MOLECULE = DEMO_PROD_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID

Body = Callable[[StateDocument], None]


def options(**extra: Any) -> dict[str, Any]:
    return {
        "account_id": DEMO_ACCOUNT_ID, "username": DEMO_USERNAME, "password": DEMO_PASSWORD,
        "retry": FAST_RETRY, "poll": FAST_POLL, "max_requests_per_second": None, **extra,
    }  # fmt: skip


class Driver:
    """One client kind against one fake; each call opens and closes its own client."""

    def __init__(self, kind: str, fake: FakeBoomi, *, hook: Callable[[httpx.Request], None] | None = None) -> None:
        self.kind = kind
        self.fake = fake
        self.hook = hook

    @contextlib.contextmanager
    def sync_client(self) -> Iterator[ListenerClient]:
        with serve(self.fake) as base_url:
            transport: httpx.BaseTransport = httpx.HTTPTransport()
            if self.hook is not None:
                transport = _Hooked(transport, self.hook)
            with ListenerClient(**options(base_url=base_url, transport=transport)) as client:
                yield client

    @contextlib.asynccontextmanager
    async def async_client(self) -> AsyncIterator[AsyncListenerClient]:
        transport: httpx.AsyncBaseTransport = httpx.ASGITransport(app=self.fake.app)
        if self.hook is not None:
            transport = _AsyncHooked(transport, self.hook)
        async with AsyncListenerClient(**options(base_url="http://fake.test", transport=transport)) as client:
            yield client

    def call(self, method: str, /, *args: Any, **kwargs: Any) -> Any:
        if self.kind == "sync":
            with self.sync_client() as client:
                return getattr(client, method)(*args, **kwargs)

        async def run() -> Any:
            async with self.async_client() as client:
                return await getattr(client, method)(*args, **kwargs)

        return asyncio.run(run())

    def window(self, body: Body, /, **kwargs: Any) -> None:
        """Run ``body`` inside ``client.window(**kwargs)``; whatever the window raises is raised."""
        if self.kind == "sync":
            with self.sync_client() as client, client.window(**kwargs) as snapshot:
                body(snapshot)
            return

        async def run() -> None:
            async with self.async_client() as client, client.window(**kwargs) as snapshot:
                body(snapshot)

        asyncio.run(run())

    def overlapping(
        self,
        first: dict[str, Any],
        second: dict[str, Any],
        *,
        before_second: Callable[[], None] = lambda: None,
        between: Callable[[], None] = lambda: None,
    ) -> None:
        """Window one opens, window two opens, ``between`` runs, window one ends, then window two ends."""
        if self.kind == "sync":
            with self.sync_client() as client:
                one, two = client.window(**first), client.window(**second)
                one.__enter__()
                try:
                    before_second()
                    two.__enter__()
                except BaseException:
                    one.__exit__(None, None, None)
                    raise
                between()
                one.__exit__(None, None, None)
                two.__exit__(None, None, None)
            return

        async def run() -> None:
            async with self.async_client() as client:
                one, two = client.window(**first), client.window(**second)
                await one.__aenter__()
                try:
                    before_second()
                    await two.__aenter__()
                except BaseException:
                    await one.__aexit__(None, None, None)
                    raise
                between()
                await one.__aexit__(None, None, None)
                await two.__aexit__(None, None, None)

        asyncio.run(run())


class _Hooked(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, hook: Callable[[httpx.Request], None]) -> None:
        self.inner, self.hook = inner, hook

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.hook(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class _AsyncHooked(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, hook: Callable[[httpx.Request], None]) -> None:
        self.inner, self.hook = inner, hook

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.hook(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def statuses(fake: FakeBoomi, *container_ids: str) -> dict[tuple[str, str], str]:
    return {
        (c, item.id): fake.status_of(c, item.id) for c in container_ids for item in fake.state.runtimes[c].listeners
    }


def changes(fake: FakeBoomi) -> list[tuple[str, str, str | None]]:
    """(action, containerId, listenerId) of each change the fake accepted, in order."""
    found = []
    for r in fake.requests:
        if r.path.endswith("/changeListenerStatus") and r.status == 200:
            body = r.json()
            found.append((body["action"], body["containerId"], body.get("listenerId")))
    return found


def set_status(fake: FakeBoomi, container_id: str, listener_id: str, status: str) -> None:
    """Someone else changes a listener, at once (an operator in Runtime Management)."""
    action = {"paused": "pause", "listening": "resume"}[status]
    fake.state.schedule_change(container_id, action, listener_id, apply_delay=0, restart_phase=0)
    assert fake.status_of(container_id, listener_id) == status
