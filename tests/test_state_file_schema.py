"""The ``--data`` state file's JSON Schema (shipped next to the fake) agrees with the loader and the demo data."""

from __future__ import annotations

import copy
import importlib.resources
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from boomi_listeners.testing import (
    DEMO_DATA_FILE,
    StateFileError,
    demo_state,
    load_state,
    state_from_mapping,
    state_to_mapping,
)

SCHEMA = json.loads(
    importlib.resources.files("boomi_listeners.testing").joinpath("state-file.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
MINIMAL: dict[str, Any] = {
    "users": [{"username": "ops@example.com", "password": "pw", "accounts": ["acct-1"]}],
    "runtimes": [{"id": "rt-1", "account": "acct-1", "listeners": [{"id": "l-1", "status": "paused"}]}],
}


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_demo_data_and_written_state_follow_the_schema() -> None:
    VALIDATOR.validate(yaml.safe_load(DEMO_DATA_FILE.read_text(encoding="utf-8")))
    VALIDATOR.validate(state_to_mapping(demo_state()))


def test_a_file_the_schema_accepts_loads(tmp_path: Path) -> None:
    VALIDATOR.validate(MINIMAL)
    path = tmp_path / "state.json"
    path.write_text(json.dumps(MINIMAL), encoding="utf-8")

    state = load_state(path)

    assert state.listener("rt-1", "l-1").status == "paused"


def test_multi_node_runtimes_totp_users_and_wss_listeners_are_described() -> None:
    data = copy.deepcopy(MINIMAL)
    data["users"][0]["otp_secret"] = "JBSWY3DPEHPK3PXP"
    data["runtimes"].append(
        {
            "id": "rt-2",
            "account": "acct-1",
            "kind": "MOLECULE",
            "nodes": 3,
            "listeners": [{"id": "ws", "connector_type": "wss"}],
        }
    )

    VALIDATOR.validate(data)


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({**MINIMAL, "runtime": []}, id="unknown top-level key"),
        pytest.param(_with(("runtimes", 0, "listeners", 0, "status"), "stopped"), id="unknown status"),
        pytest.param(_with(("runtimes", 0, "online"), "yes"), id="online not a boolean"),
        pytest.param(_with(("runtimes", 0, "listeners", 0, "colour"), "red"), id="unknown listener key"),
        pytest.param(_with(("users", 0), {"username": "nobody@example.com"}), id="user who can never log in"),
        pytest.param(_with(("runtimes", 0, "id"), ""), id="empty id"),
    ],
)
def test_what_the_loader_rejects_the_schema_rejects(data: dict[str, Any]) -> None:
    with pytest.raises(StateFileError):
        state_from_mapping(data)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(data)


@pytest.mark.parametrize(
    "runtime",
    [
        pytest.param({"id": "rt-9", "account": "acct-1", "kind": "ATOM", "nodes": 2}, id="nodes on a single runtime"),
        pytest.param({"id": "rt-9", "account": "acct-1", "kind": "MOLECULE", "nodes": 0}, id="no nodes"),
    ],
)
def test_nodes_only_on_clusters_and_clouds(runtime: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate({**MINIMAL, "runtimes": [runtime]})
