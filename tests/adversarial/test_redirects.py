"""Redirects are never followed, and an answer that moved the request elsewhere is an error naming where."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from boomi_listeners import UnexpectedStatusError
from tests.adversarial.conftest import Arena, Script
from tests.adversarial.hostile import Behaviour, answer

CODES = [301, 302, 303, 307, 308]


def moved(code: int) -> Behaviour:
    return answer(code, b"<html>moved</html>", [("Location", "https://user:pw@elsewhere.test/moved"),
                                                 ("Content-Type", "text/html")])  # fmt: skip


@pytest.mark.parametrize("code", CODES)
def test_a_redirected_change_is_an_error_not_accepted(arena: Callable[[Script], Arena], code: int) -> None:
    a = arena(Script(change=moved(code)))
    with pytest.raises(UnexpectedStatusError) as caught:
        a.call("pause", container_id="C", listener_id="L")
    error = caught.value
    assert error.status_code == code
    assert error.location == "https://***@elsewhere.test/moved", "where it was sent, credentials masked"
    assert "https://***@elsewhere.test/moved" in str(error)
    assert "not followed" in str(error)
    assert a.server.paths() == ["/api/rest/v1/acct/changeListenerStatus"], "sent once, redirect not followed"


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("where", ["query", "result"])
def test_a_redirected_status_query_is_an_error(arena: Callable[[Script], Arena], code: int, where: str) -> None:
    a = arena(Script(**{where: moved(code)}))
    with pytest.raises(UnexpectedStatusError) as caught:
        a.call("statuses", container_id="C")
    assert caught.value.status_code == code
    assert len(a.server.requests) == (1 if where == "query" else 2)
