from enum import IntEnum


class AsyncResponseStatusCode(IntEnum):
    VALUE_200 = 200
    VALUE_202 = 202

    def __str__(self) -> str:
        return str(self.value)
