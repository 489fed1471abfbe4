from enum import StrEnum


class ProcessScheduleStatusGroupingExpressionOperator(StrEnum):
    AND = "and"
    OR = "or"

    def __str__(self) -> str:
        return str(self.value)
