"""``import boomi_listeners`` is light: names load on first use, and sync users never import asyncio."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import boomi_listeners


def python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_package_loads_neither_asyncio_nor_the_clients() -> None:
    loaded = python(
        "import sys, boomi_listeners; "
        "print(sorted(m for m in ('asyncio', 'httpx', 'boomi_listeners._async_client', 'boomi_listeners._client', "
        "'boomi_listeners._cli') if m in sys.modules))"
    )
    assert loaded == "[]"


def test_the_sync_client_does_not_import_asyncio() -> None:
    loaded = python(
        "import sys; from boomi_listeners import ListenerClient, ChangeTarget, Expectation, RequestBudget; "
        "ListenerClient(account_id='a', username='u', password='p'); "
        "print(sorted(m for m in ('asyncio', 'boomi_listeners._async_client', 'boomi_listeners._cli') "
        "if m in sys.modules))"
    )
    assert loaded == "[]"


def test_every_public_name_resolves() -> None:
    for name in boomi_listeners.__all__:
        assert getattr(boomi_listeners, name) is not None, name
    assert set(boomi_listeners.__all__) <= set(dir(boomi_listeners))
    assert boomi_listeners.AsyncListenerClient.__module__ == "boomi_listeners._async_client"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        _ = boomi_listeners.NoSuchThing  # type: ignore[attr-defined]


#: Loaded by the first call that needs them, never by an import: each costs start-up time every program pays.
HEAVY_FOR_THE_CLIENT = (
    "boomi_listeners_api",
    "yaml",
    "jsonschema",
    "pyotp",
    "defusedxml",
    "httpcore",
    "typer",
    # what only documents, windows, plans, names, schedules and drains need
    "boomi_listeners._documents",
    "boomi_listeners._executions",
    "boomi_listeners._health",
    "boomi_listeners._names",
    "boomi_listeners._paging",
    "boomi_listeners._plan",
    "boomi_listeners._schedules",
    "boomi_listeners._window",
)


def test_the_sync_client_imports_neither_the_generated_models_nor_documents_nor_the_cli() -> None:
    loaded = python(
        "import sys; from boomi_listeners import ListenerClient; "
        f"print(sorted(m for m in {HEAVY_FOR_THE_CLIENT!r} if m in sys.modules))"
    )
    assert loaded == "[]"


#: What `boomi-listeners --help` must not load: it only describes the commands.
HEAVY_FOR_HELP = (
    "httpx",
    "boomi_listeners._client",
    "boomi_listeners._names",
    "boomi_listeners._window",
    "boomi_listeners_api",
    "yaml",
    "jsonschema",
    "pyotp",
)


def test_cli_help_imports_neither_httpx_nor_the_client_nor_the_generated_models() -> None:
    loaded = python(
        "import contextlib, io, sys; from boomi_listeners.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out: code = main(['--help'])\n"
        "assert code == 0 and 'pause' in out.getvalue(), (code, out.getvalue())\n"
        f"print(sorted(m for m in {HEAVY_FOR_HELP!r} if m in sys.modules))"
    )
    assert loaded == "[]"


def test_modules_loaded_on_first_use_load_once_when_threads_reach_them_together() -> None:
    # Eight threads make the first name lookup of a fresh client at the same moment: the module
    # behind it loads once, and none of them sees it half-loaded.
    result = python(
        "import json, sys, threading\n"
        "from boomi_listeners.testing import FakeBoomi, demo_state, fake_client\n"
        "assert 'boomi_listeners._names' not in sys.modules\n"
        "fake = FakeBoomi(state=demo_state(), rate_limit=10_000)\n"
        "barrier, found, failed = threading.Barrier(8), [], []\n"
        "with fake_client(fake) as client:\n"
        "    def look() -> None:\n"
        "        barrier.wait()\n"
        "        try:\n"
        "            found.append(len(client.runtimes()))\n"
        "        except BaseException as exc:\n"
        "            failed.append(repr(exc))\n"
        "    threads = [threading.Thread(target=look) for _ in range(8)]\n"
        "    for t in threads: t.start()\n"
        "    for t in threads: t.join()\n"
        "print(json.dumps([failed, sorted(set(found)), 'boomi_listeners._names' in sys.modules]))"
    )
    failed, counts, loaded = json.loads(result)
    assert failed == []
    assert len(counts) == 1, "every thread saw the same runtimes"
    assert counts[0] > 0
    assert loaded
