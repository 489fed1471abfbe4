from enum import StrEnum


class AtomStatus(StrEnum):
    OFFLINE = "OFFLINE"
    ONLINE = "ONLINE"
    UNKNOWN = "UNKNOWN"
    WARNING = "WARNING"

    def __str__(self) -> str:
        return str(self.value)
