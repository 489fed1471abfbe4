"""The CLI's client: the SDK's ListenerClient, telling the progress display each status it reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from boomi_listeners._client import ListenerClient
from boomi_listeners._results import ListenerState

__all__ = ["ObservedClient", "StatusObserver"]

#: Told of every status read a command's client makes: (runtime, the listeners' states).
StatusObserver = Callable[[str, list[ListenerState]], None]


class ObservedClient(ListenerClient):
    """The CLI's client: a ListenerClient that also tells its observers each status it reads.

    The progress display counts confirmations from these reads (the ones the SDK makes anyway,
    no extra request); what the commands report comes from the SDK's own results.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.observers: list[StatusObserver] = []

    def _statuses(self, container_id: str, listener_id: str | None) -> list[ListenerState]:
        # Every status read of the client (its waits' included) goes through here.
        found = super()._statuses(container_id, listener_id)
        for observer in list(self.observers):
            observer(container_id, found)
        return found
