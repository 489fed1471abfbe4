from enum import StrEnum


class ListenerAction(StrEnum):
    PAUSE = "pause"
    PAUSE_ALL = "pause_all"
    RESTART = "restart"
    RESTART_ALL = "restart_all"
    RESUME = "resume"
    RESUME_ALL = "resume_all"

    def __str__(self) -> str:
        return str(self.value)
