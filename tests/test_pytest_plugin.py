"""The pytest plugin as a user meets it: their own code and tests in a fresh folder, run by pytest in a subprocess.

The folder holds nothing of this repository: the fixtures come from the
installed package's ``pytest11`` entry point.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from boomi_listeners import (
    APIConnectionError,
    AsyncListenerClient,
    ListenerClient,
    RetryPolicy,
    ServiceUnavailableError,
)
from boomi_listeners.testing import DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID, FakeBoomi, instant_retry

#: A service's own code, as in the README.
USER_CODE = '''
from boomi_listeners import ListenerClient


def quiesce(client: ListenerClient, runtime_id: str) -> None:
    """Pause every listener on the runtime and wait until they are paused."""
    client.pause_all(container_id=runtime_id, wait=True)
'''

#: Its tests: only the plugin's fixtures and public names. One test must fail, to show failures surface.
USER_TESTS = f'''
import asyncio
import sys

import time

import pytest

from boomi_listeners.testing import DEMO_PROD_CONTAINER_ID as RUNTIME
from myservice import quiesce


def test_quiesce_pauses_every_listener(boomi_client, boomi_fake):
    boomi_fake.faults.fail_next(2, status=503, retry_after=600)  # retried without the ten-minute wait
    started = time.monotonic()
    quiesce(boomi_client, RUNTIME)
    assert time.monotonic() - started < 60, "the fixture client does not wait out Retry-After"
    assert {{s.status for s in boomi_client.statuses(container_id=RUNTIME)}} == {{"paused"}}


def test_every_test_gets_a_fresh_fake(boomi_fake):
    assert boomi_fake.status_of(RUNTIME, "{DEMO_PROD_LISTENER_ID}") == "listening"


@pytest.mark.boomi_fake(apply_delay=0.25, restart_phase=0.5)
def test_the_marker_configures_the_fake(boomi_fake):
    assert (boomi_fake.apply_delay, boomi_fake.restart_phase) == (0.25, 0.5)


def test_the_async_client_needs_no_async_plugin(async_boomi_client):
    async def pause_then_read():
        await async_boomi_client.pause_all(container_id=RUNTIME, wait=True)
        return await async_boomi_client.statuses(container_id=RUNTIME)

    assert {{s.status for s in asyncio.run(pause_then_read())}} == {{"paused"}}


def test_a_wrong_expectation_fails(boomi_client):
    quiesce(boomi_client, RUNTIME)
    assert {{s.status for s in boomi_client.statuses(container_id=RUNTIME)}} == {{"listening"}}


def test_the_fake_is_imported_only_when_a_fixture_asks(request):
    # Other tests in this run used the fixtures; a fresh interpreter shows what loading the plugin imports.
    import subprocess
    probe = "import boomi_listeners.pytest_plugin, sys; print('boomi_listeners.testing' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip() == "False"
'''


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTEST_ADDOPTS"}}
    env["PYTHONPATH"] = str(folder)  # the user's own module, as their project layout would provide
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def user_project(root: Path) -> Path:
    folder = root / "service"
    folder.mkdir()
    (folder / "myservice.py").write_text(USER_CODE, encoding="utf-8")
    (folder / "test_myservice.py").write_text(USER_TESTS, encoding="utf-8")
    return folder


def outcomes(output: str) -> dict[str, int]:
    return {word: int(count) for count, word in re.findall(r"(\d+) (passed|failed|error)", output)}


def test_a_users_tests_run_on_the_plugin_fixtures(tmp_path: Path) -> None:
    done = run_pytest(user_project(tmp_path), "-rf")

    assert outcomes(done.stdout) == {"passed": 5, "failed": 1}, done.stdout + done.stderr
    assert "FAILED test_myservice.py::test_a_wrong_expectation_fails" in done.stdout


def test_overriding_the_fixture_replaces_the_demo_fake(tmp_path: Path) -> None:
    folder = user_project(tmp_path)
    (folder / "conftest.py").write_text(
        textwrap.dedent(
            """
            import pytest
            from boomi_listeners.testing import FakeBoomi, demo_state

            @pytest.fixture
            def boomi_fake():
                state = demo_state()
                for runtime in state.runtimes.values():
                    runtime.online = False
                return FakeBoomi(state=state, apply_delay=0.0)
            """
        ),
        encoding="utf-8",
    )
    (folder / "test_offline.py").write_text(
        textwrap.dedent(
            """
            import pytest
            from boomi_listeners import GoneError
            from boomi_listeners.testing import DEMO_PROD_CONTAINER_ID

            def test_offline_runtime_answers_410(boomi_client):
                with pytest.raises(GoneError):
                    boomi_client.pause_all(container_id=DEMO_PROD_CONTAINER_ID)
            """
        ),
        encoding="utf-8",
    )

    done = run_pytest(folder, "test_offline.py")

    assert outcomes(done.stdout) == {"passed": 1}, done.stdout + done.stderr


#: A deploy script's tests under the profile that speaks every reading of Boomi at once (one-time codes,
#: 202/204 token reads, molecule rows, unreported wss listeners, the 10 requests/second limit...).
WINDOW_TESTS = '''
import asyncio

import pytest

from boomi_listeners import RequestBudget
from boomi_listeners.testing import (
    DEMO_PROD_CONTAINER_ID as RUNTIME, DEMO_TEST_CONTAINER_ID as OTHER, FakeBoomi, demo_state, fake_client,
    fake_settings,
)

# The production runtime's listeners Boomi reports under `strict` (its web-services listener it does not).
REPORTED = ["95987f23-d952-5b1c-9385-7243931f0f74", "66ff2508-a5fe-5094-a01a-e34bb20a0ac5",
            "9c04362f-cceb-553a-b575-55a58245faa4"]


def deploy(fake):
    """The service's deploy step: it runs while the listeners are paused."""
    return [fake.status_of(RUNTIME, listener_id) for listener_id in REPORTED]


@pytest.mark.boomi_fake(profile="strict")
@pytest.mark.parametrize("run", range(10))
def test_deploy_inside_paused(boomi_client, boomi_fake, run):
    with boomi_client.paused(container_id=RUNTIME):
        during = deploy(boomi_fake)
    assert during == ["paused"] * 3
    assert deploy(boomi_fake) == ["listening"] * 3


@pytest.mark.boomi_fake(profile="strict")
@pytest.mark.parametrize("run", range(10))
def test_deploy_inside_a_window_on_two_runtimes(boomi_client, boomi_fake, tmp_path, run):
    with boomi_client.window(container_ids=[RUNTIME, OTHER], journal=tmp_path / "journal.json"):
        during = deploy(boomi_fake)
    assert during == ["paused"] * 3
    assert deploy(boomi_fake) == ["listening"] * 3
    assert (tmp_path / "journal.json").exists()


@pytest.mark.boomi_fake(profile="totp")
def test_the_async_client_has_the_otp_secret_too(async_boomi_client, boomi_fake):
    asyncio.run(async_boomi_client.pause_all(container_id=RUNTIME, wait=True))
    assert deploy(boomi_fake) == ["paused"] * 3


def test_unpaced_by_default(boomi_client, boomi_fake):
    assert boomi_client.budget is None


@pytest.mark.boomi_fake(profile="rate-limited", budget=True)
def test_the_budget_on_request(boomi_client, async_boomi_client, boomi_fake):
    assert isinstance(boomi_client.budget, RequestBudget)
    assert boomi_client.budget.per_second == 10
    assert async_boomi_client.budget is boomi_client.budget  # one budget per test, shared by its clients
    assert boomi_fake.faults.rate_limit == 10
    with boomi_client.paused(container_id=RUNTIME):
        assert deploy(boomi_fake) == ["paused"] * 3


def test_a_client_on_a_fake_of_your_own():
    state = demo_state()
    state.runtimes[RUNTIME].online = False
    fake = FakeBoomi(state=state, apply_delay=0.0, profile="totp")
    with fake_client(fake, settings=fake_settings(fake)) as client:
        assert client.statuses(container_id=OTHER)
'''


def test_window_tests_under_the_strict_profile(tmp_path: Path) -> None:
    """A deploy script's window tests on the fixtures: OTP codes, no shared budget, test timing by default.

    (Twenty of them take a few seconds here; with the account budget on they took four seconds each.)
    """
    folder = user_project(tmp_path)
    (folder / "test_windows.py").write_text(WINDOW_TESTS, encoding="utf-8")

    done = run_pytest(folder, "test_windows.py", "-rf")

    assert outcomes(done.stdout) == {"passed": 24}, done.stdout + done.stderr


def test_the_budget_marker_takes_a_rate_or_a_switch_only(tmp_path: Path) -> None:
    folder = user_project(tmp_path)
    (folder / "test_bad_marker.py").write_text(
        "import pytest\n\n@pytest.mark.boomi_fake(budget='fast')\ndef test_x(boomi_client):\n    pass\n",
        encoding="utf-8",
    )

    done = run_pytest(folder, "test_bad_marker.py")

    assert "budget=...) takes True, False or requests per second" in done.stdout + done.stderr


#: A retry that would wait five minutes for its own backoff, unless the fixtures' instant retries drop it.
SLOW_RETRY = RetryPolicy(attempts=3, wait_initial=300.0, wait_max=300.0, wait_jitter=0.0, timeout=600.0)


def retries_wait() -> bool:
    """Whether a retry waits at the moment: a 503 asking for 10 s is waited for, unless instant retries are on."""
    return RetryPolicy().decide(ServiceUnavailableError("busy", retry_after=10.0), idempotent=True) == 10.0


@pytest.fixture
def waits_restored() -> Iterator[None]:
    """Asked for first, so it is torn down after the plugin's fixtures."""
    assert retries_wait()
    yield
    assert retries_wait(), "the fixtures left retries without their waits"


def test_fixtures_drop_retry_waits_for_the_test_and_no_longer(
    waits_restored: None, boomi_client: ListenerClient, boomi_fake: FakeBoomi
) -> None:
    assert not retries_wait()
    boomi_fake.faults.fail_next(2, status=503, retry_after=600)
    boomi_client.pause(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID, wait=True)
    assert boomi_fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused"


async def test_async_fixture_works_inside_an_async_test(
    waits_restored: None, async_boomi_client: AsyncListenerClient, boomi_fake: FakeBoomi
) -> None:
    assert not retries_wait()
    boomi_fake.faults.fail_next(1, status=503, retry_after=600)
    await async_boomi_client.pause(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID, wait=True)
    assert boomi_fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused"


def test_instant_retry_drops_the_waits_keeps_the_rules_and_ends_with_its_block() -> None:
    """What the fixtures switch on, on a bare client: no waits and capped attempts, for the block only."""
    seen: list[str] = []

    def busy(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(503, json={"message": "busy"}, headers={"Retry-After": "600"})

    client = ListenerClient(
        account_id="a", username="u", password="p", base_url="http://boomi.test",
        transport=httpx.MockTransport(busy), retry=SLOW_RETRY, max_requests_per_second=None,
    )  # fmt: skip
    with client:
        with instant_retry(attempts=2), pytest.raises(ServiceUnavailableError):
            client.pause(container_id="C", listener_id="L", timeout=5.0)
        assert len(seen) == 2, "attempts capped at instant_retry's, none of them waited for"
        # Outside the block the policy's waits are back: this call's 5 s timeout allows none of them.
        with pytest.raises(ServiceUnavailableError):
            client.pause(container_id="C", listener_id="L", timeout=5.0)
        assert len(seen) == 3


def test_instant_retry_still_never_repeats_a_restart_that_may_have_arrived() -> None:
    seen: list[str] = []

    def dropped(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        raise httpx.RemoteProtocolError("dropped", request=request)

    client = ListenerClient(
        account_id="a", username="u", password="p", base_url="http://boomi.test",
        transport=httpx.MockTransport(dropped), max_requests_per_second=None,
    )  # fmt: skip
    with client, instant_retry(), pytest.raises(APIConnectionError):
        client.restart(container_id="C", listener_id="L")
    assert len(seen) == 1


def test_a_dropped_connection_reaches_the_sync_client_as_a_connection_error(
    boomi_client: ListenerClient, boomi_fake: FakeBoomi
) -> None:
    boomi_fake.faults.drop_next(1)
    with pytest.raises(APIConnectionError) as caught:
        boomi_client.restart(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID)
    assert caught.value.may_have_reached_server, "a restart that may have arrived is not repeated"

    boomi_fake.faults.drop_next(1)
    boomi_client.pause(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID, wait=True)
    assert boomi_fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused"


PARALLEL_WINDOWS = """
import time
from pathlib import Path

import pytest
from boomi_listeners.testing import DEMO_PROD_CONTAINER_ID

def hold_window(client, mine, other):
    with client.window(container_ids=[DEMO_PROD_CONTAINER_ID]):
        Path(mine).touch()
        deadline = time.monotonic() + 60
        while not Path(other).exists():  # both windows are open at once
            assert time.monotonic() < deadline, "the other test never opened its window"
            time.sleep(0.01)

def test_first(boomi_client):
    hold_window(boomi_client, "first.open", "second.open")

def test_second(boomi_client):
    hold_window(boomi_client, "second.open", "first.open")
"""


def test_windows_in_parallel_tests_do_not_refuse_each_other(tmp_path: Path) -> None:
    """Two test processes (as parallel workers are) open a window on the same demo runtime at once, each on its fake."""
    folder = tmp_path / "service"
    folder.mkdir()
    (folder / "test_parallel.py").write_text(PARALLEL_WINDOWS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTEST_ADDOPTS"}}
    env["BOOMI_LISTENERS_STATE_DIR"] = str(tmp_path / "one-host")  # both processes on one host
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"test_parallel.py::{name}"],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in ("test_first", "test_second")
    ]
    outputs = [worker.communicate(timeout=240)[0] for worker in workers]
    for worker, output in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, output
        assert "1 passed" in output
