"""The ListenerStatus protocol without I/O: building requests, judging answers, aggregating rows, making errors.

No sockets, clocks, sleeps or logging set-up here, so the two clients differ only in how
they send, sleep and wait, and every rule below is tested without a network.

Requests are built by the generated client (its ``_get_kwargs``: method, path,
JSON body), and answers are read here rather than by its ``sync_detailed``:
that parses a body by status before the caller sees the status, and Boomi's
asynchronous query answers in shapes the spec does not describe (HTTP 202,
progress rows, 204 for a token already read). So the status is judged first,
and rows are then built with the generated ``ListenerStatus`` model, one by one,
keeping typed access without letting one odd row spoil the answer.
"""

from __future__ import annotations

import email.utils
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from boomi_listeners._actions import Action
from boomi_listeners._deadline import DeadlineExceeded
from boomi_listeners._error_body import error_message, loads_json
from boomi_listeners._exceptions import (
    APIConnectionError,
    APITimeoutError,
    InvalidRequestError,
    UnexpectedResponseError,
    error_for_status,
)
from boomi_listeners._exchange import logger
from boomi_listeners._results import ListenerState

if TYPE_CHECKING:
    from boomi_listeners_api.models import ChangeListenerStatusRequest, ListenerStatus, ListenerStatusQueryConfig

# The generated client is imported where a request is built or an answer read, not with this module:
# a service pays for its models on its first request, not to import the SDK (see bench "imports").

__all__ = [
    "CHANGE_PATH",
    "QUERY_PATH",
    "RESPONSE_PATH",
    "TokenAnswer",
    "UnexpectedResponseError",
    "change_body",
    "change_request",
    "check",
    "closed_error",
    "describe",
    "json_object",
    "query_body",
    "query_request",
    "read_result",
    "read_token",
    "result_request",
    "states_from_rows",
    "status_code_of",
    "transport_error",
    "unreadable",
]

CHANGE_PATH = "/changeListenerStatus"
QUERY_PATH = "/async/ListenerStatus/query"
RESPONSE_PATH = "/async/ListenerStatus/response/{token}"

# httpx errors after which the request cannot have reached the server.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)
# A token goes into the URL path: printable ASCII without spaces, of a sane length, and never a dot segment.
_TOKEN = re.compile(r"[\x21-\x7e]{1,512}")

Request = dict[str, Any]


# -- requests ------------------------------------------------------------------------------


def change_body(action: Action, container_id: str, listener_id: str | None) -> ChangeListenerStatusRequest:
    from boomi_listeners_api.models import ChangeListenerStatusRequest, ListenerAction

    body = ChangeListenerStatusRequest(action=ListenerAction(action.value), container_id=container_id)
    if listener_id is not None:
        body.listener_id = listener_id
    return body


def query_body(container_id: str, listener_id: str | None) -> ListenerStatusQueryConfig:
    """A filter on the runtime (Boomi requires it), narrowed to one listener if given."""
    from boomi_listeners_api.models import (
        GroupingExpressionOperator as Grouping,
        ListenerStatusGroupingExpression,
        ListenerStatusQueryConfig,
        ListenerStatusSimpleExpression,
        QueryFilter,
        SimpleExpressionOperator as Operator,
        SimpleExpressionProperty as Property,
    )

    container = ListenerStatusSimpleExpression(
        operator=Operator.EQUALS, property_=Property.CONTAINERID, argument=[container_id]
    )
    expression: ListenerStatusSimpleExpression | ListenerStatusGroupingExpression = container
    if listener_id is not None:
        listener = ListenerStatusSimpleExpression(
            operator=Operator.EQUALS, property_=Property.LISTENERID, argument=[listener_id]
        )
        expression = ListenerStatusGroupingExpression(operator=Grouping.AND, nested_expression=[listener, container])
    return ListenerStatusQueryConfig(query_filter=QueryFilter(expression=expression))


def change_request(action: Action, container_id: str, listener_id: str | None) -> Request:
    from boomi_listeners_api.api.change_listener_status import update_listener_status

    return update_listener_status._get_kwargs(body=change_body(action, container_id, listener_id))


def query_request(container_id: str, listener_id: str | None) -> Request:
    from boomi_listeners_api.api.listener_status import async_get_listener_status

    return async_get_listener_status._get_kwargs(body=query_body(container_id, listener_id))


def result_request(token: str) -> Request:
    from boomi_listeners_api.api.listener_status import async_token_listener_status

    request = async_token_listener_status._get_kwargs(token=token)
    # The generated client escapes the token too; this keeps a token from the
    # server inside its path segment whatever that code does in a later version.
    request["url"] = RESPONSE_PATH.format(token=quote(token, safe=""))
    return request


def closed_error(name: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"this {name} is closed: create a new client (or use it in a `with` block and call it inside)", field="client"
    )


def describe(action: Action, container_id: str, listener_id: str | None) -> str:
    return f"{action.value} on container {container_id}" + (f", listener {listener_id}" if listener_id else "")


# -- answers -------------------------------------------------------------------------------


def _retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` in seconds from either HTTP form (a date counts from ``now``); None for anything unreadable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - now
        except (TypeError, ValueError, IndexError, OverflowError, OSError):
            return None
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


def _location(response: httpx.Response) -> str | None:
    """Where a redirect pointed, without credentials or control characters."""
    location = response.headers.get("location")
    if not location:
        return None
    cleaned = re.sub(r"[\x00-\x20\x7f-\x9f]", "", location)[:300]
    return re.sub(r"(//)[^/@]*@", r"\1***@", cleaned)


def check(response: httpx.Response, method: str, path: str, *, now: float) -> None:
    """Raise the matching APIError unless the answer is 2xx. Redirects are errors: they are never followed.

    ``now`` is the wall-clock time (``time.time()``) a ``Retry-After`` date is counted from.
    """
    status = response.status_code
    if 200 <= status < 300:
        return
    location = _location(response)
    if 300 <= status < 400:
        where = f"to {location}" if location else "without saying where"
        message = (
            f"the server redirected the request {where}; redirects are not followed, so nothing was applied. "
            "Check base_url (BOOMI_BASE_URL): use the address the redirect names, e.g. https:// instead of http://"
        )
    else:
        message = error_message(response.content, response.headers.get("content-type", ""), response.reason_phrase)
    raise error_for_status(
        status,
        message,
        method=method,
        path=path,
        retry_after=_retry_after(response.headers.get("retry-after"), now),
        location=location,
    )


def transport_error(exc: httpx.TransportError, method: str, path: str) -> APIConnectionError:
    """Turn an httpx failure into ours, saying whether the request may have been delivered.

    The httpx error carries the request, whose headers hold the credentials; it is
    chained only as a copy without the request. Callers raise the result outside
    their ``except`` block, so the original is not kept as ``__context__`` either.
    """
    if isinstance(exc, DeadlineExceeded):
        reached, passed = exc.sent, True
        detail = "the call's timeout ran out" + ("; the request may have reached Boomi" if reached else "")
    else:
        reached, passed = not isinstance(exc, _NOT_SENT), False
        detail = "the request may have reached Boomi" if reached else "the request was not sent"
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    error = cls(
        f"{type(exc).__name__} on {method} {path}: {detail}",
        method=method,
        path=path,
        may_have_reached_server=reached,
        deadline_passed=passed,
    )
    error.__cause__ = scrubbed(exc)
    return error


def scrubbed(exc: BaseException) -> BaseException | None:
    """A copy of ``exc`` with its message only (no request, no traceback), or None if it cannot be copied."""
    try:
        return type(exc)(str(exc))
    except Exception:  # an exception type with another signature: keep nothing rather than the original
        return None


def unreadable(method: str, path: str, status: int, why: str) -> UnexpectedResponseError:
    return UnexpectedResponseError(f"{method} {path} answered {status} with a body that cannot be read: {why}")


def json_object(response: httpx.Response, method: str, path: str) -> Mapping[str, Any]:
    """The answer's body as a JSON object; UnexpectedResponseError saying why when it is not one."""
    try:
        data = loads_json(response.content)
    except ValueError as exc:
        raise unreadable(method, path, response.status_code, f"not JSON ({str(exc)[:100]})") from None
    if not isinstance(data, dict):
        raise unreadable(method, path, response.status_code, f"a JSON {type(data).__name__}, not an object")
    return data


def read_token(response: httpx.Response) -> str:
    """The token of a ListenerStatus query answer, checked before it goes into a URL path."""
    from boomi_listeners_api.models import AsyncToken

    data = json_object(response, "POST", QUERY_PATH)
    holder = data.get("asyncToken")
    try:
        token = AsyncToken.from_dict(holder).token if isinstance(holder, dict) else None
    except KeyError:
        token = None
    if not isinstance(token, str):
        raise unreadable("POST", QUERY_PATH, response.status_code, "no asyncToken.token string")
    if not _TOKEN.fullmatch(token) or token in (".", ".."):
        raise UnexpectedResponseError(
            f"POST {QUERY_PATH} answered a token that cannot be used in a URL ({token[:40]!r}); refusing to poll it"
        )
    return token


@dataclass(frozen=True)
class TokenAnswer:
    """One read of a query token: the states when complete, else in progress or gone (204)."""

    states: list[ListenerState] | None = None
    gone: bool = False


_IN_PROGRESS = TokenAnswer()
_GONE = TokenAnswer(gone=True)


def status_code_of(value: object) -> int | None:
    """``responseStatusCode`` as an int, from an int or a numeric string; None when absent or odd."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def _is_listener_row(row: Mapping[str, Any]) -> bool:
    kind = row.get("@type")
    return kind is None or kind == "ListenerStatus"


def read_result(response: httpx.Response) -> TokenAnswer:
    """Judge a token read (see the README's behaviour table) before parsing any row.

    - HTTP 204: the token was read already or expired: gone, start a new query.
    - HTTP 202: in progress, whatever the body.
    - ``responseStatusCode`` 202 with a row that is not ListenerStatus (``AsyncOperationStatus``
      "Connecting to runtime..."), or with no rows and no ``numberOfResults``: in progress.
    - ``responseStatusCode`` 202 with ``numberOfResults: 0`` and no rows: complete and empty.
    - otherwise (200, or ``responseStatusCode`` absent or a string): judged by the rows;
      progress rows alone mean in progress, ListenerStatus rows mean complete.
    """
    status = response.status_code
    if status == 204:
        return _GONE
    if status == 202:
        return _IN_PROGRESS
    data = json_object(response, "GET", RESPONSE_PATH)
    rows = data.get("result", [])
    if isinstance(rows, dict):  # one row, as some JSON renderings of XML answers give it
        rows = [rows]
    if rows is None:
        rows = []
    if not isinstance(rows, list):
        raise unreadable("GET", RESPONSE_PATH, status, f"'result' is a {type(rows).__name__}, not a list")
    objects = [row for row in rows if isinstance(row, dict)]
    listener_rows = [row for row in objects if _is_listener_row(row)]
    progress_rows = len(objects) - len(listener_rows)
    code = status_code_of(data.get("responseStatusCode"))
    if code == 202 and (progress_rows or (not rows and "numberOfResults" not in data)):
        return _IN_PROGRESS
    if progress_rows and not listener_rows:
        return _IN_PROGRESS
    return TokenAnswer(states=states_from_rows(listener_rows))


def states_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[ListenerState]:
    """One ListenerState per listener, in first-seen order, its per-node rows aggregated.

    A row that is not a valid ListenerStatus (no ``listenerId``, a status that is
    not a string) is skipped and logged: one odd row must not hide the others.
    """
    from boomi_listeners_api.models import ListenerStatus

    grouped: dict[str, list[ListenerStatus]] = {}
    for row in rows:
        try:
            parsed = ListenerStatus.from_dict(row)
        except (KeyError, TypeError, ValueError):
            parsed = None
        if parsed is None or not isinstance(parsed.listener_id, str) or not isinstance(parsed.status, str):
            logger.debug("skipped a ListenerStatus row without a listenerId and status string")
            continue
        grouped.setdefault(parsed.listener_id, []).append(parsed)
    return [_aggregate(listener_id, found) for listener_id, found in grouped.items()]


def _aggregate(listener_id: str, rows: list[ListenerStatus]) -> ListenerState:
    from boomi_listeners_api.types import Unset

    connector = next(
        (row.connector_type for row in rows if not isinstance(row.connector_type, Unset) and row.connector_type),
        None,
    )
    return ListenerState.merged(
        [ListenerState(listener_id, row.status, connector if isinstance(connector, str) else None) for row in rows]
    )
