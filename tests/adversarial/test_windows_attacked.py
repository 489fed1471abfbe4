"""Maintenance windows and ``apply`` under attack, with both clients against the embedded fake.

The two invariants of a window: it changes only the listeners it names (never one the runtime did
not report, never one deployed after its snapshot), and it restores only what it changed, only
where that listener is still as the window left it. Each attack here once left a listener in the
wrong state after the window ended.
"""

from __future__ import annotations

import json
import logging
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from boomi_listeners import InvalidRequestError, JournalError, StateDocument
from boomi_listeners._window import JournalNotMarkedError, _process_started
from boomi_listeners.testing import DEMO_PROD_LISTENER_ID, FakeBoomi
from boomi_listeners.testing.state import Listener
from tests._fakes import MOLECULE_ERRORED, MOLECULE_LISTENING, MOLECULE_PAUSED, demo_fake
from tests.adversarial.windows_support import MOLECULE, PROD, Driver, changes, set_status, statuses

ALL_ACTIONS = {"pause_all", "resume_all", "restart_all"}


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("BOOMI_LISTENERS_STATE_DIR", str(folder))
    return folder


def make_fake(profile: str | None = None) -> FakeBoomi:
    return demo_fake(restart_phase=0.01, profile=profile)


def assert_no_all_action(fake: FakeBoomi) -> None:
    assert not [c for c in changes(fake) if c[0] in ALL_ACTIONS], "no *_all action unless fewest_requests=True"


# -- 1. it changes only what it names -------------------------------------------------------------------


def test_an_unreported_listener_paused_before_the_window_stays_paused(kind: str) -> None:
    fake = make_fake("unreported-wss")
    set_status(fake, PROD, DEMO_PROD_LISTENER_ID, "paused")  # a wss listener: Boomi does not report it
    before = statuses(fake, PROD)
    Driver(kind, fake).window(lambda _: None, container_ids=[PROD], timeout=10)
    assert statuses(fake, PROD) == before
    assert DEMO_PROD_LISTENER_ID not in {c[2] for c in changes(fake)}
    assert_no_all_action(fake)


def test_apply_never_resumes_a_listener_the_document_does_not_name(kind: str) -> None:
    fake = make_fake("unreported-wss")
    driver = Driver(kind, fake)
    document = driver.call("snapshot", container_ids=[PROD])
    assert DEMO_PROD_LISTENER_ID not in {i.listener_id for _, i in document.listeners()}
    for item in fake.state.runtimes[PROD].listeners:
        set_status(fake, PROD, item.id, "paused")
    fake.clear_requests()
    result = driver.call("apply", document, timeout=10)
    assert result.ok
    assert fake.status_of(PROD, DEMO_PROD_LISTENER_ID) == "paused", "the unreported listener was not named"
    assert_no_all_action(fake)


def test_fewest_requests_is_the_opt_in_to_all_actions(kind: str) -> None:
    fake = make_fake()
    driver = Driver(kind, fake)
    document = driver.call("snapshot", container_ids=[PROD])
    for item in fake.state.runtimes[PROD].listeners:
        set_status(fake, PROD, item.id, "paused")
    fake.clear_requests()
    assert driver.call("apply", document, timeout=10, fewest_requests=True).ok
    assert changes(fake) == [("resume_all", PROD, None)]


def test_a_listener_deployed_between_snapshot_and_pause_is_never_touched(kind: str) -> None:
    fake = make_fake()
    late = Listener("0b5f3e6c-late-deploy", "Deployed during the window", "http")

    def deploy_before_the_first_change(request: httpx.Request) -> None:
        runtime = fake.state.runtimes[PROD]
        if request.url.path.endswith("/changeListenerStatus") and late not in runtime.listeners:
            with fake.state.lock:
                runtime.listeners.append(late)

    driver = Driver(kind, fake, hook=deploy_before_the_first_change)
    driver.window(lambda _: None, container_ids=[PROD], timeout=10)
    assert late in fake.state.runtimes[PROD].listeners
    assert fake.status_of(PROD, late.id) == "listening"
    assert late.id not in {c[2] for c in changes(fake)}
    assert_no_all_action(fake)
    assert {s for (_, lid), s in statuses(fake, PROD).items()} == {"listening"}


# -- 2. it restores only what it changed ----------------------------------------------------------------


def test_a_listener_paused_before_and_resumed_by_someone_during_the_window_stays_resumed(kind: str) -> None:
    fake = make_fake()
    Driver(kind, fake).window(
        lambda _: set_status(fake, MOLECULE, MOLECULE_PAUSED, "listening"), container_ids=[MOLECULE], timeout=10
    )
    assert fake.status_of(MOLECULE, MOLECULE_PAUSED) == "listening", "the restore must not pause it again"
    assert MOLECULE_PAUSED not in {c[2] for c in changes(fake)}


def test_a_listener_someone_resumed_during_the_window_is_left_alone_and_reported(
    kind: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = make_fake()
    journal = tmp_path / "journal.yaml"
    resumed = MOLECULE_LISTENING[0]

    def operator_resumes_then_pauses_again(_: StateDocument) -> None:
        set_status(fake, MOLECULE, resumed, "listening")

    caplog.set_level(logging.WARNING, logger="boomi_listeners")
    Driver(kind, fake).window(operator_resumes_then_pauses_again, container_ids=[MOLECULE], journal=journal, timeout=10)
    resumes = [c[2] for c in changes(fake) if c[0] == "resume"]
    assert sorted(resumes) == sorted(MOLECULE_LISTENING[1:]), "only what is still as the window left it"
    record = StateDocument.load(journal).window
    assert record is not None
    assert record.state == "restored"
    assert record.left_alone == ((MOLECULE, resumed, "listening"),)
    assert any(resumed in r.getMessage() and "someone else" in r.getMessage() for r in caplog.records)


def test_overlapping_windows_from_two_hosts_leave_nothing_paused(kind: str, tmp_path: Path, monkeypatch: Any) -> None:
    fake = make_fake()
    before = statuses(fake, PROD, MOLECULE)
    Driver(kind, fake).overlapping(
        {"container_ids": [PROD, MOLECULE], "timeout": 10},
        {"container_ids": [PROD, MOLECULE], "timeout": 10},
        # Another host: its locks are elsewhere, so nothing stops the second window.
        before_second=lambda: monkeypatch.setenv("BOOMI_LISTENERS_STATE_DIR", str(tmp_path / "other-host")),
    )
    assert statuses(fake, PROD, MOLECULE) == before


def test_a_second_window_on_a_runtime_a_live_window_holds_is_refused(kind: str) -> None:
    fake = make_fake()
    before = statuses(fake, PROD, MOLECULE)
    driver = Driver(kind, fake)
    with pytest.raises(InvalidRequestError, match=f"runtime {MOLECULE} is held by a live maintenance window"):
        driver.overlapping({"container_ids": [MOLECULE], "timeout": 10}, {"container_ids": [PROD, MOLECULE]})
    assert statuses(fake, PROD, MOLECULE) == before
    assert PROD not in {c[1] for c in changes(fake)}, "the refused window sent nothing"


def test_a_state_folder_that_cannot_be_made_falls_back_and_still_locks(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BOOMI_LISTENERS_STATE_DIR", str(blocker / "state"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    fake = make_fake()
    with pytest.raises(InvalidRequestError, match="held by a live maintenance window"):
        Driver(kind, fake).overlapping({"container_ids": [MOLECULE], "timeout": 10}, {"container_ids": [MOLECULE]})
    assert list((tmp_path / "tmp").glob("boomi-listeners-*/locks/runtime-*.lock"))


def test_two_windows_cannot_share_one_journal(kind: str, tmp_path: Path) -> None:
    fake = make_fake()
    journal = tmp_path / "journal.json"
    driver = Driver(kind, fake)
    with pytest.raises(InvalidRequestError, match="journal"):
        driver.overlapping(
            {"container_ids": [MOLECULE], "journal": journal, "timeout": 10},
            {"container_ids": [PROD], "journal": journal, "timeout": 10},
        )
    assert PROD not in {c[1] for c in changes(fake)}


# -- journals: a live window's journal is not recovered ------------------------------------------------------


def test_recover_refuses_the_journal_of_a_live_window_unless_forced(kind: str, tmp_path: Path) -> None:
    fake = make_fake()
    journal = tmp_path / "journal.json"
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        document = StateDocument.from_states([(MOLECULE, [])]).as_dict()
        document["runtimes"] = [
            {"container_id": MOLECULE, "listeners": [{"listener_id": MOLECULE_LISTENING[0], "status": "listening"}]}
        ]
        started = _process_started(live.pid)
        assert started is not None
        document["window"] = {"state": "open", "pid": live.pid, "host": os.uname().nodename, "process_started": started}
        journal.write_text(StateDocument.from_dict(document).dumps("json"))
        set_status(fake, MOLECULE, MOLECULE_LISTENING[0], "paused")
        driver = Driver(kind, fake)
        with pytest.raises(InvalidRequestError, match="still running"):
            driver.call("recover", journal=journal, timeout=10)
        assert changes(fake) == []
        result = driver.call("recover", journal=journal, timeout=10, force=True)
        assert result.ok
        assert fake.status_of(MOLECULE, MOLECULE_LISTENING[0]) == "listening"
    finally:
        live.kill()
        live.wait()


def test_the_restore_is_marked_so_that_signals_wait_for_it(kind: str) -> None:
    from boomi_listeners._window import restoring_now

    fake = make_fake()
    seen: list[tuple[str, bool]] = []

    def note(request: httpx.Request) -> None:
        if request.url.path.endswith("/changeListenerStatus"):
            seen.append((json.loads(request.content)["action"], restoring_now()))

    Driver(kind, fake, hook=note).window(lambda _: None, container_ids=[MOLECULE], timeout=10)
    assert {action for action, _ in seen} == {"pause", "resume"}
    assert all(marked == (action == "resume") for action, marked in seen)
    assert not restoring_now()


def test_recover_takes_a_killed_window_not_yet_reaped_for_dead(kind: str, tmp_path: Path) -> None:
    fake = make_fake()
    journal = tmp_path / "journal.json"
    killed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        started = _process_started(killed.pid)
        assert started is not None
        killed.kill()
        deadline = time.monotonic() + 10
        while Path(f"/proc/{killed.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        document = {
            "version": 1,
            "runtimes": [{"container_id": MOLECULE, "listeners": [
                {"listener_id": MOLECULE_LISTENING[0], "status": "listening"}]}],
            "window": {"state": "open", "pid": killed.pid, "host": os.uname().nodename, "process_started": started},
        }  # fmt: skip
        journal.write_text(json.dumps(document))
        set_status(fake, MOLECULE, MOLECULE_LISTENING[0], "paused")
        assert Driver(kind, fake).call("recover", journal=journal, timeout=10).ok
        assert fake.status_of(MOLECULE, MOLECULE_LISTENING[0]) == "listening"
    finally:
        killed.wait()


# -- misuse refused before any request --------------------------------------------------------------------


@pytest.mark.parametrize("timeout", [0, -1, math.nan, math.inf])
def test_a_window_with_a_timeout_that_is_not_positive_sends_nothing(kind: str, timeout: float) -> None:
    fake = make_fake()
    with pytest.raises(ValueError, match="timeout"):
        Driver(kind, fake).window(lambda _: pytest.fail("must not run"), container_ids=[PROD], timeout=timeout)
    assert fake.requests == []


@pytest.mark.parametrize("timeout", [0, -1, math.nan])
def test_recover_with_a_timeout_that_is_not_positive_sends_nothing(kind: str, tmp_path: Path, timeout: float) -> None:
    fake = make_fake()
    journal = tmp_path / "journal.json"
    journal.write_text(StateDocument.from_states([(MOLECULE, [])]).with_window(None).dumps("json"))
    with pytest.raises(ValueError, match="timeout"):
        Driver(kind, fake).call("recover", journal=journal, timeout=timeout)
    assert fake.requests == []


def test_a_confirmed_restore_whose_journal_cannot_be_marked_says_exactly_that(kind: str, tmp_path: Path) -> None:
    fake = make_fake()
    before = statuses(fake, MOLECULE)
    journal = tmp_path / "journal.json"

    def journal_replaced_by_a_folder(_: StateDocument) -> None:
        journal.unlink()
        journal.mkdir()
        (journal / "keep").write_text("x")

    with pytest.raises(JournalNotMarkedError, match="restore confirmed, but its journal") as caught:
        Driver(kind, fake).window(journal_replaced_by_a_folder, container_ids=[MOLECULE], journal=journal, timeout=10)
    assert isinstance(caught.value, JournalError)
    assert statuses(fake, MOLECULE) == before, "every listener is back"


# -- the invariants under the profiles that hide or split listeners ---------------------------------------------


@pytest.mark.parametrize("profile", ["molecule", "unreported-wss", "molecule,unreported-wss"])
def test_the_invariants_hold_whatever_boomi_reports(kind: str, tmp_path: Path, profile: str) -> None:
    """``molecule``: each node answers its own row; ``unreported-wss``: wss listeners are never reported."""
    fake = make_fake(profile)
    before = statuses(fake, PROD, MOLECULE)

    def operators(_: StateDocument) -> None:
        set_status(fake, MOLECULE, MOLECULE_PAUSED, "listening")  # paused before: someone resumes it
        set_status(fake, MOLECULE, MOLECULE_LISTENING[0], "listening")  # the window paused it: someone resumes it

    Driver(kind, fake).window(operators, container_ids=[PROD, MOLECULE], journal=tmp_path / "j.json", timeout=10)
    after = statuses(fake, PROD, MOLECULE)
    assert after[(MOLECULE, MOLECULE_PAUSED)] == "listening"
    assert after[(MOLECULE, MOLECULE_ERRORED)] == "errored"
    assert {k: v for k, v in after.items() if k[1] != MOLECULE_PAUSED} == {
        k: v for k, v in before.items() if k[1] != MOLECULE_PAUSED
    }
    touched = {c[2] for c in changes(fake)}
    assert MOLECULE_PAUSED not in touched
    assert MOLECULE_ERRORED not in touched
    assert [c for c in changes(fake) if c[0] == "resume" and c[2] == MOLECULE_LISTENING[0]] == []
    assert_no_all_action(fake)
