from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.execution_record_execution_type import ExecutionRecordExecutionType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExecutionRecord")


@_attrs_define
class ExecutionRecord:
    """
    Attributes:
        account (str | Unset):
        atom_id (str | Unset):
        atom_name (str | Unset):
        execution_id (str | Unset):
        execution_time (datetime.datetime | Unset):
        execution_type (ExecutionRecordExecutionType | Unset):
        inbound_document_count (int | Unset):
        inbound_error_document_count (int | Unset):
        launcher_id (str | Unset):
        message (str | Unset):
        node_id (str | Unset):
        original_execution_id (str | Unset):
        outbound_document_count (int | Unset):
        parent_execution_id (str | Unset):
        process_id (str | Unset):
        process_name (str | Unset):
        recorded_date (datetime.datetime | Unset):
        report_key (str | Unset):
        status (str | Unset):
        top_level_execution_id (str | Unset):
        execution_duration (int | list[int | str] | Unset): Milliseconds the run took (so far), as an integer or a
            ["Long", milliseconds] pair.
        inbound_document_size (int | list[int | str] | Unset): Total size in bytes of the inbound documents, as an
            integer or a ["Long", bytes] pair.
        outbound_document_size (int | list[int | str] | Unset): Total size in bytes of the outbound documents, as an
            integer or a ["Long", bytes] pair.
    """

    account: str | Unset = UNSET
    atom_id: str | Unset = UNSET
    atom_name: str | Unset = UNSET
    execution_id: str | Unset = UNSET
    execution_time: datetime.datetime | Unset = UNSET
    execution_type: ExecutionRecordExecutionType | Unset = UNSET
    inbound_document_count: int | Unset = UNSET
    inbound_error_document_count: int | Unset = UNSET
    launcher_id: str | Unset = UNSET
    message: str | Unset = UNSET
    node_id: str | Unset = UNSET
    original_execution_id: str | Unset = UNSET
    outbound_document_count: int | Unset = UNSET
    parent_execution_id: str | Unset = UNSET
    process_id: str | Unset = UNSET
    process_name: str | Unset = UNSET
    recorded_date: datetime.datetime | Unset = UNSET
    report_key: str | Unset = UNSET
    status: str | Unset = UNSET
    top_level_execution_id: str | Unset = UNSET
    execution_duration: int | list[int | str] | Unset = UNSET
    inbound_document_size: int | list[int | str] | Unset = UNSET
    outbound_document_size: int | list[int | str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        atom_id = self.atom_id

        atom_name = self.atom_name

        execution_id = self.execution_id

        execution_time: str | Unset = UNSET
        if not isinstance(self.execution_time, Unset):
            execution_time = self.execution_time.isoformat()

        execution_type: str | Unset = UNSET
        if not isinstance(self.execution_type, Unset):
            execution_type = self.execution_type.value

        inbound_document_count = self.inbound_document_count

        inbound_error_document_count = self.inbound_error_document_count

        launcher_id = self.launcher_id

        message = self.message

        node_id = self.node_id

        original_execution_id = self.original_execution_id

        outbound_document_count = self.outbound_document_count

        parent_execution_id = self.parent_execution_id

        process_id = self.process_id

        process_name = self.process_name

        recorded_date: str | Unset = UNSET
        if not isinstance(self.recorded_date, Unset):
            recorded_date = self.recorded_date.isoformat()

        report_key = self.report_key

        status = self.status

        top_level_execution_id = self.top_level_execution_id

        execution_duration: int | list[int | str] | Unset
        if isinstance(self.execution_duration, Unset):
            execution_duration = UNSET
        elif isinstance(self.execution_duration, list):
            execution_duration = []
            for execution_duration_type_1_item_data in self.execution_duration:
                execution_duration_type_1_item: int | str
                execution_duration_type_1_item = execution_duration_type_1_item_data
                execution_duration.append(execution_duration_type_1_item)

        else:
            execution_duration = self.execution_duration

        inbound_document_size: int | list[int | str] | Unset
        if isinstance(self.inbound_document_size, Unset):
            inbound_document_size = UNSET
        elif isinstance(self.inbound_document_size, list):
            inbound_document_size = []
            for inbound_document_size_type_1_item_data in self.inbound_document_size:
                inbound_document_size_type_1_item: int | str
                inbound_document_size_type_1_item = (
                    inbound_document_size_type_1_item_data
                )
                inbound_document_size.append(inbound_document_size_type_1_item)

        else:
            inbound_document_size = self.inbound_document_size

        outbound_document_size: int | list[int | str] | Unset
        if isinstance(self.outbound_document_size, Unset):
            outbound_document_size = UNSET
        elif isinstance(self.outbound_document_size, list):
            outbound_document_size = []
            for outbound_document_size_type_1_item_data in self.outbound_document_size:
                outbound_document_size_type_1_item: int | str
                outbound_document_size_type_1_item = (
                    outbound_document_size_type_1_item_data
                )
                outbound_document_size.append(outbound_document_size_type_1_item)

        else:
            outbound_document_size = self.outbound_document_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if account is not UNSET:
            field_dict["account"] = account
        if atom_id is not UNSET:
            field_dict["atomId"] = atom_id
        if atom_name is not UNSET:
            field_dict["atomName"] = atom_name
        if execution_id is not UNSET:
            field_dict["executionId"] = execution_id
        if execution_time is not UNSET:
            field_dict["executionTime"] = execution_time
        if execution_type is not UNSET:
            field_dict["executionType"] = execution_type
        if inbound_document_count is not UNSET:
            field_dict["inboundDocumentCount"] = inbound_document_count
        if inbound_error_document_count is not UNSET:
            field_dict["inboundErrorDocumentCount"] = inbound_error_document_count
        if launcher_id is not UNSET:
            field_dict["launcherID"] = launcher_id
        if message is not UNSET:
            field_dict["message"] = message
        if node_id is not UNSET:
            field_dict["nodeId"] = node_id
        if original_execution_id is not UNSET:
            field_dict["originalExecutionId"] = original_execution_id
        if outbound_document_count is not UNSET:
            field_dict["outboundDocumentCount"] = outbound_document_count
        if parent_execution_id is not UNSET:
            field_dict["parentExecutionId"] = parent_execution_id
        if process_id is not UNSET:
            field_dict["processId"] = process_id
        if process_name is not UNSET:
            field_dict["processName"] = process_name
        if recorded_date is not UNSET:
            field_dict["recordedDate"] = recorded_date
        if report_key is not UNSET:
            field_dict["reportKey"] = report_key
        if status is not UNSET:
            field_dict["status"] = status
        if top_level_execution_id is not UNSET:
            field_dict["topLevelExecutionId"] = top_level_execution_id
        if execution_duration is not UNSET:
            field_dict["executionDuration"] = execution_duration
        if inbound_document_size is not UNSET:
            field_dict["inboundDocumentSize"] = inbound_document_size
        if outbound_document_size is not UNSET:
            field_dict["outboundDocumentSize"] = outbound_document_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account", UNSET)

        atom_id = d.pop("atomId", UNSET)

        atom_name = d.pop("atomName", UNSET)

        execution_id = d.pop("executionId", UNSET)

        _execution_time = d.pop("executionTime", UNSET)
        execution_time: datetime.datetime | Unset
        if isinstance(_execution_time, Unset):
            execution_time = UNSET
        else:
            execution_time = datetime.datetime.fromisoformat(_execution_time)

        _execution_type = d.pop("executionType", UNSET)
        execution_type: ExecutionRecordExecutionType | Unset
        if isinstance(_execution_type, Unset):
            execution_type = UNSET
        else:
            execution_type = ExecutionRecordExecutionType(_execution_type)

        inbound_document_count = d.pop("inboundDocumentCount", UNSET)

        inbound_error_document_count = d.pop("inboundErrorDocumentCount", UNSET)

        launcher_id = d.pop("launcherID", UNSET)

        message = d.pop("message", UNSET)

        node_id = d.pop("nodeId", UNSET)

        original_execution_id = d.pop("originalExecutionId", UNSET)

        outbound_document_count = d.pop("outboundDocumentCount", UNSET)

        parent_execution_id = d.pop("parentExecutionId", UNSET)

        process_id = d.pop("processId", UNSET)

        process_name = d.pop("processName", UNSET)

        _recorded_date = d.pop("recordedDate", UNSET)
        recorded_date: datetime.datetime | Unset
        if isinstance(_recorded_date, Unset):
            recorded_date = UNSET
        else:
            recorded_date = datetime.datetime.fromisoformat(_recorded_date)

        report_key = d.pop("reportKey", UNSET)

        status = d.pop("status", UNSET)

        top_level_execution_id = d.pop("topLevelExecutionId", UNSET)

        def _parse_execution_duration(data: object) -> int | list[int | str] | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                execution_duration_type_1 = []
                _execution_duration_type_1 = data
                for execution_duration_type_1_item_data in _execution_duration_type_1:

                    def _parse_execution_duration_type_1_item(
                        data: object,
                    ) -> int | str:
                        return cast(int | str, data)

                    execution_duration_type_1_item = (
                        _parse_execution_duration_type_1_item(
                            execution_duration_type_1_item_data
                        )
                    )

                    execution_duration_type_1.append(execution_duration_type_1_item)

                return execution_duration_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | list[int | str] | Unset, data)

        execution_duration = _parse_execution_duration(
            d.pop("executionDuration", UNSET)
        )

        def _parse_inbound_document_size(data: object) -> int | list[int | str] | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                inbound_document_size_type_1 = []
                _inbound_document_size_type_1 = data
                for (
                    inbound_document_size_type_1_item_data
                ) in _inbound_document_size_type_1:

                    def _parse_inbound_document_size_type_1_item(
                        data: object,
                    ) -> int | str:
                        return cast(int | str, data)

                    inbound_document_size_type_1_item = (
                        _parse_inbound_document_size_type_1_item(
                            inbound_document_size_type_1_item_data
                        )
                    )

                    inbound_document_size_type_1.append(
                        inbound_document_size_type_1_item
                    )

                return inbound_document_size_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | list[int | str] | Unset, data)

        inbound_document_size = _parse_inbound_document_size(
            d.pop("inboundDocumentSize", UNSET)
        )

        def _parse_outbound_document_size(
            data: object,
        ) -> int | list[int | str] | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                outbound_document_size_type_1 = []
                _outbound_document_size_type_1 = data
                for (
                    outbound_document_size_type_1_item_data
                ) in _outbound_document_size_type_1:

                    def _parse_outbound_document_size_type_1_item(
                        data: object,
                    ) -> int | str:
                        return cast(int | str, data)

                    outbound_document_size_type_1_item = (
                        _parse_outbound_document_size_type_1_item(
                            outbound_document_size_type_1_item_data
                        )
                    )

                    outbound_document_size_type_1.append(
                        outbound_document_size_type_1_item
                    )

                return outbound_document_size_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | list[int | str] | Unset, data)

        outbound_document_size = _parse_outbound_document_size(
            d.pop("outboundDocumentSize", UNSET)
        )

        execution_record = cls(
            account=account,
            atom_id=atom_id,
            atom_name=atom_name,
            execution_id=execution_id,
            execution_time=execution_time,
            execution_type=execution_type,
            inbound_document_count=inbound_document_count,
            inbound_error_document_count=inbound_error_document_count,
            launcher_id=launcher_id,
            message=message,
            node_id=node_id,
            original_execution_id=original_execution_id,
            outbound_document_count=outbound_document_count,
            parent_execution_id=parent_execution_id,
            process_id=process_id,
            process_name=process_name,
            recorded_date=recorded_date,
            report_key=report_key,
            status=status,
            top_level_execution_id=top_level_execution_id,
            execution_duration=execution_duration,
            inbound_document_size=inbound_document_size,
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
