from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.environment_classification import EnvironmentClassification
from ..types import UNSET, Unset

T = TypeVar("T", bound="Environment")


@_attrs_define
class Environment:
    """
    Attributes:
        classification (EnvironmentClassification | Unset):
        id (str | Unset):
        name (str | Unset):
        parent_account (str | Unset):
        parent_environment (str | Unset):
    """

    classification: EnvironmentClassification | Unset = UNSET
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    parent_account: str | Unset = UNSET
    parent_environment: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        classification: str | Unset = UNSET
        if not isinstance(self.classification, Unset):
            classification = self.classification.value

        id = self.id

        name = self.name

        parent_account = self.parent_account

        parent_environment = self.parent_environment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if classification is not UNSET:
            field_dict["classification"] = classification
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if parent_account is not UNSET:
            field_dict["parentAccount"] = parent_account
        if parent_environment is not UNSET:
            field_dict["parentEnvironment"] = parent_environment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _classification = d.pop("classification", UNSET)
        classification: EnvironmentClassification | Unset
        if isinstance(_classification, Unset):
            classification = UNSET
        else:
            classification = EnvironmentClassification(_classification)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        parent_account = d.pop("parentAccount", UNSET)

        parent_environment = d.pop("parentEnvironment", UNSET)

        environment = cls(
            classification=classification,
            id=id,
            name=name,
            parent_account=parent_account,
            parent_environment=parent_environment,
        )

        environment.additional_properties = d
        return environment

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
