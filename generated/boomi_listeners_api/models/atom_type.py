from enum import StrEnum


class AtomType(StrEnum):
    ATOM = "ATOM"
    CLOUD = "CLOUD"
    MOLECULE = "MOLECULE"

    def __str__(self) -> str:
        return str(self.value)
