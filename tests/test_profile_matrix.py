"""The behaviour matrix: the wrapper's scenarios against every behaviour profile of the fake, both clients.

Each profile is one reading of how Boomi answers (see ``boomi_listeners.testing.profiles``); a user
relies on every scenario here working whichever reading turns out to be true. The sync client talks
to the fake in process through ``SyncASGITransport``, the async one through ``httpx.ASGITransport``
on an event loop of its own (a blocking portal), so one scenario body drives both.

Settings are short (fast polls, small delays, ``slow-runtime`` queries of a fraction of a second) and
nothing sleeps here: the clients poll the fake, and the assertions are on states, the fake's request
log and the number of poll rounds, never on wall time. Where a profile rate-limits, the client keeps
its default request budget (10 per second) and must never draw a 503; elsewhere it runs unpaced.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
from collections.abc import Callable, Iterator
from typing import Any

import anyio.from_thread
import httpx
import pytest

from boomi_listeners import (
    AsyncListenerClient,
    GoneError,
    ListenerClient,
    ListenerNotReportedError,
    ListenerState,
    PollPolicy,
    RetryPolicy,
    WaitTimeoutError,
)
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_OTP_SECRET,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    PROFILE_NAMES,
    PROFILES,
    FakeBoomi,
    Profile,
    RecordedRequest,
    demo_state,
)
from boomi_listeners.testing.sync_asgi import SyncASGITransport

#: Seconds a query stays in progress under ``slow-runtime`` here (the profile's default is 5).
SLOW_QUERY = 0.1
POLL = PollPolicy(initial=0.02, factor=1.5, maximum=0.05, restart_settle=0.5, unreported_grace=0.3)
#: Retries stay quick; a rate-limited profile must not need them (no 503 is ever drawn).
RETRY = RetryPolicy(attempts=4, wait_initial=0.01, wait_max=0.05, wait_jitter=0.0)
#: Far beyond what any scenario needs: a wait that ends does so because it was confirmed or given up.
TIMEOUT = 60.0

MOLECULE = DEMO_MOLECULE_CONTAINER_ID
PROD_JMS = "95987f23-d952-5b1c-9385-7243931f0f74"
MOLECULE_PAUSED_JMS = "42417fd6-3de6-50cb-b586-3e8dd605afe6"
ONLINE_RUNTIMES = (DEMO_PROD_CONTAINER_ID, MOLECULE, DEMO_TEST_CONTAINER_ID)


def matrix_profile(name: str) -> Profile:
    """The named profile with the matrix's settings (its switches are unchanged)."""
    return dataclasses.replace(PROFILES[name], slow_query_seconds=SLOW_QUERY)


class Driver:
    """One client of either kind on a fake; its calls look synchronous to the test either way."""

    def __init__(self, kind: str, fake: FakeBoomi, stack: contextlib.ExitStack) -> None:
        profile = fake.profile
        options: dict[str, Any] = {
            "account_id": DEMO_ACCOUNT_ID,
            "username": DEMO_USERNAME,
            "password": DEMO_PASSWORD,
            "base_url": "http://boomi.fake",
            "retry": RETRY,
            "poll": POLL,
            "otp_secret": DEMO_OTP_SECRET if profile.totp else None,
        }
        if not profile.rate_limited:
            # Unpaced where the fake has no limit; under rate-limited the client keeps its default
            # budget (Boomi's 10 requests per second), which must spare it every 503.
            options["max_requests_per_second"] = None
        self.kind = kind
        self._portal: anyio.from_thread.BlockingPortal | None = None
        if kind == "sync":
            transport = stack.enter_context(SyncASGITransport(fake.app))
            self.client: ListenerClient | AsyncListenerClient = stack.enter_context(
                ListenerClient(transport=transport, **options)
            )
        else:
            portal = self._portal = stack.enter_context(anyio.from_thread.start_blocking_portal())
            client = AsyncListenerClient(transport=httpx.ASGITransport(app=fake.app), **options)
            stack.callback(portal.call, client.aclose)
            self.client = client

    def __call__(self, method: str, /, **kwargs: Any) -> Any:
        call = getattr(self.client, method)
        if self._portal is None:
            return call(**kwargs)
        return self._portal.call(functools.partial(call, **kwargs))

    def paused(self, **kwargs: Any) -> contextlib.AbstractContextManager[Any]:
        """``client.paused(...)``: a with-block for either kind."""
        if isinstance(self.client, ListenerClient):
            return self.client.paused(**kwargs)
        assert self._portal is not None
        return self._portal.wrap_async_context_manager(self.client.paused(**kwargs))


@pytest.fixture(params=PROFILE_NAMES)
def fake(request: pytest.FixtureRequest) -> Iterator[FakeBoomi]:
    fake = FakeBoomi(
        state=demo_state(),
        profile=matrix_profile(request.param),
        apply_delay=0.05,
        restart_phase=0.1,
        query_delay=0.01,
    )
    yield fake
    refused = [r for r in fake.requests if r.status in (401, 503)]
    assert not refused, f"the fake refused requests under {fake.profile.name}: {refused[:3]}"


@pytest.fixture
def drive(kind: str, fake: FakeBoomi) -> Iterator[Driver]:
    with contextlib.ExitStack() as stack:
        yield Driver(kind, fake, stack)


# -- helpers --------------------------------------------------------------------------------------------


def reported(fake: FakeBoomi, connector_type: str) -> bool:
    return not (fake.profile.unreported_wss and connector_type == "wss")


def expected_states(fake: FakeBoomi, container_id: str) -> dict[str, str]:
    """What a complete result should say: each listener the profile reports, with the fake's status."""
    runtime = fake.state.runtimes[container_id]
    return {li.id: fake.status_of(container_id, li.id) for li in runtime.listeners if reported(fake, li.connector_type)}


def every_node(fake: FakeBoomi, container_id: str, listener_id: str) -> set[str]:
    return set(fake.node_statuses_of(container_id, listener_id))


def queries(requests: list[RecordedRequest]) -> list[RecordedRequest]:
    return [r for r in requests if r.path.endswith("/async/ListenerStatus/query")]


def changes(requests: list[RecordedRequest]) -> list[str]:
    return [r.json()["action"] for r in requests if r.path.endswith("/changeListenerStatus")]


# -- the scenarios ----------------------------------------------------------------------------------------


def test_statuses_of_every_demo_runtime(drive: Driver, fake: FakeBoomi) -> None:
    for container_id in ONLINE_RUNTIMES:
        states: list[ListenerState] = drive("statuses", container_id=container_id, timeout=TIMEOUT)
        assert {s.listener_id: s.status for s in states} == expected_states(fake, container_id)
        nodes = fake.state.runtimes[container_id].nodes if fake.profile.molecule else 1
        assert all(len(s.nodes) == (nodes if nodes > 1 else 0) for s in states), "per-node detail is kept"
    with pytest.raises(GoneError):
        drive("statuses", container_id=DEMO_OFFLINE_CONTAINER_ID, timeout=TIMEOUT)


def test_pause_and_resume_the_test_listener_with_wait(drive: Driver, fake: FakeBoomi) -> None:
    paused = drive("pause", container_id=DEMO_TEST_CONTAINER_ID, listener_id=DEMO_TEST_LISTENER_ID, wait=True)
    assert paused.states == (ListenerState(DEMO_TEST_LISTENER_ID, "paused", "http"),)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused"
    resumed = drive("resume", container_id=DEMO_TEST_CONTAINER_ID, listener_id=DEMO_TEST_LISTENER_ID, wait=True)
    assert resumed.states == (ListenerState(DEMO_TEST_LISTENER_ID, "listening", "http"),)
    assert changes(fake.requests) == ["pause", "resume"]


def test_pause_all_and_resume_all_on_the_molecule_with_wait(drive: Driver, fake: FakeBoomi) -> None:
    errored = {lid for lid, status in expected_states(fake, MOLECULE).items() if status == "errored"}
    listeners = [li.id for li in fake.state.runtimes[MOLECULE].listeners if li.id not in errored]
    if not fake.profile.unreported_wss:
        assert errored, "the demo Molecule's errored listener is reported"
    paused = drive("pause_all", container_id=MOLECULE, wait=True, timeout=TIMEOUT)
    # Confirmed means every node applied it, not just the first one to report.
    assert all(every_node(fake, MOLECULE, lid) == {"paused"} for lid in listeners if reported_id(fake, lid))
    assert {s.listener_id: s.status for s in paused.states} == expected_states(fake, MOLECULE)
    assert {s.status for s in paused.states} <= {"paused", "errored"}
    resumed = drive("resume_all", container_id=MOLECULE, wait=True, timeout=TIMEOUT)
    assert all(every_node(fake, MOLECULE, lid) == {"listening"} for lid in listeners if reported_id(fake, lid))
    assert {s.listener_id for s in resumed.states} == set(expected_states(fake, MOLECULE))
    assert {s.status for s in resumed.states if s.listener_id not in errored} == {"listening"}


def reported_id(fake: FakeBoomi, listener_id: str) -> bool:
    listener = fake.state.runtimes[MOLECULE].find_listener(listener_id)
    assert listener is not None
    return reported(fake, listener.connector_type)


def test_restart_with_wait_ends_listening(drive: Driver, fake: FakeBoomi) -> None:
    result = drive("restart", container_id=DEMO_TEST_CONTAINER_ID, listener_id=DEMO_TEST_LISTENER_ID, wait=True)
    assert result.states == (ListenerState(DEMO_TEST_LISTENER_ID, "listening", "http"),)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "listening"
    assert changes(fake.requests) == ["restart"], "a restart is sent once, never repeated"


def test_window_leaves_a_listener_paused_before_it_paused(drive: Driver, fake: FakeBoomi) -> None:
    before = expected_states(fake, MOLECULE)
    assert before[MOLECULE_PAUSED_JMS] == "paused"
    listening = [lid for lid, status in before.items() if status == "listening"]
    with drive.paused(container_id=MOLECULE, timeout=TIMEOUT):
        assert all(every_node(fake, MOLECULE, lid) == {"paused"} for lid in listening)
    assert expected_states(fake, MOLECULE) == before
    assert all(every_node(fake, MOLECULE, lid) == {"listening"} for lid in listening)
    assert every_node(fake, MOLECULE, MOLECULE_PAUSED_JMS) == {"paused"}
    assert "resume_all" not in changes(fake.requests), "the restore names the listeners it resumes"


def test_change_many_with_wait_confirms_each_change(drive: Driver, fake: FakeBoomi) -> None:
    targets = [
        ("pause", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID),
        ("pause", DEMO_PROD_CONTAINER_ID, PROD_JMS),
        ("resume", MOLECULE, MOLECULE_PAUSED_JMS),
    ]
    outcomes = drive("change_many", targets=targets, wait=True, timeout=TIMEOUT)
    assert [o.confirmed for o in outcomes] == [True, True, True], [o.error for o in outcomes]
    assert [o.state.status for o in outcomes] == ["paused", "paused", "listening"]
    assert fake.status_of(DEMO_PROD_CONTAINER_ID, PROD_JMS) == "paused"
    assert every_node(fake, MOLECULE, MOLECULE_PAUSED_JMS) == {"listening"}


def test_wait_on_a_wss_listener_ends_within_the_grace_when_it_is_not_reported(drive: Driver, fake: FakeBoomi) -> None:
    call: Callable[[], Any] = functools.partial(
        drive, "pause", container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID, wait=True,
        timeout=TIMEOUT,
    )  # fmt: skip
    if not fake.profile.unreported_wss:
        result = call()
        assert result.states == (ListenerState(DEMO_PROD_LISTENER_ID, "paused", "wss"),)
        return
    with pytest.raises(ListenerNotReportedError) as caught:
        call()
    error = caught.value
    assert isinstance(error, WaitTimeoutError)
    assert (error.container_id, error.listener_id, error.expected) == (
        DEMO_PROD_CONTAINER_ID,
        DEMO_PROD_LISTENER_ID,
        "paused",
    )
    assert "accepted the change" in str(error)
    assert fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused", "Boomi applied it"
    # The wait gave up after the grace, not the timeout: every poll round is one query, and rounds
    # are at least POLL.initial apart, so the grace allows this many; the 60 s timeout would allow hundreds.
    rounds = len(queries(fake.requests))
    assert 2 <= rounds <= math.ceil(POLL.unreported_grace / POLL.initial) + 2
