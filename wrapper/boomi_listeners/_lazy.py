"""Modules a client needs only for some of its methods, imported by the first of them that runs.

A client that only pauses and resumes listeners never loads the plans, windows, documents, name
lookups, schedules or drains (dataclasses and generated-model code, a sizeable part of what
``from boomi_listeners import ListenerClient`` costs). The clients import these modules for type
checkers under ``TYPE_CHECKING`` and bind :func:`module` proxies at run time.

Not ``importlib.util.LazyLoader``: on Python 3.11 two threads touching a lazy module at once can
see it half-loaded, and the sync client reads runtimes from several threads. ``import_module``
holds the import system's per-module lock, and after the first call it is a ``sys.modules`` lookup.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, cast

__all__ = ["module"]


class _OnFirstUse:
    """Stands for the module ``name``; any attribute read imports it (once) and reads it there."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"


def module(name: str) -> ModuleType:
    """A stand-in for the module ``name`` that imports it when one of its attributes is first read."""
    # Typed as the module it stands for: callers import the real one for type checkers.
    return cast(ModuleType, _OnFirstUse(name))
