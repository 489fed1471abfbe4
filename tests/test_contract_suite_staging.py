"""The contract suite's staging mode: it refuses to start unguarded, and it confines what it changes.

Both run the suite as ``make contract-staging`` does, in a subprocess with
``BOOMI_CONTRACT_TARGET=staging``. The refusal is checked against Boomi's real address with every
proxy variable pointing at a loopback tripwire, which proves no request left. The rehearsal points
"staging" at a fake served on loopback by this test, then reads the fake's request log and state.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import pytest
from starlette.responses import Response

from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    RecordedRequest,
    demo_state,
    serve,
)
from boomi_listeners.testing.exchanges import ACCOUNT_PLACEHOLDER, load_exchanges

REPO = Path(__file__).resolve().parents[1]
SINGLE_ACTIONS = {"pause", "resume", "restart"}


def suite_env(**extra: str) -> dict[str, str]:
    """The environment minus anything that could point the suite elsewhere, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("BOOMI_") and key.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
    }
    env.update(extra)
    return env


def rehearsal_env(base_url: str, **extra: str) -> dict[str, str]:
    """A staging-mode environment aimed at a fake on loopback, with small case counts, at the fake's pace."""
    settings = {
        "BOOMI_CONTRACT_TARGET": "staging",
        "BOOMI_BASE_URL": base_url,
        "BOOMI_ACCOUNT_ID": DEMO_ACCOUNT_ID,
        "BOOMI_USERNAME": DEMO_USERNAME,
        "BOOMI_PASSWORD": DEMO_PASSWORD,
        "BOOMI_TEST_CONTAINER_ID": DEMO_TEST_CONTAINER_ID,
        "BOOMI_TEST_LISTENER_ID": DEMO_TEST_LISTENER_ID,
        "BOOMI_CONTRACT_MAX_EXAMPLES": "5",
        "BOOMI_CONTRACT_RATE_LIMIT": "off",
        "BOOMI_CONTRACT_REHEARSAL": "1",
        "BOOMI_CONTRACT_SETTLE_SECONDS": "1",
    }
    return suite_env(**{**settings, **extra})


def basic_token(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode()


def rehearsal_fake() -> FakeBoomi:
    """A demo fake whose designated listener starts paused, so a restore has something to do."""
    fake = FakeBoomi(state=demo_state(), apply_delay=0.05, restart_phase=0.5, query_delay=0.01)
    fake.state.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, "paused")
    return fake


#: ``python -c WITH_DEFAULT_SIGINT <args>`` runs ``python <args>`` with SIGINT at its default action.
#: A shell starts background jobs with SIGINT ignored and children inherit that (Python then installs
#: no KeyboardInterrupt handler), so without it the suite would never see the Ctrl-C when these
#: tests run as a background job. ``exec`` keeps the process ID, so the signal reaches the suite itself.
WITH_DEFAULT_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)


class HoldFirstChange:
    """The fake's app, except that it holds the first changeListenerStatus request until ``release`` is set.

    The suite sends that request from inside a test and waits for its answer, so an interrupt sent
    while it is held lands inside a test. Holding it also makes the designated listener
    ``listening``, as if the suite's changes had taken effect: the restore then has to pause it
    again. The held request never reaches the fake, so it changes nothing itself.
    """

    def __init__(self, fake: FakeBoomi) -> None:
        self.fake = fake
        self.app = fake.app
        self.held = threading.Event()
        self.release = threading.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        is_change = scope["type"] == "http" and str(scope["path"]).endswith("/changeListenerStatus")
        if self.held.is_set() or not is_change:
            await self.app(scope, receive, send)
            return
        self.fake.state.set_status(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, "listening")
        self.held.set()
        await asyncio.to_thread(self.release.wait)  # set once the interrupted suite has ended
        await Response(status_code=503)(scope, receive, send)


def run_suite(env: Mapping[str, str], *args: str, timeout: float = 280) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider"],
        cwd=REPO,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def tripwire() -> Iterator[socket.socket]:
    """A loopback socket that every proxy variable points at: any connection to it is a request that left."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    try:
        yield sock
    finally:
        sock.close()


def connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"BOOMI_TEST_CONTAINER_ID": "runtime-1"},
        {"BOOMI_TEST_LISTENER_ID": "listener-1"},
    ],
    ids=["neither", "container-only", "listener-only"],
)
def test_staging_without_designated_runtime_refuses_to_start(tripwire: socket.socket, given: dict[str, str]) -> None:
    proxy = f"http://127.0.0.1:{tripwire.getsockname()[1]}"
    env = suite_env(
        BOOMI_CONTRACT_TARGET="staging",
        BOOMI_BASE_URL="https://api.boomi.com",
        BOOMI_ACCOUNT_ID="account-123456",
        BOOMI_USERNAME="someone@example.com",
        BOOMI_PASSWORD="not-a-real-password",
        HTTP_PROXY=proxy,
        HTTPS_PROXY=proxy,
        ALL_PROXY=proxy,
        **given,
    )
    result = run_suite(env, "contract_tests", timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
    refusal = next(line for line in output.splitlines() if "refusing to start" in line)
    named_missing = refusal.split(" not set")[0]
    for name in ("BOOMI_TEST_CONTAINER_ID", "BOOMI_TEST_LISTENER_ID"):
        assert (name in named_missing) is (name not in given), refusal
    assert "passed" not in output
    assert "collected" not in output
    assert connections(tripwire) == 0, "the refused suite must not send a single request"


def named_ids(request: RecordedRequest) -> dict[str, Any] | None:
    """The fields a change request names (JSON or XML); None if the body names nothing readable."""
    media = (request.content_type or "").partition(";")[0].strip().lower()
    try:
        if media.endswith("json"):
            data = json.loads(request.body)
            return data if isinstance(data, dict) else None
        if media.endswith("xml"):
            root = SafeET.fromstring(request.body)
            fields: dict[str, Any] = {k.rpartition("}")[2]: v for k, v in root.attrib.items()}
            for child in root:
                fields.setdefault(str(child.tag).rpartition("}")[2], child.text)
            return fields
    except (ValueError, SafeET.ParseError):
        return None
    return None


@pytest.mark.slow
def test_staging_rehearsal_changes_only_the_designated_listener_and_restores_it(tmp_path: Path) -> None:
    fake = rehearsal_fake()  # starts paused; the scenarios end listening, so the restore must act
    others_before = {
        (runtime.id, listener.id): listener.status
        for runtime, listener in fake.state.iter_listeners()
        if runtime.id != DEMO_TEST_CONTAINER_ID
    }
    junit = tmp_path / "contract-junit.xml"
    with serve(fake) as base_url:
        env = rehearsal_env(
            base_url,
            BOOMI_CONTRACT_WATCH_CONTAINER_IDS=DEMO_PROD_CONTAINER_ID,
            BOOMI_CONTRACT_FUZZ="1",  # the negative phase too: confinement must hold for it as well
            BOOMI_CONTRACT_EXCHANGES=str(tmp_path / "exchanges.jsonl"),
        )
        result = run_suite(
            env, "contract_tests/test_provider.py", "contract_tests/test_scenarios.py", f"--junitxml={junit}"
        )
        requests = fake.requests
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "staging account boomi-demo-000001" in output
    assert "designated listener restore OK" in output, output

    changes = [r for r in requests if r.method == "POST" and r.path.endswith("/changeListenerStatus")]
    assert len(changes) > 20, f"the rehearsal sent only {len(changes)} changeListenerStatus requests"
    accepted = 0
    for request in changes:
        named = named_ids(request)
        if named is None:
            continue
        assert named.get("containerId") in (None, DEMO_TEST_CONTAINER_ID) or not isinstance(
            named.get("containerId"), str
        ), request
        if isinstance(named.get("listenerId"), str):
            assert named["listenerId"] == DEMO_TEST_LISTENER_ID, request
        if request.status == 200:
            accepted += 1
            assert named["containerId"] == DEMO_TEST_CONTAINER_ID, request
            if named.get("action") in SINGLE_ACTIONS:
                assert named["listenerId"] == DEMO_TEST_LISTENER_ID, request
    assert accepted > 0, "no change was accepted, so the rehearsal proves nothing about confinement"

    others_after = {
        (runtime.id, listener.id): listener.status
        for runtime, listener in fake.state.iter_listeners()
        if runtime.id != DEMO_TEST_CONTAINER_ID
    }
    assert others_after == others_before
    assert fake.state.pending_changes() == 0
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused"
    report = junit.read_text()
    assert "<testcase" in report

    # Every exchange was saved, redacted: the provider's cases and the clients' calls alike.
    saved = load_exchanges(tmp_path / "exchanges.jsonl")
    assert len(saved) >= len(requests) // 2
    assert {e.route for e in saved} >= {"change", "query", "read"}
    assert any(e.step and "test_provider" in e.step for e in saved)
    assert any(e.step and "test_scenarios" in e.step for e in saved)
    text = (tmp_path / "exchanges.jsonl").read_text()
    for secret in (DEMO_PASSWORD, DEMO_USERNAME, DEMO_ACCOUNT_ID, basic_token(DEMO_USERNAME, DEMO_PASSWORD)):
        assert secret not in text
    assert f"/api/rest/v1/{ACCOUNT_PLACEHOLDER}/" in text
    assert 'failures="0"' in report


@pytest.mark.slow
def test_staging_rehearsal_interrupted_with_ctrl_c_still_restores() -> None:
    fake = rehearsal_fake()
    hold = HoldFirstChange(fake)
    fake.app = hold  # type: ignore[assignment]  # serve() reads fake.app when it starts
    with serve(fake) as base_url:
        # The first change is held until the suite has ended, so the suite is inside a test whenever
        # the interrupt comes, however few cases it would send.
        env = rehearsal_env(base_url)
        suite = ["-m", "pytest", "contract_tests/test_provider.py", "-q", "-p", "no:cacheprovider"]
        process = subprocess.Popen(
            [sys.executable, "-c", WITH_DEFAULT_SIGINT, *suite],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 120
            while not hold.held.wait(0.05):
                assert process.poll() is None, "the suite ended before it sent a change"
                assert time.monotonic() < deadline, "the suite sent no change within 120 s"
            # The suite is now inside a test, waiting for the held answer: that is where Ctrl-C lands.
            interrupted_at = len(fake.requests)
            process.send_signal(signal.SIGINT)
            output, _ = process.communicate(timeout=120)
        finally:
            hold.release.set()
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == pytest.ExitCode.INTERRUPTED, output
    assert "designated listener restore OK" in output, output
    assert fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused"
    restoring = [
        r
        for r in fake.requests[interrupted_at:]
        if r.path.endswith("/changeListenerStatus")
        and r.status == 200
        and (named_ids(r) or {}).get("action") in ("pause", "pause_all")
    ]
    assert restoring, "the listener was listening when interrupted, so the restore must have paused it again"
