"""What the figures need to reach the fake: its URL, the demo account and the runtimes to change."""

from __future__ import annotations

from dataclasses import dataclass, field

from boomi_listeners import __version__

__all__ = ["HEADERS", "Endpoint"]

#: What the wrapper sends with every request (boomi_listeners._auth.headers), for the baselines.
HEADERS = {"Accept": "application/json", "User-Agent": f"boomi-listeners/{__version__}"}


@dataclass(frozen=True)
class Endpoint:
    """A running fake: platform root, demo credentials, the test listener and the bulk runtime."""

    base_url: str
    account_id: str
    username: str
    password: str
    container_id: str
    listener_id: str
    bulk_container_id: str
    bulk_listener_ids: tuple[str, ...]
    #: Every bench runtime and its listeners (the first is ``bulk_container_id``).
    bulk_runtimes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def api_root(self) -> str:
        """The API base for the account, as the wrapper builds it."""
        return f"{self.base_url.rstrip('/')}/api/rest/v1/{self.account_id}"
