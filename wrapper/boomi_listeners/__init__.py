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
    from boomi_listeners._account_budget import (
        RequestBudget as RequestBudget,
    )
    from boomi_listeners._actions import (
        TRANSITIONS as TRANSITIONS,
        Action as Action,
        ListenerStatusValue as ListenerStatusValue,
        Scope as Scope,
        StatusLike as StatusLike,
        Transition as Transition,
    )
    from boomi_listeners._async_client import (
        AsyncListenerClient as AsyncListenerClient,
    )
    from boomi_listeners._client import (
        ListenerClient as ListenerClient,
    )
    from boomi_listeners._config import (
        REGIONS as REGIONS,
        Secret as Secret,
        Settings as Settings,
    )
    from boomi_listeners._documents import (
        DocumentListener as DocumentListener,
        DocumentRuntime as DocumentRuntime,
        DocumentSchedule as DocumentSchedule,
        StateDocument as StateDocument,
        WindowRecord as WindowRecord,
    )
    from boomi_listeners._exceptions import (
        APIConnectionError as APIConnectionError,
        APIError as APIError,
        APITimeoutError as APITimeoutError,
        AuthenticationError as AuthenticationError,
        BadRequestError as BadRequestError,
        BoomiError as BoomiError,
        BoomiTimeoutError as BoomiTimeoutError,
        ConfigurationError as ConfigurationError,
        DocumentError as DocumentError,
        DrainTimeoutError as DrainTimeoutError,
        GatewayTimeoutError as GatewayTimeoutError,
        GoneError as GoneError,
        InternalServerError as InternalServerError,
        InvalidRequestError as InvalidRequestError,
        JournalError as JournalError,
        ListenerErroredError as ListenerErroredError,
        ListenerNotReportedError as ListenerNotReportedError,
        NotFoundError as NotFoundError,
        PermissionDeniedError as PermissionDeniedError,
        ResumeFailedError as ResumeFailedError,
        RuntimeUnhealthyError as RuntimeUnhealthyError,
        ServiceUnavailableError as ServiceUnavailableError,
        TooManyRequestsError as TooManyRequestsError,
        UnexpectedError as UnexpectedError,
        UnexpectedResponseError as UnexpectedResponseError,
        UnexpectedStatusError as UnexpectedStatusError,
        WaitTimeoutError as WaitTimeoutError,
    )
    from boomi_listeners._executions import (
        DrainPlan as DrainPlan,
        DrainResult as DrainResult,
        Execution as Execution,
    )
    from boomi_listeners._health import (
        ClusterNode as ClusterNode,
        RuntimeHealth as RuntimeHealth,
    )
    from boomi_listeners._names import (
        AmbiguousNameError as AmbiguousNameError,
        EnvironmentInfo as EnvironmentInfo,
        NameNotFoundError as NameNotFoundError,
        NameResolutionError as NameResolutionError,
        ProcessInfo as ProcessInfo,
        RuntimeInfo as RuntimeInfo,
        RuntimeOfflineError as RuntimeOfflineError,
    )
    from boomi_listeners._plan import (
        ApplyResult as ApplyResult,
        ListenerOutcome as ListenerOutcome,
        ListenerPlan as ListenerPlan,
        Plan as Plan,
        PlannedChange as PlannedChange,
        ScheduleOutcome as ScheduleOutcome,
        SchedulePlan as SchedulePlan,
    )
    from boomi_listeners._policies import (
        PollPolicy as PollPolicy,
        RetryPolicy as RetryPolicy,
    )
    from boomi_listeners._results import (
        ChangeOutcome as ChangeOutcome,
        ChangeResult as ChangeResult,
        ChangeTarget as ChangeTarget,
        ListenerState as ListenerState,
    )
    from boomi_listeners._schedules import (
        SchedulePause as SchedulePause,
        ScheduleStatus as ScheduleStatus,
    )
    from boomi_listeners._wait import (
        Confirmation as Confirmation,
        Expectation as Expectation,
    )

# public name -> the module that defines it
_EXPORTS = {
    "Action": "_actions",
    "ListenerStatusValue": "_actions",
    "StatusLike": "_actions",
    "TRANSITIONS": "_actions",
    "Transition": "_actions",
    "Scope": "_actions",
    "AsyncListenerClient": "_async_client",
    "RequestBudget": "_account_budget",
    "UnexpectedError": "_exceptions",
    "ListenerClient": "_client",
    "REGIONS": "_config",
    "Secret": "_config",
    "Settings": "_config",
    "UnexpectedResponseError": "_exceptions",
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
    "RuntimeUnhealthyError": "_exceptions",
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
    "DocumentSchedule": "_documents",
    "StateDocument": "_documents",
    "WindowRecord": "_documents",
    "DocumentError": "_exceptions",
    "JournalError": "_exceptions",
    "ApplyResult": "_plan",
    "ListenerOutcome": "_plan",
    "ListenerPlan": "_plan",
    "Plan": "_plan",
    "PlannedChange": "_plan",
    "ScheduleOutcome": "_plan",
    "SchedulePlan": "_plan",
    "AmbiguousNameError": "_names",
    "EnvironmentInfo": "_names",
    "NameNotFoundError": "_names",
    "NameResolutionError": "_names",
    "ProcessInfo": "_names",
    "RuntimeInfo": "_names",
    "RuntimeOfflineError": "_names",
    "DrainTimeoutError": "_exceptions",
    "DrainPlan": "_executions",
    "DrainResult": "_executions",
    "Execution": "_executions",
    "ClusterNode": "_health",
    "RuntimeHealth": "_health",
    "SchedulePause": "_schedules",
    "ScheduleStatus": "_schedules",
}

# The one list of public names is _EXPORTS; the TYPE_CHECKING imports above repeat it for type checkers and
# IDEs (a test keeps the two equal).
__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
