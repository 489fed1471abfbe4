from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ListenerStatus")


@_attrs_define
class ListenerStatus:
    """
    Attributes:
        listener_id (str): Component ID of the listener process. Example: 3f1c2a9e-5b7d-4e21-9c0a-7d2e4b6f8a10.
        status (str): What the listener is doing: listening, paused or errored. Example: listening.
        connector_type (str | Unset): Internal name of the listener's connector type, close to the names on the Build
            tab. Example: wss.
    """

    listener_id: str
    status: str
    connector_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        listener_id = self.listener_id

        status = self.status

        connector_type = self.connector_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "listenerId": listener_id,
                "status": status,
            }
        )
        if connector_type is not UNSET:
            field_dict["connectorType"] = connector_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        listener_id = d.pop("listenerId")

        status = d.pop("status")

        connector_type = d.pop("connectorType", UNSET)

        listener_status = cls(
            listener_id=listener_id,
            status=status,
            connector_type=connector_type,
        )

        listener_status.additional_properties = d
        return listener_status

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
