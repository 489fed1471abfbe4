from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.execution_record_query_config_query_filter import (
        ExecutionRecordQueryConfigQueryFilter,
    )
    from ..models.execution_record_query_config_query_sort import (
        ExecutionRecordQueryConfigQuerySort,
    )


T = TypeVar("T", bound="ExecutionRecordQueryConfig")


@_attrs_define
class ExecutionRecordQueryConfig:
    """
    Attributes:
        query_filter (ExecutionRecordQueryConfigQueryFilter):
        query_sort (ExecutionRecordQueryConfigQuerySort | Unset):
    """

    query_filter: ExecutionRecordQueryConfigQueryFilter
    query_sort: ExecutionRecordQueryConfigQuerySort | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query_filter = self.query_filter.to_dict()

        query_sort: dict[str, Any] | Unset = UNSET
        if not isinstance(self.query_sort, Unset):
            query_sort = self.query_sort.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "QueryFilter": query_filter,
            }
        )
        if query_sort is not UNSET:
            field_dict["QuerySort"] = query_sort

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.execution_record_query_config_query_filter import (
            ExecutionRecordQueryConfigQueryFilter,  # noqa: PLC0415
        )
        from ..models.execution_record_query_config_query_sort import (
            ExecutionRecordQueryConfigQuerySort,  # noqa: PLC0415
        )

        d = dict(src_dict)
        query_filter = ExecutionRecordQueryConfigQueryFilter.from_dict(
            d.pop("QueryFilter")
        )

        _query_sort = d.pop("QuerySort", UNSET)
        query_sort: ExecutionRecordQueryConfigQuerySort | Unset
        if isinstance(_query_sort, Unset):
            query_sort = UNSET
        else:
            query_sort = ExecutionRecordQueryConfigQuerySort.from_dict(_query_sort)

        execution_record_query_config = cls(
            query_filter=query_filter,
            query_sort=query_sort,
        )

        execution_record_query_config.additional_properties = d
        return execution_record_query_config

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
