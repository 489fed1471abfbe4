"""The CLI's behaviour through ``boomi_listeners.cli.main(argv)`` in this process, against the fake on loopback.

Same entry function as the console script, without a process start per
call; ``test_cli.py`` covers what needs a real process (exit status, the
prompt on a pipe, secrets in the output, progress on a terminal, fake-server).
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest

pytest.importorskip("boomi_listeners.testing")
from boomi_listeners import (
    Action,
    APIConnectionError,
    AuthenticationError,
    GoneError,
    ListenerState,
    WaitTimeoutError,
)
from boomi_listeners._cli._changes import ChangeReport, Row
from boomi_listeners._cli._problems import ExitCode, Problem, Where, explain
from boomi_listeners._cli._session import Globals
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_API_TOKEN,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_READONLY_PASSWORD,
    DEMO_READONLY_USERNAME,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
)
from tests._cli_runner import Cli, changes_received, in_process, received
from tests._fakes import PROD_LISTENERS, demo_fake


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    with in_process(demo_fake(apply_delay=0.05, query_delay=0.01), monkeypatch, capsys) as cli:
        yield cli


@pytest.fixture
def slow_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """Changes take 30 s to apply: every wait times out."""
    with in_process(demo_fake(apply_delay=30.0, query_delay=0.01), monkeypatch, capsys) as cli:
        yield cli


# -- usage and settings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pause", "--container", DEMO_PROD_CONTAINER_ID], "--listener ID (repeatable) or --all"),
        (["resume", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_PROD_LISTENER_ID, "--all"], "not both"),
        (["restart", "--listener", DEMO_PROD_LISTENER_ID], "--container"),
        (["wait", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_PROD_LISTENER_ID, "--status", "sleeping"], "sleeping"),
        (["status", "--container", " "], "--container must not be empty"),
        (["pause", "-c", DEMO_PROD_CONTAINER_ID, "-l", ""], "--listener must not be empty"),
        (["--retries", "-1", "status", "-c", DEMO_PROD_CONTAINER_ID], "--retries"),
    ],
)
def test_usage_errors_exit_2_before_any_request(cli: Cli, args: list[str], message: str) -> None:
    result = cli.run(*args)
    assert result.code == 2
    assert message in result.err
    assert cli.fake.requests == []


def test_usage_error_with_json_is_a_json_document(cli: Cli) -> None:
    result = cli.run("pause", "--container", DEMO_PROD_CONTAINER_ID, "--json")
    assert result.code == 2
    doc = result.json()
    assert (doc["ok"], doc["exit_code"], doc["error"]["type"]) == (False, 2, "UsageError")


@pytest.mark.parametrize(
    ("missing", "option"),
    [("BOOMI_ACCOUNT_ID", "--account"), ("BOOMI_USERNAME", "--username")],
)
def test_missing_settings_exit_2_and_say_how_to_give_them(cli: Cli, missing: str, option: str) -> None:
    result = cli.run("--json", "status", "-c", DEMO_PROD_CONTAINER_ID, **{missing: None})
    assert result.code == 2
    assert missing in result.err
    assert option in result.err
    assert result.json()["error"]["type"] == "ConfigurationError"
    assert cli.fake.requests == []


def test_bad_region_and_base_url_exit_2(cli: Cli) -> None:
    region = cli.run("--region", "mars", "status", "-c", DEMO_PROD_CONTAINER_ID, BOOMI_BASE_URL=None)
    assert region.code == 2
    assert "us, gb" in region.err
    url = cli.run("--base-url", "ftp://example.com", "status", "-c", DEMO_PROD_CONTAINER_ID)
    assert url.code == 2


def test_a_password_written_into_the_base_url_is_not_echoed(cli: Cli) -> None:
    result = cli.run("--json", "--base-url", "http://me:Url-Secret-93@127.0.0.1:1/api", "status", "-c", "c")
    assert result.code == 2
    assert "Url-Secret-93" not in result.out + result.err
    assert "http://***@127.0.0.1:1/api" in result.err


def test_global_options_override_the_environment(cli: Cli) -> None:
    result = cli.run(
        "--account", DEMO_ACCOUNT_ID, "--base-url", cli.base_url, "--username", DEMO_USERNAME,
        "--json", "status", "-c", DEMO_TEST_CONTAINER_ID,
        BOOMI_ACCOUNT_ID="wrong-account", BOOMI_BASE_URL="http://127.0.0.1:1", BOOMI_USERNAME="nobody",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.json()["listeners"][0]["listener_id"] == DEMO_TEST_LISTENER_ID


def test_flags_work_before_and_after_the_command(cli: Cli) -> None:
    before = cli.run("--json", "status", "-c", DEMO_TEST_CONTAINER_ID).json()
    after = cli.run("status", "-c", DEMO_TEST_CONTAINER_ID, "--json").json()
    assert before == after


def test_api_token_from_the_environment(cli: Cli) -> None:
    result = cli.run("status", "-c", DEMO_TEST_CONTAINER_ID, BOOMI_PASSWORD=None, BOOMI_API_TOKEN=DEMO_API_TOKEN)
    assert result.code == 0, result.err


def test_prompt_for_an_api_token_user(cli: Cli) -> None:
    user = f"BOOMI_TOKEN.{DEMO_USERNAME}"
    result = cli.run("status", "-c", DEMO_TEST_CONTAINER_ID, stdin=DEMO_API_TOKEN + "\n", BOOMI_PASSWORD=None,
                     BOOMI_USERNAME=user)  # fmt: skip
    assert result.code == 0, result.err
    assert f"Boomi API token for {user}" in result.err


def test_version_and_help(cli: Cli) -> None:
    version = cli.run("--version")
    assert version.code == 0
    assert version.out.startswith("boomi-listeners 0.")
    for command in ("pause", "resume", "restart", "status", "wait", "fake-server"):
        help_text = cli.run(command, "--help")
        assert help_text.code == 0
        assert "Usage: boomi-listeners" in help_text.out
        assert "--password" not in help_text.out


# -- status and wait ----------------------------------------------------------------------------------


def test_status_prints_a_table(cli: Cli) -> None:
    result = cli.run("status", "--container", DEMO_PROD_CONTAINER_ID)
    assert result.code == 0, result.err
    assert "Connector type" in result.out
    for listener_id in PROD_LISTENERS:
        assert listener_id in result.out
    assert re.search(rf"{DEMO_PROD_LISTENER_ID}\s*│\s*listening\s*│\s*wss", result.out)


def test_status_json(cli: Cli) -> None:
    result = cli.run("status", "--container", DEMO_MOLECULE_CONTAINER_ID, "--json")
    assert result.code == 0, result.err
    doc = result.json()
    assert (doc["ok"], doc["exit_code"], doc["container_id"]) == (True, 0, DEMO_MOLECULE_CONTAINER_ID)
    by_id = {row["listener_id"]: row for row in doc["listeners"]}
    assert len(by_id) == 5
    assert by_id["42417fd6-3de6-50cb-b586-3e8dd605afe6"] == {
        "listener_id": "42417fd6-3de6-50cb-b586-3e8dd605afe6",
        "status": "paused",
        "connector_type": "jms",
    }
    assert by_id["7781e7a2-ba6c-51ef-afd3-5e84ed6ab1dc"]["status"] == "errored"


def test_status_of_one_listener_and_of_an_unknown_one(cli: Cli) -> None:
    one = cli.run("--json", "status", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_PROD_LISTENER_ID)
    assert one.code == 0, one.err
    assert [row["listener_id"] for row in one.json()["listeners"]] == [DEMO_PROD_LISTENER_ID]
    unknown = cli.run("--json", "status", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID)
    assert unknown.code == 1
    assert unknown.json()["error"]["type"] == "ListenerNotFound"
    assert "no listener" in unknown.err


def test_wait_reaches_the_status(cli: Cli) -> None:
    assert cli.run("pause", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID).code == 0
    result = cli.run("wait", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "--status", "PAUSED", "--json")
    assert result.code == 0, result.err
    doc = result.json()
    assert (doc["ok"], doc["listener_id"], doc["status"]) == (True, DEMO_TEST_LISTENER_ID, "paused")
    text = cli.run("wait", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "--status", "paused")
    assert f"Listener {DEMO_TEST_LISTENER_ID} on runtime {DEMO_TEST_CONTAINER_ID} is paused." in text.out


def test_wait_timeout_exits_3_with_the_last_status(cli: Cli) -> None:
    result = cli.run(
        "--json", "wait", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "--status", "paused",
        "--timeout", "1.5",
    )  # fmt: skip
    assert result.code == 3
    assert "did not reach 'paused'" in result.err
    assert "last seen: listening" in result.err
    assert "--timeout" in result.err
    assert result.json()["error"]["type"] == "WaitTimeoutError"


# -- changes -------------------------------------------------------------------------------------------


def test_pause_one_and_wait(cli: Cli) -> None:
    result = cli.run("pause", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "--wait", "--json")
    assert result.code == 0, result.err
    doc = result.json()
    assert (doc["action"], doc["container_id"], doc["wait"]) == ("pause", DEMO_TEST_CONTAINER_ID, True)
    assert doc["results"] == [
        {"container_id": DEMO_TEST_CONTAINER_ID, "listener_id": DEMO_TEST_LISTENER_ID, "ok": True, "accepted": True,
         "status": "paused", "attempts": 1, "error": None}
    ]  # fmt: skip
    assert cli.fake.status_of(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID) == "paused"
    text = cli.run("resume", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "--wait")
    assert f"Listener {DEMO_TEST_LISTENER_ID} is listening." in text.out


def test_pause_all_then_resume_all_with_wait(cli: Cli) -> None:
    paused = cli.run("pause", "-c", DEMO_PROD_CONTAINER_ID, "--all", "--wait")
    assert paused.code == 0, paused.err
    assert f"pause_all accepted: every listener on runtime {DEMO_PROD_CONTAINER_ID}" in paused.out
    assert paused.out.count("paused") >= 4
    resumed = cli.run("--json", "resume", "-c", DEMO_PROD_CONTAINER_ID, "--all", "--wait")
    assert resumed.code == 0, resumed.err
    doc = resumed.json()
    assert doc["action"] == "resume_all"
    assert doc["results"][0]["listener_id"] is None
    assert {s["status"] for s in doc["states"]} == {"listening"}
    assert len(doc["states"]) == 4


def test_restart(cli: Cli) -> None:
    one = cli.run("restart", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID)
    assert one.code == 0, one.err
    assert f"restart accepted: listener {DEMO_TEST_LISTENER_ID}" in one.out
    every = cli.run("--json", "restart", "-c", DEMO_TEST_CONTAINER_ID, "--all")
    assert every.json()["action"] == "restart_all"
    assert [body["action"] for body in changes_received(cli.fake, 2)] == ["restart", "restart_all"]


def test_several_listeners_one_line_each(cli: Cli) -> None:
    args = ["pause", "-c", DEMO_PROD_CONTAINER_ID]
    for listener_id in [*PROD_LISTENERS, PROD_LISTENERS[0]]:  # a repeated ID is changed once
        args += ["--listener", listener_id]
    result = cli.run(*args, "--wait")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if line.startswith("ok")]
    assert [line.split()[1] for line in lines] == PROD_LISTENERS
    assert all(line.split()[2] == "paused" for line in lines)
    assert "3 of 3 listeners" in result.out


def test_partial_failure_exits_4_and_reports_each_listener(cli: Cli) -> None:
    unknown = "00000000-0000-0000-0000-000000000000"
    result = cli.run(
        "--json", "pause", "-c", DEMO_PROD_CONTAINER_ID, "-l", PROD_LISTENERS[0], "-l", unknown, "-l", PROD_LISTENERS[1]
    )
    assert result.code == 4
    doc = result.json()
    assert (doc["ok"], doc["exit_code"]) == (False, 4)
    outcome = {row["listener_id"]: row for row in doc["results"]}
    assert outcome[PROD_LISTENERS[0]]["ok"]
    assert outcome[PROD_LISTENERS[1]]["ok"]
    assert outcome[unknown]["ok"] is False
    assert outcome[unknown]["error"]["status_code"] == 400


def test_partial_failure_from_an_injected_fault(cli: Cli) -> None:
    cli.fake.faults.fail_next(1, status=410)
    args = ["resume", "-c", DEMO_PROD_CONTAINER_ID]
    for listener_id in PROD_LISTENERS:
        args += ["-l", listener_id]
    result = cli.run(*args)
    assert result.code == 4
    failed = [line for line in result.out.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1
    assert "offline" in failed[0]
    assert "2 of 3 listeners" in result.out


def test_every_listener_failing_exits_1(cli: Cli) -> None:
    result = cli.run("pause", "-c", DEMO_OFFLINE_CONTAINER_ID, "-l", "a", "-l", "b")
    assert result.code == 1
    assert result.out.count("FAILED") == 2


def test_wait_timeouts_after_a_change_exit_3(slow_cli: Cli) -> None:
    one = slow_cli.run("pause", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "--wait", "--timeout", "1.5")
    assert one.code == 3
    assert "The change was accepted" in one.err
    many = slow_cli.run(
        "--json", "pause", "-c", DEMO_PROD_CONTAINER_ID, "-l", PROD_LISTENERS[0], "-l", PROD_LISTENERS[1],
        "--wait", "--timeout", "1.5",
    )  # fmt: skip
    assert many.code == 3
    doc = many.json()
    assert [row["error"]["type"] for row in doc["results"]] == ["WaitTimeoutError", "WaitTimeoutError"]
    assert [row["accepted"] for row in doc["results"]] == [True, True]
    assert [row["status"] for row in doc["results"]] == ["listening", "listening"]


# -- errors read like advice --------------------------------------------------------------------------


def test_401_advises_on_user_name_and_token(cli: Cli) -> None:
    result = cli.run("status", "-c", DEMO_PROD_CONTAINER_ID, BOOMI_PASSWORD="not-the-password")
    assert result.code == 1
    assert "401" in result.err
    assert "BOOMI_USERNAME" in result.err
    assert "BOOMI_TOKEN.<user>" in result.err


def test_403_names_the_privileges(cli: Cli) -> None:
    result = cli.run(
        "--json", "pause", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_PROD_LISTENER_ID,
        BOOMI_USERNAME=DEMO_READONLY_USERNAME, BOOMI_PASSWORD=DEMO_READONLY_PASSWORD,
    )  # fmt: skip
    assert result.code == 1
    error = result.json()["error"]
    assert error["status_code"] == 403
    for word in ("API", "ATOM_MANAGEMENT", "environment", DEMO_PROD_CONTAINER_ID):
        assert word in error["advice"]


def test_410_says_the_runtime_is_offline(cli: Cli) -> None:
    cli.fake.faults.set_offline(DEMO_TEST_CONTAINER_ID)
    result = cli.run("pause", "-c", DEMO_TEST_CONTAINER_ID, "--all")
    assert result.code == 1
    assert f"Runtime {DEMO_TEST_CONTAINER_ID} is offline" in result.err


def test_503_says_rate_limit_and_retries_exhausted(cli: Cli) -> None:
    cli.fake.faults.fail_next(2, status=503)
    result = cli.run("--retries", "1", "pause", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID)
    assert result.code == 1
    assert "rate limit" in result.err
    assert "retries were exhausted after 2 attempts" in result.err
    assert [r.status for r in received(cli.fake, 2)] == [503, 503]


def test_connection_error_names_the_base_url(cli: Cli) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    result = cli.run("--retries", "0", "status", "-c", DEMO_TEST_CONTAINER_ID, BOOMI_BASE_URL=closed)
    assert result.code == 1
    assert f"Could not reach Boomi at {closed}" in result.err


# -- dry run and request log --------------------------------------------------------------------------


def test_dry_run_json_masks_credentials_and_sends_nothing(cli: Cli) -> None:
    result = cli.run("--dry-run", "--json", "pause", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_PROD_LISTENER_ID,
                     "--wait", BOOMI_OTP="123456")  # fmt: skip
    assert result.code == 0, result.err
    assert cli.fake.requests == []
    doc = result.json()
    assert doc["dry_run"] is True
    first = doc["requests"][0]
    assert first["method"] == "POST"
    assert first["url"] == f"{cli.base_url}/api/rest/v1/{DEMO_ACCOUNT_ID}/changeListenerStatus"
    assert first["json"] == {
        "action": "pause",
        "containerId": DEMO_PROD_CONTAINER_ID,
        "listenerId": DEMO_PROD_LISTENER_ID,
    }
    assert first["headers"]["Authorization"].startswith("Basic *****")
    assert first["headers"]["X-Boomi-OTP"] == "*****"
    assert first["headers"]["Content-Type"] == "application/json"
    assert [r["method"] for r in doc["requests"]] == ["POST", "POST", "GET"]
    assert "123456" not in result.out + result.err
    assert DEMO_PASSWORD not in result.out + result.err


def test_dry_run_text_for_all_several_and_status(cli: Cli) -> None:
    every = cli.run("pause", "-c", DEMO_PROD_CONTAINER_ID, "--all", "--dry-run")
    assert every.code == 0
    assert "Dry run: nothing was sent. The command would send 1 request(s)" in every.out
    assert '"action": "pause_all"' in every.out
    several = cli.run("--dry-run", "--json", "resume", "-c", DEMO_PROD_CONTAINER_ID, "-l", "a", "-l", "b")
    assert [r["json"]["listenerId"] for r in several.json()["requests"]] == ["a", "b"]
    status = cli.run("--dry-run", "status", "-c", DEMO_PROD_CONTAINER_ID)
    assert f"POST {cli.base_url}/api/rest/v1/{DEMO_ACCOUNT_ID}/async/ListenerStatus/query" in status.out
    assert "GET " in status.out
    wait = cli.run("--dry-run", "wait", "-c", DEMO_PROD_CONTAINER_ID, "-l", "a", "--status", "errored")
    assert "until listener a is errored" in wait.out
    assert cli.fake.requests == []


def test_dry_run_needs_no_secret(cli: Cli) -> None:
    result = cli.run("--dry-run", "status", "-c", DEMO_TEST_CONTAINER_ID, stdin="", BOOMI_PASSWORD=None)
    assert result.code == 0, result.err
    assert "password" not in result.err


def test_verbose_logs_each_request_on_stderr(cli: Cli) -> None:
    result = cli.run("pause", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "-v")
    assert result.code == 0, result.err
    assert re.search(r"DEBUG boomi_listeners: POST /api/rest/v1/\S+/changeListenerStatus -> 200", result.err)
    assert "DEBUG" not in result.out


# -- pieces -------------------------------------------------------------------------------------------


def test_globals_flags_add_up() -> None:
    given = Globals(json=True)
    assert given.with_flags(json=False, dry_run=True, verbose=False) == Globals(json=True, dry_run=True)


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([], ExitCode.OK),
        ([ExitCode.API_ERROR], ExitCode.PARTIAL),
        ([ExitCode.WAIT_TIMEOUT], ExitCode.PARTIAL),
        ([ExitCode.API_ERROR, ExitCode.API_ERROR, ExitCode.API_ERROR], ExitCode.API_ERROR),
        ([ExitCode.WAIT_TIMEOUT, ExitCode.WAIT_TIMEOUT, ExitCode.WAIT_TIMEOUT], ExitCode.WAIT_TIMEOUT),
        ([ExitCode.WAIT_TIMEOUT, ExitCode.API_ERROR, ExitCode.API_ERROR], ExitCode.API_ERROR),
    ],
)
def test_exit_code_of_several_listeners(codes: list[ExitCode], expected: ExitCode) -> None:
    rows = [Row(f"l{i}", True, problem=Problem(code, "X", "advice")) for i, code in enumerate(codes)]
    rows += [Row(f"ok{i}", True) for i in range(3 - len(codes))]
    assert ChangeReport(Action.PAUSE, ["c"], False, rows).exit_code is expected


def test_explain_uses_no_secret_and_names_what_matters() -> None:
    where = Where(base_url="https://api.boomi.com", account_id="acct", username="me", container_id="c1", attempts=3)
    assert explain(AuthenticationError("no"), where).exit_code is ExitCode.API_ERROR
    gone = explain(GoneError("gone", method="GET", path="/async/ListenerStatus/response/{token}"), where)
    assert "expired" in gone.advice
    timeout = explain(WaitTimeoutError("late", last_state=ListenerState("l", "paused")), where)
    assert timeout.exit_code is ExitCode.WAIT_TIMEOUT
    maybe = explain(APIConnectionError("dropped", may_have_reached_server=True), where)
    assert "may have reached Boomi" in maybe.advice
    assert "https://api.boomi.com" in maybe.advice
