"""Behaviour profiles of the fake, at the HTTP level: each reading of Boomi's documentation on the wire."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pyotp
import pytest
from defusedxml import ElementTree as SafeET

from boomi_listeners.testing import (
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_MOLECULE_NODES,
    DEMO_OTP_SECRET,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_READONLY_PASSWORD,
    DEMO_READONLY_USERNAME,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    OTP_MESSAGE,
    PROFILE_NAMES,
    PROFILES,
    PROGRESS_MESSAGE,
    RATE_LIMIT_MESSAGE,
    FakeBoomi,
    ManualClock,
    Profile,
)
from tests._fakes import api_client

JSON = {"Accept": "application/json"}
NS = "{http://api.platform.boomi.com/}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
MOLECULE_LISTENER = "f275232f-2285-544a-95cf-46861ae8e02f"  # sftp, listening, on the 3-node Molecule
QUERY_DELAY = 0.5
APPLY_DELAY = 3.0


def query_body(container_id: str, listener_id: str | None = None) -> dict[str, Any]:
    container = {"operator": "EQUALS", "property": "containerId", "argument": [container_id]}
    if listener_id is None:
        return {"QueryFilter": {"expression": container}}
    listener = {"operator": "EQUALS", "property": "listenerId", "argument": [listener_id]}
    return {"QueryFilter": {"expression": {"operator": "and", "nestedExpression": [listener, container]}}}


class Api:
    """A raw httpx client on the fake's ASGI app, with the fake's clock at hand."""

    def __init__(self, fake: FakeBoomi, clock: ManualClock, http: httpx.AsyncClient) -> None:
        self.fake, self.clock, self.http = fake, clock, http

    async def start(self, container_id: str, listener_id: str | None = None, **headers: str) -> str:
        started = await self.http.post(
            "/async/ListenerStatus/query", json=query_body(container_id, listener_id), headers={**JSON, **headers}
        )
        assert started.status_code == 200, started.text
        token: str = started.json()["asyncToken"]["token"]
        return token

    async def read(self, token: str, *, xml: bool = False) -> httpx.Response:
        return await self.http.get(f"/async/ListenerStatus/response/{token}", headers={} if xml else JSON)

    async def finished(self, container_id: str, listener_id: str | None = None) -> httpx.Response:
        token = await self.start(container_id, listener_id)
        self.clock.advance(self.fake.effective_query_delay)
        return await self.read(token)

    async def change(self, action: str, container_id: str, listener_id: str | None = None) -> httpx.Response:
        body = {"action": action, "containerId": container_id}
        if listener_id is not None:
            body["listenerId"] = listener_id
        return await self.http.post("/changeListenerStatus", json=body, headers=JSON)


def make_fake(profile: Profile | str, clock: ManualClock, **kwargs: Any) -> FakeBoomi:
    return FakeBoomi(
        profile=profile, apply_delay=APPLY_DELAY, restart_phase=1.0, query_delay=QUERY_DELAY, clock=clock, **kwargs
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(request: pytest.FixtureRequest, clock: ManualClock) -> FakeBoomi:
    """A fake speaking the profile the test names (an indirect ``fake`` parameter), or ``documented``."""
    return make_fake(getattr(request, "param", "documented"), clock)


@pytest.fixture
def api(fake: FakeBoomi, clock: ManualClock, fake_api: httpx.AsyncClient) -> Api:
    return Api(fake, clock, fake_api)


def rows(response: httpx.Response) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = response.json().get("result", [])
    return result


# -- the Profile object ---------------------------------------------------------------------------


def test_profile_names_are_exactly_the_agreed_ones() -> None:
    assert PROFILE_NAMES == (
        "documented",
        "http-202",
        "status-row",
        "empty-202",
        "read-once",
        "molecule",
        "unreported-wss",
        "slow-runtime",
        "rate-limited",
        "totp",
        "strict",
    )
    assert PROFILES["documented"] == Profile()
    for name in PROFILE_NAMES:
        assert Profile.parse(name).name == name
        assert PROFILES[name].name == name


def test_strict_is_every_other_profile_at_once() -> None:
    everything = Profile()
    for name in PROFILE_NAMES:
        if name not in ("documented", "strict"):
            everything = everything | PROFILES[name]
    assert everything == PROFILES["strict"]
    assert len(PROFILES["strict"].switches) == len(PROFILE_NAMES) - 2


def test_profiles_compose_and_parse() -> None:
    both = Profile.parse("http-202, molecule")
    assert both == PROFILES["http-202"] | PROFILES["molecule"] == Profile.parse("molecule+http-202")
    assert (both.http_202, both.molecule, both.status_row) == (True, True, False)
    assert both.name == "http-202,molecule"
    slow = dataclasses.replace(PROFILES["slow-runtime"], slow_query_seconds=30.0)
    assert (slow | PROFILES["slow-runtime"]).slow_query_seconds == 30.0, "the slower query wins"
    with pytest.raises(dataclasses.FrozenInstanceError):
        both.http_202 = False  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "stricter", "documented,nope", " , "])
def test_unknown_profile_names_are_refused_listing_the_choices(text: str) -> None:
    with pytest.raises(ValueError, match="documented, http-202"):
        Profile.parse(text)


def test_fake_accepts_a_profile_a_name_or_none(clock: ManualClock) -> None:
    assert FakeBoomi(clock=clock).profile == PROFILES["documented"]
    assert FakeBoomi(profile="read-once,totp", clock=clock).profile.switches == ("read-once", "totp")
    assert FakeBoomi(profile=PROFILES["molecule"], clock=clock).profile.molecule
    with pytest.raises(ValueError, match="unknown profile"):
        FakeBoomi(profile="fast")
    with pytest.raises(TypeError):
        FakeBoomi(profile=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="slow_query_seconds"):
        Profile(slow_runtime=True, slow_query_seconds=float("nan"))


# -- in-progress answers: documented, http-202, status-row ------------------------------------------


async def test_documented_in_progress_is_http_200_without_rows_or_count(api: Api) -> None:
    token = await api.start(DEMO_PROD_CONTAINER_ID)
    running = await api.read(token)
    assert running.status_code == 200
    assert running.json() == {"@type": "AsyncOperationResult", "responseStatusCode": 202}


@pytest.mark.parametrize("fake", ["http-202"], indirect=True)
async def test_http_202_answers_202_while_in_progress_then_200(api: Api) -> None:
    token = await api.start(DEMO_PROD_CONTAINER_ID)
    running = await api.read(token)
    assert running.status_code == 202
    assert running.json()["responseStatusCode"] == 202
    running_xml = await api.read(token, xml=True)
    assert running_xml.status_code == 202
    assert SafeET.fromstring(running_xml.content).get("responseStatusCode") == "202"
    api.clock.advance(QUERY_DELAY)
    done = await api.read(token)
    assert done.status_code == 200
    assert done.json()["responseStatusCode"] == 200
    assert len(rows(done)) == 4


@pytest.mark.parametrize("fake", ["status-row"], indirect=True)
async def test_status_row_carries_an_async_operation_status_row_while_in_progress(api: Api) -> None:
    token = await api.start(DEMO_PROD_CONTAINER_ID)
    running = await api.read(token)
    assert running.status_code == 200
    assert running.json() == {
        "@type": "AsyncOperationResult",
        "responseStatusCode": 202,
        "result": [{"@type": "AsyncOperationStatus", "message": PROGRESS_MESSAGE}],
    }
    root = SafeET.fromstring((await api.read(token, xml=True)).content)
    assert root.get("responseStatusCode") == "202"
    assert root.get("numberOfResults") is None
    [row] = root.findall(f"{NS}result")
    assert (row.get(XSI_TYPE), row.get("message")) == ("AsyncOperationStatus", PROGRESS_MESSAGE)
    api.clock.advance(QUERY_DELAY)
    done = await api.read(token)
    assert {row["@type"] for row in rows(done)} == {"ListenerStatus"}


# -- finished but empty: empty-202 -----------------------------------------------------------------


@pytest.mark.parametrize("fake", ["documented", "empty-202"], indirect=True)
async def test_empty_result_shape(api: Api) -> None:
    # A query naming a listener that is not on the runtime finishes with no rows.
    token = await api.start(DEMO_PROD_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
    running = await api.read(token)
    assert "numberOfResults" not in running.json(), "in progress never carries numberOfResults"
    api.clock.advance(QUERY_DELAY)
    empty = await api.read(token)
    empty_xml = SafeET.fromstring((await api.read(token, xml=True)).content)
    assert empty.status_code == 200
    expected_code = 202 if api.fake.profile.empty_202 else 200
    assert empty.json()["responseStatusCode"] == expected_code
    assert empty.json()["numberOfResults"] == 0
    assert rows(empty) == []
    assert empty_xml.get("responseStatusCode") == str(expected_code)
    assert empty_xml.get("numberOfResults") == "0"
    assert empty_xml.findall(f"{NS}result") == []
    # A result with rows is unchanged.
    assert (await api.finished(DEMO_PROD_CONTAINER_ID)).json()["responseStatusCode"] == 200


# -- token reads: read-once -----------------------------------------------------------------------


@pytest.mark.parametrize("fake", ["read-once"], indirect=True)
async def test_read_once_a_finished_token_answers_204_on_the_second_read(api: Api) -> None:
    token = await api.start(DEMO_PROD_CONTAINER_ID)
    assert (await api.read(token)).json()["responseStatusCode"] == 202
    assert (await api.read(token)).status_code == 200, "in-progress reads do not use the token up"
    api.clock.advance(QUERY_DELAY)
    first = await api.read(token)
    assert first.status_code == 200
    assert len(rows(first)) == 4
    again = await api.read(token)
    assert again.status_code == 204
    assert again.content == b""
    assert (await api.read(token, xml=True)).status_code == 204


@pytest.mark.parametrize("fake", ["read-once"], indirect=True)
async def test_read_once_a_token_is_gone_30_minutes_after_the_query(api: Api) -> None:
    token = await api.start(DEMO_PROD_CONTAINER_ID)
    api.clock.advance(1799.0)
    assert (await api.read(token)).status_code == 200
    other = await api.start(DEMO_PROD_CONTAINER_ID)
    api.clock.advance(1800.5)
    assert (await api.read(other)).status_code == 204, "never read, but deleted after 30 minutes"


async def test_documented_tokens_can_be_read_again(api: Api) -> None:
    done = await api.finished(DEMO_PROD_CONTAINER_ID)
    assert done.status_code == 200
    token = await api.start(DEMO_PROD_CONTAINER_ID)
    api.clock.advance(QUERY_DELAY)
    assert [(await api.read(token)).status_code for _ in range(3)] == [200, 200, 200]


# -- molecule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fake", ["molecule"], indirect=True)
async def test_molecule_answers_a_row_per_node_and_nodes_apply_at_different_times(api: Api) -> None:
    def statuses(response: httpx.Response) -> list[str]:
        found = [row["status"] for row in rows(response) if row["listenerId"] == MOLECULE_LISTENER]
        return found

    before = await api.finished(DEMO_MOLECULE_CONTAINER_ID)
    assert len(rows(before)) == 5 * DEMO_MOLECULE_NODES
    assert before.json()["numberOfResults"] == 5 * DEMO_MOLECULE_NODES
    assert statuses(before) == ["listening"] * DEMO_MOLECULE_NODES

    assert (await api.change("pause", DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER)).status_code == 200
    start = api.clock()
    # Node i applies after apply_delay * (1 + i/n): 3.0, 4.0 and 5.0 s here.
    api.clock.advance(APPLY_DELAY - api.clock() + start)
    seen = statuses(await api.finished(DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER))
    assert seen == ["paused", "listening", "listening"]
    assert api.fake.status_of(DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER) == "listening", "nodes disagree"
    api.clock.advance(start + APPLY_DELAY * (1 + 1 / 3) - api.clock())
    assert api.fake.node_statuses_of(DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER) == (
        "paused",
        "paused",
        "listening",
    )
    api.clock.advance(start + APPLY_DELAY * (1 + 2 / 3) - api.clock())
    seen = statuses(await api.finished(DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER))
    assert seen == ["paused"] * DEMO_MOLECULE_NODES
    assert api.fake.status_of(DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER) == "paused"
    # A single-node runtime still answers one row per listener.
    assert len(rows(await api.finished(DEMO_PROD_CONTAINER_ID))) == 4


@pytest.mark.parametrize("fake", ["molecule"], indirect=True)
async def test_molecule_restart_passes_through_each_node(api: Api) -> None:
    assert (await api.change("restart", DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER)).status_code == 200
    api.clock.advance(APPLY_DELAY)
    assert api.fake.node_statuses_of(DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER) == (
        "paused",
        "listening",
        "listening",
    )
    api.clock.advance(1.0)  # node 0 has finished its restart, node 1 begins its own
    assert api.fake.node_statuses_of(DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER) == (
        "listening",
        "paused",
        "listening",
    )
    api.clock.advance(10.0)
    assert api.fake.node_statuses_of(DEMO_MOLECULE_CONTAINER_ID, MOLECULE_LISTENER) == ("listening",) * 3


async def test_documented_molecule_answers_one_row_per_listener(api: Api) -> None:
    assert len(rows(await api.finished(DEMO_MOLECULE_CONTAINER_ID))) == 5


# -- unreported-wss ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fake", ["unreported-wss"], indirect=True)
async def test_unreported_wss_listeners_never_appear_but_changes_apply(api: Api) -> None:
    everyone = await api.finished(DEMO_PROD_CONTAINER_ID)
    assert [row["connectorType"] for row in rows(everyone)] == ["jms", "as2", "http"]
    assert (await api.change("pause", DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID)).status_code == 200
    api.clock.advance(APPLY_DELAY)
    assert api.fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused"
    alone = await api.finished(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID)
    assert alone.json() == {
        "@type": "AsyncOperationResult",
        "result": [],
        "numberOfResults": 0,
        "responseStatusCode": 200,
    }
    # The designated test listener is not a wss one: every profile reports it.
    assert len(rows(await api.finished(DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID))) == 1


# -- slow-runtime ------------------------------------------------------------------------------------


async def test_slow_runtime_keeps_queries_in_progress_for_seconds(clock: ManualClock) -> None:
    slow = dataclasses.replace(PROFILES["slow-runtime"], slow_query_seconds=45.0)
    fake = make_fake(slow, clock)
    assert fake.effective_query_delay == 45.0
    async with api_client(fake) as http:
        api = Api(fake, clock, http)
        token = await api.start(DEMO_PROD_CONTAINER_ID)
        clock.advance(44.9)
        assert (await api.read(token)).json()["responseStatusCode"] == 202
        clock.advance(0.1)
        assert (await api.read(token)).json()["responseStatusCode"] == 200
    assert make_fake("slow-runtime", clock).effective_query_delay == 5.0, "seconds by default, not milliseconds"


# -- rate-limited --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fake", ["rate-limited"], indirect=True)
async def test_rate_limited_allows_10_per_second_then_503_without_retry_after(api: Api) -> None:
    answers = [
        await api.http.post("/async/ListenerStatus/query", json=query_body(DEMO_PROD_CONTAINER_ID)) for _ in range(10)
    ]
    assert {a.status_code for a in answers} == {200}
    refused = await api.http.post("/async/ListenerStatus/query", json=query_body(DEMO_PROD_CONTAINER_ID), headers=JSON)
    assert refused.status_code == 503
    assert refused.json() == {"@type": "Error", "message": RATE_LIMIT_MESSAGE}
    assert "retry-after" not in refused.headers
    refused_xml = await api.change("pause", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
    assert refused_xml.status_code == 503
    assert "retry-after" not in refused_xml.headers
    api.clock.advance(1.0)
    assert (await api.change("pause", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)).status_code == 200


async def test_an_explicit_rate_limit_keeps_retry_after_under_documented(clock: ManualClock) -> None:
    fake = make_fake("documented", clock, rate_limit=1)
    async with api_client(fake) as http:
        await http.post("/async/ListenerStatus/query", json=query_body(DEMO_PROD_CONTAINER_ID))
        limited = await http.post("/async/ListenerStatus/query", json=query_body(DEMO_PROD_CONTAINER_ID))
    assert limited.status_code == 503
    assert limited.headers["retry-after"] == "1"


# -- totp ---------------------------------------------------------------------------------------------


class OtpClock:
    """The wall clock the fake checks TOTP codes against, settable by the test."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_totp_checks_a_30_second_code_per_user(clock: ManualClock) -> None:
    wall = OtpClock(1_700_000_015.0)
    fake = make_fake("totp", clock, otp_clock=wall)
    totp = pyotp.TOTP(DEMO_OTP_SECRET)

    async def query(otp: str | None, user: tuple[str, str] = (DEMO_USERNAME, DEMO_PASSWORD)) -> httpx.Response:
        headers = {**JSON, **({"X-Boomi-OTP": otp} if otp is not None else {})}
        async with api_client(fake, auth=user) as http:
            return await http.post(
                "/async/ListenerStatus/query", json=query_body(DEMO_PROD_CONTAINER_ID), headers=headers
            )

    missing = await query(None)
    assert missing.status_code == 401
    assert missing.json()["message"] == OTP_MESSAGE
    assert missing.headers["www-authenticate"] == 'Basic realm="Boomi"'
    assert (await query("000000" if totp.at(wall.now) != "000000" else "111111")).status_code == 401
    assert (await query("")).status_code == 401
    assert (await query(totp.at(wall.now))).status_code == 200
    assert (await query(totp.at(wall.now - 30))).status_code == 200, "the previous step is still accepted"
    assert (await query(totp.at(wall.now - 60))).status_code == 401, "older codes are stale"
    assert (await query(totp.at(wall.now + 30))).status_code == 401, "a code from the future is wrong"
    wall.now += 60
    assert (await query(totp.at(wall.now - 60))).status_code == 401, "a code goes stale as time passes"
    # A user without a TOTP secret has no two-factor authentication.
    assert (await query(None, (DEMO_READONLY_USERNAME, DEMO_READONLY_PASSWORD))).status_code == 200
    # Wrong credentials are refused whatever the code.
    assert (await query(totp.at(wall.now), (DEMO_USERNAME, "wrong"))).status_code == 401


@pytest.mark.parametrize("fake", ["documented"], indirect=True)
async def test_documented_does_not_check_otp(api: Api) -> None:
    assert (await api.change("pause", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)).status_code == 200


# -- strict -------------------------------------------------------------------------------------------


async def test_strict_speaks_every_reading_at_once(clock: ManualClock) -> None:
    wall = OtpClock(1_700_000_000.0)
    fake = make_fake("strict", clock, otp_clock=wall)
    code = pyotp.TOTP(DEMO_OTP_SECRET).at(wall.now)
    async with api_client(fake, headers={"X-Boomi-OTP": code}) as http:
        api = Api(fake, clock, http)
        token = await api.start(DEMO_MOLECULE_CONTAINER_ID)
        clock.advance(4.9)
        running = await api.read(token)
        assert running.status_code == 202
        assert rows(running) == [{"@type": "AsyncOperationStatus", "message": PROGRESS_MESSAGE}]
        clock.advance(0.1)
        done = await api.read(token)
        assert done.status_code == 200
        assert {row["connectorType"] for row in rows(done)} == {"sftp", "jms", "mail", "kafka"}
        assert len(rows(done)) == 4 * DEMO_MOLECULE_NODES
        assert (await api.read(token)).status_code == 204
        empty = await api.finished(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID)
        assert empty.json() == {"@type": "AsyncOperationResult", "numberOfResults": 0, "responseStatusCode": 202}
        http.headers.pop("X-Boomi-OTP")
        assert (await api.change("pause", DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)).status_code == 401
