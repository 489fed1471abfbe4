"""The demo fake as the tests build it, and a raw HTTP client on it (``conftest.py`` wraps both in fixtures)."""

from __future__ import annotations

from typing import Any

import httpx

from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_PROD_LISTENER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    demo_state,
)

#: The demo user's credentials, as ``httpx`` takes them.
DEMO_AUTH = (DEMO_USERNAME, DEMO_PASSWORD)
#: The listeners of the demo's production runtime, in the order the fake reports them.
PROD_LISTENERS = [
    DEMO_PROD_LISTENER_ID,
    "95987f23-d952-5b1c-9385-7243931f0f74",
    "66ff2508-a5fe-5094-a01a-e34bb20a0ac5",
]
#: The listeners of the demo's Molecule: one paused and one errored before anything happens, three listening.
MOLECULE_PAUSED = "42417fd6-3de6-50cb-b586-3e8dd605afe6"
MOLECULE_ERRORED = "7781e7a2-ba6c-51ef-afd3-5e84ed6ab1dc"
MOLECULE_LISTENING = [
    "f275232f-2285-544a-95cf-46861ae8e02f",
    "a564b199-adda-5824-bd56-9b47221f39b1",
    "4afe134f-f5b2-54c7-993b-d1a6d255aab1",
]


def demo_fake(**options: Any) -> FakeBoomi:
    """A fake with the demo data whose changes apply in 10 ms and whose queries finish at once.

    Tests wait on the outcome, never on the delay, so a short one only saves time; ``options`` go to
    ``FakeBoomi`` and win (a module that times its own steps passes them).
    """
    return FakeBoomi(**{"state": demo_state(), "apply_delay": 0.01, "query_delay": 0.0, **options})


def api_client(
    fake: FakeBoomi,
    auth: tuple[str, str] | None = DEMO_AUTH,
    account: str = DEMO_ACCOUNT_ID,
    **options: Any,
) -> httpx.AsyncClient:
    """A raw httpx client on ``fake``'s ASGI app, rooted at ``account``'s API; ``auth=None`` sends no credentials."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=fake.app), base_url=f"http://fake/api/rest/v1/{account}", auth=auth, **options
    )


#: Python code that makes the fake extra's packages unimportable, to run first in a child interpreter.
BLOCK_THE_FAKE_EXTRA = """
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("starlette", "uvicorn", "openapi_core"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Block())
"""
