from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.environment_atom_attachment_grouping_expression import (
        EnvironmentAtomAttachmentGroupingExpression,
    )
    from ..models.environment_atom_attachment_simple_expression import (
        EnvironmentAtomAttachmentSimpleExpression,
    )


T = TypeVar("T", bound="EnvironmentAtomAttachmentQueryConfigQueryFilter")


@_attrs_define
class EnvironmentAtomAttachmentQueryConfigQueryFilter:
    """
    Attributes:
        expression (EnvironmentAtomAttachmentGroupingExpression | EnvironmentAtomAttachmentSimpleExpression):
    """

    expression: (
        EnvironmentAtomAttachmentGroupingExpression
        | EnvironmentAtomAttachmentSimpleExpression
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.environment_atom_attachment_simple_expression import (
            EnvironmentAtomAttachmentSimpleExpression,  # noqa: PLC0415
        )

        expression: dict[str, Any]
        if isinstance(self.expression, EnvironmentAtomAttachmentSimpleExpression):
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
        from ..models.environment_atom_attachment_grouping_expression import (
            EnvironmentAtomAttachmentGroupingExpression,  # noqa: PLC0415
        )
        from ..models.environment_atom_attachment_simple_expression import (
            EnvironmentAtomAttachmentSimpleExpression,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_expression(
            data: object,
        ) -> (
            EnvironmentAtomAttachmentGroupingExpression
            | EnvironmentAtomAttachmentSimpleExpression
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_environment_atom_attachment_expression_type_0 = (
                    EnvironmentAtomAttachmentSimpleExpression.from_dict(data)
                )

                return componentsschemas_environment_atom_attachment_expression_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_environment_atom_attachment_expression_type_1 = (
                EnvironmentAtomAttachmentGroupingExpression.from_dict(data)
            )

            return componentsschemas_environment_atom_attachment_expression_type_1

        expression = _parse_expression(d.pop("expression"))

        environment_atom_attachment_query_config_query_filter = cls(
            expression=expression,
        )

        environment_atom_attachment_query_config_query_filter.additional_properties = d
        return environment_atom_attachment_query_config_query_filter

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
