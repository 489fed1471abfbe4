"""Apply an OpenAPI Overlay 1.0 document to an OpenAPI description.

Targets are RFC 9535 JSONPath queries evaluated by ``jsonpath-rfc9535``.
oas-patch (0.6.0) applies overlays but selects targets with jsonpath-ng, not the RFC 9535 JSONPath that Overlay 1.0
names, and brings a CLI stack; the Overlay 1.0 merge rules are a few lines, so the merge lives here; the JSONPath
evaluation does not.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import jsonpath_rfc9535

JSONDoc = dict[str, Any]


class OverlayError(ValueError):
    """An overlay document is malformed or one of its actions selects nothing."""


def merge(target: Any, update: Any) -> Any:
    """Merge ``update`` into ``target`` following Overlay 1.0.

    Objects merge key by key (recursively), arrays are extended, and any other
    value is replaced.
    """
    if isinstance(target, dict) and isinstance(update, Mapping):
        for key, value in update.items():
            target[key] = merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    if isinstance(target, list):
        target.extend(copy.deepcopy(update if isinstance(update, list) else [update]))
        return target
    return copy.deepcopy(update)


def _check_document(overlay: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    version = str(overlay.get("overlay", ""))
    if not version.startswith("1."):
        raise OverlayError(f"overlay: expected an Overlay 1.x document, got overlay={version!r}")
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError("overlay: 'actions' must be a non-empty list")
    return actions


def apply_overlay(document: Mapping[str, Any], overlay: Mapping[str, Any]) -> JSONDoc:
    """Return a new document with every action of ``overlay`` applied in order.

    Raises:
        OverlayError: the overlay is malformed, an action has neither ``update``
            nor ``remove``, or a target matches nothing (a silent no-op would
            hide that Boomi renamed or moved what we correct).
    """
    result: JSONDoc = copy.deepcopy(dict(document))
    for index, action in enumerate(_check_document(overlay)):
        target = action.get("target")
        label = f"overlay action {index} ({action.get('description', 'no description')!r})"
        if not isinstance(target, str):
            raise OverlayError(f"{label}: 'target' must be a JSONPath string")
        try:
            nodes = jsonpath_rfc9535.find(target, result)
        except jsonpath_rfc9535.JSONPathError as exc:
            raise OverlayError(f"{label}: invalid JSONPath {target!r}: {exc}") from exc
        if not nodes:
            raise OverlayError(f"{label}: target {target!r} matches nothing in the document")
        if action.get("remove") is True:
            _remove(result, [node.location for node in nodes])
        elif "update" in action:
            for node in nodes:
                if not isinstance(node.value, (dict, list)):
                    raise OverlayError(f"{label}: target {node.path()} is not an object or array")
                if isinstance(node.value, dict) and not isinstance(action["update"], Mapping):
                    raise OverlayError(f"{label}: target {node.path()} is an object but 'update' is not")
                merge(node.value, action["update"])
        else:
            raise OverlayError(f"{label}: needs 'update' or 'remove: true'")
    return result


def _remove(document: JSONDoc, locations: list[tuple[str | int, ...]]) -> None:
    # Delete deepest locations and the highest list indices first so earlier indices stay valid.
    def order(loc: tuple[str | int, ...]) -> tuple[int, int]:
        return (len(loc), loc[-1] if loc and isinstance(loc[-1], int) else -1)

    for location in sorted(locations, key=order, reverse=True):
        if not location:
            raise OverlayError("overlay: cannot remove the document root")
        parent: Any = document
        for key in location[:-1]:
            parent = parent[key]
        del parent[location[-1]]
