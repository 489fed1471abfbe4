"""The regen pipeline end to end on a copy of the project: determinism, the committed tree, ``--check``.

Every test works on a temporary project root; the real ``generated/`` is only read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regen.__main__ import main
from regen.overlay import OverlayError
from regen.pipeline import (
    EFFECTIVE_SPEC_NAME,
    PACKAGE,
    GeneratorError,
    Layout,
    check,
    effective_spec,
    regen,
    tree_differences,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
COMMITTED = REPO_ROOT / "generated" / PACKAGE
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")


def project_copy(root: Path, *, with_generated: bool) -> Layout:
    """A project root under ``root`` holding a copy of ``openapi/`` (and of the committed ``generated/``)."""
    shutil.copytree(REPO_ROOT / "openapi", root / "openapi", ignore=_IGNORE)
    if with_generated:
        shutil.copytree(COMMITTED, root / "generated" / PACKAGE, ignore=_IGNORE)
    return Layout(root)


def files_under(base: Path) -> set[str]:
    return {str(p.relative_to(base)) for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def append_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_regen_twice_gives_the_same_tree_as_the_committed_one(tmp_path: Path) -> None:
    layout = project_copy(tmp_path / "project", with_generated=False)

    first = regen(layout)
    snapshot = tmp_path / "first-run"
    shutil.copytree(layout.package, snapshot)
    second = regen(layout)

    assert first.report.first
    assert first.written == [f"generated/{PACKAGE}"]
    assert second.report.render() == "contract: no contract change."
    assert second.written == []
    assert {"__init__.py", "client.py", "py.typed", EFFECTIVE_SPEC_NAME, "models/listener_action.py"} <= files_under(
        layout.package
    )
    assert tree_differences(snapshot, layout.package) == []
    assert tree_differences(COMMITTED, layout.package) == [], "generated/ is stale: run `make regen`"
    # The staging folder is renamed into place, never left behind.
    assert sorted(p.name for p in layout.package.parent.iterdir()) == [PACKAGE]
    assert sorted(p.name for p in layout.root.iterdir()) == ["generated", "openapi"]
    shipped = json.loads((layout.package / EFFECTIVE_SPEC_NAME).read_text(encoding="utf-8"))
    assert shipped == effective_spec(layout)


def test_check_reports_nothing_on_an_up_to_date_tree(tmp_path: Path) -> None:
    layout = project_copy(tmp_path, with_generated=True)
    # Byte-code caches next to the generated modules are not differences.
    cache = layout.package / "models" / "__pycache__"
    cache.mkdir(exist_ok=True)
    (cache / "listener_action.cpython-311.pyc").write_bytes(b"\0")

    assert check(layout) == []


def test_check_names_edited_missing_and_extra_files(tmp_path: Path) -> None:
    layout = project_copy(tmp_path, with_generated=True)
    append_line(layout.package / "models" / "listener_action.py", "# hand edit")
    (layout.package / "models" / "error.py").unlink()
    (layout.package / "api" / "helpers.py").write_text("X = 1\n", encoding="utf-8")

    assert check(layout) == ["api/helpers.py", "models/error.py", "models/listener_action.py"]
    # check() only compares; it never repairs the tree.
    assert not (layout.package / "models" / "error.py").exists()


def test_check_notices_a_changed_overlay(tmp_path: Path) -> None:
    layout = project_copy(tmp_path, with_generated=True)
    overlay = layout.overlay.read_text(encoding="utf-8")
    edited = overlay.replace("Human-readable reason for the failure.", "Why the request failed.")
    assert edited != overlay
    layout.overlay.write_text(edited, encoding="utf-8")

    stale = check(layout)

    assert "openapi.json" in stale
    assert "models/error.py" in stale


def test_check_command_exits_1_and_prints_the_stale_file(tmp_path: Path) -> None:
    layout = project_copy(tmp_path / "project", with_generated=True)
    command = [sys.executable, "-m", "regen", "--root", str(layout.root), "--check"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(REPO_ROOT / "openapi")}

    clean = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=120)
    edited_file = layout.package / "api" / "change_listener_status" / "update_listener_status.py"
    append_line(edited_file, "# hand edit")
    stale = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=120)

    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "up to date" in clean.stdout
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert stale.stdout.splitlines()[1:] == [
        f"  generated/{PACKAGE}/api/change_listener_status/update_listener_status.py"
    ]


def test_regen_command_rejects_a_missing_download(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layout = project_copy(tmp_path, with_generated=True)
    spec_before = layout.spec.read_bytes()

    assert main(["--root", str(tmp_path), "--spec", str(tmp_path / "missing.json")]) == 2

    assert f"{tmp_path / 'missing.json'}: no such file" in capsys.readouterr().err
    assert layout.spec.read_bytes() == spec_before


def test_a_failing_overlay_leaves_generated_untouched(tmp_path: Path) -> None:
    layout = project_copy(tmp_path, with_generated=True)
    # Boomi moves the listener paths: the overlay action targeting them must fail the run.
    spec = json.loads(layout.spec.read_text(encoding="utf-8"))
    spec["paths"] = {f"/v2{path}": item for path, item in spec["paths"].items()}
    layout.spec.write_text(json.dumps(spec), encoding="utf-8")

    with pytest.raises(OverlayError, match="missing key '/changeListenerStatus'"):
        regen(layout)

    assert tree_differences(COMMITTED, layout.package) == []


def test_a_failing_generator_leaves_generated_untouched(tmp_path: Path) -> None:
    layout = project_copy(tmp_path, with_generated=True)
    layout.config.write_text("project_name_override: [not, a, string]\n", encoding="utf-8")

    with pytest.raises(GeneratorError, match="openapi-python-client failed"):
        regen(layout)

    assert tree_differences(COMMITTED, layout.package) == []
    assert sorted(p.name for p in layout.package.parent.iterdir()) == [PACKAGE]
    # The failed run's staging is discarded by the next run, which then succeeds.
    shutil.copyfile(REPO_ROOT / "openapi" / "generator-config.yaml", layout.config)
    result = regen(layout)
    assert result.notes == ["discarded an unfinished regen found in .regen-work/ (it never replaced anything)"]
    assert sorted(p.name for p in layout.root.iterdir()) == ["generated", "openapi"]


def test_a_generator_warning_other_than_xml_fails_regen(tmp_path: Path) -> None:
    layout = project_copy(tmp_path, with_generated=True)
    spec = json.loads(layout.spec.read_text(encoding="utf-8"))
    content = spec["paths"]["/changeListenerStatus"]["post"]["requestBody"]["content"]
    content["application/x-yaml"] = {"schema": {"type": "string"}}
    layout.spec.write_text(json.dumps(spec), encoding="utf-8")

    with pytest.raises(GeneratorError, match="warned about more than XML"):
        regen(layout)


def test_tree_differences_lists_changed_missing_and_extra_files(tmp_path: Path) -> None:
    expected, actual = tmp_path / "expected", tmp_path / "actual"
    for base in (expected, actual):
        (base / "sub" / "__pycache__").mkdir(parents=True)
        (base / "same.py").write_text("same\n", encoding="utf-8")
        (base / "sub" / "changed.py").write_text("one\n", encoding="utf-8")
    (actual / "sub" / "changed.py").write_text("two\n", encoding="utf-8")
    (expected / "sub" / "only_expected.py").write_text("x\n", encoding="utf-8")
    (actual / "only_actual.py").write_text("x\n", encoding="utf-8")
    (actual / "sub" / "__pycache__" / "changed.cpython-311.pyc").write_bytes(b"\0")

    assert tree_differences(expected, actual) == ["only_actual.py", "sub/changed.py", "sub/only_expected.py"]
    assert tree_differences(expected, expected) == []
    assert tree_differences(expected, tmp_path / "absent") == ["same.py", "sub/changed.py", "sub/only_expected.py"]
