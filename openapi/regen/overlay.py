"""Apply an OpenAPI Overlay 1.0 document to an OpenAPI description, strictly.

Targets are RFC 9535 JSONPath queries evaluated by ``jsonpath-rfc9535``.
oas-patch (0.6.0) applies overlays but selects targets with jsonpath-ng, not the RFC 9535 JSONPath that Overlay 1.0
names, and brings a CLI stack; the Overlay 1.0 merge rules are a few lines, so the merge lives here; the JSONPath
evaluation does not.

Two rules go beyond the Overlay specification, because the overlay corrects a
document we do not control and must notice when Boomi changes it:

* **Complete match.** Every name an action targets must exist: in
  ``$.components.responses['403','410','503']`` a renamed ``403`` fails the
  action, naming the key, instead of quietly updating the other two.
* **Add, never overwrite.** An update may add keys and descend into existing
  objects, but a value (or a ``$ref``) landing on a key the document already
  has fails, naming the action and the key: Boomi now defines that itself
  (an ``Error`` schema, an inline ``400``), and someone must decide whose wins.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

import jsonpath_rfc9535

from regen.errors import RegenError

JSONDoc = dict[str, Any]
_PROSE = frozenset({"description", "summary", "example", "examples"})


class OverlayError(RegenError, ValueError):
    """An overlay document is malformed, or one of its actions no longer fits the document."""


def merge(target: Any, update: Any, where: str = "$", conflicts: list[str] | None = None, depth: int = 0) -> Any:
    """Merge ``update`` into ``target`` following Overlay 1.0, adding only.

    Objects merge key by key (recursively) and arrays are extended. A key that
    ``target`` already has is only descended into (both objects, no ``$ref`` in
    the update); anything else there is recorded in ``conflicts`` (when given)
    and left as the document has it.
    """
    if isinstance(target, dict) and isinstance(update, Mapping):
        for key, value in update.items():
            path = f"{where}[{json.dumps(key)}]"
            missing = key not in target or (isinstance(target[key], dict) and "$ref" in target[key])
            # A brand-new object of words at the top of an update (a new response) is fine; words
            # deeper down, or with nothing but containers above them, describe something existing.
            new_words = depth == 0 and isinstance(value, Mapping) and any(k in _PROSE for k in value)
            if conflicts is not None and missing and _describes_only(value) and not new_words:
                # Words for something the spec no longer has here (moved, renamed or now a $ref).
                conflicts.append(f"{path} (described by the overlay, missing in the spec)")
            elif key not in target:
                target[key] = copy.deepcopy(value)
            elif isinstance(target[key], dict) and isinstance(value, Mapping) and "$ref" not in value:
                merge(target[key], value, path, conflicts, depth + 1)
            elif conflicts is not None:
                conflicts.append(path)
            else:
                target[key] = copy.deepcopy(value)
        return target
    if isinstance(target, list):
        target.extend(copy.deepcopy(update if isinstance(update, list) else [update]))
        return target
    return copy.deepcopy(update)


def _describes_only(value: Any) -> bool:
    """Whether ``value`` only adds prose (descriptions, summaries, examples) to what it lands on."""
    if not isinstance(value, Mapping) or not value:
        return False
    return all(key in _PROSE or _describes_only(item) for key, item in value.items())


def _check_document(overlay: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    version = str(overlay.get("overlay", ""))
    if not version.startswith("1."):
        raise OverlayError(f"overlay: expected an Overlay 1.x document, got overlay={version!r}")
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError("overlay: 'actions' must be a non-empty list")
    return actions


def _unmatched_names(target: str, document: JSONDoc) -> list[str]:
    """Names in ``target`` that select nothing where the query expects them.

    While every segment so far names its keys, each name must exist under every
    node reached (``['403','410','503']`` means all three); after a wildcard,
    filter or descendant segment a name must exist under at least one of them.
    """
    query = jsonpath_rfc9535.compile(target)
    missing: list[str] = []
    prefix, explicit = "$", True
    for segment in query.segments:
        selectors = segment.selectors
        names = [s.name for s in selectors if isinstance(s, jsonpath_rfc9535.selectors.NameSelector)]
        descendant = str(segment).startswith("..")
        parents = [(p.path(), p.value) for p in jsonpath_rfc9535.find(prefix, document) if isinstance(p.value, dict)]
        if names and explicit and not descendant:
            missing += [f"{n!r} under {path}" for path, value in parents for n in names if n not in value]
        elif names:
            step = ".." if descendant else ""
            missing += [
                repr(n) for n in names if not jsonpath_rfc9535.find(f"{prefix}{step}[{json.dumps(n)}]", document)
            ]
        explicit = explicit and not descendant and len(names) == len(selectors)
        prefix += str(segment)
    return missing


def apply_overlay(document: Mapping[str, Any], overlay: Mapping[str, Any]) -> JSONDoc:
    """Return a new document with every action of ``overlay`` applied in order.

    Raises:
        OverlayError: the overlay is malformed, an action has neither ``update``
            nor ``remove``, a name it targets is missing (a silent no-op would
            hide that Boomi renamed or moved what we correct), or an update
            would overwrite something the document defines itself.
    """
    result: JSONDoc = copy.deepcopy(dict(document))
    for index, action in enumerate(_check_document(overlay)):
        target = action.get("target")
        label = f"overlay action {index} ({action.get('description', 'no description')!r})"
        if not isinstance(target, str):
            raise OverlayError(f"{label}: 'target' must be a JSONPath string")
        try:
            nodes = jsonpath_rfc9535.find(target, result)
            missing = _unmatched_names(target, result)
        except jsonpath_rfc9535.JSONPathError as exc:
            raise OverlayError(f"{label}: invalid JSONPath {target!r}: {exc}") from exc
        if missing:
            raise OverlayError(
                f"{label}: target {target!r} does not fully match the document: missing key {', '.join(missing)}"
            )
        if not nodes:
            raise OverlayError(f"{label}: target {target!r} matches nothing in the document")
        if action.get("remove") is True:
            _remove(result, [node.location for node in nodes])
        elif "update" in action:
            _update(label, nodes, action["update"])
        else:
            raise OverlayError(f"{label}: needs 'update' or 'remove: true'")
    return result


def _update(label: str, nodes: jsonpath_rfc9535.JSONPathNodeList, update: Any) -> None:
    for node in nodes:
        if not isinstance(node.value, (dict, list)):
            raise OverlayError(f"{label}: target {node.path()} is not an object or array")
        if isinstance(node.value, dict) and not isinstance(update, Mapping):
            raise OverlayError(f"{label}: target {node.path()} is an object but 'update' is not")
        conflicts: list[str] = []
        merge(node.value, update, node.path(), conflicts)
        if conflicts:
            raise OverlayError(
                f"{label}: does not fit the spec at {', '.join(conflicts)}: the spec now defines this itself, "
                "or no longer has what the overlay describes; compare Boomi's definition with ours, then drop, "
                "narrow or retarget this action"
            )


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
