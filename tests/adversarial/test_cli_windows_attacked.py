"""``boomi-listeners window / apply`` under attack, through the installed script against the fake.

Signals, exit codes, journals and refusals are only real in a real process: each test here starts
the console script. The fake runs in this process, so its request log says what was sent.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boomi_listeners import StateDocument
from boomi_listeners.testing import (
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PROD_CONTAINER_ID,
)
from tests._cli_runner import CLI, Cli, Result, ServedFake, in_process, on_loopback, wait_for_file
from tests._fakes import demo_fake

PROD, MOLECULE = DEMO_PROD_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID
# A command that says it runs (its pid in argv[1]), logs each signal to argv[2], and exits on the
# first one a moment later (long enough for a second copy of the signal to arrive and be logged).
SIGNAL_LOGGER = """
import os, pathlib, signal, sys, time
log = pathlib.Path(sys.argv[2])
got = []
def note(signum, frame):
    got.append(signum)
    with log.open("a") as f:
        f.write(f"{signum}\\n")
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, note)
pathlib.Path(sys.argv[1]).write_text(str(os.getpid()))
while not got:
    signal.pause()
time.sleep(0.3)
sys.exit(128 + got[0])
"""


@pytest.fixture
def inproc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """The commands through ``main()`` in this process: no interpreter start-up per command."""
    with in_process(demo_fake(), monkeypatch, capsys, tmp_path / "state") as cli:
        yield cli


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[ServedFake]:
    with on_loopback(demo_fake(), tmp_path / "state") as served:
        yield served


def start_logging_window(fake: ServedFake, tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], int, Path]:
    marker, log = tmp_path / "pid", tmp_path / "signals"
    proc = fake.start(
        "window", "-c", MOLECULE, "--journal", str(tmp_path / "journal.json"), *extra, "--",
        sys.executable, "-c", SIGNAL_LOGGER, str(marker), str(log),
    )  # fmt: skip
    return proc, int(wait_for_file(marker, proc)), log


# -- the command is found before anything is read (issue 22, item 3) -----------------------------------


def test_a_command_that_does_not_exist_exits_127_and_sends_nothing(inproc: Cli, tmp_path: Path) -> None:
    result = inproc.run("window", "-c", PROD, "--", "./no-such-deploy.sh", cwd=tmp_path)
    assert result.code == 127, result.err
    assert "command not found: ./no-such-deploy.sh" in result.err
    assert inproc.fake.requests == []
    result = inproc.run("window", "-c", PROD, "--", "no-such-command-anywhere-x9", cwd=tmp_path)
    assert result.code == 127, result.err
    assert inproc.fake.requests == []


def test_a_command_that_is_not_executable_exits_126_and_sends_nothing(inproc: Cli, tmp_path: Path) -> None:
    script = tmp_path / "deploy.sh"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o644)
    result = inproc.run("window", "-c", PROD, "--", str(script), cwd=tmp_path)
    assert result.code == 126, result.err
    assert "not executable" in result.err
    assert inproc.fake.requests == []


def test_the_command_found_on_path_keeps_the_name_it_was_given(fake: ServedFake, tmp_path: Path) -> None:
    name = Path(sys.executable).name
    env = {**fake.env(), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    shown = tmp_path / "argv0"
    code = (
        f"import pathlib; pathlib.Path({str(shown)!r}).write_text(open('/proc/self/cmdline').read().split(chr(0))[0])"
    )
    done = subprocess.run([str(CLI), "window", "-c", MOLECULE, "--", name, "-c", code], env=env, cwd=tmp_path,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert shown.read_text() == name


def test_window_sends_all_actions_only_with_fewest_requests(inproc: Cli, tmp_path: Path) -> None:
    before = inproc.statuses(PROD)
    single = inproc.run("window", "-c", PROD, "--", sys.executable, "-c", "pass", cwd=tmp_path)
    assert single.code == 0, single.err
    assert {c["action"] for c in inproc.changes()} == {"pause", "resume"}
    inproc.fake.clear_requests()
    fewest = inproc.run("window", "-c", PROD, "--fewest-requests", "--", sys.executable, "-c", "pass", cwd=tmp_path)
    assert fewest.code == 0, fewest.err
    assert [c["action"] for c in inproc.changes()] == ["pause_all", "resume_all"]
    assert inproc.statuses(PROD) == before


# -- misuse refused before any request ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "value"),
    [
        ("window", "0"),
        ("window", "-1"),
        ("window", "nan"),
        ("apply", "0"),
        ("plan", "-1"),
        ("recover", "0"),
        ("snapshot", "0"),
    ],
)
def test_a_timeout_that_is_not_positive_exits_2_before_any_request(
    inproc: Cli, tmp_path: Path, command: str, value: str
) -> None:
    document = tmp_path / "state.yaml"
    document.write_text(f"version: 1\nruntimes:\n- container_id: {PROD}\n  listeners: []\n")
    args = {
        "window": ["window", "-c", PROD, "--timeout", value, "--", "true"],
        "apply": ["apply", str(document), "--timeout", value],
        "plan": ["apply", str(document), "--plan", "--timeout", value],
        "recover": ["window", "--recover", str(document), "--timeout", value],
        "snapshot": ["snapshot", "-c", PROD, "--timeout", value],
    }[command]
    result = inproc.run(*args, cwd=tmp_path)
    assert result.code == 2, result.err
    assert "--timeout" in result.err
    assert inproc.fake.requests == []


# -- reports that cannot be mistaken -----------------------------------------------------------------------


def plan_of(fake: ServedFake, tmp_path: Path, container_id: str, listener_id: str) -> Result:
    document = tmp_path / "plan.yaml"
    document.write_text(
        f"version: 1\nruntimes:\n- container_id: {container_id}\n  listeners:\n"
        f"  - {{listener_id: {listener_id}, status: listening}}\n"
    )
    return fake.run("apply", str(document), "--plan")


def test_apply_plan_of_an_unknown_runtime_is_not_nothing_to_change(inproc: Cli, tmp_path: Path) -> None:
    result = plan_of(inproc, tmp_path, "no-such-runtime", "x")
    assert result.code != 0
    assert "Nothing to change" not in result.out
    assert "could not be read" in result.err


def test_apply_plan_of_an_offline_runtime_is_not_nothing_to_change(inproc: Cli, tmp_path: Path) -> None:
    result = plan_of(inproc, tmp_path, DEMO_OFFLINE_CONTAINER_ID, "2d98d48a-fcda-570d-951f-41a9a8753258")
    assert result.code == 1, result.err
    assert "Nothing to change" not in result.out
    assert "unreadable" in result.out


def test_apply_plan_with_a_missing_listener_exits_4(inproc: Cli, tmp_path: Path) -> None:
    result = plan_of(inproc, tmp_path, PROD, "not-deployed-here")
    assert result.code == 4, result.err
    assert "missing: listener not-deployed-here" in result.out
    assert "Nothing to change" not in result.out
    as_json = inproc.run("apply", str(tmp_path / "plan.yaml"), "--plan", "--json")
    assert as_json.code == 4
    assert as_json.json()["ok"] is False


def test_an_alias_bomb_is_a_usage_error_at_once(inproc: Cli, tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines))
    started = time.monotonic()
    result = inproc.run("apply", str(bomb), "--plan")
    assert time.monotonic() - started < 20
    assert result.code == 2, result.err
    assert "bomb.yaml" in result.err
    assert inproc.fake.requests == []


def test_a_commands_own_125_is_not_restore_not_confirmed(fake: ServedFake, tmp_path: Path) -> None:
    result = fake.run("window", "-c", MOLECULE, "--json", "--", sys.executable, "-c", "raise SystemExit(125)",
                      cwd=tmp_path)  # fmt: skip
    assert result.code == 122, result.err
    doc = result.json()
    assert doc["command_exit_code"] == 125
    assert doc["restored"] is True
    assert StateDocument.load(tmp_path / "boomi-listeners-window.json").window.state == "restored"  # type: ignore[union-attr]


def test_a_confirmed_restore_whose_journal_cannot_be_marked_exits_124(inproc: Cli, tmp_path: Path) -> None:
    before = inproc.statuses(MOLECULE)
    journal = tmp_path / "journal.json"
    # The command replaces the journal with a folder that is not empty: it cannot be rewritten.
    sabotage = "import os, sys; j = sys.argv[1]; os.remove(j); os.mkdir(j); open(os.path.join(j, 'x'), 'w').close()"
    result = inproc.run("window", "-c", MOLECULE, "--journal", str(journal), "--", sys.executable, "-c", sabotage,
                      str(journal))  # fmt: skip
    assert result.code == 124, result.err
    assert "restore confirmed, but its journal" in result.err
    assert inproc.statuses(MOLECULE) == before


def test_a_window_that_could_not_start_exits_123_not_an_api_error_code(inproc: Cli, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = inproc.run("window", "-c", DEMO_OFFLINE_CONTAINER_ID, "--", sys.executable, "-c",
                      f"open({str(marker)!r}, 'w').close()", cwd=tmp_path)  # fmt: skip
    assert result.code == 123, result.err
    assert "offline" in result.err
    assert not marker.exists(), "CMD was not run"
    assert inproc.changes() == []


# -- journals and locks ----------------------------------------------------------------------------------


def test_recover_refuses_a_live_windows_journal_unless_forced(fake: ServedFake, tmp_path: Path) -> None:
    proc, _, _ = start_logging_window(fake, tmp_path)
    try:
        paused = fake.statuses(MOLECULE)
        refused = fake.run("window", "--recover", str(tmp_path / "journal.json"))
        assert refused.code == 2, refused.err
        assert "still running" in refused.err
        assert fake.statuses(MOLECULE) == paused, "nothing resumed in the middle of the live window"
        second = fake.run(
            "window", "-c", MOLECULE, "--journal", str(tmp_path / "other.json"), "--", "true", cwd=tmp_path
        )
        assert second.code == 2, second.err
        assert "held by a live maintenance window" in second.err
        forced = fake.run("window", "--recover", str(tmp_path / "journal.json"), "--force")
        assert forced.code == 0, forced.err
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)


def test_two_windows_started_at_once_with_one_journal_never_both_run(fake: ServedFake, tmp_path: Path) -> None:
    journal, release = tmp_path / "journal.json", tmp_path / "release"
    # Each command holds its window open until the test releases it, so the two always overlap.
    hold = f"import pathlib, time\nwhile not pathlib.Path({str(release)!r}).exists(): time.sleep(0.02)"
    procs = [
        fake.start("window", "-c", runtime, "--journal", str(journal), "--", sys.executable, "-c", hold)
        for runtime in (PROD, MOLECULE)
    ]
    try:
        deadline = time.monotonic() + 60
        while all(p.poll() is None for p in procs):
            assert time.monotonic() < deadline, "both windows are running on one journal"
            time.sleep(0.02)
        refused = next(p for p in procs if p.poll() is not None)
        _, err = refused.communicate()
        assert refused.returncode == 2, err
        assert "journal" in err
    finally:
        release.write_text("go")
        for p in procs:
            p.communicate(timeout=60)
    assert sorted(p.returncode for p in procs) == [0, 2]


# -- signals ---------------------------------------------------------------------------------------------


def test_sighup_restores_like_sigterm_and_reaches_the_command_once(fake: ServedFake, tmp_path: Path) -> None:
    before = fake.statuses(MOLECULE)
    proc, _, log = start_logging_window(fake, tmp_path)
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGHUP, err
    assert log.read_text().split() == [str(int(signal.SIGHUP))]
    assert fake.statuses(MOLECULE) == before
    assert StateDocument.load(tmp_path / "journal.json").window.state == "restored"  # type: ignore[union-attr]


def test_ctrl_c_to_the_whole_group_reaches_the_command_once(fake: ServedFake, tmp_path: Path) -> None:
    before = fake.statuses(MOLECULE)
    proc, pid, log = start_logging_window(fake, tmp_path)
    assert os.getpgid(pid) != os.getpgid(proc.pid), "the command runs in its own process group"
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal does on Ctrl-C: the foreground group gets it
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGINT, err
    assert log.read_text().split() == [str(int(signal.SIGINT))], "one copy, not two"
    assert fake.statuses(MOLECULE) == before


def test_a_signal_during_any_restore_waits_for_it_to_end() -> None:
    from boomi_listeners._cli._windows import _Signals
    from boomi_listeners._documents import StateDocument as Document
    from boomi_listeners._window import Window

    signals = _Signals()  # "preparing": before the command, a signal unwinds into the restore
    window = Window(Document(()), {}, None, wait=True)
    with window.restoring():  # e.g. the restore that follows a failed pause
        signals.handle(signal.SIGTERM, None)  # must not raise: the restore goes on
    assert signals.deferred == [signal.SIGTERM]
    with pytest.raises(BaseException, match=str(int(signal.SIGTERM))):
        signals.handle(signal.SIGTERM, None)


def test_ctrl_c_typed_on_a_terminal_reaches_the_command_once(fake: ServedFake, tmp_path: Path) -> None:
    """On a terminal the command's group gets the terminal: Ctrl-C reaches it once, from the terminal."""
    before = fake.statuses(MOLECULE)
    marker, log = tmp_path / "pid", tmp_path / "signals"
    proc, master, shown, reader = logging_window_on_a_terminal(fake, tmp_path, marker, log)
    try:
        deadline = time.monotonic() + 30
        while not (marker.exists() and marker.read_text()):
            assert proc.poll() is None, "the window ended before its command ran"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        pid = int(marker.read_text())
        assert os.tcgetpgrp(master) == os.getpgid(pid), "the command's group has the terminal"
        os.write(master, b"\x03")  # Ctrl-C
        assert proc.wait(timeout=60) == 128 + signal.SIGINT, b"".join(shown).decode(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        reader.join(timeout=5)
        os.close(master)
    assert log.read_text().split() == [str(int(signal.SIGINT))], "one copy, from the terminal"
    assert fake.statuses(MOLECULE) == before


def test_ctrl_z_on_a_terminal_stops_the_whole_job_and_fg_continues_it(fake: ServedFake, tmp_path: Path) -> None:
    """The command's group has the terminal, yet Ctrl-Z stops the window too, as a shell expects of a job."""
    before = fake.statuses(MOLECULE)
    marker, log = tmp_path / "pid", tmp_path / "signals"
    proc, master, shown, reader = logging_window_on_a_terminal(fake, tmp_path, marker, log)

    def state(pid: int) -> str:
        text = Path(f"/proc/{pid}/stat").read_text()
        return text[text.rfind(")") + 2]

    def until(condition: Any) -> None:
        deadline = time.monotonic() + 30
        while not condition():
            assert proc.poll() is None, b"".join(shown).decode(errors="replace")
            assert time.monotonic() < deadline
            time.sleep(0.02)

    try:
        until(lambda: marker.exists() and marker.read_text())
        pid = int(marker.read_text())
        os.write(master, b"\x1a")  # Ctrl-Z: the terminal stops the command's group
        until(lambda: state(proc.pid) == "T")  # ... and the window stops itself: the job is stopped
        assert state(pid) == "T"
        assert os.tcgetpgrp(master) == os.getpgid(proc.pid), "the terminal is back with the window's group"
        os.killpg(proc.pid, signal.SIGCONT)  # what `fg` does, after giving it the terminal
        until(lambda: state(pid) != "T" and os.tcgetpgrp(master) == os.getpgid(pid))
        os.write(master, b"\x03")  # Ctrl-C, now to the command again
        assert proc.wait(timeout=60) == 128 + signal.SIGINT, b"".join(shown).decode(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        reader.join(timeout=5)
        os.close(master)
    assert log.read_text().split() == [str(int(signal.SIGINT))]
    assert fake.statuses(MOLECULE) == before


def logging_window_on_a_terminal(
    fake: ServedFake, tmp_path: Path, marker: Path, log: Path
) -> tuple[subprocess.Popen[bytes], int, list[bytes], threading.Thread]:
    """A window over ``SIGNAL_LOGGER`` whose controlling terminal (and stdio) is a new pseudo-terminal.

    Returns the CLI's process, the terminal's controlling end, what the terminal has shown so far and
    the thread that reads it (join it, then close the terminal, when the test ends).
    """
    import fcntl
    import pty
    import termios

    master, slave = pty.openpty()

    def controlling_terminal() -> None:  # runs in the CLI's process, after setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [str(CLI), "window", "-c", MOLECULE, "--journal", str(tmp_path / "journal.json"), "--",
         sys.executable, "-c", SIGNAL_LOGGER, str(marker), str(log)],
        env=fake.env(), stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
        preexec_fn=controlling_terminal,  # the CLI must have a controlling terminal
    )  # fmt: skip
    os.close(slave)
    shown: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(master, shown), daemon=True)
    reader.start()
    return proc, master, shown, reader


def _drain(fd: int, into: list[bytes]) -> None:
    """Read what the CLI shows on its terminal, so that it never blocks writing."""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return
        if not chunk:
            return
        into.append(chunk)
