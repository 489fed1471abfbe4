from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.atom_capabilities_item import AtomCapabilitiesItem
from ..models.atom_status import AtomStatus
from ..models.atom_type import AtomType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.nodes import Nodes


T = TypeVar("T", bound="Atom")


@_attrs_define
class Atom:
    """
    Attributes:
        capabilities (list[AtomCapabilitiesItem] | Unset):
        cloud_id (str | Unset):
        cloud_molecule_id (str | Unset):
        cloud_molecule_name (str | Unset):
        cloud_name (str | Unset):
        cloud_owner_name (str | Unset):
        cluster (Nodes | Unset):
        created_by (str | Unset):
        current_version (str | Unset):
        date_installed (datetime.datetime | Unset):
        force_restart_time (int | Unset):
        host_name (str | Unset):
        id (str | Unset):
        instance_id (str | Unset):
        is_cloud_attachment (bool | Unset):
        name (str | Unset):
        purge_history_days (int | Unset):
        purge_immediate (bool | Unset):
        status (AtomStatus | Unset):
        type_ (AtomType | Unset):
        status_detail (str | Unset):
    """

    capabilities: list[AtomCapabilitiesItem] | Unset = UNSET
    cloud_id: str | Unset = UNSET
    cloud_molecule_id: str | Unset = UNSET
    cloud_molecule_name: str | Unset = UNSET
    cloud_name: str | Unset = UNSET
    cloud_owner_name: str | Unset = UNSET
    cluster: Nodes | Unset = UNSET
    created_by: str | Unset = UNSET
    current_version: str | Unset = UNSET
    date_installed: datetime.datetime | Unset = UNSET
    force_restart_time: int | Unset = UNSET
    host_name: str | Unset = UNSET
    id: str | Unset = UNSET
    instance_id: str | Unset = UNSET
    is_cloud_attachment: bool | Unset = UNSET
    name: str | Unset = UNSET
    purge_history_days: int | Unset = UNSET
    purge_immediate: bool | Unset = UNSET
    status: AtomStatus | Unset = UNSET
    type_: AtomType | Unset = UNSET
    status_detail: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        capabilities: list[str] | Unset = UNSET
        if not isinstance(self.capabilities, Unset):
            capabilities = []
            for capabilities_item_data in self.capabilities:
                capabilities_item = capabilities_item_data.value
                capabilities.append(capabilities_item)

        cloud_id = self.cloud_id

        cloud_molecule_id = self.cloud_molecule_id

        cloud_molecule_name = self.cloud_molecule_name

        cloud_name = self.cloud_name

        cloud_owner_name = self.cloud_owner_name

        cluster: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cluster, Unset):
            cluster = self.cluster.to_dict()

        created_by = self.created_by

        current_version = self.current_version

        date_installed: str | Unset = UNSET
        if not isinstance(self.date_installed, Unset):
            date_installed = self.date_installed.isoformat()

        force_restart_time = self.force_restart_time

        host_name = self.host_name

        id = self.id

        instance_id = self.instance_id

        is_cloud_attachment = self.is_cloud_attachment

        name = self.name

        purge_history_days = self.purge_history_days

        purge_immediate = self.purge_immediate

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        status_detail = self.status_detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities
        if cloud_id is not UNSET:
            field_dict["cloudId"] = cloud_id
        if cloud_molecule_id is not UNSET:
            field_dict["cloudMoleculeId"] = cloud_molecule_id
        if cloud_molecule_name is not UNSET:
            field_dict["cloudMoleculeName"] = cloud_molecule_name
        if cloud_name is not UNSET:
            field_dict["cloudName"] = cloud_name
        if cloud_owner_name is not UNSET:
            field_dict["cloudOwnerName"] = cloud_owner_name
        if cluster is not UNSET:
            field_dict["cluster"] = cluster
        if created_by is not UNSET:
            field_dict["createdBy"] = created_by
        if current_version is not UNSET:
            field_dict["currentVersion"] = current_version
        if date_installed is not UNSET:
            field_dict["dateInstalled"] = date_installed
        if force_restart_time is not UNSET:
            field_dict["forceRestartTime"] = force_restart_time
        if host_name is not UNSET:
            field_dict["hostName"] = host_name
        if id is not UNSET:
            field_dict["id"] = id
        if instance_id is not UNSET:
            field_dict["instanceId"] = instance_id
        if is_cloud_attachment is not UNSET:
            field_dict["isCloudAttachment"] = is_cloud_attachment
        if name is not UNSET:
            field_dict["name"] = name
        if purge_history_days is not UNSET:
            field_dict["purgeHistoryDays"] = purge_history_days
        if purge_immediate is not UNSET:
            field_dict["purgeImmediate"] = purge_immediate
        if status is not UNSET:
            field_dict["status"] = status
        if type_ is not UNSET:
            field_dict["type"] = type_
        if status_detail is not UNSET:
            field_dict["statusDetail"] = status_detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.nodes import Nodes  # noqa: PLC0415

        d = dict(src_dict)
        _capabilities = d.pop("capabilities", UNSET)
        capabilities: list[AtomCapabilitiesItem] | Unset = UNSET
        if _capabilities is not UNSET:
            capabilities = []
            for capabilities_item_data in _capabilities:
                capabilities_item = AtomCapabilitiesItem(capabilities_item_data)

                capabilities.append(capabilities_item)

        cloud_id = d.pop("cloudId", UNSET)

        cloud_molecule_id = d.pop("cloudMoleculeId", UNSET)

        cloud_molecule_name = d.pop("cloudMoleculeName", UNSET)

        cloud_name = d.pop("cloudName", UNSET)

        cloud_owner_name = d.pop("cloudOwnerName", UNSET)

        _cluster = d.pop("cluster", UNSET)
        cluster: Nodes | Unset
        if isinstance(_cluster, Unset):
            cluster = UNSET
        else:
            cluster = Nodes.from_dict(_cluster)

        created_by = d.pop("createdBy", UNSET)

        current_version = d.pop("currentVersion", UNSET)

        _date_installed = d.pop("dateInstalled", UNSET)
        date_installed: datetime.datetime | Unset
        if isinstance(_date_installed, Unset):
            date_installed = UNSET
        else:
            date_installed = datetime.datetime.fromisoformat(_date_installed)

        force_restart_time = d.pop("forceRestartTime", UNSET)

        host_name = d.pop("hostName", UNSET)

        id = d.pop("id", UNSET)

        instance_id = d.pop("instanceId", UNSET)

        is_cloud_attachment = d.pop("isCloudAttachment", UNSET)

        name = d.pop("name", UNSET)

        purge_history_days = d.pop("purgeHistoryDays", UNSET)

        purge_immediate = d.pop("purgeImmediate", UNSET)

        _status = d.pop("status", UNSET)
        status: AtomStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = AtomStatus(_status)

        _type_ = d.pop("type", UNSET)
        type_: AtomType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = AtomType(_type_)

        status_detail = d.pop("statusDetail", UNSET)

        atom = cls(
            capabilities=capabilities,
            cloud_id=cloud_id,
            cloud_molecule_id=cloud_molecule_id,
            cloud_molecule_name=cloud_molecule_name,
            cloud_name=cloud_name,
            cloud_owner_name=cloud_owner_name,
            cluster=cluster,
            created_by=created_by,
            current_version=current_version,
            date_installed=date_installed,
            force_restart_time=force_restart_time,
            host_name=host_name,
            id=id,
            instance_id=instance_id,
            is_cloud_attachment=is_cloud_attachment,
            name=name,
            purge_history_days=purge_history_days,
            purge_immediate=purge_immediate,
            status=status,
            type_=type_,
            status_detail=status_detail,
        )

        atom.additional_properties = d
        return atom

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
