"""Run the whole regen pipeline and keep ``generated/`` in step with ``openapi/``."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate

from regen.contract import report
from regen.overlay import apply_overlay
from regen.slicing import slice_spec

PACKAGE = "boomi_listeners_api"
EFFECTIVE_SPEC_NAME = "openapi.json"
XML_WARNING = "Unsupported content type application/xml"


@dataclass(frozen=True)
class Layout:
    """Where the pipeline reads and writes, relative to the project root."""

    root: Path

    @property
    def spec(self) -> Path:
        return self.root / "openapi" / "boomi-listeners.openapi.json"

    @property
    def overlay(self) -> Path:
        return self.root / "openapi" / "overlay.yaml"

    @property
    def config(self) -> Path:
        return self.root / "openapi" / "generator-config.yaml"

    @property
    def package(self) -> Path:
        return self.root / "generated" / PACKAGE


def load_document(path: Path) -> dict[str, Any]:
    """Read a JSON or YAML document."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON/YAML object at the top level")
    return data


def dump_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def effective_spec(layout: Layout, project_spec: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The project spec (or ``project_spec``) with our overlay applied, validated as OpenAPI 3.0."""
    spec = load_document(layout.spec) if project_spec is None else project_spec
    effective = apply_overlay(spec, load_document(layout.overlay))
    validate(effective)
    return effective


def generate(layout: Layout, effective: Mapping[str, Any], work: Path) -> Path:
    """Generate the client package into ``work`` and return its folder."""
    spec_file = work / EFFECTIVE_SPEC_NAME
    spec_file.write_text(dump_json(effective), encoding="utf-8")
    out = work / PACKAGE
    bindir = Path(sys.executable).parent
    # The generator's post hooks call `ruff`; make sure it is the pinned one.
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(bindir / "openapi-python-client"),
        "generate",
        "--path", str(spec_file),
        "--config", str(layout.config),
        "--meta", "none",
        "--output-path", str(out),
        "--overwrite",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (out / "__init__.py").exists():
        raise RuntimeError(f"openapi-python-client failed:\n{done.stdout}\n{done.stderr}")
    # The generator speaks JSON only and warns once per XML body; that is expected
    # (the wrapper always asks for JSON). Any other warning is a real problem.
    output = done.stdout + done.stderr  # the generator prints its warnings on stderr
    if output.count("WARNING parsing") != output.count(XML_WARNING):
        raise RuntimeError(f"openapi-python-client warned about more than XML bodies:\n{output}")
    # Ship the spec the code was generated from, for the fake and the contract tests.
    shutil.copyfile(spec_file, out / EFFECTIVE_SPEC_NAME)
    # PEP 561 marker: `--meta none` writes no packaging files, so mypy users need it from us.
    (out / "py.typed").write_text("# Marker file for PEP 561: this package has inline types.\n", encoding="utf-8")
    return out


def tree_differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths of files that differ, are missing or are extra in ``actual``."""

    def files(base: Path) -> set[str]:
        if not base.exists():
            return set()
        return {str(p.relative_to(base)) for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts}

    want, have = files(expected), files(actual)
    differing = {name for name in want & have if not filecmp.cmp(expected / name, actual / name, shallow=False)}
    return sorted(differing | (want ^ have))


def previous_effective(layout: Layout) -> dict[str, Any] | None:
    shipped = layout.package / EFFECTIVE_SPEC_NAME
    return load_document(shipped) if shipped.exists() else None


def sliced_download(layout: Layout, download: Path) -> dict[str, Any]:
    """Slice a full platform download into a project spec.

    Our ``info`` block is kept (its wording is ours) with the download's version.
    """
    sliced = slice_spec(load_document(download))
    if layout.spec.exists():
        info = dict(load_document(layout.spec).get("info", {}))
        if "version" in sliced.get("info", {}):
            info["version"] = sliced["info"]["version"]
        sliced["info"] = info
    return sliced


def regen(layout: Layout, download: Path | None = None) -> str:
    """Regenerate ``generated/`` and return the contract report.

    Nothing is written until every step has succeeded, so a failed run leaves
    ``openapi/`` and ``generated/`` as they were.
    """
    project_spec = sliced_download(layout, download) if download is not None else None
    effective = effective_spec(layout, project_spec)
    before = previous_effective(layout)
    with tempfile.TemporaryDirectory(prefix="regen-") as tmp:
        fresh = generate(layout, effective, Path(tmp))
        if project_spec is not None:
            layout.spec.write_text(dump_json(project_spec), encoding="utf-8")
        layout.package.parent.mkdir(parents=True, exist_ok=True)
        staging = layout.package.with_name(f".{PACKAGE}.new")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(fresh, staging)
        shutil.rmtree(layout.package, ignore_errors=True)
        staging.rename(layout.package)
    return report(before, effective)


def check(layout: Layout) -> list[str]:
    """Files in ``generated/`` that a fresh regen would change (empty: up to date)."""
    with tempfile.TemporaryDirectory(prefix="regen-check-") as tmp:
        fresh = generate(layout, effective_spec(layout), Path(tmp))
        return tree_differences(fresh, layout.package)
