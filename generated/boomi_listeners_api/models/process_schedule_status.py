from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProcessScheduleStatus")


@_attrs_define
class ProcessScheduleStatus:
    """
    Attributes:
        atom_id (str | Unset):
        enabled (bool | Unset):
        id (str | Unset):
        process_id (str | Unset):
    """

    atom_id: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    id: str | Unset = UNSET
    process_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        atom_id = self.atom_id

        enabled = self.enabled

        id = self.id

        process_id = self.process_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if atom_id is not UNSET:
            field_dict["atomId"] = atom_id
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if id is not UNSET:
            field_dict["id"] = id
        if process_id is not UNSET:
            field_dict["processId"] = process_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        atom_id = d.pop("atomId", UNSET)

        enabled = d.pop("enabled", UNSET)

        id = d.pop("id", UNSET)

        process_id = d.pop("processId", UNSET)

        process_schedule_status = cls(
            atom_id=atom_id,
            enabled=enabled,
            id=id,
            process_id=process_id,
        )

        process_schedule_status.additional_properties = d
        return process_schedule_status

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
