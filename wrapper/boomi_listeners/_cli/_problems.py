"""Exit codes, and errors turned into advice a person can act on.

Every message is built from the exception's own fields (status, Boomi's
message, method and path) and from settings that are not secret (base URL,
account, user name): no credential can reach the output.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace

from boomi_listeners._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BoomiError,
    ConfigurationError,
    GatewayTimeoutError,
    GoneError,
    InvalidRequestError,
    ListenerErroredError,
    ListenerNotReportedError,
    NotFoundError,
    PermissionDeniedError,
    ResumeFailedError,
    ServiceUnavailableError,
    UnexpectedResponseError,
    UnexpectedStatusError,
    WaitTimeoutError,
)

__all__ = ["EXIT_CODES_HELP", "ExitCode", "MissingSecretError", "Problem", "Where", "explain", "internal"]


class ExitCode(enum.IntEnum):
    """What the process exit status means."""

    OK = 0
    API_ERROR = 1
    USAGE = 2
    WAIT_TIMEOUT = 3
    PARTIAL = 4
    NOT_REPORTED = 5
    #: ``window --drain``: executions still ran when the drain's time was up; the command was not run and
    #: everything the window changed was restored.
    DRAIN_TIMEOUT = 121
    #: ``window``: the restore was confirmed; the command itself exited 121, 123, 124 or 125.
    CMD_RESERVED = 122
    #: ``window``: the command was not run (the window could not start or its pause failed).
    NOT_RUN = 123
    #: ``window``: the restore was confirmed, but the journal could not be marked restored.
    JOURNAL_NOT_MARKED = 124
    #: ``window``: the restore was not confirmed; listeners may be left paused (see ``window --recover``).
    RESTORE_FAILED = 125


EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 API error (Boomi answered with an error or an unreadable answer, or could not be "
    "reached); 2 usage or validation error, including missing or malformed settings; 3 a wait timed out; "
    "4 partial failure (some of several listeners failed); 5 the change was accepted but Boomi's ListenerStatus "
    "does not report the listener, so it could not be confirmed; "
    "125 a maintenance window could not confirm its restore (finish it with `window --recover JOURNAL`)."
)

SETTINGS_HINT = (
    "Pass --account, --username and --base-url or --region, or set BOOMI_ACCOUNT_ID, BOOMI_USERNAME and "
    "BOOMI_BASE_URL or BOOMI_REGION; the password or API token comes from BOOMI_PASSWORD or BOOMI_API_TOKEN, "
    "or from a prompt."
)


class MissingSecretError(ConfigurationError):
    """Nobody gave the password or token (no variable, nothing typed at the prompt)."""


@dataclass(frozen=True)
class Where:
    """What the command was talking to, for messages (nothing secret)."""

    base_url: str = ""
    account_id: str = ""
    username: str = ""
    container_id: str | None = None
    attempts: int = 1
    after_change: bool = False


@dataclass(frozen=True)
class Problem:
    """A failure as the CLI reports it: advice, exit code, and the facts behind it for ``--json``."""

    exit_code: ExitCode
    kind: str
    advice: str
    status_code: int | None = None
    detail: str = ""

    def as_json(self) -> dict[str, object]:
        return {"type": self.kind, "status_code": self.status_code, "message": self.detail, "advice": self.advice}


def usage(message: str) -> Problem:
    return Problem(ExitCode.USAGE, "UsageError", message, detail=message)


_URL_CREDENTIALS = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@'\"]*@")


def redact(text: str) -> str:
    """Credentials written into a URL (``https://user:secret@host``) masked."""
    return _URL_CREDENTIALS.sub(r"\1***@", text)


def explain(exc: BoomiError, where: Where) -> Problem:
    """The advice and exit code for an error raised by the client."""
    problem = _explain(exc, where)
    return replace(problem, advice=redact(problem.advice), detail=redact(problem.detail))


def _explain(exc: BoomiError, where: Where) -> Problem:
    kind = type(exc).__name__
    if isinstance(exc, MissingSecretError):
        return Problem(ExitCode.USAGE, "ConfigurationError", str(exc), detail=str(exc))
    if isinstance(exc, ConfigurationError):
        return Problem(ExitCode.USAGE, kind, f"{exc}. {SETTINGS_HINT}", detail=str(exc))
    if isinstance(exc, InvalidRequestError):
        return Problem(ExitCode.USAGE, kind, str(exc), detail=str(exc))
    if isinstance(exc, ResumeFailedError):
        return Problem(ExitCode.RESTORE_FAILED, kind, str(exc), detail=str(exc))
    if isinstance(exc, ListenerNotReportedError):
        return Problem(ExitCode.NOT_REPORTED, kind, _not_reported_advice(exc, where), detail=str(exc))
    if isinstance(exc, WaitTimeoutError):
        return Problem(ExitCode.WAIT_TIMEOUT, kind, _wait_advice(exc, where), detail=str(exc))
    if isinstance(exc, ListenerErroredError):
        # Not confirmed, like a wait that ran out (exit 3), but waiting longer would not help.
        advice = (
            f"{exc}. Restart the listener (`boomi-listeners restart --container {where.container_id or 'ID'} "
            "--listener ID`) or fix its process on the runtime."
        )
        return Problem(ExitCode.WAIT_TIMEOUT, kind, advice, detail=str(exc))
    if isinstance(exc, UnexpectedResponseError):
        return Problem(
            ExitCode.API_ERROR,
            kind,
            f"Boomi (or something between us and Boomi) sent an answer that cannot be read: {exc}. Check "
            f"--base-url / BOOMI_BASE_URL ({where.base_url or 'not set'}) points at the Boomi platform, and any proxy.",
            detail=str(exc),
        )
    if isinstance(exc, APIError):
        return Problem(ExitCode.API_ERROR, kind, _api_advice(exc, where), exc.status_code, exc.message)
    if isinstance(exc, APIConnectionError):
        return Problem(ExitCode.API_ERROR, kind, _connection_advice(exc, where), detail=str(exc))
    return Problem(ExitCode.API_ERROR, kind, str(exc), detail=str(exc))


def internal(exc: BaseException) -> Problem:
    """A failure the client should have turned into a BoomiError: still one line, never a traceback."""
    text = redact(" ".join(str(exc).split()))[:300]
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return Problem(
        ExitCode.API_ERROR,
        "InternalError",
        f"Unexpected failure ({detail}). Run again with -v for details, and please report it.",
        detail=detail,
    )


def _not_reported_advice(exc: ListenerNotReportedError, where: Where) -> str:
    return (
        f"Boomi accepted the change, but its ListenerStatus query does not report listener {exc.listener_id} on "
        f"runtime {exc.container_id or where.container_id}, so the change cannot be confirmed from here. Boomi "
        "does not report some listeners (e.g. Web Services Server); check the listener in Runtime Management, "
        "and leave out --wait for it."
    )


def _wait_advice(exc: WaitTimeoutError, where: Where) -> str:
    first = "The change was accepted, but the runtime has not applied it yet: " if where.after_change else ""
    return (
        f"{first}{exc}. Wait longer with --timeout, or look with `boomi-listeners status --container "
        f"{where.container_id or 'ID'}`."
    )


def _runtime(where: Where) -> str:
    return f"runtime {where.container_id}" if where.container_id else "the runtime"


def _api_advice(exc: APIError, where: Where) -> str:
    said = f"({exc.status_code}: {exc.message.rstrip('. ')})"
    if isinstance(exc, AuthenticationError):
        return (
            f"Boomi rejected the credentials of user {where.username!r} for account {where.account_id} {said}. "
            "Check BOOMI_USERNAME (or --username) and BOOMI_PASSWORD or BOOMI_API_TOKEN. An API token is sent as "
            "user 'BOOMI_TOKEN.<user>' with the token as the password: set BOOMI_API_TOKEN and the prefix is "
            "added for you, or give --username BOOMI_TOKEN.<user>. Accounts with two-factor authentication "
            "also need BOOMI_OTP."
        )
    if isinstance(exc, PermissionDeniedError):
        return (
            f"Boomi refused the request {said}. User {where.username!r} needs access to account "
            f"{where.account_id} and the privileges Boomi requires for listener changes: API (API Access) "
            f"and ATOM_MANAGEMENT (Runtime Management), on the environment {_runtime(where)} is attached to. "
            "Ask an account administrator to grant them in the user's role."
        )
    if isinstance(exc, GoneError) and "/response/" in exc.path:
        return f"The ListenerStatus result expired before it was read {said}. Run the command again."
    if isinstance(exc, GoneError):
        return (
            f"{_runtime(where).capitalize()} is offline {said}: Boomi passes listener changes only to a "
            "running runtime that is connected to the platform. Start the runtime (or check it in Runtime "
            "Management) and try again."
        )
    if isinstance(exc, ServiceUnavailableError):
        return (
            f"Boomi is busy or the account's rate limit was exceeded {said}; retries were exhausted after "
            f"{where.attempts} attempt{'s' if where.attempts != 1 else ''}. Wait a little and try again, "
            "change fewer listeners at a time, or allow more retries with --retries N."
        )
    if isinstance(exc, GatewayTimeoutError):
        return (
            f"The platform could not reach {_runtime(where)} in time {said}. It may be overloaded or losing its "
            "connection; the change may or may not have been applied: check with `boomi-listeners status`."
        )
    if isinstance(exc, NotFoundError):
        return (
            f"Boomi found no such resource {said}. Check the account ID ({where.account_id}) and the IDs given "
            "with --container and --listener."
        )
    if isinstance(exc, BadRequestError):
        return f"Boomi rejected the request {said}. Check the IDs given with --container and --listener."
    if isinstance(exc, UnexpectedStatusError) and 300 <= exc.status_code < 400:
        return (
            f"The server at {where.base_url} answered {exc.status_code} with a redirect "
            f"{'to ' + exc.location if exc.location else 'without a Location'}; redirects are not followed, so "
            "nothing was applied. Set --base-url / BOOMI_BASE_URL to the address it names (e.g. https:// rather "
            "than http://)."
        )
    return f"Boomi answered with an error {said} on {exc.method} {exc.path}."


def _connection_advice(exc: APIConnectionError, where: Where) -> str:
    if isinstance(exc, APITimeoutError):
        first = f"No answer from {where.base_url} in time ({exc})."
    else:
        first = f"Could not reach Boomi at {where.base_url} ({exc})."
    maybe = (
        " The request may have reached Boomi: check with `boomi-listeners status` before repeating a restart."
        if exc.may_have_reached_server
        else ""
    )
    return (
        f"{first}{maybe} Check --base-url / BOOMI_BASE_URL (or --region / BOOMI_REGION), that the server is "
        "running, and your network or proxy."
    )
