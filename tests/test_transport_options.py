"""How the clients reach Boomi: proxies from the environment or ``proxy=``, TLS ``verify=``, a caller's httpx client.

A tiny forward proxy on loopback stands between the client and the fake, so a
test sees whether a request really went through it.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest

from boomi_listeners import (
    APIConnectionError,
    AsyncListenerClient,
    ConfigurationError,
    ListenerClient,
    PollPolicy,
    RetryPolicy,
)
from boomi_listeners._tls_and_proxies import environment_proxy
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    demo_state,
    serve,
)
from boomi_listeners.testing.sync_asgi import SyncASGITransport
from tests.fixtures.loopback_proxy import ProxyServer, running_proxy

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
FAST = {"retry": RetryPolicy(attempts=3, wait_initial=0.0, wait_max=0.0, wait_jitter=0.0), "poll": PollPolicy(0.01)}
CLIENTS = [ListenerClient, AsyncListenerClient]


@pytest.fixture
def proxy() -> Iterator[ProxyServer]:
    with running_proxy() as server:
        yield server


def proxy_url(server: ProxyServer) -> str:
    return server.url


@pytest.fixture
def fake_url() -> Iterator[str]:
    with serve(FakeBoomi(state=demo_state(), apply_delay=0.0)) as base_url:
        yield base_url


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every test from an environment without proxy variables (in either case)."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def pause(client_type: type[Any], base_url: str, **options: Any) -> None:
    """Pause the demo listener with a sync or async client built with ``options``."""
    settings = {"account_id": DEMO_ACCOUNT_ID, "username": DEMO_USERNAME, "password": DEMO_PASSWORD}
    if client_type is ListenerClient:
        with ListenerClient(**settings, base_url=base_url, **{**FAST, **options}) as client:
            client.pause(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID)
        return

    async def run() -> None:
        async with AsyncListenerClient(**settings, base_url=base_url, **{**FAST, **options}) as client:
            await client.pause(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID)

    asyncio.run(run())


# -- proxies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("client_type", CLIENTS)
def test_http_proxy_from_the_environment_carries_the_request(
    client_type: type[Any], proxy: ProxyServer, fake_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy_url(proxy))

    pause(client_type, fake_url)

    assert proxy.seen == [f"POST {fake_url}/api/rest/v1/{DEMO_ACCOUNT_ID}/changeListenerStatus"]


@pytest.mark.parametrize("client_type", CLIENTS)
def test_https_proxy_from_the_environment_is_asked_for_a_tunnel(
    client_type: type[Any], proxy: ProxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy_url(proxy))

    # The host is never resolved: the client only talks to the proxy, which refuses the tunnel.
    with pytest.raises(APIConnectionError):
        pause(client_type, "https://api.boomi.invalid", retry=RetryPolicy.none())

    assert proxy.seen == ["CONNECT api.boomi.invalid:443"]


@pytest.mark.parametrize("client_type", CLIENTS)
def test_no_proxy_and_trust_env_false_go_direct(
    client_type: type[Any], proxy: ProxyServer, fake_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy_url(proxy))
    pause(client_type, fake_url, trust_env=False)
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    pause(client_type, fake_url)

    assert proxy.seen == []


@pytest.mark.parametrize("client_type", CLIENTS)
def test_explicit_proxy_wins_over_the_environment(
    client_type: type[Any], proxy: ProxyServer, fake_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "*")

    pause(client_type, fake_url, proxy=proxy_url(proxy))

    assert len(proxy.seen) == 1


def test_environment_proxy_follows_scheme_all_proxy_and_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "proxy.corp:3128")
    monkeypatch.setenv("ALL_PROXY", "http://fallback.corp:8080")
    monkeypatch.setenv("NO_PROXY", ".internal.example")

    assert environment_proxy("https://api.boomi.com") == "http://proxy.corp:3128"
    assert environment_proxy("http://127.0.0.1:8080") == "http://fallback.corp:8080"
    assert environment_proxy("https://boomi.internal.example") is None


# -- TLS verification ------------------------------------------------------------------------------


def _ssl_context(client: ListenerClient | AsyncListenerClient) -> ssl.SSLContext:
    inner = client._http._transport  # type: ignore[attr-defined]
    while not hasattr(inner, "_pool"):  # past our logging and request-budget wrappers
        inner = inner._inner
    context: ssl.SSLContext = inner._pool._ssl_context
    return context


@pytest.mark.parametrize("client_type", CLIENTS)
def test_verify_takes_a_ca_bundle_path_or_an_ssl_context(client_type: type[Any], tmp_path: Path) -> None:
    settings = {"account_id": "a", "username": "u", "password": "p"}
    bundle = tmp_path / "corporate-roots.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes())
    own = ssl.create_default_context()

    from_path = client_type(**settings, verify=str(bundle))
    from_pathlike = client_type(**settings, verify=bundle)
    from_context = client_type(**settings, verify=own)
    unverified = client_type(**settings, verify=False)

    assert _ssl_context(from_path).verify_mode is ssl.CERT_REQUIRED
    assert _ssl_context(from_path).get_ca_certs(), "the bundle's roots are loaded"
    assert _ssl_context(from_pathlike).get_ca_certs()
    assert _ssl_context(from_context) is own
    assert _ssl_context(unverified).verify_mode is ssl.CERT_NONE


@pytest.mark.parametrize("client_type", CLIENTS)
def test_bad_connection_options_fail_before_any_request(client_type: type[Any], tmp_path: Path) -> None:
    settings = {"account_id": "a", "username": "u", "password": "p"}
    user_client = httpx.Client() if client_type is ListenerClient else httpx.AsyncClient()
    wrong_client = httpx.AsyncClient() if client_type is ListenerClient else httpx.Client()

    with pytest.raises(ConfigurationError, match="does not exist"):
        client_type(**settings, verify=tmp_path / "missing.pem")
    with pytest.raises(TypeError, match="verify must be"):
        client_type(**settings, verify=1)
    with pytest.raises(ValueError, match="http_client alone"):
        client_type(**settings, http_client=user_client, proxy="http://proxy:3128")
    with pytest.raises(ValueError, match="http_client alone"):
        client_type(**settings, http_client=user_client, verify=False)
    with pytest.raises(TypeError, match="http_client must be"):
        client_type(**settings, http_client=wrong_client)
    with pytest.raises(ValueError, match="either transport or proxy"):
        client_type(**settings, transport=httpx.MockTransport(lambda r: httpx.Response(200)), proxy="http://p:1")


# -- a caller's own httpx client -------------------------------------------------------------------


def test_sync_http_client_is_used_with_our_log_retries_and_redaction(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeBoomi(state=demo_state(), apply_delay=0.0)
    fake.faults.fail_next(1, status=503)
    hooked: list[str] = []
    with SyncASGITransport(fake.app) as transport:
        user_client = httpx.Client(transport=transport, event_hooks={"request": [lambda r: hooked.append(r.url.path)]})
        caplog.set_level(logging.DEBUG, logger="boomi_listeners")
        with ListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url="http://boomi.fake",
            http_client=user_client, **FAST,
        ) as client:  # fmt: skip
            client.pause(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID)

        assert not user_client.is_closed, "the caller's client stays the caller's"
        user_client.close()
    path = f"/api/rest/v1/{DEMO_ACCOUNT_ID}/changeListenerStatus"
    assert hooked == [path, path], "retried through the caller's client after the 503"
    assert fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused"
    assert [r.getMessage() for r in caplog.records if "changeListenerStatus" in r.getMessage()][-1].startswith(
        f"POST {path} -> 200"
    )
    assert DEMO_PASSWORD not in caplog.text


async def test_async_http_client_is_used_with_our_log_retries_and_redaction(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeBoomi(state=demo_state(), apply_delay=0.0)
    fake.faults.fail_next(1, status=503)
    hooked: list[str] = []

    async def hook(request: httpx.Request) -> None:
        hooked.append(request.url.path)

    caplog.set_level(logging.DEBUG, logger="boomi_listeners")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=fake.app), event_hooks={"request": [hook]}
    ) as user_client:
        async with AsyncListenerClient(
            account_id=DEMO_ACCOUNT_ID, username=DEMO_USERNAME, password=DEMO_PASSWORD, base_url="http://boomi.fake",
            http_client=user_client, **FAST,
        ) as client:  # fmt: skip
            await client.pause(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID)
        assert not user_client.is_closed

    path = f"/api/rest/v1/{DEMO_ACCOUNT_ID}/changeListenerStatus"
    assert hooked == [path, path]
    assert fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused"
    assert f"POST {path} -> 503" in caplog.text
    assert DEMO_PASSWORD not in caplog.text
