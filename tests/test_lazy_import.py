"""``import boomi_listeners`` is light: names load on first use, and sync users never import asyncio."""

from __future__ import annotations

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
