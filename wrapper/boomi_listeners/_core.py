"""What the sync and async clients share: request bodies, answers, errors.

Everything here is free of I/O, so the two clients differ only in how they
send, sleep and wait.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Sequence
from typing import Any, TypeVar

import httpx

from boomi_listeners import __version__
from boomi_listeners._actions import Action, ListenerStatusValue
from boomi_listeners._config import Settings
from boomi_listeners._error_body import error_message
from boomi_listeners._exceptions import (
    APIConnectionError,
    APITimeoutError,
    BoomiError,
    InvalidRequestError,
    WaitTimeoutError,
    error_for_status,
)
from boomi_listeners._results import ListenerState
from boomi_listeners_api.client import AuthenticatedClient
from boomi_listeners_api.models import (
    ChangeListenerStatusRequest,
    Error,
    ListenerAction,
    ListenerStatusAsyncResponse,
    ListenerStatusGroupingExpression,
    ListenerStatusQueryConfig,
    ListenerStatusSimpleExpression,
    QueryFilter,
)
from boomi_listeners_api.models import (
    GroupingExpressionOperator as Grouping,
)
from boomi_listeners_api.models import (
    SimpleExpressionOperator as Operator,
)
from boomi_listeners_api.models import (
    SimpleExpressionProperty as Property,
)
from boomi_listeners_api.types import Response, Unset

__all__ = [
    "UnexpectedResponseError",
    "all_settled",
    "basic_auth",
    "change_body",
    "check",
    "describe",
    "generated_client",
    "headers",
    "invalid",
    "parsed_or_raise",
    "query_body",
    "states_from",
    "transport_error",
    "wait_timeout",
]

T = TypeVar("T")

CHANGE_PATH = "/changeListenerStatus"
QUERY_PATH = "/async/ListenerStatus/query"
RESPONSE_PATH = "/async/ListenerStatus/response/{token}"

# httpx errors after which the request cannot have reached the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


class UnexpectedResponseError(BoomiError):
    """A success status with a body that does not match the spec."""


def headers(settings: Settings) -> dict[str, str]:
    """Headers sent with every request.

    Boomi answers in XML unless asked for JSON, and the generated client parses
    JSON only, so every request says ``Accept: application/json``.
    """
    result = {"Accept": "application/json", "User-Agent": f"boomi-listeners/{__version__}"}
    if settings.otp is not None:
        result["X-Boomi-OTP"] = settings.otp.reveal()
    return result


def generated_client(settings: Settings) -> AuthenticatedClient:
    # The generated AuthenticatedClient knows bearer tokens only; Boomi uses HTTP
    # basic auth, which the httpx client we attach carries instead.
    return AuthenticatedClient(base_url=settings.api_root, token="", prefix="")


def basic_auth(settings: Settings) -> httpx.BasicAuth:
    return httpx.BasicAuth(settings.username, settings.secret.reveal())


def change_body(action: Action, container_id: str, listener_id: str | None) -> ChangeListenerStatusRequest:
    action.validate(container_id=container_id, listener_id=listener_id)
    body = ChangeListenerStatusRequest(action=ListenerAction(action.value), container_id=container_id)
    if listener_id is not None:
        body.listener_id = listener_id
    return body


def query_body(container_id: str, listener_id: str | None) -> ListenerStatusQueryConfig:
    """A filter on the runtime (Boomi requires it), narrowed to one listener if given."""
    if not isinstance(container_id, str) or not container_id.strip():
        raise invalid("container_id is required to read listener status: pass the runtime's ID", "container_id")
    container = ListenerStatusSimpleExpression(
        operator=Operator.EQUALS, property_=Property.CONTAINERID, argument=[container_id]
    )
    expression: ListenerStatusSimpleExpression | ListenerStatusGroupingExpression = container
    if listener_id is not None:
        if not isinstance(listener_id, str) or not listener_id.strip():
            raise invalid("listener_id must be a non-empty string or None", "listener_id")
        listener = ListenerStatusSimpleExpression(
            operator=Operator.EQUALS, property_=Property.LISTENERID, argument=[listener_id]
        )
        expression = ListenerStatusGroupingExpression(operator=Grouping.AND, nested_expression=[listener, container])
    return ListenerStatusQueryConfig(query_filter=QueryFilter(expression=expression))


def invalid(message: str, field: str) -> InvalidRequestError:
    return InvalidRequestError(message, field=field)


def wait_timeout(
    container_id: str, listener_id: str | None, status: str, timeout: float, last: Any
) -> WaitTimeoutError:
    what = f"listener {listener_id}" if listener_id else "every listener"
    seen = _describe_last(last)
    return WaitTimeoutError(
        f"{what} on container {container_id} did not reach {status!r} within {timeout:g}s; last seen: {seen}",
        last_state=last,
        expected=str(status),
    )


def _describe_last(last: Any) -> str:
    if last is None:
        return "nothing (the listener was not in the result)"
    if isinstance(last, ListenerState):
        return last.status
    return ", ".join(f"{s.listener_id}={s.status}" for s in last) or "no listeners"


def all_settled(states: Sequence[ListenerState], status: str) -> bool:
    """Every listener has ``status``, or is errored (waiting on an errored listener would never end)."""
    return all(s.status in (status, ListenerStatusValue.ERRORED) for s in states)


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds, from either of its two HTTP forms."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(parsed.timestamp() - time.time(), 0.0) if parsed is not None else None


def check(response: Response[Any], method: str, path: str) -> None:
    """Raise the matching APIError for a non-2xx response."""
    status = int(response.status_code)
    if status < 400:
        return
    parsed = response.parsed
    message = parsed.message if isinstance(parsed, Error) else _fallback_message(response)
    raise error_for_status(
        status, message, method=method, path=path, retry_after=_retry_after(response.headers.get("retry-after"))
    )


def _fallback_message(response: Response[Any]) -> str:
    return error_message(response.content, response.headers.get("content-type", ""), str(response.status_code))


def transport_error(exc: httpx.TransportError, method: str, path: str) -> APIConnectionError:
    """Turn an httpx failure into ours, saying whether the request may have been delivered."""
    reached = not isinstance(exc, _NOT_SENT)
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    detail = "the request may have reached Boomi" if reached else "the request was not sent"
    return cls(
        f"{type(exc).__name__} on {method} {path}: {detail}", method=method, path=path, may_have_reached_server=reached
    )


def states_from(parsed: ListenerStatusAsyncResponse) -> list[ListenerState] | None:
    """The listener states of a finished query, or None while it is still running."""
    if int(parsed.response_status_code) != 200:
        return None
    results: Sequence[Any] = [] if isinstance(parsed.result, Unset) else parsed.result
    return [
        ListenerState(
            listener_id=item.listener_id,
            status=item.status,
            connector_type=None if isinstance(item.connector_type, Unset) else item.connector_type,
        )
        for item in results
    ]


def parsed_or_raise(response: Response[Any], expected: type[T], method: str, path: str) -> T:
    check(response, method, path)
    if not isinstance(response.parsed, expected):
        raise UnexpectedResponseError(
            f"{method} {path} answered {int(response.status_code)} with a body that is not a {expected.__name__}"
        )
    return response.parsed


def describe(action: Action, container_id: str, listener_id: str | None) -> str:
    return f"{action.value} on container {container_id}" + (f", listener {listener_id}" if listener_id else "")
