"""``change_many(rate_limit=...)``: an extra, per-call cap on top of the client's account budget.

It uses the same bookkeeping as :class:`~boomi_listeners._account_budget.RequestBudget` (see that module
for why there is no library here), counting each request when it starts: the account budget
already keeps the server's view safe, this only slows one call further when asked to. No thread,
no event loop, so nothing outlives the call.
"""

from __future__ import annotations

from boomi_listeners._account_budget import RequestBudget, checked_rate

__all__ = ["RateLimiter"]


class RateLimiter:
    """At most ``per_second`` acquisitions per second (15 means 15), blocking callers until allowed."""

    def __init__(self, per_second: float) -> None:
        self.per_second = checked_rate(per_second, "rate_limit")
        self._window = RequestBudget(self.per_second)

    def acquire(self) -> None:
        self._window.start()
        self._window.finish()

    async def acquire_async(self) -> None:
        await self._window.start_async()
        self._window.finish()

    def __repr__(self) -> str:
        return f"RateLimiter(per_second={self.per_second:g})"
