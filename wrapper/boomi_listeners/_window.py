"""Maintenance windows without I/O to the API: what to pause, what to restore, and the journal.

A window is snapshot -> journal -> pause what is listening -> body -> apply the snapshot. Both
clients run it with the same :class:`Window`; they differ only in how they send and wait.

The journal is the snapshot, written to disk (atomically, fsync'ed) before the first pause,
with a ``window: {state: open}`` member. It is rewritten with ``state: restored`` only after a
confirmed restore, so a window whose process died leaves a journal that
``boomi-listeners window --recover`` (or :meth:`ListenerClient.recover`) can finish.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from boomi_listeners._actions import Action, ListenerStatusValue
from boomi_listeners._documents import DocumentListener, DocumentRuntime, StateDocument, WindowRecord, utc_now
from boomi_listeners._exceptions import InvalidRequestError, JournalError, ResumeFailedError, WaitTimeoutError
from boomi_listeners._plan import ApplyResult, Current, Key, Plan, make_plan
from boomi_listeners._results import ChangeResult, ListenerState

__all__ = ["Window", "check_journal", "journal_path", "paused_result", "unsettled_error", "write_atomically"]

logger = logging.getLogger("boomi_listeners")
LISTENING = ListenerStatusValue.LISTENING.value
PAUSED = ListenerStatusValue.PAUSED.value


def check_journal(journal: Any) -> Path | None:
    """The journal path, checked before any request: its folder exists and no open journal is there.

    An open journal at that path belongs to a window that never confirmed its restore:
    overwriting it would lose what must be restored.
    """
    if journal is None:
        return None
    if not isinstance(journal, str | os.PathLike):
        raise TypeError(f"journal must be a path or None, not {type(journal).__name__}")
    path = Path(journal)
    if not path.parent.is_dir():
        raise InvalidRequestError(f"journal {path}: folder {path.parent} does not exist", field="journal")
    if path.exists():
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


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file, never half of one."""
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself survives a power cut only once the folder is synced
        finally:
            os.close(folder)
    except OSError as exc:
        raise JournalError(f"could not write the window journal {path}: {exc}") from exc


def _dump(path: Path, document: StateDocument) -> None:
    write_atomically(path, document.dumps("json" if path.suffix.lower() == ".json" else "yaml"))


class Window:
    """One maintenance window: its snapshot, the listeners it pauses, and its journal."""

    def __init__(self, snapshot: StateDocument, reported: Current, journal: Path | None, *, wait: bool) -> None:
        self.snapshot = snapshot
        self.journal = journal
        self.wait = wait
        self._reported = reported

    @classmethod
    def open(
        cls, full: StateDocument, listener_ids: Sequence[str] | None, journal: Path | None, *, wait: bool
    ) -> Window:
        """Narrow the snapshot to ``listener_ids`` and write the journal; nothing is paused yet."""
        snapshot = full.only(listener_ids)
        reported: Current = {
            r.container_id: [ListenerState(i.listener_id, i.status, i.connector_type) for i in r.listeners]
            for r in full.runtimes
        }
        window = cls(snapshot, reported, journal, wait=wait)
        if journal is not None:
            window.snapshot = snapshot.with_window(WindowRecord("open", started_at=utc_now(), pid=os.getpid()))
            _dump(journal, window.snapshot)
            logger.info("maintenance window: journal written to %s", journal)
        return window

    @classmethod
    def resume(cls, journal: Path, *, wait: bool = True) -> Window | None:
        """The window a journal records, or None when its restore was already confirmed."""
        document = StateDocument.load(journal)
        if document.window is not None and document.window.state == "restored":
            return None
        return cls(document, {}, journal, wait=wait)

    @property
    def targets(self) -> frozenset[Key]:
        """The listeners the window pauses: those listening in the snapshot."""
        return frozenset((c, item.listener_id) for c, item in self.snapshot.listeners() if item.status == LISTENING)

    def pause_plan(self) -> Plan:
        """Pause what is listening, planned from the snapshot (no second status read)."""
        paused = StateDocument(
            tuple(
                DocumentRuntime(
                    r.container_id,
                    tuple(
                        DocumentListener(i.listener_id, PAUSED if i.status == LISTENING else i.status, i.connector_type)
                        for i in r.listeners
                    ),
                )
                for r in self.snapshot.runtimes
            )
        )
        return make_plan(paused, self._reported)

    def check_paused(self, result: ApplyResult) -> None:
        """Raise the first error of a pause that failed or was not confirmed (the restore still runs)."""
        for outcome in result.outcomes:
            if (outcome.container_id, outcome.listener_id) in self.targets and outcome.error is not None:
                logger.warning(
                    "maintenance window: pausing listener %s on container %s failed (%s); restoring",
                    outcome.listener_id,
                    outcome.container_id,
                    outcome.error,
                )
                raise outcome.error

    def restore_plan(self, current: Current) -> Plan:
        """Back to the snapshot; every listener the window paused gets its resume, seen paused or not."""
        return make_plan(self.snapshot, current, force=self.targets)

    def finish(self, result: ApplyResult) -> None:
        """Mark the journal restored, or log at ERROR and raise ResumeFailedError naming each listener."""
        targets = self.targets
        failed = [o for o in result.outcomes if o.result == "failed" and (o.container_id, o.listener_id) in targets]
        for outcome in result.outcomes:
            if outcome.result == "missing" or (outcome.result == "failed" and outcome not in failed):
                # Not paused by the window, or gone: nothing was left paused by it, but say so.
                logger.warning(
                    "maintenance window: listener %s on container %s not restored to %s (%s)",
                    outcome.listener_id,
                    outcome.container_id,
                    outcome.wanted,
                    outcome.error or "no longer reported",
                )
        if not failed:
            if self.journal is not None:
                previous = self.snapshot.window or WindowRecord()
                record = WindowRecord("restored", previous.started_at, utc_now(), previous.pid)
                _dump(self.journal, self.snapshot.with_window(record))
            logger.info("maintenance window: restore confirmed")
            return
        names = "; ".join(f"listener {o.listener_id} on container {o.container_id} ({o.error})" for o in failed)
        recover = (
            f"; journal {self.journal} kept: run `boomi-listeners window --recover {self.journal}`"
            if self.journal is not None
            else ""
        )
        message = f"maintenance window restore FAILED for {len(failed)} listener(s); they may still be paused: {names}"
        logger.error("%s%s", message, recover)
        error = ResumeFailedError(message + recover, listeners=tuple((o.container_id, o.listener_id) for o in failed))
        cause = next((o.error for o in failed if o.error is not None), None)
        raise error from cause


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
