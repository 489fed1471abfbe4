"""Hostile listener state documents: every one is a DocumentError naming the source, at once.

A YAML alias bomb of a few hundred bytes once took a minute and gigabytes of memory; deep nesting,
impossible dates and huge integers escaped as RecursionError/ValueError; a key given twice was
silently resolved to its last value.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from boomi_listeners import StateDocument
from boomi_listeners._documents import MAX_DOCUMENT_BYTES, as_document
from boomi_listeners._exceptions import DocumentError

RUNTIME = "b2d4f6a8-1c3e-4a5b-8d7f-9e0a1b2c3d4e"
VALID = f"version: 1\nruntimes:\n- container_id: {RUNTIME}\n  listeners:\n  - {{listener_id: a, status: paused}}\n"


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    return "\n".join(lines) + "\n"


def refused(text: str, *, source: str = "plan.yaml") -> DocumentError:
    started = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        StateDocument.loads(text, source=source)
    assert time.monotonic() - started < 2.0, "refused at once, without expanding anything"
    assert source in str(caught.value)
    return caught.value


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = alias_bomb()
    assert len(bomb) < 1000
    assert "alias" in str(refused(bomb)) or "anchor" in str(refused(bomb))


def test_a_single_harmless_alias_is_refused_too() -> None:
    text = VALID.replace("status: paused}", "status: &s paused}") + "taken_at: *s\n"
    assert "anchors" in str(refused(text))


def test_deep_nesting_is_a_document_error_not_a_recursion_error() -> None:
    assert "nested deeper" in str(refused("[" * 5000 + "]" * 5000))
    assert "nested deeper" in str(refused("a:\n" + "".join(f"{'  ' * i}b{i}:\n" for i in range(1, 200))))


def test_a_deeply_nested_mapping_given_directly_is_a_document_error() -> None:
    nested: dict[str, object] = {}
    inner = nested
    for _ in range(3000):
        inner["x"] = {}
        inner = inner["x"]  # type: ignore[assignment]
    with pytest.raises(DocumentError):
        as_document({"version": 1, "runtimes": [nested]})


def test_an_impossible_date_names_its_field() -> None:
    error = refused(VALID + "taken_at: 2025-02-30T09:00:00Z\n")
    assert error.field == "taken_at"


def test_a_five_thousand_digit_integer_is_a_document_error() -> None:
    refused(VALID.replace("version: 1", "version: " + "9" * 5000))
    refused('{"version": ' + "1" * 5000 + ', "runtimes": []}', source="plan.json")


def test_a_key_given_twice_is_refused_naming_the_key_and_line() -> None:
    text = VALID.replace("status: paused}", "status: listening, status: paused}")
    message = str(refused(text))
    assert "'status' appears twice" in message
    assert "line 5" in message
    assert "version" in str(refused("version: 1\nversion: 1\nruntimes: []\n"))


def test_a_document_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    huge = "#" * (MAX_DOCUMENT_BYTES + 1)
    refused(huge)
    path = tmp_path / "huge.yaml"
    path.write_text(huge)
    with pytest.raises(DocumentError, match=r"huge\.yaml"):
        StateDocument.load(path)


@pytest.mark.parametrize(
    "text",
    ["version: 1\nruntimes: [", "\t- bad: indentation", "!!python/object:os.system ls", "version: !!binary x\n"],
)
def test_every_parser_failure_is_a_document_error_naming_the_file(text: str) -> None:
    refused(text, source="deploy/state.yaml")


def test_a_valid_document_still_loads_with_its_dates_as_text() -> None:
    document = StateDocument.loads(VALID + "taken_at: 2025-01-31T09:00:00Z\n")
    assert document.taken_at == "2025-01-31T09:00:00Z"
    assert StateDocument.loads(document.dumps("json")) == document
    assert StateDocument.loads(document.dumps("yaml")) == document
