"""Run the whole regen pipeline and keep ``generated/`` in step with ``openapi/``.

import (optional): read the download -> slice -> structure only
then: overlay -> validate -> compare -> (refuse breaking imports) -> generate
into staging -> commit -> swap into place (see ``regen.staging``).
"""

from __future__ import annotations

import datetime
import filecmp
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from regen.attention import places_needing_attention
from regen.contract import ChangeReport, compare
from regen.errors import RegenError
from regen.loading import read_download
from regen.overlay import apply_overlay
from regen.slicing import HTTP_METHODS, import_download
from regen.staging import Staging

PACKAGE = "boomi_listeners_api"
EFFECTIVE_SPEC_NAME = "openapi.json"
XML_WARNING = "Unsupported content type application/xml"
CHANGES_HEADER = (
    "# Contract changes imported from Boomi's spec\n\n"
    "`make regen SPEC=...` appends one entry per accepted import that changed something: what changed, "
    "classified from the client's point of view, and the handwritten places to look at.\n"
)


class GeneratorError(RegenError):
    """openapi-python-client failed or warned about something other than XML bodies."""


class BreakingChangesRefused(RegenError):
    """An import would break the client and the user has not consented (``ACCEPT_BREAKING=1``)."""

    exit_code = 1

    def __init__(self, report: ChangeReport) -> None:
        super().__init__(
            f"{report.render()}\n\nThis import has breaking changes; nothing was written. Review them, then run "
            "`make regen SPEC=... ACCEPT_BREAKING=1` to accept them."
        )
        self.report = report


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
    def changes(self) -> Path:
        return self.root / "openapi" / "CHANGES.md"

    @property
    def package(self) -> Path:
        return self.root / "generated" / PACKAGE

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.root))


@dataclass
class RegenResult:
    """What a regen did: the change report, whether anything was written, and notes for the user."""

    report: ChangeReport
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [*self.notes, self.report.render()]
        lines.append("wrote: " + ", ".join(self.written) if self.written else "nothing changed; no file was written.")
        return "\n".join(lines)


def load_document(path: Path) -> dict[str, Any]:
    """Read one of the project's own JSON or YAML documents."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise RegenError(f"{path}: cannot be read as {path.suffix[1:].upper()}: {exc}") from None
    if not isinstance(data, dict):
        raise RegenError(f"{path}: expected a JSON/YAML object at the top level")
    return data


def dump_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _fill_response_descriptions(document: dict[str, Any]) -> None:
    """OpenAPI 3.0 requires a description on every response; the committed spec has no prose.

    The overlay describes the answers we know; one Boomi adds later gets an
    empty description (valid) until someone writes one.
    """
    responses = [*document.get("components", {}).get("responses", {}).values()]
    for item in document.get("paths", {}).values():
        for method in HTTP_METHODS:
            responses += list(item.get(method, {}).get("responses", {}).values())
    for response in responses:
        if isinstance(response, dict) and "$ref" not in response:
            response.setdefault("description", "")


def effective_spec(layout: Layout, project_spec: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The project spec (or ``project_spec``) with our overlay applied, validated as OpenAPI 3.0."""
    spec = load_document(layout.spec) if project_spec is None else project_spec
    effective = apply_overlay(spec, load_document(layout.overlay))
    _fill_response_descriptions(effective)
    try:
        validate(effective)
    except OpenAPIValidationError as exc:
        raise RegenError(f"the spec with our overlay applied is not valid OpenAPI: {exc.message}") from None
    return effective


def generate(layout: Layout, effective: Mapping[str, Any], work: Path) -> Path:
    """Generate the client package into ``work`` and return its folder."""
    work.mkdir(parents=True, exist_ok=True)
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
        raise GeneratorError(f"openapi-python-client failed:\n{done.stdout}\n{done.stderr}")
    # The generator speaks JSON only and warns once per XML body; that is expected
    # (the wrapper always asks for JSON). Any other warning is a real problem.
    output = done.stdout + done.stderr  # the generator prints its warnings on stderr
    if output.count("WARNING parsing") != output.count(XML_WARNING):
        raise GeneratorError(f"openapi-python-client warned about more than XML bodies:\n{output}")
    spec_file.unlink()
    # Ship the spec the code was generated from, for the fake and the contract tests.
    (out / EFFECTIVE_SPEC_NAME).write_text(dump_json(effective), encoding="utf-8")
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


def _changes_entry(download: Path, raw: bytes, report: ChangeReport, accepted_breaking: bool) -> str:
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    consent = " (breaking changes accepted with ACCEPT_BREAKING=1)" if accepted_breaking else ""
    lines = [
        f"## {today}: {download.name} (spec version {report.new_version}, sha256 {digest})",
        "",
        f"Classification: **{report.classification}**{consent}. {report.summary()}",
        "",
    ]
    lines += [f"- {change}" for change in report.changes] or ["- no contract change"]
    lines += [f"- note: {note}" for note in report.notes]
    places = places_needing_attention(report.changes)
    if places:
        lines += ["", "Handwritten places needing attention:", ""]
        lines += [f"- {place}" for place in places]
    return "\n".join(lines) + "\n"


def regen(layout: Layout, download: Path | None = None, *, accept_breaking: bool = False) -> RegenResult:
    """Regenerate ``generated/`` (importing ``download`` first, when given) and report what changed.

    Nothing is written until every step has succeeded; then the outputs are
    swapped in together (see ``regen.staging``). A breaking import raises
    :class:`BreakingChangesRefused` without writing unless ``accept_breaking``.
    """
    staging = Staging(layout.root)
    notes = [note for note in [staging.recover()] if note]
    project_spec = import_download(read_download(download)) if download is not None else None
    if project_spec is not None:
        # An import is judged on Boomi's structure alone, before our overlay: a breaking download
        # is refused with its report even when the overlay no longer fits it either.
        report = compare(load_document(layout.spec) if layout.spec.exists() else None, project_spec)
        if report.breaking and not accept_breaking:
            raise BreakingChangesRefused(report)
    effective = effective_spec(layout, project_spec)
    if project_spec is None:
        report = compare(previous_effective(layout), effective)

    staging.fresh()
    fresh = generate(layout, effective, staging.staged("generated"))
    items: list[str] = []
    if tree_differences(fresh, layout.package):
        items.append(layout.relative(layout.package))
    if download is not None and project_spec is not None:
        spec_text = dump_json(project_spec)
        if not layout.spec.exists() or layout.spec.read_text(encoding="utf-8") != spec_text:
            staging.staged("openapi").mkdir(parents=True, exist_ok=True)
            staging.staged(layout.relative(layout.spec)).write_text(spec_text, encoding="utf-8")
            items.append(layout.relative(layout.spec))
        if items:
            previous = layout.changes.read_text(encoding="utf-8") if layout.changes.exists() else CHANGES_HEADER
            entry = _changes_entry(download, download.read_bytes(), report, accept_breaking and bool(report.breaking))
            staging.staged("openapi").mkdir(parents=True, exist_ok=True)
            staging.staged(layout.relative(layout.changes)).write_text(f"{previous}\n{entry}", encoding="utf-8")
            items.append(layout.relative(layout.changes))
    if items:
        # The staged package sits where swap() expects it: staging/generated/<package>.
        staging.commit(items, report.render())
        staging.swap()
    else:
        staging.recover()  # nothing to commit: the unfinished staging is simply discarded
    return RegenResult(report, items, notes)


def check(layout: Layout) -> list[str]:
    """Files in ``generated/`` that a fresh regen would change (empty: up to date)."""
    if Staging(layout.root).leftover():
        raise RegenError("an interrupted regen left .regen-work/ behind; run `make regen` to finish or discard it")
    with tempfile.TemporaryDirectory(prefix="regen-check-") as tmp:
        fresh = generate(layout, effective_spec(layout), Path(tmp))
        return tree_differences(fresh, layout.package)
