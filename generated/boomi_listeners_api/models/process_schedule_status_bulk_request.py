from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.process_schedule_status_bulk_request_type import (
    ProcessScheduleStatusBulkRequestType,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bulk_id import BulkId


T = TypeVar("T", bound="ProcessScheduleStatusBulkRequest")


@_attrs_define
class ProcessScheduleStatusBulkRequest:
    """
    Attributes:
        request (list[BulkId] | Unset):
        type_ (ProcessScheduleStatusBulkRequestType | Unset):
    """

    request: list[BulkId] | Unset = UNSET
    type_: ProcessScheduleStatusBulkRequestType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.request, Unset):
            request = []
            for request_item_data in self.request:
                request_item = request_item_data.to_dict()
                request.append(request_item)

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if request is not UNSET:
            field_dict["request"] = request
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bulk_id import BulkId  # noqa: PLC0415

        d = dict(src_dict)
        _request = d.pop("request", UNSET)
        request: list[BulkId] | Unset = UNSET
        if _request is not UNSET:
            request = []
            for request_item_data in _request:
                request_item = BulkId.from_dict(request_item_data)

                request.append(request_item)

        _type_ = d.pop("type", UNSET)
        type_: ProcessScheduleStatusBulkRequestType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = ProcessScheduleStatusBulkRequestType(_type_)

        process_schedule_status_bulk_request = cls(
            request=request,
            type_=type_,
        )

        process_schedule_status_bulk_request.additional_properties = d
        return process_schedule_status_bulk_request

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
