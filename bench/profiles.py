"""``pause(wait=True)`` under every behaviour profile: its time against its bound, and the requests it spends.

For each profile of the fake (``boomi_listeners.testing.PROFILE_NAMES``), a fresh demo fake pauses
one listener on the demo Molecule (an sftp listener every profile reports; under ``molecule`` its
three nodes apply the change at different times) with the sync client at its defaults except one:
a constant poll interval, so that "one poll interval" is a single number. The bound is what no
client can beat by much: the fake's apply delay plus one poll interval (the change must apply,
then a poll must see it). The ratio says what each reading of Boomi costs on top of that:
in-progress answers that need another read, a molecule's last node applying later than the first,
queries that stay in progress for ``slow_query_seconds`` (5 s, the profile's default), the 10
requests per second budget. ``requests per change`` counts every request of the call (the change,
each ListenerStatus query and each token read) for the one change it confirms.

The fake serves from a thread of this process over loopback: the figure is dominated by the
fake's delays and the poll interval, not by CPU, so GIL contention does not distort it.
"""

from __future__ import annotations

import dataclasses
import time

from bench.report import FigureResult, Row
from bench.stats import summarize
from boomi_listeners import ListenerClient, PollPolicy
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OTP_SECRET,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    PROFILE_NAMES,
    PROFILES,
    FakeBoomi,
    demo_state,
    serve,
)

__all__ = ["APPLY_DELAY", "POLL_INTERVAL", "measure", "metric_keys"]

#: The fake's default: seconds between an accepted change and its effect (per node: ×(1 + i/n)).
APPLY_DELAY = 0.2
#: The one poll interval of the bound; the client polls at exactly this pace.
POLL_INTERVAL = 0.1
#: A listening sftp listener on the demo Molecule (3 nodes), reported under every profile.
LISTENER_ID = "f275232f-2285-544a-95cf-46861ae8e02f"


def metric_keys(name: str) -> tuple[str, str]:
    """The results.json keys of one profile: time against the bound, and requests per confirmed change."""
    return f"profile_{name}_pause_wait_vs_bound", f"profile_{name}_requests_per_change"


def one_pause(name: str, slow_query_seconds: float | None) -> tuple[float, int]:
    """Seconds of one ``pause(wait=True)`` from a fresh fake speaking profile ``name``, and the requests it made."""
    profile = PROFILES[name]
    if slow_query_seconds is not None:
        profile = dataclasses.replace(profile, slow_query_seconds=slow_query_seconds)
    fake = FakeBoomi(state=demo_state(), profile=profile, apply_delay=APPLY_DELAY)
    poll = PollPolicy(initial=POLL_INTERVAL, factor=1.0, maximum=POLL_INTERVAL)
    with (
        serve(fake) as base_url,
        ListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url=base_url,
            otp_secret=DEMO_OTP_SECRET if profile.totp else None, poll=poll,
        ) as client,
    ):  # fmt: skip
        started = time.perf_counter()
        result = client.pause(container_id=DEMO_MOLECULE_CONTAINER_ID, listener_id=LISTENER_ID, wait=True)
        seconds = time.perf_counter() - started
    if [s.status for s in result.states] != ["paused"]:
        raise RuntimeError(f"{name}: pause(wait=True) returned {result.states}, not one paused listener")
    refused = [r.status for r in fake.requests if r.status is not None and r.status >= 400]
    if refused:
        raise RuntimeError(f"{name}: the fake refused requests with {refused}; the figure would be meaningless")
    return seconds, len(fake.requests)


def measure(*, rounds: int, slow_query_seconds: float | None = None) -> FigureResult:
    """``rounds`` pauses per profile. ``slow_query_seconds`` overrides the slow-runtime default (quick mode)."""
    bound = APPLY_DELAY + POLL_INTERVAL
    result = FigureResult()
    for name in PROFILE_NAMES:
        runs = [one_pause(name, slow_query_seconds) for _ in range(rounds)]
        seconds = summarize([s for s, _ in runs])
        requests = summarize([float(n) for _, n in runs])
        vs_bound, per_change = metric_keys(name)
        result.metrics[vs_bound] = seconds.median / bound
        result.metrics[per_change] = requests.median
        result.metrics[f"profile_{name}_pause_wait_s"] = seconds.median
        result.rows.append(
            Row(
                vs_bound,
                f"{seconds.median / bound:.2f}x",
                f"{seconds.median:.2f} s; range {seconds.minimum:.2f}–{seconds.maximum:.2f} s, n={seconds.n}",
                f"pause(wait=True) on the demo Molecule vs apply delay {APPLY_DELAY:g} s + one poll "
                f"{POLL_INTERVAL:g} s",
            )
        )
        result.rows.append(
            Row(
                per_change,
                f"{requests.median:g}",
                f"range {requests.minimum:g}–{requests.maximum:g}, n={requests.n}",
                "requests of that call (change, queries, token reads) for its one confirmed change",
            )
        )
    if slow_query_seconds is not None:
        result.notes.append(f"slow-runtime and strict queries stayed in progress {slow_query_seconds:g} s (quick mode)")
    return result
