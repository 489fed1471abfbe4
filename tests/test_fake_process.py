"""The fake as a process (``python -m boomi_listeners.testing``) and the package without the ``fake`` extra."""

from __future__ import annotations

import os
import queue
import shlex
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from boomi_listeners.testing import DEMO_ACCOUNT_ID, DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID, DEMO_USERNAME
from tests._fakes import BLOCK_THE_FAKE_EXTRA

pytestmark = pytest.mark.slow
STARTUP_TIMEOUT = 30.0


class FakeProcess:
    """The fake in its own process group, with stdout read line by line in the background."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "boomi_listeners.testing", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def exports(self) -> dict[str, str]:
        """Read the banner up to the blank line after the export lines."""
        found: dict[str, str] = {}
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if line is None:
                break
            self.output.append(line)
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").strip().partition("=")
                found[name] = shlex.split(value)[0] if value else ""
            elif found and not line.strip():
                return found
        self.stop(signal.SIGKILL)
        stderr = self.proc.stderr.read() if self.proc.stderr else ""
        raise AssertionError(f"no banner; stdout={self.output!r} stderr={stderr!r}")

    def rest(self, timeout: float = 5.0) -> str:
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            chunks.append(line)
        return "".join(chunks)

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout=15)


def assert_gone(process: FakeProcess, port: int) -> None:
    with pytest.raises(ProcessLookupError):
        os.killpg(process.proc.pid, 0)  # nothing left in the process group
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_process_mode_serves_and_stops_cleanly(sig: signal.Signals) -> None:
    process = FakeProcess("--port", "0", "--demo", "--apply-delay", "0.05")
    try:
        env = process.exports()
        assert env["BOOMI_ACCOUNT_ID"] == DEMO_ACCOUNT_ID
        assert env["BOOMI_USERNAME"] == DEMO_USERNAME
        assert env["BOOMI_TEST_CONTAINER_ID"] == DEMO_TEST_CONTAINER_ID
        assert env["BOOMI_TEST_LISTENER_ID"] == DEMO_TEST_LISTENER_ID
        base_url = env["BOOMI_BASE_URL"]
        port = urlsplit(base_url).port
        assert port
        listing = process.rest(timeout=0.5)
        assert "Contract test Atom" in listing
        assert "OFFLINE" in listing
        response = httpx.post(
            f"{base_url}/api/rest/v1/{env['BOOMI_ACCOUNT_ID']}/changeListenerStatus",
            json={
                "action": "pause",
                "containerId": env["BOOMI_TEST_CONTAINER_ID"],
                "listenerId": env["BOOMI_TEST_LISTENER_ID"],
            },
            auth=(env["BOOMI_USERNAME"], env["BOOMI_PASSWORD"]),
            timeout=5,
        )
        assert response.status_code == 200
        assert process.stop(sig) == 0
    finally:
        if process.proc.poll() is None:
            process.stop(signal.SIGKILL)
    assert_gone(process, port)


def test_process_mode_with_a_data_file(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(
        textwrap.dedent(
            """\
            users:
              - username: ops@example.com
                api_tokens: [tok-123]
                accounts: [acct-9]
            runtimes:
              - id: rt-1
                name: Staging Atom
                account: acct-9
                listeners:
                  - {id: l-1, name: Orders, connector_type: jms}
            """
        )
    )
    process = FakeProcess("--port", "0", "--data", str(data))
    try:
        env = process.exports()
        assert env["BOOMI_USERNAME"] == "BOOMI_TOKEN.ops@example.com"
        assert env["BOOMI_PASSWORD"] == "tok-123"
        assert (env["BOOMI_ACCOUNT_ID"], env["BOOMI_TEST_CONTAINER_ID"], env["BOOMI_TEST_LISTENER_ID"]) == (
            "acct-9",
            "rt-1",
            "l-1",
        )
        assert process.stop() == 0
    finally:
        if process.proc.poll() is None:
            process.stop(signal.SIGKILL)


def test_bad_data_file_exits_with_an_error(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text('{"runtimes": [{"id": "r"}]}')
    result = subprocess.run(
        [sys.executable, "-m", "boomi_listeners.testing", "--port", "0", "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "runtimes[0].account" in result.stderr


def test_package_imports_without_the_fake_extra() -> None:
    """``import boomi_listeners`` must not need starlette, uvicorn or openapi-core; the fake says what is missing."""
    code = BLOCK_THE_FAKE_EXTRA + textwrap.dedent(
        """
        import boomi_listeners
        try:
            import boomi_listeners.testing
        except ImportError as exc:
            print("hint:", exc)
        else:
            raise SystemExit("boomi_listeners.testing imported without its extra")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    assert "boomi-listeners[fake]" in result.stdout
