"""Every package the command line imports is declared: by the SDK's dependencies or by the ``cli`` extra.

A dependency the CLI gets only through another package (click through typer, before typer 0.29
bundled its own) breaks ``pip install "boomi-listeners[cli]"`` the day that package stops bringing
it. ``make test-packaging`` installs the extra at the newest releases; this is the quick check.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CLI_MODULES = [*(REPO_ROOT / "wrapper/boomi_listeners/_cli").glob("*.py"), REPO_ROOT / "wrapper/boomi_listeners/cli.py"]


def imported_top_level(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def declared(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_package_the_cli_imports_is_declared() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    allowed = declared(project["dependencies"]) | declared(project["optional-dependencies"]["cli"])
    distributions = importlib.metadata.packages_distributions()
    third_party = {
        name
        for path in CLI_MODULES
        for name in imported_top_level(path)
        if name not in sys.stdlib_module_names and name not in {"boomi_listeners", "boomi_listeners_api"}
    }

    assert third_party, "the CLI imports typer and rich at least"
    undeclared = {
        name: distributions.get(name, [name])
        for name in third_party
        if not {d.lower() for d in distributions.get(name, [name])} & allowed
    }
    assert undeclared == {}, f"imported by the CLI but not declared in [project] or the cli extra: {undeclared}"
