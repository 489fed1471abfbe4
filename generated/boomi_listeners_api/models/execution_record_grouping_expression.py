from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.execution_record_grouping_expression_operator import (
    ExecutionRecordGroupingExpressionOperator,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.execution_record_simple_expression import (
        ExecutionRecordSimpleExpression,
    )


T = TypeVar("T", bound="ExecutionRecordGroupingExpression")


@_attrs_define
class ExecutionRecordGroupingExpression:
    """
    Attributes:
        operator (ExecutionRecordGroupingExpressionOperator):
        nested_expression (list[ExecutionRecordGroupingExpression | ExecutionRecordSimpleExpression] | Unset):
    """

    operator: ExecutionRecordGroupingExpressionOperator
    nested_expression: (
        list[ExecutionRecordGroupingExpression | ExecutionRecordSimpleExpression]
        | Unset
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.execution_record_simple_expression import (
            ExecutionRecordSimpleExpression,  # noqa: PLC0415
        )

        operator = self.operator.value

        nested_expression: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.nested_expression, Unset):
            nested_expression = []
            for nested_expression_item_data in self.nested_expression:
                nested_expression_item: dict[str, Any]
                if isinstance(
                    nested_expression_item_data, ExecutionRecordSimpleExpression
                ):
                    nested_expression_item = nested_expression_item_data.to_dict()
                else:
                    nested_expression_item = nested_expression_item_data.to_dict()

                nested_expression.append(nested_expression_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "operator": operator,
            }
        )
        if nested_expression is not UNSET:
            field_dict["nestedExpression"] = nested_expression

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.execution_record_simple_expression import (
            ExecutionRecordSimpleExpression,  # noqa: PLC0415
        )

        d = dict(src_dict)
        operator = ExecutionRecordGroupingExpressionOperator(d.pop("operator"))

        _nested_expression = d.pop("nestedExpression", UNSET)
        nested_expression: (
            list[ExecutionRecordGroupingExpression | ExecutionRecordSimpleExpression]
            | Unset
        ) = UNSET
        if _nested_expression is not UNSET:
            nested_expression = []
            for nested_expression_item_data in _nested_expression:

                def _parse_nested_expression_item(
                    data: object,
                ) -> (
                    ExecutionRecordGroupingExpression | ExecutionRecordSimpleExpression
                ):
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_execution_record_expression_type_0 = (
                            ExecutionRecordSimpleExpression.from_dict(data)
                        )

                        return componentsschemas_execution_record_expression_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_execution_record_expression_type_1 = (
                        ExecutionRecordGroupingExpression.from_dict(data)
                    )

                    return componentsschemas_execution_record_expression_type_1

                nested_expression_item = _parse_nested_expression_item(
                    nested_expression_item_data
                )

                nested_expression.append(nested_expression_item)

        execution_record_grouping_expression = cls(
            operator=operator,
            nested_expression=nested_expression,
        )

        execution_record_grouping_expression.additional_properties = d
        return execution_record_grouping_expression

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
