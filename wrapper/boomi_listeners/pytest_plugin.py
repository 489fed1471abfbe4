"""pytest fixtures for testing your own code against the embedded fake Boomi.

Installed with the ``fake`` extra; pytest loads it by itself (a ``pytest11``
entry point; without plugin autoloading, ``pytest -p boomi_listeners.pytest_plugin``).

- ``boomi_fake``: a :class:`~boomi_listeners.testing.FakeBoomi` with the demo data
  (``boomi_listeners.testing.DEMO_*`` name its runtimes, listeners and users).
  Changes apply at once unless you say otherwise. Options go to ``FakeBoomi``
  through a marker, ``@pytest.mark.boomi_fake(profile="molecule", apply_delay=0.5)``,
  or override the fixture in your ``conftest.py``.
- ``boomi_client`` / ``async_boomi_client``: a ``ListenerClient`` /
  ``AsyncListenerClient`` logged in as the demo user and wired to that fake in
  this process (no socket). Retries happen as in production (503, 504, dropped
  connections) but without their waits, and polling is fast.

Example::

    def test_quiesce_pauses_every_listener(boomi_client, boomi_fake):
        boomi_fake.faults.fail_next(2, status=503)  # the client retries through it
        quiesce(boomi_client, DEMO_PROD_CONTAINER_ID)  # your code
        assert {s.status for s in boomi_client.statuses(container_id=DEMO_PROD_CONTAINER_ID)} == {"paused"}

This module imports nothing but pytest until a fixture is used, so having it
installed costs a test run nothing, and it loads even where the ``fake`` extra
is missing (the fixtures then say how to install it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from boomi_listeners import AsyncListenerClient, ListenerClient, PollPolicy, Settings
    from boomi_listeners.testing import FakeBoomi

__all__ = ["BASE_URL", "async_boomi_client", "boomi_client", "boomi_fake"]

MARKER = "boomi_fake"
#: The platform root the fixture clients use; any host works, nothing is resolved or connected.
BASE_URL = "http://boomi.fake"
#: Retries in the fixtures: each client keeps its own attempt count up to this, and no wait between attempts.
_MAX_TEST_ATTEMPTS = 10


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): FakeBoomi options for the boomi_fake fixture, e.g. profile='molecule', apply_delay=0.5",
    )


def _testing() -> Any:
    try:
        import boomi_listeners.testing as testing
    except ImportError as exc:
        pytest.fail(
            f"the boomi_fake fixtures need the fake extra: pip install 'boomi-listeners[fake]' ({exc})", pytrace=False
        )
    return testing


@pytest.fixture
def boomi_fake(request: pytest.FixtureRequest) -> FakeBoomi:
    """A fresh fake Boomi with the demo data; ``@pytest.mark.boomi_fake(...)`` passes options to ``FakeBoomi``."""
    testing = _testing()
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None and marker.args:
        raise pytest.UsageError(f"@pytest.mark.{MARKER} takes keyword options only, e.g. apply_delay=0.5")
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    options.setdefault("state", testing.demo_state())
    if "profile" not in options:
        # Tests should not wait for a pretend runtime; a profile brings its own timing.
        options.setdefault("apply_delay", 0.0)
    fake: FakeBoomi = testing.FakeBoomi(**options)
    return fake


def _fast_poll() -> PollPolicy:
    from boomi_listeners import PollPolicy

    return PollPolicy(initial=0.002, factor=2.0, maximum=0.05)


def _demo_user(testing: Any) -> Settings:
    from boomi_listeners import Settings

    return Settings.build(
        account_id=testing.DEMO_ACCOUNT_ID,
        username=testing.DEMO_USERNAME,
        password=testing.DEMO_PASSWORD,
        base_url=BASE_URL,
    )


@pytest.fixture
def boomi_client(boomi_fake: FakeBoomi) -> Iterator[ListenerClient]:
    """A sync ``ListenerClient`` on ``boomi_fake``, in process; retries do not sleep."""
    import stamina

    from boomi_listeners import ListenerClient
    from boomi_listeners.testing.sync_asgi import SyncASGITransport

    testing = _testing()
    with (
        stamina.set_testing(True, attempts=_MAX_TEST_ATTEMPTS, cap=True),
        ListenerClient(
            settings=_demo_user(testing),
            transport=SyncASGITransport(boomi_fake.app),
            poll=_fast_poll(),
        ) as client,
    ):
        yield client


@pytest.fixture
def async_boomi_client(boomi_fake: FakeBoomi) -> Iterator[AsyncListenerClient]:
    """An ``AsyncListenerClient`` on ``boomi_fake``, in process; retries do not sleep.

    A plain fixture, so it works under any async test plugin (pytest-asyncio,
    anyio) and event loop scope: the client holds no connection until used.
    """
    import asyncio

    import httpx
    import stamina

    from boomi_listeners import AsyncListenerClient

    testing = _testing()
    client = AsyncListenerClient(
        settings=_demo_user(testing),
        transport=httpx.ASGITransport(app=boomi_fake.app),
        poll=_fast_poll(),
    )
    with stamina.set_testing(True, attempts=_MAX_TEST_ATTEMPTS, cap=True):
        yield client
    # The in-process transport holds no sockets; closing only marks the client closed.
    asyncio.run(client.aclose())
