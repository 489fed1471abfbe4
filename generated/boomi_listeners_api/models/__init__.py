"""Contains all the data models used in inputs/outputs"""

from .async_operation_token_result import AsyncOperationTokenResult
from .async_response_status_code import AsyncResponseStatusCode
from .async_token import AsyncToken
from .atom import Atom
from .atom_bulk_request import AtomBulkRequest
from .atom_bulk_request_type import AtomBulkRequestType
from .atom_bulk_response import AtomBulkResponse
from .atom_bulk_response_response_item import AtomBulkResponseResponseItem
from .atom_capabilities_item import AtomCapabilitiesItem
from .atom_grouping_expression import AtomGroupingExpression
from .atom_grouping_expression_operator import AtomGroupingExpressionOperator
from .atom_query_config import AtomQueryConfig
from .atom_query_config_query_filter import AtomQueryConfigQueryFilter
from .atom_query_response import AtomQueryResponse
from .atom_simple_expression import AtomSimpleExpression
from .atom_simple_expression_operator import AtomSimpleExpressionOperator
from .atom_simple_expression_property import AtomSimpleExpressionProperty
from .atom_status import AtomStatus
from .atom_type import AtomType
from .bulk_id import BulkId
from .change_listener_status_request import ChangeListenerStatusRequest
from .environment import Environment
from .environment_atom_attachment import EnvironmentAtomAttachment
from .environment_atom_attachment_grouping_expression import (
    EnvironmentAtomAttachmentGroupingExpression,
)
from .environment_atom_attachment_grouping_expression_operator import (
    EnvironmentAtomAttachmentGroupingExpressionOperator,
)
from .environment_atom_attachment_query_config import (
    EnvironmentAtomAttachmentQueryConfig,
)
from .environment_atom_attachment_query_config_query_filter import (
    EnvironmentAtomAttachmentQueryConfigQueryFilter,
)
from .environment_atom_attachment_query_response import (
    EnvironmentAtomAttachmentQueryResponse,
)
from .environment_atom_attachment_simple_expression import (
    EnvironmentAtomAttachmentSimpleExpression,
)
from .environment_atom_attachment_simple_expression_operator import (
    EnvironmentAtomAttachmentSimpleExpressionOperator,
)
from .environment_atom_attachment_simple_expression_property import (
    EnvironmentAtomAttachmentSimpleExpressionProperty,
)
from .environment_classification import EnvironmentClassification
from .environment_grouping_expression import EnvironmentGroupingExpression
from .environment_grouping_expression_operator import (
    EnvironmentGroupingExpressionOperator,
)
from .environment_query_config import EnvironmentQueryConfig
from .environment_query_config_query_filter import EnvironmentQueryConfigQueryFilter
from .environment_query_response import EnvironmentQueryResponse
from .environment_simple_expression import EnvironmentSimpleExpression
from .environment_simple_expression_operator import EnvironmentSimpleExpressionOperator
from .environment_simple_expression_property import EnvironmentSimpleExpressionProperty
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
from .process import Process
from .process_bulk_request import ProcessBulkRequest
from .process_bulk_request_type import ProcessBulkRequestType
from .process_bulk_response import ProcessBulkResponse
from .process_bulk_response_response_item import ProcessBulkResponseResponseItem
from .process_grouping_expression import ProcessGroupingExpression
from .process_grouping_expression_operator import ProcessGroupingExpressionOperator
from .process_integration_pack_info import ProcessIntegrationPackInfo
from .process_query_config import ProcessQueryConfig
from .process_query_config_query_filter import ProcessQueryConfigQueryFilter
from .process_query_response import ProcessQueryResponse
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
from .process_simple_expression import ProcessSimpleExpression
from .process_simple_expression_operator import ProcessSimpleExpressionOperator
from .process_simple_expression_property import ProcessSimpleExpressionProperty
from .query_filter import QueryFilter
from .simple_expression_operator import SimpleExpressionOperator
from .simple_expression_property import SimpleExpressionProperty

__all__ = (
    "AsyncOperationTokenResult",
    "AsyncResponseStatusCode",
    "AsyncToken",
    "Atom",
    "AtomBulkRequest",
    "AtomBulkRequestType",
    "AtomBulkResponse",
    "AtomBulkResponseResponseItem",
    "AtomCapabilitiesItem",
    "AtomGroupingExpression",
    "AtomGroupingExpressionOperator",
    "AtomQueryConfig",
    "AtomQueryConfigQueryFilter",
    "AtomQueryResponse",
    "AtomSimpleExpression",
    "AtomSimpleExpressionOperator",
    "AtomSimpleExpressionProperty",
    "AtomStatus",
    "AtomType",
    "BulkId",
    "ChangeListenerStatusRequest",
    "Environment",
    "EnvironmentAtomAttachment",
    "EnvironmentAtomAttachmentGroupingExpression",
    "EnvironmentAtomAttachmentGroupingExpressionOperator",
    "EnvironmentAtomAttachmentQueryConfig",
    "EnvironmentAtomAttachmentQueryConfigQueryFilter",
    "EnvironmentAtomAttachmentQueryResponse",
    "EnvironmentAtomAttachmentSimpleExpression",
    "EnvironmentAtomAttachmentSimpleExpressionOperator",
    "EnvironmentAtomAttachmentSimpleExpressionProperty",
    "EnvironmentClassification",
    "EnvironmentGroupingExpression",
    "EnvironmentGroupingExpressionOperator",
    "EnvironmentQueryConfig",
    "EnvironmentQueryConfigQueryFilter",
    "EnvironmentQueryResponse",
    "EnvironmentSimpleExpression",
    "EnvironmentSimpleExpressionOperator",
    "EnvironmentSimpleExpressionProperty",
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
    "Process",
    "ProcessBulkRequest",
    "ProcessBulkRequestType",
    "ProcessBulkResponse",
    "ProcessBulkResponseResponseItem",
    "ProcessGroupingExpression",
    "ProcessGroupingExpressionOperator",
    "ProcessIntegrationPackInfo",
    "ProcessQueryConfig",
    "ProcessQueryConfigQueryFilter",
    "ProcessQueryResponse",
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
    "ProcessSimpleExpression",
    "ProcessSimpleExpressionOperator",
    "ProcessSimpleExpressionProperty",
    "QueryFilter",
    "SimpleExpressionOperator",
    "SimpleExpressionProperty",
)
