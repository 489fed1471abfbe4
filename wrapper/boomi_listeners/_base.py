"""Configuration shared by the sync and async clients (they differ only in I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, Self, TypeVar

from boomi_listeners._config import Settings
from boomi_listeners._deadline import checked_timeout
from boomi_listeners._policies import PollPolicy, RetryPolicy

__all__ = ["ClientBase"]

TransportT = TypeVar("TransportT")


class ClientBase(Generic[TransportT]):
    """Settings, policies, ``from_env`` and a secret-free ``repr``.

    ``timeout`` here is the limit of each network read or write; every call's own
    ``timeout`` bounds its total time, retries and polls included.
    """

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
        otp_secret: str | None = None,
        settings: Settings | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        poll: PollPolicy | None = None,
        verify: bool = True,
        transport: TransportT | None = None,
    ) -> None:
        self.settings = settings or Settings.build(
            account_id=account_id,
            username=username,
            password=password,
            api_token=api_token,
            region=region,
            base_url=base_url,
            otp=otp,
            otp_secret=otp_secret,
        )
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise TypeError(f"retry must be a RetryPolicy; got {type(retry).__name__}")
        if poll is not None and not isinstance(poll, PollPolicy):
            raise TypeError(f"poll must be a PollPolicy; got {type(poll).__name__}")
        self.retry = retry or RetryPolicy()
        self.poll = poll or PollPolicy()
        self._closed = False
        self._connect(transport, verify=verify, timeout=checked_timeout(timeout, "timeout"))

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
