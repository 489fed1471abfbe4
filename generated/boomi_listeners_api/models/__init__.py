"""Contains all the data models used in inputs/outputs"""

from .async_operation_token_result import AsyncOperationTokenResult
from .async_response_status_code import AsyncResponseStatusCode
from .async_token import AsyncToken
from .change_listener_status_request import ChangeListenerStatusRequest
from .error import Error
from .grouping_expression_operator import GroupingExpressionOperator
from .listener_action import ListenerAction
from .listener_status import ListenerStatus
from .listener_status_async_response import ListenerStatusAsyncResponse
from .listener_status_grouping_expression import ListenerStatusGroupingExpression
from .listener_status_query_config import ListenerStatusQueryConfig
from .listener_status_simple_expression import ListenerStatusSimpleExpression
from .query_filter import QueryFilter
from .simple_expression_operator import SimpleExpressionOperator
from .simple_expression_property import SimpleExpressionProperty

__all__ = (
    "AsyncOperationTokenResult",
    "AsyncResponseStatusCode",
    "AsyncToken",
    "ChangeListenerStatusRequest",
    "Error",
    "GroupingExpressionOperator",
    "ListenerAction",
    "ListenerStatus",
    "ListenerStatusAsyncResponse",
    "ListenerStatusGroupingExpression",
    "ListenerStatusQueryConfig",
    "ListenerStatusSimpleExpression",
    "QueryFilter",
    "SimpleExpressionOperator",
    "SimpleExpressionProperty",
)
