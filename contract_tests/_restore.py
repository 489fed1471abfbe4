"""Leave the designated listener as it was found.

At the start of the session the statuses of every listener on the designated runtime are read; at
the end (fixture finalizer, and again from ``pytest_sessionfinish`` if the finalizer never ran) the
designated listener is put back into its starting status. Listeners that share the designated
runtime are put back too when that is possible without naming them (a ``resume_all`` or
``pause_all`` on the designated runtime); otherwise they are named in the report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from boomi_listeners import Action, ListenerClient
from boomi_listeners.testing import FakeBoomi
from contract_tests._target import Target

__all__ = ["DesignatedListenerGuard", "RestoreOutcome", "applied"]

LISTENING = "listening"
PAUSED = "paused"
_RESTORABLE = (LISTENING, PAUSED)


@dataclass(frozen=True)
class RestoreOutcome:
    """Whether the designated listener ended in its starting status, and what was done for it."""

    ok: bool
    message: str
    actions: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())


def applied(fake: FakeBoomi, deadline: float) -> bool:
    """Wait until ``fake`` has applied every listener change it accepted; False if the deadline came first."""
    while fake.state.pending_changes():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


class DesignatedListenerGuard:
    """Snapshot of the designated runtime at the start; :meth:`restore` puts it back (once)."""

    def __init__(self, target: Target, *, settle_timeout: float | None = None) -> None:
        self.target = target
        self.settle_timeout = settle_timeout if settle_timeout is not None else max(20 * target.settle_interval, 5.0)
        self.start: dict[str, str] | None = None
        self.outcome: RestoreOutcome | None = None

    def _read(self, client: ListenerClient) -> dict[str, str]:
        states = client.statuses(container_id=self.target.container_id, timeout=self.target.wait_timeout)
        return {s.listener_id: s.status for s in states}

    def settle(self, client: ListenerClient | None = None) -> dict[str, str]:
        """The runtime's statuses once two reads ``settle_interval`` apart agree (or the timeout passed).

        On a fake the suite serves itself, once the fake has applied every change it accepted: it
        knows, so there is no settle interval to wait out.
        """
        if client is None:
            with self.target.client() as own:
                return self.settle(own)
        deadline = time.monotonic() + self.settle_timeout
        if self.target.fake is not None:
            applied(self.target.fake, deadline)
            return self._read(client)
        previous = self._read(client)
        while True:
            time.sleep(self.target.settle_interval)
            current = self._read(client)
            if current == previous or time.monotonic() >= deadline:
                return current
            previous = current

    def snapshot(self) -> dict[str, str]:
        """Read and keep the starting statuses; fails if the designated listener is not on the runtime."""
        with self.target.client() as client:
            start = self.settle(client)
        if self.target.listener_id not in start:
            raise RuntimeError(
                f"the designated listener {self.target.listener_id} is not deployed on the designated runtime "
                f"{self.target.container_id} (it has: {', '.join(start) or 'no listeners'}); "
                "check BOOMI_TEST_CONTAINER_ID and BOOMI_TEST_LISTENER_ID"
            )
        self.start = start
        return start

    def restore(self) -> RestoreOutcome:
        """Put the designated listener back into its starting status; the first outcome is kept."""
        if self.outcome is not None:
            return self.outcome
        if self.start is None:
            self.outcome = RestoreOutcome(True, "nothing to restore: the designated runtime was never read")
            return self.outcome
        try:
            self.outcome = self._restore(self.start)
        except Exception as exc:
            self.outcome = RestoreOutcome(
                False, f"restoring the designated listener FAILED: {type(exc).__name__}: {exc}"
            )
        return self.outcome

    def _restore(self, start: dict[str, str]) -> RestoreOutcome:
        target = self.target
        wanted = start[target.listener_id]
        actions: list[str] = []
        notes: list[str] = []
        with target.client() as client:
            current = self.settle(client)
            others = {
                lid: status
                for lid, status in start.items()
                if lid != target.listener_id and status in _RESTORABLE and current.get(lid) != status
            }
            if others:
                if len(set(others.values())) == 1:
                    action = Action.RESUME_ALL if LISTENING in others.values() else Action.PAUSE_ALL
                    client.change(action, container_id=target.container_id)
                    actions.append(action.value)
                    current = self.settle(client)
                else:
                    notes.append(f"other listeners on the runtime changed and cannot be restored together: {others}")
            if current.get(target.listener_id) != wanted:
                if wanted in _RESTORABLE:
                    action = Action.RESUME if wanted == LISTENING else Action.PAUSE
                    client.change(action, container_id=target.container_id, listener_id=target.listener_id)
                    actions.append(action.value)
                    current = self.settle(client)
                else:
                    notes.append(f"a listener that started {wanted!r} cannot be put back into that status")
        ended = current.get(target.listener_id)
        still = sorted(
            lid
            for lid, status in start.items()
            if lid != target.listener_id and status in _RESTORABLE and current.get(lid) != status
        )
        if still:
            notes.append(f"other listeners on the designated runtime differ from their start: {', '.join(still)}")
        done = f" after {', '.join(actions)}" if actions else ""
        where = f"listener {target.listener_id} on runtime {target.container_id}"
        if ended == wanted:
            return RestoreOutcome(True, f"{where} is {ended!r} as at the start{done}", tuple(actions), tuple(notes))
        return RestoreOutcome(
            False, f"{where} started {wanted!r} but is {ended!r}{done}: restore FAILED", tuple(actions), tuple(notes)
        )
