"""``make demo``: the boomi-listeners CLI against the embedded fake Boomi, step by step.

Starts the fake as a process, reads the ``export`` lines it prints, then runs
the real ``boomi-listeners`` command (from the same virtual environment as
this Python) through a short maintenance story. The fake is always stopped at
the end, also when a step fails or the demo is interrupted. Exits non-zero if
any step fails.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from boomi_listeners.testing import (
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    demo_state,
)

CLI = Path(sys.executable).parent / "boomi-listeners"
EXPORT = re.compile(r"^export (BOOMI_[A-Z_]+)=(.*)$")
START_TIMEOUT = 20.0
STEP_TIMEOUT = 90.0


class DemoError(Exception):
    """A step failed; the message says which."""


class FakeProcess:
    """``python -m boomi_listeners.testing --port 0 --demo``, its exports, and a clean stop."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "boomi_listeners.testing", "--port", "0", "--demo"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._drain, name="fake-output", daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:  # read to the end, so the fake never blocks on a full pipe
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def exports(self) -> dict[str, str]:
        """The BOOMI_* variables the fake printed (it prints them before its listing)."""
        found: dict[str, str] = {}
        while True:
            try:
                line = self.lines.get(timeout=START_TIMEOUT)
            except queue.Empty:
                raise DemoError(f"the fake printed no exports within {START_TIMEOUT:g}s") from None
            if line is None:
                raise DemoError(f"the fake exited with code {self.proc.wait()} before it printed its exports")
            match = EXPORT.match(line)
            if match:
                found[match.group(1)] = shlex.split(match.group(2))[0] if match.group(2) else ""
            elif found:  # the first line after the exports ends them
                return found

    def stop(self) -> int:
        """SIGTERM, then wait; kill only if it does not stop in time."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(timeout=5)
        return self.proc.returncode


def heading(text: str) -> None:
    print(f"\n=== {text} ===", flush=True)


def run(cli: Path, args: Sequence[str], env: dict[str, str]) -> None:
    """Run the CLI with ``args``, its output shown as it comes; a non-zero exit fails the demo."""
    print(f"$ boomi-listeners {shlex.join(args)}", flush=True)
    try:
        completed = subprocess.run([str(cli), *args], env=env, stdin=subprocess.DEVNULL, timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise DemoError(f"`boomi-listeners {shlex.join(args)}` did not finish within {STEP_TIMEOUT:g}s") from None
    if completed.returncode != 0:
        raise DemoError(f"`boomi-listeners {shlex.join(args)}` exited with code {completed.returncode}")


def story(cli: Path, env: dict[str, str]) -> None:
    names = {runtime.id: runtime.name for runtime in demo_state().runtimes.values()}
    listener = next(
        item.name
        for item in demo_state().runtimes[DEMO_PROD_CONTAINER_ID].listeners
        if item.id == DEMO_PROD_LISTENER_ID
    )
    one, two = DEMO_PROD_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID

    heading(f"Step 1: status of runtime 1, {names[one]}")
    run(cli, ["status", "--container", one], env)

    heading(f"Step 2: pause one listener ({listener}) and wait until it is paused")
    run(cli, ["pause", "--container", one, "--listener", DEMO_PROD_LISTENER_ID, "--wait"], env)

    heading(f"Step 3: pause every listener on runtime 2, {names[two]}, and wait")
    run(cli, ["pause", "--container", two, "--all", "--wait"], env)

    heading("Step 4: status of both runtimes")
    run(cli, ["status", "--container", one], env)
    run(cli, ["status", "--container", two], env)

    heading("Step 5: resume everything on both runtimes, and wait")
    run(cli, ["resume", "--container", one, "--all", "--wait"], env)
    run(cli, ["resume", "--container", two, "--all", "--wait"], env)

    heading("Step 6: status of both runtimes after resuming")
    run(cli, ["status", "--container", one], env)
    run(cli, ["status", "--container", two], env)

    heading(f"Step 7: a quiet maintenance window on {names[one]}: health, schedules off, drain, deploy, restore")
    with tempfile.TemporaryDirectory(prefix="boomi-listeners-demo-") as folder:
        journal = str(Path(folder) / "window.json")
        deploy = [sys.executable, "-c", "print('deploying while the runtime is quiet...')"]
        run(cli, ["window", "--container", one, "--schedules", "--drain", "--journal", journal, "--", *deploy], env)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Drive the boomi-listeners CLI against the embedded fake.")
    parser.add_argument("--cli", type=Path, default=CLI, help=f"the CLI to run (default: {CLI})")
    cli = parser.parse_args(argv).cli
    if not cli.exists():
        print(f"demo: {cli} is missing; run `make install` first", file=sys.stderr)
        return 2
    heading("Starting the fake Boomi platform (python -m boomi_listeners.testing --port 0 --demo)")
    fake = FakeProcess()
    failed: str | None = None
    try:
        exports = fake.exports()
        url, user = exports["BOOMI_BASE_URL"], exports["BOOMI_USERNAME"]
        print(f"The fake (pid {fake.proc.pid}) listens at {url}; the CLI logs in as {user}.", flush=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOOMI_")}
        env.update(exports)
        env["COLUMNS"] = env.get("COLUMNS", "100")
        story(cli, env)
    except DemoError as exc:
        failed = str(exc)
    except KeyboardInterrupt:
        failed = "interrupted"
    finally:
        heading("Stopping the fake Boomi platform")
        code = fake.stop()
        print(f"The fake stopped (exit code {code}).", flush=True)
    if failed is not None:
        print(f"\nDemo FAILED: {failed}", file=sys.stderr, flush=True)
        return 1
    print("\nDemo finished: every step succeeded.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
