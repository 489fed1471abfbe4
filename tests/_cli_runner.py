"""The one way the tests run the CLI: in process (``main``) or as the installed console script.

Both read the settings from the environment only: every ``BOOMI_*`` of the developer's is removed
first, so a test sees exactly the settings it gives (``fake_env`` points them at a fake).
``on_loopback`` and ``in_process`` put a fake on loopback and hand out the CLI pointed at it, as a process
(``ServedFake``) or through ``main`` (``Cli``).
"""

from __future__ import annotations

import contextlib
import importlib.resources
import io
import json
import logging
import os
import pty
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from boomi_listeners.testing import DEMO_ACCOUNT_ID, DEMO_PASSWORD, DEMO_USERNAME, FakeBoomi, RecordedRequest, serve

#: The console script installed next to this interpreter.
CLI = Path(sys.executable).parent / "boomi-listeners"
#: The JSON Schema the package ships for every ``--json`` document, and a validator for it.
OUTPUT_SCHEMA = json.loads(
    importlib.resources.files("boomi_listeners").joinpath("schemas/cli-output.schema.json").read_text("utf-8")
)
OUTPUT_VALIDATOR = jsonschema.Draft202012Validator(OUTPUT_SCHEMA)


@dataclass(frozen=True)
class Result:
    """What one run of the CLI gave: exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout as JSON (with ``--json`` it holds the document and nothing else)."""
        return json.loads(self.out)


def fake_env(base_url: str, **overrides: str | None) -> dict[str, str]:
    """The demo user's settings for the fake at ``base_url``, wide columns; an override of None removes a key."""
    env: dict[str, str | None] = {
        "BOOMI_BASE_URL": base_url,
        "BOOMI_ACCOUNT_ID": DEMO_ACCOUNT_ID,
        "BOOMI_USERNAME": DEMO_USERNAME,
        "BOOMI_PASSWORD": DEMO_PASSWORD,
        "COLUMNS": "200",
        **overrides,
    }
    return {key: value for key, value in env.items() if value is not None}


def process_env(base_url: str, **overrides: str | None) -> dict[str, str]:
    """For a child process: this environment without any ``BOOMI_*``, plus ``fake_env``; None removes a key."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("BOOMI_")}
    env.update(fake_env(base_url))
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_process(
    *args: str,
    env: Mapping[str, str],
    stdin: str | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Result:
    """The installed console script with exactly ``env`` as its environment."""
    done = subprocess.run(
        [str(CLI), *args],
        env=dict(env),
        cwd=cwd,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def run_with_terminal_stderr(
    args: list[str], env: Mapping[str, str], timeout: float = 60
) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """The console script with a terminal for stderr (stdout a pipe); returns its run and what the terminal got."""
    controller, terminal = pty.openpty()
    drawn: list[bytes] = []

    def read_terminal() -> None:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the other end is closed
                return
            if not chunk:
                return
            drawn.append(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            [str(CLI), *args], env=dict(env), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal,
            timeout=timeout,
        )  # fmt: skip
    finally:
        os.close(terminal)
        reader.join(timeout=5)
        os.close(controller)
    return done, b"".join(drawn).decode(errors="replace")


def start_fake_server(*options: str, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """``boomi-listeners fake-server --port 0 <options>`` as a process; it prints its ``export`` lines on stdout."""
    return subprocess.Popen(
        [str(CLI), "fake-server", "--port", "0", *options],
        env=None if env is None else dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_file(path: Path, proc: subprocess.Popen[str]) -> str:
    """What a window's command wrote to ``path`` once it runs; fails if the CLI ends first (or after 30 s)."""
    deadline = time.monotonic() + 30
    while not path.exists() or not path.read_text():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the window ended before its command ran ({proc.returncode}):\n{out}\n{err}")
        assert time.monotonic() < deadline, "the window's command did not start"
        time.sleep(0.02)
    return path.read_text()


@dataclass
class InProcess:
    """``boomi_listeners.cli.main`` in this process, with ``env`` as its only ``BOOMI_*`` settings."""

    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]
    env: dict[str, str] = field(default_factory=dict)
    #: Arguments put before every command's own (e.g. ``("--retries", "0")``).
    leading: tuple[str, ...] = ()

    def run(self, *args: str, stdin: str | None = None, cwd: Path | None = None, **env: str | None) -> Result:
        """One run (in ``cwd`` if given); ``env`` overrides this runner's settings for it (None removes one)."""
        from boomi_listeners.cli import main

        settings: dict[str, str | None] = {**self.env, **env}
        with self.monkeypatch.context() as patch:
            for key in [k for k in os.environ if k.startswith("BOOMI_")]:
                patch.delenv(key)
            for key, value in settings.items():
                if value is None:
                    patch.delenv(key, raising=False)
                else:
                    patch.setenv(key, value)
            if stdin is not None:
                patch.setattr("sys.stdin", io.StringIO(stdin))
            if cwd is not None:
                patch.chdir(cwd)
            self.capsys.readouterr()
            code = main([*self.leading, *args])
            out, err = self.capsys.readouterr()
        return Result(code, out, err)


def received(fake: FakeBoomi, count: int) -> list[RecordedRequest]:
    """The fake's request log, read once it holds all ``count`` requests of a finished command.

    Call it after ``main`` returned, when the fake has answered every request; the wait covers a
    fake that logs a request only as its answer goes out. Fails unless exactly ``count`` were logged.
    """
    deadline = time.monotonic() + 10
    while len(fake.requests) < count:
        assert time.monotonic() < deadline, f"the fake logged {len(fake.requests)} requests, not {count}"
        time.sleep(0.01)
    requests = fake.requests
    assert len(requests) == count, requests
    return requests


def changes_received(fake: FakeBoomi, count: int) -> list[Any]:
    """The changeListenerStatus bodies the fake logged."""
    return [r.json() for r in received(fake, count) if r.path.endswith("/changeListenerStatus")]


@dataclass
class ServedFake:
    """A fake serving on loopback, the installed CLI pointed at it, and what the CLI changed there."""

    fake: FakeBoomi
    base_url: str
    #: Where the CLI's maintenance windows keep their locks; None leaves the setting out.
    state_dir: Path | None = None

    def _state(self) -> dict[str, str | None]:
        return {} if self.state_dir is None else {"BOOMI_LISTENERS_STATE_DIR": str(self.state_dir)}

    def settings(self, **overrides: str | None) -> dict[str, str]:
        """The ``BOOMI_*`` settings for this fake (``fake_env``); an override of None removes one."""
        return fake_env(self.base_url, **{**self._state(), **overrides})

    def env(self, **overrides: str | None) -> dict[str, str]:
        """For a child process: this environment without any ``BOOMI_*``, plus ``settings``."""
        return process_env(self.base_url, **{**self._state(), **overrides})

    def run(self, *args: str, stdin: str | None = None, cwd: Path | None = None, **env: str | None) -> Result:
        """The console script once; ``env`` overrides the settings for it (None removes one)."""
        return run_process(*args, env=self.env(**env), stdin=stdin, cwd=cwd)

    def start(self, *args: str, new_session: bool = True) -> subprocess.Popen[str]:
        """The console script left running, by default in its own process group (a test kills it and its command)."""
        return subprocess.Popen(
            [str(CLI), *args], env=self.env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, start_new_session=new_session,
        )  # fmt: skip

    def statuses(self, *container_ids: str) -> dict[tuple[str, str], str]:
        """Each listener's status on the fake, by runtime and listener."""
        return {
            (c, item.id): self.fake.status_of(c, item.id)
            for c in container_ids
            for item in self.fake.state.runtimes[c].listeners
        }

    def changes(self) -> list[dict[str, Any]]:
        """The changeListenerStatus bodies the fake accepted, in order."""
        return [r.json() for r in self.fake.requests if r.path.endswith("/changeListenerStatus") and r.status == 200]


@dataclass
class Cli(ServedFake):
    """The same commands through ``boomi_listeners.cli.main`` in this process: no interpreter start per command."""

    monkeypatch: pytest.MonkeyPatch = field(kw_only=True)
    capsys: pytest.CaptureFixture[str] = field(kw_only=True)

    def run(self, *args: str, stdin: str | None = None, cwd: Path | None = None, **env: str | None) -> Result:
        """``main(args)`` with the settings for this fake; ``env`` overrides them for this run (None removes one)."""
        return InProcess(self.monkeypatch, self.capsys, self.settings()).run(*args, stdin=stdin, cwd=cwd, **env)


@contextlib.contextmanager
def on_loopback(fake: FakeBoomi, state_dir: Path | None = None) -> Iterator[ServedFake]:
    """``fake`` on a free loopback port for the duration, with the console script pointed at it."""
    with serve(fake, port=0) as base_url:
        yield ServedFake(fake, base_url, state_dir)


@contextlib.contextmanager
def in_process(
    fake: FakeBoomi,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    state_dir: Path | None = None,
) -> Iterator[Cli]:
    """``fake`` on loopback and ``main`` pointed at it; the package's logger is left as it was found.

    ``main`` with ``-v`` adds a handler bound to this test's captured stderr, which must not outlive the test.
    """
    log = logging.getLogger("boomi_listeners")
    handlers, level = list(log.handlers), log.level
    try:
        with serve(fake, port=0) as base_url:
            yield Cli(fake, base_url, state_dir, monkeypatch=monkeypatch, capsys=capsys)
    finally:
        log.handlers[:] = handlers
        log.setLevel(level)
