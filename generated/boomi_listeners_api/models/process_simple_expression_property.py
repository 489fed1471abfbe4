from enum import StrEnum


class ProcessSimpleExpressionProperty(StrEnum):
    ID = "id"
    INTEGRATIONPACKID = "integrationPackId"
    INTEGRATIONPACKINSTANCEID = "integrationPackInstanceId"
    NAME = "name"

    def __str__(self) -> str:
        return str(self.value)
