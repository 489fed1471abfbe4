"""Client-side rate limiting for bulk work, shared by threads or tasks.

pyrate-limiter does the bookkeeping. Rates are expressed per 100 ms window
(10 % of the per-second budget) so requests flow evenly instead of in one
burst per second, which keeps us under Boomi's window without idling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyrate_limiter import Limiter

__all__ = ["RateLimiter"]

_WINDOW_MS = 100
_SECOND_MS = 1000


class RateLimiter:
    """At most ``per_second`` acquisitions per second, blocking callers until allowed."""

    def __init__(self, per_second: float) -> None:
        if per_second <= 0:
            raise ValueError(f"rate_limit must be a positive number of requests per second; got {per_second!r}")
        self.per_second = per_second
        # Imported here: only bulk calls with a rate limit need it, and it costs ~25 ms at import.
        from pyrate_limiter import Limiter, Rate

        per_window = per_second * _WINDOW_MS / _SECOND_MS
        rate = Rate(int(per_window), _WINDOW_MS) if per_window >= 1 else Rate(1, round(_SECOND_MS / per_second))
        self._limiter: Limiter = Limiter(rate, buffer_ms=5)

    def acquire(self) -> None:
        self._limiter.try_acquire("boomi", blocking=True)

    async def acquire_async(self) -> None:
        await self._limiter.try_acquire_async("boomi", blocking=True)

    def __repr__(self) -> str:
        return f"RateLimiter(per_second={self.per_second})"
