"""Settings every test of this suite shares."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def window_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Maintenance-window locks in a folder of this test process, never in the user's state folder.

    The locks are per runtime ID on the host, and tests in parallel workers open windows on the
    same demo runtimes against different fakes: each worker keeps its own.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BOOMI_LISTENERS_STATE_DIR", str(tmp_path_factory.mktemp("window-state")))
        yield
