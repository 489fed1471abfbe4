"""What callers pass is checked once, at the public methods, before any request, in one message format.

``"<field> must be <what>; got <value>"``: InvalidRequestError (a ValueError naming the field) for a
value that cannot be used, TypeError for a switch that is not True or False. Both clients, through
every entry point that takes IDs; a handler that fails the test if any request is sent.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from boomi_listeners import Action, Expectation, InvalidRequestError
from boomi_listeners._checks import check_count, check_flag, check_id, check_ids, check_optional_id
from tests._twins import Twin


@pytest.fixture
def twin(kind: str) -> Twin:
    return Twin(kind)


def never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request may be sent, got {request.method} {request.url.path}")


REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    # (method, arguments, the field named, how the message starts)
    ("statuses", {"container_id": "  "}, "container_id", "container_id must be a non-empty string; got '  '"),
    ("statuses", {"container_id": 3}, "container_id", "container_id must be a non-empty string; got 3"),
    ("statuses", {"container_id": "C", "listener_id": ""}, "listener_id",
     "listener_id must be a non-empty string or None; got ''"),
    ("named_statuses", {"container_id": None}, "container_id", "container_id must be a non-empty string; got None"),
    ("pause", {"container_id": "", "listener_id": "L"}, "container_id",
     "container_id must be a non-empty string; got ''"),
    ("change", {"action": "pause", "container_id": "C"}, "listener_id",
     "listener_id must be a non-empty string; got None ('pause' needs the listener's ID; 'pause_all' changes"),
    ("change", {"action": "pause_all", "container_id": "C", "listener_id": "L"}, "listener_id",
     "listener_id must be None; got 'L' ('pause_all' changes every listener; use 'pause')"),
    ("restart", {"container_id": "C", "listener_id": " "}, "listener_id",
     "listener_id must be a non-empty string; got ' '"),
    ("wait_for", {"container_id": "C", "listener_id": None, "status": "paused"}, "listener_id",
     "listener_id must be a non-empty string; got None (wait_for_all waits for every listener)"),
    ("wait_for_all", {"container_id": "", "status": "paused"}, "container_id",
     "container_id must be a non-empty string; got ''"),
    ("wait_for_many", {"expectations": [("C", "L", "paused"), ("C", 7, "paused")]}, "expectations[1].listener_id",
     "expectations[1]: listener_id must be a non-empty string or None; got 7"),
    ("wait_for_many", {"expectations": [Expectation(" ", None, "paused")]}, "expectations[0].container_id",
     "expectations[0]: container_id must be a non-empty string; got ' '"),
    ("wait_for_many", {"expectations": [("C", "L", "paused")], "concurrency": 0}, "concurrency",
     "concurrency must be an integer of at least 1; got 0"),
    ("change_many", {"targets": [("pause", "C", "L"), ("resume_all", "C", "L")]}, "targets[1].listener_id",
     "targets[1]: listener_id must be None; got 'L'"),
    ("change_many", {"targets": [("pause", "", "L")]}, "targets[0].container_id",
     "targets[0]: container_id must be a non-empty string; got ''"),
    ("change_many", {"targets": [("pause", "C", "L")], "concurrency": True}, "concurrency",
     "concurrency must be an integer of at least 1; got True"),
    ("snapshot", {"container_ids": "C"}, "container_ids",
     "container_ids must be a list of runtime IDs; got 'C' (e.g. container_ids=[runtime_id])"),
    ("snapshot", {"container_ids": []}, "container_ids",
     "container_ids must be a list of at least one runtime ID; got []"),
    ("snapshot", {"container_ids": ["C", None]}, "container_ids[1]",
     "container_ids[1] must be a non-empty string; got None"),
    ("schedule_statuses_by_id", {"schedule_ids": "S-1"}, "schedule_ids",
     "schedule_ids must be a list of schedule IDs; got 'S-1' (e.g. schedule_ids=[schedule_id])"),
    ("schedule_statuses_by_id", {"schedule_ids": ["S-1", ""]}, "schedule_ids[1]",
     "schedule_ids[1] must be a non-empty string; got ''"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "kwargs", "field", "message"), REFUSED, ids=[f"{r[0]}-{r[2]}" for r in REFUSED])
def test_every_entry_point_refuses_unusable_ids_before_any_request(
    twin: Twin, method: str, kwargs: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        twin.call(never, method, **kwargs)
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == field
    assert str(caught.value).startswith(message), str(caught.value)


@pytest.mark.parametrize("field", ["names", "schedules"])
def test_a_switch_that_is_not_a_bool_is_a_type_error(twin: Twin, field: str) -> None:
    with pytest.raises(TypeError, match=rf"^{field} must be True or False; got 1$"):
        twin.call(never, "snapshot", container_ids=["C"], **{field: 1})


def test_a_schedule_switch_that_is_not_a_bool_is_a_type_error(twin: Twin) -> None:
    ids = {"schedule_id": "S", "container_id": "C", "process_id": "P"}
    with pytest.raises(TypeError, match=r"^enabled must be True or False; got 'yes'$"):
        twin.call(never, "set_schedule_enabled", **ids, enabled="yes")


def test_no_schedule_ids_ask_for_nothing_and_send_nothing(twin: Twin) -> None:
    assert twin.call(never, "schedule_statuses_by_id", schedule_ids=[]) == []


def test_a_window_refuses_unusable_ids_before_any_request(twin: Twin) -> None:
    def body() -> None:
        raise AssertionError("the window's body must not run")

    with pytest.raises(InvalidRequestError) as caught:
        twin.window(never, body, container_id="C", listener_id="")
    assert caught.value.field == "listener_id"


# -- the checks themselves --------------------------------------------------------------------------


def test_ids_are_kept_once_in_the_order_given() -> None:
    assert check_ids(["B", "A", "B"], "container_ids", "runtime") == ("B", "A")
    assert check_ids(iter(["X"]), "listener_ids", "listener") == ("X",)


def test_usable_values_pass_unchanged() -> None:
    assert check_id("C-1", "container_id") == "C-1"
    assert check_optional_id(None, "listener_id") is None
    assert check_optional_id("L", "listener_id") == "L"
    assert check_flag(False, "names") is False
    assert check_count(1, "concurrency") == 1
    assert check_count(3, "attempts", minimum=3) == 3
    Action.RESTART_ALL.validate(container_id="C", listener_id=None)
    Action.RESUME.validate(container_id="C", listener_id="L")


def test_a_count_below_its_minimum_names_the_minimum() -> None:
    with pytest.raises(InvalidRequestError, match=r"^attempts must be an integer of at least 2; got 1$") as caught:
        check_count(1, "attempts", minimum=2)
    assert caught.value.field == "attempts"


def test_action_validate_is_the_same_check() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        Action.RESTART.validate(container_id="C", listener_id=None)
    assert caught.value.field == "listener_id"
    assert str(caught.value).startswith("listener_id must be a non-empty string; got None ('restart' needs")
