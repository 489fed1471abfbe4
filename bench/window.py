"""What a maintenance window costs: requests and seconds, on the demo data with the fake's defaults.

``client.window(container_ids=[prod, molecule])`` with an empty body: snapshot, pause what is
listening, confirm, restore, confirm. The demo production Atom has four listening listeners (one
``pause_all``/``resume_all``); the demo molecule has three listening, one paused and one errored
(three single pauses and resumes; the other two are left alone). The fake keeps its defaults
(a change applies after 0.2 s, a status query completes after 0.05 s), so the seconds are mostly
those delays and the client's poll intervals; the requests are what counts against Boomi's
per-account rate limit.

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
    return "poll"


def one_window() -> tuple[float, Counter[str]]:
    """Seconds and requests (by kind) of one empty window over the demo runtimes, from a fresh fake."""
    fake = FakeBoomi(state=demo_state())
    with (
        serve(fake) as base_url,
        ListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url=base_url
        ) as client,
    ):
        started = time.perf_counter()
        with client.window(container_ids=RUNTIMES):
            pass
        seconds = time.perf_counter() - started
    return seconds, Counter(_kind(r.path) for r in fake.requests)


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
            f"{middle['change']} changeListenerStatus (pause_all + 3 pauses, resume_all + 3 resumes), "
            f"{middle['query']} ListenerStatus queries, {middle['poll']} token polls",
        )
    )
    return result
