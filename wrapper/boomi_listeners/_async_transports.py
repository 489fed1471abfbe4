"""The transports an async client sends through, and the source of the sync ones.

``_sync_transports.py`` is written from this file by ``scripts/unasync.py`` (``make sync``), as
``_client.py`` is from ``_async_client.py``; what differs between the flavours lives in
``_async_io``/``_sync_io``. A client stacks them, outermost first:

- :class:`AsyncObservedTransport`: the call's deadline, the body size limit, decoding and the
  log line (the rules are in ``_exchange``);
- :class:`AsyncBudgetTransport`: waits for a place in the account's request budget;
- the sender: a transport the caller gave, the caller's own httpx client
  (:class:`AsyncThroughClient`), or httpx's, with the TLS and proxy settings of ``_tls_and_proxies``.
"""

from __future__ import annotations

from collections.abc import AsyncIterable

import httpx

from boomi_listeners import _async_io
from boomi_listeners._account_budget import BudgetTimeout, RequestBudget, pool_timeout
from boomi_listeners._exchange import ObservedExchange
from boomi_listeners._tls_and_proxies import Connection

__all__ = ["AsyncBudgetTransport", "AsyncObservedTransport", "AsyncThroughClient", "transport_stack"]


def transport_stack(connection: Connection, url: str, budget: RequestBudget | None) -> httpx.AsyncBaseTransport:
    """What a client sends through: observed, paced by ``budget`` (unless None), then sent."""
    if connection.transport is not None:
        sender = connection.transport
    elif connection.http_client is not None:
        sender = AsyncThroughClient(connection.http_client)
    else:
        sender = _async_io.http_transport(
            verify=connection.verify, proxy=connection.proxy_for(url), trust_env=connection.trust_env
        )
    return AsyncObservedTransport(sender if budget is None else AsyncBudgetTransport(sender, budget))


class AsyncObservedTransport(httpx.AsyncBaseTransport):
    """Reads each answer whole within the call's deadline and the size limit, decoded, and logs it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        exchange = ObservedExchange(request)
        with exchange.observed():
            async with _async_io.cut_off_at(exchange.ends, request):
                received = await self._inner.handle_async_request(request)
                try:
                    stream = received.stream
                    assert isinstance(stream, AsyncIterable)
                    async for chunk in stream:
                        exchange.add(chunk)
                finally:
                    await received.aclose()
        return exchange.response(received)

    async def aclose(self) -> None:
        await self._inner.aclose()


class AsyncBudgetTransport(httpx.AsyncBaseTransport):
    """Sends each request only when the budget has a place for it."""

    def __init__(self, inner: httpx.AsyncBaseTransport, budget: RequestBudget) -> None:
        self._inner = inner
        self.budget = budget

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            # Waiting for the budget is like waiting for a free connection: the pool timeout bounds it.
            await self.budget.start_async(pool_timeout(request))
        except BudgetTimeout as exc:
            raise httpx.PoolTimeout(str(exc), request=request) from None
        try:
            return await self._inner.handle_async_request(request)
        finally:
            self.budget.finish()

    async def aclose(self) -> None:
        await self._inner.aclose()


class AsyncThroughClient(httpx.AsyncBaseTransport):
    """Sends through a caller's httpx client: its mounts, proxies, TLS, limits and event hooks apply.

    Our client has already added the base URL, auth and headers; the caller's client adds
    none of its own (``auth=None``) and follows no redirect. The caller owns that client:
    closing ours leaves it open.
    """

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._client.send(request, auth=None, follow_redirects=False, stream=True)
        raw = await _async_io.raw_body(response)
        # The raw (still encoded) bytes, so that our client decodes them exactly once.
        return httpx.Response(
            response.status_code, headers=response.headers, stream=httpx.ByteStream(raw), extensions=response.extensions
        )
