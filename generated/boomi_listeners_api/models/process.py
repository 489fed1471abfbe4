from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.process_integration_pack_info import ProcessIntegrationPackInfo


T = TypeVar("T", bound="Process")


@_attrs_define
class Process:
    """
    Attributes:
        description (str):
        integration_pack (list[ProcessIntegrationPackInfo] | Unset):
        id (str | Unset):
        name (str | Unset):
    """

    description: str
    integration_pack: list[ProcessIntegrationPackInfo] | Unset = UNSET
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        integration_pack: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.integration_pack, Unset):
            integration_pack = []
            for integration_pack_item_data in self.integration_pack:
                integration_pack_item = integration_pack_item_data.to_dict()
                integration_pack.append(integration_pack_item)

        id = self.id

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Description": description,
            }
        )
        if integration_pack is not UNSET:
            field_dict["IntegrationPack"] = integration_pack
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.process_integration_pack_info import ProcessIntegrationPackInfo  # noqa: PLC0415

        d = dict(src_dict)
        description = d.pop("Description")

        _integration_pack = d.pop("IntegrationPack", UNSET)
        integration_pack: list[ProcessIntegrationPackInfo] | Unset = UNSET
        if _integration_pack is not UNSET:
            integration_pack = []
            for integration_pack_item_data in _integration_pack:
                integration_pack_item = ProcessIntegrationPackInfo.from_dict(
                    integration_pack_item_data
                )

                integration_pack.append(integration_pack_item)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        process = cls(
            description=description,
            integration_pack=integration_pack,
            id=id,
            name=name,
        )

        process.additional_properties = d
        return process

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
