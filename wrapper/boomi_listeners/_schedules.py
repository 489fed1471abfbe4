"""Process schedule statuses: reading them, switching them off for a while, and putting them back.

Free of I/O. Boomi's ``ProcessScheduleStatus`` says whether a deployed process's schedules
fire on a runtime (``enabled``); its ID is synthesised from the process and runtime IDs.
Boomi's UI "Stop All Schedules / Resume All Schedules" resumes every schedule, also those
someone had stopped on purpose; :class:`SchedulePause` remembers which ones it switched
off, so a restore switches back on exactly those and leaves the others as they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from boomi_listeners._checks import check_flag, check_id, check_ids
from boomi_listeners._documents import DocumentSchedule, StateDocument
from boomi_listeners._error_body import loads_json
from boomi_listeners._exceptions import InvalidRequestError, UnexpectedResponseError, error_for_status
from boomi_listeners._exchange import logger
from boomi_listeners._paging import BULK_LIMIT, equals, query_request
from boomi_listeners._protocol import Request, status_code_of, unreadable

__all__ = [
    "BULK_PATH",
    "QUERY_PATH",
    "SchedulePause",
    "ScheduleStatus",
    "as_document_schedules",
    "in_document",
]

QUERY_PATH = "/ProcessScheduleStatus/query"
BULK_PATH = "/ProcessScheduleStatus/bulk"
ROW_TYPE = "ProcessScheduleStatus"


@dataclass(frozen=True)
class ScheduleStatus:
    """Whether one process's schedules are in effect on one runtime (Boomi's ``ProcessScheduleStatus``)."""

    schedule_id: str
    container_id: str
    process_id: str
    enabled: bool

    def to_dict(self) -> dict[str, Any]:
        """Boomi's JSON shape: ``{id, atomId, processId, enabled}`` (also what an update sends)."""
        return {
            "id": self.schedule_id,
            "atomId": self.container_id,
            "processId": self.process_id,
            "enabled": self.enabled,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScheduleStatus:
        """From Boomi's JSON shape; KeyError/TypeError when a field is missing or of the wrong type."""
        ids = {key: data[key] for key in ("id", "atomId", "processId")}
        enabled = data["enabled"]
        if isinstance(enabled, str) and enabled.lower() in ("true", "false"):  # XML-born JSON says "true"
            enabled = enabled.lower() == "true"
        if not all(isinstance(value, str) and value for value in ids.values()) or not isinstance(enabled, bool):
            raise TypeError("a ProcessScheduleStatus needs string id, atomId, processId and a boolean enabled")
        return cls(ids["id"], ids["atomId"], ids["processId"], enabled)

    def with_enabled(self, enabled: bool) -> ScheduleStatus:
        return ScheduleStatus(self.schedule_id, self.container_id, self.process_id, enabled)


def as_document_schedules(statuses: Iterable[ScheduleStatus]) -> tuple[DocumentSchedule, ...]:
    """Schedule statuses as a state document records them (one runtime's; the runtime is the key above)."""
    return tuple(DocumentSchedule(s.schedule_id, s.process_id, s.enabled) for s in statuses)


def in_document(document: StateDocument) -> list[ScheduleStatus]:
    """The schedule statuses a state document records, on the runtimes that cover them."""
    return [ScheduleStatus(s.schedule_id, c, s.process_id, s.enabled) for c, s in document.schedules()]


# -- requests ------------------------------------------------------------------------------------


def runtime_query(container_id: str) -> Request:
    """The QUERY for every schedule status on one runtime (``atomId`` EQUALS)."""
    return query_request(QUERY_PATH, equals("atomId", check_id(container_id, "container_id")))


def get_request(schedule_id: str) -> Request:
    from boomi_listeners_api.api.process_schedule_status import get_process_schedule_status

    return get_process_schedule_status._get_kwargs(id=check_id(schedule_id, "schedule_id"))


def bulk_requests(schedule_ids: Sequence[str]) -> list[Request]:
    """Bulk GET requests for ``schedule_ids``, at most :data:`~boomi_listeners._paging.BULK_LIMIT` IDs each."""
    # An empty list asks for nothing and sends nothing.
    ids = check_ids(schedule_ids, "schedule_ids", "schedule", at_least=0)
    return [
        {
            "method": "post",
            "url": BULK_PATH,
            "json": {"type": "GET", "request": [{"id": i} for i in ids[s : s + BULK_LIMIT]]},
        }
        for s in range(0, len(ids), BULK_LIMIT)
    ]


def update_request(status: ScheduleStatus) -> Request:
    """The update ``POST /ProcessScheduleStatus/{id}`` with ``{id, atomId, processId, enabled}``."""
    from boomi_listeners_api.api.process_schedule_status import update_process_schedule_status
    from boomi_listeners_api.models import ProcessScheduleStatus

    body = ProcessScheduleStatus.from_dict(status.to_dict())
    return update_process_schedule_status._get_kwargs(id=status.schedule_id, body=body)


def checked_status(*, schedule_id: object, container_id: object, process_id: object, enabled: object) -> ScheduleStatus:
    return ScheduleStatus(
        check_id(schedule_id, "schedule_id"),
        check_id(container_id, "container_id"),
        check_id(process_id, "process_id"),
        check_flag(enabled, "enabled"),
    )


def not_switched(wanted: ScheduleStatus, answered: ScheduleStatus) -> UnexpectedResponseError:
    """An update Boomi accepted whose answer does not show the value asked for."""
    return UnexpectedResponseError(
        f"schedule {wanted.schedule_id} of process {wanted.process_id} on container {wanted.container_id}: asked for "
        f"enabled={str(wanted.enabled).lower()}, Boomi answered enabled={str(answered.enabled).lower()}"
    )


# -- answers -------------------------------------------------------------------------------------


def statuses_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[ScheduleStatus]:
    """One ScheduleStatus per well-formed row; an odd row is skipped and logged, not fatal."""
    found: list[ScheduleStatus] = []
    for row in rows:
        try:
            found.append(ScheduleStatus.from_dict(row))
        except (KeyError, TypeError):
            logger.debug("skipped a ProcessScheduleStatus row without id, atomId, processId and enabled")
    return found


def read_status(response: httpx.Response, method: str, path: str) -> ScheduleStatus:
    """A GET's or an update's answer: one ProcessScheduleStatus."""
    try:
        data = loads_json(response.content)
        return ScheduleStatus.from_dict(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise unreadable(method, path, response.status_code, f"not a ProcessScheduleStatus ({str(exc)[:80]})") from None


def read_bulk(response: httpx.Response) -> list[ScheduleStatus | tuple[str, int, str]]:
    """A bulk GET's answer, per item: the status, or ``(id, statusCode, errorMessage)`` for an item that failed."""
    try:
        data = loads_json(response.content)
    except ValueError as exc:
        raise unreadable("POST", BULK_PATH, response.status_code, f"not JSON ({str(exc)[:100]})") from None
    items = data.get("response") if isinstance(data, dict) else None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise unreadable("POST", BULK_PATH, response.status_code, "no 'response' list")
    found: list[ScheduleStatus | tuple[str, int, str]] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        result = item.get("Result")
        try:
            found.append(ScheduleStatus.from_dict(result) if isinstance(result, dict) else _failed(item))
        except (KeyError, TypeError):
            found.append(_failed(item))
    return found


def bulk_statuses(response: httpx.Response) -> list[ScheduleStatus]:
    """A bulk GET's statuses; an item Boomi answered with an error raises it (an APIError by its status code)."""
    found: list[ScheduleStatus] = []
    for item in read_bulk(response):
        if isinstance(item, ScheduleStatus):
            found.append(item)
            continue
        schedule_id, code, message = item
        raise error_for_status(code or 400, f"schedule {schedule_id}: {message}", method="POST", path=BULK_PATH)
    return found


def _failed(item: Mapping[str, Any]) -> tuple[str, int, str]:
    # Read like a ListenerStatus answer's code: XML-born JSON writes "404" where it means 404.
    code = status_code_of(item.get("statusCode")) or 0
    return (str(item.get("id", "")), code, str(item.get("errorMessage") or "no result"))


# -- planning a quiet runtime --------------------------------------------------------------------


@dataclass(frozen=True)
class SchedulePause:
    """Schedules switched off for a while on some runtimes, and what restoring them means.

    ``disabled`` are the schedules this pause switches off (they were enabled);
    ``kept`` are those that were disabled already, which a restore leaves disabled.
    It is plain data (:meth:`to_dict`/:meth:`from_dict`), so a journal can keep it and
    a later process can restore.
    """

    disabled: tuple[ScheduleStatus, ...] = ()
    kept: tuple[ScheduleStatus, ...] = field(default=())

    @classmethod
    def plan(cls, statuses: Iterable[ScheduleStatus]) -> SchedulePause:
        """Disable what is enabled; remember what was disabled before."""
        seen = list({s.schedule_id: s for s in statuses}.values())
        return cls(
            tuple(s.with_enabled(False) for s in seen if s.enabled),
            tuple(s for s in seen if not s.enabled),
        )

    def disable_updates(self) -> list[ScheduleStatus]:
        """The updates that switch the schedules off (``enabled: false``)."""
        return list(self.disabled)

    def restore_updates(self, current: Iterable[ScheduleStatus] | None = None) -> list[ScheduleStatus]:
        """The updates that put the schedules back: ``enabled: true`` for exactly those this pause disabled.

        With ``current`` (what the runtime reports now), a schedule already enabled again
        needs no request; one that was disabled before the pause is never enabled.
        """
        enabled_now = {s.schedule_id for s in current or () if s.enabled}
        return [s.with_enabled(True) for s in self.disabled if s.schedule_id not in enabled_now]

    def to_dict(self) -> dict[str, Any]:
        return {"disabled": [s.to_dict() for s in self.disabled], "kept": [s.to_dict() for s in self.kept]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SchedulePause:
        """From :meth:`to_dict`'s shape; InvalidRequestError naming the part that is wrong."""
        try:
            return cls(
                tuple(ScheduleStatus.from_dict(item) for item in data.get("disabled", [])),
                tuple(ScheduleStatus.from_dict(item) for item in data.get("kept", [])),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InvalidRequestError(f"not a schedule pause: {exc}", field="schedules") from None
