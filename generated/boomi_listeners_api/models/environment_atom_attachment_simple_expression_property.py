from enum import StrEnum


class EnvironmentAtomAttachmentSimpleExpressionProperty(StrEnum):
    ATOMID = "atomId"
    ENVIRONMENTID = "environmentId"

    def __str__(self) -> str:
        return str(self.value)
