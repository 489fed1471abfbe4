"""The ``--json`` documents of real command runs against the fake, checked against the schema the package ships.

Also the CLI's conventions that have no better home: ``python -m boomi_listeners``,
shell completion, and help text free of value types on flags.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from boomi_listeners.testing import (
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    serve,
)
from tests._cli_runner import OUTPUT_VALIDATOR, InProcess, fake_env
from tests._fakes import demo_fake

PROD, LISTENER = DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID
SECOND = "95987f23-d952-5b1c-9385-7243931f0f74"


@pytest.fixture
def fake_url() -> Iterator[str]:
    with serve(demo_fake(apply_delay=0.02, restart_phase=0.05)) as url:
        yield url


@pytest.fixture
def run_json(fake_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    runner = InProcess(monkeypatch, capsys, fake_env(fake_url), ("--json", "--retries", "1"))

    def run(*args: str, **env: str) -> tuple[int, dict[str, Any]]:
        result = runner.run(*args, **env)
        doc = result.json()  # stdout holds the document and nothing else
        OUTPUT_VALIDATOR.validate(doc)
        return result.code, doc

    return run


def test_status_documents(run_json: Any) -> None:
    code, every = run_json("status", "--container", PROD)
    _, one = run_json("status", "--container", PROD, "--listener", LISTENER)

    assert code == 0
    assert (every["schema_version"], every["command"], every["ok"]) == (1, "status", True)
    assert LISTENER in [row["listener_id"] for row in every["listeners"]]
    assert one["listeners"] == [{"listener_id": LISTENER, "status": "listening", "connector_type": "wss"}]


def test_change_documents(run_json: Any) -> None:
    code_one, one = run_json("pause", "--container", PROD, "--listener", LISTENER, "--wait", "--timeout", "10")
    code_two, two = run_json("resume", "--container", PROD, "-l", LISTENER, "-l", SECOND, "--wait", "--timeout", "10")
    code_all, every = run_json("restart", "--container", DEMO_TEST_CONTAINER_ID, "--all")

    assert (code_one, code_two, code_all) == (0, 0, 0)
    assert one["action"] == "pause"
    assert one["results"] == [
        {
            "container_id": PROD,
            "listener_id": LISTENER,
            "ok": True,
            "accepted": True,
            "status": "paused",
            "attempts": 1,
            "error": None,
        }
    ]
    assert [(r["listener_id"], r["status"]) for r in two["results"]] == [(LISTENER, "listening"), (SECOND, "listening")]
    assert (every["action"], every["results"][0]["listener_id"], every["wait"]) == ("restart_all", None, False)


def test_wait_document(run_json: Any) -> None:
    run_json("pause", "--container", DEMO_TEST_CONTAINER_ID, "--listener", DEMO_TEST_LISTENER_ID)

    code, doc = run_json(
        "wait", "--container", DEMO_TEST_CONTAINER_ID, "--listener", DEMO_TEST_LISTENER_ID, "--status", "paused"
    )

    assert code == 0
    assert (doc["command"], doc["listener_id"], doc["status"]) == ("wait", DEMO_TEST_LISTENER_ID, "paused")


def test_dry_run_document(run_json: Any) -> None:
    code, doc = run_json("pause", "--container", PROD, "--listener", LISTENER, "--dry-run")

    assert (code, doc["dry_run"]) == (0, True)
    assert [r["method"] for r in doc["requests"]] == ["POST"]
    assert DEMO_PASSWORD not in json.dumps(doc)


@pytest.mark.parametrize(
    ("args", "env", "exit_code", "error_type"),
    [
        (["status", "--container", PROD, "--listener", "no-such-listener"], {}, 1, "ListenerNotFound"),
        (["pause", "--container", PROD, "--listener", LISTENER, "--all"], {}, 2, "UsageError"),
        (["status", "--container", PROD], {"BOOMI_PASSWORD": "Canary-9d1e"}, 1, "AuthenticationError"),
        (["wait", "-c", PROD, "-l", LISTENER, "--status", "paused", "--timeout", "1.5"], {}, 3, "WaitTimeoutError"),
    ],
)
def test_error_documents(run_json: Any, args: list[str], env: dict[str, str], exit_code: int, error_type: str) -> None:
    code, doc = run_json(*args, **env)

    assert (code, doc["ok"], doc["exit_code"], doc["error"]["type"]) == (exit_code, False, exit_code, error_type)
    assert "Canary-9d1e" not in json.dumps(doc)


def test_partial_failure_document(run_json: Any) -> None:
    code, doc = run_json("pause", "--container", PROD, "-l", LISTENER, "-l", "no-such-listener")

    assert (code, doc["exit_code"]) == (4, 4)
    assert [(r["listener_id"], r["ok"]) for r in doc["results"]] == [(LISTENER, True), ("no-such-listener", False)]
    assert doc["results"][1]["error"]["status_code"] == 400


def test_the_schema_rejects_a_document_of_another_version() -> None:
    doc = {"schema_version": 2, "command": "status", "ok": True, "exit_code": 0}
    with pytest.raises(jsonschema.ValidationError):
        OUTPUT_VALIDATOR.validate(doc)
    with pytest.raises(jsonschema.ValidationError):
        OUTPUT_VALIDATOR.validate({**doc, "schema_version": 1, "ok": False})


# -- conventions ---------------------------------------------------------------------------------


def cli_process(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOOMI_", "_BOOMI"))}
    return subprocess.run(
        [sys.executable, "-m", "boomi_listeners", *args],
        env={**clean, "COLUMNS": "120", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_python_dash_m_runs_the_cli() -> None:
    done = cli_process("--version")

    assert (done.returncode, done.stdout.split()[0]) == (0, "boomi-listeners")


def test_shell_completion_script_and_completions() -> None:
    # What --show-completion prints for the shell it detects; asked for directly, as a package would.
    script = cli_process(_BOOMI_LISTENERS_COMPLETE="source_bash")
    commands = cli_process(_BOOMI_LISTENERS_COMPLETE="complete_bash", COMP_WORDS="boomi-listeners pa", COMP_CWORD="1")
    options = cli_process(
        _BOOMI_LISTENERS_COMPLETE="complete_bash", COMP_WORDS="boomi-listeners status --con", COMP_CWORD="2"
    )

    assert script.returncode == 0
    assert "_BOOMI_LISTENERS_COMPLETE=complete_bash" in script.stdout
    assert commands.stdout.split() == ["pause"]
    assert options.stdout.split() == ["--container"]


@pytest.mark.parametrize("command", [[], ["pause"], ["status"], ["wait"], ["fake-server"]])
def test_help_shows_no_value_type_on_flags(command: list[str]) -> None:
    done = cli_process(*command, "--help")

    assert done.returncode == 0
    assert "--json" in done.stdout or "--demo" in done.stdout
    assert "<bool>" not in done.stdout
