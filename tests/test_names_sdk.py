"""Names in the SDK, both clients, against the fake: list runtimes, resolve names, listener names on states."""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from boomi_listeners import (
    APITimeoutError,
    AsyncListenerClient,
    InvalidRequestError,
    ListenerClient,
    PollPolicy,
    RetryPolicy,
)
from boomi_listeners._names import (
    AmbiguousNameError,
    NameCache,
    NameNotFoundError,
    NameResolutionError,
    RuntimeOfflineError,
)
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_USERNAME,
    Account,
    FakeBoomi,
    FakeState,
    Listener,
    ManualClock,
    Runtime,
    User,
)
from boomi_listeners.testing.sync_asgi import SyncASGITransport

FAST_POLL = PollPolicy(initial=0.01, factor=1.5, maximum=0.05, restart_settle=0.5)


def call(kind: str, fake: FakeBoomi, method: str, **kwargs: Any) -> Any:
    """``client.<method>(**kwargs)`` on a fresh client of ``kind`` talking to ``fake`` in process."""
    return calls(kind, fake, lambda client: getattr(client, method)(**kwargs))


def calls(kind: str, fake: FakeBoomi, script: Callable[[Any], Any], **extra: Any) -> Any:
    options: dict[str, Any] = {
        "account_id": DEMO_ACCOUNT_ID,
        "username": DEMO_USERNAME,
        "password": DEMO_PASSWORD,
        "base_url": "http://fake.test",
        "max_requests_per_second": None,
        "poll": FAST_POLL,
        **extra,
    }
    if kind == "sync":
        with ExitStack() as stack:
            transport = stack.enter_context(SyncASGITransport(fake.app))
            client = stack.enter_context(ListenerClient(transport=transport, **options))
            return script(client)

    async def run() -> Any:
        async with AsyncListenerClient(transport=httpx.ASGITransport(app=fake.app), **options) as client:
            result = script(client)
            while asyncio.iscoroutine(result):
                result = await result
            return result

    return asyncio.run(run())


def requests_to(fake: FakeBoomi, fragment: str) -> int:
    return sum(1 for r in fake.requests if fragment in r.path)


def many_runtimes(count: int, *, duplicate: str | None = None) -> FakeState:
    state = FakeState(
        accounts=[Account(DEMO_ACCOUNT_ID)],
        users=[User(DEMO_USERNAME, password=DEMO_PASSWORD, accounts=[DEMO_ACCOUNT_ID])],
    )
    for i in range(count):
        name = duplicate if duplicate and i in (3, 140) else f"Atom {i:04d}"
        state.add_runtime(
            Runtime(f"rt-{i:04d}", name, DEMO_ACCOUNT_ID, listeners=[Listener(f"proc-{i:04d}", f"Listener {i:04d}")])
        )
    return state


def test_runtimes_lists_name_id_type_status_and_environments(kind: str, fake: FakeBoomi) -> None:
    found = {r.name: r for r in call(kind, fake, "runtimes")}

    assert set(found) == {
        "Production Atom (us-east)",
        "Integration Molecule (eu-west)",
        "Legacy Atom (on-premises)",
        "Contract test Atom",
    }
    prod = found["Production Atom (us-east)"]
    assert (prod.id, prod.type, prod.status, prod.environments) == (
        DEMO_PROD_CONTAINER_ID,
        "ATOM",
        "ONLINE",
        ("Production",),
    )
    assert found["Legacy Atom (on-premises)"].online is False
    assert found["Integration Molecule (eu-west)"].type == "MOLECULE"


def test_runtimes_filters(kind: str, fake: FakeBoomi) -> None:
    assert [r.name for r in call(kind, fake, "runtimes", type="molecule")] == ["Integration Molecule (eu-west)"]
    assert [r.id for r in call(kind, fake, "runtimes", status="OFFLINE")] == [DEMO_OFFLINE_CONTAINER_ID]
    in_test = call(kind, fake, "runtimes", environment="Test")
    assert sorted(r.id for r in in_test) == sorted([DEMO_MOLECULE_CONTAINER_ID, DEMO_TEST_CONTAINER_ID])
    with pytest.raises(NameNotFoundError, match="'Staging'"):
        call(kind, fake, "runtimes", environment="Staging")


def test_resolve_runtime_by_exact_name_costs_one_query(kind: str, fake: FakeBoomi) -> None:
    runtime = call(kind, fake, "resolve_runtime", name="Production Atom (us-east)")

    assert runtime.id == DEMO_PROD_CONTAINER_ID
    assert runtime.online
    assert len(fake.requests) == 1


def test_unknown_runtime_name_names_the_search(kind: str, fake: FakeBoomi) -> None:
    with pytest.raises(NameNotFoundError) as raised:
        call(kind, fake, "resolve_runtime", name="Production Atom")

    assert "No runtime is named 'Production Atom'" in str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert (raised.value.kind, raised.value.name, raised.value.matches) == ("runtime", "Production Atom", ())


def test_ambiguous_name_lists_every_match_even_across_pages(kind: str) -> None:
    fake = FakeBoomi(many_runtimes(150, duplicate="Twin Atom"))

    with pytest.raises(AmbiguousNameError) as raised:
        call(kind, fake, "resolve_runtime", name="Twin Atom")

    assert raised.value.matches == (("rt-0003", "Twin Atom"), ("rt-0140", "Twin Atom"))
    assert "rt-0003" in str(raised.value)
    assert "rt-0140" in str(raised.value)


def test_listing_more_than_100_runtimes_follows_query_more(kind: str) -> None:
    fake = FakeBoomi(many_runtimes(230))

    found = call(kind, fake, "runtimes")

    assert len(found) == 230
    assert len({r.id for r in found}) == 230
    assert requests_to(fake, "/Atom/queryMore") == 2


def test_resolve_environment_gives_every_attached_runtime_with_status(kind: str, fake: FakeBoomi) -> None:
    environment = call(kind, fake, "resolve_environment", name="Production")

    assert [(r.id, r.online) for r in environment.runtimes] == [
        (DEMO_PROD_CONTAINER_ID, True),
        (DEMO_OFFLINE_CONTAINER_ID, False),
    ]
    assert environment.classification == "PROD"
    assert requests_to(fake, "/Atom/bulk") == 1


def test_resolve_runtimes_reports_offline_ones_before_any_change(kind: str, fake: FakeBoomi) -> None:
    with pytest.raises(RuntimeOfflineError) as raised:
        call(kind, fake, "resolve_runtimes", environments=["Production"], require_online=True)

    assert [r.id for r in raised.value.runtimes] == [DEMO_OFFLINE_CONTAINER_ID]
    assert "Legacy Atom (on-premises)" in str(raised.value)
    assert requests_to(fake, "changeListenerStatus") == 0


def test_resolve_runtimes_names_each_runtime_once(kind: str, fake: FakeBoomi) -> None:
    found = call(kind, fake, "resolve_runtimes", names=["Contract test Atom"], environments=["Test"])

    assert [r.id for r in found] == [DEMO_TEST_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID]


def test_resolve_process(kind: str, fake: FakeBoomi) -> None:
    assert call(kind, fake, "resolve_process", name="Orders web service listener").id == DEMO_PROD_LISTENER_ID
    with pytest.raises(NameNotFoundError, match="listener process"):
        call(kind, fake, "resolve_process", name="orders web service listener")


def test_named_statuses_carry_names_with_one_bulk_lookup_then_the_cache(kind: str, fake: FakeBoomi) -> None:
    def twice(client: Any) -> Any:
        if isinstance(client, ListenerClient):
            return client.named_statuses(container_id=DEMO_PROD_CONTAINER_ID), client.named_statuses(
                container_id=DEMO_PROD_CONTAINER_ID
            )

        async def run() -> Any:
            first = await client.named_statuses(container_id=DEMO_PROD_CONTAINER_ID)
            return first, await client.named_statuses(container_id=DEMO_PROD_CONTAINER_ID)

        return run()

    first, second = calls(kind, fake, twice)

    names = {s.listener_id: s.name for s in first}
    assert names[DEMO_PROD_LISTENER_ID] == "Orders web service listener"
    assert set(names.values()) == {
        "Orders web service listener",
        "Inventory JMS subscriber",
        "Partner AS2 inbound",
        "Webhook receiver (HTTP)",
    }
    assert second == first
    assert requests_to(fake, "/Process/bulk") == 1


def test_listener_names_of_more_than_100_listeners_take_one_bulk_per_100(kind: str) -> None:
    fake = FakeBoomi(many_runtimes(150))
    ids = [f"proc-{i:04d}" for i in range(150)] + ["unknown-process"]

    names = call(kind, fake, "listener_names", listener_ids=ids)

    assert names["proc-0149"] == "Listener 0149"
    assert names["unknown-process"] is None
    assert requests_to(fake, "/Process/bulk") == 2


def test_bad_names_are_refused_before_any_request(kind: str, fake: FakeBoomi) -> None:
    with pytest.raises(InvalidRequestError, match="name"):
        call(kind, fake, "resolve_runtime", name=" ")
    with pytest.raises(InvalidRequestError, match="environments must be a list"):
        call(kind, fake, "resolve_runtimes", environments="Production")
    assert fake.requests == []


def test_name_cache_forgets_after_its_time() -> None:
    clock = ManualClock()
    cache = NameCache(seconds=10.0, clock=clock)
    cache.store(["a", "b"], {"a": "Alpha"})

    assert cache.missing(["a", "b", "c"]) == ["c"]
    clock.advance(10.0)
    assert cache.missing(["a", "b"]) == ["a", "b"]


def test_name_errors_pickle_with_their_matches() -> None:
    error = AmbiguousNameError("2 runtimes", kind="runtime", name="X", matches=[("1", "X"), ("2", "X")])

    copy = pickle.loads(pickle.dumps(error))

    assert isinstance(copy, NameResolutionError)
    assert (str(copy), copy.matches) == ("2 runtimes", (("1", "X"), ("2", "X")))


def test_the_filters_the_sdk_and_the_fake_use_are_the_specs() -> None:
    """A property Boomi's spec drops from an object's QueryFilter fails here, naming it."""
    from boomi_listeners.testing import objects
    from boomi_listeners_api.models import (
        AtomSimpleExpressionProperty,
        EnvironmentAtomAttachmentSimpleExpressionProperty,
        EnvironmentSimpleExpressionProperty,
        ProcessSimpleExpressionProperty,
    )

    allowed = {
        "Atom": {p.value for p in AtomSimpleExpressionProperty},
        "Environment": {p.value for p in EnvironmentSimpleExpressionProperty},
        "EnvironmentAtomAttachment": {p.value for p in EnvironmentAtomAttachmentSimpleExpressionProperty},
        "Process": {p.value for p in ProcessSimpleExpressionProperty},
    }
    # What the SDK filters on.
    assert {"name", "type", "status"} <= allowed["Atom"]
    assert "name" in allowed["Environment"]
    assert "environmentId" in allowed["EnvironmentAtomAttachment"]
    assert "name" in allowed["Process"]
    # What the fake can compare: each of its objects' filter properties is one the spec lists.
    state = FakeBoomi().state
    made = {
        "Atom": objects.atoms(state, DEMO_ACCOUNT_ID, lambda _: True),
        "Environment": objects.environments(state, DEMO_ACCOUNT_ID),
        "EnvironmentAtomAttachment": objects.attachments(state, DEMO_ACCOUNT_ID),
        "Process": objects.processes(state, DEMO_ACCOUNT_ID),
    }
    for object_type, found in made.items():
        assert found, object_type
        for obj in found:
            assert set(obj.filterable) <= allowed[object_type], (
                object_type,
                set(obj.filterable) - allowed[object_type],
            )


def test_name_reads_are_retried_like_every_request(kind: str, fake: FakeBoomi) -> None:
    fake.faults.fail_next(2, status=503, retry_after=0)
    fast = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0)

    runtime = calls(kind, fake, lambda client: client.resolve_runtime("Contract test Atom"), retry=fast)

    assert runtime.id == DEMO_TEST_CONTAINER_ID
    assert [r.status for r in fake.requests] == [503, 503, 200]


def test_name_reads_end_on_the_calls_timeout(kind: str, fake: FakeBoomi) -> None:
    fake.faults.latency = 0.3  # each answer takes longer than the whole call may

    with pytest.raises(APITimeoutError) as raised:
        calls(kind, fake, lambda client: client.runtimes(timeout=0.2), retry=RetryPolicy.none())

    assert raised.value.deadline_passed
    # The first query ran the time out; the Environment and attachment queries were never sent.
    assert [r.path.rsplit("/", 2)[-2] for r in fake.requests] in ([], ["Atom"])


def test_offline_set_by_a_fault_is_what_the_atom_query_reports(fake: FakeBoomi) -> None:
    fake.faults.set_offline(DEMO_TEST_CONTAINER_ID)

    with pytest.raises(RuntimeOfflineError, match="Contract test Atom"):
        call("sync", fake, "resolve_runtimes", names=["Contract test Atom"], require_online=True)
