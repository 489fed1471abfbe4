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

# The one list of public names, by the module that defines each; the TYPE_CHECKING imports above repeat it for
# type checkers and IDEs (a test keeps the two equal).
_BY_MODULE = {
    "_account_budget": "RequestBudget",
    "_actions": "TRANSITIONS Action ListenerStatusValue Scope StatusLike Transition",
    "_async_client": "AsyncListenerClient",
    "_client": "ListenerClient",
    "_config": "REGIONS Secret Settings",
    "_documents": "DocumentListener DocumentRuntime DocumentSchedule StateDocument WindowRecord",
    "_exceptions": (
        "APIConnectionError APIError APITimeoutError AuthenticationError BadRequestError BoomiError "
        "BoomiTimeoutError ConfigurationError DocumentError DrainTimeoutError GatewayTimeoutError GoneError "
        "InternalServerError InvalidRequestError JournalError ListenerErroredError ListenerNotReportedError "
        "NotFoundError PermissionDeniedError ResumeFailedError RuntimeUnhealthyError ServiceUnavailableError "
        "TooManyRequestsError UnexpectedError UnexpectedResponseError UnexpectedStatusError WaitTimeoutError"
    ),
    "_executions": "DrainPlan DrainResult Execution",
    "_health": "ClusterNode RuntimeHealth",
    "_names": (
        "AmbiguousNameError EnvironmentInfo NameNotFoundError NameResolutionError ProcessInfo RuntimeInfo "
        "RuntimeOfflineError"
    ),
    "_plan": "ApplyResult ListenerOutcome ListenerPlan Plan PlannedChange ScheduleOutcome SchedulePlan",
    "_policies": "PollPolicy RetryPolicy",
    "_results": "ChangeOutcome ChangeResult ChangeTarget ListenerState",
    "_schedules": "SchedulePause ScheduleStatus",
    "_wait": "Confirmation Expectation",
}
# public name -> the module that defines it
_EXPORTS = {name: module for module, names in _BY_MODULE.items() for name in names.split()}
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
