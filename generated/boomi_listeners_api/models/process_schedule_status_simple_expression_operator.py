from enum import StrEnum


class ProcessScheduleStatusSimpleExpressionOperator(StrEnum):
    BETWEEN = "BETWEEN"
    CONTAINS = "CONTAINS"
    EQUALS = "EQUALS"
    GREATER_THAN = "GREATER_THAN"
    GREATER_THAN_OR_EQUAL = "GREATER_THAN_OR_EQUAL"
    IS_NOT_NULL = "IS_NOT_NULL"
    IS_NULL = "IS_NULL"
    LESS_THAN = "LESS_THAN"
    LESS_THAN_OR_EQUAL = "LESS_THAN_OR_EQUAL"
    LIKE = "LIKE"
    NOT_CONTAINS = "NOT_CONTAINS"
    NOT_EQUALS = "NOT_EQUALS"

    def __str__(self) -> str:
        return str(self.value)
