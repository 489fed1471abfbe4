"""``make check-sync``: every generated sync file matches its async source, and drift either way is named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import unasync


def test_every_generated_sync_file_is_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert unasync.main(["--check"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("edited", ["source", "generated"])
def test_editing_one_side_alone_fails_the_check_naming_the_file(
    edited: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, (target, docstring) = next((s, t) for s, t in unasync.FILES.items() if s.name == "_async_transports.py")
    shutil.copy(unasync.ROOT / "pyproject.toml", tmp_path)  # ruff's settings, which the generated file follows
    copies = {}
    for path in (source, target):
        copies[path] = tmp_path / path.relative_to(unasync.ROOT)
        copies[path].parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, copies[path])
    monkeypatch.setattr(unasync, "ROOT", tmp_path)
    monkeypatch.setattr(unasync, "FILES", {copies[source]: (copies[target], docstring)})
    assert unasync.main(["--check"]) == 0
    edit = copies[source] if edited == "source" else copies[target]
    edit.write_text(edit.read_text(encoding="utf-8") + "\nEXTRA = 1\n", encoding="utf-8")

    assert unasync.main(["--check"]) == 1
    assert "_sync_transports.py" in capsys.readouterr().err
