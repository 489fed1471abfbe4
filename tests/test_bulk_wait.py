"""Bulk changes confirmed together: one ListenerStatus query per runtime per round, one outcome per target.

Every scenario runs against both clients: the sync one over loopback, the async one in process.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar

import httpx
import pytest

from boomi_listeners import (
    AsyncListenerClient,
    BadRequestError,
    ChangeTarget,
    Confirmation,
    Expectation,
    ListenerClient,
    ListenerErroredError,
    ListenerNotReportedError,
    ListenerState,
    PollPolicy,
    RetryPolicy,
    UnexpectedError,
    WaitTimeoutError,
)
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    FakeBoomi,
    Listener,
    Runtime,
    demo_state,
    serve,
)

T = TypeVar("T")
AnyClient = ListenerClient | AsyncListenerClient
FAST_POLL = PollPolicy(initial=0.01, factor=1.0, maximum=0.01, restart_settle=0.2, unreported_grace=0.05)
NO_RETRY = RetryPolicy.none()
RUNTIMES = [f"bulk-runtime-{r}" for r in range(3)]
LISTENERS = {runtime: [f"{runtime}-listener-{i}" for i in range(4)] for runtime in RUNTIMES}
QUERY_PATH = "/async/ListenerStatus/query"


def run(value: Awaitable[T] | T) -> T:
    """The value of a sync call, or of an async one run to completion."""
    if inspect.isawaitable(value):

        async def wait() -> T:
            return await value

        return asyncio.run(wait())
    return value


def bulk_fake(**options: Any) -> FakeBoomi:
    state = demo_state()
    for runtime, listeners in LISTENERS.items():
        state.add_runtime(Runtime(runtime, runtime, DEMO_ACCOUNT_ID, listeners=[Listener(lid) for lid in listeners]))
    return FakeBoomi(state, **{"apply_delay": 0.0, "query_delay": 0.0, **options})


def make_client(kind: str, base_url: str, transport: Any = None, **options: Any) -> AnyClient:
    cls = ListenerClient if kind == "sync" else AsyncListenerClient
    settings = {"poll": FAST_POLL, "retry": NO_RETRY, "max_requests_per_second": None, **options}
    return cls(
        account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url=base_url,
        transport=transport, **settings,
    )  # fmt: skip


@pytest.fixture
def fake() -> FakeBoomi:
    return bulk_fake()


@pytest.fixture
def client(kind: str, fake: FakeBoomi) -> Iterator[AnyClient]:
    if kind == "sync":
        with serve(fake) as base_url:
            sync = make_client(kind, base_url)
            yield sync
            assert isinstance(sync, ListenerClient)
            sync.close()
    else:
        async_client = make_client(kind, "http://fake.test", httpx.ASGITransport(app=fake.app))
        yield async_client
        assert isinstance(async_client, AsyncListenerClient)
        asyncio.run(async_client.aclose())


def queried_runtimes(fake: FakeBoomi) -> list[str]:
    """The runtime each ListenerStatus query asked about, in the order sent."""
    found = []
    for request in fake.requests:
        if request.path.endswith(QUERY_PATH):
            expression = json.loads(request.body)["QueryFilter"]["expression"]
            found.append(expression["argument"][0])
    return found


def paths(fake: FakeBoomi) -> Counter[str]:
    return Counter(
        r.path.rsplit("/", 2)[1] if "/response/" in r.path else r.path.rsplit("/", 1)[1] for r in fake.requests
    )


# -- the request count -----------------------------------------------------------------------------


def test_change_many_confirms_with_one_query_per_runtime(client: AnyClient, fake: FakeBoomi) -> None:
    targets = [ChangeTarget.coerce(("pause", rt, lid), 0) for rt in RUNTIMES for lid in LISTENERS[rt]]
    outcomes = run(client.change_many(targets, wait=True, timeout=10))
    assert [o.target for o in outcomes] == targets
    assert all(o.confirmed and o.accepted for o in outcomes), [o.error for o in outcomes]
    assert [o.state for o in outcomes] == [ListenerState(t.listener_id or "", "paused", "wss") for t in targets]
    # 12 changes; then, the changes being applied at once, ONE round: one query and one read per runtime.
    assert sorted(queried_runtimes(fake)) == RUNTIMES
    assert paths(fake) == Counter({"changeListenerStatus": 12, "query": 3, "response": 3})


ScriptedRound = dict[str, list[ListenerState]]


def scripted(client: AnyClient, rounds: Sequence[ScriptedRound]) -> list[list[str]]:
    """Replace ``client.statuses`` by a script of rounds; returns the runtimes asked, round by round."""
    asked: list[list[str]] = []
    seen: Counter[str] = Counter()

    def answer(container_id: str, listener_id: str | None) -> list[ListenerState]:
        index = seen[container_id]
        seen[container_id] += 1
        while len(asked) <= index:
            asked.append([])
        asked[index].append(container_id)
        script = rounds[min(index, len(rounds) - 1)]
        # A query narrowed to the one listener still pending on a runtime answers only that listener.
        return [s for s in script.get(container_id, []) if listener_id in (None, s.listener_id)]

    if isinstance(client, AsyncListenerClient):

        async def statuses_async(container_id: str, listener_id: str | None = None, query: Any = None) -> Any:
            return answer(container_id, listener_id)

        client._statuses = statuses_async  # type: ignore[method-assign]
    else:

        def statuses_sync(container_id: str, listener_id: str | None = None, query: Any = None) -> Any:
            return answer(container_id, listener_id)

        client._statuses = statuses_sync  # type: ignore[method-assign]
    return asked


def states(runtime: str, *statuses: str) -> list[ListenerState]:
    return [ListenerState(lid, status) for lid, status in zip(LISTENERS[runtime], statuses, strict=True)]


def test_each_round_queries_each_pending_runtime_once(kind: str) -> None:
    a, b, c = RUNTIMES
    client = accepting_client(kind, [])
    paused = ("paused",) * 4
    asked = scripted(
        client,
        [
            {a: states(a, *paused), b: states(b, "paused", "paused", "paused", "listening"), c: states(c, *("x",) * 4)},
            {b: states(b, *paused), c: states(c, "paused", "mixed", "paused", "paused")},
            {c: states(c, *paused)},
        ],
    )
    expected = [Expectation(rt, lid, "paused") for rt in RUNTIMES for lid in LISTENERS[rt]]
    found = run(client.wait_for_many(expected, timeout=10))
    assert asked == [[a, b, c], [b, c], [c]]
    assert [f.expectation for f in found] == expected
    assert all(f.ok and f.state is not None and f.state.status == "paused" for f in found)


def test_why_a_listener_was_not_confirmed(kind: str) -> None:
    a, b, _ = RUNTIMES
    client = accepting_client(kind, [])
    la, lb = LISTENERS[a], LISTENERS[b]
    row = [
        ListenerState(la[0], "paused"),
        ListenerState(la[1], "errored"),
        ListenerState(la[2], "listening"),  # never reaches paused: timeout with this last state
        # la[3] is never reported
    ]
    asked = scripted(client, [{a: row, b: []}])
    found: list[Confirmation] = run(
        client.wait_for_many(
            [*(Expectation(a, lid, "paused") for lid in la), Expectation(b, lb[0], "paused"), (b, None, "paused")],
            timeout=0.3,
        )
    )
    assert found[0].ok
    assert found[0].state == ListenerState(la[0], "paused")
    assert isinstance(found[1].error, ListenerErroredError)
    assert found[1].state == ListenerState(la[1], "errored")
    assert type(found[2].error) is WaitTimeoutError
    assert found[2].state == ListenerState(la[2], "listening")
    assert isinstance(found[3].error, ListenerNotReportedError)
    assert (found[3].error.container_id, found[3].error.listener_id) == (a, la[3])
    assert isinstance(found[4].error, ListenerNotReportedError)
    assert found[5].ok
    assert found[5].states == ()
    assert asked[0] == [a, b], "one query per runtime, shared by its four expectations"


def test_a_failed_query_fails_only_its_runtime(kind: str, fake: FakeBoomi) -> None:
    fake.faults.set_offline(RUNTIMES[1])
    expected = [Expectation(rt, LISTENERS[rt][0], "listening") for rt in RUNTIMES]
    with serve(fake) as base_url:
        client = make_client(kind, base_url)
        if isinstance(client, ListenerClient):
            with client:
                found = client.wait_for_many(expected, timeout=5)
        else:

            async def wait(async_client: AsyncListenerClient) -> list[Confirmation]:
                async with async_client:
                    return await async_client.wait_for_many(expected, timeout=5)

            found = asyncio.run(wait(client))
    assert [f.ok for f in found] == [True, False, True]
    assert found[1].error is not None
    assert "410" in str(found[1].error)


def accepting_client(kind: str, log: list[str]) -> AnyClient:
    """A client whose changes are accepted (200) by a mock; status reads are scripted separately."""

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request.url.path.rsplit("/", 1)[1])
        return httpx.Response(200)

    return make_client(kind, "http://boomi.test", httpx.MockTransport(handler))


def test_pause_all_waits_through_the_bulk_waiter(kind: str) -> None:
    a = RUNTIMES[0]
    sent: list[str] = []
    client = accepting_client(kind, sent)
    asked = scripted(
        client, [{a: states(a, "paused", "listening", "paused", "paused")}, {a: states(a, *("paused",) * 4)}]
    )
    calls: list[Any] = []
    original = client._wait

    def spy(expectations: Any, *args: Any) -> Any:
        calls.append(list(expectations))
        return original(calls[-1], *args)

    client._wait = spy  # type: ignore[method-assign]
    result = run(client.pause_all(container_id=a, wait=True, timeout=5))
    assert calls == [[Expectation(a, None, "paused")]]
    assert result.states == tuple(states(a, *("paused",) * 4))
    assert sent == ["changeListenerStatus"]
    assert asked == [[a], [a]]


def test_a_wait_that_times_out_raises_for_pause_all(kind: str) -> None:
    a = RUNTIMES[0]
    client = accepting_client(kind, [])
    scripted(client, [{a: states(a, "paused", "listening", "paused", "paused")}])
    with pytest.raises(WaitTimeoutError) as caught:
        run(client.pause_all(container_id=a, wait=True, timeout=0.05))
    assert caught.value.last_state == states(a, "paused", "listening", "paused", "paused")


def test_restart_is_confirmed_only_after_the_listener_was_seen_away(kind: str) -> None:
    a = RUNTIMES[0]
    client = accepting_client(kind, [])
    lid = LISTENERS[a][0]
    asked = scripted(
        client,
        [
            {a: [ListenerState(lid, "listening")]},  # not restarted yet: does not count
            {a: [ListenerState(lid, "paused")]},  # the restart is under way
            {a: [ListenerState(lid, "listening")]},
        ],
    )
    (found,) = run(client.wait_for_many([Expectation(a, lid, "listening", restarted=True)], timeout=5))
    assert found.ok
    assert len(asked) == 3


# -- one outcome per target, whatever happens -----------------------------------------------------------


def failing_handler(seen: list[str]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        listener = json.loads(request.content)["listenerId"]
        seen.append(listener)
        if listener.endswith("boom"):
            raise RuntimeError("a bug nobody foresaw")
        if listener.endswith("bad"):
            return httpx.Response(400, json={"@type": "Error", "message": "no such listener"})
        if listener.endswith("nested"):
            return httpx.Response(400, content=b"[" * 5000, headers={"content-type": "application/json"})
        return httpx.Response(200)

    return handler


def test_one_outcome_per_target_whatever_happens(kind: str) -> None:
    names = ["l0", "l1-boom", "l2-bad", "l3", "l4-nested", "l5", "l6", "l7-boom"] * 5
    seen: list[str] = []
    client = make_client(kind, "http://boomi.test", _mock(kind, failing_handler(seen)))
    calls: list[int] = []

    def progress(done: int, total: int, outcome: Any) -> None:
        calls.append(done)
        if done % 7 == 0:
            raise ValueError("the progress bar broke")

    targets = [("pause", "C", name) for name in names]
    outcomes = run(client.change_many(targets, concurrency=4, progress=progress))
    assert len(outcomes) == len(targets)
    assert sorted(seen) == sorted(names)
    assert [o.target.listener_id for o in outcomes] == names
    assert sorted(calls) == list(range(1, len(names) + 1))
    for outcome in outcomes:
        name = outcome.target.listener_id or ""
        if name.endswith("boom"):
            assert isinstance(outcome.error, UnexpectedError)
            assert "RuntimeError" in str(outcome.error)
            assert not outcome.accepted
        elif name.endswith("bad"):
            assert isinstance(outcome.error, BadRequestError)
        elif name.endswith("nested"):
            assert outcome.error is not None
            assert not outcome.ok
    progress_failures = [o for o in outcomes if isinstance(o.error, UnexpectedError) and o.accepted]
    assert progress_failures, "a raising progress callback is recorded on the outcome it was called for"
    assert all("progress callback" in str(o.error) for o in progress_failures)


def _mock(kind: str, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    if kind == "sync":
        return httpx.MockTransport(handler)

    async def async_handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)
        return handler(request)

    return httpx.MockTransport(async_handler)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"wait": True, "timeout": "5"}, TypeError),
        ({"wait": True, "timeout": float("nan")}, ValueError),
        ({"wait": True, "timeout": -1}, ValueError),
        ({"concurrency": 0}, ValueError),
        ({"rate_limit": float("inf")}, ValueError),
        ({"rate_limit": 0}, ValueError),
        ({"progress": "not callable"}, TypeError),
    ],
)
def test_misuse_is_refused_before_any_request(kind: str, options: dict[str, Any], error: type[Exception]) -> None:
    seen: list[str] = []
    client = make_client(kind, "http://boomi.test", _mock(kind, failing_handler(seen)))
    with pytest.raises(error):
        run(client.change_many([("pause", "C", "L")], **options))
    with pytest.raises((TypeError, ValueError)):
        run(client.wait_for_many([("C", "L", "paused")], timeout=float("inf")))
    assert seen == []


def test_async_cancellation_leaves_no_task_behind() -> None:
    started: list[str] = []
    release, four_started = asyncio.Event(), asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        started.append(json.loads(request.content)["listenerId"])
        if len(started) == 4:
            four_started.set()
        await release.wait()
        return httpx.Response(200)

    async def scenario() -> None:
        client = make_client("async", "http://boomi.test", httpx.MockTransport(handler))
        assert isinstance(client, AsyncListenerClient)
        call = asyncio.create_task(client.change_many([("pause", "C", f"L{i}") for i in range(20)], concurrency=4))
        await four_started.wait()
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert asyncio.all_tasks() == {asyncio.current_task()}, "a task outlived the cancelled call"
        release.set()
        await asyncio.sleep(0)
        assert len(started) == 4, "no request may start after the call was cancelled"
        await client.aclose()

    asyncio.run(scenario())
