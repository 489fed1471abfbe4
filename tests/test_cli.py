"""The ``boomi-listeners`` console script, run as a process against the embedded fake on loopback.

Exit codes, the password prompt and "no secret is ever printed" are only
meaningful through the real entry point, so every test here starts the
installed script from the virtual environment's bin directory.
"""

from __future__ import annotations

import base64
import os
import signal
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("boomi_listeners.testing")
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    User,
    demo_state,
)
from tests._cli_runner import (
    Result,
    ServedFake,
    on_loopback,
    run_process as cli,
    run_with_terminal_stderr,
    start_fake_server,
)
from tests._fakes import PROD_LISTENERS, demo_fake

CANARY_USER = "canary@example.com"
CANARY_PASSWORD = "Canary-Pw-4f81c2d9e7"


@pytest.fixture
def fake() -> Iterator[ServedFake]:
    """The demo fake on loopback, with a second user (the canary) whose password no output may show."""
    state = demo_state()
    state.add_user(User(CANARY_USER, password=CANARY_PASSWORD, accounts=[DEMO_ACCOUNT_ID]))
    with on_loopback(demo_fake(state=state, apply_delay=0.05, query_delay=0.01)) as served:
        yield served


# -- exit codes, through the installed script ------------------------------------------------------


def test_help_documents_commands_and_exit_codes() -> None:
    result = cli("--help", env={**os.environ, "COLUMNS": "200"})
    assert result.code == 0
    for command in ("pause", "resume", "restart", "status", "wait", "fake-server"):
        assert command in result.out
    text = " ".join(result.out.split())
    for meaning in ("0 success", "1 API error", "2 usage or validation error", "3 a wait timed out",
                    "4 partial failure"):  # fmt: skip
        assert meaning in text


@pytest.mark.parametrize(
    ("args", "env", "code"),
    [
        (["--json", "status", "-c", DEMO_TEST_CONTAINER_ID], {}, 0),
        (["status", "-c", DEMO_TEST_CONTAINER_ID], {"BOOMI_PASSWORD": "wrong"}, 1),
        (["--json", "pause", "-c", DEMO_TEST_CONTAINER_ID], {}, 2),
        (["--password", "x", "status", "-c", DEMO_TEST_CONTAINER_ID], {}, 2),
        (["status", "-c", DEMO_TEST_CONTAINER_ID], {"BOOMI_ACCOUNT_ID": None}, 2),
        (["wait", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "--status", "paused", "--timeout",
          "0.2"], {}, 3),
        (["--json", "pause", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_PROD_LISTENER_ID, "-l", "not-deployed"], {}, 4),
    ],
)  # fmt: skip
def test_exit_codes(fake: ServedFake, args: list[str], env: dict[str, str | None], code: int) -> None:
    result = cli(*args, env=fake.env(**env))
    assert result.code == code, (result.out, result.err)
    if code:
        assert result.err.strip()  # every failure says what went wrong on stderr
    if "--json" in args:  # stdout holds one JSON document, also on failure
        doc = result.json()
        assert (doc["ok"], doc["exit_code"]) == (code == 0, code)


# -- credentials ---------------------------------------------------------------------------------------


def test_retries_are_quiet_unless_verbose(fake: ServedFake) -> None:
    fake.fake.faults.fail_next(1, status=503)
    quiet = fake.run("pause", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID)
    assert quiet.code == 0, quiet.err
    assert "Traceback" not in quiet.err
    fake.fake.faults.fail_next(1, status=503)
    verbose = fake.run("-v", "resume", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID)
    assert verbose.code == 0, verbose.err
    assert "-> 503" in verbose.err
    assert "(attempt 2)" in verbose.err


def test_prompt_reads_a_piped_password(fake: ServedFake) -> None:
    result = cli("--json", "status", "-c", DEMO_TEST_CONTAINER_ID, env=fake.env(BOOMI_PASSWORD=None),
                 stdin=DEMO_PASSWORD + "\n")  # fmt: skip
    assert result.code == 0, result.err
    assert f"Boomi password for {DEMO_USERNAME}" in result.err
    assert result.json()["listeners"][0]["listener_id"] == DEMO_TEST_LISTENER_ID  # stdout holds only the JSON
    assert DEMO_PASSWORD not in result.out + result.err


def test_nothing_typed_at_the_prompt_exits_2(fake: ServedFake) -> None:
    result = cli("status", "-c", DEMO_TEST_CONTAINER_ID, env=fake.env(BOOMI_PASSWORD=None), stdin="")
    assert result.code == 2
    assert "no password was given" in result.err
    assert fake.fake.requests == []


SECRET_RUNS = [
    (["-v", "status", "-c", DEMO_PROD_CONTAINER_ID], "env"),
    (["-v", "--json", "pause", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "--wait"], "prompt"),
    (["-v", "pause", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_PROD_LISTENER_ID, "-l", "x"], "env"),
    (["--dry-run", "pause", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_PROD_LISTENER_ID, "-l", "x", "--wait"], "env"),
    (["--dry-run", "--json", "-v", "resume", "-c", DEMO_PROD_CONTAINER_ID, "--all"], "env"),
    (["--dry-run", "-v", "status", "-c", DEMO_PROD_CONTAINER_ID], "prompt"),
    (["-v", "pause", "-c", DEMO_OFFLINE_CONTAINER_ID, "--all"], "env"),
    (["-v", "--json", "wait", "-c", DEMO_TEST_CONTAINER_ID, "-l", DEMO_TEST_LISTENER_ID, "--status", "errored",
      "--timeout", "1"], "env"),
    (["-v", "status", "-c", DEMO_PROD_CONTAINER_ID], "wrong"),
    (["-v", "--json", "pause", "-c", DEMO_PROD_CONTAINER_ID, "--all"], "wrong"),
]  # fmt: skip


def test_the_secret_is_never_printed(fake: ServedFake) -> None:
    """A known password never shows on stdout or stderr: with -v, --dry-run, --json, errors, the prompt."""
    basic = base64.b64encode(f"{CANARY_USER}:{CANARY_PASSWORD}".encode()).decode()

    def run(args: list[str], how: str) -> Result:
        if how == "prompt":
            return cli(*args, env=fake.env(BOOMI_USERNAME=CANARY_USER, BOOMI_PASSWORD=None), stdin=CANARY_PASSWORD)
        secret = CANARY_PASSWORD + ("-wrong" if how == "wrong" else "")
        return cli(*args, env=fake.env(BOOMI_USERNAME=CANARY_USER, BOOMI_PASSWORD=secret))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda item: run(*item), SECRET_RUNS))
    assert [r.code for r in results] == [0, 0, 4, 0, 0, 0, 1, 3, 1, 1]
    assert all("DEBUG boomi_listeners" in r.err for r, (args, _) in zip(results, SECRET_RUNS, strict=True)
               if "--dry-run" not in args and r.code != 2)  # fmt: skip
    for result in results:
        for text in (result.out, result.err):
            assert CANARY_PASSWORD not in text
            assert basic not in text


# -- terminal, fake-server ------------------------------------------------------------------------------


def test_progress_bar_when_stderr_is_a_terminal(fake: ServedFake) -> None:
    """Several listeners with stderr on a terminal: a Rich progress bar there, the result lines on stdout."""
    args = ["pause", "-c", DEMO_PROD_CONTAINER_ID, *[a for i in PROD_LISTENERS for a in ("-l", i)]]
    done, drawn = run_with_terminal_stderr(args, fake.env(), timeout=30)
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert [line.split()[1] for line in lines if line.startswith("ok")] == PROD_LISTENERS
    assert "pause 3 listeners" in drawn


def test_fake_server_serves_until_sigterm() -> None:
    proc = start_fake_server("--demo", "--apply-delay", "0.05")
    exports: dict[str, str] = {}
    try:
        assert proc.stdout is not None
        while "BOOMI_TEST_LISTENER_ID" not in exports:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").strip().partition("=")
                exports[name] = value
        assert exports["BOOMI_ACCOUNT_ID"] == DEMO_ACCOUNT_ID
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOOMI_")} | exports
        result = cli("--json", "status", "-c", exports["BOOMI_TEST_CONTAINER_ID"], env=env)
        assert result.code == 0, result.err
        assert result.json()["listeners"][0]["listener_id"] == exports["BOOMI_TEST_LISTENER_ID"]
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "stopped" in out
    port = int(exports["BOOMI_BASE_URL"].rsplit(":", 1)[1])
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", port))
