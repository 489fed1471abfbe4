from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProcessIntegrationPackInfo")


@_attrs_define
class ProcessIntegrationPackInfo:
    """
    Attributes:
        integration_pack_id (str | Unset):
        integration_pack_instance_id (str | Unset):
    """

    integration_pack_id: str | Unset = UNSET
    integration_pack_instance_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        integration_pack_id = self.integration_pack_id

        integration_pack_instance_id = self.integration_pack_instance_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if integration_pack_id is not UNSET:
            field_dict["integrationPackId"] = integration_pack_id
        if integration_pack_instance_id is not UNSET:
            field_dict["integrationPackInstanceId"] = integration_pack_instance_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        integration_pack_id = d.pop("integrationPackId", UNSET)

        integration_pack_instance_id = d.pop("integrationPackInstanceId", UNSET)

        process_integration_pack_info = cls(
            integration_pack_id=integration_pack_id,
            integration_pack_instance_id=integration_pack_instance_id,
        )

        process_integration_pack_info.additional_properties = d
        return process_integration_pack_info

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
