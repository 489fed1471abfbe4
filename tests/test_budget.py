"""The account's request budget: honest rates, shared by threads, tasks and clients, and nothing leaks.

Assertions count requests per window on recorded times (the property the server checks), never
how long anything took.
"""

from __future__ import annotations

import asyncio
import gc
import math
import os
import threading
import weakref
from bisect import bisect_right
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from boomi_listeners import APITimeoutError, AsyncListenerClient, ListenerClient, RequestBudget, RetryPolicy


class VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def most_in_any_window(times: list[float], span: float) -> int:
    """The largest number of ``times`` inside any window (t - span, t] (a nanosecond's grace for float sums)."""
    ordered = sorted(times)
    return max((bisect_right(ordered, t) - bisect_right(ordered, t - span + 1e-9) for t in ordered), default=0)


def drive(budget: RequestBudget, clock: VirtualClock, seconds: float) -> list[float]:
    """Start (and at once finish) every request the budget allows, moving the clock as it says, for ``seconds``."""
    starts = []
    while clock.now < seconds:
        wait = budget.try_start()
        if wait == 0.0:
            starts.append(clock.now)
            budget.finish()
            continue
        assert wait is not None, "with every request finished, the budget always knows how long to wait"
        clock.now += wait
    return starts


@pytest.mark.parametrize("rate", [10, 15, 15.5, 0.5, 2.5, 99.9])
def test_rates_are_honest(rate: float) -> None:
    """15 per second gives 15 per second (not 10), 15.5 gives 15.5, 0.5 gives one every two seconds."""
    clock = VirtualClock()
    budget = RequestBudget(rate, clock=clock)
    seconds = 100.0
    starts = drive(budget, clock, seconds)
    # Over 100 s: the rate's worth, plus at most the one burst that starts just before the end.
    assert rate * seconds <= len(starts) <= rate * seconds + budget.capacity
    # And never more than the budget's capacity in any window of its span.
    assert most_in_any_window(starts, budget.span) <= budget.capacity
    # Nor more than the rate (rounded up) in any second: two bursts of a short span never share one.
    assert most_in_any_window(starts, 1.0) <= max(math.ceil(rate), 1)


def test_a_request_holds_its_place_until_one_span_after_its_answer() -> None:
    clock = VirtualClock()
    budget = RequestBudget(2, clock=clock)
    assert budget.try_start() == 0.0
    assert budget.try_start() == 0.0
    assert budget.try_start() is None  # both places are held by requests in flight
    clock.now = 5.0
    budget.finish()  # the first answer arrives after 5 s: its place frees at 6 s, not at 1 s
    assert budget.try_start() == pytest.approx(1.0)
    clock.now = 6.0
    assert budget.try_start() == 0.0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 0, -1.0])
def test_nonsense_rates_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="positive, finite"):
        RequestBudget(bad)
    with pytest.raises(ValueError, match="max_requests_per_second"):
        ListenerClient(account_id="a", username="u", password="p", max_requests_per_second=bad)


@pytest.mark.parametrize("bad", ["10", True, None])
def test_rates_must_be_numbers(bad: Any) -> None:
    with pytest.raises(TypeError):
        RequestBudget(bad)


def test_clients_of_one_account_share_a_budget() -> None:
    def make(**options: Any) -> ListenerClient:
        base = {"account_id": "acct", "username": "u", "password": "p", "base_url": "http://boomi.test"}
        return ListenerClient(**{**base, **options})

    first, second, async_one = (
        make(),
        make(username="other"),
        AsyncListenerClient(account_id="acct", username="u", password="p", base_url="http://boomi.test"),
    )
    assert first.budget is not None
    assert first.budget is second.budget is async_one.budget
    assert first.budget.per_second == 10
    assert make(account_id="another").budget is not first.budget
    assert make(max_requests_per_second=None).budget is None
    assert make(max_requests_per_second=20).budget is first.budget
    assert first.budget.per_second == 10, "a looser limit does not loosen the account's budget"
    assert make(max_requests_per_second=5).budget is first.budget
    assert first.budget.per_second == 5, "the strictest limit asked applies to every client of the account"
    explicit = RequestBudget(3)
    assert make(budget=explicit).budget is explicit
    with pytest.raises(TypeError):
        make(budget=3)


def test_tightening_a_budget_paces_the_requests_already_waiting() -> None:
    clock = VirtualClock()
    budget = RequestBudget(10, clock=clock)
    budget.tighten(20)
    assert (budget.per_second, budget.capacity) == (10, 10)
    budget.tighten(2)
    assert (budget.per_second, budget.capacity, budget.span) == (2, 2, 1.0)
    for _ in range(2):
        assert budget.try_start() == 0.0
        budget.finish()
    wait = budget.try_start()
    assert wait is not None
    assert wait > 0.5, "a third request within the second waits under the stricter rate"
    starts = drive(budget, clock, 10.0)
    assert most_in_any_window(starts, 1.0) <= 2


def test_a_client_made_just_after_another_closed_still_counts_its_requests() -> None:
    """One client after another (a CLI command after the last, a client per job) must not reset the budget."""
    base = {
        "account_id": "lingering-acct", "username": "u", "password": "p", "base_url": "http://boomi.test",
        "transport": httpx.MockTransport(lambda request: httpx.Response(200)),
        "max_requests_per_second": 0.1,  # one request per 10 s: the first client's request is surely recent
    }  # fmt: skip
    with ListenerClient(**base) as first:
        first.pause(container_id="C", listener_id="L")
        used = weakref.ref(first.budget)
    del first
    gc.collect()
    with ListenerClient(**base) as second:
        assert second.budget is used(), "the budget that saw the request is still the account's"
        assert second.budget.try_start() != 0.0, "so the next request must wait its turn"
    unused = ListenerClient(**{**base, "account_id": "idle-acct"})
    idle = weakref.ref(unused.budget)
    unused.close()
    del unused
    ListenerClient(**{**base, "account_id": "other-acct"}).close()  # a later lookup lets idle budgets go
    gc.collect()
    assert idle() is None, "a budget that remembers no request is not kept"


def recording_handler(times: list[float], lock: threading.Lock) -> Callable[[httpx.Request], httpx.Response]:
    """Answers every change with 200 and records when the 'server' saw it."""
    monotonic = __import__("time").monotonic

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            times.append(monotonic())
        return httpx.Response(200)

    return handler


def test_the_budget_holds_across_threads_and_two_clients() -> None:
    """Two clients of one account, 8 threads each: together never more than the budget in any window."""
    times: list[float] = []
    lock = threading.Lock()
    rate = 25.0
    options: dict[str, Any] = {
        "account_id": "shared-acct", "username": "u", "password": "p", "base_url": "http://budget.test",
        "transport": httpx.MockTransport(recording_handler(times, lock)), "max_requests_per_second": rate,
    }  # fmt: skip
    with ListenerClient(**options) as one, ListenerClient(**options) as two:
        assert one.budget is two.budget

        def work(client: ListenerClient, n: int) -> None:
            client.change_many([("pause", "C", f"L{n}-{i}") for i in range(8)], concurrency=8)

        with ThreadPoolExecutor(max_workers=6) as pool:
            list(pool.map(lambda n: work(one if n % 2 else two, n), range(6)))
    assert len(times) == 48
    assert most_in_any_window(times, 1.0) <= rate


def test_one_budget_paces_a_thread_and_an_event_loop_together() -> None:
    times: list[float] = []
    lock = threading.Lock()
    budget = RequestBudget(20)
    handler = recording_handler(times, lock)
    common = {"account_id": "a", "username": "u", "password": "p", "base_url": "http://mixed.test", "budget": budget}

    def sync_side() -> None:
        with ListenerClient(transport=httpx.MockTransport(handler), **common) as client:
            client.change_many([("pause", "C", f"S{i}") for i in range(15)])

    async def async_side() -> None:
        async with AsyncListenerClient(transport=httpx.MockTransport(handler), **common) as client:
            await client.change_many([("pause", "C", f"A{i}") for i in range(15)])

    thread = threading.Thread(target=sync_side)
    thread.start()
    asyncio.run(async_side())
    thread.join()
    assert len(times) == 30
    assert most_in_any_window(times, 1.0) <= 20


def test_waiting_longer_than_the_pool_timeout_fails_before_sending() -> None:
    sent: list[str] = []
    budget = RequestBudget(1)
    assert budget.try_start() == 0.0  # another request holds the only place
    client = ListenerClient(
        account_id="a", username="u", password="p", base_url="http://full.test", budget=budget, timeout=0.05,
        retry=RetryPolicy.none(), transport=httpx.MockTransport(lambda r: sent.append("x") or httpx.Response(200)),
    )  # fmt: skip
    with client, pytest.raises(APITimeoutError) as caught:
        client.pause(container_id="C", listener_id="L")
    assert not caught.value.may_have_reached_server
    assert sent == []


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def test_no_thread_or_fd_growth_over_a_thousand_calls(kind: str) -> None:
    options: dict[str, Any] = {
        "account_id": "a", "username": "u", "password": "p", "base_url": "http://leak.test",
        "transport": httpx.MockTransport(lambda r: httpx.Response(200)), "max_requests_per_second": 1e6,
    }  # fmt: skip
    targets = [("pause", "C", "L1"), ("resume", "C", "L2")]

    def sync_calls(count: int) -> None:
        with ListenerClient(**options) as client:
            for _ in range(count):
                assert all(o.ok for o in client.change_many(targets, rate_limit=1e6))

    async def async_calls(count: int) -> None:
        async with AsyncListenerClient(**options) as client:
            for _ in range(count):
                assert all(o.ok for o in await client.change_many(targets, rate_limit=1e6))

    def calls(count: int) -> None:
        sync_calls(count) if kind == "sync" else asyncio.run(async_calls(count))

    calls(10)  # warm up: imports, the first event loop, lazily created objects
    gc.collect()
    threads, fds = threading.active_count(), open_fds()
    calls(1000)
    gc.collect()
    assert threading.active_count() == threads
    assert open_fds() <= fds
