"""Figure 2: single-listener pauses against the fake with 50 ms latency and a 100 req/s limit.

Compared with the bound N / rate (300 targets at 100/s: 3.0 s): one wrapper call after another,
and ``change_many`` with its client-side limiter, at the default concurrency (the figure) and at
a higher one (to tell a concurrency cap from a limiter cost). The server counts every 503 it
sent; the caller's side counts targets that ended in an error (a 503 the retries did not absorb,
or any other failure). Each run starts from a freshly reset rate-limit window.

The wrapper's DEBUG log line for each attempt carries its duration; collecting it gives the
request time under load, and with it the concurrency cap ``concurrency / request time``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from bench.common import HEADERS, Endpoint
from bench.fake_server import FakeServer
from bench.report import FigureResult, Row
from bench.stats import summarize
from boomi_listeners import ChangeOutcome, ListenerClient

__all__ = ["DEFAULT_CONCURRENCY", "LATENCY", "SERVER_RATE", "TARGET", "BulkRun", "measure"]

LATENCY = 0.05
SERVER_RATE = 100.0
TARGET = 1.10
DEFAULT_CONCURRENCY = 8  # ListenerClient.change_many's default


@dataclass
class BulkRun:
    """One run's wall time, outcomes, what the server answered and per-attempt durations."""

    label: str
    concurrency: int
    seconds: float
    outcomes: list[ChangeOutcome]
    server: Counter[int]
    attempt_ms: list[float] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if not o.ok)

    @property
    def caller_503(self) -> int:
        return sum(1 for o in self.outcomes if o.error is not None and getattr(o.error, "status_code", 0) == 503)

    @property
    def retries(self) -> int:
        return sum(o.attempts for o in self.outcomes) - len(self.outcomes)

    def describe(self) -> str:
        sent = ", ".join(f"{code}: {count}" for code, count in sorted(self.server.items()))
        text = (
            f"{self.seconds:.2f} s; server answered {{{sent}}}; retries {self.retries}; "
            f"caller saw {self.failed} errors ({self.caller_503} of them 503)"
        )
        if self.attempt_ms:
            request = summarize(self.attempt_ms)
            cap = self.concurrency / (request.median / 1000)
            text += f"; request time median {request.median:.0f} ms (IQR {request.q1:.0f}–{request.q3:.0f})"
            text += f" -> concurrency cap {cap:.0f} req/s"
        return text


class _AttemptTimes(logging.Handler):
    """Collects the duration argument of the wrapper's per-attempt DEBUG log line."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.ms: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[3], float):
            self.ms.append(args[3])


def _client(endpoint: Endpoint) -> ListenerClient:
    return ListenerClient(
        account_id=endpoint.account_id,
        username=endpoint.username,
        password=endpoint.password,
        base_url=endpoint.base_url,
        # This figure's fake allows SERVER_RATE requests per second: the client's budget says the same.
        max_requests_per_second=SERVER_RATE,
    )


def _targets(endpoint: Endpoint, n: int) -> list[tuple[str, str, str]]:
    ids = endpoint.bulk_listener_ids
    if n > len(ids):
        raise ValueError(f"the bench runtime has {len(ids)} listeners; asked for {n} targets")
    return [("pause", endpoint.bulk_container_id, lid) for lid in ids[:n]]


def _run(
    server: FakeServer, label: str, concurrency: int, work: Callable[[ListenerClient], list[ChangeOutcome]]
) -> BulkRun:
    server.configure(latency=LATENCY, rate_limit=SERVER_RATE)
    server.statuses()  # start from an empty request log
    logger = logging.getLogger("boomi_listeners")
    handler, level = _AttemptTimes(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        with _client(server.endpoint) as client:
            started = time.perf_counter()
            outcomes = work(client)
            seconds = time.perf_counter() - started
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return BulkRun(label, concurrency, seconds, outcomes, server.statuses(), handler.ms)


def sequential(server: FakeServer, n: int) -> BulkRun:
    """One ``pause`` after another; errors are recorded per target, as change_many does."""
    targets = _targets(server.endpoint, n)
    return _run(server, "sequential", 1, lambda client: client.change_many(targets, concurrency=1))


def change_many(server: FakeServer, n: int, rate_limit: float, concurrency: int) -> BulkRun:
    targets = _targets(server.endpoint, n)

    def work(client: ListenerClient) -> list[ChangeOutcome]:
        return client.change_many(targets, concurrency=concurrency, rate_limit=rate_limit)

    return _run(server, f"change_many c={concurrency}", concurrency, work)


def paced_httpx(server: FakeServer, n: int, threads: int = 32) -> tuple[float, Counter[int]]:
    """The reference client: plain httpx, request i sent at exactly i / SERVER_RATE, no limiter, no retries.

    Returns wall time until the last answer and the statuses the server sent. It shows what the
    machine and the fake allow right now, so the change_many figure can be read against it too.
    """
    endpoint = server.endpoint
    server.configure(latency=LATENCY, rate_limit=SERVER_RATE)
    server.statuses()
    auth = httpx.BasicAuth(endpoint.username, endpoint.password)
    limits = httpx.Limits(max_connections=threads, max_keepalive_connections=threads)
    with (
        httpx.Client(base_url=endpoint.api_root, auth=auth, headers=HEADERS, limits=limits, timeout=30.0) as client,
        ThreadPoolExecutor(max_workers=threads, thread_name_prefix="paced") as pool,
    ):
        lock = threading.Lock()
        statuses: Counter[int] = Counter()

        def send(listener_id: str) -> None:
            body = {"action": "pause", "containerId": endpoint.bulk_container_id, "listenerId": listener_id}
            status = client.post("/changeListenerStatus", json=body).status_code
            with lock:
                statuses[status] += 1

        started = time.perf_counter()
        futures = []
        for index, (_, _, listener_id) in enumerate(_targets(endpoint, n)):
            delay = started + index / SERVER_RATE - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(send, listener_id))
        for future in futures:
            future.result()
        seconds = time.perf_counter() - started
    server.statuses()
    return seconds, statuses


def measure(
    server: FakeServer,
    *,
    n: int,
    rate_limit: float,
    concurrencies: Sequence[int] = (DEFAULT_CONCURRENCY, 16),
    repeats: int = 1,
) -> FigureResult:
    """Sequential once; change_many ``repeats`` times per concurrency, alternating concurrencies.

    The first concurrency gives ``bulk_change_many_vs_bound``; the others get their own keys.
    """
    bound = n / SERVER_RATE
    where = f"{n} pauses, fake latency {LATENCY * 1000:.0f} ms, server limit {SERVER_RATE:.0f}/s"
    result = FigureResult()

    seq = sequential(server, n)
    runs: dict[int, list[BulkRun]] = {c: [] for c in concurrencies}
    paced: list[tuple[float, Counter[int]]] = []
    for _ in range(repeats):
        paced.append(paced_httpx(server, n))
        for concurrency in concurrencies:
            runs[concurrency].append(change_many(server, n, rate_limit, concurrency))
    every = [seq, *(r for group in runs.values() for r in group)]
    paced_s = summarize([seconds for seconds, _ in paced])
    paced_503 = sum(statuses.get(503, 0) for _, statuses in paced)

    failed = sum(r.failed for r in every)
    caller_503 = sum(r.caller_503 for r in every)
    server_503 = sum(r.server.get(503, 0) for r in every)
    result.metrics.update(
        {
            "bulk_targets": float(n),
            "bulk_bound_s": bound,
            "bulk_sequential_s": seq.seconds,
            "bulk_sequential_vs_bound": seq.seconds / bound,
            "bulk_change_many_rate_limit": rate_limit,
            "bulk_failed_targets": float(failed),
            "bulk_server_503": float(server_503),
            "bulk_caller_503": float(caller_503),
            "bulk_retries": float(sum(r.retries for r in every)),
            "bulk_paced_httpx_s": paced_s.median,
            "bulk_paced_httpx_vs_bound": paced_s.median / bound,
        }
    )
    result.rows.append(
        Row(
            "bulk_sequential_vs_bound",
            f"{seq.seconds / bound:.2f}x",
            "single run",
            f"one wrapper call after another vs bound N/rate = {bound:.2f} s ({where}): {seq.describe()}",
        )
    )
    result.rows.append(
        Row(
            "bulk_paced_httpx_vs_bound",
            f"{paced_s.median / bound:.3f}x",
            f"range {paced_s.minimum:.2f}–{paced_s.maximum:.2f} s, n={paced_s.n}",
            f"reference: raw httpx, request i sent at exactly i/{SERVER_RATE:.0f} s from 32 threads, no retries "
            f"({paced_503} x 503 over {len(paced)} runs, not retried, not counted below)",
        )
    )
    for index, concurrency in enumerate(concurrencies):
        group = sorted(runs[concurrency], key=lambda r: r.seconds)
        mid = group[(len(group) - 1) // 2]
        ratios = [r.seconds / bound for r in group]
        key = "bulk_change_many_vs_bound" if index == 0 else f"bulk_change_many_c{concurrency}_vs_bound"
        median_s = summarize([r.seconds for r in group]).median
        result.metrics[key] = median_s / bound
        result.metrics[key.replace("_vs_bound", "_s")] = median_s
        result.metrics[key.replace("_vs_bound", "_vs_paced_httpx")] = median_s / paced_s.median
        ok = all(r.failed == 0 and r.caller_503 == 0 for r in group)
        spread = f"range {ratios[0]:.3f}–{ratios[-1]:.3f}, n={len(ratios)}" if len(ratios) > 1 else "single run"
        result.rows.append(
            Row(
                key,
                f"{median_s / bound:.3f}x",
                spread,
                f"change_many(concurrency={concurrency}{' (default)' if concurrency == DEFAULT_CONCURRENCY else ''}, "
                f"rate_limit={rate_limit:g}) vs bound {bound:.2f} s ({where}); {median_s / paced_s.median:.3f}x the "
                f"paced reference; middle run: {mid.describe()}",
                f"<= {TARGET:.2f}x, 0 failed, 0 x 503 to caller",
                median_s / bound <= TARGET and ok,
            )
        )
    result.rows.append(
        Row(
            "bulk_failed_targets",
            str(failed),
            f"server sent {server_503} x 503 over all bulk runs; the caller saw {caller_503}",
            f"targets that ended in an error, over all {len(every)} bulk runs",
            "0",
            failed == 0,
        )
    )
    return result
