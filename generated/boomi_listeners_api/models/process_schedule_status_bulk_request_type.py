from enum import StrEnum


class ProcessScheduleStatusBulkRequestType(StrEnum):
    CREATE = "CREATE"
    DELETE = "DELETE"
    GET = "GET"
    UPDATE = "UPDATE"

    def __str__(self) -> str:
        return str(self.value)
