from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.execution_record_grouping_expression import (
        ExecutionRecordGroupingExpression,
    )
    from ..models.execution_record_simple_expression import (
        ExecutionRecordSimpleExpression,
    )


T = TypeVar("T", bound="ExecutionRecordQueryConfigQueryFilter")


@_attrs_define
class ExecutionRecordQueryConfigQueryFilter:
    """
    Attributes:
        expression (ExecutionRecordGroupingExpression | ExecutionRecordSimpleExpression):
    """

    expression: ExecutionRecordGroupingExpression | ExecutionRecordSimpleExpression
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.execution_record_simple_expression import (
            ExecutionRecordSimpleExpression,  # noqa: PLC0415
        )

        expression: dict[str, Any]
        if isinstance(self.expression, ExecutionRecordSimpleExpression):
            expression = self.expression.to_dict()
        else:
            expression = self.expression.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expression": expression,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.execution_record_grouping_expression import (
            ExecutionRecordGroupingExpression,  # noqa: PLC0415
        )
        from ..models.execution_record_simple_expression import (
            ExecutionRecordSimpleExpression,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_expression(
            data: object,
        ) -> ExecutionRecordGroupingExpression | ExecutionRecordSimpleExpression:
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

        expression = _parse_expression(d.pop("expression"))

        execution_record_query_config_query_filter = cls(
            expression=expression,
        )

        execution_record_query_config_query_filter.additional_properties = d
        return execution_record_query_config_query_filter

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
