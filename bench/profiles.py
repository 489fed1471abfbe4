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
from boomi_listeners import Action, ListenerClient, PollPolicy
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

__all__ = ["APPLY_DELAY", "POLL_INTERVAL", "RESTART_PHASE", "measure", "metric_keys", "restart_metric_keys"]

#: The fake's default: seconds between an accepted change and its effect (per node: ×(1 + i/n)).
APPLY_DELAY = 0.2
#: How long a restarting listener shows its in-between status (``paused``) on the fake.
RESTART_PHASE = 0.2
#: The one poll interval of the bound; the client polls at exactly this pace.
POLL_INTERVAL = 0.1
#: A listening sftp listener on the demo Molecule (3 nodes), reported under every profile.
LISTENER_ID = "f275232f-2285-544a-95cf-46861ae8e02f"
FAST = PollPolicy(initial=POLL_INTERVAL, factor=1.0, maximum=POLL_INTERVAL)
#: restart(wait=True) scenarios: the listener's status before the restart.
RESTART_FROM = ("paused", "listening")
POLICIES = {"fast": FAST, "default": PollPolicy()}


def metric_keys(name: str) -> tuple[str, str]:
    """The results.json keys of one profile: time against the bound, and requests per confirmed change."""
    return f"profile_{name}_pause_wait_vs_bound", f"profile_{name}_requests_per_change"


def restart_metric_keys(name: str) -> list[str]:
    """The results.json keys of one profile's restart(wait=True) figures (per status before, per poll policy)."""
    return [
        f"profile_{name}_restart_{before}_{policy}_{what}"
        for before in RESTART_FROM
        for policy in POLICIES
        for what in ("vs_bound", "requests")
    ]


def one_change(
    name: str,
    slow_query_seconds: float | None,
    *,
    action: str = "pause",
    before: str = "listening",
    poll: PollPolicy = FAST,
) -> tuple[float, int]:
    """Seconds of one ``<action>(wait=True)`` from a fresh fake speaking profile ``name``, and its requests."""
    profile = PROFILES[name]
    if slow_query_seconds is not None:
        profile = dataclasses.replace(profile, slow_query_seconds=slow_query_seconds)
    state = demo_state()
    state.listener(DEMO_MOLECULE_CONTAINER_ID, LISTENER_ID).status = before
    fake = FakeBoomi(state=state, profile=profile, apply_delay=APPLY_DELAY, restart_phase=RESTART_PHASE)
    with (
        serve(fake) as base_url,
        ListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url=base_url,
            otp_secret=DEMO_OTP_SECRET if profile.totp else None, poll=poll,
        ) as client,
    ):  # fmt: skip
        started = time.perf_counter()
        result = getattr(client, action)(
            container_id=DEMO_MOLECULE_CONTAINER_ID, listener_id=LISTENER_ID, wait=True, timeout=120
        )
        seconds = time.perf_counter() - started
    expected = Action(action).transition(before).leads_to
    if [s.status for s in result.states] != [expected]:
        raise RuntimeError(f"{name}: {action}(wait=True) returned {result.states}, not one {expected} listener")
    refused = [r.status for r in fake.requests if r.status is not None and r.status >= 400]
    if refused:
        raise RuntimeError(f"{name}: the fake refused requests with {refused}; the figure would be meaningless")
    return seconds, len(fake.requests)


def one_pause(name: str, slow_query_seconds: float | None) -> tuple[float, int]:
    return one_change(name, slow_query_seconds)


def measure(
    *, rounds: int, slow_query_seconds: float | None = None, restart_profiles: tuple[str, ...] = ()
) -> FigureResult:
    """``rounds`` changes per profile and scenario. ``slow_query_seconds`` overrides the slow-runtime default.

    The restart figures run for every profile unless ``restart_profiles`` names fewer (quick mode).
    """
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
        if restart_profiles and name not in restart_profiles:
            continue
        for before in RESTART_FROM:
            for policy, poll in POLICIES.items():
                _restart_rows(result, name, before, policy, poll, rounds, slow_query_seconds)
    if slow_query_seconds is not None:
        result.notes.append(f"slow-runtime and strict queries stayed in progress {slow_query_seconds:g} s (quick mode)")
    result.notes.append(
        "restart bounds: from listening, apply delay + restart phase + one poll (the listener must stop and come "
        "back, then be seen); from paused, one poll (Boomi keeps it paused: one read after the change confirms it)"
    )
    return result


def _restart_rows(
    result: FigureResult,
    name: str,
    before: str,
    policy: str,
    poll: PollPolicy,
    rounds: int,
    slow_query_seconds: float | None,
) -> None:
    bound = (APPLY_DELAY + RESTART_PHASE + poll.initial) if before == "listening" else poll.initial
    runs = [one_change(name, slow_query_seconds, action="restart", before=before, poll=poll) for _ in range(rounds)]
    seconds = summarize([s for s, _ in runs])
    requests = summarize([float(n) for _, n in runs])
    key = f"profile_{name}_restart_{before}_{policy}"
    result.metrics[f"{key}_vs_bound"] = seconds.median / bound
    result.metrics[f"{key}_requests"] = requests.median
    result.rows.append(
        Row(
            f"{key}_vs_bound",
            f"{seconds.median / bound:.2f}x",
            f"{seconds.median:.2f} s; range {seconds.minimum:.2f}–{seconds.maximum:.2f} s, n={seconds.n}",
            f"restart(wait=True) of a {before} listener, {policy} PollPolicy, vs bound {bound:g} s",
        )
    )
    result.rows.append(
        Row(
            f"{key}_requests",
            f"{requests.median:g}",
            f"range {requests.minimum:g}–{requests.maximum:g}, n={requests.n}",
            "requests of that call (the read before, change, queries, token reads) for its one confirmed change",
        )
    )
