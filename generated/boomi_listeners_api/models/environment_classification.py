from enum import StrEnum


class EnvironmentClassification(StrEnum):
    PROD = "PROD"
    TEST = "TEST"

    def __str__(self) -> str:
        return str(self.value)
