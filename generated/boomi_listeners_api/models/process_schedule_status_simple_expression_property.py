from enum import StrEnum


class ProcessScheduleStatusSimpleExpressionProperty(StrEnum):
    ATOMID = "atomId"
    PROCESSID = "processId"

    def __str__(self) -> str:
        return str(self.value)
