"""The platform objects a quiet runtime needs, as the fake answers them: schedule statuses and
execution records, in JSON or XML, and the QUERY filters that pick them. (Runtimes, ``Atom``, are
the name reads' objects: see :mod:`.objects`.)

JSON is written the way Boomi's own examples show it, int64 counters of an ExecutionRecord
included (``"executionDuration": ["Long", 3832]``); XML puts the attributes the spec marks as
attributes on the element and the rest in ``bns:`` child elements.
"""

from __future__ import annotations

import fnmatch
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from starlette.responses import JSONResponse, Response

from .querying import FilterError
from .state import Execution, Runtime, Schedule, schedule_id_of
from .xml import BOOMI_NS, XSI_NS, _document

__all__ = [
    "EXECUTION_PROPERTIES",
    "SCHEDULE_PROPERTIES",
    "FilterError",
    "execution_json",
    "matches",
    "object_response",
    "query_response",
    "schedule_json",
]

#: The properties a QUERY filter may name (the spec's SimpleExpression ``property`` enums).
SCHEDULE_PROPERTIES = frozenset({"processId", "atomId"})
EXECUTION_PROPERTIES = frozenset(
    {
        "executionId", "originalExecutionId", "account", "executionTime", "status", "executionType", "processName",
        "processId", "atomName", "atomId", "inboundDocumentCount", "outboundDocumentCount", "executionDuration",
        "message", "reportKey", "launcherId", "nodeId", "recordedDate",
    }
)  # fmt: skip
_XML_ATTRIBUTES = {
    "ProcessScheduleStatus": {"id", "atomId", "processId", "enabled"},
    "Atom": {"id", "name", "status", "statusDetail", "type", "hostName", "currentVersion", "dateInstalled"},
    "ExecutionRecord": set(),
}


def _long(value: int) -> list[object]:
    return ["Long", value]


def schedule_json(runtime: Runtime, schedule: Schedule) -> dict[str, Any]:
    return {
        "@type": "ProcessScheduleStatus",
        "id": schedule_id_of(runtime.id, schedule.process_id),
        "atomId": runtime.id,
        "processId": schedule.process_id,
        "enabled": schedule.enabled,
    }


def execution_json(execution: Execution, runtime: Runtime, account_id: str, now: float) -> dict[str, Any]:
    """An ExecutionRecord as Boomi's example writes one (numeric int64 fields as ``["Long", n]``)."""
    status = execution.status(now)
    started = f"{execution.started_at:%Y-%m-%dT%H:%M:%SZ}"
    return {
        "@type": "ExecutionRecord",
        "executionId": execution.id,
        "account": account_id,
        "executionTime": started,
        "status": status,
        "executionType": "exec_sched" if runtime.find_schedule(execution.process_id) else "exec_manual",
        "processName": execution.process_name,
        "processId": execution.process_id,
        "atomName": runtime.name,
        "atomId": runtime.id,
        "inboundDocumentCount": 0 if status == "INPROCESS" else 1,
        "inboundErrorDocumentCount": 0,
        "outboundDocumentCount": 0 if status == "INPROCESS" else 1,
        "executionDuration": _long(execution.duration_ms(now)),
        "inboundDocumentSize": _long(0),
        "outboundDocumentSize": _long(0),
        "nodeId": f"127_0_0_1[{execution.id}]",
        "recordedDate": started,
    }


# -- QUERY filters ---------------------------------------------------------------------------------


def _compare(value: object, operator: str, arguments: Sequence[str]) -> bool:
    text = "" if value is None else str(value[1] if isinstance(value, list) else value)
    if operator == "IS_NULL":
        return value is None or text == ""
    if operator == "IS_NOT_NULL":
        return not (value is None or text == "")
    if not arguments:
        raise FilterError(f"operator {operator} needs an argument")
    first = arguments[0]
    if operator == "EQUALS":
        return text == first
    if operator == "NOT_EQUALS":
        return text != first
    if operator == "LIKE":
        return fnmatch.fnmatchcase(text, first.replace("%", "*"))
    if operator == "CONTAINS":
        return first in text
    if operator == "NOT_CONTAINS":
        return first not in text

    def key(item: str) -> tuple[int, float | str]:
        try:
            return (0, float(item))
        except ValueError:
            return (1, item)

    if operator == "BETWEEN":
        if len(arguments) != 2:
            raise FilterError("operator BETWEEN needs two arguments")
        return key(first) <= key(text) <= key(arguments[1])
    checks: dict[str, Callable[[Any, Any], bool]] = {
        "GREATER_THAN": lambda a, b: a > b,
        "GREATER_THAN_OR_EQUAL": lambda a, b: a >= b,
        "LESS_THAN": lambda a, b: a < b,
        "LESS_THAN_OR_EQUAL": lambda a, b: a <= b,
    }
    if operator not in checks:
        raise FilterError(f"operator {operator!r} is not a query operator")
    return checks[operator](key(text), key(first))


def matches(row: Mapping[str, Any], expression: Mapping[str, Any], properties: frozenset[str]) -> bool:
    """Whether ``row`` passes the filter ``expression`` (a SimpleExpression or GroupingExpression)."""
    if "nestedExpression" in expression:
        nested = expression.get("nestedExpression") or []
        if not isinstance(nested, list):
            nested = [nested]
        operator = str(expression.get("operator", "")).lower()
        results = [matches(row, item, properties) for item in nested if isinstance(item, Mapping)]
        if operator == "and":
            return all(results)
        if operator == "or":
            return any(results)
        raise FilterError(f"grouping operator {expression.get('operator')!r} is not 'and' or 'or'")
    prop = expression.get("property")
    if prop not in properties:
        raise FilterError(f"property {prop!r} cannot be queried; use one of {sorted(properties)}")
    arguments = expression.get("argument") or []
    if isinstance(arguments, str):
        arguments = [arguments]
    lookup = "launcherID" if prop == "launcherId" else str(prop)
    return _compare(row.get(lookup), str(expression.get("operator", "")), [str(a) for a in arguments])


# -- answers ---------------------------------------------------------------------------------------


def _element(parent: ET.Element | None, tag: str, data: Mapping[str, Any], kind: str) -> ET.Element:
    attributes = {k: _xml_text(v) for k, v in data.items() if k in _XML_ATTRIBUTES[kind]}
    element = ET.Element(tag, attributes) if parent is None else ET.SubElement(parent, tag, attributes)
    for key, value in data.items():
        if key == "@type" or key in _XML_ATTRIBUTES[kind]:
            continue
        if key == "cluster":
            cluster = ET.SubElement(element, "bns:cluster")
            for node in value["node"]:
                item = ET.SubElement(cluster, "bns:node")
                for name, text in node.items():
                    ET.SubElement(item, f"bns:{name}").text = _xml_text(text)
            continue
        ET.SubElement(element, f"bns:{key}").text = _xml_text(value)
    return element


def _xml_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return str(value[1])
    return str(value)


def object_response(data: Mapping[str, Any], *, json: bool) -> Response:
    """One object (``@type`` names it) as JSON or XML."""
    if json:
        return JSONResponse(dict(data))
    kind = str(data["@type"])
    root = _element(None, f"bns:{kind}", data, kind)
    root.set("xmlns:bns", BOOMI_NS)
    return Response(_document(root), media_type="application/xml")


def query_response(rows: Sequence[Mapping[str, Any]], token: str | None, total: int, *, json: bool) -> Response:
    """A QueryResult page; ``token`` (queryToken) when more pages remain."""
    if json:
        body: dict[str, Any] = {"@type": "QueryResult", "numberOfResults": total, "result": [dict(r) for r in rows]}
        if token is not None:
            body["queryToken"] = token
        return JSONResponse(body)
    root = ET.Element("bns:QueryResult", {"xmlns:bns": BOOMI_NS, "xmlns:xsi": XSI_NS, "numberOfResults": str(total)})
    for row in rows:
        kind = str(row["@type"])
        _element(root, "bns:result", row, kind).set("xsi:type", kind)
    if token is not None:
        ET.SubElement(root, "bns:queryToken").text = token
    return Response(_document(root), media_type="application/xml")


def bulk_response(items: Sequence[Mapping[str, Any]], *, json: bool) -> Response:
    """A BulkResult: per ID its ``Result`` or its ``statusCode`` and ``errorMessage``."""
    if json:
        return JSONResponse({"@type": "BulkResult", "response": [dict(item) for item in items]})
    root = ET.Element("bns:BulkResult", {"xmlns:bns": BOOMI_NS, "xmlns:xsi": XSI_NS})
    for item in items:
        attributes = {k: str(v) for k, v in item.items() if k in ("index", "id", "statusCode", "errorMessage")}
        response = ET.SubElement(root, "bns:response", attributes)
        if "Result" in item:
            _element(response, "bns:Result", item["Result"], "ProcessScheduleStatus").set(
                "xsi:type", "ProcessScheduleStatus"
            )
    return Response(_document(root), media_type="application/xml")
