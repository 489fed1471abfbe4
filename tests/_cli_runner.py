"""The one way the tests run the CLI: in process (``main``) or as the installed console script.

Both read the settings from the environment only: every ``BOOMI_*`` of the developer's is removed
first, so a test sees exactly the settings it gives (``fake_env`` points them at a fake).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from boomi_listeners.testing import DEMO_ACCOUNT_ID, DEMO_PASSWORD, DEMO_USERNAME

#: The console script installed next to this interpreter.
CLI = Path(sys.executable).parent / "boomi-listeners"


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


@dataclass
class InProcess:
    """``boomi_listeners.cli.main`` in this process, with ``env`` as its only ``BOOMI_*`` settings."""

    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]
    env: dict[str, str] = field(default_factory=dict)
    #: Arguments put before every command's own (e.g. ``("--retries", "0")``).
    leading: tuple[str, ...] = ()

    def run(self, *args: str, stdin: str | None = None, **env: str | None) -> Result:
        """One run; ``env`` overrides this runner's settings for it (None removes one)."""
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
            self.capsys.readouterr()
            code = main([*self.leading, *args])
            out, err = self.capsys.readouterr()
        return Result(code, out, err)
