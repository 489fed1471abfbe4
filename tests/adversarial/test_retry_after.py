"""Every form of ``Retry-After`` a server may send: a 503 is retried, nothing escapes as ValueError."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable

import pytest

from boomi_listeners import RetryPolicy, ServiceUnavailableError, TooManyRequestsError
from tests.adversarial.conftest import Arena, Script
from tests.adversarial.hostile import answer, json_answer

FORMS = {
    "seconds": "0",
    "fraction": "0.01",
    "negative": "-5",
    "word": "soon",
    "nan": "nan",
    "inf": "inf",
    "overflow": "1e999",
    "huge": "99999999999",
    "empty": "",
    "date-past": email.utils.formatdate(time.time() - 3600, usegmt=True),
    "date-future": email.utils.formatdate(time.time() + 7 * 24 * 3600, usegmt=True),
    "date-garbage": "Mon, 99 Foo 2024 99:99:99 GMT",
    "date-no-zone": "Sun, 06 Nov 1994 08:49:37",
    "non-ascii": "bientôt",
    "date-year-1": "Mon, 01 Jan 0001 00:00:00 GMT",
    "date-year-9999": "Fri, 31 Dec 9999 23:59:59 GMT",
    "unicode-digits": "٣",
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("status", [503, 429])
def test_busy_then_ok_is_retried_whatever_retry_after_says(
    arena: Callable[[Script], Arena], form: str, status: int
) -> None:
    busy = json_answer(status, {"message": "busy"}, [("Retry-After", FORMS[form])])
    a = arena(Script(change=[busy, answer(200)]))
    a.call("pause", container_id="C", listener_id="L")
    assert len(a.server.requests) == 2


@pytest.mark.parametrize("form", sorted(FORMS))
def test_always_busy_ends_in_a_typed_error(arena: Callable[[Script], Arena], form: str) -> None:
    a = arena(Script(query=json_answer(429, {"message": "slow down"}, [("Retry-After", FORMS[form])])))
    with pytest.raises(TooManyRequestsError) as caught:
        a.call("statuses", container_id="C")
    assert isinstance(caught.value, ServiceUnavailableError)
    assert len(a.server.requests) == 3, "the policy's attempts, then the error"


def test_a_retry_after_longer_than_the_call_is_not_waited_for(arena: Callable[[Script], Arena]) -> None:
    busy = json_answer(503, {"message": "busy"}, [("Retry-After", "3600")])
    a = arena(Script(change=[busy, answer(200)]))
    patient = RetryPolicy(attempts=3, max_retry_after=3600)
    with pytest.raises(ServiceUnavailableError):
        a.twin(retry=patient).call("pause", container_id="C", listener_id="L", timeout=1)
    assert len(a.server.requests) == 1
