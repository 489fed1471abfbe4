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
    from boomi_listeners._actions import (
        TRANSITIONS as TRANSITIONS,
    )
    from boomi_listeners._actions import (
        Action as Action,
    )
    from boomi_listeners._actions import (
        ListenerStatusValue as ListenerStatusValue,
    )
    from boomi_listeners._actions import (
        Scope as Scope,
    )
    from boomi_listeners._actions import (
        StatusLike as StatusLike,
    )
    from boomi_listeners._actions import (
        Transition as Transition,
    )
    from boomi_listeners._async_client import (
        AsyncListenerClient as AsyncListenerClient,
    )
    from boomi_listeners._budget import (
        RequestBudget as RequestBudget,
    )
    from boomi_listeners._client import (
        ListenerClient as ListenerClient,
    )
    from boomi_listeners._config import (
        REGIONS as REGIONS,
    )
    from boomi_listeners._config import (
        Secret as Secret,
    )
    from boomi_listeners._config import (
        Settings as Settings,
    )
    from boomi_listeners._documents import (
        DocumentListener as DocumentListener,
    )
    from boomi_listeners._documents import (
        DocumentRuntime as DocumentRuntime,
    )
    from boomi_listeners._documents import (
        StateDocument as StateDocument,
    )
    from boomi_listeners._documents import (
        WindowRecord as WindowRecord,
    )
    from boomi_listeners._exceptions import (
        APIConnectionError as APIConnectionError,
    )
    from boomi_listeners._exceptions import (
        APIError as APIError,
    )
    from boomi_listeners._exceptions import (
        APITimeoutError as APITimeoutError,
    )
    from boomi_listeners._exceptions import (
        AuthenticationError as AuthenticationError,
    )
    from boomi_listeners._exceptions import (
        BadRequestError as BadRequestError,
    )
    from boomi_listeners._exceptions import (
        BoomiError as BoomiError,
    )
    from boomi_listeners._exceptions import (
        BoomiTimeoutError as BoomiTimeoutError,
    )
    from boomi_listeners._exceptions import (
        ConfigurationError as ConfigurationError,
    )
    from boomi_listeners._exceptions import (
        DocumentError as DocumentError,
    )
    from boomi_listeners._exceptions import (
        GatewayTimeoutError as GatewayTimeoutError,
    )
    from boomi_listeners._exceptions import (
        GoneError as GoneError,
    )
    from boomi_listeners._exceptions import (
        InternalServerError as InternalServerError,
    )
    from boomi_listeners._exceptions import (
        InvalidRequestError as InvalidRequestError,
    )
    from boomi_listeners._exceptions import (
        JournalError as JournalError,
    )
    from boomi_listeners._exceptions import (
        ListenerErroredError as ListenerErroredError,
    )
    from boomi_listeners._exceptions import (
        ListenerNotReportedError as ListenerNotReportedError,
    )
    from boomi_listeners._exceptions import (
        NotFoundError as NotFoundError,
    )
    from boomi_listeners._exceptions import (
        PermissionDeniedError as PermissionDeniedError,
    )
    from boomi_listeners._exceptions import (
        ResumeFailedError as ResumeFailedError,
    )
    from boomi_listeners._exceptions import (
        ServiceUnavailableError as ServiceUnavailableError,
    )
    from boomi_listeners._exceptions import (
        TooManyRequestsError as TooManyRequestsError,
    )
    from boomi_listeners._exceptions import (
        UnexpectedError as UnexpectedError,
    )
    from boomi_listeners._exceptions import (
        UnexpectedResponseError as UnexpectedResponseError,
    )
    from boomi_listeners._exceptions import (
        UnexpectedStatusError as UnexpectedStatusError,
    )
    from boomi_listeners._exceptions import (
        WaitTimeoutError as WaitTimeoutError,
    )
    from boomi_listeners._plan import (
        ApplyResult as ApplyResult,
    )
    from boomi_listeners._plan import (
        ListenerOutcome as ListenerOutcome,
    )
    from boomi_listeners._plan import (
        ListenerPlan as ListenerPlan,
    )
    from boomi_listeners._plan import (
        Plan as Plan,
    )
    from boomi_listeners._plan import (
        PlannedChange as PlannedChange,
    )
    from boomi_listeners._policies import (
        PollPolicy as PollPolicy,
    )
    from boomi_listeners._policies import (
        RetryPolicy as RetryPolicy,
    )
    from boomi_listeners._results import (
        ChangeOutcome as ChangeOutcome,
    )
    from boomi_listeners._results import (
        ChangeResult as ChangeResult,
    )
    from boomi_listeners._results import (
        ChangeTarget as ChangeTarget,
    )
    from boomi_listeners._results import (
        ListenerState as ListenerState,
    )
    from boomi_listeners._wait import (
        Confirmation as Confirmation,
    )
    from boomi_listeners._wait import (
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
    "RequestBudget": "_budget",
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
