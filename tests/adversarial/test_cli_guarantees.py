"""The CLI against a hostile server: never a traceback; server problems exit 1, settings problems exit 2.

Runs ``boomi_listeners.cli.main`` in this process (the console script's entry point).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from boomi_listeners import ListenerClient, PollPolicy, RetryPolicy
from boomi_listeners._cli import _app
from boomi_listeners._config import Settings
from tests._cli_runner import InProcess, Result
from tests.adversarial.conftest import ROWS, Arena, Script
from tests.adversarial.hostile import answer, drip_body, json_answer, reset

DEEP = answer(200, b"[" * 200_000, [("Content-Type", "application/json")])
NOT_UTF8 = answer(200, b"\xff\xfe{", [("Content-Type", "application/json")])
MOVED = answer(301, b"", [("Location", "https://boomi.test/moved")])
UNREPORTED = json_answer(200, {**ROWS, "result": [{**ROWS["result"][0], "listenerId": "OTHER"}]})


@pytest.fixture(params=["sync"])
def kind(request: pytest.FixtureRequest) -> str:
    """The CLI runs the sync client only."""
    return str(request.param)


@pytest.fixture
def cli(
    arena: Callable[[Script], Arena], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[Arena, Result]]:
    def make_client(settings: Settings, options: Any) -> ListenerClient:
        # The CLI's client with short polls and grace, so a not-reported listener ends within the test.
        fast = PollPolicy(initial=0.005, factor=1.0, maximum=0.005, unreported_grace=0.2)
        return ListenerClient(settings=settings, retry=RetryPolicy(attempts=max(options.retries, 1)), poll=fast)

    def run(script: Script, *args: str, **env: str) -> tuple[Arena, Result]:
        a = arena(script)
        settings = {"BOOMI_BASE_URL": a.base_url, "BOOMI_ACCOUNT_ID": "acct", "BOOMI_USERNAME": "u",
                    "BOOMI_PASSWORD": "pw-Cli-Secret-31", "COLUMNS": "200"}  # fmt: skip
        with monkeypatch.context() as patch:
            patch.setattr(_app, "make_client", make_client)
            result = InProcess(monkeypatch, capsys, settings).run(*args, **env)
        assert "Traceback" not in result.out + result.err
        assert "pw-Cli-Secret-31" not in result.out + result.err
        return a, result

    return run


SERVER_PROBLEMS: dict[str, tuple[Script, list[str], int, str]] = {
    "redirect-on-pause": (Script(change=MOVED), ["pause", "-c", "C", "-l", "L"], 1, "https://boomi.test/moved"),
    "deep-json-status": (Script(query=DEEP), ["status", "-c", "C"], 1, "cannot be read"),
    "not-utf8-status": (Script(result=NOT_UTF8), ["status", "-c", "C"], 1, "cannot be read"),
    "reset-status": (Script(query=reset()), ["--retries", "1", "status", "-c", "C"], 1, "Could not reach"),
    "drip-wait": (
        Script(result=drip_body()),
        ["wait", "-c", "C", "-l", "L", "--status", "paused", "--timeout", "0.5"],
        3,
        "did not reach",
    ),
    "unreported-pause-wait": (
        Script(result=UNREPORTED),
        ["pause", "-c", "C", "-l", "L", "--wait"],
        5,
        "does not report",
    ),
}


@pytest.mark.parametrize("case", sorted(SERVER_PROBLEMS))
@pytest.mark.parametrize("json_mode", [False, True])
def test_server_problems_are_one_line_of_advice(
    cli: Callable[..., tuple[Arena, Result]], case: str, json_mode: bool
) -> None:
    script, args, code, said = SERVER_PROBLEMS[case]
    _, result = cli(script, *(["--json"] if json_mode else []), *args)
    assert result.code == code
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ")
    assert said in lines[0]
    if json_mode:
        doc = json.loads(result.out)
        assert doc["ok"] is False
        assert doc["exit_code"] == code
    else:
        assert "accepted" not in result.out


SETTINGS_PROBLEMS: dict[str, tuple[list[str], dict[str, str], str]] = {
    "account-crlf": ([], {"BOOMI_ACCOUNT_ID": "acct\r\n"}, "BOOMI_ACCOUNT_ID"),
    "account-traversal": ([], {"BOOMI_ACCOUNT_ID": "../other"}, "BOOMI_ACCOUNT_ID"),
    "base-url-space": (["--base-url", "http://exa mple.com"], {}, "BOOMI_BASE_URL"),
    "base-url-port": (["--base-url", "http://127.0.0.1:99999"], {}, "BOOMI_BASE_URL"),
    "otp-letters": ([], {"BOOMI_OTP": "12ab56"}, "BOOMI_OTP"),
    "otp-secret": ([], {"BOOMI_OTP_SECRET": "not base32"}, "BOOMI_OTP_SECRET"),
}


@pytest.mark.parametrize("case", sorted(SETTINGS_PROBLEMS))
def test_settings_problems_exit_2_naming_the_setting(cli: Callable[..., tuple[Arena, Result]], case: str) -> None:
    before, env, name = SETTINGS_PROBLEMS[case]
    a, result = cli(Script(), *before, "status", "-c", "C", **env)
    assert result.code == 2
    assert name in result.err
    assert a.server.connections == 0


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
@pytest.mark.parametrize("command", [["pause", "-c", "C", "-l", "L", "--wait"], ["wait", "-c", "C", "-l", "L",
                                                                                  "--status", "paused"]])  # fmt: skip
def test_bad_timeouts_exit_2_before_sending(
    cli: Callable[..., tuple[Arena, Result]], command: list[str], value: str
) -> None:
    a, result = cli(Script(), *command, f"--timeout={value}")
    assert result.code == 2
    assert "--timeout" in result.err
    assert a.server.connections == 0


def test_an_unexpected_failure_is_one_line(
    cli: Callable[..., tuple[Arena, Result]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("something nobody planned for")

    monkeypatch.setattr(ListenerClient, "statuses", broken)
    _, result = cli(Script(), "status", "-c", "C")
    assert result.code == 1
    assert "something nobody planned for" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_status_shows_each_node_of_a_mixed_listener(cli: Callable[..., tuple[Arena, Result]]) -> None:
    nodes = [{**ROWS["result"][0], "status": "listening"}, ROWS["result"][0]]
    script = Script(result=json_answer(200, {**ROWS, "numberOfResults": 2, "result": nodes}))
    _, table = cli(script, "status", "-c", "C")
    assert table.code == 0
    assert "mixed (listening, paused)" in table.out
    _, doc = cli(Script(result=json_answer(200, {**ROWS, "result": nodes})), "--json", "status", "-c", "C")
    listener = json.loads(doc.out)["listeners"][0]
    assert (listener["status"], listener["nodes"]) == ("mixed", ["listening", "paused"])
