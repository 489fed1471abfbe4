"""Listener state documents (format, schema, validation) and the plan that applies one, without a server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from boomi_listeners import (
    Action,
    DocumentError,
    GoneError,
    InvalidRequestError,
    ListenerState,
    StateDocument,
)
from boomi_listeners._documents import schema
from boomi_listeners._plan import make_plan
from boomi_listeners._window import Window, check_journal

C1, C2 = "runtime-1", "runtime-2"


def opened(
    snapshot: StateDocument,
    listener_ids: list[str] | None = None,
    *,
    journal: Path | None = None,
    fewest_requests: bool = False,
) -> Window:
    """A window opened on ``snapshot`` without locks or requests."""
    window = Window(
        StateDocument(()), {}, journal, wait=True, fewest_requests=fewest_requests, listener_ids=listener_ids
    )
    window.open(snapshot)
    return window


def doc(*runtimes: tuple[str, dict[str, str]]) -> StateDocument:
    return StateDocument.from_dict(
        {
            "version": 1,
            "runtimes": [
                {"container_id": c, "listeners": [{"listener_id": lid, "status": s} for lid, s in listeners.items()]}
                for c, listeners in runtimes
            ],
        }
    )


def states(**statuses: str) -> list[ListenerState]:
    return [ListenerState(lid, status) for lid, status in statuses.items()]


# -- format and schema ------------------------------------------------------------------------------


def test_round_trip_yaml_and_json(tmp_path: Path) -> None:
    original = StateDocument.from_states(
        [(C1, [ListenerState("a", "listening", "wss"), ListenerState("b", "paused")]), (C2, [])]
    )
    assert original.version == 1
    assert original.taken_at is not None
    assert original.taken_at.endswith("Z")
    for name in ("snap.yaml", "snap.json"):
        path = tmp_path / name
        original.dump(path)
        assert StateDocument.load(path) == original
    assert json.loads((tmp_path / "snap.json").read_text())["runtimes"][0]["listeners"][0] == {
        "listener_id": "a",
        "status": "listening",
        "connector_type": "wss",
    }
    assert "container_id: runtime-1" in (tmp_path / "snap.yaml").read_text()


def test_the_schemas_of_both_versions_ship_in_the_package() -> None:
    for version in (1, 2):
        loaded = schema(version)
        assert loaded["properties"]["version"]["const"] == version
        assert loaded["$defs"]["listener"]["properties"]["status"]["enum"] == ["listening", "paused", "errored"]
    assert "schedules" not in schema(1)["$defs"]["runtime"]["properties"]
    assert schema(2)["$defs"]["schedule"]["required"] == ["schedule_id", "process_id", "enabled"]


def _valid() -> dict[str, Any]:
    return {
        "version": 1,
        "runtimes": [
            {"container_id": C1, "listeners": [{"listener_id": "a", "status": "paused"}]},
            {"container_id": C2, "listeners": [{"listener_id": "b", "status": "listening"}]},
        ],
    }


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["runtimes"][1]["listeners"][0].update(status="stopped"), "runtimes[1].listeners[0].status",
         "'stopped' is not one of"),
        (lambda d: d["runtimes"][0]["listeners"][0].pop("listener_id"), "runtimes[0].listeners[0].listener_id",
         "required"),
        (lambda d: d["runtimes"][0].pop("container_id"), "runtimes[0].container_id", "required"),
        (lambda d: d["runtimes"][0].update(container_id="  "), "runtimes[0].container_id", "empty"),
        (lambda d: d.update(version=3), "version", "unsupported version 3; this release reads versions 1 and 2"),
        (lambda d: d.update(version="2"), "version", "unsupported version '2'"),
        (lambda d: d["runtimes"][0].update(schedules=[]), "runtimes[0].schedules", "unknown field"),
        (lambda d: d.pop("runtimes"), "runtimes", "required"),
        (lambda d: d["runtimes"][0]["listeners"][0].update(state="paused"), "runtimes[0].listeners[0].state",
         "unknown field"),
        (lambda d: d["runtimes"][1].update(container_id=C1), "runtimes[1].container_id", "appears twice"),
        (lambda d: d["runtimes"][0]["listeners"].append({"listener_id": "a", "status": "paused"}),
         "runtimes[0].listeners[1].listener_id", "appears twice"),
    ],
)  # fmt: skip
def test_validation_errors_name_the_field(change: Any, field: str, words: str) -> None:
    data = _valid()
    change(data)
    with pytest.raises(DocumentError) as caught:
        StateDocument.from_dict(data)
    assert caught.value.field == field
    assert field in str(caught.value)
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_text_that_is_not_a_document() -> None:
    with pytest.raises(DocumentError, match=r"document: .*type") as caught:
        StateDocument.loads("- just\n- a list\n")
    assert caught.value.field == "document"
    with pytest.raises(DocumentError, match="neither YAML nor JSON"):
        StateDocument.loads("version: [1\n")


def test_narrowing_to_listeners_names_unknown_ones() -> None:
    document = doc((C1, {"a": "listening", "b": "paused"}), (C2, {"c": "listening"}))
    narrowed = document.only(["b"])
    assert [(c, i.listener_id) for c, i in narrowed.listeners()] == [(C1, "b")]
    with pytest.raises(InvalidRequestError, match="zzz") as caught:
        document.only(["a", "zzz"])
    assert caught.value.field == "listener_ids"


# -- the plan ---------------------------------------------------------------------------------------


def test_one_request_per_listener_by_default_and_one_per_runtime_with_fewest_requests() -> None:
    document = doc((C1, {"a": "listening", "b": "listening", "c": "listening"}))
    current = {C1: states(a="paused", b="paused", c="paused")}
    assert [(c.action, c.listener_id) for c in make_plan(document, current).changes] == [
        (Action.RESUME, "a"),
        (Action.RESUME, "b"),
        (Action.RESUME, "c"),
    ]
    plan = make_plan(document, current, fewest_requests=True)
    assert [(c.action, c.listener_id, c.listeners) for c in plan.changes] == [
        (Action.RESUME_ALL, None, ("a", "b", "c"))
    ]


def test_single_requests_when_listeners_move_differently_and_errored_is_not_touched() -> None:
    document = doc((C1, {"a": "listening", "b": "paused", "c": "listening", "d": "paused", "e": "listening"}))
    current = {C1: states(a="paused", b="listening", c="listening", d="paused", e="errored")}
    plan = make_plan(document, current)
    assert [(c.action, c.listener_id) for c in plan.changes] == [(Action.RESUME, "a"), (Action.PAUSE, "b")]
    assert {i.listener_id: i.verdict for i in plan.listeners} == {
        "a": "change",
        "b": "change",
        "c": "unchanged",
        "d": "unchanged",
        "e": "errored",
    }


def test_no_all_action_when_the_runtime_reports_a_listener_the_document_leaves_out() -> None:
    document = doc((C1, {"a": "paused", "b": "paused"}))
    plan = make_plan(document, {C1: states(a="listening", b="listening", x="listening")})
    assert [(c.action, c.listener_id) for c in plan.changes] == [(Action.PAUSE, "a"), (Action.PAUSE, "b")]


def test_one_moving_listener_gets_the_single_action() -> None:
    plan = make_plan(doc((C1, {"a": "paused"})), {C1: states(a="listening")})
    assert [(c.action, c.listener_id) for c in plan.changes] == [(Action.PAUSE, "a")]


def test_missing_skipped_and_unreadable_listeners() -> None:
    document = doc((C1, {"a": "paused", "b": "errored"}), (C2, {"c": "listening"}))
    offline = GoneError("offline", status_code=410)
    plan = make_plan(document, {C1: states(b="listening"), C2: offline})
    assert plan.changes == ()
    verdicts = {i.listener_id: (i.verdict, i.error) for i in plan.listeners}
    assert verdicts == {"a": ("missing", None), "b": ("skipped", None), "c": ("unreadable", offline)}


def test_forced_listeners_are_sent_even_when_they_look_right_or_cannot_be_read() -> None:
    document = doc((C1, {"a": "listening", "b": "listening"}), (C2, {"c": "listening"}))
    current = {C1: states(a="listening", b="listening"), C2: GoneError("busy", status_code=410)}
    plan = make_plan(document, current, force={(C1, "a"), (C1, "b"), (C2, "c")}, fewest_requests=True)
    assert [(c.action, c.container_id, c.listener_id) for c in plan.changes] == [
        (Action.RESUME_ALL, C1, None),
        (Action.RESUME, C2, "c"),
    ]


def test_a_window_pauses_only_what_is_listening_and_restores_only_that() -> None:
    snapshot = doc((C1, {"a": "listening", "b": "paused", "c": "errored", "d": "listening"}))
    window = opened(snapshot)
    assert [(c.action, c.listener_id) for c in window.pause_plan().changes] == [
        (Action.PAUSE, "a"),
        (Action.PAUSE, "d"),
    ]
    during = {C1: states(a="paused", b="paused", c="errored", d="paused")}
    assert [(c.action, c.listener_id) for c in window.restore_plan(during).changes] == [
        (Action.RESUME, "a"),
        (Action.RESUME, "d"),
    ]
    everything = opened(doc((C1, {"a": "listening", "b": "listening"})), fewest_requests=True)
    assert [c.action for c in everything.pause_plan().changes] == [Action.PAUSE_ALL]
    assert [c.action for c in opened(everything.snapshot).pause_plan().changes] == [Action.PAUSE, Action.PAUSE]


def test_a_window_over_some_listeners_never_uses_an_all_action() -> None:
    snapshot = doc((C1, {"a": "listening", "b": "listening", "c": "listening"}))
    window = opened(snapshot, ["a", "b"], fewest_requests=True)
    assert [(c.action, c.listener_id) for c in window.pause_plan().changes] == [
        (Action.PAUSE, "a"),
        (Action.PAUSE, "b"),
    ]


def test_journal_is_written_before_any_pause_and_an_open_one_is_never_overwritten(tmp_path: Path) -> None:
    journal = tmp_path / "journal.json"
    snapshot = doc((C1, {"a": "listening"}))
    opened(snapshot, journal=check_journal(journal))
    written = StateDocument.load(journal)
    assert written.window is not None
    assert written.window.state == "open"
    assert written.runtimes == snapshot.runtimes
    with pytest.raises(InvalidRequestError, match="--recover") as caught:
        check_journal(journal)
    assert caught.value.field == "journal"
    (tmp_path / "other.txt").write_text("not a journal: [")
    with pytest.raises(InvalidRequestError, match="not a window journal"):
        check_journal(tmp_path / "other.txt")
    with pytest.raises(InvalidRequestError, match="does not exist"):
        check_journal(tmp_path / "no-such-folder" / "journal.json")


def test_resume_failed_error_keeps_the_listeners_through_pickling() -> None:
    import pickle

    from boomi_listeners import ResumeFailedError

    error = ResumeFailedError("restore failed", listeners=((C1, "a"), (C2, "b")))
    copy = pickle.loads(pickle.dumps(error))
    assert copy.listeners == ((C1, "a"), (C2, "b"))
    assert str(copy) == "restore failed"


def test_a_document_from_read_states_writes_statuses_as_plain_strings() -> None:
    from boomi_listeners import ListenerState, ListenerStatusValue, StateDocument

    states = [ListenerState("L1", "paused"), ListenerState("L2", "listening", "http")]
    assert states[0].status is ListenerStatusValue.PAUSED
    document = StateDocument.from_states([("C1", states)])
    text = document.dumps("yaml")
    assert "status: paused" in text
    assert "!!python" not in text
    assert StateDocument.loads(text, source="round trip") == StateDocument.loads(document.dumps("json"), source="json")


# -- version 2: schedules ---------------------------------------------------------------------------


def _with_schedules() -> dict[str, Any]:
    data = _valid()
    data["version"] = 2
    data["runtimes"][0]["schedules"] = [
        {"schedule_id": "S1", "process_id": "P1", "enabled": True},
        {"schedule_id": "S2", "process_id": "P2", "name": "Nightly", "enabled": False},
    ]
    return data


def test_a_document_with_schedules_is_version_2_and_round_trips(tmp_path: Path) -> None:
    document = StateDocument.from_dict(_with_schedules())
    assert document.version == 2
    assert document.covers_schedules
    assert document.runtimes[1].schedules is None  # not covered: apply and windows leave its schedules alone
    assert [(c, s.schedule_id, s.enabled) for c, s in document.schedules()] == [(C1, "S1", True), (C1, "S2", False)]
    assert document.runtimes[0].schedules is not None
    assert document.runtimes[0].schedules[1].name == "Nightly"
    for name in ("snap.yaml", "snap.json"):
        document.dump(tmp_path / name)
        assert StateDocument.load(tmp_path / name) == document
    assert json.loads((tmp_path / "snap.json").read_text())["version"] == 2


def test_a_document_is_written_in_the_lowest_version_that_holds_it() -> None:
    data = _valid()
    data["version"] = 2  # a version 2 document without schedules is the same as version 1
    document = StateDocument.from_dict(data)
    assert document.version == 1
    assert document.as_dict()["version"] == 1
    assert document.with_schedules({C2: []}).as_dict()["version"] == 2  # covered, none there: still version 2


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["runtimes"][0]["schedules"][0].pop("enabled"), "runtimes[0].schedules[0].enabled", "required"),
        (lambda d: d["runtimes"][0]["schedules"][0].update(enabled="yes"), "runtimes[0].schedules[0].enabled",
         "boolean"),
        (lambda d: d["runtimes"][0]["schedules"][1].update(schedule_id=" "), "runtimes[0].schedules[1].schedule_id",
         "empty"),
        (lambda d: d["runtimes"][0]["schedules"][1].update(schedule_id="S1"), "runtimes[0].schedules[1].schedule_id",
         "appears twice"),
        (lambda d: d["runtimes"][0]["schedules"][0].update(atomId="x"), "runtimes[0].schedules[0].atomId",
         "unknown field"),
    ],
)  # fmt: skip
def test_schedule_errors_name_the_field(change: Any, field: str, words: str) -> None:
    data = _with_schedules()
    change(data)
    with pytest.raises(DocumentError) as caught:
        StateDocument.from_dict(data)
    assert caught.value.field == field
    assert words in str(caught.value)
