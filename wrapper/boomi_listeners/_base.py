"""Configuration shared by the sync and async clients (they differ only in I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, Self, TypeVar

from boomi_listeners._budget import DEFAULT_REQUESTS_PER_SECOND, RequestBudget, budget_for
from boomi_listeners._config import Settings
from boomi_listeners._policies import PollPolicy, RetryPolicy

__all__ = ["ClientBase"]

TransportT = TypeVar("TransportT")


class ClientBase(Generic[TransportT]):
    """Settings, policies, ``from_env`` and a secret-free ``repr``."""

    def __init__(
        self,
        *,
        account_id: str | None = None,
        username: str | None = None,
        password: str | None = None,
        api_token: str | None = None,
        region: str | None = None,
        base_url: str | None = None,
        otp: str | None = None,
        settings: Settings | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        poll: PollPolicy | None = None,
        verify: bool = True,
        transport: TransportT | None = None,
        max_requests_per_second: float | None = DEFAULT_REQUESTS_PER_SECOND,
        budget: RequestBudget | None = None,
    ) -> None:
        self.settings = settings or Settings.build(
            account_id=account_id,
            username=username,
            password=password,
            api_token=api_token,
            region=region,
            base_url=base_url,
            otp=otp,
        )
        self.retry = retry or RetryPolicy()
        self.poll = poll or PollPolicy()
        # Every request of this client (retries and polls included) waits for a place in the account's
        # budget; clients of one account share it (see _budget.py). None: no pacing.
        self.budget = budget_for(self.settings, max_requests_per_second, budget)
        self._connect(transport, verify=verify, timeout=timeout)

    def _connect(self, transport: TransportT | None, *, verify: bool, timeout: float) -> None:
        """Create the one connection pool of this client."""
        raise NotImplementedError

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Self:
        """Configure from ``BOOMI_*`` environment variables; a missing one is named in the error."""
        return cls(settings=Settings.from_env(environ), **options)

    def __repr__(self) -> str:
        s = self.settings
        return f"{type(self).__name__}(account_id={s.account_id!r}, username={s.username!r}, base_url={s.base_url!r})"
