# This file is generated from wrapper/boomi_listeners/_async_transports.py by scripts/unasync.py: do not edit it.
# Edit the async source, then run `make sync` (`make check-sync` fails while they differ).
"""The transports a sync client sends through, the twins of those in ``_async_transports``.

Generated from ``_async_transports.py``; sockets bounded by the deadline (``_sync_io``) where
the source cuts an exchange short with ``asyncio.timeout`` (``_async_io``).
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from boomi_listeners import _sync_io
from boomi_listeners._account_budget import BudgetTimeout, RequestBudget, pool_timeout
from boomi_listeners._exchange import ObservedExchange
from boomi_listeners._tls_and_proxies import Connection

__all__ = ["BudgetTransport", "ObservedTransport", "ThroughClient", "transport_stack"]


def transport_stack(connection: Connection, url: str, budget: RequestBudget | None) -> httpx.BaseTransport:
    """What a client sends through: observed, paced by ``budget`` (unless None), then sent."""
    if connection.transport is not None:
        sender = connection.transport
    elif connection.http_client is not None:
        sender = ThroughClient(connection.http_client)
    else:
        sender = _sync_io.http_transport(
            verify=connection.verify, proxy=connection.proxy_for(url), trust_env=connection.trust_env
        )
    return ObservedTransport(sender if budget is None else BudgetTransport(sender, budget))


class ObservedTransport(httpx.BaseTransport):
    """Reads each answer whole within the call's deadline and the size limit, decoded, and logs it."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        exchange = ObservedExchange(request)
        with exchange.observed(), _sync_io.cut_off_at(exchange.ends, request):
            received = self._inner.handle_request(request)
            try:
                stream = received.stream
                assert isinstance(stream, Iterable)
                for chunk in stream:
                    exchange.add(chunk)
            finally:
                received.close()
        return exchange.response(received)

    def close(self) -> None:
        self._inner.close()


class BudgetTransport(httpx.BaseTransport):
    """Sends each request only when the budget has a place for it."""

    def __init__(self, inner: httpx.BaseTransport, budget: RequestBudget) -> None:
        self._inner = inner
        self.budget = budget

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            # Waiting for the budget is like waiting for a free connection: the pool timeout bounds it.
            self.budget.start(pool_timeout(request))
        except BudgetTimeout as exc:
            raise httpx.PoolTimeout(str(exc), request=request) from None
        try:
            return self._inner.handle_request(request)
        finally:
            self.budget.finish()

    def close(self) -> None:
        self._inner.close()


class ThroughClient(httpx.BaseTransport):
    """Sends through a caller's httpx client: its mounts, proxies, TLS, limits and event hooks apply.

    Our client has already added the base URL, auth and headers; the caller's client adds
    none of its own (``auth=None``) and follows no redirect. The caller owns that client:
    closing ours leaves it open.
    """

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._client.send(request, auth=None, follow_redirects=False, stream=True)
        raw = _sync_io.raw_body(response)
        # The raw (still encoded) bytes, so that our client decodes them exactly once.
        return httpx.Response(
            response.status_code, headers=response.headers, stream=httpx.ByteStream(raw), extensions=response.extensions
        )
