from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.async_response_status_code import AsyncResponseStatusCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.listener_status import ListenerStatus


T = TypeVar("T", bound="ListenerStatusAsyncResponse")


@_attrs_define
class ListenerStatusAsyncResponse:
    """
    Attributes:
        response_status_code (AsyncResponseStatusCode): 202 while the runtime is still answering the query; 200 once the
            result is complete.
        number_of_results (int | Unset):
        result (list[ListenerStatus] | Unset):
    """

    response_status_code: AsyncResponseStatusCode
    number_of_results: int | Unset = UNSET
    result: list[ListenerStatus] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        response_status_code = self.response_status_code.value

        number_of_results = self.number_of_results

        result: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.result, Unset):
            result = []
            for result_item_data in self.result:
                result_item = result_item_data.to_dict()
                result.append(result_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "responseStatusCode": response_status_code,
            }
        )
        if number_of_results is not UNSET:
            field_dict["numberOfResults"] = number_of_results
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.listener_status import ListenerStatus  # noqa: PLC0415

        d = dict(src_dict)
        response_status_code = AsyncResponseStatusCode(d.pop("responseStatusCode"))

        number_of_results = d.pop("numberOfResults", UNSET)

        _result = d.pop("result", UNSET)
        result: list[ListenerStatus] | Unset = UNSET
        if _result is not UNSET:
            result = []
            for result_item_data in _result:
                result_item = ListenerStatus.from_dict(result_item_data)

                result.append(result_item)

        listener_status_async_response = cls(
            response_status_code=response_status_code,
            number_of_results=number_of_results,
            result=result,
        )

        listener_status_async_response.additional_properties = d
        return listener_status_async_response

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
