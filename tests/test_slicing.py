"""Slicing Boomi's full platform download down to the listener operations.

The download is the synthetic one from ``tests/fixtures/full_platform.py``: the
same size and shape as Boomi's, with the same three quirks that make
openapi-python-client reject it.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from regen.contract import contract_changes
from regen.pipeline import PACKAGE, Layout, check, load_document, regen, tree_differences
from regen.slicing import (
    LISTENER_OPERATIONS,
    NAME_OPERATIONS,
    SLICED_OPERATIONS,
    SliceError,
    import_download,
    slice_spec,
)
from tests.fixtures.full_platform import (
    FIXTURE_EXAMPLE_ID,
    FIXTURE_PROSE_MARK,
    LISTENER_OPERATIONS as LISTENER_PATHS,
    LISTENER_QUIRK_LOCATIONS,
    NAME_OPERATIONS as NAME_PATHS,
    PROJECT_SCHEMAS,
    PROJECT_SPEC,
    QUIESCE_OPERATIONS as QUIESCE_PATHS,
    QUIESCE_PATH_ITEMS,
    QUIRK_ENUM_SCHEMAS,
    QUIRK_EXAMPLE_PATH,
    QUIRK_LOCATIONS,
    SHARED_RESPONSES,
    build_full_platform_spec,
    dump_spec,
    write_full_platform_spec,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
COMMITTED = REPO_ROOT / "generated" / PACKAGE
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@pytest.fixture(scope="module")
def download() -> dict[str, Any]:
    return build_full_platform_spec()


@pytest.fixture(scope="module")
def sliced(download: dict[str, Any]) -> dict[str, Any]:
    return slice_spec(download)


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    return load_document(PROJECT_SPEC)


@pytest.fixture
def small_download() -> dict[str, Any]:
    """A cheap download (few filler paths, short prose) for tests that edit it."""
    return build_full_platform_spec(n_filler_paths=24, padding=40)


def operations(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {
        (path, method): item[method]["operationId"]
        for path, item in document["paths"].items()
        for method in METHODS
        if method in item
    }


# --- the fixture is a faithful stand-in ----------------------------------------------------


def test_fixture_is_shaped_like_the_full_download(download: dict[str, Any]) -> None:
    assert download["openapi"] == "3.0.3"
    assert len(download["paths"]) == 334
    assert len(operations(download)) > 400
    assert set(download["components"]) == {"schemas", "responses", "headers", "securitySchemes"}
    assert set(download["components"]["responses"]) == set(SHARED_RESPONSES)
    assert [s["url"].split("/")[2] for s in download["servers"]] == ["api.boomi.com", "api.platform.gb.boomi.com"]
    assert download["x-tagGroups"]
    tagged = {tag for group in download["x-tagGroups"] for tag in group["tags"]}
    assert tagged == {tag["name"] for tag in download["tags"]}
    # Filler operations share the error responses, schemas and headers by $ref, and query with oneOf expressions.
    text = dump_spec(download)
    assert text.count('"$ref": "#/components/responses/403"') == len(operations(download))
    assert '"$ref": "#/components/schemas/BulkId"' in text
    assert '"$ref": "#/components/headers/X-RateLimit-Limit"' in text
    assert download["components"]["schemas"]["AccountExpression"]["oneOf"] == [
        {"$ref": "#/components/schemas/AccountSimpleExpression"},
        {"$ref": "#/components/schemas/AccountGroupingExpression"},
    ]
    assert 3_500_000 < len(text.encode()) < 4_600_000
    # Deterministic, so a bench reusing it measures the same document every time.
    assert build_full_platform_spec() == download


def test_fixture_carries_the_three_quirks(download: dict[str, Any]) -> None:
    content = download["paths"][QUIRK_EXAMPLE_PATH]["post"]["responses"]["200"]["content"]
    assert isinstance(content["example"], str)
    assert content["example"].startswith("<")
    for name in QUIRK_ENUM_SCHEMAS:
        assert download["components"]["schemas"][name]["properties"]["status"]["enum"] == []


def test_openapi_python_client_rejects_the_fixture_like_the_real_download(tmp_path: Path) -> None:
    spec = write_full_platform_spec(tmp_path / "platform.json")
    out = tmp_path / "out"
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path", str(spec),
            "--meta", "none",
            "--output-path", str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )  # fmt: skip
    output = done.stdout + done.stderr

    assert done.returncode != 0
    assert "Failed to parse OpenAPI document" in output
    assert "5 validation errors" in output
    # pydantic spells the locations with ".other" for union members: Boomi's three, and the same
    # kinds of invalid bits that the fixture puts inside the listener part.
    locations = output.replace(".other", "")
    for location in (*QUIRK_LOCATIONS, *LISTENER_QUIRK_LOCATIONS):
        assert location in locations
    assert not out.exists()


# --- what the slice keeps ----------------------------------------------------------------


def test_slice_keeps_exactly_the_listener_operations_the_name_reads_and_the_quiesce_operations(
    sliced: dict[str, Any],
) -> None:
    wanted = {**LISTENER_PATHS, **NAME_PATHS, **QUIESCE_PATHS}
    expected = {(path, method): op_id for path, (method, op_id) in wanted.items()}
    expected.update({(path, m): op_id for path, item in QUIESCE_PATH_ITEMS.items() for m, op_id in item.items()})
    assert operations(sliced) == expected
    assert set(LISTENER_OPERATIONS) == {op_id for _, op_id in LISTENER_PATHS.values()}
    assert set(NAME_OPERATIONS) == {op_id for _, op_id in NAME_PATHS.values()}
    assert set(SLICED_OPERATIONS) == set(expected.values())
    assert len(SLICED_OPERATIONS) == len(set(SLICED_OPERATIONS))


def test_slice_keeps_only_the_reads_of_an_object_not_its_writes(sliced: dict[str, Any]) -> None:
    # /Atom/{id} carries GET, POST (update) and DELETE in the download; only GET is sliced.
    assert set(sliced["paths"]["/Atom/{id}"]) == {"get"}
    assert "/Atom" not in sliced["paths"]
    assert "/Environment/bulk" not in sliced["paths"]


def test_query_more_examples_that_point_at_the_query_example_are_not_followed(download: dict[str, Any]) -> None:
    # Boomi's queryMore answers reuse the query's example by a $ref into paths/; prose is not contract.
    content = download["paths"]["/Atom/queryMore"]["post"]["responses"]["200"]["content"]["application/json"]
    content["example"] = {"$ref": "#/paths/~1Atom~1query/post/responses/200/content/application~1json/example"}

    assert dump_spec(import_download(download)) == PROJECT_SPEC.read_text(encoding="utf-8")


def test_slice_keeps_exactly_the_referenced_components(sliced: dict[str, Any]) -> None:
    components = sliced["components"]
    assert set(components) == {"schemas", "responses", "securitySchemes"}
    assert sorted(components["schemas"]) == sorted(PROJECT_SCHEMAS)
    assert sorted(components["responses"]) == sorted(SHARED_RESPONSES)
    assert components["securitySchemes"] == {"basicAuth": {"type": "http", "scheme": "basic"}}
    assert [tag["name"] for tag in sliced["tags"]] == [
        "Atom",
        "Change listener status",
        "Environment",
        "EnvironmentAtomAttachment",
        "ExecutionRecord",
        "ListenerStatus",
        "Process",
        "ProcessScheduleStatus",
    ]
    assert "x-tagGroups" not in sliced


def test_download_carries_prose_and_examples_of_its_own(sliced: dict[str, Any]) -> None:
    # Otherwise the import below would have nothing to drop.
    text = json.dumps(sliced)
    assert text.count(FIXTURE_PROSE_MARK) > 30
    assert FIXTURE_EXAMPLE_ID in text
    assert '"enum": []' in text


def test_import_gives_back_the_committed_spec_byte_for_byte(download: dict[str, Any]) -> None:
    # The committed spec is Boomi's structure only; the fixture's words and examples are dropped.
    assert dump_spec(import_download(download)) == PROJECT_SPEC.read_text(encoding="utf-8")


def test_import_contains_no_prose_no_filler_and_no_quirk(download: dict[str, Any]) -> None:
    imported = import_download(download)
    text = json.dumps(imported)
    fillers = (
        "PublisherIntegrationPack",
        "AccountGroup",
        "QueryMoreAccount",
        "X-RateLimit",
        "DeleteAtom",
        "/Account/queryMore",
    )
    for filler in fillers:
        assert filler not in text
    for prose in (FIXTURE_PROSE_MARK, FIXTURE_EXAMPLE_ID, '"description"', '"summary"', '"example', '"enum": []'):
        assert prose not in text


def test_slice_is_independent_of_the_download(download: dict[str, Any]) -> None:
    result = slice_spec(download)
    result["components"]["schemas"]["AsyncToken"]["properties"].clear()
    result["paths"]["/changeListenerStatus"]["post"]["responses"].clear()

    assert download["components"]["schemas"]["AsyncToken"]["properties"]
    assert download["paths"]["/changeListenerStatus"]["post"]["responses"]


def test_slice_follows_nested_and_cyclic_refs_of_any_operation(small_download: dict[str, Any]) -> None:
    # A filler query: QueryConfig -> Expression -> oneOf(Simple, Grouping -> Expression ...) and the result type.
    result = slice_spec(small_download, ["QueryAccount"])

    assert operations(result) == {("/Account/query", "post"): "QueryAccount"}
    assert sorted(result["components"]["schemas"]) == sorted(
        f"Account{suffix}"
        for suffix in ("", "QueryConfig", "Expression", "SimpleExpression", "GroupingExpression", "QueryResponse")
    )
    assert sorted(result["components"]["responses"]) == sorted(SHARED_RESPONSES)


def test_slice_keeps_only_the_security_schemes_in_use(small_download: dict[str, Any]) -> None:
    small_download["components"]["securitySchemes"]["apiToken"] = {"type": "apiKey", "in": "header", "name": "X"}

    assert list(slice_spec(small_download)["components"]["securitySchemes"]) == ["basicAuth"]


def test_slice_ignores_broken_refs_outside_the_listener_operations(small_download: dict[str, Any]) -> None:
    small_download["paths"]["/Account/query"]["post"]["responses"]["200"] = {"$ref": "#/components/responses/Gone"}
    del small_download["components"]["schemas"]["AccountQueryResponse"]

    assert sorted(slice_spec(small_download)["components"]["schemas"]) == sorted(PROJECT_SCHEMAS)


# --- what the slice refuses -------------------------------------------------------------


def test_missing_operation_is_named(small_download: dict[str, Any]) -> None:
    del small_download["paths"]["/async/ListenerStatus/response/{token}"]

    with pytest.raises(SliceError, match="AsyncTokenListenerStatus") as raised:
        slice_spec(small_download)

    assert "UpdateListenerStatus" not in str(raised.value)


def test_missing_operations_are_all_named(small_download: dict[str, Any]) -> None:
    with pytest.raises(SliceError, match="NoSuchOperation, OtherMissing"):
        slice_spec(small_download, ["UpdateListenerStatus", "OtherMissing", "NoSuchOperation"])


@pytest.mark.parametrize(
    ("section", "name"),
    [("schemas", "AsyncToken"), ("schemas", "ListenerStatusGroupingExpression"), ("responses", "410")],
)
def test_dangling_ref_is_named(small_download: dict[str, Any], section: str, name: str) -> None:
    del small_download["components"][section][name]

    with pytest.raises(SliceError, match=f"#/components/{section}/{name}"):
        slice_spec(small_download)


def test_remote_ref_is_refused(small_download: dict[str, Any]) -> None:
    schema = small_download["components"]["schemas"]["ListenerStatus"]
    schema["properties"]["status"] = {"$ref": "https://example.com/status.json"}

    with pytest.raises(SliceError, match="only local"):
        slice_spec(small_download)


# --- end to end: a download through the whole pipeline -----------------------------------


def test_importing_the_download_the_spec_came_from_changes_nothing(tmp_path: Path, download: dict[str, Any]) -> None:
    root = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO_ROOT / "openapi", root / "openapi", ignore=ignore)
    shutil.copytree(COMMITTED, root / "generated" / PACKAGE, ignore=ignore)
    layout = Layout(root)
    before = {p: p.read_bytes() for p in (root / "openapi").rglob("*") if p.is_file()}
    download_file = tmp_path / "boomi-platform.json"
    download_file.write_text(dump_spec(download), encoding="utf-8")

    result = regen(layout, download=download_file)

    assert result.written == []
    assert result.report.classification == "none"
    assert {p: p.read_bytes() for p in (root / "openapi").rglob("*") if p.is_file()} == before
    assert tree_differences(COMMITTED, layout.package) == []
    assert not layout.changes.exists() or layout.changes.read_bytes() == before[layout.changes]
    assert sorted(p.name for p in root.iterdir()) == ["generated", "openapi"]  # no staging left
    assert check(layout) == []


def test_import_of_the_download_does_not_change_the_generated_contract(
    download: dict[str, Any], project: dict[str, Any]
) -> None:
    assert contract_changes(project, import_download(download)) == []
    broken = copy.deepcopy(project)
    broken["components"]["schemas"]["ListenerStatus"]["required"] = ["listenerId"]
    # ListenerStatus is only ever received: a field becoming required promises more (additive).
    assert contract_changes(broken, import_download(download)) == [
        "[additive] schema ListenerStatus.status: now required"
    ]
