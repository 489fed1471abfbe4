"""boomi_listeners: pause, resume and restart Boomi runtime listeners.

The handwritten layer over the generated ``boomi_listeners_api`` client: the
meaning of each action, typed errors, retries, waits, maintenance windows and
bulk changes, with sync and async twins.
"""

__version__ = "0.1.0"

from boomi_listeners._actions import Action, ListenerStatusValue, Scope
from boomi_listeners._async_client import AsyncListenerClient
from boomi_listeners._client import ListenerClient
from boomi_listeners._config import REGIONS, Secret, Settings
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
    InternalServerError,
    InvalidRequestError,
    ListenerNotReportedError,
    NotFoundError,
    PermissionDeniedError,
    ResumeFailedError,
    ServiceUnavailableError,
    TooManyRequestsError,
    UnexpectedResponseError,
    UnexpectedStatusError,
    WaitTimeoutError,
)
from boomi_listeners._policies import PollPolicy, RetryPolicy
from boomi_listeners._results import ChangeOutcome, ChangeResult, ChangeTarget, ListenerState

__all__ = [
    "REGIONS",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "Action",
    "AsyncListenerClient",
    "AuthenticationError",
    "BadRequestError",
    "BoomiError",
    "ChangeOutcome",
    "ChangeResult",
    "ChangeTarget",
    "ConfigurationError",
    "GatewayTimeoutError",
    "GoneError",
    "InternalServerError",
    "InvalidRequestError",
    "ListenerClient",
    "ListenerNotReportedError",
    "ListenerState",
    "ListenerStatusValue",
    "NotFoundError",
    "PermissionDeniedError",
    "PollPolicy",
    "ResumeFailedError",
    "RetryPolicy",
    "Scope",
    "Secret",
    "ServiceUnavailableError",
    "Settings",
    "TooManyRequestsError",
    "UnexpectedResponseError",
    "UnexpectedStatusError",
    "WaitTimeoutError",
    "__version__",
]
