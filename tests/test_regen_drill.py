"""The drift drill: imports of plausible future Boomi downloads and of bad files, end to end.

Each case mutates the synthetic full-platform download (``tests/fixtures/full_platform.py``),
runs ``python -m regen --spec`` in-process on a copy of the project, and checks the exit code,
what was written, and the report's classification. Most cases stop before the generator runs
(refused, or failing early); only accepted imports generate.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from regen import staging
from regen.__main__ import main
from regen.pipeline import PACKAGE, Layout
from tests.fixtures.full_platform import build_full_platform_spec, dump_spec

REPO_ROOT = Path(__file__).resolve().parents[1]
SPEC = "openapi/boomi-listeners.openapi.json"
CHANGES = "openapi/CHANGES.md"
GENERATED = f"generated/{PACKAGE}"
TOKEN_PATH = "/async/ListenerStatus/response/{token}"
Doc = dict[str, Any]


@pytest.fixture(scope="module")
def download() -> Doc:
    return build_full_platform_spec(n_filler_paths=24, padding=40)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO_ROOT / "openapi", root / "openapi", ignore=ignore)
    shutil.copytree(REPO_ROOT / GENERATED, root / GENERATED, ignore=ignore)
    return root


def snapshot(root: Path) -> dict[str, str]:
    """A digest of every file of the project copy (what `git status` would compare).

    The change log's entry headings carry the time of the import; they are masked so two runs
    of the same import a minute apart compare equal.
    """
    return {
        str(p.relative_to(root)): hashlib.sha256(
            re.sub(rb"## \d{4}-\d\d-\d\d \d\d:\d\d UTC", b"## (time)", p.read_bytes())
        ).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Changed, added or removed files, folded to the three outputs a regen may write."""
    names = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    return {GENERATED if n.startswith(GENERATED) else n for n in names}


def schema(doc: Doc, name: str) -> Doc:
    result: Doc = doc["components"]["schemas"][name]
    return result


def rename_refs(node: Any, old: str, new: str) -> None:
    if isinstance(node, dict):
        if node.get("$ref") == old:
            node["$ref"] = new
        for value in node.values():
            rename_refs(value, old, new)
    elif isinstance(node, list):
        for value in node:
            rename_refs(value, old, new)


def rename_schema(doc: Doc, old: str, new: str) -> None:
    schemas = doc["components"]["schemas"]
    schemas[new] = schemas.pop(old)
    rename_refs(doc, f"#/components/schemas/{old}", f"#/components/schemas/{new}")


def equivalent_refactors(doc: Doc) -> None:
    change = doc["paths"]["/changeListenerStatus"]["post"]
    doc["components"]["requestBodies"] = {"Change": change.pop("requestBody")}
    change["requestBody"] = {"$ref": "#/components/requestBodies/Change"}
    token_item = doc["paths"][TOKEN_PATH]
    token_item["parameters"] = token_item["get"].pop("parameters")
    status = schema(doc, "ListenerStatus")
    status["allOf"] = [{"type": "object", "properties": {"listenerId": status["properties"].pop("listenerId")}}]


def boomi_defines_error(doc: Doc) -> None:
    doc["components"]["schemas"]["Error"] = {"type": "object", "properties": {"code": {"type": "integer"}}}
    doc["components"]["responses"]["403"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Error"
    }


def boomi_documents_202(doc: Doc) -> None:
    ok = doc["paths"][TOKEN_PATH]["get"]["responses"]["200"]
    doc["paths"][TOKEN_PATH]["get"]["responses"]["202"] = copy.deepcopy(ok)


def rename_path(doc: Doc) -> None:
    doc["paths"]["/listeners/change"] = doc["paths"].pop("/changeListenerStatus")


def required_header(doc: Doc) -> None:
    doc["paths"][TOKEN_PATH]["get"]["parameters"].append(
        {"name": "X-Boomi-Tenant", "in": "header", "required": True, "schema": {"type": "string"}}
    )


# ruff: noqa: E501  (one drill case per line reads best as a table)
Mutation = Callable[[Doc], object]
# (id, mutation, extra args, exit code, text the output must hold, files written)
CASES: list[tuple[str, Mutation, list[str], int, str, set[str]]] = [
    ("unchanged", lambda d: None, [], 0, "contract: no contract change.", set()),
    ("action enum value added", lambda d: schema(d, "ChangeListenerStatusRequest")["properties"]["action"]["enum"].append("stop"),
     [], 0, "contract: additive", {SPEC, GENERATED, CHANGES}),
    ("response property added", lambda d: schema(d, "ListenerStatus")["properties"].update(nodeId={"type": "string"}),
     [], 0, "contract: additive", {SPEC, GENERATED, CHANGES}),
    ("deprecated", lambda d: schema(d, "ListenerStatus")["properties"]["connectorType"].update(deprecated=True),
     [], 0, "[additive] schema ListenerStatus.connectorType: now deprecated", {SPEC, GENERATED, CHANGES}),
    ("enum value removed", lambda d: schema(d, "ListenerStatusSimpleExpression")["properties"]["operator"]["enum"].remove("LIKE"),
     [], 1, "[breaking] schema ListenerStatusSimpleExpression.operator: enum value 'LIKE' removed", set()),
    ("property removed", lambda d: schema(d, "ListenerStatusAsyncResponse")["properties"].pop("numberOfResults"),
     [], 1, "[breaking] schema ListenerStatusAsyncResponse.numberOfResults: property removed", set()),
    ("property removed, accepted", lambda d: schema(d, "ListenerStatusAsyncResponse")["properties"].pop("numberOfResults"),
     ["--accept-breaking"], 0, "contract: breaking", {SPEC, GENERATED, CHANGES}),
    ("property the overlay describes removed, accepted", lambda d: schema(d, "ListenerStatus")["properties"].pop("connectorType"),
     ["--accept-breaking"], 2, """["connectorType"] (described by the overlay, missing in the spec)""", set()),
    ("retyped", lambda d: schema(d, "ListenerStatusAsyncResponse")["properties"]["numberOfResults"].update(type="string"),
     [], 1, "[breaking] schema ListenerStatusAsyncResponse.numberOfResults: retyped", set()),
    ("made required", lambda d: schema(d, "ChangeListenerStatusRequest").update(required=["containerId"]),
     [], 1, "[breaking] schema ChangeListenerStatusRequest.containerId: now required", set()),
    ("nullable", lambda d: schema(d, "ListenerStatus")["properties"]["status"].update(nullable=True),
     [], 1, "[breaking] schema ListenerStatus.status: now nullable", set()),
    ("maxLength", lambda d: schema(d, "ChangeListenerStatusRequest")["properties"]["containerId"].update(maxLength=36),
     [], 1, "[breaking] schema ChangeListenerStatusRequest.containerId: maxLength None -> 36 (tighter)", set()),
    ("additionalProperties false", lambda d: schema(d, "ListenerStatus").update(additionalProperties=False),
     [], 1, "[breaking] schema ListenerStatus: additionalProperties: false", set()),
    ("required header", required_header,
     [], 1, "header parameter 'X-Boomi-Tenant' added (required)", set()),
    ("schema renamed", lambda d: rename_schema(d, "AsyncToken", "AsyncOperationToken"),
     [], 1, "[breaking] schema AsyncToken: renamed to AsyncOperationToken", set()),
    ("older version", lambda d: d["info"].update(version="0.9.0"),
     [], 1, "[breaking] info.version: spec version downgraded 1.0.0 -> 0.9.0", set()),
    ("equivalent refactors", equivalent_refactors, [], 0, "contract: no contract change.", set()),
    ("path renamed", rename_path, [], 1, "[breaking] POST /changeListenerStatus: path renamed to /listeners/change", set()),
    ("path renamed, accepted: the overlay must follow", rename_path,
     ["--accept-breaking"], 2, "missing key '/changeListenerStatus' under $['paths']", set()),
    ("operationId renamed", lambda d: d["paths"]["/changeListenerStatus"]["post"].update(operationId="ChangeListeners"),
     [], 2, "operations not found in the download: UpdateListenerStatus", set()),
    ("overlay partial match", lambda d: d["components"]["responses"]["410"]["content"].pop("application/xml"),
     ["--accept-breaking"], 2, """$['components']['responses']['410']["content"]["application/xml"]""", set()),
    ("Boomi defines Error itself", boomi_defines_error, ["--accept-breaking"], 2, """$['components']['schemas']["Error"]["type"]""", set()),
    ("Boomi documents 202 itself", boomi_documents_202, [], 2, """["202"]["content"]["application/json"]["schema"]""", set()),
]  # fmt: skip


def run(root: Path, download_file: Path, extra: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(root), "--spec", str(download_file), *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


@pytest.mark.parametrize(
    ("mutate", "extra", "exit_code", "says", "written"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_drill(
    project: Path,
    download: Doc,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    mutate: Mutation,
    extra: list[str],
    exit_code: int,
    says: str,
    written: set[str],
) -> None:
    mutated = copy.deepcopy(download)
    mutate(mutated)
    download_file = tmp_path / "platform.json"
    download_file.write_text(dump_spec(mutated), encoding="utf-8")
    before = snapshot(project)

    code, output = run(project, download_file, extra, capsys)

    assert (code, says in output) == (exit_code, True), output
    assert changed(before, snapshot(project)) == written
    assert sorted(p.name for p in project.iterdir()) == ["generated", "openapi"]  # no staging left behind
    if CHANGES in written:
        log = (project / CHANGES).read_text(encoding="utf-8")
        assert log.startswith("# Contract changes imported from Boomi's spec")
        assert "platform.json (spec version" in log
        assert "Handwritten places needing attention:" in log
        if "--accept-breaking" in extra:
            assert "Classification: **breaking** (breaking changes accepted with ACCEPT_BREAKING=1)" in log


def test_added_action_names_the_handwritten_places(project: Path, download: Doc, tmp_path: Path) -> None:
    schema(download := copy.deepcopy(download), "ChangeListenerStatusRequest")["properties"]["action"]["enum"].append(
        "stop"
    )
    download_file = tmp_path / "platform.json"
    download_file.write_text(dump_spec(download), encoding="utf-8")

    assert main(["--root", str(project), "--spec", str(download_file)]) == 0

    log = (project / CHANGES).read_text(encoding="utf-8")
    assert "[additive] schema ChangeListenerStatusRequest.action: enum value 'stop' added" in log
    assert "wrapper/boomi_listeners/_actions.py: Action is the one source of the action set" in log
    # A second import of the same download writes nothing more: the log is kept, not repeated.
    assert main(["--root", str(project), "--spec", str(download_file)]) == 0
    assert (project / CHANGES).read_text(encoding="utf-8") == log


BAD_FILES: list[tuple[str, str, bytes, str]] = [
    ("truncated", "platform.json", b'{"openapi": "3.0.3", "paths": {"/a": {', "the JSON is truncated"),
    ("HTML login page", "platform.json", b"<!DOCTYPE html><html><body>Sign in</body></html>", "this is an HTML page"),
    ("not OpenAPI", "platform.json", b'{"name": "boomi", "items": []}', "not an OpenAPI document (no 'openapi'"),
    ("Swagger 2.0", "platform.json", b'{"swagger": "2.0", "paths": {}}', "Swagger 2.0 (OpenAPI 2); convert it"),
    ("empty", "platform.json", b"  \n", "the file is empty"),
    ("a list", "platform.json", b"[1, 2]", "the top level is a list"),
    ("garbage", "platform.json", b'{"openapi": "3.0.3", "paths": {"a": [}}', "not valid JSON or YAML"),
    ("no paths", "platform.yaml", b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\n", "has no paths"),
]


@pytest.mark.parametrize(("name", "content", "says"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_bad_files_exit_2_naming_the_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, says: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    before = snapshot(project)

    code, output = run(project, bad, [], capsys)

    assert code == 2
    assert f"regen: {bad}: " in output
    assert says in output
    assert snapshot(project) == before


def test_yaml_under_a_json_name_is_recognised(
    project: Path, download: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    download_file = tmp_path / "platform.json"
    download_file.write_text(yaml.safe_dump(download, sort_keys=False), encoding="utf-8")
    before = snapshot(project)

    code, output = run(project, download_file, [], capsys)

    assert code == 0, output
    assert "contract: no contract change." in output
    assert snapshot(project) == before


# --- atomic writes: an interrupt at any rename leaves all old or all new, and keeps the report ---------


class Interrupted(KeyboardInterrupt):
    pass


def test_an_interrupt_at_any_point_is_resolved_by_the_next_run(
    tmp_path: Path, download: Doc, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema(mutated := copy.deepcopy(download), "ListenerStatus")["properties"].update(nodeId={"type": "string"})
    download_file = tmp_path / "platform.json"
    download_file.write_text(dump_spec(mutated), encoding="utf-8")
    template = tmp_path / "template"
    shutil.copytree(REPO_ROOT / "openapi", template / "openapi", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO_ROOT / GENERATED, template / GENERATED, ignore=shutil.ignore_patterns("__pycache__"))
    old = snapshot(template)
    real_rename = staging.rename

    # The uninterrupted run: what "all new" looks like, and how many renames it takes.
    calls: list[int] = []
    complete = tmp_path / "complete"
    shutil.copytree(template, complete)
    monkeypatch.setattr(staging, "rename", lambda a, b: (calls.append(1), real_rename(a, b)))
    assert main(["--root", str(complete), "--spec", str(download_file)]) == 0
    new = snapshot(complete)
    assert changed(old, new) == {SPEC, GENERATED, CHANGES}

    for stop_after in range(len(calls)):
        root = tmp_path / f"stop-{stop_after}"
        shutil.copytree(template, root)
        done = [0]

        def flaky(a: Path, b: Path, done: list[int] = done, stop_after: int = stop_after) -> None:
            if done[0] == stop_after:
                raise Interrupted
            done[0] += 1
            real_rename(a, b)

        monkeypatch.setattr(staging, "rename", flaky)
        assert main(["--root", str(root), "--spec", str(download_file)]) == 130
        monkeypatch.setattr(staging, "rename", real_rename)

        # The next run (a plain `make regen`) finishes a committed swap or discards an unfinished one.
        assert main(["--root", str(root)]) == 0
        after = snapshot(root)
        assert after in (old, new), (stop_after, changed(old, after), changed(new, after))
        committed = stop_after >= 1  # the first rename is the manifest: the commit point
        assert after == (new if committed else old), stop_after
        if committed:
            assert "[additive] schema ListenerStatus.nodeId" in (root / CHANGES).read_text(encoding="utf-8")
        assert not (root / staging.WORK_DIR).exists()
        assert json.loads((root / GENERATED / "openapi.json").read_text(encoding="utf-8"))  # a whole package


def test_check_refuses_a_leftover_staging_folder(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / staging.WORK_DIR / "staging").mkdir(parents=True)

    assert main(["--root", str(project), "--check"]) == 2
    assert "interrupted regen left .regen-work/" in capsys.readouterr().err
    assert Layout(project).package.exists()
