"""Limits that keep a hostile request from knocking the fake over: body size and nesting depth.

Boomi answers an over-deep or oversized body with its ordinary 400 error body. The fake checks the
nesting depth *before* parsing, because Python's JSON parser and the recursive spec validator would
otherwise raise ``RecursionError`` deep inside a request (a 500, a traceback, a reset connection).
"""

from __future__ import annotations

import re

__all__ = ["DEFAULT_MAX_BODY_BYTES", "DEFAULT_MAX_NESTING", "json_nesting_exceeds"]

#: Request bodies above this size are refused while they are read (a listener request is < 1 KB).
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
#: Deepest JSON/XML nesting accepted; a ListenerStatus query needs 5 levels.
DEFAULT_MAX_NESTING = 64

# A JSON string (escapes included): brackets inside strings do not nest anything.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether the JSON text nests arrays/objects deeper than ``limit``; linear and non-recursive.

    Malformed text is not judged here (the parser reports it); only its depth counts.
    """
    depth = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth = max(depth - 1, 0)
    return False
