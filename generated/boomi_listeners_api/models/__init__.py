"""Contains all the data models used in inputs/outputs"""

from .async_operation_token_result import AsyncOperationTokenResult
from .async_response_status_code import AsyncResponseStatusCode
from .async_token import AsyncToken
from .atom import Atom
from .atom_capabilities_item import AtomCapabilitiesItem
from .atom_status import AtomStatus
from .atom_type import AtomType
from .bulk_id import BulkId
from .change_listener_status_request import ChangeListenerStatusRequest
from .error import Error
from .execution_record import ExecutionRecord
from .execution_record_execution_type import ExecutionRecordExecutionType
from .execution_record_grouping_expression import ExecutionRecordGroupingExpression
from .execution_record_grouping_expression_operator import (
    ExecutionRecordGroupingExpressionOperator,
)
from .execution_record_query_config import ExecutionRecordQueryConfig
from .execution_record_query_config_query_filter import (
    ExecutionRecordQueryConfigQueryFilter,
)
from .execution_record_query_config_query_sort import (
    ExecutionRecordQueryConfigQuerySort,
)
from .execution_record_query_config_query_sort_sort_field_item import (
    ExecutionRecordQueryConfigQuerySortSortFieldItem,
)
from .execution_record_query_response import ExecutionRecordQueryResponse
from .execution_record_simple_expression import ExecutionRecordSimpleExpression
from .execution_record_simple_expression_operator import (
    ExecutionRecordSimpleExpressionOperator,
)
from .execution_record_simple_expression_property import (
    ExecutionRecordSimpleExpressionProperty,
)
from .grouping_expression_operator import GroupingExpressionOperator
from .listener_action import ListenerAction
from .listener_status import ListenerStatus
from .listener_status_async_response import ListenerStatusAsyncResponse
from .listener_status_grouping_expression import ListenerStatusGroupingExpression
from .listener_status_query_config import ListenerStatusQueryConfig
from .listener_status_simple_expression import ListenerStatusSimpleExpression
from .node_details import NodeDetails
from .nodes import Nodes
from .process_schedule_status import ProcessScheduleStatus
from .process_schedule_status_bulk_request import ProcessScheduleStatusBulkRequest
from .process_schedule_status_bulk_request_type import (
    ProcessScheduleStatusBulkRequestType,
)
from .process_schedule_status_bulk_response import ProcessScheduleStatusBulkResponse
from .process_schedule_status_bulk_response_response_item import (
    ProcessScheduleStatusBulkResponseResponseItem,
)
from .process_schedule_status_grouping_expression import (
    ProcessScheduleStatusGroupingExpression,
)
from .process_schedule_status_grouping_expression_operator import (
    ProcessScheduleStatusGroupingExpressionOperator,
)
from .process_schedule_status_query_config import ProcessScheduleStatusQueryConfig
from .process_schedule_status_query_config_query_filter import (
    ProcessScheduleStatusQueryConfigQueryFilter,
)
from .process_schedule_status_query_response import ProcessScheduleStatusQueryResponse
from .process_schedule_status_simple_expression import (
    ProcessScheduleStatusSimpleExpression,
)
from .process_schedule_status_simple_expression_operator import (
    ProcessScheduleStatusSimpleExpressionOperator,
)
from .process_schedule_status_simple_expression_property import (
    ProcessScheduleStatusSimpleExpressionProperty,
)
from .query_filter import QueryFilter
from .simple_expression_operator import SimpleExpressionOperator
from .simple_expression_property import SimpleExpressionProperty

__all__ = (
    "AsyncOperationTokenResult",
    "AsyncResponseStatusCode",
    "AsyncToken",
    "Atom",
    "AtomCapabilitiesItem",
    "AtomStatus",
    "AtomType",
    "BulkId",
    "ChangeListenerStatusRequest",
    "Error",
    "ExecutionRecord",
    "ExecutionRecordExecutionType",
    "ExecutionRecordGroupingExpression",
    "ExecutionRecordGroupingExpressionOperator",
    "ExecutionRecordQueryConfig",
    "ExecutionRecordQueryConfigQueryFilter",
    "ExecutionRecordQueryConfigQuerySort",
    "ExecutionRecordQueryConfigQuerySortSortFieldItem",
    "ExecutionRecordQueryResponse",
    "ExecutionRecordSimpleExpression",
    "ExecutionRecordSimpleExpressionOperator",
    "ExecutionRecordSimpleExpressionProperty",
    "GroupingExpressionOperator",
    "ListenerAction",
    "ListenerStatus",
    "ListenerStatusAsyncResponse",
    "ListenerStatusGroupingExpression",
    "ListenerStatusQueryConfig",
    "ListenerStatusSimpleExpression",
    "NodeDetails",
    "Nodes",
    "ProcessScheduleStatus",
    "ProcessScheduleStatusBulkRequest",
    "ProcessScheduleStatusBulkRequestType",
    "ProcessScheduleStatusBulkResponse",
    "ProcessScheduleStatusBulkResponseResponseItem",
    "ProcessScheduleStatusGroupingExpression",
    "ProcessScheduleStatusGroupingExpressionOperator",
    "ProcessScheduleStatusQueryConfig",
    "ProcessScheduleStatusQueryConfigQueryFilter",
    "ProcessScheduleStatusQueryResponse",
    "ProcessScheduleStatusSimpleExpression",
    "ProcessScheduleStatusSimpleExpressionOperator",
    "ProcessScheduleStatusSimpleExpressionProperty",
    "QueryFilter",
    "SimpleExpressionOperator",
    "SimpleExpressionProperty",
)
