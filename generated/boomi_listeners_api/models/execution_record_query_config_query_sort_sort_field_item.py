from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExecutionRecordQueryConfigQuerySortSortFieldItem")


@_attrs_define
class ExecutionRecordQueryConfigQuerySortSortFieldItem:
    """
    Attributes:
        field_name (str | Unset):
        sort_order (str | Unset):
    """

    field_name: str | Unset = UNSET
    sort_order: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_name = self.field_name

        sort_order = self.sort_order

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if field_name is not UNSET:
            field_dict["fieldName"] = field_name
        if sort_order is not UNSET:
            field_dict["sortOrder"] = sort_order

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field_name = d.pop("fieldName", UNSET)

        sort_order = d.pop("sortOrder", UNSET)

        execution_record_query_config_query_sort_sort_field_item = cls(
            field_name=field_name,
            sort_order=sort_order,
        )

        execution_record_query_config_query_sort_sort_field_item.additional_properties = d
        return execution_record_query_config_query_sort_sort_field_item

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
