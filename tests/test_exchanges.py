"""Recorded exchanges: redaction, the recorder on real clients, the shipped recordings and the classifier."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from boomi_listeners import AsyncListenerClient, BoomiError, ListenerClient, PollPolicy, RetryPolicy
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_API_TOKEN,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    PROFILE_NAMES,
    PROFILES,
    FakeBoomi,
    serve,
)
from boomi_listeners.testing.exchanges import (
    ACCOUNT_PLACEHOLDER,
    FORMAT,
    ExchangeRecorder,
    Redactor,
    classify,
    conversations,
    load_exchanges,
)
from boomi_listeners.testing.scenario import record_profile

RECORDINGS = Path(__file__).resolve().parent.parent / "contract_tests" / "recordings"
OTP = "493817"


def secrets_of(username: str, secret: str) -> list[str]:
    basic = base64.b64encode(f"{username}:{secret}".encode()).decode()
    return [secret, username, basic, DEMO_ACCOUNT_ID, OTP]


@pytest.mark.parametrize("login", ["password", "api_token"])
def test_no_secret_survives_a_recording_of_the_sync_client(tmp_path: Path, login: str) -> None:
    username = DEMO_USERNAME if login == "password" else f"BOOMI_TOKEN.{DEMO_USERNAME}"
    secret = DEMO_PASSWORD if login == "password" else DEMO_API_TOKEN
    path = tmp_path / "exchanges.jsonl"
    recorder = ExchangeRecorder(path, redactor=Redactor(DEMO_ACCOUNT_ID, (DEMO_USERNAME, secret, OTP)))
    fake = FakeBoomi(apply_delay=0.01, query_delay=0.01)
    with serve(fake) as base_url:
        credentials = {"password": secret} if login == "password" else {"api_token": secret}
        with ListenerClient(
            account_id=DEMO_ACCOUNT_ID,
            username=DEMO_USERNAME,
            base_url=base_url,
            otp=OTP,
            transport=recorder.transport(),
            poll=PollPolicy(initial=0.01, maximum=0.05),
            retry=RetryPolicy.none(),
            **credentials,
        ) as client:
            with recorder.step("status"):
                client.statuses(container_id=DEMO_PROD_CONTAINER_ID)
            with recorder.step("pause"):
                client.pause(container_id=DEMO_TEST_CONTAINER_ID, listener_id=DEMO_TEST_LISTENER_ID, wait=True)
            with pytest.raises(BoomiError):
                client.pause(container_id=DEMO_TEST_CONTAINER_ID, listener_id="no-such-listener")
    text = path.read_text()
    for value in secrets_of(username, secret):
        assert value not in text, value
    saved = load_exchanges(path)
    assert len(saved) == len(recorder.exchanges) >= 4
    assert {e.step for e in saved} == {"status", "pause", None}
    first = saved[0]
    assert first.path == f"/api/rest/v1/{ACCOUNT_PLACEHOLDER}/async/ListenerStatus/query"
    assert first.request_headers["authorization"] == "Basic ***"
    assert first.request_headers["x-boomi-otp"] == "***"
    assert json.loads(first.request_body)["QueryFilter"]["expression"]["argument"] == [DEMO_PROD_CONTAINER_ID]
    assert saved[-1].status == 400
    assert "no-such-listener" in saved[-1].response_body
    assert all(json.loads(line)["format"] == FORMAT for line in text.splitlines())


async def test_the_async_transport_records_too(tmp_path: Path) -> None:
    recorder = ExchangeRecorder(redactor=Redactor(DEMO_ACCOUNT_ID, (DEMO_PASSWORD,)))
    fake = FakeBoomi(apply_delay=0.01, query_delay=0.01)
    with serve(fake) as base_url:
        async with AsyncListenerClient(
            account_id=DEMO_ACCOUNT_ID,
            username=DEMO_USERNAME,
            password=DEMO_PASSWORD,
            base_url=base_url,
            transport=recorder.async_transport(),
            poll=PollPolicy(initial=0.01, maximum=0.05),
        ) as client:
            await client.statuses(container_id=DEMO_PROD_CONTAINER_ID)
    assert [e["request"]["method"] for e in recorder.exchanges][:2] == ["POST", "GET"]
    assert DEMO_PASSWORD not in json.dumps(recorder.exchanges)
    assert DEMO_ACCOUNT_ID not in json.dumps(recorder.exchanges)


def test_record_raw_redacts_bodies_and_headers_of_any_library() -> None:
    recorder = ExchangeRecorder(redactor=Redactor(DEMO_ACCOUNT_ID, ("hunter22", DEMO_USERNAME)))
    recorder.record_raw(
        method="POST",
        url=f"https://api.boomi.com/api/rest/v1/{DEMO_ACCOUNT_ID}/changeListenerStatus?who={DEMO_USERNAME}",
        request_headers=[("Authorization", "Basic abc"), ("X-Boomi-OTP", "123456"), ("Cookie", "s=1")],
        request_body=b'{"note": "hunter22"}',
        status=403,
        response_headers=[("Set-Cookie", "session=xyz"), ("Content-Type", "application/json")],
        response_body=f'{{"message": "{DEMO_USERNAME} may not act for {DEMO_ACCOUNT_ID}"}}'.encode(),
    )
    [entry] = recorder.exchanges
    flat = json.dumps(entry)
    for value in ("hunter22", DEMO_USERNAME, DEMO_ACCOUNT_ID, "123456", "abc", "xyz"):
        assert value not in flat
    assert entry["request"]["headers"] == {"authorization": "Basic ***", "x-boomi-otp": "***", "cookie": "***"}
    assert entry["request"]["query"] == "who=***"


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_each_shipped_recording_shows_its_own_profile(name: str) -> None:
    exchanges = load_exchanges(RECORDINGS / f"{name}.jsonl")
    assert classify(exchanges) == PROFILES[name]
    calls = conversations(exchanges)
    assert {c.kind for c in calls} == {"change", "query"}
    assert all(not c.open for c in calls), "every call in the recording came to an end"


@pytest.mark.parametrize("name", ["documented", "strict"])
async def test_shipped_recordings_are_what_make_recordings_writes(name: str, tmp_path: Path) -> None:
    await record_profile(name, tmp_path / f"{name}.jsonl")
    assert (tmp_path / f"{name}.jsonl").read_text() == (RECORDINGS / f"{name}.jsonl").read_text(), (
        "run `make recordings` and commit contract_tests/recordings/"
    )
