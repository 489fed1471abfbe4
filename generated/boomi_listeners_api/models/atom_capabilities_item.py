from enum import StrEnum


class AtomCapabilitiesItem(StrEnum):
    BROKER = "BROKER"
    GATEWAY = "GATEWAY"

    def __str__(self) -> str:
        return str(self.value)
