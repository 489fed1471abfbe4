"""Figure 6: many listeners changed AND confirmed within Boomi's account limit.

200 listeners on 4 runtimes; the fake allows 10 requests per second (Boomi's documented account
limit), applies a change 0.5 s after accepting it and answers each request after 50 ms. The
client runs with its default budget (10 requests per second).

* ``change_many(wait=True)``: the changes, then one ListenerStatus query per runtime per poll round.
* the naive way: ``change_many`` then one ``wait_for`` per listener.

The bound is what the limit allows at best: every change, plus the fewest status requests the
confirmation needs (one query and one token read per runtime), at 10 per second. Requests and
503s are what the fake counted; runs alternate pause and resume so each starts from settled
listeners.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from bench.fake_server import FakeServer
from bench.report import FigureResult, Row
from bench.stats import summarize
from boomi_listeners import ChangeOutcome, ListenerClient, ListenerStatusValue, PollPolicy

__all__ = ["APPLY_DELAY", "LATENCY", "RATE", "RUNTIMES", "measure"]

RATE = 10.0
APPLY_DELAY = 0.5
LATENCY = 0.05
RUNTIMES = 4
TARGET_VS_BOUND = 1.10
TARGET_REQUESTS_PER_CHANGE = 1.10
# The fewest status requests that can confirm one runtime: the query and one read of its token.
STATUS_REQUESTS_PER_RUNTIME = 2


@dataclass
class ConfirmedRun:
    label: str
    seconds: float
    outcomes: list[ChangeOutcome]
    server: Counter[int]

    @property
    def requests(self) -> int:
        return sum(self.server.values())

    @property
    def unconfirmed(self) -> int:
        return sum(1 for o in self.outcomes if not o.ok)


def _client(server: FakeServer) -> ListenerClient:
    e = server.endpoint
    # PollPolicy defaults; the budget is the client's default (Boomi's 10 per second).
    return ListenerClient(
        account_id=e.account_id, username=e.username, password=e.password, base_url=e.base_url, poll=PollPolicy()
    )


def _targets(server: FakeServer, action: str) -> list[tuple[str, str, str]]:
    return [(action, cid, lid) for cid, ids in server.endpoint.bulk_runtimes.items() for lid in ids]


def _run(server: FakeServer, label: str, work: Callable[[ListenerClient], list[ChangeOutcome]]) -> ConfirmedRun:
    server.configure(latency=LATENCY, rate_limit=RATE)
    server.statuses()  # an empty request log
    time.sleep(1.1)  # let the fake's one-second window and the client's budget drain
    with _client(server) as client:
        started = time.perf_counter()
        outcomes = work(client)
        seconds = time.perf_counter() - started
    return ConfirmedRun(label, seconds, outcomes, server.statuses())


def confirmed(server: FakeServer, action: str) -> ConfirmedRun:
    targets = _targets(server, action)
    return _run(server, "change_many(wait=True)", lambda c: c.change_many(targets, wait=True, timeout=120))


def naive(server: FakeServer, action: str) -> ConfirmedRun:
    targets = _targets(server, action)
    status = ListenerStatusValue.PAUSED if action == "pause" else ListenerStatusValue.LISTENING

    def work(client: ListenerClient) -> list[ChangeOutcome]:
        outcomes = client.change_many(targets)
        for _, cid, lid in targets:
            client.wait_for(container_id=cid, listener_id=lid, status=status, timeout=120)
        return outcomes

    return _run(server, "change_many + wait_for each", work)


def measure(*, listeners: int, repeats: int) -> FigureResult:
    result = FigureResult()
    with FakeServer(listeners=listeners, apply_delay=APPLY_DELAY, runtimes=RUNTIMES) as server:
        n = sum(len(ids) for ids in server.endpoint.bulk_runtimes.values())
        bound_requests = n + STATUS_REQUESTS_PER_RUNTIME * RUNTIMES
        bound = bound_requests / RATE
        runs = [confirmed(server, "pause" if i % 2 == 0 else "resume") for i in range(repeats)]
        # The naive run once (it is slow by design), from whatever state the last run left.
        slow = naive(server, "resume" if repeats % 2 else "pause")
    where = (
        f"{n} listeners on {RUNTIMES} runtimes, fake limit {RATE:g}/s, apply delay {APPLY_DELAY:g} s, "
        f"latency {LATENCY * 1000:.0f} ms, client budget {RATE:g}/s"
    )
    seconds = summarize([r.seconds for r in runs])
    per_change = summarize([r.requests / n for r in runs])
    server_503 = sum(r.server.get(503, 0) for r in runs)
    unconfirmed = sum(r.unconfirmed for r in runs)
    middle = sorted(runs, key=lambda r: r.seconds)[(len(runs) - 1) // 2]
    status_requests = middle.requests - n
    result.metrics.update(
        {
            "bulk_confirmed_targets": float(n),
            "bulk_confirmed_bound_s": bound,
            "bulk_confirmed_s": seconds.median,
            "bulk_confirmed_vs_bound": seconds.median / bound,
            "bulk_confirmed_requests_per_change": per_change.median,
            "bulk_confirmed_status_requests": float(status_requests),
            "bulk_confirmed_server_503": float(server_503),
            "bulk_confirmed_unconfirmed": float(unconfirmed),
            "bulk_confirmed_naive_s": slow.seconds,
            "bulk_confirmed_naive_vs_bound": slow.seconds / bound,
            "bulk_confirmed_naive_requests_per_change": slow.requests / n,
            "bulk_confirmed_naive_server_503": float(slow.server.get(503, 0)),
        }
    )
    spread = f"range {seconds.minimum:.2f}–{seconds.maximum:.2f} s, n={seconds.n}" if seconds.n > 1 else "single run"
    result.rows.append(
        Row(
            "bulk_confirmed_vs_bound",
            f"{seconds.median / bound:.3f}x",
            spread,
            f"change_many(wait=True) vs bound ({n} changes + {STATUS_REQUESTS_PER_RUNTIME * RUNTIMES} status "
            f"requests) / {RATE:g}/s = {bound:.1f} s ({where}); middle run {middle.seconds:.2f} s, "
            f"{middle.requests} requests ({status_requests} for status), {unconfirmed} unconfirmed over all runs",
            f"<= {TARGET_VS_BOUND:.2f}x",
            seconds.median / bound <= TARGET_VS_BOUND and unconfirmed == 0,
        )
    )
    result.rows.append(
        Row(
            "bulk_confirmed_requests_per_change",
            f"{per_change.median:.3f}",
            f"range {per_change.minimum:.3f}–{per_change.maximum:.3f}, n={per_change.n}",
            f"requests the fake received / {n} changes, change_many(wait=True)",
            f"<= {TARGET_REQUESTS_PER_CHANGE:.2f}",
            per_change.median <= TARGET_REQUESTS_PER_CHANGE,
        )
    )
    result.rows.append(
        Row(
            "bulk_confirmed_server_503",
            str(server_503),
            f"over {len(runs)} runs",
            "503s the fake answered to change_many(wait=True) (its limit is the client's default budget)",
            "0",
            server_503 == 0,
        )
    )
    result.rows.append(
        Row(
            "bulk_confirmed_naive_vs_bound",
            f"{slow.seconds / bound:.2f}x",
            "single run",
            f"for comparison: change_many then one wait_for per listener, {slow.seconds:.1f} s, "
            f"{slow.requests} requests ({slow.requests / n:.2f} per change), {slow.server.get(503, 0)} x 503",
        )
    )
    return result
