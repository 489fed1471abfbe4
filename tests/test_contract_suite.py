"""The contract suite can fail: its checks catch deliberately broken providers and consumers.

Each broken provider is a small ASGI middleware around a real fake's app, served on loopback; the
suite's own helpers (:class:`contract_tests._provider.ProviderSchemas`, whose ``send`` runs
Schemathesis' checks) are run against it, and the failure must come from the right check. A
healthy fake run the same way must pass, so the helpers cannot simply always fail. The consumer
side feeds requests from broken clients to the suite's request validator.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.core.failures import Failure, FailureGroup

from boomi_listeners import BoomiError, ListenerClient, RetryPolicy
from boomi_listeners.testing import (
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    RecordedRequest,
)
from boomi_listeners_api.api.change_listener_status import update_listener_status
from boomi_listeners_api.client import AuthenticatedClient
from boomi_listeners_api.models import ChangeListenerStatusRequest, ListenerAction
from contract_tests._consumer import RequestValidator, recorded
from contract_tests._provider import CHANGE, QUERY, RESULT, ProviderSchemas
from contract_tests._target import Target, new_fake, served_fake_target

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
ResponseEdit = Callable[[Scope, int, list[tuple[bytes, bytes]], bytes], tuple[int, bytes]]

VALID_ACTIONS = {"pause", "resume", "restart", "pause_all", "resume_all", "restart_all"}


# -- broken providers: ASGI middleware around a real fake ---------------------------------------------


def rewriting_responses(app: ASGIApp, edit: ResponseEdit) -> ASGIApp:
    """Middleware that lets ``edit`` replace the status and body of every answer."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            status, body = edit(scope, int(start["status"]), headers, b"".join(chunks))
            headers.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await app(scope, receive, capture)

    return middleware


def token_result_without_async_token(app: ASGIApp) -> ASGIApp:
    """The query answers 200 with a body that lacks its required ``asyncToken``."""

    def edit(scope: Scope, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple[int, bytes]:
        if scope["path"].endswith("/async/ListenerStatus/query") and status == 200 and body.startswith(b"{"):
            data = json.loads(body)
            data.pop("asyncToken", None)
            return status, json.dumps(data).encode()
        return status, body

    return rewriting_responses(app, edit)


def accepted_with_202(app: ASGIApp) -> ASGIApp:
    """An accepted change answers 202, a status the spec does not document."""

    def edit(scope: Scope, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple[int, bytes]:
        if scope["path"].endswith("/changeListenerStatus") and status == 200:
            return 202, body
        return status, body

    return rewriting_responses(app, edit)


def action_of(body: bytes) -> object:
    """The action a JSON or XML change request carries; None when it carries none."""
    try:
        data = json.loads(body)
    except ValueError:
        found = re.search(rb'\baction="([^"]*)"', body)
        return found.group(1).decode("utf-8", "replace") if found else None
    return data.get("action") if isinstance(data, dict) else None


def accepting_any_action(app: ASGIApp) -> ASGIApp:
    """A change with an action outside the enum (``"explode"``, ``7``...) is answered 200."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/changeListenerStatus"):
            await app(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        if action_of(body) not in VALID_ACTIONS | {None}:
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await app(scope, replay, send)

    return middleware


def without_auth_check(app: ASGIApp) -> ASGIApp:
    """Every request is treated as the demo user's, whatever credentials it carries (or none)."""
    valid = b"Basic " + base64.b64encode(f"{DEMO_USERNAME}:{DEMO_PASSWORD}".encode())

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
            scope = {**scope, "headers": [*headers, (b"authorization", valid)]}
        await app(scope, receive, send)

    return middleware


@contextmanager
def serve_broken(wrap: Callable[[ASGIApp], ASGIApp]) -> Iterator[Target]:
    """Serve a demo fake whose app is wrapped in a breaking middleware."""
    fake = new_fake()
    fake.app = wrap(fake.app)  # type: ignore[assignment]
    with served_fake_target(fake) as target:
        yield target


def provider_failures(
    target: Target, operation: str, mode: GenerationMode, *, max_examples: int = 25, seed_token: bool = False
) -> list[Failure]:
    """Run the suite's provider checks for one operation; return every failure they reported."""
    schemas = ProviderSchemas(target.designation, max_examples=max_examples)
    if seed_token:
        schemas.ensure_token(target)
    method, path = operation.split(" ", 1)
    strategy = schemas.schema(mode)[path][method].as_strategy(generation_mode=mode)
    found: list[Failure] = []
    reports: list[str] = []

    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Case[Any]) -> None:
        try:
            schemas.send(case, target)
        except FailureGroup as group:
            found.extend(group.exceptions)
            reports.append(str(group))

    run()
    assert all("curl" in report for report in reports), "every failure report must carry a curl reproduction"
    return found


def reported_by(failures: list[Failure]) -> set[str]:
    return {check for failure in failures for check in failure.checks}


# -- a healthy fake passes; each broken one is caught by the right check ------------------------------


@pytest.mark.parametrize(
    ("operation", "mode"),
    [
        (CHANGE, GenerationMode.POSITIVE),
        (QUERY, GenerationMode.POSITIVE),
        (RESULT, GenerationMode.POSITIVE),
        (CHANGE, GenerationMode.NEGATIVE),
        (QUERY, GenerationMode.NEGATIVE),
    ],
)
def test_healthy_fake_passes(operation: str, mode: GenerationMode) -> None:
    with served_fake_target() as target:
        assert provider_failures(target, operation, mode, max_examples=15, seed_token=True) == []


def test_missing_async_token_is_caught_by_response_schema_conformance() -> None:
    with serve_broken(token_result_without_async_token) as target:
        failures = provider_failures(target, QUERY, GenerationMode.POSITIVE)
    assert "response_schema_conformance" in reported_by(failures)
    assert any("asyncToken" in failure.message for failure in failures)


def test_undocumented_status_is_caught_by_status_code_conformance() -> None:
    with serve_broken(accepted_with_202) as target:
        failures = provider_failures(target, CHANGE, GenerationMode.POSITIVE)
    assert "status_code_conformance" in reported_by(failures)
    assert any("202" in failure.message for failure in failures)


def test_accepting_an_invalid_action_is_caught_by_negative_data_rejection() -> None:
    with serve_broken(accepting_any_action) as target:
        answer = httpx.post(
            f"{target.api_root}/changeListenerStatus",
            json={"action": "explode", "containerId": target.container_id},
            headers={"Authorization": target.authorization, "Accept": "application/json"},
        )
        assert answer.status_code == 200  # the variant is broken as intended
        failures = provider_failures(target, CHANGE, GenerationMode.NEGATIVE, max_examples=40)
    assert "negative_data_rejection" in reported_by(failures)


def test_missing_auth_check_is_caught_by_ignored_auth() -> None:
    with serve_broken(without_auth_check) as target:
        assert httpx.get(f"{target.api_root}/async/ListenerStatus/response/x").status_code == 404  # not 401
        failures = provider_failures(target, QUERY, GenerationMode.POSITIVE)
    assert "ignored_auth" in reported_by(failures)


# -- consumer side: broken clients are caught by the request validator ------------------------------


@pytest.fixture
def consumer_fake() -> Iterator[tuple[FakeBoomi, Target, RequestValidator]]:
    with served_fake_target() as target:
        assert target.fake is not None
        yield target.fake, target, RequestValidator(target.settings.base_url)


def test_generated_client_omitting_container_id_is_caught(
    consumer_fake: tuple[FakeBoomi, Target, RequestValidator],
) -> None:
    fake, target, validator = consumer_fake
    user, secret = target.settings.username, target.settings.secret.reveal()
    client = AuthenticatedClient(
        base_url=target.api_root,
        token=base64.b64encode(f"{user}:{secret}".encode()).decode(),
        prefix="Basic",
        headers={"Accept": "application/json"},
    )
    body = ChangeListenerStatusRequest(action=ListenerAction.PAUSE, listener_id=DEMO_PROD_LISTENER_ID)
    with client:
        update_listener_status.sync_detailed(client=client, body=body)
    (request,) = recorded(fake, 1)
    problems = validator.problems(request)
    assert problems, "a change without containerId must not pass the consumer validation"
    assert "containerId" in problems[0]
    assert problems[0].startswith("Boomi's documented rules")
    with pytest.raises(AssertionError, match="containerId"):
        validator.check([request])


class DroppingContainerId(httpx.HTTPTransport):
    """A client regression: the wrapper's requests lose the runtime they are about."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.content:
            data = json.loads(request.content)
            if "containerId" in data:
                del data["containerId"]
            expression = data.get("QueryFilter", {}).get("expression", {})
            if "nestedExpression" in expression:
                expression["nestedExpression"] = [
                    e for e in expression["nestedExpression"] if e.get("property") != "containerId"
                ]
            elif expression.get("property") == "containerId":
                expression["property"] = "listenerId"
            content = json.dumps(data).encode()
            headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
            request = httpx.Request(request.method, request.url, headers=headers, content=content)
        return super().handle_request(request)


def test_wrapper_that_omits_container_id_is_caught(consumer_fake: tuple[FakeBoomi, Target, RequestValidator]) -> None:
    fake, target, validator = consumer_fake
    client = ListenerClient(settings=target.settings, retry=RetryPolicy.none(), transport=DroppingContainerId())
    with client:
        with pytest.raises(BoomiError):
            client.pause(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID)
        with pytest.raises(BoomiError):
            client.statuses(container_id=DEMO_PROD_CONTAINER_ID, listener_id=DEMO_PROD_LISTENER_ID)
    requests = recorded(fake, 2)
    assert [bool(validator.problems(r)) for r in requests] == [True, True]
    with pytest.raises(AssertionError, match="2 problem"):
        validator.check(requests)


def test_client_without_accept_json_or_outside_the_schema_is_caught(
    consumer_fake: tuple[FakeBoomi, Target, RequestValidator],
) -> None:
    fake, target, validator = consumer_fake
    auth = {"Authorization": target.authorization}
    query = {"QueryFilter": {"expression": {"operator": "EQUALS", "property": "containerId", "argument": ["x"]}}}
    httpx.post(f"{target.api_root}/async/ListenerStatus/query", json=query, headers=auth)
    httpx.post(
        f"{target.api_root}/changeListenerStatus",
        json={"action": "explode", "containerId": DEMO_PROD_CONTAINER_ID},
        headers={**auth, "Accept": "application/json"},
    )
    httpx.get(f"{target.api_root}/async/ListenerStatus/response/x", headers={"Accept": "application/json"})
    no_accept, bad_action, no_auth = recorded(fake, 3)
    assert any("Accept" in p for p in validator.problems(no_accept))
    assert any(p.startswith("effective spec") and "explode" in p for p in validator.problems(bad_action))
    assert any("Security" in p for p in validator.problems(no_auth))


@given(st.sampled_from(sorted(VALID_ACTIONS)))
@settings(max_examples=6, deadline=None)
def test_validator_accepts_what_boomi_documents(action: str) -> None:
    """Control: well-formed requests of every action pass, so the validator is not simply strict."""
    validator = RequestValidator("http://127.0.0.1:1")
    body: dict[str, str] = {"action": action, "containerId": DEMO_PROD_CONTAINER_ID}
    if not action.endswith("_all"):
        body["listenerId"] = DEMO_PROD_LISTENER_ID
    request = RecordedRequest(
        method="POST",
        path="/api/rest/v1/acct/changeListenerStatus",
        query="",
        headers={"authorization": "Basic ***", "accept": "application/json", "content-type": "application/json"},
        body=json.dumps(body).encode(),
        content_type="application/json",
        status=200,
    )
    assert validator.problems(request) == []
