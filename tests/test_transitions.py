"""One transition table: the clients' waits, the embedded fake and the docs all say the same thing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from boomi_listeners import TRANSITIONS, Action, ListenerStatusValue
from boomi_listeners.testing import FakeBoomi, ManualClock, demo_state

DOC = Path(__file__).resolve().parent.parent / "docs" / "boomi-behaviour.md"
VERBS = (Action.PAUSE, Action.RESUME, Action.RESTART)
STATUSES = (ListenerStatusValue.LISTENING, ListenerStatusValue.PAUSED, ListenerStatusValue.ERRORED)


def test_the_table_has_a_row_for_every_action_and_documented_status() -> None:
    assert set(TRANSITIONS) == {(verb, status) for verb in VERBS for status in STATUSES}


def test_boomis_documented_rules() -> None:
    assert TRANSITIONS[(Action.RESTART, ListenerStatusValue.PAUSED)].leads_to is ListenerStatusValue.PAUSED
    assert TRANSITIONS[(Action.RESUME, ListenerStatusValue.ERRORED)].leads_to is ListenerStatusValue.ERRORED
    assert TRANSITIONS[(Action.RESUME, ListenerStatusValue.PAUSED)].leads_to is ListenerStatusValue.LISTENING
    assert Action.RESTART_ALL.transition("paused") == TRANSITIONS[(Action.RESTART, ListenerStatusValue.PAUSED)]
    assert Action.RESTART.transition(None).leads_to is ListenerStatusValue.LISTENING
    assert Action.PAUSE.transition("mixed").leads_to is ListenerStatusValue.PAUSED


def test_the_docs_table_is_the_table() -> None:
    rows = re.findall(r"^\| (pause|resume|restart) \| (\w+) \| (\w+) \| (yes|no) \| (.+?) \|$", DOC.read_text(), re.M)
    documented = {
        (Action(v), ListenerStatusValue(b)): (ListenerStatusValue(t), p == "yes", src) for v, b, t, p, src in rows
    }
    assert documented == {key: (row.leads_to, row.passes_through, row.source) for key, row in TRANSITIONS.items()}


@pytest.mark.parametrize("nodes", [1, 3])
@pytest.mark.parametrize(("verb", "before"), list(TRANSITIONS))
def test_the_fake_follows_the_table(verb: Action, before: ListenerStatusValue, nodes: int) -> None:
    clock = ManualClock()
    fake = FakeBoomi(demo_state(), apply_delay=1.0, restart_phase=1.0, clock=clock)
    runtime = next(iter(fake.state.runtimes.values()))
    listener = runtime.listeners[0]
    listener.status = before.value
    fake.state.schedule_change(runtime.id, verb.value, listener.id, apply_delay=1.0, restart_phase=1.0, nodes=nodes)
    clock.advance(5.0)
    fake.state.advance()
    assert fake.status_of(runtime.id, listener.id) == TRANSITIONS[(verb, before)].leads_to
