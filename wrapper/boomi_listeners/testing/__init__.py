"""A faithful, stateful fake of the Boomi Platform API's listener operations.

It is the project's embedded default: the demo and the test suite run on it. It answers the
operations of the effective spec (changeListenerStatus, the ListenerStatus query and its
response; process schedule statuses, execution records, cancelExecution and Atom GET) with
Boomi's behaviour: Basic auth with passwords or API tokens, privileges, XML by
default and JSON on request, changes that take effect asynchronously, asynchronous queries with
tokens, offline runtimes, a per-account rate limit, plus fault injection and a request log.
Behaviour profiles (:class:`Profile`) switch on the other readings of Boomi's documentation::

    from boomi_listeners.testing import FakeBoomi, demo_state, serve

    fake = FakeBoomi(state=demo_state(), apply_delay=0.2, profile="strict")
    httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app), base_url="http://fake")  # in-process
    with serve(fake) as base_url:  # or over loopback; base_url + "/api/rest/v1/<accountId>"
        ...

Needs the ``fake`` extra (starlette, uvicorn, openapi-core, pyyaml); ``import boomi_listeners``
itself does not.
"""

from __future__ import annotations

import sys

try:
    import openapi_core  # noqa: F401
    import starlette  # noqa: F401
    import uvicorn  # noqa: F401
    import yaml  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    _HINT = (
        f"boomi_listeners.testing needs the 'fake' extra ({exc.name} is missing): pip install 'boomi-listeners[fake]'"
    )
    if sys.argv[:1] == ["-m"]:
        # `python -m boomi_listeners.testing` is locating this package: a person reads this, so one line and
        # exit 2 (a usage error: nothing was attempted), not a traceback.
        print(f"error: {_HINT}", file=sys.stderr)
        raise SystemExit(2) from None
    raise ImportError(_HINT) from exc

from . import demo
from .app import API_PREFIX, ConnectionDropped, FakeBoomi
from .auth import FORBIDDEN_MESSAGE, OTP_MESSAGE, TOKEN_USER_PREFIX
from .clients import FAKE_BASE_URL, fake_async_client, fake_client, fake_settings, fast_poll, instant_retry
from .clock import ManualClock
from .demo import *  # noqa: F403 - the DEMO_* names and demo_state, listed once in demo.__all__
from .faults import RATE_LIMIT_MESSAGE, Faults
from .limits import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_NESTING
from .loading import DEMO_DATA_FILE, StateFileError, load_state, state_from_mapping, state_to_mapping
from .profiles import PROFILE_NAMES, PROFILES, Profile
from .recording import DEFAULT_LOG_SIZE, RecordedRequest
from .responses import PROGRESS_MESSAGE
from .server import serve
from .state import (
    PRIVILEGE_API,
    PRIVILEGE_ATOM_MANAGEMENT,
    PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY,
    PRIVILEGE_VIEW_RESULT,
    Account,
    Environment,
    Execution,
    FakeState,
    Listener,
    Runtime,
    Schedule,
    User,
)
from .validation import effective_spec, fake_spec

__all__ = [
    "API_PREFIX",
    "DEFAULT_LOG_SIZE",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_NESTING",
    "DEMO_DATA_FILE",
    "FAKE_BASE_URL",
    "FORBIDDEN_MESSAGE",
    "OTP_MESSAGE",
    "PRIVILEGE_API",
    "PRIVILEGE_ATOM_MANAGEMENT",
    "PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY",
    "PRIVILEGE_VIEW_RESULT",
    "PROFILES",
    "PROFILE_NAMES",
    "PROGRESS_MESSAGE",
    "RATE_LIMIT_MESSAGE",
    "TOKEN_USER_PREFIX",
    "Account",
    "ConnectionDropped",
    "Environment",
    "Execution",
    "FakeBoomi",
    "FakeState",
    "Faults",
    "Listener",
    "ManualClock",
    "Profile",
    "RecordedRequest",
    "Runtime",
    "Schedule",
    "StateFileError",
    "User",
    "effective_spec",
    "fake_async_client",
    "fake_client",
    "fake_settings",
    "fake_spec",
    "fast_poll",
    "instant_retry",
    "load_state",
    "serve",
    "state_from_mapping",
    "state_to_mapping",
]
__all__ += demo.__all__
