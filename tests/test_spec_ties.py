"""Handwritten code that must follow the generated client: a new spec that changes what it encodes fails here.

``make regen`` updates ``generated/`` by itself; these tests name what someone must then decide
in the handwritten code (the action semantics, the regions), so a new Boomi spec cannot slip
past the wrapper unnoticed.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Iterable
from typing import Any

import pytest

from boomi_listeners import Action
from boomi_listeners._config import API_PATH, REGIONS
from boomi_listeners_api.models import ListenerAction

ACTIONS_MODULE = "wrapper/boomi_listeners/_actions.py"


def action_drift(generated: Iterable[str], handwritten: Iterable[str]) -> list[str]:
    """What must be decided for each action value the spec and ``Action`` disagree on."""
    spec, ours = set(generated), set(handwritten)  # sets: the spec's order carries no meaning
    problems = [
        f"the spec's action enum gained {value!r}: decide in {ACTIONS_MODULE} whether Action offers it, "
        "its scope (one listener or all), the status it leads_to, its inverse and whether it is idempotent; "
        "then give the clients and the CLI a method for it and teach the fake (testing/state.py) to apply it"
        for value in sorted(spec - ours)
    ]
    problems += [
        f"the spec's action enum lost {value!r}: Boomi no longer accepts it; decide in {ACTIONS_MODULE} "
        "whether Action drops it (a breaking change for callers: deprecate the client and CLI methods "
        "that send it first) and stop the fake from accepting it"
        for value in sorted(ours - spec)
    ]
    return problems


def region_drift(servers: Iterable[str], regions: dict[str, str]) -> list[str]:
    """Servers without a region, and regions without a server, each with what to do."""
    servers = list(servers)
    expected = {f"{base}{API_PATH}/{{accountId}}": name for name, base in regions.items()}
    problems = [
        f"the spec documents server {url} but REGIONS (wrapper/boomi_listeners/_config.py) has no region "
        "for it: add one (a short lower-case name) so users can select it"
        for url in sorted(set(servers) - set(expected))
    ]
    problems += [
        f"REGIONS[{expected[url]!r}] = {regions[expected[url]]!r} is no longer a server in the spec "
        f"(expected {url}): check whether Boomi moved or retired it before removing the region"
        for url in sorted(set(expected) - set(servers))
    ]
    return problems


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    text = (importlib.resources.files("boomi_listeners_api") / "openapi.json").read_text(encoding="utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


def test_action_is_the_generated_action_enum() -> None:
    problems = action_drift((m.value for m in ListenerAction), (a.value for a in Action))
    assert not problems, "\n".join(problems)


def test_generated_enum_is_the_shipped_spec_enum(shipped: dict[str, Any]) -> None:
    spec_enum = shipped["components"]["schemas"]["ChangeListenerStatusRequest"]["properties"]["action"]["enum"]
    assert sorted(m.value for m in ListenerAction) == sorted(spec_enum)


def test_action_drift_names_each_value_and_the_decision() -> None:
    ours = [a.value for a in Action]

    gained = action_drift([*ours, "stop"], ours)
    lost = action_drift([v for v in ours if v != "restart"], ours)

    assert len(gained) == 1
    assert "gained 'stop'" in gained[0]
    assert "scope" in gained[0]
    assert "leads_to" in gained[0]
    assert len(lost) == 1
    assert "lost 'restart'" in lost[0]
    assert "deprecate" in lost[0]


def test_regions_are_the_spec_servers(shipped: dict[str, Any]) -> None:
    problems = region_drift((server["url"] for server in shipped["servers"]), dict(REGIONS))
    assert not problems, "\n".join(problems)


def test_region_drift_names_both_sides() -> None:
    regions = {"us": "https://api.boomi.com"}
    servers = ["https://api.platform.au.boomi.com/api/rest/v1/{accountId}"]

    problems = region_drift(servers, regions)

    assert problems[0].startswith("the spec documents server https://api.platform.au.boomi.com")
    assert problems[1].startswith("REGIONS['us'] = 'https://api.boomi.com' is no longer a server")


def test_contract_suite_action_lists_come_from_action() -> None:
    from contract_tests._provider import ALL_ACTIONS, SINGLE_ACTIONS

    assert sorted((*SINGLE_ACTIONS, *ALL_ACTIONS)) == sorted(a.value for a in Action)
