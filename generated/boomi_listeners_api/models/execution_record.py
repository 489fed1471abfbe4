from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.execution_record_execution_type import ExecutionRecordExecutionType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExecutionRecord")


@_attrs_define
class ExecutionRecord:
    """
    Attributes:
        account (str):
        atom_id (str):
        atom_name (str):
        execution_id (str):
        execution_time (datetime.datetime):
        execution_type (ExecutionRecordExecutionType):
        launcher_id (str):
        message (str):
        node_id (str):
        original_execution_id (str):
        parent_execution_id (str):
        process_id (str):
        process_name (str):
        recorded_date (datetime.datetime):
        report_key (str):
        status (str):
        top_level_execution_id (str):
        execution_duration (int | Unset):
        inbound_document_count (int | Unset):
        inbound_document_size (int | Unset):
        inbound_error_document_count (int | Unset):
        outbound_document_count (int | Unset):
        outbound_document_size (int | Unset):
    """

    account: str
    atom_id: str
    atom_name: str
    execution_id: str
    execution_time: datetime.datetime
    execution_type: ExecutionRecordExecutionType
    launcher_id: str
    message: str
    node_id: str
    original_execution_id: str
    parent_execution_id: str
    process_id: str
    process_name: str
    recorded_date: datetime.datetime
    report_key: str
    status: str
    top_level_execution_id: str
    execution_duration: int | Unset = UNSET
    inbound_document_count: int | Unset = UNSET
    inbound_document_size: int | Unset = UNSET
    inbound_error_document_count: int | Unset = UNSET
    outbound_document_count: int | Unset = UNSET
    outbound_document_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        atom_id = self.atom_id

        atom_name = self.atom_name

        execution_id = self.execution_id

        execution_time = self.execution_time.isoformat()

        execution_type = self.execution_type.value

        launcher_id = self.launcher_id

        message = self.message

        node_id = self.node_id

        original_execution_id = self.original_execution_id

        parent_execution_id = self.parent_execution_id

        process_id = self.process_id

        process_name = self.process_name

        recorded_date = self.recorded_date.isoformat()

        report_key = self.report_key

        status = self.status

        top_level_execution_id = self.top_level_execution_id

        execution_duration = self.execution_duration

        inbound_document_count = self.inbound_document_count

        inbound_document_size = self.inbound_document_size

        inbound_error_document_count = self.inbound_error_document_count

        outbound_document_count = self.outbound_document_count

        outbound_document_size = self.outbound_document_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "atomId": atom_id,
                "atomName": atom_name,
                "executionId": execution_id,
                "executionTime": execution_time,
                "executionType": execution_type,
                "launcherID": launcher_id,
                "message": message,
                "nodeId": node_id,
                "originalExecutionId": original_execution_id,
                "parentExecutionId": parent_execution_id,
                "processId": process_id,
                "processName": process_name,
                "recordedDate": recorded_date,
                "reportKey": report_key,
                "status": status,
                "topLevelExecutionId": top_level_execution_id,
            }
        )
        if execution_duration is not UNSET:
            field_dict["executionDuration"] = execution_duration
        if inbound_document_count is not UNSET:
            field_dict["inboundDocumentCount"] = inbound_document_count
        if inbound_document_size is not UNSET:
            field_dict["inboundDocumentSize"] = inbound_document_size
        if inbound_error_document_count is not UNSET:
            field_dict["inboundErrorDocumentCount"] = inbound_error_document_count
        if outbound_document_count is not UNSET:
            field_dict["outboundDocumentCount"] = outbound_document_count
        if outbound_document_size is not UNSET:
            field_dict["outboundDocumentSize"] = outbound_document_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        atom_id = d.pop("atomId")

        atom_name = d.pop("atomName")

        execution_id = d.pop("executionId")

        execution_time = datetime.datetime.fromisoformat(d.pop("executionTime"))

        execution_type = ExecutionRecordExecutionType(d.pop("executionType"))

        launcher_id = d.pop("launcherID")

        message = d.pop("message")

        node_id = d.pop("nodeId")

        original_execution_id = d.pop("originalExecutionId")

        parent_execution_id = d.pop("parentExecutionId")

        process_id = d.pop("processId")

        process_name = d.pop("processName")

        recorded_date = datetime.datetime.fromisoformat(d.pop("recordedDate"))

        report_key = d.pop("reportKey")

        status = d.pop("status")

        top_level_execution_id = d.pop("topLevelExecutionId")

        execution_duration = d.pop("executionDuration", UNSET)

        inbound_document_count = d.pop("inboundDocumentCount", UNSET)

        inbound_document_size = d.pop("inboundDocumentSize", UNSET)

        inbound_error_document_count = d.pop("inboundErrorDocumentCount", UNSET)

        outbound_document_count = d.pop("outboundDocumentCount", UNSET)

        outbound_document_size = d.pop("outboundDocumentSize", UNSET)

        execution_record = cls(
            account=account,
            atom_id=atom_id,
            atom_name=atom_name,
            execution_id=execution_id,
            execution_time=execution_time,
            execution_type=execution_type,
            launcher_id=launcher_id,
            message=message,
            node_id=node_id,
            original_execution_id=original_execution_id,
            parent_execution_id=parent_execution_id,
            process_id=process_id,
            process_name=process_name,
            recorded_date=recorded_date,
            report_key=report_key,
            status=status,
            top_level_execution_id=top_level_execution_id,
            execution_duration=execution_duration,
            inbound_document_count=inbound_document_count,
            inbound_document_size=inbound_document_size,
            inbound_error_document_count=inbound_error_document_count,
            outbound_document_count=outbound_document_count,
            outbound_document_size=outbound_document_size,
        )

        execution_record.additional_properties = d
        return execution_record

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
