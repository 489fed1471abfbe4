"""What names cost: ``status --runtime NAME`` (listener names shown) against ``status -c ID``.

Both run the CLI's own entry point in this process against the demo fake (in a thread, with its
defaults: a status query completes after 0.05 s), as a shell user runs them: each from a fresh
client, and with the account's request budget unused (runs are a budget window apart, as separate
invocations are; back to back, one run's requests would pace the next one's). The name run resolves
the runtime (one Atom query) and looks the listener names up (one Process bulk read); the ID run
does neither. Rounds alternate the two, so a slow spell of the shared machine falls on both alike;
the figure is the median of the per-round ratios of their wall times. ``names_requests_per_status``
is how many requests the names add to one status (the name run's requests minus the ID run's);
``names_status_requests`` is the name run's total.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Iterator, Sequence

from bench.report import FigureResult, Row
from bench.stats import paired_ratios, summarize
from boomi_listeners.cli import main
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    demo_state,
    serve,
)

__all__ = ["TARGET", "measure"]

#: ``status`` with names may take at most this many times the ID-only time.
TARGET = 1.5
RUNTIME_NAME = "Production Atom (us-east)"
BY_NAME = ("status", "--runtime", RUNTIME_NAME)
BY_ID = ("status", "-c", DEMO_PROD_CONTAINER_ID)
#: A little over the account budget's window (10 requests per second): no run waits on the one before.
BUDGET_WINDOW = 1.1


@contextlib.contextmanager
def _environment(base_url: str) -> Iterator[None]:
    saved = {k: v for k, v in os.environ.items() if k.startswith("BOOMI_")}
    for key in saved:
        del os.environ[key]
    os.environ.update(
        {
            "BOOMI_BASE_URL": base_url,
            "BOOMI_ACCOUNT_ID": DEMO_ACCOUNT_ID,
            "BOOMI_USERNAME": DEMO_USERNAME,
            "BOOMI_PASSWORD": DEMO_PASSWORD,
        }
    )
    try:
        yield
    finally:
        for key in [k for k in os.environ if k.startswith("BOOMI_")]:
            del os.environ[key]
        os.environ.update(saved)


def _run(fake: FakeBoomi, args: Sequence[str]) -> tuple[float, int]:
    """Wall seconds and requests of one CLI run (its table goes nowhere), after the budget's window cleared."""
    time.sleep(BUDGET_WINDOW)
    fake.clear_requests()
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(args))
    seconds = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"boomi-listeners {' '.join(args)} exited {code}")
    time.sleep(0.02)  # the fake logs a request just after its answer went out
    return seconds, len(fake.requests)


def measure(*, rounds: int) -> FigureResult:
    fake = FakeBoomi(state=demo_state())
    named: list[float] = []
    by_id: list[float] = []
    requests: list[tuple[int, int]] = []
    with serve(fake) as base_url, _environment(base_url):
        _run(fake, BY_NAME)  # warm-up: imports and the first connection
        _run(fake, BY_ID)
        for index in range(rounds):
            order = (BY_NAME, BY_ID) if index % 2 == 0 else (BY_ID, BY_NAME)
            timings = {args: _run(fake, args) for args in order}
            named.append(timings[BY_NAME][0])
            by_id.append(timings[BY_ID][0])
            requests.append((timings[BY_NAME][1], timings[BY_ID][1]))
    ratios = summarize(paired_ratios(named, by_id))
    extra = sorted(n - i for n, i in requests)[(len(requests) - 1) // 2]
    total = sorted(n for n, _ in requests)[(len(requests) - 1) // 2]
    result = FigureResult()
    result.metrics.update(
        {
            "names_status_vs_id_only": ratios.median,
            "names_requests_per_status": float(extra),
            "names_status_requests": float(total),
            "names_status_s": summarize(named).median,
            "names_id_only_status_s": summarize(by_id).median,
        }
    )
    result.rows.append(
        Row(
            "names_status_vs_id_only",
            f"{ratios.median:.2f}x",
            ratios.spread(),
            f"`status --runtime NAME` (names shown) vs `status -c ID`, CLI in process, demo fake defaults; "
            f"{summarize(named).median * 1000:.0f} vs {summarize(by_id).median * 1000:.0f} ms",
            target=f"<= {TARGET:.1f}x",
            met=ratios.median <= TARGET,
        )
    )
    result.rows.append(
        Row(
            "names_requests_per_status",
            str(extra),
            f"requests per run (names, IDs): {sorted(set(requests))}",
            "requests the names add to one status: the Atom query resolving the runtime and the Process bulk "
            f"read naming the listeners ({total} in all)",
            target="<= 2",
            met=extra <= 2,
        )
    )
    return result
