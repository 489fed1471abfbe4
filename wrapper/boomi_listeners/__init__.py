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
    from boomi_listeners._actions import TRANSITIONS, Action, ListenerStatusValue, Scope, StatusLike, Transition
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
        BoomiTimeoutError,
        ConfigurationError,
        DocumentError,
        DrainTimeoutError,
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
    from boomi_listeners._executions import DrainPlan, DrainResult, Execution
    from boomi_listeners._health import ClusterNode, RuntimeHealth
    from boomi_listeners._plan import ApplyResult, ListenerOutcome, ListenerPlan, Plan, PlannedChange
    from boomi_listeners._policies import PollPolicy, RetryPolicy
    from boomi_listeners._results import ChangeOutcome, ChangeResult, ChangeTarget, ListenerState
    from boomi_listeners._schedules import SchedulePause, ScheduleStatus
    from boomi_listeners._wait import Confirmation, Expectation

# public name -> the module that defines it
_EXPORTS = {
    "Action": "_actions",
    "ListenerStatusValue": "_actions",
    "StatusLike": "_actions",
    "TRANSITIONS": "_actions",
    "Transition": "_actions",
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
    "BoomiTimeoutError": "_exceptions",
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
    "Confirmation": "_wait",
    "Expectation": "_wait",
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
    "DrainTimeoutError": "_exceptions",
    "DrainPlan": "_executions",
    "DrainResult": "_executions",
    "Execution": "_executions",
    "ClusterNode": "_health",
    "RuntimeHealth": "_health",
    "SchedulePause": "_schedules",
    "ScheduleStatus": "_schedules",
}

__all__ = [
    "REGIONS",
    "TRANSITIONS",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "Action",
    "ApplyResult",
    "AsyncListenerClient",
    "AuthenticationError",
    "BadRequestError",
    "BoomiError",
    "BoomiTimeoutError",
    "ChangeOutcome",
    "ChangeResult",
    "ChangeTarget",
    "ClusterNode",
    "ConfigurationError",
    "Confirmation",
    "DocumentError",
    "DocumentListener",
    "DocumentRuntime",
    "DrainPlan",
    "DrainResult",
    "DrainTimeoutError",
    "Execution",
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
    "NotFoundError",
    "PermissionDeniedError",
    "Plan",
    "PlannedChange",
    "PollPolicy",
    "RequestBudget",
    "ResumeFailedError",
    "RetryPolicy",
    "RuntimeHealth",
    "SchedulePause",
    "ScheduleStatus",
    "Scope",
    "Secret",
    "ServiceUnavailableError",
    "Settings",
    "StateDocument",
    "StatusLike",
    "TooManyRequestsError",
    "Transition",
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
