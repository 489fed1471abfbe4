"""Every error the package raises.

Hierarchy::

    BoomiError
    ├── ConfigurationError (also ValueError)      a setting is missing or wrong
    ├── InvalidRequestError (also ValueError)     rejected before any network call
    ├── APIConnectionError                        no HTTP answer
    │   └── APITimeoutError (also BoomiTimeoutError) a request timed out, or the call's timeout ran out
    ├── APIError                                  Boomi answered with an error status
    │   ├── BadRequestError            400
    │   ├── AuthenticationError        401
    │   ├── PermissionDeniedError      403
    │   ├── NotFoundError              404
    │   ├── GoneError                  410  runtime offline or endpoint gone
    │   ├── ServiceUnavailableError    503  busy or rate-limited
    │   │   └── TooManyRequestsError   429  rate-limited (a gateway's way of saying it; retried like 503)
    │   ├── GatewayTimeoutError        504  runtime unreachable
    │   ├── InternalServerError        other 5xx
    │   └── UnexpectedStatusError      any other status, redirects included (never followed)
    ├── UnexpectedResponseError                   a success status with a body we cannot read
    ├── BoomiTimeoutError (also TimeoutError)     ran out of time: catch this one for every kind
    │   ├── APITimeoutError                       (see above)
    │   ├── WaitTimeoutError                      a wait ended before the status was reached
    │   │   └── ListenerNotReportedError          Boomi accepted the change but never reports the listener
    │   └── DrainTimeoutError                     executions still ran when a drain's time was up
    ├── ListenerErroredError                      a wait met an errored listener (it will not get there)
    ├── ResumeFailedError                         a maintenance window could not resume
    ├── RuntimeUnhealthyError                     a window's runtime is offline or its cluster has a problem
    ├── JournalError                              a maintenance window's journal could not be written
    └── UnexpectedError                           a bulk call's non-Boomi failure, kept on its target's outcome
    InvalidRequestError
    └── DocumentError                             a listener state document breaks its schema

No exception carries a credential: messages are built from the method, the
path and Boomi's message only, and pickling keeps just those fields. An httpx
error behind one of ours is chained only as a copy without its request (whose
headers carry the credentials).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BoomiError",
    "BoomiTimeoutError",
    "ConfigurationError",
    "DocumentError",
    "DrainTimeoutError",
    "GatewayTimeoutError",
    "GoneError",
    "InternalServerError",
    "InvalidRequestError",
    "JournalError",
    "ListenerErroredError",
    "ListenerNotReportedError",
    "NotFoundError",
    "PermissionDeniedError",
    "ResumeFailedError",
    "RuntimeUnhealthyError",
    "ServiceUnavailableError",
    "TooManyRequestsError",
    "UnexpectedError",
    "UnexpectedResponseError",
    "UnexpectedStatusError",
    "WaitTimeoutError",
    "error_for_status",
]


class BoomiError(Exception):
    """Base class of every error raised by boomi_listeners."""

    def __reduce__(self) -> str | tuple[Any, ...]:
        # An error keeps each keyword-only argument of its __init__ as the attribute of that name;
        # pickling keeps the message and those, never a request, a cause or their credentials.
        import inspect  # here: only pickling needs it

        init = inspect.signature(type(self).__init__).parameters.values()
        state = {p.name: getattr(self, p.name) for p in init if p.kind is p.KEYWORD_ONLY}
        if not state:
            return super().__reduce__()
        return (_rebuild, (type(self), (self._pickled_message(),), state))

    def _pickled_message(self) -> str:
        """The first argument that rebuilds this error."""
        return str(self)


class ConfigurationError(BoomiError, ValueError):
    """A required setting is missing or invalid; the message names it."""


class InvalidRequestError(BoomiError, ValueError):
    """The request breaks the action semantics; raised before any network call."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class BoomiTimeoutError(BoomiError, TimeoutError):
    """Something ran out of time: a request, the account budget's wait, or a wait for a status.

    Every "ran out of time" error is one of these (and a builtin ``TimeoutError``), so one
    ``except BoomiTimeoutError`` covers them whichever moment the call's ``timeout`` ran out in.
    """


class APIConnectionError(BoomiError):
    """The request got no HTTP answer (refused, dropped, DNS, TLS).

    ``may_have_reached_server`` is True when the request may have been
    delivered before the failure (a dropped connection or a read timeout):
    the action may or may not have been accepted.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        path: str = "",
        may_have_reached_server: bool = False,
        deadline_passed: bool = False,
    ) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.may_have_reached_server = may_have_reached_server
        self.deadline_passed = deadline_passed


class APITimeoutError(APIConnectionError, BoomiTimeoutError):
    """The request timed out before an answer arrived.

    ``deadline_passed`` is True when the call's own ``timeout`` ran out (its total
    wall time), rather than one read taking longer than the client's ``timeout``.
    """


class APIError(BoomiError):
    """Boomi answered with an error status; ``message`` is Boomi's own text."""

    status_code: int = 0

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        method: str = "",
        path: str = "",
        retry_after: float | None = None,
    ) -> None:
        self.message = message
        if status_code is not None:
            self.status_code = status_code
        self.method = method
        self.path = path
        self.retry_after = retry_after
        where = f" ({method} {path})" if method else ""
        super().__init__(f"{self.status_code} {message}{where}")

    def _pickled_message(self) -> str:
        return self.message


class BadRequestError(APIError):
    """400: the request is malformed or breaks the schema."""

    status_code = 400


class AuthenticationError(APIError):
    """401: wrong or missing credentials (check the ``BOOMI_TOKEN.<user>`` form for API tokens)."""

    status_code = 401


class PermissionDeniedError(APIError):
    """403: the user lacks API / ATOM_MANAGEMENT privileges or access to the account."""

    status_code = 403


class NotFoundError(APIError):
    """404: the account, token or resource does not exist."""

    status_code = 404


class GoneError(APIError):
    """410: the runtime is offline, or the endpoint or token is gone."""

    status_code = 410


class ServiceUnavailableError(APIError):
    """503: Boomi is busy or the account's rate limit was exceeded."""

    status_code = 503


class TooManyRequestsError(ServiceUnavailableError):
    """429: a gateway in front of Boomi says the rate limit was exceeded; handled like a 503."""

    status_code = 429


class GatewayTimeoutError(APIError):
    """504: the platform could not reach the runtime in time."""

    status_code = 504


class InternalServerError(APIError):
    """Any other 5xx answer."""


class UnexpectedStatusError(APIError):
    """A status the spec does not document, e.g. a redirect (``location`` says where it pointed)."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        method: str = "",
        path: str = "",
        retry_after: float | None = None,
        location: str | None = None,
    ) -> None:
        super().__init__(message, status_code=status_code, method=method, path=path, retry_after=retry_after)
        self.location = location


class UnexpectedResponseError(BoomiError):
    """A success status with a body that does not match the spec (or is too large or too deep to read)."""


class WaitTimeoutError(BoomiTimeoutError):
    """A wait ran out of time; ``last_state`` is the last status seen (None if never seen)."""

    def __init__(self, message: str, *, last_state: Any = None, expected: str = "") -> None:
        super().__init__(message)
        self.last_state = last_state
        self.expected = expected


class ListenerNotReportedError(WaitTimeoutError):
    """The ListenerStatus query never reports this listener, so its status cannot be confirmed.

    Boomi accepted the change; the listener is simply absent from every complete
    result (one public source says Web Services Server listeners are never
    reported). Raised after a short grace instead of spending a wait's whole
    timeout on a listener that will never appear.
    """

    def __init__(
        self,
        message: str,
        *,
        last_state: Any = None,
        expected: str = "",
        container_id: str = "",
        listener_id: str = "",
    ) -> None:
        super().__init__(message, last_state=last_state, expected=expected)
        self.container_id = container_id
        self.listener_id = listener_id


class ListenerErroredError(BoomiError):
    """The listener reports ``errored``: it will not reach the expected status without help.

    Every wait stops at once instead of spending its timeout (nothing timed out, so this is
    not a ``TimeoutError``). ``last_state`` is the errored state (or, for a whole runtime,
    every listener's); ``expected`` the status that was awaited.
    """

    def __init__(self, message: str, *, last_state: Any = None, expected: str = "") -> None:
        super().__init__(message)
        self.last_state = last_state
        self.expected = expected


class UnexpectedError(BoomiError):
    """An exception that is not a BoomiError, caught so that a bulk call still returns one outcome per target.

    Raised by nothing: it only appears on outcomes. ``__cause__`` holds the original exception
    (not pickled); the message names its type and the start of its text.
    """


class DrainTimeoutError(BoomiTimeoutError):
    """A drain ran out of time with executions still running; ``running`` names them (``Execution`` records)."""

    def __init__(self, message: str, *, running: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.running = tuple(running)


class ResumeFailedError(BoomiError):
    """A maintenance window paused listeners but could not resume them: act on it.

    ``listeners`` names each listener that may be left paused, as
    ``(container_id, listener_id)`` pairs (``listener_id`` None: every listener
    on that runtime).
    """

    def __init__(
        self,
        message: str,
        *,
        listeners: tuple[tuple[str, str | None], ...] = (),
        schedules: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.listeners = tuple(listeners)
        #: Schedules the window switched off that may still be off, as ``(container_id, schedule_id)``.
        self.schedules = tuple(schedules)


class RuntimeUnhealthyError(BoomiError):
    """A runtime a window would change is offline or has a cluster problem: found before any change.

    ``problems`` holds ``(container_id, why)`` for each such runtime.
    """

    def __init__(self, message: str, *, problems: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class JournalError(BoomiError):
    """A maintenance window could not write or read its journal; nothing was paused because of it."""


class DocumentError(InvalidRequestError):
    """A listener state document is not valid; ``field`` names the field, e.g. ``runtimes[0].listeners[1].status``."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    410: GoneError,
    429: TooManyRequestsError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


def error_for_status(
    status_code: int,
    message: str,
    *,
    method: str = "",
    path: str = "",
    retry_after: float | None = None,
    location: str | None = None,
) -> APIError:
    """Build the APIError subclass that matches ``status_code``."""
    cls = _BY_STATUS.get(status_code) or (InternalServerError if 500 <= status_code < 600 else None)
    if cls is None:
        return UnexpectedStatusError(
            message, status_code=status_code, method=method, path=path, retry_after=retry_after, location=location
        )
    return cls(message, status_code=status_code, method=method, path=path, retry_after=retry_after)


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    return cls(*args, **state)
