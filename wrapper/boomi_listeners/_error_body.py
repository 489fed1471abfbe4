"""Boomi's error text, from JSON or XML bodies (or whatever a proxy sent)."""

from __future__ import annotations

import json
import re
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

__all__ = ["error_message"]

_TAGS = re.compile(r"<[^>]+>")


def error_message(body: bytes, content_type: str, reason: str) -> str:
    """Boomi's ``message`` from ``{"message": …}`` or ``<error><message>…</message></error>``.

    Falls back to a short text of the body, then to the HTTP reason phrase, so an
    HTML page from a gateway still gives a readable error.
    """
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return reason
    if "json" in content_type or text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("message"), str):
            return str(data["message"])
    if "xml" in content_type or text.startswith("<"):
        try:
            # defusedxml: error bodies come from the network and must not expand entities.
            root = SafeET.fromstring(text)
        except (ParseError, DefusedXmlException):
            root = None
        if root is not None:
            for element in root.iter():
                if element.tag.rsplit("}", 1)[-1] == "message" and element.text:
                    return str(element.text).strip()
    flat = " ".join(_TAGS.sub(" ", text).split())
    return flat[:300] if flat else reason
