from enum import StrEnum


class AtomSimpleExpressionOperator(StrEnum):
    CONTAINS = "CONTAINS"
    EQUALS = "EQUALS"
    NOT_CONTAINS = "NOT_CONTAINS"
    NOT_EQUALS = "NOT_EQUALS"

    def __str__(self) -> str:
        return str(self.value)
