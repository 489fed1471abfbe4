"""The asyncio side of the few things the two clients do differently: sleep, run many calls, shield,
send over the network and cut an exchange short at the deadline.

``_async_client.py`` and ``_async_transports.py`` are the sources of both flavours;
``scripts/unasync.py`` writes ``_client.py`` and ``_sync_transports.py`` from them, swapping this
module for :mod:`boomi_listeners._sync_io`. Whatever
cannot be said the same way in both flavours lives here and there, with one signature.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

import httpx

from boomi_listeners import _deadline
from boomi_listeners._deadline import DeadlineExceeded

__all__ = ["cut_off_at", "despite_cancellation", "http_transport", "raw_body", "run_bounded", "sleep"]

T = TypeVar("T")


async def sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)  # looked up per call, so a test's virtual clock can stand in for it


async def run_bounded(calls: Sequence[Callable[[], Awaitable[T]]], limit: int) -> list[T]:
    """Run ``calls`` concurrently, at most ``limit`` at once; their results in order.

    The calls must not raise (they record their failures). A TaskGroup cancels and awaits
    every task if the caller is cancelled, so none outlives the call.
    """
    if len(calls) <= 1:
        return [await call() for call in calls]
    gate = asyncio.Semaphore(limit)

    async def bounded(call: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await call()

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(bounded(call)) for call in calls]
    return [task.result() for task in tasks]


async def despite_cancellation(work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work`` to the end even if the caller is cancelled meanwhile, then pass the cancellation on.

    A window's restore must not stop half-way because the task running the window was
    cancelled (asyncio.timeout, a TaskGroup sibling failing, Ctrl-C under asyncio.run).
    A restore failure (ResumeFailedError) wins over the cancellation: it is the news that
    listeners are left paused.
    """
    task = asyncio.ensure_future(work())
    cancelled: asyncio.CancelledError | None = None
    while not task.done():
        try:
            await asyncio.wait([task])
        except asyncio.CancelledError as exc:
            cancelled = exc
    if cancelled is not None and task.exception() is None:
        raise cancelled
    return task.result()


def http_transport(**options: Any) -> httpx.AsyncHTTPTransport:
    """httpx's transport; :func:`cut_off_at` bounds its exchanges by the call's deadline."""
    return httpx.AsyncHTTPTransport(**options)


@contextlib.asynccontextmanager
async def cut_off_at(ends: float | None, request: httpx.Request) -> AsyncIterator[None]:
    """Stop the block at the deadline ``ends`` (on the ``_deadline.now()`` clock), even in the middle of a read.

    asyncio can cut a read short exactly at the deadline, which a blocking socket read cannot
    (the sync side bounds each socket operation instead).
    """
    try:
        async with asyncio.timeout(None if ends is None else ends - _deadline.now()):
            yield
    except TimeoutError:
        error = DeadlineExceeded("the call's timeout ran out while waiting for the answer", sent=True, request=request)
    else:
        return
    raise error


async def raw_body(response: httpx.Response) -> bytes:
    """A streamed response's body as it came (still encoded), read whole; the response is closed."""
    try:
        return b"".join([chunk async for chunk in response.aiter_raw()])
    finally:
        await response.aclose()
