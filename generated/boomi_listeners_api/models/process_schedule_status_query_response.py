from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.process_schedule_status import ProcessScheduleStatus


T = TypeVar("T", bound="ProcessScheduleStatusQueryResponse")


@_attrs_define
class ProcessScheduleStatusQueryResponse:
    """
    Attributes:
        number_of_results (int | Unset):
        query_token (str | Unset):
        result (list[ProcessScheduleStatus] | Unset):
    """

    number_of_results: int | Unset = UNSET
    query_token: str | Unset = UNSET
    result: list[ProcessScheduleStatus] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number_of_results = self.number_of_results

        query_token = self.query_token

        result: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.result, Unset):
            result = []
            for result_item_data in self.result:
                result_item = result_item_data.to_dict()
                result.append(result_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if number_of_results is not UNSET:
            field_dict["numberOfResults"] = number_of_results
        if query_token is not UNSET:
            field_dict["queryToken"] = query_token
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.process_schedule_status import ProcessScheduleStatus  # noqa: PLC0415

        d = dict(src_dict)
        number_of_results = d.pop("numberOfResults", UNSET)

        query_token = d.pop("queryToken", UNSET)

        _result = d.pop("result", UNSET)
        result: list[ProcessScheduleStatus] | Unset = UNSET
        if _result is not UNSET:
            result = []
            for result_item_data in _result:
                result_item = ProcessScheduleStatus.from_dict(result_item_data)

                result.append(result_item)

        process_schedule_status_query_response = cls(
            number_of_results=number_of_results,
            query_token=query_token,
            result=result,
        )

        process_schedule_status_query_response.additional_properties = d
        return process_schedule_status_query_response

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
