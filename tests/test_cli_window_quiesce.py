"""``boomi-listeners window --schedules --drain`` through the installed script, against the fake on loopback.

The fake runs on the real clock here: the execution the drain waits out lasts about a second.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from boomi_listeners import StateDocument
from boomi_listeners.testing import (
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PROD_DISABLED_PROCESS_ID,
    DEMO_PROD_SCHEDULED_PROCESS_ID,
)
from tests._cli_runner import OUTPUT_VALIDATOR, ServedFake, wait_for_file
from tests.test_cli_windows import BLOCKING, PROD, fake

__all__ = ["fake"]  # the fixture, shared with the window tests


def until(condition: Callable[[], bool], proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.02)


def schedules(fake: ServedFake) -> dict[str, bool]:
    return {s.process_id: s.enabled for s in fake.fake.state.runtimes[PROD].schedules}


def test_schedules_and_drain_run_the_command_only_once_quiet_and_put_everything_back(
    fake: ServedFake, tmp_path: Path
) -> None:
    schedules_before, listeners_before = schedules(fake), fake.statuses(PROD)
    assert schedules_before[DEMO_PROD_DISABLED_PROCESS_ID] is False
    execution = fake.fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600)
    marker, journal = tmp_path / "running", tmp_path / "journal.yaml"

    proc = fake.start("window", "-c", PROD, "--schedules", "--drain", "--journal", str(journal), "--",
                      sys.executable, "-c", BLOCKING, str(marker))  # fmt: skip
    # The drain has seen the execution running twice: the command must not have started.
    until(lambda: len([r for r in fake.fake.requests if r.path.endswith("/ExecutionRecord/query")]) >= 2, proc)
    assert not marker.exists()
    fake.fake.state.cancel_execution(execution)  # it ends
    wait_for_file(marker, proc)
    # The command runs: the execution had ended, every schedule is off, listeners paused.
    assert fake.fake.execution_status(execution) == "ABORTED"
    assert set(schedules(fake).values()) == {False}
    assert set(fake.statuses(PROD).values()) == {"paused"}
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)

    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Waiting for 1 running execution(s) to end" in err
    assert "Drained" in err
    assert "switched off 2 schedule(s)" in err
    assert schedules(fake) == schedules_before  # the one off before is still off
    assert fake.statuses(PROD) == listeners_before
    assert StateDocument.load(journal).version == 2


def test_kill_9_then_recover_restores_listeners_and_schedules(fake: ServedFake, tmp_path: Path) -> None:
    schedules_before, listeners_before = schedules(fake), fake.statuses(PROD)
    marker, journal = tmp_path / "running", tmp_path / "journal.json"
    proc = fake.start("window", "-c", PROD, "--schedules", "--journal", str(journal), "--",
                      sys.executable, "-c", BLOCKING, str(marker))  # fmt: skip
    wait_for_file(marker, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    os.kill(int(marker.read_text()), signal.SIGKILL)
    proc.communicate(timeout=30)
    assert set(schedules(fake).values()) == {False}

    recovered = fake.run("window", "--recover", str(journal))

    assert recovered.code == 0, recovered.err
    assert schedules(fake) == schedules_before
    assert fake.statuses(PROD) == listeners_before
    assert StateDocument.load(journal).window.state == "restored"  # type: ignore[union-attr]


def test_an_offline_runtime_stops_the_window_before_any_change(fake: ServedFake, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = fake.run("window", "-c", PROD, "-c", DEMO_OFFLINE_CONTAINER_ID, "--schedules", "--",
                      sys.executable, "-c", f"open({str(marker)!r}, 'w').close()", cwd=tmp_path)  # fmt: skip

    assert result.code == 123, result.err
    assert DEMO_OFFLINE_CONTAINER_ID in result.err
    assert "is offline" in result.err
    assert not marker.exists()
    assert {r.method for r in fake.fake.requests} == {"GET"}  # the health reads only
    assert "Traceback" not in result.err


def test_a_drain_that_runs_out_exits_121_without_running_the_command(fake: ServedFake, tmp_path: Path) -> None:
    schedules_before, listeners_before = schedules(fake), fake.statuses(PROD)
    fake.fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600)
    marker = tmp_path / "ran"

    result = fake.run("window", "-c", PROD, "--schedules", "--drain", "--drain-timeout", "0.5", "--json", "--",
                      sys.executable, "-c", f"open({str(marker)!r}, 'w').close()", cwd=tmp_path)  # fmt: skip

    assert result.code == 121, result.err
    assert not marker.exists()
    assert "Nightly order export" in result.err  # what still runs
    assert result.json()["exit_code"] == 121
    assert schedules(fake) == schedules_before
    assert fake.statuses(PROD) == listeners_before


def test_cancel_after_cancels_loudly_then_runs_the_command(fake: ServedFake, tmp_path: Path) -> None:
    execution = fake.fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600)
    marker = tmp_path / "ran"

    result = fake.run("window", "-c", PROD, "--drain", "--cancel-after", "0.5", "--drain-timeout", "30", "--",
                      sys.executable, "-c", f"open({str(marker)!r}, 'w').close()", cwd=tmp_path)  # fmt: skip

    assert result.code == 0, result.err
    assert marker.exists()
    assert fake.fake.execution_status(execution) == "ABORTED"
    assert "will be CANCELLED" in result.err
    assert f"cancellation accepted: execution {execution}" in result.err
    assert "cancelling execution" in result.err


def test_the_json_report_lists_the_schedules_switched_off(fake: ServedFake, tmp_path: Path) -> None:
    result = fake.run("window", "-c", PROD, "--schedules", "--json", "--", sys.executable, "-c", "pass",
                      cwd=tmp_path)  # fmt: skip

    assert result.code == 0, result.err
    report = result.json()
    assert sorted(s["process_id"] for s in report["schedules_off"]) == sorted(
        p for p, on in schedules(fake).items() if on
    )


def test_dry_run_shows_the_schedules_it_would_switch_off_and_changes_nothing(fake: ServedFake) -> None:
    result = fake.run("window", "-c", PROD, "--schedules", "--dry-run")

    assert result.code == 0, result.err
    assert "switch off 2 schedule(s)" in result.out
    assert DEMO_PROD_DISABLED_PROCESS_ID not in result.out
    sent = [r.path.split("/api/rest/v1/", 1)[1].split("/", 1)[1] for r in fake.fake.requests]
    assert not [p for p in sent if p == "changeListenerStatus"]
    assert [p for p in sent if p.startswith("ProcessScheduleStatus/")] == ["ProcessScheduleStatus/query"]


def test_misused_drain_options_are_usage_errors(fake: ServedFake) -> None:
    for args in (["--cancel-after", "5"], ["--drain", "--cancel-after", "9", "--drain-timeout", "5"],
                 ["--drain", "--on-drain-timeout", "later"]):  # fmt: skip
        result = fake.run("window", "-c", PROD, *args, "--", "true")
        assert result.code == 2, (args, result.err)
        assert "Traceback" not in result.err
    assert fake.fake.requests == []


def test_every_window_json_document_follows_the_shipped_schema(fake: ServedFake, tmp_path: Path) -> None:
    fake.fake.start_execution(container_id=PROD, process_id=DEMO_PROD_SCHEDULED_PROCESS_ID, seconds=600)
    runs = {
        "ran": fake.run("window", "-c", PROD, "--schedules", "--json", "--", sys.executable, "-c", "exit(7)",
                        cwd=tmp_path),
        "dry run": fake.run("window", "-c", PROD, "--schedules", "--dry-run", "--json"),
        "drain ran out": fake.run("window", "-c", PROD, "--drain", "--drain-timeout", "0.3", "--json", "--", "true",
                                  cwd=tmp_path),
        "unhealthy": fake.run("window", "-c", DEMO_OFFLINE_CONTAINER_ID, "--json", "--", "true", cwd=tmp_path),
    }  # fmt: skip

    for what, result in runs.items():
        document = result.json()
        errors = [e.message for e in OUTPUT_VALIDATOR.iter_errors(document)]
        assert not errors, (what, errors, document)
        assert document["command"] == "window"
        assert document["exit_code"] == result.code
    assert [runs[w].code for w in runs] == [7, 0, 121, 123], {w: (r.err, r.out) for w, r in runs.items()}
    assert runs["ran"].json()["command_exit_code"] == 7
