from enum import StrEnum


class SimpleExpressionProperty(StrEnum):
    CONTAINERID = "containerId"
    LISTENERID = "listenerId"

    def __str__(self) -> str:
        return str(self.value)
