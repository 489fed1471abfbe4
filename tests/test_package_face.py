"""The package face: one list of public names, what type checkers see is what the package gives."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import boomi_listeners

INIT = Path(boomi_listeners.__file__)


def type_checking_imports() -> dict[str, str]:
    """name -> module of every import under ``if TYPE_CHECKING:`` in the package's ``__init__``."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                for alias in statement.names:
                    assert alias.asname == alias.name, (
                        f"{alias.name} must be re-exported explicitly (`as {alias.name}`)"
                    )
                    found[alias.name] = (statement.module or "").removeprefix("boomi_listeners.")
    return found


def test_the_type_checking_imports_are_the_exports() -> None:
    assert type_checking_imports() == boomi_listeners._EXPORTS


def test_every_export_comes_from_the_module_named_and_is_defined_there() -> None:
    for name, module in boomi_listeners._EXPORTS.items():
        value = getattr(importlib.import_module(f"boomi_listeners.{module}"), name)
        assert getattr(boomi_listeners, name) is value
        defined_in = getattr(value, "__module__", None)
        if isinstance(value, type):
            assert defined_in == f"boomi_listeners.{module}", f"{name} is defined in {defined_in}, not {module}"


def test_all_is_the_exports_and_the_version() -> None:
    assert sorted(boomi_listeners.__all__) == sorted([*boomi_listeners._EXPORTS, "__version__"])
