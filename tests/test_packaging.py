"""The wheel and sdist as users get them: the generated client as a typed package with its spec, the license,
the metadata, the extras, and a fresh venv with only the wheel installed.

These build a wheel, install it into a fresh virtual environment (dependencies
come from the package index) and run mypy, so they are marked slow.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_USERNAME,
    FakeBoomi,
    demo_state,
    serve,
)
from regen.slicing import NAME_OPERATIONS, QUIESCE_OPERATIONS
from tests.fixtures.loopback_proxy import running_proxy
from tests.test_pytest_plugin import user_project

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
    listener_operations = ["AsyncGetListenerStatus", "AsyncTokenListenerStatus", "UpdateListenerStatus"]
    assert result["operations"] == sorted({*listener_operations, *NAME_OPERATIONS, *QUIESCE_OPERATIONS})
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


# -- the distribution as a service author installs it ------------------------------------------------

CLI_ONLY = {"typer", "rich", "click"}
FAKE_ONLY = {"starlette", "uvicorn", "openapi-core"}


def _metadata(wheel: Path) -> tuple[str, set[str]]:
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    [meta] = [n for n in names if n.endswith(".dist-info/METADATA")]
    return archive.read(meta).decode(), names


def test_wheel_metadata_license_extras_and_entry_points(wheel: Path) -> None:
    metadata, names = _metadata(wheel)
    headers = [line for line in metadata.split("\n\n", 1)[0].splitlines()]
    requires = [line.removeprefix("Requires-Dist: ") for line in headers if line.startswith("Requires-Dist: ")]
    core = {re.split(r"[<>=!; \[]", r, maxsplit=1)[0].lower() for r in requires if "extra ==" not in r}
    description = metadata.split("\n\n", 1)[1]
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()

    assert "License-Expression: MIT" in headers
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "Classifier: Typing :: Typed" in headers
    assert any(h.startswith("Project-URL: Source, https://") for h in headers)
    assert not core & (CLI_ONLY | FAKE_ONLY), f"the SDK alone must not pull in {core & (CLI_ONLY | FAKE_ONLY)}"
    assert {"typer", "rich"} <= {r.split(">")[0] for r in requires if "extra == 'cli'" in r or 'extra == "cli"' in r}
    assert not re.search(r"\]\((?!https?://|#)", description), "relative links break on the package index"
    assert "boomi-listeners = boomi_listeners.cli:main" in entry_points
    assert "boomi_listeners = boomi_listeners.pytest_plugin" in entry_points
    for shipped in ("schemas/cli-output.schema.json", "testing/state-file.schema.json", "testing/demo-data.yaml"):
        assert f"boomi_listeners/{shipped}" in names


def test_sdist_carries_the_license_and_docs(tmp_path: Path) -> None:
    run([str(PROJECT_PYTHON.parent / "uv"), "build", "--sdist", "-q", "-o", str(tmp_path)], cwd=REPO_ROOT)
    [sdist] = tmp_path.glob("boomi_listeners-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}

    assert {"LICENSE", "README.md", "mkdocs.yml", "docs/api.md", "wrapper/boomi_listeners/cli.py"} <= names


def test_fresh_venv_sdk_only_then_with_the_fake(wheel: Path, tmp_path: Path) -> None:
    """pip install <wheel>: import, the CLI's install hint, a pause through a proxy; then [fake] and the plugin."""
    venv = tmp_path / "venv"
    run([str(PROJECT_PYTHON), "-m", "venv", str(venv)], cwd=tmp_path)
    python, bin_dir = venv / "bin" / "python", venv / "bin"
    pip_install = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    constraints = str(REPO_ROOT / "constraints.txt")
    run([*pip_install, "-c", constraints, str(wheel), "pytest"], cwd=tmp_path)

    probe = "import importlib.util as u, boomi_listeners\n"
    probe += "print([m for m in ('typer', 'rich', 'uvicorn') if u.find_spec(m)])"

    assert run([str(python), "-c", probe], cwd=tmp_path).stdout.strip() == "[]"

    hint = subprocess.run([str(bin_dir / "boomi-listeners"), "status"], capture_output=True, text=True, check=False)
    assert hint.returncode == 2
    assert 'pip install "boomi-listeners[cli]"' in hint.stderr
    assert "Traceback" not in hint.stderr

    pause = textwrap.dedent(
        f"""
        from boomi_listeners import ListenerClient
        with ListenerClient.from_env() as client:
            client.pause(container_id="{DEMO_PROD_CONTAINER_ID}", listener_id="{DEMO_PROD_LISTENER_ID}")
        """
    )
    fake = FakeBoomi(state=demo_state(), apply_delay=0.0)
    with serve(fake) as base_url, running_proxy() as proxy:
        env = {
            **{k: v for k, v in os.environ.items() if not k.upper().endswith("_PROXY") and not k.startswith("BOOMI_")},
            "HTTP_PROXY": proxy.url,
            "BOOMI_BASE_URL": base_url,
            "BOOMI_ACCOUNT_ID": DEMO_ACCOUNT_ID,
            "BOOMI_USERNAME": DEMO_USERNAME,
            "BOOMI_PASSWORD": DEMO_PASSWORD,
        }
        done = subprocess.run([str(python), "-c", pause], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert proxy.seen == [f"POST {base_url}/api/rest/v1/{DEMO_ACCOUNT_ID}/changeListenerStatus"]
    assert fake.status_of(DEMO_PROD_CONTAINER_ID, DEMO_PROD_LISTENER_ID) == "paused"

    project = user_project(tmp_path)
    (project / "test_plain.py").write_text("def test_plain():\n    assert True\n", encoding="utf-8")
    (project / "test_needs_fake.py").write_text("def test_needs_fake(boomi_fake):\n    pass\n", encoding="utf-8")
    pytest_run = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTEST_ADDOPTS"}}
    without_fake = subprocess.run(
        [*pytest_run, "test_plain.py", "test_needs_fake.py"],
        cwd=project, env={**clean, "PYTHONPATH": str(project)}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "1 passed, 1 error" in without_fake.stdout, without_fake.stdout + without_fake.stderr
    assert "boomi-listeners[fake]" in without_fake.stdout

    run([*pip_install, "-c", constraints, f"{wheel}[fake]"], cwd=tmp_path)
    with_fake = subprocess.run(
        [*pytest_run, "test_myservice.py"], cwd=project, env={**clean, "PYTHONPATH": str(project)},
        capture_output=True, text=True, check=False, timeout=240,
    )  # fmt: skip
    assert "1 failed, 5 passed" in with_fake.stdout, with_fake.stdout + with_fake.stderr
