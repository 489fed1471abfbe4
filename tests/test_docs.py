"""The documentation a user reads first: the README's quick start, install lines, every command and exit code,
the public API only, and docstring markup rendered rather than shown raw.

``make docs`` builds the site with warnings as errors; these check what a build cannot: that the
pages say what the code does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import boomi_listeners
from boomi_listeners._cli._app import app
from boomi_listeners._cli._problems import ExitCode
from scripts.mkdocs_hooks import strip_roles
from tests.test_pytest_plugin import outcomes, run_pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "docs").glob("*.md")}
FIRST_SCREEN = "\n".join(README.splitlines()[:45])


def test_the_readme_opens_with_a_service_authors_quick_start() -> None:
    assert "pip install" in FIRST_SCREEN
    assert "ListenerClient.from_env()" in FIRST_SCREEN
    assert "client.paused(" in FIRST_SCREEN
    assert "boomi_client" in FIRST_SCREEN  # the test of it, on the fixtures
    assert "make demo" in README
    assert "make test " in README
    assert "<this repository>" not in README


def test_contributor_material_lives_in_contributing() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

    for fact in ("make regen SPEC=", "| `_wait` |", "make bench", "**Behaviour matrix.**", "staging-<date>.jsonl"):
        assert fact in contributing
        assert fact not in README
    assert len(README.splitlines()) < 300


def test_the_readmes_quick_start_test_passes(tmp_path: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", FIRST_SCREEN, flags=re.DOTALL)
    [test_code] = [block for block in blocks if "def test_" in block]
    folder = tmp_path / "service"
    folder.mkdir()
    (folder / "test_deploy.py").write_text(test_code, encoding="utf-8")

    done = run_pytest(folder, "test_deploy.py")

    assert outcomes(done.stdout) == {"passed": 1}, done.stdout + done.stderr


@pytest.mark.parametrize("page", ["index.md", "README"])
def test_install_lines_name_a_source_that_exists(page: str) -> None:
    text = README if page == "README" else DOCS[page]

    assert not re.search(r"pip install \"?boomi-listeners(\[\w+\])?\"?\s*(#|$)", text, flags=re.MULTILINE), (
        "the package is not on PyPI: install lines name a wheel or a git URL"
    )
    assert "pyrate-limiter" not in text
    assert "git+https://HOST/OWNER/boomi-listeners.git" in text


def test_the_cli_page_documents_every_command_and_exit_code() -> None:
    page = DOCS["cli.md"]
    commands = {command.name or command.callback.__name__ for command in app.registered_commands if command.callback}
    codes = re.findall(r"^\| (\d+) \|", page, flags=re.MULTILINE)

    assert commands >= {"pause", "resume", "restart", "status", "wait", "snapshot", "apply", "window", "fake-server"}
    for command in commands:
        assert f"boomi-listeners {command} " in page or f"`{command}`" in page, command
    assert {int(code) for code in codes} == {int(code) for code in ExitCode}
    for window_code in ("126", "127", "128+N", "130", "143"):
        assert window_code in page
    for option in ("--output plain", "--json", "--dry-run", "--retries", "--timeout"):
        assert option in page


def test_the_api_page_lists_the_public_api_only() -> None:
    page = DOCS["api.md"]
    entries = re.findall(r"^::: (\S+)", page, flags=re.MULTILINE)
    public = {name for name in boomi_listeners.__all__ if name not in {"__version__", "REGIONS"}}

    assert not [entry for entry in entries if "._" in entry], "no private module or class in the reference"
    assert {entry.removeprefix("boomi_listeners.") for entry in entries} == public
    assert "## Logging" in page
    assert "accepted: " in page  # the INFO line of each accepted change


def test_the_testing_page_documents_the_fakes_public_api() -> None:
    page = DOCS["testing.md"]

    for name in ("FakeBoomi", "Faults", "ManualClock", "RecordedRequest", "Profile", "PROFILES", "fake_client",
                 "fake_async_client", "serve", "demo_state", "load_state"):  # fmt: skip
        assert f"::: boomi_listeners.testing.{name}\n" in page, name
    for profile in ("documented", "strict", "totp", "rate-limited", "slow-runtime"):
        assert f"`{profile}`" in page
    assert "fake.requests" in page
    assert "budget=True" in page


def test_one_docstring_style_and_its_roles_render_as_code() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")

    assert config.count("docstring_style:") == 1
    assert "scripts/mkdocs_hooks.py" in config
    assert "show_bases: false" in config
    rendered = "See :meth:<code>wait_for_many</code> and :class:<code>~boomi_listeners.testing.FakeBoomi</code>."
    assert strip_roles(rendered) == "See <code>wait_for_many</code> and <code>FakeBoomi</code>."
