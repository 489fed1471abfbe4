"""What a maintenance window costs: requests and seconds, on the demo data with the fake's defaults.

``client.window(container_ids=[prod, molecule])`` with an empty body: snapshot, pause what is
listening, confirm, restore, confirm. The demo production Atom has four listening listeners; the demo
molecule has three listening, one paused and one errored (one pause and one resume per listening
listener; the other two are left alone). The health check reads each runtime's Atom first. The fake keeps its defaults
(a change applies after 0.2 s, a status query completes after 0.05 s), so the seconds are mostly
those delays and the client's poll intervals; the requests are what counts against Boomi's
per-account rate limit.

The second figure is a quiet window (``schedules=True, drain=True``) over the same runtimes with
one execution running for four seconds on the production Atom: the health reads, the schedule query
and switch-offs and switch-ons, and the drain's ExecutionRecord queries come on top, and the
requests are given per runtime (what one more runtime costs against the account's budget).

The fake runs in a thread of this process: the figure is a count and a wall time dominated by the
fake's delays, not a ratio that GIL contention would distort.
"""

from __future__ import annotations

import time
from collections import Counter

from bench.report import FigureResult, Row
from bench.stats import summarize
from boomi_listeners import ListenerClient
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_SCHEDULED_PROCESS_ID,
    DEMO_USERNAME,
    FakeBoomi,
    demo_state,
    serve,
)

__all__ = ["measure"]

RUNTIMES = [DEMO_PROD_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID]


def _kind(path: str) -> str:
    if path.endswith("/changeListenerStatus"):
        return "change"
    if path.endswith("/ListenerStatus/query"):
        return "query"
    if "/Atom/" in path:
        return "health"
    if "/ProcessScheduleStatus/" in path:
        return "schedule_read" if path.endswith(("/query", "/queryMore")) else "schedule_update"
    if "/ExecutionRecord/" in path:
        return "execution_query"
    return "poll"


def one_window(*, quiet: bool = False) -> tuple[float, Counter[str]]:
    """Seconds and requests (by kind) of one empty window over the demo runtimes, from a fresh fake."""
    fake = FakeBoomi(state=demo_state())
    if quiet:
        fake.start_execution(container_id=DEMO_PROD_CONTAINER_ID, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=4)
    with (
        serve(fake) as base_url,
        ListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url=base_url
        ) as client,
    ):
        started = time.perf_counter()
        with client.window(container_ids=RUNTIMES, schedules=quiet, drain=quiet):
            pass
        seconds = time.perf_counter() - started
    return seconds, Counter(_kind(r.path) for r in fake.requests)


def _quiet(rounds: int, result: FigureResult) -> None:
    runs = [one_window(quiet=True) for _ in range(rounds)]
    seconds = summarize([s for s, _ in runs])
    middle = sorted(runs, key=lambda r: r[0])[(len(runs) - 1) // 2][1]
    total = sum(middle.values())
    per_runtime = total / len(RUNTIMES)
    result.metrics.update(
        {
            "window_quiet_seconds": seconds.median,
            "window_quiet_requests": float(total),
            "window_quiet_requests_per_runtime": per_runtime,
            "window_quiet_health_reads": float(middle["health"]),
            "window_quiet_schedule_reads": float(middle["schedule_read"]),
            "window_quiet_schedule_updates": float(middle["schedule_update"]),
            "window_quiet_execution_queries": float(middle["execution_query"]),
        }
    )
    result.rows.append(
        Row(
            "window_quiet_requests_per_runtime",
            f"{per_runtime:.1f}",
            f"{total} requests over {len(RUNTIMES)} runtimes, median run {seconds.median:.2f} s",
            f"window --schedules --drain, one 4 s execution on the production Atom: {middle['health']} Atom reads, "
            f"{middle['schedule_read']} schedule queries, {middle['schedule_update']} schedule updates (2 off, 2 "
            f"on), {middle['execution_query']} ExecutionRecord queries, {middle['change']} changes, "
            f"{middle['query']} status queries, {middle['poll']} token polls",
        )
    )


def measure(*, rounds: int) -> FigureResult:
    runs = [one_window() for _ in range(rounds)]
    seconds = summarize([s for s, _ in runs])
    requests = [sum(kinds.values()) for _, kinds in runs]
    middle = sorted(runs, key=lambda r: r[0])[(len(runs) - 1) // 2][1]
    result = FigureResult()
    result.metrics.update(
        {
            "window_seconds": seconds.median,
            "window_requests": float(sorted(requests)[(len(requests) - 1) // 2]),
            "window_change_requests": float(middle["change"]),
            "window_status_queries": float(middle["query"]),
            "window_token_polls": float(middle["poll"]),
        }
    )
    spread = f"range {seconds.minimum:.2f}–{seconds.maximum:.2f} s, n={seconds.n}" if rounds > 1 else "single run"
    result.rows.append(
        Row(
            "window_seconds",
            f"{seconds.median:.2f} s",
            spread,
            "empty window over the demo production Atom and molecule (fake defaults: changes apply after 0.2 s, "
            "queries complete after 0.05 s)",
        )
    )
    result.rows.append(
        Row(
            "window_requests",
            str(int(result.metrics["window_requests"])),
            f"requests per run: {sorted(requests)}",
            f"{middle['change']} changeListenerStatus (one pause and one resume per listening listener), "
            f"{middle['query']} ListenerStatus queries, {middle['poll']} token polls, {middle['health']} Atom reads "
            "(the health check)",
        )
    )
    _quiet(rounds, result)
    return result
