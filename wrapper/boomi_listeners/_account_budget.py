"""The account's request budget: at most N requests per second, shared by every client, thread and task.

Boomi allows about 10 requests per second per account, shared by everything on the account, and
answers 503 beyond that. The clients send every request (changes, queries, token polls, retries)
through a :class:`RequestBudget` by way of a transport wrapper (``_async_transports``), so no code
path can forget it.

How it counts. ``per_second`` becomes ``capacity`` requests per ``span`` seconds (10/s: 10 per
1 s; 15.5/s: 15 per 0.968 s; 0.5/s: 1 per 2 s), so non-integer rates are honest. A request holds
a place from the moment it is sent until one span *after its answer arrived*. The server counts
a request at some instant between those two, so whatever the network does to the timing, no
window the server looks at holds more than ``capacity`` of our requests: a client paced this way
never draws a 503 from the limit. The price is one round trip per window (10 per 1.05 s at 50 ms
latency). Up to ``capacity`` requests may start at once, as "N per second" allows.

Why not a library: pyrate-limiter's blocking mode starts a thread and an event loop per limiter
(they leaked: +1 thread and several fds per ``change_many`` call); aiolimiter is asyncio-only;
limits' in-memory storage runs a timer thread and has no blocking acquire. None of them count a
request until its answer came back, which is what makes the guarantee above independent of
latency. The bookkeeping here is a deque, a counter and one lock: no thread, no event loop, so
one budget serves threads and any number of event loops at once.
"""

from __future__ import annotations

import math
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from boomi_listeners._config import Settings

__all__ = [
    "DEFAULT_REQUESTS_PER_SECOND",
    "BudgetTimeout",
    "RequestBudget",
    "budget_for",
    "checked_rate",
    "pool_timeout",
]

#: Boomi's documented limit for an account.
DEFAULT_REQUESTS_PER_SECOND = 10.0
# Above this many places per window the deque would only cost memory; the rate stays honest
# because the span shrinks with it.
_MAX_CAPACITY = 1000
# How often an async waiter looks again while every place is held by a request still in flight
# (sync waiters are woken by the request that ends instead).
_ASYNC_RECHECK = 0.01


class BudgetTimeout(Exception):
    """No place in the budget within the time allowed (the transports turn it into httpx.PoolTimeout)."""


def checked_rate(value: object, name: str) -> float:
    """``value`` as a positive, finite float; TypeError/ValueError naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of requests per second; got {value!r}")
    rate = float(value)
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"{name} must be a positive, finite number of requests per second; got {value!r}")
    return rate


class RequestBudget:
    """At most ``per_second`` requests per second, shared by every thread, task and client that holds it.

    Clients build one per account automatically (see ``max_requests_per_second``); create one
    yourself and pass it as ``budget=`` to several clients to make them share it explicitly, e.g.
    clients for two users of one account.
    """

    def __init__(self, per_second: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._set_rate(checked_rate(per_second, "per_second"))
        self._clock = clock
        self._ended: deque[float] = deque()
        self._active = 0
        self._changed = threading.Condition(threading.Lock())

    def _set_rate(self, per_second: float) -> None:
        self.per_second = per_second
        self.capacity = min(max(1, math.floor(per_second)), _MAX_CAPACITY)
        self.span = self.capacity / per_second
        # (capacity, span) pairs a request must fit in. A non-integer rate above one also gets a
        # one-second window of the rate rounded up, so that two bursts of its shorter span cannot
        # land in one second (15.5/s: 15 per 0.968 s for the average, and never more than 16 in a second).
        windows = [(self.capacity, self.span)]
        if per_second > 1 and self.span < 1.0:
            windows.append((math.ceil(per_second), 1.0))
        self._windows = windows
        self._longest = max(span for _, span in windows)

    def tighten(self, per_second: float) -> None:
        """Lower the rate to ``per_second`` if that is stricter; a higher rate changes nothing.

        Clients of one account share one budget whatever limit each was given: the strictest
        limit any of them asked for applies to all, since Boomi counts them together.
        """
        rate = checked_rate(per_second, "per_second")
        with self._changed:
            if rate < self.per_second:
                self._set_rate(rate)
                self._changed.notify_all()

    def __repr__(self) -> str:
        return f"RequestBudget(per_second={self.per_second:g})"

    # -- bookkeeping (call with the lock held) ---------------------------------------------------

    def _wait_needed(self, now: float) -> float | None:
        """0.0: a request may start now; > 0: seconds until a place frees; None: until a request ends."""
        ended = self._ended
        while ended and ended[0] <= now - self._longest:
            ended.popleft()
        wait = 0.0
        for capacity, span in self._windows:
            recent = [at for at in ended if at > now - span]  # oldest first
            excess = len(recent) + self._active - capacity + 1
            if excess <= 0:
                continue
            if excess > len(recent):
                return None  # the window is full of requests still in flight
            wait = max(wait, recent[excess - 1] + span - now)
        return 0.0 if wait == 0.0 else max(wait, 1e-6)

    # -- the protocol: start before sending, finish once the answer (or the failure) is in ----------

    def try_start(self) -> float | None:
        """Take a place if one is free (returns 0.0); otherwise how long to wait (None: until a request ends)."""
        with self._changed:
            wait = self._wait_needed(self._clock())
            if wait == 0.0:
                self._active += 1
            return wait

    def start(self, timeout: float | None = None) -> None:
        """Block until a place is free and take it; BudgetTimeout if that would take longer than ``timeout``."""
        with self._changed:
            deadline = None if timeout is None else self._clock() + timeout
            # Every request that ends wakes all waiters (notify_all), so the one-second nap while
            # every place is held by a request in flight is only a safety net.
            while (nap := self._take_or_nap(deadline, timeout, open_ended=1.0)) > 0.0:
                self._changed.wait(nap)

    async def start_async(self, timeout: float | None = None) -> None:
        """The same for a coroutine: it sleeps instead of blocking its event loop."""
        import asyncio  # here, not at the top: the sync client must not import asyncio

        deadline = None if timeout is None else self._clock() + timeout
        while True:
            with self._changed:
                nap = self._take_or_nap(deadline, timeout, open_ended=_ASYNC_RECHECK)
            if nap == 0.0:
                return
            await asyncio.sleep(nap)

    def _take_or_nap(self, deadline: float | None, timeout: float | None, *, open_ended: float) -> float:
        """With the lock held: 0.0 once a place is taken, else how long to sleep before looking again.

        ``open_ended`` is the nap while every place is held by a request in flight (no time is
        known); BudgetTimeout when the wait would end past ``deadline``.
        """
        now = self._clock()
        wait = self._wait_needed(now)
        if wait == 0.0:
            self._active += 1
            return 0.0
        nap = open_ended if wait is None else min(wait, 1.0)
        if deadline is None:
            return nap
        left = deadline - now
        if left <= 0 or (wait is not None and wait > left):
            raise BudgetTimeout(f"waited more than {timeout:g}s for a place in the account's request budget ({self!r})")
        return min(nap, left)

    def finish(self) -> None:
        """The request's answer (or failure) is in: its place frees one span from now."""
        with self._changed:
            self._active -= 1
            self._ended.append(self._clock())
            self._changed.notify_all()

    def idle(self) -> bool:
        """No request in flight and none ended within the longest window: it remembers nothing that limits."""
        with self._changed:
            return self._active == 0 and (not self._ended or self._ended[-1] <= self._clock() - self._longest)


# -- sharing: one budget per account and base URL in this process, at the strictest rate asked ---------

_SHARED: weakref.WeakValueDictionary[tuple[str, str], RequestBudget] = weakref.WeakValueDictionary()
# Budgets kept after their last client is gone, until they are idle: a client made right after
# another one closed (a CLI command after the last, a client per job) must still see the requests
# the first sent in the last second, or the two together could exceed the limit.
_LINGERING: dict[tuple[str, str], RequestBudget] = {}
_SHARED_LOCK = threading.Lock()


def budget_for(
    settings: Settings, max_requests_per_second: float | None, budget: RequestBudget | None
) -> RequestBudget | None:
    """The budget a client uses: ``budget`` if given, else the process-wide one for its account.

    Clients for the same account and base URL share one budget, whatever rate each asks for: the
    strictest rate asked applies to all of them (Boomi counts the account's requests together,
    so two budgets with different rates would together exceed the lower one). The budget lives
    as long as any of its clients, and for one window after its last request (a client made just
    after another closed still counts what the first sent); ``max_requests_per_second=None``
    means no budget at all for that client.
    """
    if budget is not None:
        if not isinstance(budget, RequestBudget):
            raise TypeError(f"budget must be a RequestBudget; got {type(budget).__name__}")
        return budget
    if max_requests_per_second is None:
        return None
    rate = checked_rate(max_requests_per_second, "max_requests_per_second")
    key = (settings.account_id, settings.base_url)
    with _SHARED_LOCK:
        for lingering in [k for k, kept in _LINGERING.items() if kept.idle()]:
            del _LINGERING[lingering]
        found = _SHARED.get(key)
        if found is None:
            found = RequestBudget(rate)
            _SHARED[key] = found
        else:
            found.tighten(rate)
        _LINGERING[key] = found
        return found


def pool_timeout(request: httpx.Request) -> float | None:
    """The request's pool timeout: waiting for the budget is like waiting for a free connection."""
    timeouts = request.extensions.get("timeout")
    value = timeouts.get("pool") if isinstance(timeouts, dict) else None
    return float(value) if isinstance(value, int | float) else None
