"""snapshot, apply and maintenance windows against the embedded fake, for both clients.

Sync over loopback, async in process. Request counts come from the fake's request log; timing is
made deterministic with the fake's ManualClock where a change must stay "accepted but not applied".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from boomi_listeners import (
    Action,
    AsyncListenerClient,
    GatewayTimeoutError,
    GoneError,
    ListenerClient,
    PollPolicy,
    ResumeFailedError,
    RetryPolicy,
    StateDocument,
    WaitTimeoutError,
)
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    ManualClock,
    serve,
)
from tests._fakes import MOLECULE_ERRORED, MOLECULE_LISTENING, MOLECULE_PAUSED, demo_fake

FAST_RETRY = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0)
FAST_POLL = PollPolicy(initial=0.01, factor=1.5, maximum=0.05)
PROD, MOLECULE = DEMO_PROD_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID
# The demo molecule: one listener paused and one errored before anything happens.


def statuses(fake: FakeBoomi, *container_ids: str) -> dict[tuple[str, str], str]:
    return {
        (c, item.id): fake.status_of(c, item.id) for c in container_ids for item in fake.state.runtimes[c].listeners
    }


def changes(fake: FakeBoomi) -> list[dict[str, Any]]:
    """The changeListenerStatus bodies the fake accepted, in order."""
    return [r.json() for r in fake.requests if r.path.endswith("/changeListenerStatus") and r.status == 200]


def settle(fake: FakeBoomi) -> None:
    """Let every scheduled change happen (the fake's clock is manual in the tests that need this)."""
    clock = fake.state.clock
    assert isinstance(clock, ManualClock)
    clock.advance(60.0)
    assert fake.state.pending_changes() == 0


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The windows' locks of each test in its own folder."""
    folder = tmp_path / "state"
    monkeypatch.setenv("BOOMI_LISTENERS_STATE_DIR", str(folder))
    return folder


@pytest.fixture
def fake() -> FakeBoomi:
    return demo_fake(apply_delay=0.02)


@pytest.fixture
def manual() -> FakeBoomi:
    """Changes are accepted but take effect only when the test advances the clock."""
    return demo_fake(apply_delay=2.0, clock=ManualClock())


def sync_client(base_url: str, **options: Any) -> ListenerClient:
    return ListenerClient(
        account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url=base_url,
        **{"retry": FAST_RETRY, "poll": FAST_POLL, "max_requests_per_second": None, **options},
    )  # fmt: skip


def async_client(fake: FakeBoomi, **options: Any) -> AsyncListenerClient:
    return AsyncListenerClient(
        account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url="http://fake.test",
        **{
            "retry": FAST_RETRY, "poll": FAST_POLL, "max_requests_per_second": None,
            "transport": httpx.ASGITransport(app=fake.app), **options,
        },
    )  # fmt: skip


@pytest.fixture
def client(fake: FakeBoomi) -> Iterator[ListenerClient]:
    with serve(fake) as base_url, sync_client(base_url) as listener_client:
        yield listener_client


@pytest.fixture
async def aclient(fake: FakeBoomi) -> AsyncIterator[AsyncListenerClient]:
    async with async_client(fake) as listener_client:
        yield listener_client


# -- snapshot and apply ---------------------------------------------------------------------------


def test_snapshot_records_each_listener_of_each_runtime(client: ListenerClient, fake: FakeBoomi) -> None:
    document = client.snapshot(container_ids=[PROD, MOLECULE])
    assert document.container_ids == (PROD, MOLECULE)
    recorded = {(c, i.listener_id): i.status for c, i in document.listeners()}
    assert recorded == statuses(fake, PROD, MOLECULE)
    assert recorded[(MOLECULE, MOLECULE_PAUSED)] == "paused"
    assert dict(document.runtimes[0].listeners[0].as_dict()) == {
        "listener_id": DEMO_PROD_LISTENER_ID, "status": "listening", "connector_type": "wss",
    }  # fmt: skip
    assert StateDocument.loads(document.dumps()) == document


async def test_async_snapshot_matches_sync(aclient: AsyncListenerClient, fake: FakeBoomi) -> None:
    document = await aclient.snapshot(container_ids=[PROD, MOLECULE])
    assert {(c, i.listener_id): i.status for c, i in document.listeners()} == statuses(fake, PROD, MOLECULE)


def test_snapshot_rejects_a_lone_string_before_any_request(client: ListenerClient, fake: FakeBoomi) -> None:
    with pytest.raises(ValueError, match="list of runtime IDs"):
        client.snapshot(container_ids=PROD)
    with pytest.raises(ValueError, match="at least one"):
        client.snapshot(container_ids=[])
    with pytest.raises(TypeError, match="Path"):
        client.apply("snapshot.yaml")  # type: ignore[arg-type]
    assert fake.requests == []


def _drift(fake: FakeBoomi) -> None:
    """Manual changes after a snapshot: all of prod paused, one molecule listener paused, another resumed."""
    fake.state.schedule_change(PROD, "pause_all", None, apply_delay=0, restart_phase=0)
    fake.state.schedule_change(MOLECULE, "pause", MOLECULE_LISTENING[0], apply_delay=0, restart_phase=0)
    fake.state.schedule_change(MOLECULE, "resume", MOLECULE_PAUSED, apply_delay=0, restart_phase=0)


def _check_restored(result: Any, fake: FakeBoomi, before: dict[tuple[str, str], str]) -> None:
    assert statuses(fake, PROD, MOLECULE) == before
    sent = [(c["action"], c["containerId"], c.get("listenerId")) for c in changes(fake)]
    # The fewest requests: one resume_all for prod (every listener moves), single actions on the molecule.
    assert sorted(sent, key=str) == sorted(
        [("resume_all", PROD, None), ("resume", MOLECULE, MOLECULE_LISTENING[0]), ("pause", MOLECULE, MOLECULE_PAUSED)],
        key=str,
    )
    assert result.plan.requests == 3
    assert result.ok
    by_listener = {o.listener_id: o for o in result.outcomes}
    assert by_listener[MOLECULE_ERRORED].result == "unchanged"
    assert by_listener[MOLECULE_LISTENING[1]].result == "unchanged"
    assert by_listener[MOLECULE_PAUSED].result == "changed"
    assert by_listener[MOLECULE_PAUSED].action is Action.PAUSE
    assert by_listener[DEMO_PROD_LISTENER_ID].action is Action.RESUME_ALL


def test_apply_restores_a_snapshot_with_the_fewest_requests(client: ListenerClient, fake: FakeBoomi) -> None:
    before = statuses(fake, PROD, MOLECULE)
    document = client.snapshot(container_ids=[PROD, MOLECULE])
    _drift(fake)
    assert statuses(fake, PROD, MOLECULE) != before
    fake.clear_requests()
    result = client.apply(document, wait=True, timeout=10, fewest_requests=True)
    _check_restored(result, fake, before)


async def test_async_apply_restores_a_snapshot_with_the_fewest_requests(
    aclient: AsyncListenerClient, fake: FakeBoomi
) -> None:
    before = statuses(fake, PROD, MOLECULE)
    document = await aclient.snapshot(container_ids=[PROD, MOLECULE])
    _drift(fake)
    fake.clear_requests()
    _check_restored(await aclient.apply(document.as_dict(), timeout=10, fewest_requests=True), fake, before)


def test_plan_and_dry_run_send_no_change(client: ListenerClient, fake: FakeBoomi, tmp_path: Path) -> None:
    path = tmp_path / "snapshot.json"
    client.snapshot(container_ids=[PROD]).dump(path)
    _drift(fake)
    drifted = statuses(fake, PROD, MOLECULE)
    fake.clear_requests()
    plan = client.plan(path, fewest_requests=True)
    assert [(c.action, c.listener_id) for c in plan.changes] == [(Action.RESUME_ALL, None)]
    assert {(c.action, c.listener_id) for c in client.plan(path).changes} == {
        (Action.RESUME, lid) for (_, lid), status in statuses(fake, PROD).items() if status == "paused"
    }
    result = client.apply(path, dry_run=True)
    assert not result.ok
    assert {o.result for o in result.outcomes} == {"planned"}
    assert changes(fake) == []
    assert all("/ListenerStatus/" in r.path for r in fake.requests)
    assert statuses(fake, PROD, MOLECULE) == drifted


def test_apply_reports_an_unreachable_runtime_and_still_changes_the_others(
    client: ListenerClient, fake: FakeBoomi
) -> None:
    document = client.snapshot(container_ids=[PROD, MOLECULE])
    fake.state.schedule_change(PROD, "pause_all", None, apply_delay=0, restart_phase=0)
    fake.faults.set_offline(MOLECULE)
    result = client.apply(document, timeout=10)
    assert not result.ok
    assert {o.result for o in result.outcomes if o.container_id == PROD} == {"changed"}
    failed = [o for o in result.outcomes if o.container_id == MOLECULE]
    assert {o.result for o in failed} == {"failed"}
    assert all(isinstance(o.error, GoneError) for o in failed)


# -- windows ------------------------------------------------------------------------------------------


def test_a_listener_paused_before_the_window_is_still_paused_after_it(
    client: ListenerClient, fake: FakeBoomi, tmp_path: Path
) -> None:
    before = statuses(fake, PROD, MOLECULE)
    journal = tmp_path / "window.yaml"
    with client.window(container_ids=[PROD, MOLECULE], journal=journal, timeout=10) as snapshot:
        inside = statuses(fake, PROD, MOLECULE)
        assert StateDocument.load(journal).window.state == "open"  # type: ignore[union-attr]
        assert snapshot.window is not None
        assert snapshot.window.state == "open"
    assert {status for key, status in inside.items() if key[1] != MOLECULE_ERRORED} == {"paused"}
    assert inside[(MOLECULE, MOLECULE_ERRORED)] == "errored"
    assert statuses(fake, PROD, MOLECULE) == before
    assert before[(MOLECULE, MOLECULE_PAUSED)] == "paused"
    touched = {c.get("listenerId") for c in changes(fake)}
    assert MOLECULE_PAUSED not in touched
    assert MOLECULE_ERRORED not in touched
    assert StateDocument.load(journal).window.state == "restored"  # type: ignore[union-attr]


async def test_async_listener_paused_before_the_window_is_still_paused_after_it(
    aclient: AsyncListenerClient, fake: FakeBoomi
) -> None:
    before = statuses(fake, MOLECULE)
    async with aclient.paused(container_id=MOLECULE, timeout=10) as paused:
        assert paused.action is Action.PAUSE_ALL
        assert {s.listener_id: s.status for s in paused.states}[MOLECULE_PAUSED] == "paused"
        assert {lid: fake.status_of(MOLECULE, lid) for lid in MOLECULE_LISTENING} == dict.fromkeys(
            MOLECULE_LISTENING, "paused"
        )
    assert statuses(fake, MOLECULE) == before
    assert before[(MOLECULE, MOLECULE_PAUSED)] == "paused"


def test_paused_keeps_its_signature_and_restores_one_listener(client: ListenerClient, fake: FakeBoomi) -> None:
    fake.state.schedule_change(PROD, "pause", DEMO_PROD_LISTENER_ID, apply_delay=0, restart_phase=0)
    before = statuses(fake, PROD)
    with client.paused(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, timeout=10) as paused:
        assert paused.action is Action.PAUSE
    assert statuses(fake, PROD) == before, "an already paused listener stays paused, the others untouched"
    assert changes(fake) == []


def test_window_restores_when_the_body_raises_keyboard_interrupt(client: ListenerClient, fake: FakeBoomi) -> None:
    before = statuses(fake, PROD)
    with pytest.raises(KeyboardInterrupt), client.window(container_ids=[PROD], timeout=10):
        raise KeyboardInterrupt
    assert statuses(fake, PROD) == before


async def test_async_window_restores_when_cancelled(aclient: AsyncListenerClient, fake: FakeBoomi) -> None:
    before = statuses(fake, PROD, MOLECULE)
    inside = asyncio.Event()

    async def deploy() -> None:
        async with aclient.window(container_ids=[PROD, MOLECULE], timeout=10):
            inside.set()
            await asyncio.Event().wait()  # a body that never ends by itself

    task = asyncio.create_task(deploy())
    await inside.wait()
    assert fake.status_of(PROD, DEMO_PROD_LISTENER_ID) == "paused"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert statuses(fake, PROD, MOLECULE) == before


def test_an_accepted_but_unconfirmed_pause_still_restores(manual: FakeBoomi) -> None:
    before = statuses(manual, PROD, MOLECULE)
    with serve(manual) as base_url, sync_client(base_url) as client:
        body_ran = False
        with (
            pytest.raises(WaitTimeoutError),
            client.window(container_ids=[PROD, MOLECULE], timeout=0.3, fewest_requests=True),
        ):
            body_ran = True
    assert not body_ran, "the body runs only once the pause is confirmed"
    sent = [(c["action"], c.get("listenerId")) for c in changes(manual)]
    assert sent.count(("pause_all", None)) == 1
    assert sent.count(("resume_all", None)) == 1
    assert sent.index(("pause_all", None)) < sent.index(("resume_all", None))
    settle(manual)  # the late pause lands, then the resume queued after it
    assert statuses(manual, PROD, MOLECULE) == before


async def test_async_accepted_but_unconfirmed_pause_still_restores(manual: FakeBoomi) -> None:
    before = statuses(manual, PROD)
    async with async_client(manual) as client:
        with pytest.raises(WaitTimeoutError):
            async with client.paused(container_id=PROD, timeout=0.3):
                pytest.fail("the body must not run before the pause is confirmed")
    sent = [(c["action"], c.get("listenerId")) for c in changes(manual)]
    pauses = [lid for action, lid in sent if action == "pause"]
    # Each unconfirmed pause gets its resume, sent after every pause, though the listener still looks listening.
    assert sorted(pauses) == sorted(lid for (_, lid), status in before.items() if status == "listening")
    assert sent == [("pause", lid) for lid in pauses] + [("resume", lid) for lid in pauses]
    settle(manual)
    assert statuses(manual, PROD) == before


class _GatewayTimeoutOnPause(httpx.BaseTransport):
    """Passes every request to the fake, but answers 504 to pauses (after the fake applied them)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path.endswith("/changeListenerStatus") and b'"pause' in request.content:
            response.read()
            return httpx.Response(504, json={"@type": "Error", "message": "Gateway timeout"})
        return response

    def close(self) -> None:
        self.inner.close()


def test_a_504_on_the_pause_still_restores_and_raises_it(fake: FakeBoomi) -> None:
    before = statuses(fake, PROD, MOLECULE)
    with (
        serve(fake) as base_url,
        sync_client(base_url, transport=_GatewayTimeoutOnPause(httpx.HTTPTransport())) as client,
        pytest.raises(GatewayTimeoutError),
        client.window(container_ids=[PROD, MOLECULE], timeout=10),
    ):
        pytest.fail("the body must not run when the pause failed")
    sent = [c["action"] for c in changes(fake)]
    listening = [key for key, status in before.items() if status == "listening"]
    assert sent.count("resume") == len(listening)
    assert "resume_all" not in sent
    assert statuses(fake, PROD, MOLECULE) == before


def test_a_failed_restore_names_each_listener_and_logs_at_error(
    client: ListenerClient, fake: FakeBoomi, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.ERROR, logger="boomi_listeners")
    journal = tmp_path / "journal.json"
    with pytest.raises(ResumeFailedError) as caught, client.window(container_ids=[MOLECULE], journal=journal):
        fake.faults.set_offline(MOLECULE)
    error = caught.value
    assert sorted(error.listeners) == sorted((MOLECULE, lid) for lid in MOLECULE_LISTENING)
    assert all(lid in str(error) for lid in MOLECULE_LISTENING)
    assert MOLECULE_PAUSED not in str(error)
    assert f"--recover {journal}" in str(error)
    assert isinstance(error.__cause__, GoneError)
    assert any(r.levelno == logging.ERROR and MOLECULE_LISTENING[0] in r.getMessage() for r in caplog.records)
    assert StateDocument.load(journal).window.state == "open"  # type: ignore[union-attr]
    # The runtime comes back: recovery restores it and is idempotent.
    fake.faults.set_offline(MOLECULE, offline=False)
    assert client.recover(journal=journal, timeout=10).ok
    assert {fake.status_of(MOLECULE, lid) for lid in MOLECULE_LISTENING} == {"listening"}
    assert fake.status_of(MOLECULE, MOLECULE_PAUSED) == "paused"
    fake.clear_requests()
    assert client.recover(journal=journal).outcomes == ()
    assert fake.requests == [], "a restored journal sends nothing"


def test_a_window_refuses_to_overwrite_an_open_journal(client: ListenerClient, fake: FakeBoomi, tmp_path: Path) -> None:
    journal = tmp_path / "journal.json"
    with pytest.raises(ResumeFailedError), client.window(container_ids=[MOLECULE], journal=journal):
        fake.faults.set_offline(MOLECULE)
    fake.faults.set_offline(MOLECULE, offline=False)
    fake.clear_requests()
    with pytest.raises(ValueError, match="--recover"), client.window(container_ids=[PROD], journal=journal):
        pytest.fail("must not start")
    assert fake.requests == []
