"""Consumer tests: every public wrapper method and every generated operation sends spec-valid requests.

Each test drives the client with realistic arguments against an embedded fake of its own (also when
the suite's target is a staging account: this side is about the client, not the platform), then
validates every request the fake recorded with :class:`~contract_tests._consumer.RequestValidator`
(openapi-core against the effective spec and Boomi's documented rules, servers pointed at the fake).
"""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from starlette.types import Receive, Scope, Send

from boomi_listeners import (
    Action,
    AsyncListenerClient,
    ChangeOutcome,
    ChangeTarget,
    ListenerClient,
    PollPolicy,
    RetryPolicy,
    Settings,
    StateDocument,
    WindowRecord,
)
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_API_TOKEN,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_PROD_SCHEDULED_PROCESS_ID,
    FakeBoomi,
    Listener,
    Runtime,
    serve,
)
from boomi_listeners.testing.state import schedule_id_of
from boomi_listeners_api.api.change_listener_status import update_listener_status
from boomi_listeners_api.api.listener_status import async_get_listener_status, async_token_listener_status
from boomi_listeners_api.client import AuthenticatedClient
from boomi_listeners_api.models import (
    AsyncOperationTokenResult,
    ChangeListenerStatusRequest,
    GroupingExpressionOperator,
    ListenerAction,
    ListenerStatusGroupingExpression,
    ListenerStatusQueryConfig,
    ListenerStatusSimpleExpression,
    QueryFilter,
    SimpleExpressionOperator,
    SimpleExpressionProperty,
)
from contract_tests._consumer import RequestCounter, RequestValidator, recorded
from contract_tests._target import Target, fake_settings, fake_target, new_fake

CHANGE = "/changeListenerStatus"
QUERY = "/async/ListenerStatus/query"
RESULT = "/async/ListenerStatus/response/"
#: The production runtime of the demo data: several listeners, so the ``_all`` actions mean something.
SCHEDULES = "/ProcessScheduleStatus/query"
SCHEDULE = "/ProcessScheduleStatus/"
BULK = "/ProcessScheduleStatus/bulk"
EXECUTIONS = "/ExecutionRecord/query"
CANCEL = "/cancelExecution/"
ATOM = "/Atom/"

RUNTIME = DEMO_PROD_CONTAINER_ID
LISTENER = DEMO_PROD_LISTENER_ID
SCHEDULE_ID = schedule_id_of(RUNTIME, DEMO_PROD_SCHEDULED_PROCESS_ID)
RUNTIME_NAME = "Production Atom (us-east)"
ATOM_QUERY = "/Atom/query"
ATTACHMENT_QUERY = "/EnvironmentAtomAttachment/query"
FAST_POLL = PollPolicy(initial=0.02, factor=1.5, maximum=0.2, restart_settle=2.0)
#: The requests' shape is under test here, not the account budget (tests/test_budget.py covers that):
#: an unpaced client sends them without waiting for a place in the 10/s budget.
UNPACED = None


@dataclass(frozen=True)
class Consumer:
    """The consumer tests' fake, its address, the validator for what it records, and a request count."""

    target: Target
    validator: RequestValidator
    counter: RequestCounter = field(default_factory=RequestCounter)

    @property
    def fake(self) -> FakeBoomi:
        assert self.target.fake is not None
        return self.target.fake

    def client(self, settings: Settings | None = None) -> ListenerClient:
        return ListenerClient(
            settings=settings or self.target.settings,
            retry=RetryPolicy.none(),
            poll=FAST_POLL,
            transport=self.counter.transport(),
            max_requests_per_second=UNPACED,
        )

    def async_client(self, settings: Settings | None = None) -> AsyncListenerClient:
        return AsyncListenerClient(
            settings=settings or self.target.settings,
            retry=RetryPolicy.none(),
            poll=FAST_POLL,
            transport=self.counter.async_transport(),
            max_requests_per_second=UNPACED,
        )

    def generated(self, *, asynchronous: bool = False) -> AuthenticatedClient:
        """The generated client as its users set it up for Boomi: Basic credentials, JSON answers."""
        user, secret = self.target.settings.username, self.target.settings.secret.reveal()
        transport = self.counter.async_transport() if asynchronous else self.counter.transport()
        return AuthenticatedClient(
            base_url=self.target.api_root,
            token=base64.b64encode(f"{user}:{secret}".encode()).decode("ascii"),
            prefix="Basic",
            headers={"Accept": "application/json"},
            httpx_args={"transport": transport},
        )

    def assert_conforming(self, *expected: str) -> None:
        """Every request the client sent conforms, and the operations in ``expected`` (path parts) were used."""
        requests = recorded(self.fake, self.counter.sent)
        assert requests, "the client sent no request"
        assert len(requests) == self.counter.sent, f"sent {self.counter.sent} requests, the fake logged {len(requests)}"
        self.validator.check(requests)
        missing = [part for part in expected if not any(part in r.path for r in requests)]
        assert not missing, f"expected requests to {missing}; got {[f'{r.method} {r.path}' for r in requests]}"
        refused = [r for r in requests if r.status is None or r.status >= 400]
        assert not refused, f"the fake refused requests: {[(r.method, r.path, r.status) for r in refused]}"


class CurrentFake:
    """An ASGI app that hands each request to the current test's fake.

    One server (and one validator, which depends only on its address) serves the whole module;
    starting and stopping a server per test cost more than most of the tests themselves.
    """

    def __init__(self) -> None:
        self.fake: FakeBoomi | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.fake is not None, "a request arrived between two consumer tests"
        await self.fake.app(scope, receive, send)


@pytest.fixture(scope="module")
def consumer_server() -> Iterator[tuple[str, CurrentFake, RequestValidator]]:
    current = CurrentFake()
    host = new_fake()
    host.app = current  # type: ignore[assignment]  # serve() reads fake.app when it starts
    with serve(host) as base_url:
        yield base_url, current, RequestValidator(base_url)


@pytest.fixture
def consumer(consumer_server: tuple[str, CurrentFake, RequestValidator]) -> Iterator[Consumer]:
    """A fresh demo fake per test (state and request log), so no test depends on what another one changed."""
    base_url, current, validator = consumer_server
    fake = new_fake()
    current.fake = fake
    try:
        yield Consumer(fake_target(fake, base_url), validator)
    finally:
        current.fake = None


# -- the wrapper, sync ------------------------------------------------------------------------------

SyncCall = Callable[[ListenerClient], object]


def _paused_window(client: ListenerClient, listener_id: str | None) -> None:
    with client.paused(container_id=RUNTIME, listener_id=listener_id):
        pass


def _progress(done: int, total: int, outcome: ChangeOutcome) -> None:
    assert 1 <= done <= total


TARGETS: list[Any] = [
    ("pause", RUNTIME, LISTENER),
    {"action": "resume", "container_id": RUNTIME, "listener_id": LISTENER},
    ChangeTarget(Action.RESTART_ALL, RUNTIME),
]

# The clients are twins, so one table drives both: an async client's call returns a coroutine.
TwinCall = Callable[[Any], Any]
CALLS: dict[str, tuple[TwinCall, tuple[str, ...]]] = {
    "pause": (lambda c: c.pause(container_id=RUNTIME, listener_id=LISTENER, wait=True), (CHANGE, QUERY, RESULT)),
    "resume": (lambda c: c.resume(container_id=RUNTIME, listener_id=LISTENER, wait=True), (CHANGE, QUERY, RESULT)),
    "restart": (lambda c: c.restart(container_id=RUNTIME, listener_id=LISTENER, wait=True), (CHANGE, QUERY, RESULT)),
    "pause_all": (lambda c: c.pause_all(container_id=RUNTIME, wait=True), (CHANGE, QUERY, RESULT)),
    "resume_all": (lambda c: c.resume_all(container_id=RUNTIME, wait=True), (CHANGE, QUERY, RESULT)),
    "restart_all": (lambda c: c.restart_all(container_id=RUNTIME, wait=True), (CHANGE, QUERY, RESULT)),
    "change-one": (lambda c: c.change("pause", container_id=RUNTIME, listener_id=LISTENER), (CHANGE,)),
    "change-all": (lambda c: c.change(Action.RESUME_ALL, container_id=RUNTIME), (CHANGE,)),
    "statuses-runtime": (lambda c: c.statuses(container_id=RUNTIME), (QUERY, RESULT)),
    "statuses-listener": (lambda c: c.statuses(container_id=RUNTIME, listener_id=LISTENER), (QUERY, RESULT)),
    "wait_for": (
        lambda c: c.wait_for(container_id=RUNTIME, listener_id=LISTENER, status="listening"),
        (QUERY, RESULT),
    ),
    "wait_for_all": (lambda c: c.wait_for_all(container_id=RUNTIME, status="listening"), (QUERY, RESULT)),
    "change_many": (
        lambda c: c.change_many(TARGETS, concurrency=2, rate_limit=50.0, progress=_progress),
        (CHANGE,),
    ),
    "change_many-wait": (
        lambda c: c.change_many(TARGETS[1:2], wait=True, timeout=30),
        (CHANGE, QUERY, RESULT),
    ),
    "wait_for_many": (
        lambda c: c.wait_for_many([(RUNTIME, LISTENER, "listening"), (RUNTIME, None, "listening")], timeout=30),
        (QUERY, RESULT),
    ),
    "schedule_statuses": (lambda c: c.schedule_statuses(container_id=RUNTIME), (SCHEDULES,)),
    "schedule_status": (lambda c: c.schedule_status(schedule_id=SCHEDULE_ID), (SCHEDULE,)),
    "schedule_statuses_by_id": (lambda c: c.schedule_statuses_by_id(schedule_ids=[SCHEDULE_ID]), (BULK,)),
    "set_schedule_enabled": (
        lambda c: c.set_schedule_enabled(
            schedule_id=SCHEDULE_ID, container_id=RUNTIME, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, enabled=True
        ),
        (SCHEDULE,),
    ),
    "running_executions": (lambda c: c.running_executions(container_id=RUNTIME), (EXECUTIONS,)),
    "drain": (lambda c: c.drain(container_ids=[RUNTIME], timeout=10), (EXECUTIONS,)),
    "runtime_health": (lambda c: c.runtime_health(container_id=RUNTIME), (ATOM,)),
    # names
    "runtimes": (lambda c: c.runtimes(type="ATOM"), (ATOM_QUERY, "/Environment/query", ATTACHMENT_QUERY)),
    "resolve_runtime": (lambda c: c.resolve_runtime(RUNTIME_NAME), (ATOM_QUERY,)),
    "resolve_environment": (lambda c: c.resolve_environment("Production"), (ATTACHMENT_QUERY, "/Atom/bulk")),
    "resolve_runtimes": (
        lambda c: c.resolve_runtimes(names=[RUNTIME_NAME], environments=["Test"]),
        (ATOM_QUERY, ATTACHMENT_QUERY, "/Atom/bulk"),
    ),
    "resolve_process": (lambda c: c.resolve_process("Orders web service listener"), ("/Process/query",)),
    "listener_names": (lambda c: c.listener_names([LISTENER, "no-such-process"]), ("/Process/bulk",)),
    "named_statuses": (lambda c: c.named_statuses(container_id=RUNTIME), (QUERY, RESULT, "/Process/bulk")),
}


def _schedules_off_and_on(client: ListenerClient) -> None:
    client.restore_schedules(client.disable_schedules(container_ids=[RUNTIME]))


async def _async_schedules_off_and_on(client: AsyncListenerClient) -> None:
    await client.restore_schedules(await client.disable_schedules(container_ids=[RUNTIME]))


def _apply_snapshot(client: ListenerClient) -> None:
    """Snapshot, change the listener, bring the runtime back to the snapshot (a change and status reads)."""
    document = client.snapshot(container_ids=[RUNTIME])
    client.pause(container_id=RUNTIME, listener_id=LISTENER, wait=True)
    client.apply(document, wait=True)


def _recover_journal(client: ListenerClient) -> None:
    """A journal left open (as by a killed window) with its listener paused since: recover resumes it."""
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "window.json"
        document = client.snapshot(container_ids=[RUNTIME])
        StateDocument(document.runtimes, taken_at=document.taken_at, window=WindowRecord()).dump(journal)
        client.pause(container_id=RUNTIME, listener_id=LISTENER, wait=True)
        client.recover(journal=journal)


def _window(client: ListenerClient) -> None:
    with client.window(container_ids=[RUNTIME]):
        pass


SYNC_CALLS: dict[str, tuple[SyncCall, tuple[str, ...]]] = {
    **CALLS,
    "snapshot": (lambda c: c.snapshot(container_ids=[RUNTIME]), (QUERY, RESULT)),
    "plan": (lambda c: c.plan(c.snapshot(container_ids=[RUNTIME])), (QUERY, RESULT)),
    "apply": (_apply_snapshot, (CHANGE, QUERY, RESULT)),
    "recover": (_recover_journal, (CHANGE, QUERY, RESULT)),
    "window": (_window, (CHANGE, QUERY, RESULT)),
    "paused-one": (lambda c: _paused_window(c, LISTENER), (CHANGE, QUERY, RESULT)),
    "paused-all": (lambda c: _paused_window(c, None), (CHANGE, QUERY, RESULT)),
    "disable_schedules": (_schedules_off_and_on, (SCHEDULES, SCHEDULE, BULK)),
    "restore_schedules": (_schedules_off_and_on, (SCHEDULES, SCHEDULE, BULK)),
}


@pytest.mark.parametrize("name", list(SYNC_CALLS))
def test_listener_client(consumer: Consumer, name: str) -> None:
    call, expected = SYNC_CALLS[name]
    with consumer.client() as client:
        call(client)
    consumer.assert_conforming(*expected)


# -- the wrapper, async -----------------------------------------------------------------------------

AsyncCall = Callable[[AsyncListenerClient], Awaitable[object]]


async def _async_paused_window(client: AsyncListenerClient, listener_id: str | None) -> None:
    async with client.paused(container_id=RUNTIME, listener_id=listener_id):
        pass


async def _async_plan(client: AsyncListenerClient) -> None:
    await client.plan(await client.snapshot(container_ids=[RUNTIME]))


async def _async_apply_snapshot(client: AsyncListenerClient) -> None:
    document = await client.snapshot(container_ids=[RUNTIME])
    await client.pause(container_id=RUNTIME, listener_id=LISTENER, wait=True)
    await client.apply(document, wait=True)


async def _async_recover_journal(client: AsyncListenerClient) -> None:
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "window.json"
        document = await client.snapshot(container_ids=[RUNTIME])
        StateDocument(document.runtimes, taken_at=document.taken_at, window=WindowRecord()).dump(journal)
        await client.pause(container_id=RUNTIME, listener_id=LISTENER, wait=True)
        await client.recover(journal=journal)


async def _async_window(client: AsyncListenerClient) -> None:
    async with client.window(container_ids=[RUNTIME]):
        pass


ASYNC_CALLS: dict[str, tuple[AsyncCall, tuple[str, ...]]] = {
    **CALLS,
    "snapshot": (lambda c: c.snapshot(container_ids=[RUNTIME]), (QUERY, RESULT)),
    "plan": (_async_plan, (QUERY, RESULT)),
    "apply": (_async_apply_snapshot, (CHANGE, QUERY, RESULT)),
    "recover": (_async_recover_journal, (CHANGE, QUERY, RESULT)),
    "window": (_async_window, (CHANGE, QUERY, RESULT)),
    "paused-one": (lambda c: _async_paused_window(c, LISTENER), (CHANGE, QUERY, RESULT)),
    "paused-all": (lambda c: _async_paused_window(c, None), (CHANGE, QUERY, RESULT)),
    "disable_schedules": (_async_schedules_off_and_on, (SCHEDULES, SCHEDULE, BULK)),
    "restore_schedules": (_async_schedules_off_and_on, (SCHEDULES, SCHEDULE, BULK)),
}


@pytest.mark.parametrize("name", list(ASYNC_CALLS))
async def test_async_listener_client(consumer: Consumer, name: str) -> None:
    call, expected = ASYNC_CALLS[name]
    async with consumer.async_client() as client:
        await call(client)
    consumer.assert_conforming(*expected)


def _more_than_a_page(fake: FakeBoomi) -> None:
    """150 more runtimes and listeners on the fake, so queries page and bulk reads split."""
    for i in range(150):
        fake.state.add_runtime(
            Runtime(f"paged-{i:03d}", f"Paged Atom {i:03d}", DEMO_ACCOUNT_ID, listeners=[Listener(f"paged-l-{i:03d}")])
        )


def test_paged_queries_and_split_bulk_reads(consumer: Consumer) -> None:
    """queryMore sends the token as text/plain, and more than 100 IDs go as several bulk requests, as the spec says."""
    _more_than_a_page(consumer.fake)
    with consumer.client() as client:
        assert len(client.runtimes()) == 154
        client.listener_names([f"paged-l-{i:03d}" for i in range(150)])
    consumer.assert_conforming("/Atom/queryMore", "/Process/bulk")
    assert sum(r.path.endswith("/Process/bulk") for r in consumer.fake.requests) == 2


async def test_async_paged_queries_and_split_bulk_reads(consumer: Consumer) -> None:
    _more_than_a_page(consumer.fake)
    async with consumer.async_client() as client:
        assert len(await client.runtimes()) == 154
        await client.listener_names([f"paged-l-{i:03d}" for i in range(150)])
    consumer.assert_conforming("/Atom/queryMore", "/Process/bulk")


def test_every_public_method_is_covered() -> None:
    """A public method added to the wrapper without a consumer test here fails this test."""
    # from_env is covered by the credential tests below, cancel_execution by test_cancel_execution.
    exempt = {"close", "aclose", "from_env", "cancel_execution"}
    for cls, calls in ((ListenerClient, SYNC_CALLS), (AsyncListenerClient, ASYNC_CALLS)):
        public = {name for name in vars(cls) if not name.startswith("_")} - exempt - {"settings", "retry", "poll"}
        covered = {name.split("-")[0] for name in calls}
        assert public <= covered, f"{cls.__name__}: no consumer test for {sorted(public - covered)}"


def test_cancel_execution(consumer: Consumer) -> None:
    execution_id = consumer.fake.start_execution(
        container_id=RUNTIME, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600
    )
    with consumer.client() as client:
        client.cancel_execution(execution_id=execution_id)
    consumer.assert_conforming(CANCEL)


async def test_async_cancel_execution(consumer: Consumer) -> None:
    execution_id = consumer.fake.start_execution(
        container_id=RUNTIME, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600
    )
    async with consumer.async_client() as client:
        await client.cancel_execution(execution_id=execution_id)
    consumer.assert_conforming(CANCEL)


# -- credentials and configuration from the environment -------------------------------------------


@pytest.mark.parametrize("secret", ["password", "api_token"])
def test_from_env_credentials(consumer: Consumer, secret: str) -> None:
    env = {
        "BOOMI_ACCOUNT_ID": consumer.target.settings.account_id,
        "BOOMI_USERNAME": "demo@example.com",
        "BOOMI_BASE_URL": consumer.target.settings.base_url,
    }
    env["BOOMI_PASSWORD" if secret == "password" else "BOOMI_API_TOKEN"] = (
        consumer.target.settings.secret.reveal() if secret == "password" else DEMO_API_TOKEN
    )
    with ListenerClient.from_env(
        env, poll=FAST_POLL, transport=consumer.counter.transport(), max_requests_per_second=UNPACED
    ) as client:
        client.pause(container_id=RUNTIME, listener_id=LISTENER, wait=True)
        client.resume(container_id=RUNTIME, listener_id=LISTENER)
    consumer.assert_conforming(CHANGE, QUERY, RESULT)


async def test_async_from_env_with_api_token(consumer: Consumer) -> None:
    env = {
        "BOOMI_ACCOUNT_ID": consumer.target.settings.account_id,
        "BOOMI_USERNAME": "demo@example.com",
        "BOOMI_API_TOKEN": DEMO_API_TOKEN,
        "BOOMI_BASE_URL": consumer.target.settings.base_url,
    }
    async with AsyncListenerClient.from_env(
        env, poll=FAST_POLL, transport=consumer.counter.async_transport(), max_requests_per_second=UNPACED
    ) as client:
        await client.statuses(container_id=RUNTIME, listener_id=LISTENER)
    consumer.assert_conforming(QUERY, RESULT)


def test_token_credentials_use_boomis_user_name_form(consumer: Consumer) -> None:
    """An API token logs in as ``BOOMI_TOKEN.<user>``; the fake accepts only that form."""
    settings = fake_settings(consumer.target.settings.base_url, api_token=DEMO_API_TOKEN)
    assert settings.username.startswith("BOOMI_TOKEN.")
    with consumer.client(settings) as client:
        client.statuses(container_id=RUNTIME)
    consumer.assert_conforming(QUERY, RESULT)


# -- the generated client -------------------------------------------------------------------------


def _change_body() -> ChangeListenerStatusRequest:
    return ChangeListenerStatusRequest(action=ListenerAction.PAUSE, container_id=RUNTIME, listener_id=LISTENER)


def _query_body(one_listener: bool) -> ListenerStatusQueryConfig:
    container = ListenerStatusSimpleExpression(
        operator=SimpleExpressionOperator.EQUALS, property_=SimpleExpressionProperty.CONTAINERID, argument=[RUNTIME]
    )
    if not one_listener:
        return ListenerStatusQueryConfig(query_filter=QueryFilter(expression=container))
    listener = ListenerStatusSimpleExpression(
        operator=SimpleExpressionOperator.EQUALS, property_=SimpleExpressionProperty.LISTENERID, argument=[LISTENER]
    )
    grouping = ListenerStatusGroupingExpression(
        operator=GroupingExpressionOperator.AND, nested_expression=[listener, container]
    )
    return ListenerStatusQueryConfig(query_filter=QueryFilter(expression=grouping))


def _token(parsed: object) -> str:
    assert isinstance(parsed, AsyncOperationTokenResult), parsed
    return parsed.async_token.token


@pytest.mark.parametrize("detailed", [False, True], ids=["sync", "sync_detailed"])
def test_generated_operations(consumer: Consumer, detailed: bool) -> None:
    with consumer.generated() as client:
        if detailed:
            assert update_listener_status.sync_detailed(client=client, body=_change_body()).status_code == 200
            started = async_get_listener_status.sync_detailed(client=client, body=_query_body(True))
            token = _token(started.parsed)
            assert async_token_listener_status.sync_detailed(token, client=client).status_code == 200
        else:
            update_listener_status.sync(client=client, body=_change_body())
            token = _token(async_get_listener_status.sync(client=client, body=_query_body(False)))
            assert async_token_listener_status.sync(token, client=client) is not None
    consumer.assert_conforming(CHANGE, QUERY, RESULT)


@pytest.mark.parametrize("detailed", [False, True], ids=["asyncio", "asyncio_detailed"])
async def test_generated_operations_asyncio(consumer: Consumer, detailed: bool) -> None:
    async with consumer.generated(asynchronous=True) as client:
        if detailed:
            changed = await update_listener_status.asyncio_detailed(client=client, body=_change_body())
            assert changed.status_code == 200
            started = await async_get_listener_status.asyncio_detailed(client=client, body=_query_body(True))
            token = _token(started.parsed)
            answered = await async_token_listener_status.asyncio_detailed(token, client=client)
            assert answered.status_code == 200
        else:
            await update_listener_status.asyncio(client=client, body=_change_body())
            token = _token(await async_get_listener_status.asyncio(client=client, body=_query_body(False)))
            assert await async_token_listener_status.asyncio(token, client=client) is not None
    consumer.assert_conforming(CHANGE, QUERY, RESULT)
