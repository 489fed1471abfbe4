"""Which handwritten places a contract change asks someone to look at.

The generated client follows the spec by itself; the wrapper, the fake and the
contract suite were written against one version of it. Each rule maps a kind
of change to the files (and tests) that encode what the change touches.
"""

from __future__ import annotations

from regen.contract import BREAKING, Change

# (words any of which in a change's location or text select it, the place to look at)
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("ChangeListenerStatusRequest.action", "ListenerAction"),
        "wrapper/boomi_listeners/_actions.py: Action is the one source of the action set "
        "(tests/test_spec_ties.py names each new or removed value and what to decide); "
        "the fake's own list in wrapper/boomi_listeners/testing/state.py",
    ),
    (
        ("schema ListenerStatus", "schema AsyncOperationTokenResult", "schema AsyncToken"),
        "wrapper/boomi_listeners/_protocol.py: states_from_rows and reading the token answer; "
        "the fake's answers in wrapper/boomi_listeners/testing/responses.py",
    ),
    (
        ("Expression", "QueryConfig"),
        "wrapper/boomi_listeners/_protocol.py: query_body (the ListenerStatus filter); the fake's filter parsing",
    ),
    (
        ("servers",),
        "wrapper/boomi_listeners/_config.py: REGIONS (tests/test_spec_ties.py checks it against the servers)",
    ),
    (
        ("response ",),
        "wrapper/boomi_listeners/_protocol.py check() and _policies.py: is the new or removed answer mapped to "
        "the right BoomiError, and retried when it should be (429, 503)?",
    ),
    (
        ("operation ", "operationId", "path renamed", "tags "),
        "wrapper/boomi_listeners/_client.py and _async_client.py (imports of the generated API modules), "
        "contract_tests/, and the fake's routes in wrapper/boomi_listeners/testing/app.py",
    ),
    (
        ("securitySchemes", "security"),
        "wrapper/boomi_listeners/_auth.py: headers and BoomiAuth, and the fake's auth in testing/auth.py",
    ),
)


def places_needing_attention(changes: list[Change]) -> list[str]:
    """The handwritten places the changes touch, in a fixed order, plus the test run that proves them."""
    places: list[str] = []
    for words, place in _RULES:
        if any(word in f"{c.where}: {c.what}" for c in changes for word in words):
            places.append(place)
    if any(c.kind == BREAKING for c in changes):
        places.append("run `make test`: mypy and the unit tests catch code that uses what changed")
    return places
