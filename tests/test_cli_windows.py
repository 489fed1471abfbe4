"""``boomi-listeners snapshot / apply / window`` through the installed script, against the fake on loopback.

A window runs a command, forwards signals and must survive ``kill -9`` through its journal: only a
real process shows that, so every test here starts the console script.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("boomi_listeners.testing")
from boomi_listeners import StateDocument
from boomi_listeners.testing import (
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_PROD_CONTAINER_ID,
    FakeBoomi,
)
from tests._cli_runner import ServedFake, on_loopback, wait_for_file
from tests._fakes import MOLECULE_LISTENING, MOLECULE_PAUSED, demo_fake

PROD, MOLECULE = DEMO_PROD_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID
# The command of a window that never ends by itself: it says it runs, then waits for a signal.
# It writes its pid: it runs in its own process group, so a test that kills the CLI kills it too.
BLOCKING = "import os, pathlib, signal, sys; pathlib.Path(sys.argv[1]).write_text(str(os.getpid())); signal.pause()"


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[ServedFake]:
    with on_loopback(demo_fake(apply_delay=0.02), tmp_path / "state") as served:
        yield served


def drift(fake: FakeBoomi) -> None:
    fake.state.schedule_change(PROD, "pause_all", None, apply_delay=0, restart_phase=0)
    fake.state.schedule_change(MOLECULE, "pause", MOLECULE_LISTENING[0], apply_delay=0, restart_phase=0)
    fake.state.schedule_change(MOLECULE, "resume", MOLECULE_PAUSED, apply_delay=0, restart_phase=0)


# -- snapshot / apply -------------------------------------------------------------------------------


def test_snapshot_then_apply_plan_sends_no_change_and_apply_restores(fake: ServedFake, tmp_path: Path) -> None:
    before = fake.statuses(PROD, MOLECULE)
    path = tmp_path / "snapshot.yaml"
    made = fake.run("snapshot", "-c", PROD, "--container", MOLECULE, "-o", str(path))
    assert made.code == 0, made.err
    assert StateDocument.load(path).container_ids == (PROD, MOLECULE)
    drift(fake.fake)
    drifted = fake.statuses(PROD, MOLECULE)
    fake.fake.clear_requests()

    planned = fake.run("apply", str(path), "--plan")
    assert planned.code == 0, planned.err
    prod_listeners = len(fake.fake.state.runtimes[PROD].listeners)
    assert f"{prod_listeners + 2} change request(s); nothing was sent" in planned.out
    assert "resume_all" not in planned.out
    assert f"resume on container {PROD}" in planned.out
    fewest = fake.run("apply", str(path), "--plan", "--fewest-requests")
    assert fewest.code == 0, fewest.err
    assert "3 change request(s); nothing was sent" in fewest.out
    assert f"resume_all on container {PROD}" in fewest.out
    assert fake.changes() == []
    assert all("/ListenerStatus/" in r.path for r in fake.fake.requests), "--plan only reads the status"
    assert fake.statuses(PROD, MOLECULE) == drifted

    applied = fake.run("apply", str(path), "--wait", "--json", "--fewest-requests")
    assert applied.code == 0, applied.err
    doc = applied.json()
    assert doc["ok"] is True
    assert doc["plan"]["requests"] == 3
    assert len(fake.changes()) == 3
    assert {r["result"] for r in doc["results"]} == {"changed", "unchanged"}
    assert fake.statuses(PROD, MOLECULE) == before


def test_snapshot_json_on_stdout_is_the_document(fake: ServedFake) -> None:
    result = fake.run("snapshot", "-c", PROD, "--json")
    assert result.code == 0, result.err
    assert StateDocument.from_dict(result.json()).container_ids == (PROD,)


def test_apply_of_an_invalid_document_names_the_field_and_sends_nothing(fake: ServedFake, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"version: 1\nruntimes:\n- container_id: {PROD}\n  listeners:\n  - {{listener_id: x, status: stopped}}\n"
    )
    result = fake.run("apply", str(path))
    assert result.code == 2
    assert "runtimes[0].listeners[0].status" in result.err
    assert "'stopped' is not one of" in result.err
    assert "Traceback" not in result.err
    assert fake.fake.requests == []


# -- window -----------------------------------------------------------------------------------------


def test_window_runs_the_command_and_keeps_a_paused_listener_paused(fake: ServedFake, tmp_path: Path) -> None:
    before = fake.statuses(PROD, MOLECULE)
    result = fake.run(
        "window", "-c", PROD, "-c", MOLECULE, "--", sys.executable, "-c", "import sys; sys.exit(7)", cwd=tmp_path
    )
    assert result.code == 7, result.err
    assert fake.statuses(PROD, MOLECULE) == before
    assert before[(MOLECULE, MOLECULE_PAUSED)] == "paused"
    assert MOLECULE_PAUSED not in {c.get("listenerId") for c in fake.changes()}
    actions = [c["action"] for c in fake.changes()]
    assert "pause_all" not in actions
    assert "resume_all" not in actions
    assert (
        actions.count("pause")
        == actions.count("resume")
        == len([key for key, status in before.items() if status == "listening"])
    )
    assert actions.index("resume") > max(i for i, a in enumerate(actions) if a == "pause")
    journal = StateDocument.load(tmp_path / "boomi-listeners-window.json")
    assert journal.window is not None
    assert journal.window.state == "restored"


def test_window_dry_run_shows_the_plan_and_changes_nothing(fake: ServedFake) -> None:
    result = fake.run("window", "-c", MOLECULE, "--dry-run", "--json")
    assert result.code == 0, result.err
    assert result.json()["plan"]["requests"] == 3
    assert fake.changes() == []


def test_sigterm_is_forwarded_and_the_window_restores(fake: ServedFake, tmp_path: Path) -> None:
    before = fake.statuses(PROD)
    marker, journal = tmp_path / "running", tmp_path / "journal.json"
    proc = fake.start(
        "window", "-c", PROD, "--journal", str(journal), "--", sys.executable, "-c", BLOCKING, str(marker)
    )
    wait_for_file(marker, proc)
    assert set(fake.statuses(PROD).values()) == {"paused"}, "the command runs once the pause is confirmed"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert fake.statuses(PROD) == before
    assert StateDocument.load(journal).window.state == "restored"  # type: ignore[union-attr]


def test_kill_9_then_recover_restores_every_listener(fake: ServedFake, tmp_path: Path) -> None:
    before = fake.statuses(PROD, MOLECULE)
    marker, journal = tmp_path / "running", tmp_path / "journal.yaml"
    proc = fake.start(
        "window", "-c", PROD, "-c", MOLECULE, "--journal", str(journal), "--",
        sys.executable, "-c", BLOCKING, str(marker),
    )  # fmt: skip
    wait_for_file(marker, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    os.kill(int(marker.read_text()), signal.SIGKILL)
    proc.communicate(timeout=30)
    paused = fake.statuses(PROD, MOLECULE)
    assert paused != before
    assert {status for (c, _), status in paused.items() if c == PROD} == {"paused"}
    left = StateDocument.load(journal)
    assert left.window is not None
    assert left.window.state == "open"

    recovered = fake.run("window", "--recover", str(journal))
    assert recovered.code == 0, recovered.err
    assert fake.statuses(PROD, MOLECULE) == before
    assert fake.statuses(PROD, MOLECULE)[(MOLECULE, MOLECULE_PAUSED)] == "paused"
    assert StateDocument.load(journal).window.state == "restored"  # type: ignore[union-attr]

    fake.fake.clear_requests()
    again = fake.run("window", "--recover", str(journal))
    assert again.code == 0, again.err
    assert "already restored" in again.out
    assert fake.fake.requests == [], "recovering twice sends nothing"


def test_a_window_that_cannot_restore_exits_125_and_keeps_the_journal(fake: ServedFake, tmp_path: Path) -> None:
    journal = tmp_path / "journal.json"
    marker = tmp_path / "running"
    proc = fake.start("window", "-c", MOLECULE, "--journal", str(journal), "--", sys.executable, "-c", BLOCKING,
                      str(marker))  # fmt: skip
    wait_for_file(marker, proc)
    fake.fake.faults.set_offline(MOLECULE)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 125, err
    assert MOLECULE_LISTENING[0] in err
    assert "--recover" in err
    assert StateDocument.load(journal).window.state == "open"  # type: ignore[union-attr]
