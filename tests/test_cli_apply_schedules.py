"""``snapshot --schedules`` and ``apply`` of a version 2 document on the command line, against the fake on loopback.

In process (``main``), so each run costs no interpreter start; every ``--json`` document is checked
against the schema the package ships.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from boomi_listeners import StateDocument
from boomi_listeners.testing import (
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_DISABLED_PROCESS_ID,
    DEMO_PROD_SCHEDULED_PROCESS_ID,
    FakeBoomi,
    serve,
)
from tests._cli_runner import OUTPUT_VALIDATOR, InProcess, Result, fake_env
from tests._fakes import demo_fake

PROD = DEMO_PROD_CONTAINER_ID


def checked(result: Result) -> Any:
    """stdout as JSON, checked against the shipped schema."""
    doc = result.json()
    OUTPUT_VALIDATOR.validate(doc)
    return doc


@dataclass
class Cli:
    fake: FakeBoomi
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]
    base_url: str

    def run(self, *args: str) -> Result:
        runner = InProcess(self.monkeypatch, self.capsys, fake_env(self.base_url, COLUMNS="250"), ("--retries", "0"))
        return runner.run(*args)

    def enabled(self) -> dict[str, bool]:
        return {s.process_id: s.enabled for s in self.fake.state.runtimes[PROD].schedules}

    def flip(self, *process_ids: str) -> None:
        with self.fake.state.lock:
            for schedule in self.fake.state.runtimes[PROD].schedules:
                if schedule.process_id in process_ids:
                    schedule.enabled = not schedule.enabled

    def updates(self) -> list[dict[str, Any]]:
        return [
            r.json()
            for r in self.fake.requests
            if r.method == "POST" and "/ProcessScheduleStatus/" in r.path
            and r.path.rsplit("/", 1)[1] not in ("query", "queryMore", "bulk")
        ]  # fmt: skip


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    fake = demo_fake(apply_delay=0.02)
    with serve(fake) as url:
        yield Cli(fake, monkeypatch, capsys, url)


@pytest.fixture
def document(cli: Cli, tmp_path: Path) -> Path:
    """A version 2 snapshot of the production Atom, with names, in a file."""
    path = tmp_path / "state.yaml"
    taken = cli.run("snapshot", "-c", PROD, "--schedules", "--names", "-o", str(path))
    assert taken.code == 0, taken.err
    assert "and 3 schedule(s)" in taken.err
    assert "Nightly order export" in taken.out, "the table of schedules, with the processes' names"
    cli.fake.clear_requests()
    return path


def test_snapshot_schedules_writes_version_2_and_apply_brings_them_back(cli: Cli, document: Path) -> None:
    written = StateDocument.load(document)
    assert written.version == 2
    before = cli.enabled()
    assert {s.process_id: s.enabled for _, s in written.schedules()} == before
    cli.flip(DEMO_PROD_SCHEDULED_PROCESS_ID, DEMO_PROD_DISABLED_PROCESS_ID)

    planned = cli.run("--json", "apply", str(document), "--plan")

    assert planned.code == 0, planned.err
    plan = checked(planned)["plan"]
    assert (plan["requests"], plan["schedule_requests"]) == (0, 2)
    changing = {s["name"]: (s["current"], s["wanted"]) for s in plan["schedules"] if s["verdict"] == "change"}
    assert changing == {"Nightly order export": (False, True), "Weekly partner report": (True, False)}
    assert cli.updates() == []

    applied = cli.run("--json", "apply", str(document))

    assert applied.code == 0, applied.err
    doc = checked(applied)
    assert doc["ok"] is True
    results = {r["process_id"]: r for r in doc["schedule_results"]}
    assert {p: r["result"] for p, r in results.items()} == {
        p: ("changed" if p in (DEMO_PROD_SCHEDULED_PROCESS_ID, DEMO_PROD_DISABLED_PROCESS_ID) else "unchanged")
        for p in before
    }
    scheduled = results[DEMO_PROD_SCHEDULED_PROCESS_ID]
    assert (scheduled["name"], scheduled["before"], scheduled["wanted"], scheduled["after"], scheduled["ok"]) == (
        "Nightly order export", False, True, True, True,
    )  # fmt: skip
    assert cli.enabled() == before
    assert len(cli.updates()) == 2


def test_apply_shows_schedules_in_the_table_and_plain_lines(cli: Cli, document: Path) -> None:
    cli.flip(DEMO_PROD_SCHEDULED_PROCESS_ID)
    planned = cli.run("apply", str(document), "--plan")
    assert planned.code == 0, planned.err
    assert "Plan: 0 change request(s) and 1 schedule update(s); nothing was sent." in planned.out
    assert "enable schedules of process Nightly order export (" in planned.out

    table = cli.run("apply", str(document))

    assert table.code == 0, table.err
    assert "1 schedule update(s)" in table.out
    assert "Nightly order export" in table.out
    assert "changed" in table.out
    cli.flip(DEMO_PROD_SCHEDULED_PROCESS_ID)
    plain = cli.run("--output", "plain", "apply", str(document))
    assert plain.code == 0, plain.err
    lines = [line.split("\t") for line in plain.out.splitlines()]
    schedules = [fields for fields in lines if fields[0] == "schedule"]
    assert len(schedules) == 3
    assert len([fields for fields in lines if fields[0] == "listener"]) == 4
    changed = [fields for fields in schedules if fields[-1] == "changed"]
    assert [fields[3:6] for fields in changed] == [["disabled", "enabled", "enabled"]]


def test_a_failed_schedule_update_exits_4(cli: Cli, document: Path) -> None:
    cli.flip(DEMO_PROD_SCHEDULED_PROCESS_ID)
    original = cli.fake.state.schedule
    cli.fake.state.schedule = lambda schedule_id: None  # type: ignore[method-assign]  # every update: 404

    applied = cli.run("--json", "apply", str(document))

    cli.fake.state.schedule = original  # type: ignore[method-assign]
    assert applied.code == 4, applied.err
    doc = checked(applied)
    assert doc["ok"] is False
    (failed,) = [r for r in doc["schedule_results"] if not r["ok"]]
    assert (failed["process_id"], failed["result"], failed["error"]["type"]) == (
        DEMO_PROD_SCHEDULED_PROCESS_ID, "failed", "NotFoundError",
    )  # fmt: skip
    assert "1 schedule(s) do not match the document: Nightly order export (" in applied.err
    assert all(r["ok"] for r in doc["results"])


def test_a_missing_schedule_fails_the_plan_and_the_apply(cli: Cli, document: Path) -> None:
    runtime = cli.fake.state.runtimes[PROD]
    with cli.fake.state.lock:
        runtime.schedules = [s for s in runtime.schedules if s.process_id != DEMO_PROD_DISABLED_PROCESS_ID]

    planned = cli.run("apply", str(document), "--plan")
    as_json = cli.run("--json", "apply", str(document))

    assert planned.code == 4
    assert "missing: schedules of process Weekly partner report (" in planned.out
    assert as_json.code == 4
    (missing,) = [r for r in checked(as_json)["schedule_results"] if not r["ok"]]
    assert (missing["result"], missing["error"]) == ("missing", None)
    assert cli.updates() == []


def test_a_version_1_document_reports_no_schedules(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    assert cli.run("snapshot", "-c", PROD, "-o", str(path)).code == 0
    cli.flip(DEMO_PROD_SCHEDULED_PROCESS_ID)
    cli.fake.clear_requests()

    doc = checked(cli.run("--json", "apply", str(path)))

    assert (doc["exit_code"], doc["schedule_results"], doc["plan"]["schedules"]) == (0, [], [])
    assert not any("/ProcessScheduleStatus" in r.path for r in cli.fake.requests)


def test_dry_runs_list_the_schedule_query(cli: Cli, document: Path) -> None:
    snapshot = checked(cli.run("--json", "snapshot", "-c", PROD, "--schedules", "--dry-run"))
    apply = checked(cli.run("--json", "apply", str(document), "--dry-run"))

    for doc in (snapshot, apply):
        (query,) = [r for r in doc["requests"] if r["url"].endswith("/ProcessScheduleStatus/query")]
        assert query["json"]["QueryFilter"]["expression"]["argument"] == [PROD]
        assert query["method"] == "POST"
    plain = checked(cli.run("--json", "snapshot", "-c", PROD, "--dry-run"))
    assert not any("ProcessScheduleStatus" in r["url"] for r in plain["requests"])
    assert cli.fake.requests == []
