from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.process_schedule_status import ProcessScheduleStatus


T = TypeVar("T", bound="ProcessScheduleStatusBulkResponseResponseItem")


@_attrs_define
class ProcessScheduleStatusBulkResponseResponseItem:
    """
    Attributes:
        result (ProcessScheduleStatus):
        index (int | Unset):
        id (str | Unset):
        status_code (int | Unset):
        error_message (str | Unset):
    """

    result: ProcessScheduleStatus
    index: int | Unset = UNSET
    id: str | Unset = UNSET
    status_code: int | Unset = UNSET
    error_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result = self.result.to_dict()

        index = self.index

        id = self.id

        status_code = self.status_code

        error_message = self.error_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Result": result,
            }
        )
        if index is not UNSET:
            field_dict["index"] = index
        if id is not UNSET:
            field_dict["id"] = id
        if status_code is not UNSET:
            field_dict["statusCode"] = status_code
        if error_message is not UNSET:
            field_dict["errorMessage"] = error_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.process_schedule_status import ProcessScheduleStatus  # noqa: PLC0415

        d = dict(src_dict)
        result = ProcessScheduleStatus.from_dict(d.pop("Result"))

        index = d.pop("index", UNSET)

        id = d.pop("id", UNSET)

        status_code = d.pop("statusCode", UNSET)

        error_message = d.pop("errorMessage", UNSET)

        process_schedule_status_bulk_response_response_item = cls(
            result=result,
            index=index,
            id=id,
            status_code=status_code,
            error_message=error_message,
        )

        process_schedule_status_bulk_response_response_item.additional_properties = d
        return process_schedule_status_bulk_response_response_item

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
