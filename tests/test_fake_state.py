"""Listener state in the fake: asynchronous application of changes, scope of the _all actions, restarts, data files."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from boomi_listeners.testing import (
    DEMO_DATA_FILE,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    Account,
    FakeBoomi,
    FakeState,
    Listener,
    ManualClock,
    Runtime,
    StateFileError,
    User,
    demo_state,
    load_state,
    state_from_mapping,
    state_to_mapping,
)
from tests._fakes import api_client

ERRORED_LISTENER = "7781e7a2-ba6c-51ef-afd3-5e84ed6ab1dc"  # on the Molecule, errored in the demo data


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> FakeBoomi:
    # Binary fractions, so sums of clock steps land exactly on the scheduled times.
    return FakeBoomi(apply_delay=0.25, restart_phase=0.125, query_delay=0.0625, clock=clock)


@pytest.fixture
async def client(fake: FakeBoomi) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(fake, headers={"Accept": "application/json"}) as c:
        yield c


async def change(client: httpx.AsyncClient, action: str, container_id: str, listener_id: str | None = None) -> None:
    body = {"action": action, "containerId": container_id}
    if listener_id is not None:
        body["listenerId"] = listener_id
    response = await client.post("/changeListenerStatus", json=body)
    assert response.status_code == 200, response.text
    assert response.content == b""


def statuses(fake: FakeBoomi) -> dict[tuple[str, str], str]:
    return {(runtime.id, listener.id): listener.status for runtime, listener in fake.state.iter_listeners()}


async def test_pause_applies_only_after_apply_delay(
    client: httpx.AsyncClient, fake: FakeBoomi, clock: ManualClock
) -> None:
    await change(client, "pause", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "listening"
    clock.advance(0.125)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "listening"
    clock.advance(0.125)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused"
    await change(client, "resume", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused"
    clock.advance(0.25)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "listening"


async def test_pause_in_real_time() -> None:
    """Same as above on the real clock, as the demo runs it."""
    fake = FakeBoomi(apply_delay=0.2)
    async with api_client(fake) as client:
        await change(client, "pause", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "listening"
    await asyncio.sleep(0.25)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused"


async def test_pause_all_touches_every_listener_of_that_runtime_only(
    client: httpx.AsyncClient, fake: FakeBoomi, clock: ManualClock
) -> None:
    before = statuses(fake)
    await change(client, "pause_all", DEMO_PROD_CONTAINER_ID)
    clock.advance(0.25)
    after = statuses(fake)
    prod = {key for key in before if key[0] == DEMO_PROD_CONTAINER_ID}
    assert len(prod) == 4
    assert all(after[key] == "paused" for key in prod)
    assert {k: v for k, v in after.items() if k not in prod} == {k: v for k, v in before.items() if k not in prod}

    await change(client, "resume_all", DEMO_PROD_CONTAINER_ID)
    clock.advance(0.25)
    assert statuses(fake) == before


async def test_restart_passes_through_not_listening(
    client: httpx.AsyncClient, fake: FakeBoomi, clock: ManualClock
) -> None:
    await change(client, "restart", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
    seen = []
    for _ in range(8):
        seen.append(fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID))
        clock.advance(0.0625)
    assert seen[0] == "listening"
    assert "paused" in seen
    assert seen[-1] == "listening"
    assert seen.index("paused") == 4  # not before apply_delay (0.25 s) ...
    assert seen.count("paused") == 2  # ... and for restart_phase (0.125 s)


async def test_restart_seen_through_the_query_api() -> None:
    """A client polling ListenerStatus in real time sees the restart's non-listening phase."""
    fake = FakeBoomi(apply_delay=0.05, restart_phase=0.15, query_delay=0.0)
    async with api_client(fake, headers={"Accept": "application/json"}) as client:
        await change(client, "restart_all", DEMO_TEST_CONTAINER_ID)
        seen = []
        query = {
            "QueryFilter": {
                "expression": {"operator": "EQUALS", "property": "containerId", "argument": [DEMO_TEST_CONTAINER_ID]}
            }
        }
        for _ in range(20):
            token = (await client.post("/async/ListenerStatus/query", json=query)).json()["asyncToken"]["token"]
            result = (await client.get(f"/async/ListenerStatus/response/{token}")).json()
            seen.append(result["result"][0]["status"])
            await asyncio.sleep(0.02)
    assert "paused" in seen
    assert seen[-1] == "listening"


async def test_resume_keeps_errors_restart_clears_them(
    client: httpx.AsyncClient, fake: FakeBoomi, clock: ManualClock
) -> None:
    assert fake.status_of(DEMO_MOLECULE_CONTAINER_ID, ERRORED_LISTENER) == "errored"
    await change(client, "resume", DEMO_MOLECULE_CONTAINER_ID, ERRORED_LISTENER)
    clock.advance(0.25)
    assert fake.status_of(DEMO_MOLECULE_CONTAINER_ID, ERRORED_LISTENER) == "errored"
    await change(client, "restart", DEMO_MOLECULE_CONTAINER_ID, ERRORED_LISTENER)
    clock.advance(0.375)
    assert fake.status_of(DEMO_MOLECULE_CONTAINER_ID, ERRORED_LISTENER) == "listening"


async def test_later_request_wins_over_an_earlier_restart(
    client: httpx.AsyncClient, fake: FakeBoomi, clock: ManualClock
) -> None:
    await change(client, "restart", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
    clock.advance(0.3125)  # restarting: not listening
    await change(client, "pause", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
    clock.advance(1.0)
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused"


async def test_query_result_is_the_snapshot_at_completion(
    client: httpx.AsyncClient, fake: FakeBoomi, clock: ManualClock
) -> None:
    await change(client, "pause", DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID)
    query = {
        "QueryFilter": {
            "expression": {
                "operator": "and",
                "nestedExpression": [
                    {"operator": "EQUALS", "property": "containerId", "argument": [DEMO_PROD_CONTAINER_ID]},
                    {"operator": "EQUALS", "property": "listenerId", "argument": [DEMO_PROD_LISTENER_ID]},
                ],
            }
        }
    }
    token = (await client.post("/async/ListenerStatus/query", json=query)).json()["asyncToken"]["token"]
    clock.advance(5.0)  # the query completed at +0.0625 s, before the pause applied at +0.25 s
    result = (await client.get(f"/async/ListenerStatus/response/{token}")).json()
    assert result["result"][0]["status"] == "listening"
    assert fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused"


async def test_query_for_a_listener_elsewhere_is_empty(client: httpx.AsyncClient, clock: ManualClock) -> None:
    query = {
        "QueryFilter": {
            "expression": {
                "operator": "and",
                "nestedExpression": [
                    {"operator": "EQUALS", "property": "listenerId", "argument": [DEMO_PROD_LISTENER_ID]},
                    {"operator": "EQUALS", "property": "containerId", "argument": [DEMO_TEST_CONTAINER_ID]},
                ],
            }
        }
    }
    token = (await client.post("/async/ListenerStatus/query", json=query)).json()["asyncToken"]["token"]
    clock.advance(0.0625)
    result = (await client.get(f"/async/ListenerStatus/response/{token}")).json()
    assert result == {"@type": "AsyncOperationResult", "result": [], "numberOfResults": 0, "responseStatusCode": 200}


def test_state_can_be_mutated_directly() -> None:
    fake = FakeBoomi()
    fake.state.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, "errored")
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "errored"
    with pytest.raises(ValueError, match="status must be one of"):
        fake.state.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, "sleeping")
    with pytest.raises(KeyError, match="no listener"):
        fake.state.listener(DEMO_TEST_CONTAINER_ID, "nope")


# -- seeding ------------------------------------------------------------------------------------------


def test_demo_data_file_equals_demo_state() -> None:
    assert state_to_mapping(load_state(DEMO_DATA_FILE)) == state_to_mapping(demo_state())


def test_demo_state_is_fresh_each_time() -> None:
    first, second = demo_state(), demo_state()
    first.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, "paused")
    assert second.listener(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID).status == "listening"


def test_seed_from_python() -> None:
    state = FakeState(
        accounts=[Account("acct-1", "One")],
        users=[User("ops@example.com", password="pw", accounts=["acct-1"])],
        runtimes=[Runtime("rt-1", "Atom", "acct-1", listeners=[Listener("l-1", "Orders", "jms", "paused")])],
    )
    fake = FakeBoomi(state)
    assert fake.status_of("rt-1", "l-1") == "paused"
    assert fake.is_online("rt-1")


def test_load_json_file(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(
        json.dumps(
            {
                "users": [{"username": "u", "api_tokens": ["t"], "accounts": ["a"]}],
                "runtimes": [{"id": "r", "account": "a", "online": False, "listeners": [{"id": "l"}]}],
            }
        )
    )
    state = load_state(path)
    assert state.accounts["a"].id == "a"
    assert not state.runtime("r").online
    assert state.listener("r", "l").connector_type == "wss"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"runtimes": [{"id": "r", "account": "a", "listenrs": []}]}, "unknown keys"),
        ({"users": [{"username": "u", "accounts": ["a"]}]}, "password or api_tokens"),
        ({"runtimes": [{"id": "r", "account": "a", "listeners": [{"id": "l", "status": "up"}]}]}, "status must be"),
        ({"runtimes": [{"id": "r", "account": "a", "online": "yes"}]}, "online must be true or false"),
        ([], "must be a mapping"),
    ],
)
def test_invalid_data_is_rejected_with_a_reason(data: object, message: str) -> None:
    with pytest.raises(StateFileError, match=message):
        state_from_mapping(data)
