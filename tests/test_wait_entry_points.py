"""Every entry point that waits, over the same situations, with both clients: the same outcome each time.

The embedded fake follows the transition table; the entry points are a verb with ``wait=True``,
its ``*_all`` form, ``wait_for``/``wait_for_all``, ``change_many(wait=True)`` and ``apply``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from boomi_listeners import (
    AsyncListenerClient,
    BoomiTimeoutError,
    InvalidRequestError,
    ListenerClient,
    ListenerErroredError,
    ListenerNotReportedError,
    ListenerState,
    PollPolicy,
    RetryPolicy,
    StateDocument,
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
)
from boomi_listeners.testing.sync_asgi import SyncASGITransport

RT = "entry-runtime"
QUIET = "entry-quiet"
LISTENING, PAUSED, ERRORED, HIDDEN = "L-listening", "L-paused", "L-errored", "L-wss"
POLL = PollPolicy(initial=0.01, factor=1.0, maximum=0.01, restart_settle=0.5, unreported_grace=0.2)


def fake_with(profile: str | None = None) -> FakeBoomi:
    state = demo_state()
    state.add_runtime(
        Runtime(
            RT,
            RT,
            DEMO_ACCOUNT_ID,
            listeners=[
                Listener(LISTENING, connector_type="http"),
                Listener(PAUSED, connector_type="http", status="paused"),
                Listener(ERRORED, connector_type="http", status="errored"),
                Listener(HIDDEN, connector_type="wss"),
            ],
        )
    )
    state.add_runtime(Runtime(QUIET, QUIET, DEMO_ACCOUNT_ID, listeners=[Listener("Q1", connector_type="http")]))
    options: dict[str, Any] = {"apply_delay": 0.03, "restart_phase": 0.03, "query_delay": 0.0}
    if profile is not None:
        options["profile"] = profile
    return FakeBoomi(state, **options)


class Call:
    """Calls a client method by name on a fresh client of one kind, against one fake."""

    def __init__(self, kind: str, fake: FakeBoomi, poll: PollPolicy = POLL) -> None:
        self.kind, self.fake, self.poll = kind, fake, poll

    def __call__(self, method: str, **kwargs: Any) -> Any:
        options: dict[str, Any] = {
            "account_id": DEMO_ACCOUNT_ID,
            "username": DEMO_USERNAME,
            "password": DEMO_PASSWORD,
            "base_url": "http://fake.test",
            "poll": self.poll,
            "retry": RetryPolicy.none(),
            "max_requests_per_second": None,
        }
        if self.kind == "sync":
            with SyncASGITransport(self.fake.app) as transport, ListenerClient(transport=transport, **options) as c:
                return getattr(c, method)(**kwargs)

        async def run() -> Any:
            async with AsyncListenerClient(transport=httpx.ASGITransport(app=self.fake.app), **options) as c:
                return await getattr(c, method)(**kwargs)

        return asyncio.run(run())


@pytest.fixture
def fake() -> FakeBoomi:
    return fake_with()


@pytest.fixture
def call(kind: str, fake: FakeBoomi) -> Call:
    return Call(kind, fake)


def changes(fake: FakeBoomi) -> list[str]:
    return [r.path for r in fake.requests if r.path.endswith("/changeListenerStatus")]


# -- a restart keeps a paused listener paused (Boomi's help, S11/S12) -------------------------------------

RESTART_PAUSED: dict[str, Callable[[Call], list[ListenerState]]] = {
    "restart": lambda c: list(c("restart", container_id=RT, listener_id=PAUSED, wait=True, timeout=5).states),
    "change": lambda c: list(c("change", action="restart", container_id=RT, listener_id=PAUSED, wait=True).states),
    "change_many": lambda c: list(
        c("change_many", targets=[("restart", RT, PAUSED)], wait=True, timeout=5)[0].result.states
    ),
}


@pytest.mark.parametrize("entry", list(RESTART_PAUSED))
def test_restarting_a_paused_listener_confirms_promptly_and_it_stays_paused(kind: str, entry: str) -> None:
    fake = fake_with()
    # A settle time far past the timeout: a wait that looked for the paused listener to leave
    # "paused" (as after a restart of a listening one) would run out of time instead.
    states = RESTART_PAUSED[entry](
        Call(kind, fake, PollPolicy(initial=0.01, factor=1.0, maximum=0.01, restart_settle=60))
    )
    assert [(s.listener_id, s.status) for s in states] == [(PAUSED, "paused")]
    assert fake.status_of(RT, PAUSED) == "paused"
    assert len(changes(fake)) == 1


def test_restart_all_confirms_each_listener_where_the_table_leads_it(call: Call, fake: FakeBoomi) -> None:
    result = call("restart_all", container_id=RT, wait=True, timeout=5)
    assert {s.listener_id: s.status for s in result.states} == {
        LISTENING: "listening",
        PAUSED: "paused",
        ERRORED: "listening",  # a restart clears an error (the fake's choice, documented)
        HIDDEN: "listening",
    }
    assert fake.status_of(RT, PAUSED) == "paused"


def test_restarting_a_listening_listener_waits_for_it_to_come_back(call: Call, fake: FakeBoomi) -> None:
    result = call("restart", container_id=RT, listener_id=LISTENING, wait=True, timeout=5)
    assert [s.status for s in result.states] == ["listening"]
    seen = [r for r in fake.requests if "/response/" in r.path]
    assert len(seen) >= 3, "the status was read before, during (paused) and after the restart"


# -- an errored listener ends a wait at once ----------------------------------------------------------------

ERRORED_WAITS: dict[str, Callable[[Call], Any]] = {
    "resume": lambda c: c("resume", container_id=RT, listener_id=ERRORED, wait=True, timeout=30),
    "pause": lambda c: c("pause", container_id=RT, listener_id=ERRORED, wait=True, timeout=30),
    "wait_for": lambda c: c("wait_for", container_id=RT, listener_id=ERRORED, status="listening", timeout=30),
    "change_many": lambda c: c("change_many", targets=[("resume", RT, ERRORED)], wait=True, timeout=30)[0].error,
    "wait_for_many": lambda c: c("wait_for_many", expectations=[(RT, ERRORED, "paused")], timeout=30)[0].error,
}


@pytest.mark.parametrize("entry", list(ERRORED_WAITS))
def test_an_errored_listener_ends_every_wait_at_once(call: Call, entry: str) -> None:
    started = time.monotonic()
    try:
        found = ERRORED_WAITS[entry](call)
    except ListenerErroredError as exc:
        found = exc
    assert isinstance(found, ListenerErroredError), found
    assert not isinstance(found, TimeoutError)
    assert isinstance(found.last_state, ListenerState)
    assert found.last_state.status == "errored"
    assert time.monotonic() - started < 10, "not the 30 s timeout"


def test_a_whole_runtime_wait_reports_its_errored_listener(call: Call) -> None:
    result = call("pause_all", container_id=RT, wait=True, timeout=5)
    assert {s.listener_id: s.status for s in result.states}[ERRORED] == "errored"
    states = call("wait_for_all", container_id=RT, status="paused", timeout=5)
    assert {s.status for s in states} == {"paused", "errored"}


# -- an unreported listener ends after the grace ------------------------------------------------------------

UNREPORTED: dict[str, Callable[[Call], Any]] = {
    "pause": lambda c: c("pause", container_id=RT, listener_id=HIDDEN, wait=True, timeout=30),
    "restart": lambda c: c("restart", container_id=RT, listener_id=HIDDEN, wait=True, timeout=30),
    "wait_for": lambda c: c("wait_for", container_id=RT, listener_id=HIDDEN, status="paused", timeout=30),
    "change_many": lambda c: c("change_many", targets=[("pause", RT, HIDDEN)], wait=True, timeout=30)[0].error,
}


@pytest.mark.parametrize("entry", list(UNREPORTED))
def test_an_unreported_listener_ends_every_wait_after_the_grace(kind: str, entry: str) -> None:
    call = Call(kind, fake_with("unreported-wss"))
    started = time.monotonic()
    try:
        found = UNREPORTED[entry](call)
    except ListenerNotReportedError as exc:
        found = exc
    assert isinstance(found, ListenerNotReportedError), found
    assert (found.container_id, found.listener_id) == (RT, HIDDEN)
    assert time.monotonic() - started < 10, "not the 30 s timeout"


def test_apply_reports_a_listener_the_runtime_does_not_report_and_sends_nothing_for_it(kind: str) -> None:
    fake = fake_with("unreported-wss")
    document = StateDocument.from_dict(
        {"version": 1, "runtimes": [{"container_id": RT, "listeners": [{"listener_id": HIDDEN, "status": "paused"}]}]}
    )
    result = Call(kind, fake)("apply", document=document, timeout=5)
    assert [o.result for o in result.outcomes] == ["missing"]
    assert changes(fake) == []


# -- one meaning of timeout ------------------------------------------------------------------------------


def test_a_wait_that_runs_out_is_a_timeout_with_the_last_state(call: Call, fake: FakeBoomi) -> None:
    fake.apply_delay = 60.0
    with pytest.raises(WaitTimeoutError) as caught:
        call("pause", container_id=RT, listener_id=LISTENING, wait=True, timeout=0.5)
    assert isinstance(caught.value, BoomiTimeoutError)
    assert caught.value.last_state == ListenerState(LISTENING, "listening", "http")


@pytest.mark.parametrize("method", ["snapshot", "plan"])
def test_timeout_bounds_the_whole_call_over_several_runtimes(kind: str, method: str) -> None:
    fake = fake_with()
    fake.query_delay = 60.0  # no runtime's query ever completes
    ids = [RT, QUIET, RT + "-x"]
    for extra in ids[2:]:
        fake.state.add_runtime(Runtime(extra, extra, DEMO_ACCOUNT_ID, listeners=[Listener("X1")]))
    started = time.monotonic()
    if method == "snapshot":
        with pytest.raises(BoomiTimeoutError):
            Call(kind, fake)("snapshot", container_ids=ids, timeout=1.0)
    else:
        document = StateDocument.from_dict(
            {"version": 1, "runtimes": [{"container_id": c, "listeners": []} for c in ids]}
        )
        Call(kind, fake)("plan", document=document, timeout=1.0)
    assert time.monotonic() - started < 2.5, "one timeout for the call, not one per runtime"


STATUS_ARGS: dict[str, Callable[[Call, Any], Any]] = {
    "wait_for": lambda c, s: c("wait_for", container_id=RT, listener_id=LISTENING, status=s, timeout=5),
    "wait_for_all": lambda c, s: c("wait_for_all", container_id=RT, status=s, timeout=5),
    "wait_for_many": lambda c, s: c("wait_for_many", expectations=[(RT, LISTENING, s)], timeout=5),
}


@pytest.mark.parametrize("entry", list(STATUS_ARGS))
@pytest.mark.parametrize("status", ["Paused", "resumed", "mixed"])
def test_a_misspelled_status_is_refused_before_any_request(
    call: Call, fake: FakeBoomi, entry: str, status: str
) -> None:
    with pytest.raises(InvalidRequestError):
        STATUS_ARGS[entry](call, status)
    assert fake.requests == []


@pytest.mark.parametrize("timeout", [0, -1, float("nan")])
@pytest.mark.parametrize("method", ["snapshot", "change_many", "wait_for_many"])
def test_a_timeout_that_is_not_above_zero_is_refused_before_any_request(
    call: Call, fake: FakeBoomi, method: str, timeout: float
) -> None:
    arguments: dict[str, Any] = {
        "snapshot": {"container_ids": [RT]},
        "change_many": {"targets": [("pause", RT, LISTENING)]},
        "wait_for_many": {"expectations": [(RT, LISTENING, "paused")]},
    }[method]
    with pytest.raises(ValueError, match="timeout"):
        call(method, timeout=timeout, **arguments)
    assert fake.requests == []


def test_the_cli_restart_of_a_paused_listener_exits_0_and_it_stays_paused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from boomi_listeners.cli import main
    from boomi_listeners.testing import serve

    fake = fake_with()
    with serve(fake, port=0) as base_url:
        for key, value in {
            "BOOMI_BASE_URL": base_url,
            "BOOMI_ACCOUNT_ID": DEMO_ACCOUNT_ID,
            "BOOMI_USERNAME": DEMO_USERNAME,
            "BOOMI_PASSWORD": DEMO_PASSWORD,
        }.items():
            monkeypatch.setenv(key, value)
        # The default restart settle time (10 s) is past this timeout: exit 0 proves no departure was awaited.
        code = main(["restart", "-c", RT, "--listener", PAUSED, "--wait", "--timeout", "5", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert fake.status_of(RT, PAUSED) == "paused"
    assert '"paused"' in out
