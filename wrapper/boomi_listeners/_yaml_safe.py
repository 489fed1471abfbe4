"""Parsing untrusted YAML (or JSON) into plain data, bounded in size, depth and expansion.

PyYAML's ``safe_load`` is safe from code execution but not from resources: a few hundred bytes of
nested aliases expand to gigabytes ("billion laughs"), deep nesting ends in RecursionError, a
5,000-digit integer in ValueError and ``2025-02-30`` in a timestamp ValueError; a key given twice
is silently resolved to its last value. State documents never need aliases, timestamps or deep
nesting, so this loader refuses aliases and anchors outright, bounds the depth while composing,
keeps dates as strings (the schema checks them), refuses duplicate keys naming the key and its
line, and turns every failure into a DocumentError naming the source.
"""

from __future__ import annotations

from typing import Any

import yaml

from boomi_listeners._exceptions import DocumentError

__all__ = ["parse"]

# The pure-Python loader: libyaml's composer (CSafeLoader) cannot be hooked to refuse aliases or bound depth.
_BASE: Any = yaml.SafeLoader


class _Refused(Exception):
    """A construct the loader refuses: message and line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def _line(node_or_event: Any) -> int | None:
    mark = getattr(node_or_event, "start_mark", None)
    return None if mark is None else int(mark.line) + 1


class _Loader(_BASE):  # type: ignore[misc]
    max_depth = 32

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _Refused("aliases (*name) are not allowed in a listener state document", _line(self.peek_event()))
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise _Refused("anchors (&name) are not allowed in a listener state document", _line(event))
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                raise _Refused(f"nested deeper than {self.max_depth} levels", _line(event))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Any, int | None] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise _Refused("a mapping key must be a plain value", _line(key_node)) from None
            if key in seen:
                raise _Refused(f"key {key!r} appears twice in one mapping (first on line {seen[key]})", _line(key_node))
            seen[key] = _line(key_node)
        return super().construct_mapping(node, deep=deep)


# Dates stay strings: the schema checks them as RFC 3339 date-times, so an impossible date is a
# field error instead of a ValueError from the timestamp constructor.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
}


def parse(text: str, *, source: str, max_bytes: int, max_depth: int) -> Any:
    """The plain data in ``text``; DocumentError (field ``document``) naming ``source`` otherwise."""
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise DocumentError(f"{source}: larger than {max_bytes} bytes: not a listener state document", field="document")
    loader = _Loader(text)
    loader.max_depth = max_depth
    try:
        return loader.get_single_data()
    except _Refused as exc:
        where = f" (line {exc.line})" if exc.line is not None else ""
        raise DocumentError(f"{source}: {exc}{where}", field="document") from None
    except yaml.YAMLError as exc:
        raise DocumentError(f"{source} is neither YAML nor JSON: {exc}", field="document") from None
    except (ValueError, OverflowError, RecursionError, TypeError) as exc:
        # 5,000-digit integers (Python's int limit), other constructor failures.
        raise DocumentError(f"{source}: not a valid listener state document: {exc}", field="document") from None
    finally:
        loader.dispose()
