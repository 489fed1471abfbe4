from enum import StrEnum


class EnvironmentSimpleExpressionProperty(StrEnum):
    CLASSIFICATION = "classification"
    ID = "id"
    NAME = "name"

    def __str__(self) -> str:
        return str(self.value)
