"""Settings every test of this suite shares."""

from __future__ import annotations

from collections import Counter

import pytest


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
    still = [nodeid for nodeid, count in Counter(item.nodeid for item in items).items() if count > 1]
    if still:
        raise pytest.UsageError(f"tests share a node ID, so pytest-xdist would run only one of each: {still}")
