from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.listener_action import ListenerAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChangeListenerStatusRequest")


@_attrs_define
class ChangeListenerStatusRequest:
    """
    Attributes:
        action (ListenerAction | Unset): What to do: pause, resume or restart one listener, or the same for every
            listener on the runtime (the _all forms).
        container_id (str | Unset): ID of the Runtime, Runtime cluster or Runtime cloud the listeners are deployed to.
        listener_id (str | Unset): ID of the one listener process to change (its process component ID). Leave it out for
            the _all actions.
    """

    action: ListenerAction | Unset = UNSET
    container_id: str | Unset = UNSET
    listener_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action: str | Unset = UNSET
        if not isinstance(self.action, Unset):
            action = self.action.value

        container_id = self.container_id

        listener_id = self.listener_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if action is not UNSET:
            field_dict["action"] = action
        if container_id is not UNSET:
            field_dict["containerId"] = container_id
        if listener_id is not UNSET:
            field_dict["listenerId"] = listener_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _action = d.pop("action", UNSET)
        action: ListenerAction | Unset
        if isinstance(_action, Unset):
            action = UNSET
        else:
            action = ListenerAction(_action)

        container_id = d.pop("containerId", UNSET)

        listener_id = d.pop("listenerId", UNSET)

        change_listener_status_request = cls(
            action=action,
            container_id=container_id,
            listener_id=listener_id,
        )

        change_listener_status_request.additional_properties = d
        return change_listener_status_request

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
