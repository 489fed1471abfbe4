"""A short, reproducible conversation with the fake under each profile, recorded as exchanges.

``make recordings`` (``scripts/record_fake.py``) writes ``contract_tests/recordings/<profile>.jsonl``
with it, so the offline replay tests have every profile's wire shapes even before a real staging
recording exists. The conversation is driven with raw HTTP, by the reading rules every client of
this project follows (in progress: HTTP 202, or ``responseStatusCode`` 202 with progress rows or no
``numberOfResults``; HTTP 204: query again; 503: wait a second and retry), so the recordings do
not depend on any client's version. Everything runs in-process on a :class:`ManualClock`: no
sockets and no sleeping, and the same code writes the same files.

Steps (``step`` in each exchange): ``no-otp`` (``totp`` only: a query without a code, 401),
``status`` (every listener on the Production Atom), ``status-empty`` (a listener that is not on
that runtime: an empty result), ``pause-wait`` (pause a listener on the 3-node Molecule and poll
until it is paused), ``resume_all-wait`` (resume every listener there and poll until all are
listening or errored), ``wss`` (pause a Web Services Server listener, read it, resume it), ``burst`` (the same resume
sent 12 times back to back, as a bulk change does: over the rate limit) and ``status-late``
(``read-once`` only: a token read 30 minutes late answers 204, then a new query).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pyotp

from .app import FakeBoomi
from .clock import ManualClock
from .demo import (
    DEMO_ACCOUNT_ID,
    DEMO_API_TOKEN,
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OTP_SECRET,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
)
from .exchanges import ExchangeRecorder, Redactor, answer_kind
from .profiles import PROFILE_NAMES, resolve_profile

__all__ = ["MOLECULE_LISTENER_ID", "demo_redactor", "record_profile", "write_recordings"]

#: A listening sftp listener on the demo Molecule, paused and resumed by the scenario.
MOLECULE_LISTENER_ID = "f275232f-2285-544a-95cf-46861ae8e02f"
_API = f"/api/rest/v1/{DEMO_ACCOUNT_ID}"
_QUERY = f"{_API}/async/ListenerStatus/query"
_PER_REQUEST = 0.05  # fake seconds each request takes
_POLL = 0.5  # fake seconds between two reads of a token
_BACKOFF = 1.0  # fake seconds waited after a 503 (Boomi sends no Retry-After)
_MAX_ROUNDS = 200
_WALL_START = 1_700_000_000.0  # the TOTP wall clock at the fake's time zero


def demo_redactor() -> Redactor:
    """Masks the demo account and every demo credential."""
    return Redactor(DEMO_ACCOUNT_ID, (DEMO_PASSWORD, DEMO_API_TOKEN, DEMO_OTP_SECRET, DEMO_USERNAME))


def _query_body(container_id: str, listener_id: str | None = None) -> dict[str, Any]:
    container = {"operator": "EQUALS", "property": "containerId", "argument": [container_id]}
    if listener_id is None:
        return {"QueryFilter": {"expression": container}}
    listener = {"operator": "EQUALS", "property": "listenerId", "argument": [listener_id]}
    return {"QueryFilter": {"expression": {"operator": "and", "nestedExpression": [listener, container]}}}


class _Driver:
    def __init__(self, http: httpx.AsyncClient, clock: ManualClock, otp: Callable[[], str] | None) -> None:
        self.http, self.clock, self.otp = http, clock, otp

    async def send(self, method: str, path: str, body: Any = None, *, with_otp: bool = True) -> httpx.Response:
        for _ in range(_MAX_ROUNDS):
            headers = {"X-Boomi-OTP": self.otp()} if self.otp is not None and with_otp else {}
            response = await self.http.request(method, path, json=body, headers=headers)
            self.clock.advance(_PER_REQUEST)
            if response.status_code != 503:
                return response
            self.clock.advance(_BACKOFF)
        raise RuntimeError(f"{method} {path} stayed rate-limited")

    async def statuses(
        self, container_id: str, listener_id: str | None = None, *, late: bool = False, with_otp: bool = True
    ) -> list[dict[str, Any]] | None:
        """The finished result's ListenerStatus rows, or None when the query was refused."""
        for _ in range(_MAX_ROUNDS):
            started = await self.send("POST", _QUERY, _query_body(container_id, listener_id), with_otp=with_otp)
            if started.status_code != 200:
                return None
            token = started.json()["asyncToken"]["token"]
            if late:
                self.clock.advance(1801.0)
                late = False
            for _ in range(_MAX_ROUNDS):
                self.clock.advance(_POLL)
                read = await self.send("GET", f"{_API}/async/ListenerStatus/response/{token}")
                body = read.json() if read.content else None
                kind = answer_kind(read.status_code, body)
                if kind == "gone":
                    break  # read already, or deleted: query again
                if kind == "finished":
                    assert isinstance(body, dict)
                    return [r for r in body.get("result", []) if r.get("@type") == "ListenerStatus"]
                if kind == "error":
                    return None
        raise RuntimeError("the query never finished")

    async def change(self, action: str, container_id: str, listener_id: str | None = None) -> None:
        body = {"action": action, "containerId": container_id}
        if listener_id is not None:
            body["listenerId"] = listener_id
        answer = await self.send("POST", f"{_API}/changeListenerStatus", body)
        if answer.status_code != 200:
            raise RuntimeError(f"{action} was refused: {answer.status_code} {answer.text}")

    async def wait(self, container_id: str, listener_id: str | None, status: str) -> None:
        for _ in range(_MAX_ROUNDS):
            rows = await self.statuses(container_id, listener_id) or []
            if rows and all(r["status"] in (status, "errored") for r in rows):
                return
        raise RuntimeError(f"never reached {status}")


async def record_profile(name: str, path: Path | None = None) -> ExchangeRecorder:
    """Run the scenario against a fresh demo fake speaking profile ``name``; returns the recorder."""
    profile = resolve_profile(name)
    clock = ManualClock(0.0)
    fake = FakeBoomi(
        profile=profile,
        apply_delay=3.0,  # a Molecule's nodes apply at 3, 4 and 5 s: polls see them disagree
        restart_phase=1.0,
        query_delay=0.6,  # one poll sees every query in progress
        clock=clock,
        otp_clock=lambda: _WALL_START + clock(),
    )
    tokens = random.Random(f"recording-{profile.name}")
    fake.state.new_token = lambda: f"ListenerStatus-{uuid.UUID(int=tokens.getrandbits(128), version=4)}"
    totp = pyotp.TOTP(DEMO_OTP_SECRET)
    otp = (lambda: totp.at(_WALL_START + clock())) if profile.totp else None
    recorder = ExchangeRecorder(path, redactor=demo_redactor(), clock=clock)
    async with httpx.AsyncClient(
        transport=recorder.async_transport(httpx.ASGITransport(app=fake.app)),
        base_url="http://fake",
        auth=(DEMO_USERNAME, DEMO_PASSWORD),
        headers={"Accept": "application/json", "User-Agent": "boomi-listeners-recording"},
    ) as http:
        driver = _Driver(http, clock, otp)
        if profile.totp:
            with recorder.step("no-otp"):
                await driver.statuses(DEMO_PROD_CONTAINER_ID, with_otp=False)
        with recorder.step("status"):
            await driver.statuses(DEMO_PROD_CONTAINER_ID)
        with recorder.step("status-empty"):
            await driver.statuses(DEMO_PROD_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
        with recorder.step("pause-wait"):
            await driver.change("pause", DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER_ID)
            await driver.wait(DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER_ID, "paused")
        with recorder.step("resume_all-wait"):
            await driver.change("resume_all", DEMO_MOLECULE_CONTAINER_ID)
            await driver.wait(DEMO_MOLECULE_CONTAINER_ID, None, "listening")
        with recorder.step("wss"):
            await driver.change("pause", DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID)
            clock.advance(fake.apply_delay)
            await driver.statuses(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID)
            await driver.change("resume", DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID)
        with recorder.step("burst"):
            for _ in range(12):
                await driver.change("resume", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
        if profile.read_once:
            with recorder.step("status-late"):
                await driver.statuses(DEMO_PROD_CONTAINER_ID, late=True)
    return recorder


async def write_recordings(directory: Path, names: tuple[str, ...] = PROFILE_NAMES) -> list[Path]:
    """Record every profile into ``<directory>/<profile>.jsonl``; returns the files written."""
    written = []
    for name in names:
        path = directory / f"{name}.jsonl"
        await record_profile(name, path)
        written.append(path)
    return written
