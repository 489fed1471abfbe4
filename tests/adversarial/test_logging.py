"""Retries are reported on the ``boomi_listeners`` logger; with no logging configured nothing is printed."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest

from boomi_listeners import ServiceUnavailableError
from tests.adversarial.conftest import Arena, Script
from tests.adversarial.hostile import answer, json_answer

BUSY = json_answer(503, {"message": "busy"})


def test_a_retry_prints_nothing_when_the_application_configured_no_logging(
    arena: Callable[[Script], Arena], kind: str
) -> None:
    a = arena(Script(change=[BUSY, BUSY, answer(200)]))
    script = textwrap.dedent(f"""
        import asyncio
        from boomi_listeners import AsyncListenerClient, ListenerClient, RetryPolicy
        options = dict(account_id="acct", username="u", password="p", base_url={a.base_url!r},
                       retry=RetryPolicy(attempts=3, wait_initial=0.001, wait_max=0.01, wait_jitter=0))
        if {kind!r} == "sync":
            with ListenerClient(**options) as client:
                client.pause(container_id="C", listener_id="L")
        else:
            async def main():
                async with AsyncListenerClient(**options) as client:
                    await client.pause(container_id="C", listener_id="L")
            asyncio.run(main())
        print("done")
    """)
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "done\n"
    assert finished.stderr == ""
    assert len(a.server.requests) == 3, "the retries did happen"


def test_retries_are_logged_on_the_package_logger(
    arena: Callable[[Script], Arena], caplog: pytest.LogCaptureFixture
) -> None:
    a = arena(Script(change=[BUSY, answer(200)]))
    caplog.set_level(logging.DEBUG)
    a.call("pause", container_id="C", listener_id="L")
    retries = [r for r in caplog.records if "retrying" in r.getMessage()]
    assert [r.name for r in retries] == ["boomi_listeners"]
    assert "503" in retries[0].getMessage()
    assert [r.name for r in caplog.records if r.levelno >= logging.WARNING] == ["boomi_listeners"], (
        "one record per retry"
    )


def test_each_retry_is_logged_once_with_its_attempt_number(
    arena: Callable[[Script], Arena], caplog: pytest.LogCaptureFixture
) -> None:
    a = arena(Script(change=BUSY))
    caplog.set_level(logging.WARNING, logger="boomi_listeners")
    with pytest.raises(ServiceUnavailableError):
        a.call("pause", container_id="C", listener_id="L")
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert [m.rsplit("(", 1)[1] for m in retries] == ["attempt 2 of 3)", "attempt 3 of 3)"]
    assert len(a.server.requests) == 3


def test_importing_and_retrying_install_nothing_on_another_librarys_logger() -> None:
    """Only the package's own logger gets a handler (a NullHandler); the root logger and every other are left alone."""
    script = textwrap.dedent("""
        import logging

        def others():
            loggers = logging.Logger.manager.loggerDict.items()
            return {name: (list(l.handlers), list(l.filters), l.propagate, l.level) for name, l in loggers
                    if isinstance(l, logging.Logger) and not name.startswith("boomi_listeners")}

        before = others()
        import httpx
        from boomi_listeners import AsyncListenerClient, ListenerClient, RetryPolicy
        answers = iter([503, 200])
        client = ListenerClient(account_id="a", username="u", password="p", base_url="http://boomi.test",
                                transport=httpx.MockTransport(lambda request: httpx.Response(next(answers))),
                                retry=RetryPolicy(attempts=2, wait_initial=0, wait_jitter=0),
                                max_requests_per_second=None)
        with client:
            client.pause(container_id="C", listener_id="L")
        changed = sorted(name for name, state in others().items() if state != before.get(name, ([], [], True, 0)))
        print(changed, logging.root.handlers, logging.root.filters)
    """)
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "[] [] []\n"
