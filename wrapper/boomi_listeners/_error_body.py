"""Boomi's error text, from every body shape the evidence shows (or whatever a proxy sent).

Shapes: ``{"@type": "Error", "message": …}``, ``{"message": …}``,
``{"error": {"message": …}}``, XML ``<error><message>…</message></error>``, and
anything else (an HTML page from a gateway, bytes that are not UTF-8, JSON nested
too deeply to parse), which falls back to a short flattened text of the body and
then to the HTTP reason phrase. Nothing here raises: an error body must never
turn one error into another.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["error_message", "loads_json"]

_TAGS = re.compile(r"<[^>]+>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
#: Enough for any message Boomi writes; a longer one is cut so a hostile body cannot flood a log or a terminal.
MAX_MESSAGE = 500


def loads_json(body: bytes) -> Any:
    """Parse JSON from the network; ValueError for anything that is not (deep nesting and bad bytes included)."""
    try:
        return json.loads(body)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def error_message(body: bytes, content_type: str, reason: str) -> str:
    """The best one-line message for an error answer; never raises."""
    # utf-8-sig: a byte order mark in front of JSON or XML is not text, and hid the body's shape.
    text = body.decode("utf-8-sig", errors="replace").strip()
    if not text:
        return _clean(reason) or "no message"
    found: str | None = None
    if "json" in content_type or text[:1] in "{[":
        found = _json_message(body)
    if found is None and ("xml" in content_type or text.startswith("<")):
        found = _xml_message(text)
    if found is None:
        found = _TAGS.sub(" ", text)
    return _clean(found) or _clean(reason) or "no message"


def _json_message(body: bytes) -> str | None:
    try:
        data = loads_json(body)
    except ValueError:
        return None
    if isinstance(data, list) and data:
        data = data[0]
    if not isinstance(data, dict):
        return None
    nested = data.get("error")
    for holder in (data, nested if isinstance(nested, dict) else None):
        if holder is not None and isinstance(holder.get("message"), str | int | float):
            return str(holder["message"])
    if isinstance(nested, str):
        return nested
    return None


def _xml_message(text: str) -> str | None:
    # Loaded with the first XML error body: most programs never meet one.
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        # defusedxml: error bodies come from the network and must not expand entities.
        root = SafeET.fromstring(text)
    except (ParseError, DefusedXmlException, ValueError, RecursionError):
        return None
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] == "message" and element.text:
            return str(element.text)
    return None


def _clean(text: str) -> str:
    """One line without control characters, cut to MAX_MESSAGE."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= MAX_MESSAGE else flat[: MAX_MESSAGE - 1] + "…"
