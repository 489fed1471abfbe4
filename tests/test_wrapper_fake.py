"""The wrapper against the embedded fake: in process (ASGI) and over loopback."""

from __future__ import annotations

import logging
import pickle
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from boomi_listeners import (
    Action,
    AsyncListenerClient,
    AuthenticationError,
    ChangeOutcome,
    GoneError,
    ListenerClient,
    ListenerState,
    PermissionDeniedError,
    PollPolicy,
    ResumeFailedError,
    RetryPolicy,
    ServiceUnavailableError,
    WaitTimeoutError,
)
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_API_TOKEN,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_READONLY_PASSWORD,
    DEMO_READONLY_USERNAME,
    DEMO_TEST_CONTAINER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    serve,
)
from tests._fakes import demo_fake

FAST_RETRY = RetryPolicy(attempts=5, wait_initial=0.01, wait_max=0.05, wait_jitter=0.0)
FAST_POLL = PollPolicy(initial=0.02, factor=1.5, maximum=0.1, restart_settle=0.5)
#: The fake does not limit its callers, so the clients here run unpaced: Boomi's 10 requests per second
#: budget has tests of its own (test_budget.py) and would only make these wait.
UNPACED: dict[str, float | None] = {"max_requests_per_second": None}
PROD, MOLECULE = DEMO_PROD_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID


def listeners_of(fake: FakeBoomi, container_id: str) -> list[str]:
    return [s.listener_id for s in _states(fake, container_id)]


def _states(fake: FakeBoomi, container_id: str) -> list[ListenerState]:
    runtime = fake.state.runtimes[container_id]
    return [ListenerState(item.id, fake.status_of(container_id, item.id)) for item in runtime.listeners]


@pytest.fixture
def fake() -> FakeBoomi:
    return demo_fake(apply_delay=0.05, restart_phase=0.05, query_delay=0.02)


@pytest.fixture
def client(fake: FakeBoomi) -> Iterator[ListenerClient]:
    with (
        serve(fake) as base_url,
        ListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url=base_url,
            retry=FAST_RETRY, poll=FAST_POLL, **UNPACED,
        ) as listener_client,
    ):  # fmt: skip
        yield listener_client


@pytest.fixture
async def aclient(fake: FakeBoomi) -> AsyncIterator[AsyncListenerClient]:
    async with AsyncListenerClient(
        account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, api_token=DEMO_API_TOKEN, base_url="http://fake.test",
        transport=httpx.ASGITransport(app=fake.app), retry=FAST_RETRY, poll=FAST_POLL, **UNPACED,
    ) as async_client:  # fmt: skip
        yield async_client


# -- every action, sync over loopback and async in process -----------------------------------------

SINGLE_CASES = [(Action.PAUSE, "paused"), (Action.RESTART, "listening")]


@pytest.mark.parametrize(("action", "expected"), SINGLE_CASES)
def test_single_actions_sync(client: ListenerClient, fake: FakeBoomi, action: Action, expected: str) -> None:
    result = client.change(action, container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, wait=True, timeout=10)
    assert result.states == (ListenerState(DEMO_PROD_LISTENER_ID, expected, "wss"),)
    assert fake.status_of(PROD, DEMO_PROD_LISTENER_ID) == expected


def test_named_methods_sync(client: ListenerClient, fake: FakeBoomi) -> None:
    others = [lid for lid in listeners_of(fake, PROD) if lid != DEMO_PROD_LISTENER_ID]
    molecule_before = _states(fake, MOLECULE)
    client.pause(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, wait=True, timeout=10)
    assert {fake.status_of(PROD, lid) for lid in others} == {"listening"}
    client.resume(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, wait=True, timeout=10)
    assert fake.status_of(PROD, DEMO_PROD_LISTENER_ID) == "listening"
    client.restart(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, wait=True, timeout=10)
    assert fake.status_of(PROD, DEMO_PROD_LISTENER_ID) == "listening"
    result = client.pause_all(container_id=PROD, wait=True, timeout=10)
    assert {s.status for s in result.states} == {"paused"}
    assert _states(fake, MOLECULE) == molecule_before, "other runtimes untouched"
    client.restart_all(container_id=PROD, wait=True, timeout=10)
    client.pause_all(container_id=PROD, wait=True, timeout=10)
    result = client.resume_all(container_id=PROD, wait=True, timeout=10)
    assert {s.status for s in result.states} == {"listening"}


async def test_named_methods_async(aclient: AsyncListenerClient, fake: FakeBoomi) -> None:
    prod_before = _states(fake, PROD)
    result = await aclient.pause(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, wait=True, timeout=10)
    assert result.states[0].status == "paused"
    await aclient.resume(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, wait=True, timeout=10)
    await aclient.restart(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, wait=True, timeout=10)
    assert fake.status_of(PROD, DEMO_PROD_LISTENER_ID) == "listening"
    errored = {s.listener_id for s in _states(fake, MOLECULE) if s.status == "errored"}
    result = await aclient.pause_all(container_id=MOLECULE, wait=True, timeout=10)
    assert {s.listener_id: s.status for s in result.states if s.status != "paused"} == dict.fromkeys(errored, "errored")
    assert errored, "a pause leaves an errored listener errored (it is reported, not waited for)"
    assert _states(fake, PROD) == prod_before, "other runtimes untouched"
    await aclient.restart_all(container_id=MOLECULE, wait=True, timeout=10)
    await aclient.pause_all(container_id=MOLECULE, wait=True, timeout=10)
    await aclient.resume_all(container_id=MOLECULE, wait=True, timeout=10)
    assert {s.status for s in _states(fake, MOLECULE)} <= {"listening", "errored"}
    result = await aclient.change("pause", container_id=MOLECULE, listener_id=listeners_of(fake, MOLECULE)[0])
    assert result.action is Action.PAUSE
    assert result.states == ()


def test_accepted_is_not_done(client: ListenerClient, fake: FakeBoomi) -> None:
    fake.apply_delay = 0.5
    result = client.pause(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID)
    assert result.states == ()
    assert fake.status_of(PROD, DEMO_PROD_LISTENER_ID) == "listening"
    state = client.wait_for(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, status="paused", timeout=10)
    assert state.status == "paused"


def test_every_request_asks_for_json(client: ListenerClient, fake: FakeBoomi) -> None:
    client.statuses(container_id=PROD)
    client.pause_all(container_id=PROD)
    assert fake.requests
    assert all(r.headers.get("accept") == "application/json" for r in fake.requests)


# -- statuses and waits -------------------------------------------------------------------------------


def test_statuses_lists_a_runtime_and_narrows_to_one(client: ListenerClient, fake: FakeBoomi) -> None:
    every = client.statuses(container_id=PROD)
    assert {s.listener_id for s in every} == set(listeners_of(fake, PROD))
    assert all(isinstance(s, ListenerState) and s.connector_type for s in every)
    one = client.statuses(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID)
    assert [s.listener_id for s in one] == [DEMO_PROD_LISTENER_ID]


def test_statuses_polls_until_the_query_completes(client: ListenerClient, fake: FakeBoomi) -> None:
    fake.query_delay = 0.2
    assert client.statuses(container_id=PROD)
    polls = [r for r in fake.requests if "/async/ListenerStatus/response/" in r.path]
    assert len(polls) >= 2, "the token is polled until the result is ready"


def test_wait_for_timeout_carries_the_last_state(client: ListenerClient, fake: FakeBoomi) -> None:
    with pytest.raises(WaitTimeoutError) as caught:
        client.wait_for(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, status="paused", timeout=1.0)
    error = caught.value
    assert error.last_state == ListenerState(DEMO_PROD_LISTENER_ID, "listening", "wss")
    assert "last seen: listening" in str(error)
    assert pickle.loads(pickle.dumps(error)).last_state == error.last_state


async def test_async_wait_for_timeout(aclient: AsyncListenerClient) -> None:
    with pytest.raises(WaitTimeoutError) as caught:
        await aclient.wait_for(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, status="errored", timeout=1.0)
    assert caught.value.last_state is not None


def test_offline_runtime_is_gone(client: ListenerClient) -> None:
    with pytest.raises(GoneError, match="offline"):
        client.pause_all(container_id=DEMO_OFFLINE_CONTAINER_ID)
    with pytest.raises(GoneError):
        client.statuses(container_id=DEMO_OFFLINE_CONTAINER_ID)


def test_bad_credentials_and_privileges(fake: FakeBoomi) -> None:
    with serve(fake) as base_url:
        wrong = ListenerClient(account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password="nope", base_url=base_url)
        with wrong, pytest.raises(AuthenticationError):
            wrong.pause_all(container_id=PROD)
        readonly = ListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_READONLY_USERNAME, password=DEMO_READONLY_PASSWORD,
            base_url=base_url,
        )  # fmt: skip
        with readonly, pytest.raises(PermissionDeniedError, match="Access denied due to insufficient permissions"):
            readonly.pause_all(container_id=PROD)


# -- maintenance window -------------------------------------------------------------------------------


def test_paused_window_resumes_on_success(client: ListenerClient, fake: FakeBoomi) -> None:
    with client.paused(container_id=PROD, timeout=10) as paused:
        assert paused.action is Action.PAUSE_ALL
        assert {s.status for s in _states(fake, PROD)} == {"paused"}
    assert {s.status for s in _states(fake, PROD)} == {"listening"}


def test_paused_window_resumes_when_the_body_raises(client: ListenerClient, fake: FakeBoomi) -> None:
    # The body of the window must raise inside it: that is the behaviour under test.
    with pytest.raises(RuntimeError, match="deploy failed"), client.paused(  # noqa: PT012
        container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, timeout=10
    ):  # fmt: skip
        assert fake.status_of(PROD, DEMO_PROD_LISTENER_ID) == "paused"
        raise RuntimeError("deploy failed")
    assert fake.status_of(PROD, DEMO_PROD_LISTENER_ID) == "listening"


def test_failed_resume_is_loud(client: ListenerClient, fake: FakeBoomi, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="boomi_listeners")
    with (
        pytest.raises(ResumeFailedError, match="may still be paused") as caught,
        client.paused(container_id=MOLECULE, timeout=10),
    ):
        fake.faults.set_offline(MOLECULE)
    assert isinstance(caught.value.__cause__, GoneError)
    assert any("FAILED" in r.getMessage() for r in caplog.records)


async def test_async_paused_window(aclient: AsyncListenerClient, fake: FakeBoomi) -> None:
    with pytest.raises(KeyError):  # noqa: PT012 - the window's body raises inside it on purpose
        async with aclient.paused(container_id=PROD, timeout=10):
            assert {s.status for s in _states(fake, PROD)} == {"paused"}
            raise KeyError("boom")
    assert {s.status for s in _states(fake, PROD)} == {"listening"}


# -- bulk ------------------------------------------------------------------------------------------------


def _bulk_targets(fake: FakeBoomi) -> list[tuple[str, str, str | None]]:
    targets: list[tuple[str, str, str | None]] = [("pause", PROD, lid) for lid in listeners_of(fake, PROD)]
    targets += [("pause", MOLECULE, lid) for lid in listeners_of(fake, MOLECULE)]
    targets.append(("pause_all", DEMO_OFFLINE_CONTAINER_ID, None))
    targets.append(("restart", DEMO_TEST_CONTAINER_ID, listeners_of(fake, DEMO_TEST_CONTAINER_ID)[0]))
    return targets


def _check_bulk(outcomes: list[ChangeOutcome], targets: list[tuple[str, str, str | None]]) -> None:
    assert [(o.target.action.value, o.target.container_id, o.target.listener_id) for o in outcomes] == targets
    failed = [o for o in outcomes if not o.ok]
    assert [(o.target.container_id, type(o.error)) for o in failed] == [(DEMO_OFFLINE_CONTAINER_ID, GoneError)]
    assert all(o.result is not None for o in outcomes if o.ok)


def test_change_many_with_503_bursts_and_an_offline_runtime(client: ListenerClient, fake: FakeBoomi) -> None:
    targets = _bulk_targets(fake)
    fake.faults.fail_next(3, status=503)
    seen: list[tuple[int, int]] = []
    outcomes = client.change_many(targets, concurrency=4, rate_limit=200, progress=lambda d, t, o: seen.append((d, t)))
    _check_bulk(outcomes, targets)
    assert sorted(seen) == [(i, len(targets)) for i in range(1, len(targets) + 1)]
    assert sum(o.attempts for o in outcomes) >= len(targets) + 3, "the 503 burst was retried"
    changes = [r for r in fake.requests if r.path.endswith("/changeListenerStatus") and r.status == 200]
    assert len(changes) == len(targets) - 1, "each target accepted exactly once, none duplicated"


def test_change_many_does_not_repeat_an_ambiguous_restart(client: ListenerClient, fake: FakeBoomi) -> None:
    restart_target = ("restart", DEMO_TEST_CONTAINER_ID, listeners_of(fake, DEMO_TEST_CONTAINER_ID)[0])
    pause_target = ("pause", PROD, DEMO_PROD_LISTENER_ID)
    fake.faults.drop_next(1, apply=True)
    [restart] = client.change_many([restart_target], concurrency=1)
    assert not restart.ok
    assert restart.attempts == 1
    assert getattr(restart.error, "may_have_reached_server", False)
    fake.faults.drop_next(1, apply=True)
    [pause] = client.change_many([pause_target], concurrency=1)
    assert pause.ok
    assert pause.attempts == 2, "a pause is harmless to repeat after a drop"


async def test_async_change_many(aclient: AsyncListenerClient, fake: FakeBoomi) -> None:
    targets = _bulk_targets(fake)
    fake.faults.fail_next(2, status=503)
    outcomes = await aclient.change_many(targets, concurrency=3, rate_limit=200)
    _check_bulk(outcomes, targets)


def test_rate_limited_server_surfaces_after_retries(fake: FakeBoomi) -> None:
    fake.faults.fail_next(10, status=503, retry_after=0)
    with (
        serve(fake) as base_url,
        ListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url=base_url,
            retry=RetryPolicy(attempts=2, wait_initial=0.01, wait_jitter=0),
        ) as client,
        pytest.raises(ServiceUnavailableError, match="rate limits"),
    ):  # fmt: skip
        client.pause_all(container_id=PROD)


def test_secrets_never_logged_against_the_fake(fake: FakeBoomi, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake.faults.fail_next(1, status=503)
    with (
        serve(fake) as base_url,
        ListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, api_token=DEMO_API_TOKEN, base_url=base_url,
            retry=FAST_RETRY, poll=FAST_POLL, **UNPACED,
        ) as client,
    ):  # fmt: skip
        client.pause(container_id=PROD, listener_id=DEMO_PROD_LISTENER_ID, wait=True, timeout=10)
        with pytest.raises(GoneError) as caught:
            client.pause_all(container_id=DEMO_OFFLINE_CONTAINER_ID)
    texts = [r.getMessage() for r in caplog.records] + [str(caught.value), repr(client)]
    texts.append(pickle.dumps(caught.value).decode("latin-1"))
    texts += [repr(r.headers) for r in fake.requests]
    assert any("changeListenerStatus" in t for t in texts)
    assert not [t for t in texts if DEMO_API_TOKEN in t]
