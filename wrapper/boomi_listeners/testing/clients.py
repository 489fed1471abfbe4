"""Clients wired to a :class:`FakeBoomi` in this process: no socket, no port, polls in milliseconds.

The pytest fixtures ``boomi_client`` and ``async_boomi_client`` are built with these; call them
yourself for a fake of your own (another state, a second fake, a user other than the demo's)::

    from boomi_listeners.testing import FakeBoomi, demo_state, fake_client

    fake = FakeBoomi(state=my_state(), apply_delay=0.0, profile="strict")
    with fake_client(fake, username="ops@example.com", password="...") as client:
        client.pause_all(container_id="...", wait=True)

By default a client here is not paced (``budget=None``): each test runs at full speed, and no
budget is shared between tests. Give ``budget=10`` (requests per second, a budget of this
client's own) or a :class:`~boomi_listeners.RequestBudget` (to share one between clients) to
pace it as production clients are paced.

Retries keep their waits; run the test inside :func:`instant_retry` to drop them, as the
fixtures do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from boomi_listeners._policies import instant_retry

from .demo import DEMO_ACCOUNT_ID, DEMO_PASSWORD, DEMO_USERNAME

if TYPE_CHECKING:
    from boomi_listeners import AsyncListenerClient, ListenerClient, PollPolicy, RequestBudget, Settings

    from .app import FakeBoomi

__all__ = ["FAKE_BASE_URL", "fake_async_client", "fake_client", "fake_settings", "fast_poll", "instant_retry"]

#: The platform root these clients use; any host works, nothing is resolved or connected.
FAKE_BASE_URL = "http://boomi.fake"


def fast_poll() -> PollPolicy:
    """Status polls a few milliseconds apart: the fake answers at once, a test need not wait."""
    from boomi_listeners import PollPolicy

    return PollPolicy(initial=0.002, factor=2.0, maximum=0.05)


def fake_settings(
    fake: FakeBoomi,
    *,
    account_id: str = DEMO_ACCOUNT_ID,
    username: str = DEMO_USERNAME,
    password: str = DEMO_PASSWORD,
    otp_secret: str | None = None,
) -> Settings:
    """Settings for ``username`` on ``fake`` (the demo user by default).

    When the fake checks one-time codes (the ``totp`` and ``strict`` profiles) and no
    ``otp_secret`` is given, the user's own secret is read from the fake's state, so the
    client sends a valid ``X-Boomi-OTP`` with every request.

    :param fake: the fake whose profile and users decide the OTP secret.
    :param account_id: the account the requests act for.
    :param username: a user of the fake (``BOOMI_TOKEN.<user>`` with an API token as ``password``).
    :param password: the user's password or API token.
    :param otp_secret: the base32 two-factor secret; default: the user's own when the fake checks codes.
    """
    from boomi_listeners import Settings

    if otp_secret is None and fake.profile.totp:
        with fake.state.lock:
            user = fake.state.users.get(username.removeprefix("BOOMI_TOKEN."))
            otp_secret = user.otp_secret if user is not None else None
    return Settings.build(
        account_id=account_id,
        username=username,
        password=password,
        base_url=FAKE_BASE_URL,
        otp_secret=otp_secret,
    )


def _client_options(
    fake: FakeBoomi, settings: Settings | None, budget: RequestBudget | float | None, poll: PollPolicy | None
) -> dict[str, Any]:
    """What both clients on a fake are given, but the transport."""
    from boomi_listeners import RequestBudget

    if isinstance(budget, bool) or not isinstance(budget, RequestBudget | int | float | None):
        raise TypeError(f"budget must be requests per second, a RequestBudget or None; got {budget!r}")
    return {
        "settings": settings or fake_settings(fake),
        "poll": poll or fast_poll(),
        "max_requests_per_second": None,
        "budget": RequestBudget(float(budget)) if isinstance(budget, int | float) else budget,
    }


def fake_client(
    fake: FakeBoomi,
    *,
    settings: Settings | None = None,
    budget: RequestBudget | float | None = None,
    poll: PollPolicy | None = None,
) -> ListenerClient:
    """A :class:`~boomi_listeners.ListenerClient` on ``fake``, in process (use it as a context manager).

    :param fake: the fake to talk to; its app is called in this thread, no socket is opened.
    :param settings: who logs in; default :func:`fake_settings` (the demo user, with the OTP
        secret when the profile checks codes).
    :param budget: None (no pacing), requests per second (a budget of this client's own) or a
        :class:`~boomi_listeners.RequestBudget` shared with other clients.
    :param poll: how often waits read the status; default :func:`fast_poll`.
    """
    from boomi_listeners import ListenerClient

    from .sync_asgi import SyncASGITransport

    return ListenerClient(transport=SyncASGITransport(fake.app), **_client_options(fake, settings, budget, poll))


def fake_async_client(
    fake: FakeBoomi,
    *,
    settings: Settings | None = None,
    budget: RequestBudget | float | None = None,
    poll: PollPolicy | None = None,
) -> AsyncListenerClient:
    """The :class:`~boomi_listeners.AsyncListenerClient` twin of :func:`fake_client`."""
    import httpx

    from boomi_listeners import AsyncListenerClient

    return AsyncListenerClient(
        transport=httpx.ASGITransport(app=fake.app), **_client_options(fake, settings, budget, poll)
    )
