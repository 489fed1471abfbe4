"""Action semantics: what each action means, and invalid requests never reach the network."""

from __future__ import annotations

import httpx
import pytest

from boomi_listeners import Action, AsyncListenerClient, InvalidRequestError, ListenerClient, Scope

SINGLE = [Action.PAUSE, Action.RESUME, Action.RESTART]
ALL = [Action.PAUSE_ALL, Action.RESUME_ALL, Action.RESTART_ALL]


def _refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request may be sent, got {request.method} {request.url}")


@pytest.fixture
def offline_client() -> ListenerClient:
    return ListenerClient(
        account_id="acct", username="user", password="pw", base_url="http://boomi.test",
        transport=httpx.MockTransport(_refuse),
    )  # fmt: skip


def test_enum_values_match_boomi() -> None:
    assert [a.value for a in Action] == ["restart", "restart_all", "pause", "pause_all", "resume", "resume_all"]


@pytest.mark.parametrize(
    ("action", "scope", "leads_to", "inverse"),
    [
        (Action.PAUSE, Scope.ONE, "paused", Action.RESUME),
        (Action.PAUSE_ALL, Scope.ALL, "paused", Action.RESUME_ALL),
        (Action.RESUME, Scope.ONE, "listening", Action.PAUSE),
        (Action.RESUME_ALL, Scope.ALL, "listening", Action.PAUSE_ALL),
        (Action.RESTART, Scope.ONE, "listening", None),
        (Action.RESTART_ALL, Scope.ALL, "listening", None),
    ],
)
def test_action_meaning(action: Action, scope: Scope, leads_to: str, inverse: Action | None) -> None:
    assert action.scope is scope
    assert action.leads_to == leads_to
    assert action.inverse is inverse
    assert action.is_idempotent is (not action.value.startswith("restart"))


# The validation table: 6 actions x (listener given / not given) x (container given / missing).
@pytest.mark.parametrize("action", SINGLE + ALL)
@pytest.mark.parametrize("listener_id", ["L-1", None])
@pytest.mark.parametrize("container_id", ["C-1", None, "", "   "])
def test_validation_table(
    offline_client: ListenerClient, action: Action, listener_id: str | None, container_id: str | None
) -> None:
    valid = bool(container_id and container_id.strip()) and ((listener_id is not None) == (action in SINGLE))
    if valid:
        action.validate(container_id=container_id, listener_id=listener_id)
        return
    with pytest.raises(InvalidRequestError) as caught:
        offline_client.change(action, container_id=container_id, listener_id=listener_id)  # type: ignore[arg-type]
    error = caught.value
    assert isinstance(error, ValueError)
    expected_field = "container_id" if not (container_id and container_id.strip()) else "listener_id"
    assert error.field == expected_field
    assert expected_field in str(error)


def test_errors_suggest_the_other_scope(offline_client: ListenerClient) -> None:
    with pytest.raises(InvalidRequestError, match="pause_all"):
        offline_client.change(Action.PAUSE, container_id="C")
    with pytest.raises(InvalidRequestError, match="'pause'"):
        offline_client.change(Action.PAUSE_ALL, container_id="C", listener_id="L")


def test_unknown_action_string_names_allowed_values(offline_client: ListenerClient) -> None:
    with pytest.raises(InvalidRequestError, match="restart, restart_all, pause"):
        offline_client.change("stop", container_id="C", listener_id="L")
    assert Action.parse("pause") is Action.PAUSE


def test_change_many_validates_every_target_before_sending(offline_client: ListenerClient) -> None:
    targets = [("pause", "C", "L1"), {"action": "pause_all", "container_id": "C", "listener_id": "L2"}]
    with pytest.raises(InvalidRequestError, match=r"targets\[1\]: listener_id must be None") as caught:
        offline_client.change_many(targets)
    assert caught.value.field == "targets[1].listener_id"


def test_status_query_needs_container(offline_client: ListenerClient) -> None:
    with pytest.raises(InvalidRequestError, match="container_id"):
        offline_client.statuses(container_id="")


async def test_async_client_validates_before_sending() -> None:
    async def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be sent")

    async with AsyncListenerClient(
        account_id="acct", username="user", password="pw", base_url="http://boomi.test",
        transport=httpx.MockTransport(refuse),
    ) as client:  # fmt: skip
        with pytest.raises(InvalidRequestError, match="listener_id must be a non-empty string; got None"):
            await client.change(Action.RESTART, container_id="C")
        with pytest.raises(InvalidRequestError, match="container_id"):
            await client.pause_all(container_id="")
