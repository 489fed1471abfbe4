from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.process_schedule_status_simple_expression_operator import (
    ProcessScheduleStatusSimpleExpressionOperator,
)
from ..models.process_schedule_status_simple_expression_property import (
    ProcessScheduleStatusSimpleExpressionProperty,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProcessScheduleStatusSimpleExpression")


@_attrs_define
class ProcessScheduleStatusSimpleExpression:
    """
    Attributes:
        operator (ProcessScheduleStatusSimpleExpressionOperator):
        property_ (ProcessScheduleStatusSimpleExpressionProperty):
        argument (list[str] | Unset):
    """

    operator: ProcessScheduleStatusSimpleExpressionOperator
    property_: ProcessScheduleStatusSimpleExpressionProperty
    argument: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operator = self.operator.value

        property_ = self.property_.value

        argument: list[str] | Unset = UNSET
        if not isinstance(self.argument, Unset):
            argument = self.argument

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "operator": operator,
                "property": property_,
            }
        )
        if argument is not UNSET:
            field_dict["argument"] = argument

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        operator = ProcessScheduleStatusSimpleExpressionOperator(d.pop("operator"))

        property_ = ProcessScheduleStatusSimpleExpressionProperty(d.pop("property"))

        argument = cast(list[str], d.pop("argument", UNSET))

        process_schedule_status_simple_expression = cls(
            operator=operator,
            property_=property_,
            argument=argument,
        )

        process_schedule_status_simple_expression.additional_properties = d
        return process_schedule_status_simple_expression

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
