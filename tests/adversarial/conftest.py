"""Fixtures of the adversarial suite: a hostile server per test and both clients against it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from boomi_listeners import AsyncListenerClient, ListenerClient, PollPolicy, RetryPolicy
from tests.adversarial.hostile import Behaviour, HostileServer, Seen, answer, json_answer, token_answer

#: Retries fast enough for a suite that must stay quick; ``Retry-After`` is honoured up to 50 ms.
FAST_RETRY = RetryPolicy(attempts=3, wait_initial=0.001, wait_max=0.01, wait_jitter=0.0, max_retry_after=0.05)
FAST_POLL = PollPolicy(initial=0.005, factor=1.0, maximum=0.005, restart_settle=0.05, unreported_grace=0.2)
API = "/api/rest/v1/acct"
CHANGE = f"{API}/changeListenerStatus"
QUERY = f"{API}/async/ListenerStatus/query"
RESULT = f"{API}/async/ListenerStatus/response/"
ROW = {"@type": "ListenerStatus", "listenerId": "L", "status": "paused", "connectorType": "wss"}
ROWS = {"responseStatusCode": 200, "numberOfResults": 1, "result": [ROW]}

Answer = Behaviour


@dataclass
class Script:
    """Answers by operation; a list answers in turn (its last entry repeats)."""

    change: Answer | list[Answer] = field(default_factory=lambda: answer(200))
    query: Answer | list[Answer] = field(default_factory=lambda: token_answer("ListenerStatus-tok"))
    result: Answer | list[Answer] = field(default_factory=lambda: json_answer(200, ROWS))
    other: Answer = field(default_factory=lambda: json_answer(404, {"message": "not here"}))

    def __call__(self, seen: Seen) -> Behaviour:
        if seen.path == CHANGE:
            chosen = self._next("change")
        elif seen.path == QUERY:
            chosen = self._next("query")
        elif seen.path.startswith(RESULT):
            chosen = self._next("result")
        else:
            chosen = self.other
        return chosen

    def _next(self, name: str) -> Answer:
        value = getattr(self, name)
        if isinstance(value, list):
            return value.pop(0) if len(value) > 1 else value[0]
        return value


@dataclass
class Arena:
    """A hostile server and a way to call either client against it."""

    kind: str
    server: HostileServer
    base_url: str
    #: Client options over the suite's own (``twin`` adds to them).
    options: dict[str, Any] = field(default_factory=dict)

    def twin(self, **options: Any) -> Arena:
        """This arena, its clients built with ``options`` too."""
        return replace(self, options={**self.options, **options})

    def call(self, method: str, /, **kwargs: Any) -> Any:
        """``client.<method>(**kwargs)`` on a fresh client of this kind (the async one in a fresh event loop)."""
        settings: dict[str, Any] = {
            "account_id": "acct", "username": "user", "password": "pw-Adversarial-55", "base_url": self.base_url,
            "retry": FAST_RETRY, "poll": FAST_POLL, "timeout": 5.0, **self.options,
        }  # fmt: skip
        if self.kind == "sync":
            with ListenerClient(**settings) as client:
                return getattr(client, method)(**kwargs)

        async def run() -> Any:
            async with AsyncListenerClient(**settings) as client:
                return await getattr(client, method)(**kwargs)

        return asyncio.run(run())


@pytest.fixture
def arena(kind: str) -> Iterator[Callable[[Script], Arena]]:
    """``arena(Script(...))`` starts a hostile server for the test; it stops when the test ends."""
    stack: list[Any] = []

    def start(script: Script) -> Arena:
        server = HostileServer(script)
        running = server.running()
        base_url = running.__enter__()
        stack.append(running)
        return Arena(kind, server, base_url)

    yield start
    for running in reversed(stack):
        running.__exit__(None, None, None)
