"""The contract suite's guard puts the designated listener back as it was found, or says it could not.

``DesignatedListenerGuard`` against a fake served on loopback: every branch a session end can take
(nothing read, already as at the start, put back, put back once only, runtime unreachable, a start
status no action leads to, a designated listener that is not deployed).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from boomi_listeners.testing import DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, FakeBoomi, serve
from contract_tests._restore import DesignatedListenerGuard
from contract_tests._target import Target, fake_settings


@pytest.fixture
def target(fake: FakeBoomi) -> Iterator[Target]:
    """The fake seen as a platform the guard cannot look inside (as staging): it settles by reading twice."""
    with serve(fake) as base_url:
        yield Target(
            "fake",
            fake_settings(base_url),
            DEMO_TEST_CONTAINER_ID,
            DEMO_TEST_LISTENER_ID,
            wait_timeout=10.0,
            settle_interval=0.05,
            max_requests_per_second=None,  # the account budget is not what these tests are about
        )


def guard_for(target: Target) -> DesignatedListenerGuard:
    return DesignatedListenerGuard(target, settle_timeout=5.0)


def changes(fake: FakeBoomi) -> list[str]:
    return [str(r.json()["action"]) for r in fake.requests if r.path.endswith("/changeListenerStatus")]


def test_nothing_read_means_nothing_to_restore(target: Target, fake: FakeBoomi) -> None:
    outcome = guard_for(target).restore()
    assert outcome.ok
    assert fake.requests == []


def test_listener_as_at_the_start_needs_no_change(target: Target, fake: FakeBoomi) -> None:
    guard = guard_for(target)
    assert guard.snapshot()[DEMO_TEST_LISTENER_ID] == "listening"
    outcome = guard.restore()
    assert outcome.ok, outcome.message
    assert outcome.actions == ()
    assert changes(fake) == []


@pytest.mark.parametrize(
    ("start", "left", "undo"), [("listening", "paused", "resume"), ("paused", "listening", "pause")]
)
def test_changed_listener_is_put_back(target: Target, fake: FakeBoomi, start: str, left: str, undo: str) -> None:
    fake.state.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, start)
    guard = guard_for(target)
    guard.snapshot()
    fake.state.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, left)  # what a failing test left
    outcome = guard.restore()
    assert outcome.ok, outcome.message
    assert "FAILED" not in outcome.message
    assert changes(fake) == [undo]
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == start


def test_restore_runs_once(target: Target, fake: FakeBoomi) -> None:
    guard = guard_for(target)
    guard.snapshot()
    fake.state.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, "paused")
    first = guard.restore()
    seen = len(fake.requests)
    assert guard.restore() is first
    assert len(fake.requests) == seen, "the finalizer and the session hook must not restore twice"


def test_unreachable_runtime_reports_restore_failed(target: Target, fake: FakeBoomi) -> None:
    guard = guard_for(target)
    guard.snapshot()
    fake.faults.set_offline(DEMO_TEST_CONTAINER_ID)
    outcome = guard.restore()
    assert not outcome.ok
    assert "FAILED" in outcome.message


def test_start_status_no_action_leads_to_reports_restore_failed(target: Target, fake: FakeBoomi) -> None:
    fake.state.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, "errored")
    guard = guard_for(target)
    guard.snapshot()
    fake.state.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, "listening")
    outcome = guard.restore()
    assert not outcome.ok
    assert "restore FAILED" in outcome.message
    assert any("errored" in note for note in outcome.notes), outcome.notes
    assert changes(fake) == []


def test_designated_listener_not_deployed_refuses_to_start(fake: FakeBoomi) -> None:
    with serve(fake) as base_url:
        target = Target(
            "fake",
            fake_settings(base_url),
            DEMO_TEST_CONTAINER_ID,
            "not-deployed",
            settle_interval=0.05,
            max_requests_per_second=None,
        )
        with pytest.raises(RuntimeError, match="not deployed"):
            guard_for(target).snapshot()


def test_settle_on_a_platform_reads_until_two_reads_agree(fake: FakeBoomi) -> None:
    fake.apply_delay = 0.1  # shorter than the settle interval, as the interval must be
    with serve(fake) as base_url:
        target = Target(
            "fake",
            fake_settings(base_url),
            DEMO_TEST_CONTAINER_ID,
            DEMO_TEST_LISTENER_ID,
            settle_interval=0.3,
            max_requests_per_second=None,
        )
        with target.client() as client:
            client.pause(container_id=DEMO_TEST_CONTAINER_ID, listener_id=DEMO_TEST_LISTENER_ID)
            reads_before = len(fake.requests)
            statuses = guard_for(target).settle(client)
    assert statuses[DEMO_TEST_LISTENER_ID] == "paused"
    queries = [r for r in fake.requests[reads_before:] if r.path.endswith("/async/ListenerStatus/query")]
    assert len(queries) >= 2, "two reads a settle interval apart"


def test_settle_on_its_own_fake_waits_for_every_change_then_reads_once(fake: FakeBoomi) -> None:
    fake.apply_delay = 0.2
    fake.restart_phase = 0.2
    with serve(fake) as base_url:
        target = Target(
            "fake",
            fake_settings(base_url),
            DEMO_TEST_CONTAINER_ID,
            DEMO_TEST_LISTENER_ID,
            fake=fake,
            settle_interval=5,
            max_requests_per_second=None,
        )
        with target.client() as client:
            client.restart(container_id=DEMO_TEST_CONTAINER_ID, listener_id=DEMO_TEST_LISTENER_ID)
            reads_before = len(fake.requests)
            started = time.monotonic()
            statuses = guard_for(target).settle(client)
            took = time.monotonic() - started
    assert statuses[DEMO_TEST_LISTENER_ID] == "listening"
    assert fake.state.pending_changes() == 0
    queries = [r for r in fake.requests[reads_before:] if r.path.endswith("/async/ListenerStatus/query")]
    assert len(queries) == 1
    assert took < 5, "no settle interval is waited out on a fake the suite can look inside"
