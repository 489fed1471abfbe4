"""Names on the command line against the fake: --runtime, --environment, --process, --names and runtimes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import jsonschema
import pytest

from boomi_listeners.testing import (
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_READONLY_PASSWORD,
    DEMO_READONLY_USERNAME,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    Listener,
)
from tests._cli_runner import OUTPUT_SCHEMA, Cli, in_process
from tests._fakes import demo_fake

INVENTORY = "95987f23-d952-5b1c-9385-7243931f0f74"
PROD = "Production Atom (us-east)"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    with in_process(demo_fake(apply_delay=0.02, restart_phase=0.02, query_delay=0.01), monkeypatch, capsys) as cli:
        yield cli


def paths(cli: Cli) -> list[str]:
    return [r.path.rsplit("/", 2)[-2] + "/" + r.path.rsplit("/", 1)[-1] for r in cli.fake.requests]


def test_status_by_runtime_name_shows_listener_names(cli: Cli) -> None:
    result = cli.run("status", "--runtime", PROD)

    assert result.code == 0, result.err
    assert PROD in result.out
    assert re.search(rf"Orders web service listener\s*│\s*{DEMO_PROD_LISTENER_ID}\s*│\s*listening", result.out)


def test_names_cost_two_requests_more_than_ids(cli: Cli) -> None:
    by_id = cli.run("status", "-c", DEMO_PROD_CONTAINER_ID)
    id_requests = [r.path for r in cli.fake.requests]
    cli.fake.clear_requests()
    by_name = cli.run("status", "--runtime", PROD)
    name_requests = [r.path for r in cli.fake.requests]

    assert (by_id.code, by_name.code) == (0, 0)
    extra = [p for p in name_requests if "ListenerStatus" not in p]
    assert [p.rsplit("/", 2)[-2:] for p in extra] == [["Atom", "query"], ["Process", "bulk"]]
    assert sum("ListenerStatus" in p for p in name_requests) <= sum("ListenerStatus" in p for p in id_requests) + 1


def test_status_json_gains_names_and_matches_the_schema(cli: Cli) -> None:
    result = cli.run("--json", "status", "--runtime", PROD)

    doc = result.json()
    assert (doc["container_id"], doc["container_name"]) == (DEMO_PROD_CONTAINER_ID, PROD)
    names = {row["listener_id"]: row["name"] for row in doc["listeners"]}
    assert names[INVENTORY] == "Inventory JMS subscriber"
    jsonschema.validate(doc, OUTPUT_SCHEMA)


def test_status_with_ids_and_names_flag(cli: Cli) -> None:
    result = cli.run("--json", "status", "-c", DEMO_TEST_CONTAINER_ID, "--names")

    assert [row["name"] for row in result.json()["listeners"]] == ["Contract test listener"]


def test_status_by_process_name(cli: Cli) -> None:
    result = cli.run("--json", "status", "--runtime", PROD, "--process", "Inventory JMS subscriber")

    assert [row["listener_id"] for row in result.json()["listeners"]] == [INVENTORY]


def test_pause_by_names_and_wait(cli: Cli) -> None:
    result = cli.run("pause", "--runtime", PROD, "--process", "Inventory JMS subscriber", "--wait")

    assert result.code == 0, result.err
    assert cli.fake.status_of(DEMO_PROD_CONTAINER_ID, INVENTORY) == "paused"
    assert "Inventory JMS subscriber" in result.out
    resumed = cli.run("--json", "resume", "--runtime", PROD, "--process", "Inventory JMS subscriber", "--wait")
    doc = resumed.json()
    assert (doc["ok"], doc["container_name"], doc["results"][0]["name"]) == (True, PROD, "Inventory JMS subscriber")
    jsonschema.validate(doc, OUTPUT_SCHEMA)


def test_environment_covers_every_attached_runtime_and_reports_offline_before_any_change(cli: Cli) -> None:
    result = cli.run("--json", "pause", "--environment", "Production", "--all")

    assert result.code == 4, result.err  # partial: the offline runtime was left out
    assert "Legacy Atom (on-premises)" in result.err
    assert "offline" in result.err
    doc = result.json()
    assert [r["container_id"] for r in doc["containers"]] == [DEMO_PROD_CONTAINER_ID]
    assert [o["container_id"] for o in doc["offline"]] == [DEMO_OFFLINE_CONTAINER_ID]
    changed = [r.json()["containerId"] for r in cli.fake.requests if r.path.endswith("/changeListenerStatus")]
    assert changed == [DEMO_PROD_CONTAINER_ID]
    jsonschema.validate(doc, OUTPUT_SCHEMA)


def test_environment_status_reads_each_runtime(cli: Cli) -> None:
    result = cli.run("--json", "status", "--environment", "Test")

    assert result.code == 0, result.err
    doc = result.json()
    assert [r["container_id"] for r in doc["containers"]] == [DEMO_MOLECULE_CONTAINER_ID, DEMO_TEST_CONTAINER_ID]
    assert DEMO_TEST_LISTENER_ID in {row["listener_id"] for row in doc["listeners"]}
    jsonschema.validate(doc, OUTPUT_SCHEMA)


def test_status_of_an_environment_with_an_offline_runtime_is_partial(cli: Cli) -> None:
    result = cli.run("--json", "status", "--environment", "Production")

    assert result.code == 4, result.err
    assert "Legacy Atom (on-premises)" in result.err
    doc = result.json()
    assert [c["container_id"] for c in doc["containers"]] == [DEMO_PROD_CONTAINER_ID]
    assert [o["container_id"] for o in doc["offline"]] == [DEMO_OFFLINE_CONTAINER_ID]
    status_queries = [r for r in cli.fake.requests if "ListenerStatus" in r.path]
    assert status_queries
    assert not any(DEMO_OFFLINE_CONTAINER_ID in (r.body or b"").decode() for r in status_queries)
    jsonschema.validate(doc, OUTPUT_SCHEMA)


def test_unknown_name_exits_2_naming_the_search(cli: Cli) -> None:
    result = cli.run("status", "--runtime", "Production Atom")

    assert result.code == 2
    assert "No runtime is named 'Production Atom'" in result.err
    assert "Traceback" not in result.err


def test_ambiguous_process_name_exits_2_listing_every_match(cli: Cli) -> None:
    for runtime_id, listener_id in ((DEMO_PROD_CONTAINER_ID, "dup-1"), (DEMO_TEST_CONTAINER_ID, "dup-2")):
        cli.fake.state.runtimes[runtime_id].listeners.append(Listener(listener_id, "Order Intake"))

    result = cli.run("--json", "pause", "--runtime", PROD, "--process", "Order Intake")

    assert result.code == 2
    assert "dup-1" in result.err
    assert "dup-2" in result.err
    assert result.json()["error"]["type"] == "AmbiguousNameError"
    assert not any(r.path.endswith("/changeListenerStatus") for r in cli.fake.requests)


def test_wait_by_names(cli: Cli) -> None:
    listener = "Orders web service listener"
    result = cli.run("--json", "wait", "--runtime", PROD, "--process", listener, "--status", "listening")

    assert result.code == 0, result.err
    assert result.json()["name"] == "Orders web service listener"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "-c", DEMO_PROD_CONTAINER_ID, "--runtime", PROD], "not both"),
        (["pause", "--runtime", PROD, "-l", DEMO_PROD_LISTENER_ID, "--process", "x"], "not both"),
        (["pause", "--runtime", " ", "--all"], "--runtime must not be empty"),
        (["--dry-run", "pause", "--runtime", PROD, "--all"], "--dry-run"),
        (["pause", "--all"], "say which runtime"),
        (["wait", "--environment", "Test", "-l", "x", "--status", "paused"], "one runtime"),
        (["--dry-run", "runtimes"], "--dry-run"),
    ],
)
def test_name_usage_errors_exit_2(cli: Cli, args: list[str], message: str) -> None:
    result = cli.run(*args)

    assert result.code == 2
    assert message in result.err
    assert not any(r.path.endswith("/changeListenerStatus") for r in cli.fake.requests)


def test_runtimes_table_and_json(cli: Cli) -> None:
    table = cli.run("runtimes")
    doc = cli.run("--json", "runtimes", "--environment", "Production").json()

    assert table.code == 0, table.err
    row = r"Legacy Atom \(on-premises\)\s*│\s*f0093e19\S*\s*│\s*ATOM\s*│\s*OFFLINE\s*│\s*Production"
    assert re.search(row, table.out)
    assert [(r["name"], r["status"]) for r in doc["runtimes"]] == [
        (PROD, "ONLINE"),
        ("Legacy Atom (on-premises)", "OFFLINE"),
    ]
    jsonschema.validate(doc, OUTPUT_SCHEMA)


def test_runtimes_needs_runtime_management_read(cli: Cli) -> None:
    readonly = cli.run("runtimes", BOOMI_USERNAME=DEMO_READONLY_USERNAME, BOOMI_PASSWORD=DEMO_READONLY_PASSWORD)
    cli.fake.state.users[DEMO_READONLY_USERNAME].privileges = {"API"}
    api_only = cli.run("runtimes", BOOMI_USERNAME=DEMO_READONLY_USERNAME, BOOMI_PASSWORD=DEMO_READONLY_PASSWORD)

    assert readonly.code == 0, readonly.err
    assert api_only.code == 1
    assert "403" in api_only.err or "privilege" in api_only.err.lower()
