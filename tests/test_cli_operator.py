"""What an operator meets first: several runtimes per command, output for pipelines, retries and timeouts.

In process through ``boomi_listeners.cli.main`` (the fixtures of ``test_cli_inprocess``),
except where only a real process shows it (a terminal on stderr, a pipe on stdout).
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("boomi_listeners.testing")
from boomi_listeners import Action
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    FakeBoomi,
    Listener,
    demo_state,
    serve,
)
from tests._cli_runner import (
    OUTPUT_VALIDATOR,
    Cli,
    changes_received,
    in_process,
    process_env,
    received,
    run_process,
    run_with_terminal_stderr,
    start_fake_server,
)
from tests._fakes import BLOCK_THE_FAKE_EXTRA, PROD_LISTENERS, demo_fake

PROD, TEST = DEMO_PROD_CONTAINER_ID, DEMO_TEST_CONTAINER_ID
SHARED = DEMO_TEST_LISTENER_ID  # deployed on both runtimes in the `shared` fake below


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """The demo fake, with the test runtime's listener also deployed on the production runtime."""
    state = demo_state()
    state.runtimes[PROD].listeners.append(Listener(SHARED, name="Contract test listener", connector_type="http"))
    with in_process(demo_fake(state=state, apply_delay=0.02), monkeypatch, capsys) as cli:
        yield cli


def statuses(fake: FakeBoomi, container_id: str) -> set[str]:
    with fake.state.lock:
        return {listener.status for listener in fake.state.runtimes[container_id].listeners}


# -- several runtimes: every one is acted on, none silently dropped ---------------------------------


@pytest.mark.parametrize(("verb", "leads_to"), [("pause", "paused"), ("restart", "listening")])
def test_every_listener_on_two_runtimes(cli: Cli, verb: str, leads_to: str) -> None:
    result = cli.run("--json", verb, "-c", PROD, "-c", TEST, "--all", "--wait", "--timeout", "10")

    assert result.code == 0, result.err
    doc = result.json()
    OUTPUT_VALIDATOR.validate(doc)
    assert doc["container_ids"] == [PROD, TEST]
    assert [(r["container_id"], r["listener_id"], r["status"]) for r in doc["results"]] == [
        (PROD, None, leads_to),
        (TEST, None, leads_to),
    ]
    assert {s["container_id"] for s in doc["states"]} == {PROD, TEST}
    assert sorted(body["containerId"] for body in changes_received(cli.fake, len(cli.fake.requests))) == sorted(
        [PROD, TEST]
    )
    assert statuses(cli.fake, PROD) == statuses(cli.fake, TEST) == {leads_to}


def test_resume_a_listener_on_two_runtimes(cli: Cli) -> None:
    assert cli.run("pause", "-c", PROD, "-c", TEST, "-l", SHARED, "--wait").code == 0
    assert cli.fake.status_of(PROD, SHARED) == cli.fake.status_of(TEST, SHARED) == "paused"

    result = cli.run("resume", "-c", PROD, "-c", TEST, "-l", SHARED, "--wait")

    assert result.code == 0, result.err
    assert cli.fake.status_of(PROD, SHARED) == cli.fake.status_of(TEST, SHARED) == "listening"
    lines = [line.split() for line in result.out.splitlines() if line.startswith("ok")]
    assert [(line[1], line[2], line[3]) for line in lines] == [(PROD, SHARED, "listening"), (TEST, SHARED, "listening")]
    assert "2 of 2 listeners on 2 runtimes" in result.out


def test_a_listener_missing_on_one_of_two_runtimes_is_a_partial_failure(cli: Cli) -> None:
    result = cli.run("--json", "pause", "-c", PROD, "-c", TEST, "-l", DEMO_PROD_LISTENER_ID)

    assert result.code == 4
    rows = {r["container_id"]: r["ok"] for r in result.json()["results"]}
    assert rows == {PROD: True, TEST: False}
    assert f"{DEMO_PROD_LISTENER_ID} on {TEST}" in result.err


def test_dry_run_shows_the_requests_for_each_runtime(cli: Cli) -> None:
    every = cli.run("--dry-run", "--json", "pause", "-c", PROD, "-c", TEST, "--all", "--wait").json()
    several = cli.run("--dry-run", "--json", "resume", "-c", PROD, "-c", TEST, "-l", "a", "-l", "b").json()
    status = cli.run("--dry-run", "--json", "status", "-c", PROD, "-c", TEST).json()

    changes = [r["json"] for r in every["requests"] if r["url"].endswith("/changeListenerStatus")]
    assert changes == [{"action": "pause_all", "containerId": PROD}, {"action": "pause_all", "containerId": TEST}]
    queries = [r["json"] for r in every["requests"] if r["url"].endswith("/query")]
    assert [q["QueryFilter"]["expression"]["argument"] for q in queries] == [[PROD], [TEST]]
    pairs = [(r["json"]["containerId"], r["json"]["listenerId"]) for r in several["requests"]]
    assert pairs == [(PROD, "a"), (PROD, "b"), (TEST, "a"), (TEST, "b")]
    assert [r["method"] for r in status["requests"]] == ["POST", "GET", "POST", "GET"]
    assert cli.fake.requests == []


def test_status_prints_each_runtime(cli: Cli) -> None:
    table = cli.run("status", "-c", PROD, "-c", TEST)
    doc = cli.run("--json", "status", "-c", PROD, "-c", TEST).json()

    assert table.code == 0, table.err
    assert f"Runtime {PROD}" in table.out
    assert f"Runtime {TEST}" in table.out
    assert {(row["container_id"], row["listener_id"]) for row in doc["listeners"]} >= {(PROD, SHARED), (TEST, SHARED)}
    assert doc["container_ids"] == [PROD, TEST]
    assert "container_id" not in doc  # no single runtime to name
    OUTPUT_VALIDATOR.validate(doc)


def test_status_reports_every_runtime_when_one_cannot_be_read(cli: Cli) -> None:
    text = cli.run("status", "-c", DEMO_OFFLINE_CONTAINER_ID, "-c", TEST)
    doc = cli.run("--json", "status", "-c", DEMO_OFFLINE_CONTAINER_ID, "-c", TEST).json()

    assert text.code == 4
    assert SHARED in text.out  # the runtime that answered is printed
    assert f"runtime {DEMO_OFFLINE_CONTAINER_ID}:" in text.err
    assert "offline" in text.err
    assert (doc["exit_code"], [f["container_id"] for f in doc["failed"]]) == (4, [DEMO_OFFLINE_CONTAINER_ID])
    assert doc["failed"][0]["error"]["status_code"] == 410
    assert {row["container_id"] for row in doc["listeners"]} == {TEST}
    OUTPUT_VALIDATOR.validate(doc)


def test_wait_on_two_runtimes(cli: Cli) -> None:
    cli.run("pause", "-c", TEST, "-l", SHARED, "--wait")
    only_one = cli.run("wait", "-c", TEST, "-c", PROD, "-l", SHARED, "--status", "paused", "--timeout", "0.5")
    cli.run("pause", "-c", PROD, "-l", SHARED, "--wait")
    both = cli.run("--output", "plain", "wait", "-c", TEST, "-c", PROD, "-l", SHARED, "--status", "paused")

    assert only_one.code == 3, "the listener is still listening on the second runtime"
    assert both.code == 0, both.err
    assert both.out.splitlines() == [f"{TEST}\t{SHARED}\tpaused", f"{PROD}\t{SHARED}\tpaused"]
    doc = cli.run("--json", "wait", "-c", TEST, "-c", PROD, "-l", SHARED, "--status", "paused").json()
    OUTPUT_VALIDATOR.validate(doc)
    assert [(row["container_id"], row["status"]) for row in doc["listeners"]] == [(TEST, "paused"), (PROD, "paused")]


def test_snapshot_and_window_take_several_runtimes(cli: Cli) -> None:
    snapshot = cli.run("--json", "snapshot", "-c", PROD, "-c", TEST)
    window = cli.run("--dry-run", "--json", "window", "-c", PROD, "-c", TEST, "--", "true")

    assert snapshot.code == 0, snapshot.err
    assert [r["container_id"] for r in snapshot.json()["runtimes"]] == [PROD, TEST]
    assert window.code == 0, window.err
    assert {change["container_id"] for change in window.json()["plan"]["changes"]} == {PROD, TEST}


# -- output for pipelines ----------------------------------------------------------------------------


def test_status_plain_is_one_tab_separated_line_per_listener(cli: Cli) -> None:
    result = cli.run("--output", "plain", "status", "-c", TEST, "-c", PROD)

    assert result.code == 0, result.err
    rows = [line.split("\t") for line in result.out.splitlines()]
    assert rows[0] == [TEST, SHARED, "listening", "http"]
    assert len(rows) == 1 + 5  # the test runtime's listener, then the production runtime's five
    assert all(len(row) == 4 for row in rows)
    assert [row[1] for row in rows if row[0] == PROD][: len(PROD_LISTENERS)] == PROD_LISTENERS


def test_change_plain_and_the_option_after_the_command(cli: Cli) -> None:
    several = cli.run("pause", "-c", PROD, "-l", PROD_LISTENERS[0], "-l", "not-deployed", "--output", "plain")
    every = cli.run("resume", "-c", PROD, "--all", "--wait", "--output", "plain")

    assert several.code == 4
    ok, failed = (line.split("\t") for line in several.out.splitlines())
    assert ok == ["ok", PROD, PROD_LISTENERS[0], "accepted"]
    assert failed[:3] == ["FAILED", PROD, "not-deployed"]
    assert every.code == 0, every.err
    assert {tuple(line.split("\t")[::3]) for line in every.out.splitlines()} == {("ok", "listening")}
    assert len(every.out.splitlines()) == 5  # one line per listener on the runtime


def test_json_is_output_json(cli: Cli) -> None:
    assert cli.run("--output", "json", "status", "-c", TEST).json() == cli.run("status", "-c", TEST, "--json").json()
    assert cli.run("status", "-c", TEST, "--output", "xml").code == 2


def test_tables_are_not_cut_when_stdout_is_not_a_terminal(cli: Cli) -> None:
    result = cli.run("status", "-c", PROD, COLUMNS="40")

    assert result.code == 0, result.err
    for listener_id in PROD_LISTENERS:
        assert listener_id in result.out
    assert "listening" in result.out
    assert "…" not in result.out


def test_a_pipe_gets_whole_ids_from_the_console_script(cli: Cli) -> None:
    args = ["pause", "-c", PROD, *[a for i in PROD_LISTENERS for a in ("-l", i)], "--wait"]
    done = run_process(*args, env=cli.env(COLUMNS=None))

    assert done.code == 0, done.err
    assert "…" not in done.out
    assert [line.split()[1:] for line in done.out.splitlines() if line.startswith("ok")] == [
        [listener_id, "paused"] for listener_id in PROD_LISTENERS
    ]


# -- retries and timeouts -------------------------------------------------------------------------------


def test_retries_counts_retries_after_the_first_attempt(cli: Cli) -> None:
    cli.fake.faults.fail_next(3, status=503)
    none = cli.run("--retries", "0", "pause", "-c", TEST, "-l", SHARED)
    one = cli.run("--retries", "1", "pause", "-c", TEST, "-l", SHARED)

    assert none.code == 1
    assert "after 1 attempt." in none.err
    assert one.code == 1
    assert "after 2 attempts" in one.err
    assert [r.status for r in received(cli.fake, 3)] == [503, 503, 503]


def test_status_timeout_bounds_the_query(cli: Cli) -> None:
    assert cli.run("status", "-c", TEST, "--timeout", "0").code == 2
    cli.fake.faults.latency = 1.0
    slow = cli.run("--retries", "0", "status", "-c", TEST, "--timeout", "0.2")

    assert slow.code == 1
    assert "in time" in slow.err


# -- progress on a terminal ------------------------------------------------------------------------------


@pytest.fixture
def slow_fake() -> Iterator[dict[str, str]]:
    with serve(demo_fake(apply_delay=1.2)) as base_url:
        yield process_env(base_url)


def test_a_single_wait_shows_elapsed_time_on_a_terminal(slow_fake: dict[str, str]) -> None:
    done, drawn = run_with_terminal_stderr(["pause", "-c", TEST, "-l", SHARED, "--wait"], slow_fake)

    assert done.returncode == 0
    assert f"listener {SHARED} on runtime {TEST}: waiting until paused" in drawn
    assert "0:00:0" in drawn  # elapsed time


def test_the_bar_counts_sends_then_names_what_is_pending(slow_fake: dict[str, str]) -> None:
    args = ["pause", "-c", PROD, "-l", PROD_LISTENERS[0], "-l", PROD_LISTENERS[1], "--wait"]
    done, drawn = run_with_terminal_stderr(args, slow_fake)

    assert done.returncode == 0
    assert "pause 2 listeners: sending" in drawn
    assert f"pause 2 listeners: confirming {PROD_LISTENERS[0]}, {PROD_LISTENERS[1]}" in drawn
    assert "0/2 confirmed" in drawn  # the changes apply after 1.2 s: sent is not done
    assert "2/2 confirmed" in drawn
    assert "0:00:0" in drawn
    assert re.findall(r"\d+/\d+(?! sent| confirmed)", drawn) == [], "every count says what it counts"


# -- the fake as a process, and without its extra ---------------------------------------------------------


def test_fake_server_stops_promptly_on_sigterm_with_a_request_in_flight() -> None:
    proc = start_fake_server()
    try:
        assert proc.stdout is not None
        base_url = ""
        while not base_url:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "the fake exited"
            if line.startswith("export BOOMI_BASE_URL="):
                base_url = line.strip().partition("=")[2]
        host, port = base_url.removeprefix("http://").rsplit(":", 1)
        with socket.create_connection((host, int(port))) as client:
            # A request whose body never finishes arriving: the server has it in flight.
            client.sendall(
                f"POST /api/rest/v1/{DEMO_ACCOUNT_ID}/changeListenerStatus HTTP/1.1\r\nHost: {host}\r\n"
                "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{".encode()
            )
            proc.send_signal(signal.SIGTERM)
            # The promise is "well within two seconds"; the bound leaves room for a loaded machine, and a server
            # that waited for the request in flight would never stop at all.
            proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)
    assert proc.returncode == 0


@pytest.mark.parametrize(
    "entry",
    [
        # As `python -m boomi_listeners.testing` runs it (runpy names the module with argv[0] "-m").
        "import runpy; sys.argv[0] = '-m'; runpy._run_module_as_main('boomi_listeners.testing')",
        "from boomi_listeners.cli import main; sys.exit(main(['fake-server']))",
    ],
)
def test_the_fake_without_its_extra_says_how_to_install_it(entry: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_THE_FAKE_EXTRA + entry], capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 2
    assert "pip install 'boomi-listeners[fake]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_cli_gives_change_many_change_targets_only(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK also takes positional (action, container, listener) tuples; the CLI never relies on that form."""
    from boomi_listeners import ChangeTarget, ListenerClient

    seen: list[object] = []
    original = ListenerClient.change_many

    def recording(self: ListenerClient, targets: Any, **options: Any) -> Any:
        targets = list(targets)
        seen.extend(targets)
        return original(self, targets, **options)

    monkeypatch.setattr(ListenerClient, "change_many", recording)
    result = cli.run("pause", "-c", PROD, "-c", TEST, "-l", SHARED, "--wait")

    assert result.code == 0, result.err
    assert seen == [ChangeTarget(Action.PAUSE, PROD, SHARED), ChangeTarget(Action.PAUSE, TEST, SHARED)]
