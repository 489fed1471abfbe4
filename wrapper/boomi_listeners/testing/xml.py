"""XML request parsing and XML response writing, shaped like the spec's XML examples.

Boomi speaks XML unless asked for JSON. Requests are converted into the same JSON-shaped
dictionaries a JSON body would give, so that one spec-driven validator checks both. Untrusted XML is
parsed with defusedxml (no DTDs, no entity expansion); responses are written with ElementTree.
Namespace prefixes (``bns:``, ``xsi:``) are written literally, as in Boomi's answers, instead of
registering them globally in ElementTree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # writing only; untrusted input is parsed by defusedxml
from collections.abc import Iterable
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET

from .limits import DEFAULT_MAX_NESTING
from .state import ListenerSnapshot

__all__ = [
    "BOOMI_NS",
    "XSI_NS",
    "XmlBodyError",
    "error_xml",
    "parse_change_request",
    "parse_query_config",
    "query_result_xml",
    "token_result_xml",
]

BOOMI_NS = "http://api.platform.boomi.com/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class XmlBodyError(ValueError):
    """The XML body cannot be read as the expected document; the message says why."""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2] if tag.startswith("{") else tag.rpartition(":")[2]


def _parse(body: bytes, max_nesting: int) -> ET.Element:
    try:
        root: ET.Element = SafeET.fromstring(body, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise XmlBodyError(f"the XML body uses a forbidden construct ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        raise XmlBodyError(f"the body is not well-formed XML ({exc})") from None
    # Expat and ElementTree build deep trees without recursion; the readers below recurse, so the
    # depth is checked here, iteratively, before any of them runs.
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > max_nesting:
            raise XmlBodyError(f"the XML body is nested deeper than {max_nesting} levels")
        stack.extend((child, depth + 1) for child in element)
    return root


def _expect_root(root: ET.Element, names: Iterable[str], what: str) -> None:
    if _local(root.tag) not in names:
        raise XmlBodyError(f"the XML root element must be {what}, not <{_local(root.tag)}>")
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace not in ("", BOOMI_NS):
        raise XmlBodyError(f"<{_local(root.tag)}> must be in the namespace {BOOMI_NS}, not {namespace}")


def _fields(element: ET.Element) -> dict[str, str]:
    """Attributes, plus simple child elements (some clients write fields as elements)."""
    values = {_local(name): value for name, value in element.attrib.items() if not name.startswith(f"{{{XSI_NS}}}")}
    for child in element:
        if len(child) == 0 and _local(child.tag) not in values:
            values[_local(child.tag)] = child.text or ""
    return values


def parse_change_request(body: bytes, max_nesting: int = DEFAULT_MAX_NESTING) -> dict[str, Any]:
    """``<ChangeListenerStatusRequest action=… containerId=… listenerId=…/>`` as a dictionary."""
    root = _parse(body, max_nesting)
    _expect_root(root, {"ChangeListenerStatusRequest"}, "<ChangeListenerStatusRequest>")
    return dict(_fields(root))


def _xsi_type(element: ET.Element) -> str | None:
    value = element.attrib.get(f"{{{XSI_NS}}}type")
    return value.rpartition(":")[2] if value else None


def _expression(element: ET.Element, where: str) -> dict[str, Any]:
    kind = _xsi_type(element)
    nested = [child for child in element if _local(child.tag) == "nestedExpression"]
    arguments = [child for child in element if _local(child.tag) == "argument"]
    # operator/property are attributes in Boomi's documents; accept them as leaf elements too.
    fields = {k: v for k, v in _fields(element).items() if k in ("operator", "property")}
    if kind is None:
        # Without xsi:type, tell the two shapes apart by what they carry.
        grouping = nested or (fields.get("operator") in ("and", "or") and "property" not in fields)
        kind = "GroupingExpression" if grouping else "SimpleExpression"
    result: dict[str, Any] = {}
    if "operator" in fields:
        result["operator"] = fields["operator"]
    if kind == "GroupingExpression":
        if arguments or "property" in fields:
            raise XmlBodyError(f"{where} is a GroupingExpression; it takes nestedExpression elements only")
        result["nestedExpression"] = [
            _expression(child, f"{where}.nestedExpression[{i}]") for i, child in enumerate(nested)
        ]
    elif kind == "SimpleExpression":
        if nested:
            raise XmlBodyError(f"{where} is a SimpleExpression; it takes argument elements only")
        if "property" in fields:
            result["property"] = fields["property"]
        if arguments:
            result["argument"] = [child.text or "" for child in arguments]
    else:
        raise XmlBodyError(f"{where} has xsi:type {kind!r}; use SimpleExpression or GroupingExpression")
    return result


def parse_query_config(body: bytes, max_nesting: int = DEFAULT_MAX_NESTING) -> dict[str, Any]:
    """``<QueryConfig><QueryFilter><expression …>`` as the JSON-shaped ListenerStatusQueryConfig."""
    root = _parse(body, max_nesting)
    _expect_root(root, {"QueryConfig", "ListenerStatusQueryConfig"}, "<QueryConfig>")
    filters = [child for child in root if _local(child.tag) == "QueryFilter"]
    if not filters:
        return {}
    if len(filters) > 1:
        raise XmlBodyError("<QueryConfig> must contain one <QueryFilter>")
    expressions = [
        child
        for child in filters[0]
        if _local(child.tag) in ("expression", "SimpleExpression", "GroupingExpression", "ListenerStatusExpression")
    ]
    if not expressions:
        return {"QueryFilter": {}}
    if len(expressions) > 1:
        raise XmlBodyError("<QueryFilter> must contain one <expression>")
    return {"QueryFilter": {"expression": _expression(expressions[0], "QueryFilter.expression")}}


def _document(root: ET.Element, *, declaration: bool = True) -> bytes:
    text = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ((_DECLARATION if declaration else "") + text).encode("utf-8")


def token_result_xml(token: str) -> bytes:
    root = ET.Element("bns:AsyncOperationTokenResult", {"xmlns:bns": BOOMI_NS, "responseStatusCode": "202"})
    ET.SubElement(root, "bns:asyncToken", {"token": token})
    return _document(root)


def query_result_xml(
    results: list[ListenerSnapshot] | None, *, progress_message: str | None = None, empty_202: bool = False
) -> bytes:
    """The AsyncOperationResult document; ``None`` means the query is still running (202).

    ``progress_message`` adds an ``AsyncOperationStatus`` row to the in-progress answer (``status-row``);
    ``empty_202`` reports a finished empty result as 202 with ``numberOfResults`` 0 (``empty-202``).
    """
    attributes = {"xmlns:bns": BOOMI_NS, "xmlns:xsi": XSI_NS}
    if results is None:
        attributes["responseStatusCode"] = "202"
        running = ET.Element("bns:AsyncOperationResult", attributes)
        if progress_message is not None:
            ET.SubElement(running, "bns:result", {"xsi:type": "AsyncOperationStatus", "message": progress_message})
        return _document(running)
    attributes["responseStatusCode"] = "202" if empty_202 and not results else "200"
    attributes["numberOfResults"] = str(len(results))
    root = ET.Element("bns:AsyncOperationResult", attributes)
    for row in results:
        ET.SubElement(
            root,
            "bns:result",
            {
                "xsi:type": "ListenerStatus",
                "status": row.status,
                "listenerId": row.listener_id,
                "connectorType": row.connector_type,
            },
        )
    return _document(root)


def error_xml(message: str) -> bytes:
    root = ET.Element("error")
    ET.SubElement(root, "message").text = message
    return _document(root, declaration=False)
