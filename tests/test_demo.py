"""``make demo`` end to end: scripts/demo.py drives the real CLI against the fake and leaves no process behind."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("boomi_listeners.testing")

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "scripts" / "demo.py"

STORY = [
    "=== Starting the fake Boomi platform",
    "=== Step 1: status of runtime 1, Production Atom (us-east) ===",
    "=== Step 2: pause one listener (Orders web service listener) and wait until it is paused ===",
    "=== Step 3: pause every listener on runtime 2, Integration Molecule (eu-west), and wait ===",
    "=== Step 4: status of both runtimes ===",
    "=== Step 5: resume everything on both runtimes, and wait ===",
    "=== Step 6: status of both runtimes after resuming ===",
    "=== Stopping the fake Boomi platform ===",
    "The fake stopped (exit code 0).",
    "Demo finished: every step succeeded.",
]


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running (not zombie) process."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.slow
def test_demo_tells_the_story_and_cleans_up() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOMI_")}
    done = subprocess.run(
        [sys.executable, str(DEMO)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    positions = [out.find(line) for line in STORY]
    assert -1 not in positions, [line for line, at in zip(STORY, positions, strict=True) if at == -1]
    assert positions == sorted(positions)

    # Each step's CLI output is there: the paused listener, then everything listening again.
    step4, step6 = out.index("Step 4:"), out.index("Step 6:")
    assert re.search(r"3f1c2a9e-5b7d-4e21-9c0a-7d2e4b6f8a10\s*│\s*paused", out[step4:step6])
    assert "paused" not in out[step6:]
    assert "Listener 3f1c2a9e-5b7d-4e21-9c0a-7d2e4b6f8a10 is paused." in out

    started = re.search(r"The fake \(pid (\d+)\) listens at http://127\.0\.0\.1:(\d+)", out)
    assert started, out
    pid, port = int(started.group(1)), int(started.group(2))
    assert not alive(pid)
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", port))
    ps = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True, check=True).stdout
    assert not any(line.split(None, 1)[0] == str(pid) for line in ps.splitlines()[1:])


@pytest.mark.slow
def test_a_failing_step_fails_the_demo_and_still_stops_the_fake() -> None:
    done = subprocess.run(
        [sys.executable, str(DEMO), "--cli", "/bin/false"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Demo FAILED: `boomi-listeners status --container" in done.stderr
    assert "=== Step 2" not in done.stdout
    assert "The fake stopped (exit code 0)." in done.stdout
    started = re.search(r"The fake \(pid (\d+)\)", done.stdout)
    assert started, done.stdout
    assert not alive(int(started.group(1)))
