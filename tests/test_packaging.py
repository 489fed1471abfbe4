"""The wheel ships the generated client as a typed package with its spec.

These build a wheel, install it into a fresh virtual environment (dependencies
come from the package index) and run mypy, so they are marked slow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "boomi_listeners_api"
PROJECT_PYTHON = Path(sys.executable)


def run(command: list[str], *, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MYPYPATH", "VIRTUAL_ENV"}}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=timeout)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(
        [
            str(PROJECT_PYTHON),
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            ".",
        ],
        cwd=REPO_ROOT,
    )
    [built] = out.glob("boomi_listeners-*.whl")
    return built


def test_wheel_contains_the_generated_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())

    assert f"{PACKAGE}/openapi.json" in names
    assert f"{PACKAGE}/py.typed" in names
    assert f"{PACKAGE}/models/listener_action.py" in names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    shipped = json.loads(zipfile.ZipFile(wheel).read(f"{PACKAGE}/openapi.json"))
    committed = json.loads((REPO_ROOT / "generated" / PACKAGE / "openapi.json").read_text(encoding="utf-8"))
    assert shipped == committed


def test_wheel_installs_into_a_clean_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run([str(PROJECT_PYTHON), "-m", "venv", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    constraints = REPO_ROOT / "constraints.txt"
    pip_install = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run([*pip_install, "-c", str(constraints), str(wheel)], cwd=tmp_path)
    probe = textwrap.dedent(
        """
        import importlib.resources, json
        import boomi_listeners_api
        from boomi_listeners_api.models import ChangeListenerStatusRequest, ListenerAction

        files = importlib.resources.files("boomi_listeners_api")
        spec = json.loads((files / "openapi.json").read_text(encoding="utf-8"))
        request = ChangeListenerStatusRequest(action=ListenerAction.PAUSE_ALL, container_id="c")
        print(json.dumps({
            "module": boomi_listeners_api.__file__,
            "py_typed": (files / "py.typed").is_file(),
            "operations": sorted(op["operationId"] for item in spec["paths"].values() for op in item.values()),
            "request": request.to_dict(),
        }))
        """
    )

    result = json.loads(run([str(python), "-c", probe], cwd=tmp_path).stdout)

    assert Path(result["module"]).is_relative_to(venv), "imported from the source tree, not the installed wheel"
    assert result["py_typed"] is True
    assert result["operations"] == ["AsyncGetListenerStatus", "AsyncTokenListenerStatus", "UpdateListenerStatus"]
    assert result["request"] == {"action": "pause_all", "containerId": "c"}


GOOD_SNIPPET = """
from boomi_listeners_api import AuthenticatedClient
from boomi_listeners_api.api.change_listener_status import update_listener_status
from boomi_listeners_api.api.listener_status import async_token_listener_status
from boomi_listeners_api.models import (
    ChangeListenerStatusRequest,
    Error,
    ListenerAction,
    ListenerStatusAsyncResponse,
)
from boomi_listeners_api.types import Unset


def pause(client: AuthenticatedClient, container: str, listener: str) -> str | None:
    body = ChangeListenerStatusRequest(action=ListenerAction.PAUSE, container_id=container, listener_id=listener)
    parsed = update_listener_status.sync_detailed(client=client, body=body).parsed
    if isinstance(parsed, Error):
        return parsed.message
    return None


def statuses(client: AuthenticatedClient, token: str) -> dict[str, str]:
    parsed = async_token_listener_status.sync(token, client=client)
    if not isinstance(parsed, ListenerStatusAsyncResponse) or isinstance(parsed.result, Unset):
        return {}
    return {status.listener_id: status.status for status in parsed.result}
"""

BAD_SNIPPET = """
from boomi_listeners_api.models import ChangeListenerStatusRequest, Error

request = ChangeListenerStatusRequest(action="pause")
count: int = Error.from_dict({"message": "m"}).message
"""


def test_mypy_strict_accepts_code_using_the_generated_package(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text(GOOD_SNIPPET, encoding="utf-8")
    (tmp_path / "bad.py").write_text(BAD_SNIPPET, encoding="utf-8")
    mypy = [
        str(PROJECT_PYTHON.parent / "mypy"),
        "--strict",
        "--python-executable", str(PROJECT_PYTHON),
        "--cache-dir", str(tmp_path / ".mypy_cache"),
        "--no-error-summary",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "MYPYPATH"}

    good = subprocess.run([*mypy, "good.py"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    bad = subprocess.run([*mypy, "bad.py"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)

    assert good.returncode == 0, good.stdout + good.stderr
    # The package's annotations are really used: wrong types are caught, not treated as Any.
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.py:4: error:" in bad.stdout
    assert "[arg-type]" in bad.stdout
    assert "bad.py:5: error:" in bad.stdout
    assert "[assignment]" in bad.stdout
