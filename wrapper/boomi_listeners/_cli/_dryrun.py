"""``--dry-run``: the requests a command would send, built by the client's own code, never sent.

Credentials are masked: the Authorization header shows only the user name,
and the one-time password header only that it is there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from boomi_listeners._actions import Action, Scope
from boomi_listeners._config import Settings

# The client's request builders (boomi_listeners._protocol) are imported by the functions that use them:
# a dry run needs them, `--help` does not.

__all__ = ["PlannedRequest", "change_requests", "status_requests", "statuses_requests"]

MASK = "*****"


@dataclass(frozen=True)
class PlannedRequest:
    """One request as it would go on the wire (headers masked)."""

    method: str
    url: str
    headers: dict[str, str]
    body: dict[str, Any] | None = None
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"method": self.method, "url": self.url, "headers": self.headers, "json": self.body, "note": self.note}


def _headers(settings: Settings, *, with_body: bool) -> dict[str, str]:
    from boomi_listeners import _auth

    headers = dict(_auth.headers(settings))
    if settings.otp is not None or settings.otp_secret is not None:  # added per request by the client's auth
        headers["X-Boomi-OTP"] = MASK
    headers["Authorization"] = f"Basic {MASK} (user {settings.username}, secret masked)"
    if with_body:
        headers["Content-Type"] = "application/json"
    return dict(sorted(headers.items()))


def _post(settings: Settings, path: str, body: dict[str, Any], note: str = "") -> PlannedRequest:
    return PlannedRequest("POST", settings.api_root + path, _headers(settings, with_body=True), body, note)


def status_requests(
    settings: Settings, container_id: str, listener_id: str | None, until: str = ""
) -> list[PlannedRequest]:
    """The ListenerStatus query and the poll of its token (repeated until complete, or ``until``)."""
    from boomi_listeners import _protocol

    query = _protocol.query_body(container_id, listener_id).to_dict()
    poll = "repeated until the query is complete" + (f", then the query is repeated until {until}" if until else "")
    return [
        _post(settings, _protocol.QUERY_PATH, query),
        PlannedRequest(
            "GET", settings.api_root + _protocol.RESPONSE_PATH, _headers(settings, with_body=False), note=poll
        ),
    ]


def statuses_requests(
    settings: Settings, container_ids: Sequence[str], listener_id: str | None, until: str = ""
) -> list[PlannedRequest]:
    """:func:`status_requests` for each runtime, in the order given."""
    return [r for container_id in container_ids for r in status_requests(settings, container_id, listener_id, until)]


def change_requests(
    settings: Settings,
    action: Action,
    container_ids: Sequence[str],
    listener_ids: Sequence[str] | None,
    *,
    wait: bool,
    timeout: float,
) -> list[PlannedRequest]:
    """Every runtime's changes (one request per listener, or one ``*_all``), then the status polls of ``--wait``."""
    from boomi_listeners import _protocol

    planned = [
        r
        for container_id in container_ids
        for r in _one_runtime(settings, action, container_id, listener_ids, wait=wait, timeout=timeout)
    ]
    # As they are sent: every change first, then the confirmation queries (one per runtime per round).
    changes = [r for r in planned if r.url.endswith(_protocol.CHANGE_PATH)]
    return changes + [r for r in planned if not r.url.endswith(_protocol.CHANGE_PATH)]


def _one_runtime(
    settings: Settings,
    action: Action,
    container_id: str,
    listener_ids: Sequence[str] | None,
    *,
    wait: bool,
    timeout: float,
) -> list[PlannedRequest]:
    from boomi_listeners import _protocol

    if listener_ids is None:
        scoped = action.with_scope(Scope.ALL)
        planned = [_post(settings, _protocol.CHANGE_PATH, _protocol.change_body(scoped, container_id, None).to_dict())]
        waited = f"every listener on the runtime is {action.leads_to}"
    else:
        planned = [
            _post(settings, _protocol.CHANGE_PATH, _protocol.change_body(action, container_id, listener_id).to_dict())
            for listener_id in listener_ids
        ]
        waited = f"{'each listener' if len(listener_ids) > 1 else 'the listener'} is {action.leads_to}"
    if wait:
        one = listener_ids[0] if listener_ids is not None and len(listener_ids) == 1 else None
        planned += status_requests(settings, container_id, one, f"{waited} (at most {timeout:g}s)")
    return planned
