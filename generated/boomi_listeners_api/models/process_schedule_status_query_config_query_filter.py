from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.process_schedule_status_grouping_expression import (
        ProcessScheduleStatusGroupingExpression,
    )
    from ..models.process_schedule_status_simple_expression import (
        ProcessScheduleStatusSimpleExpression,
    )


T = TypeVar("T", bound="ProcessScheduleStatusQueryConfigQueryFilter")


@_attrs_define
class ProcessScheduleStatusQueryConfigQueryFilter:
    """
    Attributes:
        expression (ProcessScheduleStatusGroupingExpression | ProcessScheduleStatusSimpleExpression):
    """

    expression: (
        ProcessScheduleStatusGroupingExpression | ProcessScheduleStatusSimpleExpression
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.process_schedule_status_simple_expression import (
            ProcessScheduleStatusSimpleExpression,  # noqa: PLC0415
        )

        expression: dict[str, Any]
        if isinstance(self.expression, ProcessScheduleStatusSimpleExpression):
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
        from ..models.process_schedule_status_grouping_expression import (
            ProcessScheduleStatusGroupingExpression,  # noqa: PLC0415
        )
        from ..models.process_schedule_status_simple_expression import (
            ProcessScheduleStatusSimpleExpression,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_expression(
            data: object,
        ) -> (
            ProcessScheduleStatusGroupingExpression
            | ProcessScheduleStatusSimpleExpression
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_process_schedule_status_expression_type_0 = (
                    ProcessScheduleStatusSimpleExpression.from_dict(data)
                )

                return componentsschemas_process_schedule_status_expression_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_process_schedule_status_expression_type_1 = (
                ProcessScheduleStatusGroupingExpression.from_dict(data)
            )

            return componentsschemas_process_schedule_status_expression_type_1

        expression = _parse_expression(d.pop("expression"))

        process_schedule_status_query_config_query_filter = cls(
            expression=expression,
        )

        process_schedule_status_query_config_query_filter.additional_properties = d
        return process_schedule_status_query_config_query_filter

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
