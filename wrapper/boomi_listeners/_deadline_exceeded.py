"""The error of a call whose total timeout ran out (see ``_deadline``): an httpx timeout, handled as one."""

from __future__ import annotations

import httpx

__all__ = ["DeadlineExceeded"]


class DeadlineExceeded(httpx.TimeoutException):
    """The call's total timeout ran out; ``sent`` says whether the request may have reached the server."""

    def __init__(self, message: str, *, sent: bool, request: httpx.Request | None = None) -> None:
        super().__init__(message, request=request)
        self.sent = sent
