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
  connections) but without their waits, and polling is fast. Under a profile
  that checks one-time codes (``totp``, ``strict``) the client has the user's
  OTP secret.

Timing is a test's own: the clients are not paced (no 10 requests/second
account budget, and none shared between tests), and the fake enforces no rate
limit, also under ``rate-limited`` or ``strict``. ``@pytest.mark.boomi_fake(budget=True)``
turns both on as on Boomi: the clients pace at 10 requests/second with a budget
of this test's own (``budget=5``: another rate) and the fake keeps its profile's
limit. A profile named by a string gets test timing too: ``slow-runtime``
queries stay in progress for 0.01 s, not 5 s (pass a ``Profile`` object to keep
its own).

For a fake of your own (a second one, another user), build the client with
:func:`boomi_listeners.testing.fake_client` / ``fake_async_client``, the
functions these fixtures use.

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
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from boomi_listeners import AsyncListenerClient, ListenerClient, RequestBudget
    from boomi_listeners.testing import FakeBoomi

__all__ = ["BASE_URL", "async_boomi_client", "boomi_client", "boomi_fake"]

MARKER = "boomi_fake"
#: The platform root the fixture clients use; any host works, nothing is resolved or connected.
BASE_URL = "http://boomi.fake"
#: Retries in the fixtures (``instant_retry``): at most this many attempts per request, none waited for.
_MAX_TEST_ATTEMPTS = 10
#: Boomi's account limit, the rate of ``budget=True``.
_BOOMI_RATE = 10.0
#: How long a query stays in progress under the fixtures (``slow-runtime``'s own is 5 s, other queries' 0.05 s).
_TEST_SLOW_QUERY_SECONDS = 0.01
#: A rate no test reaches: the fake's limit with the budget off.
_UNLIMITED = 1e9


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): FakeBoomi options for the boomi_fake fixture, e.g. profile='molecule', "
        "apply_delay=0.5; budget=True paces the fixture clients at Boomi's 10 requests/second (a number: "
        "another rate) and keeps the profile's rate limit on the fake",
    )


def _testing() -> Any:
    try:
        import boomi_listeners.testing as testing
    except ImportError as exc:
        # The message of boomi_listeners.testing already says which package is missing and how to install it.
        pytest.fail(f"the boomi_fake fixtures need the fake extra: pip install 'boomi-listeners[fake]' ({exc})",
                    pytrace=False)  # fmt: skip
    return testing


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None and marker.args:
        raise pytest.UsageError(f"@pytest.mark.{MARKER} takes keyword options only, e.g. apply_delay=0.5")
    return dict(marker.kwargs) if marker is not None else {}


def _rate(budget: object) -> float | None:
    """The marker's ``budget``: False/None (off), True (Boomi's 10/s) or requests per second."""
    if budget is None or budget is False:
        return None
    if budget is True:
        return _BOOMI_RATE
    if isinstance(budget, int | float) and budget > 0:
        return float(budget)
    raise pytest.UsageError(
        f"@pytest.mark.{MARKER}(budget=...) takes True, False or requests per second; got {budget!r}"
    )


@pytest.fixture
def boomi_fake(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> FakeBoomi:
    """A fresh fake Boomi with the demo data; ``@pytest.mark.boomi_fake(...)`` passes options to ``FakeBoomi``.

    Maintenance windows of the test keep their runtime locks in a folder of its own
    (``BOOMI_LISTENERS_STATE_DIR``): tests in parallel workers open windows on the same demo
    runtimes against different fakes, and must not refuse each other.
    """
    monkeypatch.setenv("BOOMI_LISTENERS_STATE_DIR", str(tmp_path_factory.mktemp("boomi-window-state")))
    testing = _testing()
    options = _options(request)
    paced = _rate(options.pop("budget", None)) is not None
    options.setdefault("state", testing.demo_state())
    # Tests should not wait for a pretend runtime: changes apply at once unless the marker says otherwise.
    options.setdefault("apply_delay", 0.0)
    options.setdefault("query_delay", _TEST_SLOW_QUERY_SECONDS)
    if isinstance(options.get("profile"), str):
        profile = testing.Profile.parse(options["profile"])
        options["profile"] = replace(profile, slow_query_seconds=_TEST_SLOW_QUERY_SECONDS)
    if not paced:
        options.setdefault("rate_limit", _UNLIMITED)
    fake: FakeBoomi = testing.FakeBoomi(**options)
    return fake


@pytest.fixture
def _boomi_budget(request: pytest.FixtureRequest) -> RequestBudget | None:
    """One budget per test, shared by its sync and async fixture clients (None: not paced)."""
    rate = _rate(_options(request).get("budget"))
    if rate is None:
        return None
    from boomi_listeners import RequestBudget

    return RequestBudget(rate)


@pytest.fixture
def boomi_client(boomi_fake: FakeBoomi, _boomi_budget: RequestBudget | None) -> Iterator[ListenerClient]:
    """A sync ``ListenerClient`` on ``boomi_fake``, in process; retries do not sleep."""
    testing = _testing()
    with (
        testing.instant_retry(_MAX_TEST_ATTEMPTS),
        testing.fake_client(boomi_fake, budget=_boomi_budget) as client,
    ):
        yield client


@pytest.fixture
def async_boomi_client(boomi_fake: FakeBoomi, _boomi_budget: RequestBudget | None) -> Iterator[AsyncListenerClient]:
    """An ``AsyncListenerClient`` on ``boomi_fake``, in process; retries do not sleep.

    A plain fixture, so it works under any async test plugin (pytest-asyncio,
    anyio) and event loop scope: the client holds no connection until used.
    """
    import asyncio

    testing = _testing()
    client = testing.fake_async_client(boomi_fake, budget=_boomi_budget)
    with testing.instant_retry(_MAX_TEST_ATTEMPTS):
        yield client
    # The in-process transport holds no sockets; closing only marks the client closed.
    asyncio.run(client.aclose())
