from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.process_schedule_status_query_config_query_filter import (
        ProcessScheduleStatusQueryConfigQueryFilter,
    )


T = TypeVar("T", bound="ProcessScheduleStatusQueryConfig")


@_attrs_define
class ProcessScheduleStatusQueryConfig:
    """
    Attributes:
        query_filter (ProcessScheduleStatusQueryConfigQueryFilter):
    """

    query_filter: ProcessScheduleStatusQueryConfigQueryFilter
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query_filter = self.query_filter.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "QueryFilter": query_filter,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.process_schedule_status_query_config_query_filter import (
            ProcessScheduleStatusQueryConfigQueryFilter,  # noqa: PLC0415
        )

        d = dict(src_dict)
        query_filter = ProcessScheduleStatusQueryConfigQueryFilter.from_dict(
            d.pop("QueryFilter")
        )

        process_schedule_status_query_config = cls(
            query_filter=query_filter,
        )

        process_schedule_status_query_config.additional_properties = d
        return process_schedule_status_query_config

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
