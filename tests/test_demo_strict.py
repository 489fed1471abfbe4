"""The README's two-shell demo under the ``strict`` profile: every reading of Boomi's behaviour at once.

Shell 1 runs ``python -m boomi_listeners.testing --demo --profile strict --port 0`` exactly as a user
would; shell 2 pastes its ``export`` lines (``BOOMI_OTP_SECRET`` among them, since strict checks
one-time codes) and runs the README's steps with the installed CLI, each in a process of its own.
Strict queries stay in progress for the profile's full 5 seconds, so this takes some seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.test_fake_process import FakeProcess

pytestmark = pytest.mark.slow
COMMAND_TIMEOUT = 120.0


def test_readme_cli_steps_succeed_against_the_strict_demo() -> None:
    fake = FakeProcess("--demo", "--profile", "strict", "--port", "0")
    try:
        exports = fake.exports()
        assert {"BOOMI_BASE_URL", "BOOMI_OTP_SECRET", "BOOMI_TEST_CONTAINER_ID", "BOOMI_TEST_LISTENER_ID"} <= set(
            exports
        ), exports
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOOMI_")} | exports
        container, listener = exports["BOOMI_TEST_CONTAINER_ID"], exports["BOOMI_TEST_LISTENER_ID"]
        steps = [
            ["status", "--container", container],
            ["pause", "--container", container, "--listener", listener, "--wait"],
            ["resume", "--container", container, "--all", "--wait"],
        ]
        outputs = []
        for step in steps:
            done = subprocess.run(
                [sys.executable, "-m", "boomi_listeners", *step],
                env=env,
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT,
                check=False,
            )
            assert done.returncode == 0, (step, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr
            outputs.append(done.stdout)
        assert listener in outputs[0]
        assert "listening" in outputs[0]
        assert f"Listener {listener} is paused." in outputs[1]
        assert "listening" in outputs[2]
    finally:
        code = fake.stop(signal.SIGTERM)
    assert code == 0
