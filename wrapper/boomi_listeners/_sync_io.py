"""The threaded side of the few things the two clients do differently: sleep, run many calls, shield,
send over the network and cut an exchange short at the deadline.

``_client.py`` and ``_sync_transports.py`` are generated from ``_async_client.py`` and
``_async_transports.py`` by ``scripts/unasync.py``, which swaps :mod:`boomi_listeners._async_io`
for this module; the two keep one signature per function.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import httpx

__all__ = ["cut_off_at", "despite_cancellation", "http_transport", "raw_body", "run_bounded", "sleep"]

T = TypeVar("T")


def sleep(seconds: float) -> None:
    time.sleep(seconds)  # looked up per call, so a test's virtual clock can stand in for it


def http_transport(**options: Any) -> httpx.HTTPTransport:
    """httpx's transport, its sockets bounded by the call's deadline (``_socket_deadline``)."""
    # Imported with the first transport: httpcore, which it extends, is not needed to import the client.
    from boomi_listeners import _socket_deadline

    return _socket_deadline.http_transport(**options)


def run_bounded(calls: Sequence[Callable[[], T]], limit: int) -> list[T]:
    """Run ``calls`` on threads, at most ``limit`` at once; their results in order.

    The calls must not raise (they record their failures). Each runs in a copy of the
    caller's context, so the call's deadline follows it into its thread; the pool is shut
    down before returning, so no thread outlives the call.
    """
    if len(calls) <= 1:
        return [call() for call in calls]
    from concurrent.futures import ThreadPoolExecutor  # only calls that fan out need a pool

    pool = ThreadPoolExecutor(max_workers=min(limit, len(calls)), thread_name_prefix="boomi-listeners")
    try:
        futures = [pool.submit(contextvars.copy_context().run, call) for call in calls]
        return [future.result() for future in futures]
    finally:
        # Queued work is dropped and running requests finish: no thread outlives the call.
        pool.shutdown(wait=True, cancel_futures=True)


def despite_cancellation(work: Callable[[], T]) -> T:
    """Run ``work``: a thread has no cancellation to shield a restore from (the async twin does)."""
    return work()


def cut_off_at(ends: float | None, request: httpx.Request) -> contextlib.AbstractContextManager[None]:
    """Nothing to add: every socket read and write is already capped at the deadline (``_socket_deadline``)."""
    return contextlib.nullcontext()


def raw_body(response: httpx.Response) -> bytes:
    """A streamed response's body as it came (still encoded), read whole; the response is closed."""
    try:
        return b"".join(response.iter_raw())
    finally:
        response.close()
