"""The behaviour matrix for the CLI: ``status`` and the ``--wait`` commands against every profile of the fake.

The CLI runs in this process (``boomi_listeners.cli.main``, the console script's entry) against the
fake served on loopback, configured only through ``BOOMI_*`` variables as a user would, including
``BOOMI_OTP_SECRET`` where the profile checks one-time codes. The README's steps (status, pause
--wait, resume --all --wait) must succeed under every profile, and a wait on a listener that
ListenerStatus never reports must end with exit code 5 and say why.

Only the polling is shortened (the CLI's client gets short poll intervals and a short
``unreported_grace``); credentials, retries and the request budget are the CLI's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from boomi_listeners._cli import _observed
from boomi_listeners._cli._problems import ExitCode
from boomi_listeners.testing import (
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OTP_SECRET,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    PROFILE_NAMES,
    FakeBoomi,
    demo_state,
    serve,
)
from tests._cli_runner import InProcess, Result, fake_env
from tests.test_profile_matrix import POLL, matrix_profile

TEST_RUNTIME, TEST_LISTENER = DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID


@dataclass
class Cli:
    fake: FakeBoomi
    env: dict[str, str]
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def run(self, *args: str) -> Result:
        return InProcess(self.monkeypatch, self.capsys, self.env).run(*args)


@pytest.fixture(params=PROFILE_NAMES)
def cli(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Cli]:
    fake = FakeBoomi(
        state=demo_state(), profile=matrix_profile(request.param), apply_delay=0.05, restart_phase=0.1, query_delay=0.01
    )

    # The CLI builds its client as ever; only the polls get shorter, and the client runs unpaced
    # unless the fake rate-limits (then it keeps its default budget, Boomi's 10 per second).
    extra: dict[str, Any] = {"poll": POLL}
    if not fake.profile.rate_limited:
        extra["max_requests_per_second"] = None

    class MatrixClient(_observed.ObservedClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **{**kwargs, **extra})

    monkeypatch.setattr(_observed, "ObservedClient", MatrixClient)
    with serve(fake, port=0) as base_url:
        env = fake_env(base_url)
        if fake.profile.totp:
            env["BOOMI_OTP_SECRET"] = DEMO_OTP_SECRET
        yield Cli(fake, env, monkeypatch, capsys)
    refused = [r for r in fake.requests if r.status in (401, 503)]
    assert not refused, f"the fake refused requests under {fake.profile.name}: {refused[:3]}"


def test_readme_steps_status_pause_wait_resume_all_wait(cli: Cli) -> None:
    status = cli.run("status", "--container", TEST_RUNTIME)
    assert status.code == 0, status.err
    assert TEST_LISTENER in status.out
    assert "listening" in status.out

    paused = cli.run("pause", "--container", TEST_RUNTIME, "--listener", TEST_LISTENER, "--wait", "--json")
    assert paused.code == 0, paused.err
    assert [(r["listener_id"], r["ok"], r["status"]) for r in paused.json()["results"]] == [
        (TEST_LISTENER, True, "paused")
    ]
    assert cli.fake.status_of(TEST_RUNTIME, TEST_LISTENER) == "paused"

    resumed = cli.run("resume", "--container", TEST_RUNTIME, "--all", "--wait", "--json")
    assert resumed.code == 0, resumed.err
    assert {s["listener_id"]: s["status"] for s in resumed.json()["states"]} == {TEST_LISTENER: "listening"}
    assert cli.fake.status_of(TEST_RUNTIME, TEST_LISTENER) == "listening"


def test_status_of_the_molecule_agrees_with_every_node(cli: Cli) -> None:
    result = cli.run("--json", "status", "--container", DEMO_MOLECULE_CONTAINER_ID)
    assert result.code == 0, result.err
    runtime = cli.fake.state.runtimes[DEMO_MOLECULE_CONTAINER_ID]
    expected = {
        li.id: cli.fake.status_of(DEMO_MOLECULE_CONTAINER_ID, li.id)
        for li in runtime.listeners
        if not (cli.fake.profile.unreported_wss and li.connector_type == "wss")
    }
    assert {row["listener_id"]: row["status"] for row in result.json()["listeners"]} == expected


def test_pause_wait_on_a_wss_listener(cli: Cli) -> None:
    args = ("pause", "--container", DEMO_PROD_CONTAINER_ID, "--listener", DEMO_PROD_LISTENER_ID, "--wait")
    result = cli.run(*args)
    assert cli.fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused", "Boomi applied it"
    if not cli.fake.profile.unreported_wss:
        assert result.code == 0, result.err
        assert f"Listener {DEMO_PROD_LISTENER_ID} is paused." in result.out
        return
    assert result.code == ExitCode.NOT_REPORTED == 5
    assert (
        f"Boomi accepted the change, but its ListenerStatus query does not report listener {DEMO_PROD_LISTENER_ID}"
        in result.err
    )
    assert "Traceback" not in result.err
    doc = cli.run("--json", *args)
    assert doc.code == 5
    assert (doc.json()["exit_code"], doc.json()["error"]["type"]) == (5, "ListenerNotReportedError")
