"""Settings and fixtures every test of this suite shares.

The project's own plugin (``boomi_listeners.pytest_plugin``, loaded through its ``pytest11`` entry
point) adds ``boomi_fake``, ``boomi_client`` and ``async_boomi_client``. The fixtures here import the
fake only when used, so a test that needs none of it does not pay for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import httpx

    from boomi_listeners.testing import FakeBoomi

#: Files whose tests take longest (they start processes, build virtual environments, run whole suites or
#: the generator), slowest first. ``make unit`` runs a file on one worker and, with
#: ``--no-loadscope-reorder``, hands files out in collection order: these start first, so the run does
#: not end waiting for one of them. Files with tests marked ``slow`` follow them; a missing name only
#: costs time, never a test.
START_FIRST = (
    "test_bench_smoke.py",
    "test_contract_suite_staging.py",
    "test_packaging.py",
    "test_regen_drill.py",
    "test_pytest_plugin.py",
    "test_demo.py",
    "test_regen_pipeline.py",
    "test_fake_schemathesis.py",
    "test_demo_strict.py",
    "test_docs.py",
    "test_contract_suite.py",
    "test_cli_windows_attacked.py",
    "test_wait_entry_points.py",
    "test_names_documents.py",
    "test_quiesce.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every test a node ID of its own.

    Schemathesis names its per-operation tests ``test_x[POST /path]`` but gives them all the node ID
    ``file::test_x``. pytest-xdist's ``--dist loadfile`` (``make unit``) schedules tests by node ID,
    so it ran only the first operation of each and silently dropped the others.
    """
    counts = Counter(item.nodeid for item in items)
    for item in items:
        _, bracket, params = item.name.partition("[")
        if counts[item.nodeid] > 1 and bracket and not item.nodeid.endswith("]"):
            # pytest 9.2 builds the ID from the original name and the parametrization, which
            # Schemathesis does not use; the operation is in the item's name.
            item._id = item._id.with_params(params.removesuffix("]"))
    _heavy_files_first(items)
    still = [nodeid for nodeid, count in Counter(item.nodeid for item in items).items() if count > 1]
    if still:
        raise pytest.UsageError(f"tests share a node ID, so pytest-xdist would run only one of each: {still}")


def _heavy_files_first(items: list[pytest.Item]) -> None:
    """Reorder ``items`` file by file: the START_FIRST files, then files with slow tests, then the rest.

    Every worker reorders alike, so their collections still agree. Within a file the order stays.
    """
    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.partition("::")[0], []).append(item)

    def rank(path: str) -> tuple[int, int]:
        name = PurePosixPath(path).name
        if name in START_FIRST:
            return (0, START_FIRST.index(name))
        if any(item.get_closest_marker("slow") for item in files[path]):
            return (1, 0)
        return (2, -len(files[path]))  # then the default: files with the most tests first

    items[:] = [item for path in sorted(files, key=rank) for item in files[path]]


@pytest.fixture(scope="session", autouse=True)
def window_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Maintenance-window locks in a folder of this test process, never in the user's state folder.

    The locks are per runtime ID on the host, and tests in parallel workers open windows on the
    same demo runtimes against different fakes: each worker keeps its own.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BOOMI_LISTENERS_STATE_DIR", str(tmp_path_factory.mktemp("window-state")))
        yield


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    """Which client a test drives: it runs once with the sync client and once with the async one."""
    return str(request.param)


@pytest.fixture
def fake() -> FakeBoomi:
    """The demo fake with quick changes and restarts; a module with other needs defines its own ``fake``."""
    from tests._fakes import demo_fake

    return demo_fake(restart_phase=0.01)


@pytest.fixture
async def fake_api(fake: FakeBoomi) -> AsyncIterator[httpx.AsyncClient]:
    """A raw httpx client on the test's ``fake`` (its ASGI app, no socket), logged in as the demo user."""
    from tests._fakes import api_client

    async with api_client(fake) as http:
        yield http
