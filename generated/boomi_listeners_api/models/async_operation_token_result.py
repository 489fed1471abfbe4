from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.async_token import AsyncToken


T = TypeVar("T", bound="AsyncOperationTokenResult")


@_attrs_define
class AsyncOperationTokenResult:
    """
    Attributes:
        async_token (AsyncToken): Handle for an asynchronous query; pass it to the response endpoint to read the result.
        response_status_code (int): 202: the query was accepted and is still running.
    """

    async_token: AsyncToken
    response_status_code: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        async_token = self.async_token.to_dict()

        response_status_code = self.response_status_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asyncToken": async_token,
                "responseStatusCode": response_status_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.async_token import AsyncToken  # noqa: PLC0415

        d = dict(src_dict)
        async_token = AsyncToken.from_dict(d.pop("asyncToken"))

        response_status_code = d.pop("responseStatusCode")

        async_operation_token_result = cls(
            async_token=async_token,
            response_status_code=response_status_code,
        )

        async_operation_token_result.additional_properties = d
        return async_operation_token_result

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
