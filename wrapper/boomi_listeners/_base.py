"""Configuration shared by the sync and async clients (they differ only in I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, Self, TypeVar

from boomi_listeners._account_budget import DEFAULT_REQUESTS_PER_SECOND, RequestBudget, budget_for
from boomi_listeners._config import Settings
from boomi_listeners._deadline import checked_timeout
from boomi_listeners._policies import PollPolicy, RetryPolicy
from boomi_listeners._tls_and_proxies import Connection, Proxy, Verify

__all__ = ["ClientBase"]

TransportT = TypeVar("TransportT")
HttpClientT = TypeVar("HttpClientT")


class ClientBase(Generic[TransportT, HttpClientT]):
    """Settings, policies, ``from_env`` and a secret-free ``repr``.

    Connection options: ``verify`` (True, False, a CA bundle file or directory,
    or an ``ssl.SSLContext``), ``proxy`` (a URL or ``httpx.Proxy``; by default the
    ``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` and ``NO_PROXY`` variables are
    honoured unless ``trust_env=False``), ``transport`` (an httpx transport, e.g.
    for tests), or ``http_client``: an ``httpx.Client`` (``httpx.AsyncClient``
    for the async client) you configured yourself, whose transport, proxies, TLS
    settings and event hooks are used, while this client still adds the base
    URL, credentials, request log, retries and redaction. You keep ownership
    of ``http_client``: closing this client leaves it open.

    ``timeout`` here is the limit of each network read or write; every call's own
    ``timeout`` bounds its total time, retries and polls included.
    """

    #: The httpx client class ``http_client`` must be.
    _http_client_type: type[Any]

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
        verify: Verify = True,
        proxy: Proxy | None = None,
        trust_env: bool = True,
        transport: TransportT | None = None,
        max_requests_per_second: float | None = DEFAULT_REQUESTS_PER_SECOND,
        budget: RequestBudget | None = None,
        http_client: HttpClientT | None = None,
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
        connection = Connection.build(
            timeout=checked_timeout(timeout, "timeout"),
            verify=verify,
            proxy=proxy,
            trust_env=trust_env,
            transport=transport,
            http_client=http_client,
            client_type=self._http_client_type,
        )
        self.retry = retry or RetryPolicy()
        self.poll = poll or PollPolicy()
        self._closed = False
        # Every request of this client (retries and polls included) waits for a place in the account's
        # budget; clients of one account share it (see _account_budget.py). None: no pacing.
        self.budget = budget_for(self.settings, max_requests_per_second, budget)
        self._connect(connection)

    def _connect(self, connection: Connection) -> None:
        """Create the one connection pool of this client."""
        raise NotImplementedError

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Self:
        """Configure from ``BOOMI_*`` environment variables; a missing one is named in the error."""
        return cls(settings=Settings.from_env(environ), **options)

    def __repr__(self) -> str:
        s = self.settings
        return f"{type(self).__name__}(account_id={s.account_id!r}, username={s.username!r}, base_url={s.base_url!r})"
