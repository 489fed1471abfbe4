"""Maintenance windows without I/O to the API: what to pause, what to restore, the journal, the locks.

A window is claim -> snapshot -> journal -> pause what is listening -> body -> restore. Both
clients run it with the same :class:`Window`; they differ only in how they send and wait.

With ``schedules=True`` it also switches off the process schedules the snapshot saw enabled (after
the pause) and switches back on exactly those, where they are still off; with ``drain=True`` it then
waits until no execution runs on its runtimes (:class:`DrainSettings`). Before anything, it reads
each runtime's health (``Atom``): an offline runtime or a cluster problem stops it before any change.

Its two invariants:

* **It changes only what it names.** It pauses, one request per listener, the listeners the
  snapshot saw listening (narrowed to ``listener_ids``), never one the runtime did not report or
  one deployed after the snapshot. ``fewest_requests=True`` allows ``pause_all``/``resume_all``
  where every reported listener moves alike, which also moves unreported and newly deployed ones.
* **It restores only what it changed, and only where it is still as it left it.** The restore
  resumes each listener the window paused and that is still paused. One found listening after a
  *confirmed* pause was resumed by someone else: left alone, logged and recorded (``overridden``,
  journal ``left_alone``); one found errored or gone is reported, not touched. A pause that was
  accepted but not confirmed (``wait=False``, a pause that timed out, a recovery from a journal)
  may still land, invisible to a status read, so that listener's resume is sent whatever the read
  shows. Listeners the window did not pause (paused or errored before it) are never touched.

The journal is the snapshot, written to disk (exclusively, atomically, fsync'ed) before the first
pause, with a ``window: {state: open}`` member that records the process (pid, host, start time).
It is rewritten with ``state: restored`` only after a confirmed restore, so a window whose process
died leaves a journal that ``boomi-listeners window --recover`` (or :meth:`ListenerClient.recover`)
can finish; a recovery refuses a journal whose window is still alive on this host.

On one host, a window holds a lock per runtime (and one per journal) under the state directory
(``$BOOMI_LISTENERS_STATE_DIR``, else ``$XDG_STATE_HOME/boomi-listeners``, else
``~/.local/state/boomi-listeners``) until it ends: a second window on a runtime a live window holds
is refused before any request, since its snapshot would record the first window's pauses.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from boomi_listeners._actions import Action, ListenerStatusValue
from boomi_listeners._checks import check_flag
from boomi_listeners._deadline import checked_timeout
from boomi_listeners._documents import DocumentListener, DocumentRuntime, StateDocument, WindowRecord, utc_now
from boomi_listeners._exceptions import (
    BoomiError,
    InvalidRequestError,
    JournalError,
    ResumeFailedError,
    RuntimeUnhealthyError,
    WaitTimeoutError,
)
from boomi_listeners._health import RuntimeHealth
from boomi_listeners._plan import ApplyResult, Current, Key, Plan, make_plan
from boomi_listeners._results import ChangeResult, ListenerState
from boomi_listeners._schedules import ScheduleStatus, in_document

try:  # POSIX; elsewhere windows are not locked against each other (documented)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "DrainSettings",
    "JournalNotMarkedError",
    "Window",
    "check_drain",
    "check_journal",
    "journal_path",
    "paused_result",
    "restoring_now",
    "state_dir",
    "unhealthy_error",
    "unsettled_error",
]

logger = logging.getLogger("boomi_listeners")
LISTENING = ListenerStatusValue.LISTENING.value
PAUSED = ListenerStatusValue.PAUSED.value


class JournalNotMarkedError(JournalError):
    """The restore was confirmed, but the journal could not be marked restored.

    Every listener is back; only the record says otherwise. ``window --recover JOURNAL`` marks it
    (its resumes are no-ops), or delete the journal.
    """


#: What a drain that runs out of time does: restore and stop (the command is not run), or go on.
DRAIN_TIMEOUT_CHOICES = ("restore", "proceed")


@dataclasses.dataclass(frozen=True)
class DrainSettings:
    """How a window waits for running executions to end, after pausing and before its body.

    ``timeout`` bounds the whole drain. ``cancel_after`` (off by default) cancels what still runs
    after that many seconds and keeps waiting until ``timeout``. When ``timeout`` runs out,
    ``on_timeout="restore"`` restores and raises DrainTimeoutError; ``"proceed"`` logs what still
    runs and goes on into the body.
    """

    timeout: float = 300.0
    cancel_after: float | None = None
    on_timeout: str = "restore"


def check_drain(drain: Any, timeout: Any, cancel_after: Any, on_timeout: Any) -> DrainSettings | None:
    """The drain settings, checked before any request (None: no drain)."""
    check_flag(drain, "drain")
    seconds = checked_timeout(timeout, "drain_timeout")
    if on_timeout not in DRAIN_TIMEOUT_CHOICES:
        raise InvalidRequestError(
            f"on_drain_timeout must be 'restore' or 'proceed'; got {on_timeout!r}", field="on_drain_timeout"
        )
    cancel = None if cancel_after is None else checked_timeout(cancel_after, "cancel_after")
    if cancel is not None and cancel >= seconds:
        raise InvalidRequestError(
            f"cancel_after ({cancel:g}s) must be shorter than drain_timeout ({seconds:g}s): cancelling takes "
            "effect only while the drain still waits",
            field="cancel_after",
        )
    if not drain:
        if cancel is not None:
            raise InvalidRequestError("cancel_after needs drain=True (--drain)", field="cancel_after")
        return None
    return DrainSettings(seconds, cancel, on_timeout)


def unhealthy_error(found: Sequence[RuntimeHealth | BoomiError]) -> BoomiError | None:
    """The error that stops a window before any change: a runtime unfit or unreadable; None when all are fit."""
    for health in found:
        if isinstance(health, BoomiError):
            return health
    problems = [(h.container_id, h.problem) for h in found if isinstance(h, RuntimeHealth) and h.problem]
    if not problems:
        return None
    said = "; ".join(problem for _, problem in problems)
    return RuntimeUnhealthyError(
        f"maintenance window not started, nothing was changed: {said}. Bring the runtime back (or leave it out) "
        "and try again; check_health=False (--no-health-check) skips this check",
        problems=tuple((c, p) for c, p in problems),
    )


# -- signals: a restore in progress ------------------------------------------------------------------

_restoring = 0
_restoring_lock = threading.Lock()


def restoring_now() -> bool:
    """A window's restore (or a recovery) is running in this process: a signal handler must defer."""
    return _restoring > 0


@contextlib.contextmanager
def _marked_restoring() -> Iterator[None]:
    global _restoring
    with _restoring_lock:
        _restoring += 1
    try:
        yield
    finally:
        with _restoring_lock:
            _restoring -= 1


# -- the process that runs a window -------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat from field 3 on (Linux), or [] elsewhere or for a process that is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return []
    # The command name (field 2) may hold spaces and parentheses: count from the last ")".
    return stat[stat.rfind(")") + 2 :].split()


def _process_started(pid: int) -> str | None:
    """The process's start time as the OS reports it (Linux: clock ticks after boot), or None."""
    fields = _stat_fields(pid)
    return fields[19] if len(fields) > 19 else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return False
    return True


def _window_alive(record: WindowRecord) -> bool:
    """The journal's window process still runs on this host (same pid and, where known, start time)."""
    if record.pid is None or record.pid == os.getpid() or record.host not in (None, socket.gethostname()):
        return False
    if not _alive(record.pid):
        return False
    fields = _stat_fields(record.pid)
    if fields and fields[0] in ("Z", "X"):
        return False  # killed, not yet reaped by its parent: it holds nothing any more
    if record.process_started is not None:
        return _process_started(record.pid) == record.process_started
    return True


# -- locks under the state directory -----------------------------------------------------------------


def state_dir() -> Path:
    """Where windows keep their locks on this host."""
    explicit = os.environ.get("BOOMI_LISTENERS_STATE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "boomi-listeners"


class _Lock:
    """An advisory lock (flock) on a file under the state directory; the OS drops it if the process dies."""

    def __init__(self, kind: str, name: str, label: str) -> None:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:32]
        self.path = state_dir() / "locks" / f"{kind}-{digest}.lock"
        self.label = label
        self._handle: IO[str] | None = None

    def acquire(self) -> str | None:
        """Take the lock; None on success, else what the holder recorded."""
        if fcntl is None:  # pragma: no cover - Windows
            return None
        try:
            handle = self._open(self.path)
        except OSError as exc:
            # A read-only home (some CI containers): a per-user folder in the temporary directory
            # still keeps two windows of this host apart.
            fallback = Path(tempfile.gettempdir()) / f"boomi-listeners-{_user()}" / "locks" / self.path.name
            logger.warning("window lock %s: %s; using %s instead", self.path, exc, fallback)
            try:
                handle = self._open(fallback)
            except OSError as again:
                raise JournalError(f"cannot create the window lock {self.path} or {fallback}: {again}") from exc
            self.path = fallback
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            return holder
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}: {self.label}\n")
        handle.flush()
        self._handle = handle
        return None

    @staticmethod
    def _open(path: Path) -> IO[str]:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return open(path, "a+", encoding="utf-8")  # held until release()

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def _user() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else "user"


class _Locks:
    """The locks one window holds: its journal's and one per runtime."""

    def __init__(self) -> None:
        self._held: list[_Lock] = []

    def take(self, lock: _Lock, refusal: str) -> None:
        holder = lock.acquire()
        if holder is not None:
            self.release()
            field = "journal" if lock.path.name.startswith("journal-") else "container_ids"
            raise InvalidRequestError(f"{refusal} (held by {holder}; lock {lock.path})", field=field)
        self._held.append(lock)

    def release(self) -> None:
        while self._held:
            self._held.pop().release()


def _journal_lock(path: Path) -> _Lock:
    return _Lock("journal", str(path.resolve()), f"journal {path}")


def _runtime_lock(container_id: str, journal: Path | None) -> _Lock:
    return _Lock("runtime", container_id, f"window on runtime {container_id}, journal {journal or 'none'}")


def check_journal(journal: Any) -> Path | None:
    """The journal path, checked before any request: its folder exists and no open journal is there.

    An open journal at that path belongs to a window that never confirmed its restore:
    overwriting it would lose what must be restored.
    """
    path = _journal_argument(journal)
    if path is not None and path.exists():
        try:
            existing = StateDocument.load(path)
        except InvalidRequestError:
            raise InvalidRequestError(
                f"journal {path} exists and is not a window journal: choose another path", field="journal"
            ) from None
        if existing.window is None or existing.window.state != "restored":
            raise InvalidRequestError(
                f"journal {path} belongs to a window whose restore was never confirmed: finish it with "
                f"`boomi-listeners window --recover {path}` (or client.recover(journal=...)) first",
                field="journal",
            )
    return path


def journal_path(journal: Any) -> Path:
    """The journal a recovery reads; it must exist."""
    if not isinstance(journal, str | os.PathLike):
        raise TypeError(f"journal must be a path, not {type(journal).__name__}")
    path = Path(journal)
    if not path.is_file():
        raise InvalidRequestError(f"journal {path} does not exist", field="journal")
    return path


def unsettled_error(
    container_id: str, listener_ids: Sequence[str], timeout: float, last: Sequence[ListenerState]
) -> WaitTimeoutError:
    """A snapshot cannot record a listener whose nodes still disagree (``mixed``)."""
    return WaitTimeoutError(
        f"listener(s) {', '.join(listener_ids)} on container {container_id} still report different statuses "
        f"per node after {timeout:g}s (a change is still spreading); try again once they settle",
        last_state=list(last),
        expected="settled",
    )


def _dump(path: Path, document: StateDocument) -> None:
    """Replace the journal so that a crash leaves the old or the new file, never half of one."""
    _write(path, document, os.replace)


def _create_exclusively(path: Path, document: StateDocument) -> None:
    """Write a new journal: complete on disk before it appears, and never over an existing file."""
    _write(path, document, _link_new)


def _write(path: Path, document: StateDocument, put: Callable[[str, Path], None]) -> None:
    """Write the journal to a synced temporary file beside ``path``, ``put`` it at ``path``, then sync the folder."""
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            handle.write(document.dumps("json" if path.suffix.lower() == ".json" else "yaml"))
            handle.flush()
            os.fsync(handle.fileno())
        put(handle.name, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself survives a power cut only once the folder is synced
        finally:
            os.close(folder)
    except OSError as exc:
        raise JournalError(f"could not write the window journal {path}: {exc}") from exc


def _link_new(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if the path exists: two windows cannot share a journal
    except FileExistsError:
        raise InvalidRequestError(
            f"journal {path} was created by another window meanwhile: choose another path", field="journal"
        ) from None
    finally:
        os.unlink(temporary)


def _pause_document(snapshot: StateDocument) -> StateDocument:
    return StateDocument(
        tuple(
            DocumentRuntime(
                r.container_id,
                tuple(
                    DocumentListener(i.listener_id, PAUSED if i.status == LISTENING else i.status, i.connector_type)
                    for i in r.listeners
                ),
            )
            for r in snapshot.runtimes
        )
    )


class Window:
    """One maintenance window: its locks, its snapshot, the listeners it pauses, and its journal.

    The clients drive it: :meth:`claim` (checks and locks, before any request), :meth:`open`
    with the snapshot, :meth:`pause_plan` / :meth:`check_paused`, then inside :meth:`restoring`
    :meth:`restore_plan` / :meth:`finish`; :meth:`held` releases the locks however it ends.
    """

    def __init__(
        self,
        snapshot: StateDocument,
        reported: Current,
        journal: Path | None,
        *,
        wait: bool,
        fewest_requests: bool = False,
        listener_ids: Sequence[str] | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.journal = journal
        self.wait = wait
        self.fewest_requests = fewest_requests
        self.listener_ids = listener_ids
        self.left_alone: list[tuple[str, str, str]] = []
        self._reported = reported
        self._confirmed: set[Key] = set()
        self._locks = _Locks()
        #: Schedules the window sent a switch-off for; None for a window recovered from its journal
        #: (which cannot tell, so its restore considers every schedule the snapshot saw enabled).
        self._schedules_sent: set[str] | None = set()
        #: Schedules the restore found missing or already back on: left as they are.
        self.schedules_left_alone: list[tuple[str, str]] = []

    @classmethod
    def claim(
        cls,
        container_ids: Sequence[str],
        listener_ids: Sequence[str] | None,
        journal: Any,
        *,
        wait: bool,
        fewest_requests: bool = False,
    ) -> Window:
        """Check everything and take the locks (journal, then each runtime); no request is sent.

        A runtime held by a live window on this host is refused: its snapshot would record that
        window's pauses as the listeners' own statuses.
        """
        if not isinstance(fewest_requests, bool):
            raise TypeError(f"fewest_requests must be True or False, not {type(fewest_requests).__name__}")
        path = _journal_argument(journal)
        window = cls(StateDocument(()), {}, path, wait=wait, fewest_requests=fewest_requests, listener_ids=listener_ids)
        try:
            if path is not None:
                window._locks.take(
                    _journal_lock(path), f"journal {path} is in use by a live maintenance window on this host"
                )
                check_journal(path)
            for container_id in sorted(container_ids):
                window._locks.take(
                    _runtime_lock(container_id, path),
                    f"runtime {container_id} is held by a live maintenance window on this host: a second window "
                    "would record the first one's pauses as the listeners' own statuses; wait until it ends",
                )
        except BaseException:
            window._locks.release()
            raise
        return window

    @contextlib.contextmanager
    def held(self) -> Iterator[Window]:
        """The window's locks are released when this block ends, however it ends."""
        try:
            yield self
        finally:
            self._locks.release()

    @contextlib.contextmanager
    def restoring(self) -> Iterator[None]:
        """A restore in progress: the CLI defers signals until it ends."""
        with _marked_restoring():
            yield

    def open(self, full: StateDocument) -> StateDocument:
        """Narrow the snapshot to the window's listeners and write the journal; nothing is paused yet."""
        self.snapshot = full.only(self.listener_ids)
        self._reported = {
            r.container_id: [ListenerState(i.listener_id, i.status, i.connector_type) for i in r.listeners]
            for r in full.runtimes
        }
        if self.journal is not None:
            record = WindowRecord(
                "open",
                started_at=utc_now(),
                pid=os.getpid(),
                host=socket.gethostname(),
                process_started=_process_started(os.getpid()),
            )
            self.snapshot = self.snapshot.with_window(record)
            if self.journal.exists():  # a restored journal: checked again (a window elsewhere may have made it)
                check_journal(self.journal)
                _dump(self.journal, self.snapshot)
            else:
                _create_exclusively(self.journal, self.snapshot)
            logger.info("maintenance window: journal written to %s", self.journal)
        return self.snapshot

    @classmethod
    def from_journal(cls, journal: Path, *, wait: bool = True, force: bool = False) -> Window | None:
        """The window a journal records (locked), or None when its restore was already confirmed.

        Refused while the window that wrote the journal is alive on this host (its pid and start
        time), unless ``force``: recovering would resume its listeners in the middle of its work.
        """
        if not isinstance(force, bool):
            raise TypeError(f"force must be True or False, not {type(force).__name__}")
        document = StateDocument.load(journal)
        record = document.window
        if record is not None and record.state == "restored":
            return None
        window = cls(document, {}, journal, wait=wait)
        window._schedules_sent = None
        if force:
            return window
        if record is not None and _window_alive(record):
            raise InvalidRequestError(
                f"journal {journal} belongs to a window that is still running (pid {record.pid} on this host): "
                "its listeners are paused on purpose; let it finish, or pass --force / force=True if that "
                "process is stuck",
                field="journal",
            )
        try:
            window._locks.take(_journal_lock(journal), f"journal {journal} is in use by a live window on this host")
            for container_id in sorted(document.container_ids):
                window._locks.take(
                    _runtime_lock(container_id, journal),
                    f"runtime {container_id} is held by a live maintenance window on this host; pass "
                    "--force / force=True to recover anyway",
                )
        except BaseException:
            window._locks.release()
            raise
        return window

    @property
    def targets(self) -> frozenset[Key]:
        """The listeners the window pauses: those listening in the snapshot."""
        return frozenset((c, item.listener_id) for c, item in self.snapshot.listeners() if item.status == LISTENING)

    def pause_plan(self) -> Plan:
        """Pause what is listening, planned from the snapshot (no second status read)."""
        return make_plan(_pause_document(self.snapshot), self._reported, fewest_requests=self.fewest_requests)

    def check_paused(self, result: ApplyResult) -> None:
        """Note which pauses were confirmed; raise the first error of one that failed (the restore still runs)."""
        self._confirmed = {
            (o.container_id, o.listener_id)
            for o in result.outcomes
            if o.result == "changed" and (o.container_id, o.listener_id) in self.targets
        }
        for outcome in result.outcomes:
            if (outcome.container_id, outcome.listener_id) in self.targets and outcome.error is not None:
                logger.warning(
                    "maintenance window: pausing listener %s on container %s failed (%s); restoring",
                    outcome.listener_id,
                    outcome.container_id,
                    outcome.error,
                )
                raise outcome.error

    # -- schedules ----------------------------------------------------------------------------------

    @property
    def covers_schedules(self) -> bool:
        return self.snapshot.covers_schedules

    def schedule_disables(self) -> list[ScheduleStatus]:
        """The switch-offs to send: each schedule the snapshot saw enabled, in snapshot order."""
        return [s.with_enabled(False) for s in in_document(self.snapshot) if s.enabled]

    def schedule_sent(self, status: ScheduleStatus) -> None:
        """A switch-off was sent (whether or not it was answered: it may have landed)."""
        if self._schedules_sent is not None:
            self._schedules_sent.add(status.schedule_id)

    def schedules_switched_off(self) -> list[ScheduleStatus]:
        """The schedules the window switched off (or, recovered from a journal, may have), as they were: on."""
        sent = self._schedules_sent
        return [s for s in in_document(self.snapshot) if s.enabled and (sent is None or s.schedule_id in sent)]

    def schedule_restores(self, current: Mapping[str, Sequence[ScheduleStatus]]) -> list[ScheduleStatus]:
        """Switch back on each schedule the window switched off that is still off.

        ``current`` is what each runtime reports now. One already on again (someone switched it
        on) needs no request; one the runtime no longer reports (its process undeployed) is left
        alone and noted; one that was off before the window is never switched on.
        """
        now = {s.schedule_id: s for found in current.values() for s in found}
        restores: list[ScheduleStatus] = []
        self.schedules_left_alone = []
        for status in self.schedules_switched_off():
            found = now.get(status.schedule_id)
            if found is None:
                self.schedules_left_alone.append((status.container_id, status.schedule_id))
                logger.warning(
                    "maintenance window: schedule %s (process %s) on container %s is no longer reported; left alone",
                    status.schedule_id,
                    status.process_id,
                    status.container_id,
                )
            elif not found.enabled:
                restores.append(found.with_enabled(True))
        return restores

    def restore_plan(self, current: Current) -> Plan:
        """Resume what the window paused and is still paused; resend where a pause was never confirmed."""
        targets = self.targets
        runtimes = (
            DocumentRuntime(r.container_id, tuple(i for i in r.listeners if (r.container_id, i.listener_id) in targets))
            for r in self.snapshot.runtimes
        )
        restore = StateDocument(tuple(r for r in runtimes if r.listeners))
        return make_plan(
            restore,
            current,
            force=targets - self._confirmed,
            confirmed=self._confirmed,
            fewest_requests=self.fewest_requests,
        )

    def finish(self, result: ApplyResult, schedules_failed: Sequence[tuple[ScheduleStatus, BoomiError]] = ()) -> None:
        """Mark the journal restored, or log at ERROR and raise ResumeFailedError naming each listener and schedule."""
        targets = self.targets
        failed = [o for o in result.outcomes if o.result == "failed" and (o.container_id, o.listener_id) in targets]
        for outcome in result.outcomes:
            if outcome.result in ("overridden", "errored", "missing"):
                now = outcome.before or "not reported"
                self.left_alone.append((outcome.container_id, outcome.listener_id, now))
                logger.warning(
                    "maintenance window: listener %s on container %s was changed by someone else during the "
                    "window (now %s); left as it is",
                    outcome.listener_id,
                    outcome.container_id,
                    now,
                )
        if not failed and not schedules_failed:
            if self.journal is not None:
                previous = self.snapshot.window or WindowRecord()
                record = WindowRecord(
                    "restored",
                    previous.started_at,
                    utc_now(),
                    previous.pid,
                    previous.host,
                    previous.process_started,
                    tuple(self.left_alone),
                )
                try:
                    _dump(self.journal, self.snapshot.with_window(record))
                except JournalError as exc:
                    message = (
                        f"maintenance window restore confirmed, but its journal {self.journal} could not be marked "
                        f"restored ({exc.__cause__ or exc}): every listener is back; run `boomi-listeners window "
                        f"--recover {self.journal}` to mark it, or delete it"
                    )
                    logger.error("%s", message)
                    raise JournalNotMarkedError(message) from exc
            logger.info("maintenance window: restore confirmed")
            return
        names = [f"listener {o.listener_id} on container {o.container_id} ({o.error})" for o in failed]
        names += [
            f"schedule {s.schedule_id} of process {s.process_id} on container {s.container_id} ({error})"
            for s, error in schedules_failed
        ]
        recover = (
            f"; journal {self.journal} kept: run `boomi-listeners window --recover {self.journal}`"
            if self.journal is not None
            else ""
        )
        counted = [f"{len(failed)} listener(s) (may still be paused)"] if failed else []
        counted += [f"{len(schedules_failed)} schedule(s) (may still be off)"] if schedules_failed else []
        message = f"maintenance window restore FAILED for {' and '.join(counted)}: {'; '.join(names)}"
        logger.error("%s%s", message, recover)
        error = ResumeFailedError(
            message + recover,
            listeners=tuple((o.container_id, o.listener_id) for o in failed),
            schedules=tuple((s.container_id, s.schedule_id) for s, _ in schedules_failed),
        )
        cause = next((o.error for o in failed if o.error is not None), None)
        raise error from (cause if cause is not None else next((e for _, e in schedules_failed), None))


def _journal_argument(journal: Any) -> Path | None:
    if journal is None:
        return None
    if not isinstance(journal, str | os.PathLike):
        raise TypeError(f"journal must be a path or None, not {type(journal).__name__}")
    path = Path(journal)
    if not path.parent.is_dir():
        raise InvalidRequestError(f"journal {path}: folder {path.parent} does not exist", field="journal")
    return path


def paused_result(
    container_id: str, listener_id: str | None, snapshot: StateDocument, *, confirmed: bool
) -> ChangeResult:
    """What ``paused()`` yields: the pause it asked for and, once confirmed, each listener's status."""
    action = Action.PAUSE if listener_id is not None else Action.PAUSE_ALL
    states = tuple(
        ListenerState(i.listener_id, PAUSED if i.status == LISTENING else i.status, i.connector_type)
        for _, i in snapshot.listeners()
    )
    return ChangeResult(action, container_id, listener_id, states if confirmed else ())
