"""Names in listener state documents: the format, ``snapshot(names=True)`` on both clients, and the
``snapshot``/``apply``/``window`` commands with ``--runtime``, ``--environment``, ``--process`` and ``--names``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boomi_listeners import DocumentError, StateDocument
from boomi_listeners.testing import (
    DEMO_MOLECULE_CONTAINER_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    FakeBoomi,
    Listener,
)
from tests._cli_runner import Cli, ServedFake, in_process, on_loopback
from tests._fakes import demo_fake
from tests.test_names_sdk import calls, requests_to

PROD = "Production Atom (us-east)"
INVENTORY = "95987f23-d952-5b1c-9385-7243931f0f74"
INVENTORY_NAME = "Inventory JMS subscriber"
ORDERS_NAME = "Orders web service listener"

OLD = {
    "version": 1,
    "taken_at": "2025-01-31T09:00:00Z",
    "runtimes": [
        {"container_id": "rt-1", "listeners": [{"listener_id": "l-1", "status": "paused", "connector_type": "jms"}]}
    ],
}
NAMED = {
    "version": 1,
    "runtimes": [
        {
            "container_id": "rt-1",
            "name": "Prod Atom",
            "listeners": [
                {"listener_id": "l-1", "name": "Orders", "status": "listening"},
                {"listener_id": "l-2", "status": "paused"},
            ],
        }
    ],
}


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The windows' locks of each test in its own folder."""
    folder = tmp_path / "state"
    monkeypatch.setenv("BOOMI_LISTENERS_STATE_DIR", str(folder))
    return folder


# -- the document format --------------------------------------------------------------------------


def test_a_document_without_names_reads_and_writes_as_before() -> None:
    document = StateDocument.from_dict(OLD)

    assert [(r.name, [i.name for i in r.listeners]) for r in document.runtimes] == [(None, [None])]
    assert document.names() == {}
    assert document.as_dict() == OLD
    assert "name" not in document.dumps("yaml")


@pytest.mark.parametrize("form", ["yaml", "json"])
def test_names_survive_writing_reading_and_narrowing(form: str, tmp_path: Path) -> None:
    path = tmp_path / f"named.{form}"
    StateDocument.from_dict(NAMED).dump(path)

    document = StateDocument.load(path)

    assert document.as_dict() == NAMED
    assert document.names() == {("rt-1", None): "Prod Atom", ("rt-1", "l-1"): "Orders"}
    narrowed = document.only(["l-1"])
    assert (narrowed.runtimes[0].name, narrowed.runtimes[0].listeners[0].name) == ("Prod Atom", "Orders")


def test_with_names_fills_names_and_keeps_the_ids_as_the_key() -> None:
    document = StateDocument.from_dict(OLD).with_names({"rt-1": "Prod Atom"}, {"l-1": "Orders", "l-9": "Other"})

    assert document.as_dict()["runtimes"] == [
        {
            "container_id": "rt-1",
            "name": "Prod Atom",
            "listeners": [{"listener_id": "l-1", "name": "Orders", "status": "paused", "connector_type": "jms"}],
        }
    ]
    assert document.container_ids == ("rt-1",)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("runtimes", 0, "name"), 7, "runtimes[0].name"),
        (("runtimes", 0, "listeners", 0, "name"), [], "runtimes[0].listeners[0].name"),
    ],
)
def test_a_name_that_is_not_text_is_refused_naming_the_field(path: tuple[Any, ...], value: Any, field: str) -> None:
    data = json.loads(json.dumps(NAMED))
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value

    with pytest.raises(DocumentError) as caught:
        StateDocument.from_dict(data)

    assert caught.value.field == field


# -- the SDK, both clients ------------------------------------------------------------------------


def test_snapshot_with_names_costs_one_atom_and_one_process_bulk_read(kind: str, fake: FakeBoomi) -> None:
    ids = [DEMO_PROD_CONTAINER_ID, DEMO_MOLECULE_CONTAINER_ID]
    document = calls(kind, fake, lambda client: client.snapshot(container_ids=ids, names=True))

    names = document.names()
    assert names[(DEMO_PROD_CONTAINER_ID, None)] == PROD
    assert names[(DEMO_MOLECULE_CONTAINER_ID, None)] == "Integration Molecule (eu-west)"
    assert names[(DEMO_PROD_CONTAINER_ID, INVENTORY)] == INVENTORY_NAME
    assert all(item.name for _, item in document.listeners())
    assert (requests_to(fake, "/Atom/bulk"), requests_to(fake, "/Process/bulk")) == (1, 1)
    assert StateDocument.loads(document.dumps("yaml")).names() == names


def test_snapshot_without_names_looks_nothing_up(kind: str, fake: FakeBoomi) -> None:
    document = calls(kind, fake, lambda client: client.snapshot(container_ids=[DEMO_PROD_CONTAINER_ID]))

    assert document.names() == {}
    assert not [r for r in fake.requests if "/Atom/" in r.path or "/Process/" in r.path]


def test_snapshot_names_must_be_a_bool_checked_before_any_request(kind: str, fake: FakeBoomi) -> None:
    with pytest.raises(TypeError, match="names must be True or False"):
        calls(kind, fake, lambda client: client.snapshot(container_ids=[DEMO_PROD_CONTAINER_ID], names="yes"))

    assert fake.requests == []


def test_a_window_with_names_keeps_them_in_its_journal(kind: str, fake: FakeBoomi, tmp_path: Path) -> None:
    journal = tmp_path / "journal.json"
    seen: dict[str, Any] = {}
    options = {"container_ids": [DEMO_PROD_CONTAINER_ID], "journal": journal, "names": True}

    def sync_script(client: Any) -> None:
        with client.window(**options) as snapshot:
            seen["open"] = StateDocument.load(journal)
            seen["snapshot"] = snapshot

    async def async_script(client: Any) -> None:
        async with client.window(**options) as snapshot:
            seen["open"] = StateDocument.load(journal)
            seen["snapshot"] = snapshot

    calls(kind, fake, sync_script if kind == "sync" else async_script)

    restored = StateDocument.load(journal)
    for document in (seen["open"], seen["snapshot"], restored):
        assert document.names()[(DEMO_PROD_CONTAINER_ID, None)] == PROD
        assert document.names()[(DEMO_PROD_CONTAINER_ID, INVENTORY)] == INVENTORY_NAME
    assert restored.window is not None
    assert restored.window.state == "restored"
    assert fake.status_of(DEMO_PROD_CONTAINER_ID, INVENTORY) == "listening"


# -- the command line -----------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    with in_process(demo_fake(apply_delay=0.02, restart_phase=0.02, query_delay=0.01), monkeypatch, capsys) as cli:
        yield cli


def test_snapshot_by_runtime_name_with_names(cli: Cli) -> None:
    result = cli.run("--json", "snapshot", "--runtime", PROD, "--names")

    assert result.code == 0, result.err
    document = StateDocument.loads(result.out)
    assert document.container_ids == (DEMO_PROD_CONTAINER_ID,)
    assert document.runtimes[0].name == PROD
    assert {item.name for _, item in document.listeners()} >= {INVENTORY_NAME, ORDERS_NAME}


def test_snapshot_table_shows_names(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    result = cli.run("snapshot", "-c", DEMO_PROD_CONTAINER_ID, "--names", "-o", str(path))

    assert result.code == 0, result.err
    assert INVENTORY_NAME in result.out
    assert f"{PROD} ({DEMO_PROD_CONTAINER_ID})" in result.out
    assert StateDocument.load(path).runtimes[0].name == PROD


def test_snapshot_ids_and_an_environment_together_leave_the_offline_runtime_out(cli: Cli) -> None:
    result = cli.run("--json", "snapshot", "-c", DEMO_MOLECULE_CONTAINER_ID, "--environment", "Production")

    assert result.code == 4, result.err
    assert "Legacy Atom (on-premises)" in result.err
    assert "offline" in result.err
    document = StateDocument.loads(result.out)
    assert document.container_ids == (DEMO_MOLECULE_CONTAINER_ID, DEMO_PROD_CONTAINER_ID)
    assert document.names() == {}  # names only when asked
    status_bodies = [(r.body or b"").decode() for r in cli.fake.requests if "ListenerStatus" in r.path]
    assert not any(DEMO_OFFLINE_CONTAINER_ID in body for body in status_bodies)


def test_snapshot_of_only_offline_runtimes_exits_1(cli: Cli) -> None:
    result = cli.run("snapshot", "--runtime", "Legacy Atom (on-premises)")

    assert result.code == 1
    assert "offline" in result.err
    assert not any("ListenerStatus" in r.path for r in cli.fake.requests)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["snapshot", "--runtime", "Production Atom"], "No runtime is named 'Production Atom'"),
        (["snapshot", "--environment", " "], "--environment must not be empty"),
        (["snapshot"], "say which runtimes"),
        (["--dry-run", "snapshot", "--runtime", PROD], "--dry-run"),
        (["--dry-run", "snapshot", "-c", DEMO_PROD_CONTAINER_ID, "--names"], "--dry-run"),
        (["window", "--recover", "j.json", "--runtime", PROD], "--recover takes only the journal"),
        (["window", "--", "true"], "say which runtimes"),
        (["window", "--runtime", "Nope", "--", "true"], "No runtime is named 'Nope'"),
        (["window", "--runtime", PROD, "--process", "Nope", "--", "true"], "No listener process is named 'Nope'"),
    ],
)
def test_name_usage_errors_exit_2_and_change_nothing(cli: Cli, args: list[str], message: str) -> None:
    result = cli.run(*args)

    assert result.code == 2, result.err
    assert message in result.err
    assert "Traceback" not in result.err
    assert cli.changes() == []


def test_an_ambiguous_process_name_stops_the_window_before_anything_is_read(cli: Cli) -> None:
    cli.fake.state.runtimes[DEMO_PROD_CONTAINER_ID].listeners.append(Listener("dup-1", "Order Intake"))
    cli.fake.state.runtimes[DEMO_MOLECULE_CONTAINER_ID].listeners.append(Listener("dup-2", "Order Intake"))

    result = cli.run("--json", "window", "--runtime", PROD, "--process", "Order Intake", "--", "true")

    assert result.code == 2
    assert ("dup-1" in result.err, "dup-2" in result.err) == (True, True)
    assert result.json()["error"]["type"] == "AmbiguousNameError"
    assert not any("ListenerStatus" in r.path for r in cli.fake.requests)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServedFake]:
    """The fake on loopback for the installed script: a window's command needs the process's real stdio."""
    with on_loopback(demo_fake(apply_delay=0.02), tmp_path / "state") as fake:
        yield fake


def test_window_by_names_pauses_the_named_listener_and_journals_its_name(served: ServedFake, tmp_path: Path) -> None:
    journal = tmp_path / "journal.json"
    seen = tmp_path / "seen"
    script = f"import pathlib; pathlib.Path({str(seen)!r}).write_text('ran')"
    result = served.run(
        "--json", "window", "--runtime", PROD, "--process", INVENTORY_NAME, "--names", "--journal", str(journal),
        "--", sys.executable, "-c", script,
    )  # fmt: skip

    assert result.code == 0, result.err
    assert seen.read_text() == "ran"
    doc = result.json()
    assert doc["paused"] == [{"container_id": DEMO_PROD_CONTAINER_ID, "listener_id": INVENTORY, "name": INVENTORY_NAME}]
    assert doc["offline"] == []
    assert [(c["action"], c.get("listenerId")) for c in served.changes()] == [
        ("pause", INVENTORY),
        ("resume", INVENTORY),
    ]
    kept = StateDocument.load(journal)
    assert kept.names() == {(DEMO_PROD_CONTAINER_ID, None): PROD, (DEMO_PROD_CONTAINER_ID, INVENTORY): INVENTORY_NAME}
    assert kept.window is not None
    assert kept.window.state == "restored"
    assert served.fake.status_of(DEMO_PROD_CONTAINER_ID, INVENTORY) == "listening"


def test_window_dry_run_over_an_environment_reports_the_offline_runtime_first(cli: Cli) -> None:
    result = cli.run("--json", "window", "--environment", "Production", "--names", "--dry-run")

    assert result.code == 0, result.err
    assert "Legacy Atom (on-premises)" in result.err
    doc = result.json()
    assert [o["container_id"] for o in doc["offline"]] == [DEMO_OFFLINE_CONTAINER_ID]
    assert {item["container_id"] for item in doc["plan"]["listeners"]} == {DEMO_PROD_CONTAINER_ID}
    assert {item["name"] for item in doc["plan"]["listeners"]} >= {INVENTORY_NAME, ORDERS_NAME}
    assert cli.changes() == []
    text = cli.run("window", "--environment", "Production", "--names", "--dry-run")
    assert f"({ORDERS_NAME})" in text.out


def test_a_window_whose_runtimes_are_all_offline_does_not_run_the_command(cli: Cli, tmp_path: Path) -> None:
    seen = tmp_path / "seen"
    result = cli.run(
        "window", "--runtime", "Legacy Atom (on-premises)", "--journal", str(tmp_path / "j.json"),
        "--", sys.executable, "-c", f"open({str(seen)!r}, 'w')",
    )  # fmt: skip

    assert result.code == 123
    assert "offline" in result.err
    assert not seen.exists()
    assert not (tmp_path / "j.json").exists()


def test_plan_and_apply_show_the_names_the_document_carries(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    assert cli.run("snapshot", "-c", DEMO_PROD_CONTAINER_ID, "--names", "-o", str(path)).code == 0
    cli.fake.state.schedule_change(DEMO_PROD_CONTAINER_ID, "pause", INVENTORY, apply_delay=0, restart_phase=0)

    planned = cli.run("apply", str(path), "--plan")
    planned_json = cli.run("--json", "apply", str(path), "--plan").json()
    applied = cli.run("--json", "apply", str(path)).json()

    assert planned.code == 0, planned.err
    assert f"({INVENTORY_NAME})" in planned.out
    names = {item["listener_id"]: item["name"] for item in planned_json["plan"]["listeners"]}
    assert names[INVENTORY] == INVENTORY_NAME
    assert names[DEMO_PROD_LISTENER_ID] == ORDERS_NAME
    assert {row["listener_id"]: row["name"] for row in applied["results"]}[INVENTORY] == INVENTORY_NAME
    assert cli.fake.status_of(DEMO_PROD_CONTAINER_ID, INVENTORY) == "listening"


def test_a_runtime_given_by_id_and_by_name_is_read_once(cli: Cli) -> None:
    result = cli.run("--json", "snapshot", "-c", DEMO_PROD_CONTAINER_ID, "--runtime", PROD)

    assert result.code == 0, result.err
    assert StateDocument.loads(result.out).container_ids == (DEMO_PROD_CONTAINER_ID,)


def test_window_takes_listener_ids_and_process_names_together(cli: Cli) -> None:
    result = cli.run(
        "--json", "window", "-c", DEMO_PROD_CONTAINER_ID, "-l", DEMO_PROD_LISTENER_ID, "--process", INVENTORY_NAME,
        "--dry-run",
    )  # fmt: skip

    assert result.code == 0, result.err
    planned = result.json()["plan"]
    assert [item["listener_id"] for item in planned["listeners"]] == [DEMO_PROD_LISTENER_ID, INVENTORY]
    assert [c["listener_id"] for c in planned["changes"]] == [DEMO_PROD_LISTENER_ID, INVENTORY]


def test_plan_of_a_document_without_names_has_null_names(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    assert cli.run("snapshot", "-c", DEMO_PROD_CONTAINER_ID, "-o", str(path)).code == 0

    doc = cli.run("--json", "apply", str(path), "--plan").json()

    assert doc["ok"] is True
    assert {item["name"] for item in doc["plan"]["listeners"]} == {None}
