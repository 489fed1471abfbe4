from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvironmentAtomAttachment")


@_attrs_define
class EnvironmentAtomAttachment:
    """
    Attributes:
        atom_id (str | Unset):
        environment_id (str | Unset):
        id (str | Unset):
    """

    atom_id: str | Unset = UNSET
    environment_id: str | Unset = UNSET
    id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        atom_id = self.atom_id

        environment_id = self.environment_id

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if atom_id is not UNSET:
            field_dict["atomId"] = atom_id
        if environment_id is not UNSET:
            field_dict["environmentId"] = environment_id
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        atom_id = d.pop("atomId", UNSET)

        environment_id = d.pop("environmentId", UNSET)

        id = d.pop("id", UNSET)

        environment_atom_attachment = cls(
            atom_id=atom_id,
            environment_id=environment_id,
            id=id,
        )

        environment_atom_attachment.additional_properties = d
        return environment_atom_attachment

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
