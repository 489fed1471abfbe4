from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NodeDetails")


@_attrs_define
class NodeDetails:
    """
    Attributes:
        cluster_problem (str):
        host_name (str):
        node_id (str):
        status (str):
    """

    cluster_problem: str
    host_name: str
    node_id: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cluster_problem = self.cluster_problem

        host_name = self.host_name

        node_id = self.node_id

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clusterProblem": cluster_problem,
                "hostName": host_name,
                "nodeId": node_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cluster_problem = d.pop("clusterProblem")

        host_name = d.pop("hostName")

        node_id = d.pop("nodeId")

        status = d.pop("status")

        node_details = cls(
            cluster_problem=cluster_problem,
            host_name=host_name,
            node_id=node_id,
            status=status,
        )

        node_details.additional_properties = d
        return node_details

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
