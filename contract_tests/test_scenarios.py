"""Scenario tests: state over several calls, through the wrapper, on the designated runtime only.

They run wherever the target keeps state: the embedded fake, and a staging account (where they
touch nothing but the designated runtime and listener; other runtimes are only read, to see that
they stay as they were). Each starts once pending changes have been applied. On the fake they run
once per behaviour profile (``boomi_listeners.testing.PROFILE_NAMES``), each against a fake of its own.
"""

from __future__ import annotations

import time

import pytest

from boomi_listeners import ListenerClient
from contract_tests._restore import DesignatedListenerGuard, applied
from contract_tests._target import Target

LISTENING = "listening"
PAUSED = "paused"
ERRORED = "errored"


@pytest.fixture
def start(scenario_guard: DesignatedListenerGuard, scenario_target: Target) -> dict[str, str]:
    """The designated runtime's statuses once nothing is pending; skip if the listener cannot take part."""
    statuses = scenario_guard.settle()
    if statuses.get(scenario_target.listener_id) == ERRORED:
        pytest.skip("the designated listener is errored; only a restart repairs it, so pause/resume prove nothing")
    return statuses


def status_of(client: ListenerClient, scenario_target: Target) -> str:
    states = client.statuses(container_id=scenario_target.container_id, listener_id=scenario_target.listener_id)
    found = [s.status for s in states if s.listener_id == scenario_target.listener_id]
    assert found, f"the ListenerStatus query did not report listener {scenario_target.listener_id}"
    return found[0]


def runtime_statuses(client: ListenerClient, container_id: str) -> dict[str, str]:
    return {s.listener_id: s.status for s in client.statuses(container_id=container_id)}


def watched(client: ListenerClient, scenario_target: Target) -> dict[str, dict[str, str]]:
    """Statuses of the other runtimes, read until two reads a settle interval apart agree.

    A fake says when it has applied every change it accepted; then one read is enough.
    """
    if scenario_target.fake is not None:
        assert applied(scenario_target.fake, time.monotonic() + scenario_target.wait_timeout), "changes still pending"
        return {rid: runtime_statuses(client, rid) for rid in scenario_target.watched_container_ids}
    previous = {rid: runtime_statuses(client, rid) for rid in scenario_target.watched_container_ids}
    for _ in range(20):
        time.sleep(scenario_target.settle_interval)
        current = {rid: runtime_statuses(client, rid) for rid in scenario_target.watched_container_ids}
        if current == previous:
            break
        previous = current
    return previous


def test_pause_then_resume(scenario_target: Target, start: dict[str, str]) -> None:
    with scenario_target.client() as client:
        paused = client.pause(
            container_id=scenario_target.container_id,
            listener_id=scenario_target.listener_id,
            wait=True,
            timeout=scenario_target.wait_timeout,
        )
        assert [s.status for s in paused.states] == [PAUSED]
        assert status_of(client, scenario_target) == PAUSED
        resumed = client.resume(
            container_id=scenario_target.container_id,
            listener_id=scenario_target.listener_id,
            wait=True,
            timeout=scenario_target.wait_timeout,
        )
        assert [s.status for s in resumed.states] == [LISTENING]
        assert status_of(client, scenario_target) == LISTENING


async def test_pause_then_resume_async(scenario_target: Target, start: dict[str, str]) -> None:
    async with scenario_target.async_client() as client:
        await client.pause(
            container_id=scenario_target.container_id,
            listener_id=scenario_target.listener_id,
            wait=True,
            timeout=scenario_target.wait_timeout,
        )
        states = await client.statuses(
            container_id=scenario_target.container_id, listener_id=scenario_target.listener_id
        )
        assert {s.listener_id: s.status for s in states}[scenario_target.listener_id] == PAUSED
        await client.resume(
            container_id=scenario_target.container_id,
            listener_id=scenario_target.listener_id,
            wait=True,
            timeout=scenario_target.wait_timeout,
        )
        states = await client.statuses(
            container_id=scenario_target.container_id, listener_id=scenario_target.listener_id
        )
        assert {s.listener_id: s.status for s in states}[scenario_target.listener_id] == LISTENING


def test_pause_all_then_resume_all_leaves_other_runtimes_alone(scenario_target: Target, start: dict[str, str]) -> None:
    with scenario_target.client() as client:
        others_before = watched(client, scenario_target)
        client.pause_all(container_id=scenario_target.container_id, wait=True, timeout=scenario_target.wait_timeout)
        during = runtime_statuses(client, scenario_target.container_id)
        assert all(status in (PAUSED, ERRORED) for status in during.values()), during
        assert during[scenario_target.listener_id] == PAUSED
        assert {rid: runtime_statuses(client, rid) for rid in scenario_target.watched_container_ids} == others_before
        client.resume_all(container_id=scenario_target.container_id, wait=True, timeout=scenario_target.wait_timeout)
        after = runtime_statuses(client, scenario_target.container_id)
        assert after[scenario_target.listener_id] == LISTENING
        assert all(status in (LISTENING, ERRORED) for status in after.values()), after
        assert watched(client, scenario_target) == others_before


def test_restart_ends_listening(scenario_target: Target, start: dict[str, str]) -> None:
    with scenario_target.client() as client:
        result = client.restart(
            container_id=scenario_target.container_id,
            listener_id=scenario_target.listener_id,
            wait=True,
            timeout=scenario_target.wait_timeout,
        )
        assert [s.status for s in result.states] == [LISTENING]
        assert status_of(client, scenario_target) == LISTENING


def test_restart_all_ends_listening(scenario_target: Target, start: dict[str, str]) -> None:
    with scenario_target.client() as client:
        result = client.restart_all(
            container_id=scenario_target.container_id, wait=True, timeout=scenario_target.wait_timeout
        )
        assert {s.listener_id: s.status for s in result.states}[scenario_target.listener_id] == LISTENING
        assert status_of(client, scenario_target) == LISTENING


def test_maintenance_window_pauses_then_resumes(scenario_target: Target, start: dict[str, str]) -> None:
    with scenario_target.client() as client:
        with client.paused(
            container_id=scenario_target.container_id,
            listener_id=scenario_target.listener_id,
            timeout=scenario_target.wait_timeout,
        ):
            assert status_of(client, scenario_target) == PAUSED
        assert status_of(client, scenario_target) == LISTENING
