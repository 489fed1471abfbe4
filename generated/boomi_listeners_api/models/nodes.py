from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.node_details import NodeDetails


T = TypeVar("T", bound="Nodes")


@_attrs_define
class Nodes:
    """
    Attributes:
        node (list[NodeDetails] | Unset):
    """

    node: list[NodeDetails] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        node: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.node, Unset):
            node = []
            for node_item_data in self.node:
                node_item = node_item_data.to_dict()
                node.append(node_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if node is not UNSET:
            field_dict["node"] = node

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.node_details import NodeDetails  # noqa: PLC0415

        d = dict(src_dict)
        _node = d.pop("node", UNSET)
        node: list[NodeDetails] | Unset = UNSET
        if _node is not UNSET:
            node = []
            for node_item_data in _node:
                node_item = NodeDetails.from_dict(node_item_data)

                node.append(node_item)

        nodes = cls(
            node=node,
        )

        nodes.additional_properties = d
        return nodes

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
