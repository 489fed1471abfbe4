from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.execution_record_query_config_query_sort_sort_field_item import (
        ExecutionRecordQueryConfigQuerySortSortFieldItem,
    )


T = TypeVar("T", bound="ExecutionRecordQueryConfigQuerySort")


@_attrs_define
class ExecutionRecordQueryConfigQuerySort:
    """
    Attributes:
        sort_field (list[ExecutionRecordQueryConfigQuerySortSortFieldItem]):
    """

    sort_field: list[ExecutionRecordQueryConfigQuerySortSortFieldItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sort_field = []
        for sort_field_item_data in self.sort_field:
            sort_field_item = sort_field_item_data.to_dict()
            sort_field.append(sort_field_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sortField": sort_field,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.execution_record_query_config_query_sort_sort_field_item import (
            ExecutionRecordQueryConfigQuerySortSortFieldItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        sort_field = []
        _sort_field = d.pop("sortField")
        for sort_field_item_data in _sort_field:
            sort_field_item = (
                ExecutionRecordQueryConfigQuerySortSortFieldItem.from_dict(
                    sort_field_item_data
                )
            )

            sort_field.append(sort_field_item)

        execution_record_query_config_query_sort = cls(
            sort_field=sort_field,
        )

        execution_record_query_config_query_sort.additional_properties = d
        return execution_record_query_config_query_sort

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
