"""boomi_listeners: pause, resume and restart Boomi runtime listeners.

The handwritten layer over the generated ``boomi_listeners_api`` client: the
meaning of each action, typed errors, retries, waits, maintenance windows and
bulk changes, with sync and async twins.

Every public name is loaded on first use (``__getattr__`` below), so ``import
boomi_listeners`` stays cheap and a sync program never imports asyncio or the
async client. The ``TYPE_CHECKING`` imports show every name to type checkers and IDEs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# First, because the modules below read it; the build reads the same file.
from boomi_listeners._version import __version__

if TYPE_CHECKING:
    from boomi_listeners._actions import Action, ListenerStatusValue, Scope
    from boomi_listeners._async_client import AsyncListenerClient
    from boomi_listeners._budget import RequestBudget
    from boomi_listeners._client import ListenerClient
    from boomi_listeners._config import REGIONS, Secret, Settings
    from boomi_listeners._core import UnexpectedResponseError
    from boomi_listeners._documents import DocumentListener, DocumentRuntime, StateDocument, WindowRecord
    from boomi_listeners._exceptions import (
        APIConnectionError,
        APIError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        BoomiError,
        ConfigurationError,
        DocumentError,
        GatewayTimeoutError,
        GoneError,
        InternalServerError,
        InvalidRequestError,
        JournalError,
        ListenerErroredError,
        ListenerNotReportedError,
        NotFoundError,
        PermissionDeniedError,
        ResumeFailedError,
        ServiceUnavailableError,
        TooManyRequestsError,
        UnexpectedError,
        UnexpectedStatusError,
        WaitTimeoutError,
    )
    from boomi_listeners._names import (
        AmbiguousNameError,
        EnvironmentInfo,
        NameNotFoundError,
        NameResolutionError,
        ProcessInfo,
        RuntimeInfo,
        RuntimeOfflineError,
    )
    from boomi_listeners._plan import ApplyResult, ListenerOutcome, ListenerPlan, Plan, PlannedChange
    from boomi_listeners._policies import PollPolicy, RetryPolicy
    from boomi_listeners._results import ChangeOutcome, ChangeResult, ChangeTarget, ListenerState
    from boomi_listeners._waiter import Confirmation, Expectation

# public name -> the module that defines it
_EXPORTS = {
    "Action": "_actions",
    "ListenerStatusValue": "_actions",
    "Scope": "_actions",
    "AsyncListenerClient": "_async_client",
    "RequestBudget": "_budget",
    "UnexpectedError": "_exceptions",
    "ListenerClient": "_client",
    "REGIONS": "_config",
    "Secret": "_config",
    "Settings": "_config",
    "UnexpectedResponseError": "_core",
    "APIConnectionError": "_exceptions",
    "APIError": "_exceptions",
    "APITimeoutError": "_exceptions",
    "AuthenticationError": "_exceptions",
    "BadRequestError": "_exceptions",
    "BoomiError": "_exceptions",
    "ConfigurationError": "_exceptions",
    "GatewayTimeoutError": "_exceptions",
    "GoneError": "_exceptions",
    "InternalServerError": "_exceptions",
    "InvalidRequestError": "_exceptions",
    "ListenerNotReportedError": "_exceptions",
    "NotFoundError": "_exceptions",
    "PermissionDeniedError": "_exceptions",
    "ResumeFailedError": "_exceptions",
    "ServiceUnavailableError": "_exceptions",
    "TooManyRequestsError": "_exceptions",
    "UnexpectedStatusError": "_exceptions",
    "WaitTimeoutError": "_exceptions",
    "PollPolicy": "_policies",
    "RetryPolicy": "_policies",
    "ChangeOutcome": "_results",
    "ChangeResult": "_results",
    "ChangeTarget": "_results",
    "ListenerState": "_results",
    "Confirmation": "_waiter",
    "Expectation": "_waiter",
    "ListenerErroredError": "_exceptions",
    "DocumentListener": "_documents",
    "DocumentRuntime": "_documents",
    "StateDocument": "_documents",
    "WindowRecord": "_documents",
    "DocumentError": "_exceptions",
    "JournalError": "_exceptions",
    "ApplyResult": "_plan",
    "ListenerOutcome": "_plan",
    "ListenerPlan": "_plan",
    "Plan": "_plan",
    "PlannedChange": "_plan",
    "AmbiguousNameError": "_names",
    "EnvironmentInfo": "_names",
    "NameNotFoundError": "_names",
    "NameResolutionError": "_names",
    "ProcessInfo": "_names",
    "RuntimeInfo": "_names",
    "RuntimeOfflineError": "_names",
}

__all__ = [
    "REGIONS",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "Action",
    "AmbiguousNameError",
    "ApplyResult",
    "AsyncListenerClient",
    "AuthenticationError",
    "BadRequestError",
    "BoomiError",
    "ChangeOutcome",
    "ChangeResult",
    "ChangeTarget",
    "ConfigurationError",
    "Confirmation",
    "DocumentError",
    "DocumentListener",
    "DocumentRuntime",
    "EnvironmentInfo",
    "Expectation",
    "GatewayTimeoutError",
    "GoneError",
    "InternalServerError",
    "InvalidRequestError",
    "JournalError",
    "ListenerClient",
    "ListenerErroredError",
    "ListenerNotReportedError",
    "ListenerOutcome",
    "ListenerPlan",
    "ListenerState",
    "ListenerStatusValue",
    "NameNotFoundError",
    "NameResolutionError",
    "NotFoundError",
    "PermissionDeniedError",
    "Plan",
    "PlannedChange",
    "PollPolicy",
    "ProcessInfo",
    "RequestBudget",
    "ResumeFailedError",
    "RetryPolicy",
    "RuntimeInfo",
    "RuntimeOfflineError",
    "Scope",
    "Secret",
    "ServiceUnavailableError",
    "Settings",
    "StateDocument",
    "TooManyRequestsError",
    "UnexpectedError",
    "UnexpectedResponseError",
    "UnexpectedStatusError",
    "WaitTimeoutError",
    "WindowRecord",
    "__version__",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
