"""How the clients read Boomi's answers and end their waits, against both clients, on a virtual clock.

Which statuses succeed, which are redirects; how a status token's answer is judged (gone, in
progress, complete); how often a gone token is queried again; what a wait that runs out raises and
says; that no sleep runs past the call's deadline; and that the call's own deadline ending a read
is reported as such.
"""

from __future__ import annotations

import email.utils
import logging
import time
from typing import Any

import httpx
import pytest

from boomi_listeners import (
    APITimeoutError,
    BadRequestError,
    InvalidRequestError,
    ListenerState,
    PollPolicy,
    RetryPolicy,
    ServiceUnavailableError,
    UnexpectedResponseError,
    UnexpectedStatusError,
    WaitTimeoutError,
)
from tests._twins import KINDS, Twin, VirtualTime, clock, still_running, token_answer

__all__ = ["clock"]  # the fixture, from _twins

STEADY = PollPolicy(initial=0.5, factor=1.0, maximum=0.5)


@pytest.fixture(params=KINDS)
def twin(request: pytest.FixtureRequest) -> Twin:
    return Twin(str(request.param), {"retry": RetryPolicy.none(), "poll": STEADY})


def answering(status: int, **kwargs: Any) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, **kwargs)

    return handler


# -- statuses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 201, 299])
def test_every_2xx_is_success(twin: Twin, status: int) -> None:
    result = twin.call(answering(status), "pause", container_id="C", listener_id="L")
    assert result.listener_id == "L"


@pytest.mark.parametrize("status", [300, 301, 307, 399])
def test_every_3xx_is_a_redirect_that_is_not_followed(twin: Twin, status: int) -> None:
    handler = answering(status, headers={"Location": "https://elsewhere.example/x"}, json={"message": "moved"})
    with pytest.raises(UnexpectedStatusError) as caught:
        twin.call(handler, "pause", container_id="C", listener_id="L")
    assert "redirected the request to https://elsewhere.example/x; redirects are not followed" in caught.value.message
    assert caught.value.location == "https://elsewhere.example/x"


def test_a_redirect_without_a_location_says_so(twin: Twin) -> None:
    with pytest.raises(UnexpectedStatusError) as caught:
        twin.call(answering(301), "pause", container_id="C", listener_id="L")
    assert "redirected the request without saying where" in caught.value.message
    assert caught.value.location is None


def test_a_redirects_location_is_cut_to_300_characters(twin: Twin) -> None:
    long = "https://elsewhere.example/" + "x" * 500
    with pytest.raises(UnexpectedStatusError) as caught:
        twin.call(answering(302, headers={"Location": long}), "pause", container_id="C", listener_id="L")
    assert caught.value.location == long[:300]


def test_a_retry_after_date_in_the_past_means_now(twin: Twin) -> None:
    past = email.utils.formatdate(time.time() - 3600, usegmt=True)
    with pytest.raises(ServiceUnavailableError) as caught:
        twin.call(answering(503, headers={"Retry-After": past}), "pause", container_id="C", listener_id="L")
    assert caught.value.retry_after == 0.0


def test_a_200_that_is_not_json_is_an_unexpected_response(twin: Twin) -> None:
    with pytest.raises(UnexpectedResponseError, match="not JSON"):
        twin.call(answering(200, content=b"<html>portal</html>"), "statuses", container_id="C")


@pytest.mark.parametrize("listener_id", ["", "   ", 5])
def test_a_blank_or_odd_listener_id_is_refused_before_any_request(twin: Twin, listener_id: Any) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return token_answer()

    with pytest.raises(InvalidRequestError):
        twin.call(handler, "statuses", container_id="C", listener_id=listener_id)
    assert seen == []


# -- reading a status token ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [{"asyncToken": {}}, {"asyncToken": {"token": 5}}, {"asyncToken": "T-1"}, {}],
    ids=["no-token", "number", "not-an-object", "nothing"],
)
def test_a_query_answer_without_a_token_string_is_unexpected(twin: Twin, answer: dict[str, Any]) -> None:
    with pytest.raises(UnexpectedResponseError, match=r"no asyncToken\.token string"):
        twin.call(answering(200, json=answer), "statuses", container_id="C")


@pytest.mark.parametrize("token", ["has space", "x" * 513, ".", "..", "tab\there", "caf\u00e9"])
def test_a_token_that_cannot_go_into_a_url_is_never_read(twin: Twin, token: str) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, json={"asyncToken": {"token": token}})

    with pytest.raises(UnexpectedResponseError, match="cannot be used in a URL"):
        twin.call(handler, "statuses", container_id="C")
    assert seen == ["/api/rest/v1/acct/async/ListenerStatus/query"]


class Token:
    """Status query answered with a token; each read of it gets the next of ``reads`` (the last repeats)."""

    def __init__(self, *reads: httpx.Response) -> None:
        self.reads = list(reads)
        self.queries = 0
        self.read_count = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/query"):
            self.queries += 1
            return token_answer()
        self.read_count += 1
        return self.reads.pop(0) if len(self.reads) > 1 else self.reads[0]


def statuses(twin: Twin, server: Token, **kwargs: Any) -> list[ListenerState]:
    result: list[ListenerState] = twin.call(server, "statuses", container_id="C", **kwargs)
    return result


def body(code: int, *rows: dict[str, Any], count: int | None = None) -> httpx.Response:
    content: dict[str, Any] = {"@type": "ListenerStatusAsyncResponse", "responseStatusCode": code, "result": list(rows)}
    if count is not None:
        content["numberOfResults"] = count
    return httpx.Response(200, json=content)


ROW_L = {"@type": "ListenerStatus", "listenerId": "L", "status": "listening"}
ROW_M = {"@type": "ListenerStatus", "listenerId": "M", "status": "paused"}
PROGRESS = {"@type": "AsyncOperationStatus", "message": "Connecting to runtime..."}


@pytest.mark.parametrize("status", [203, 206])
def test_another_2xx_token_answer_is_read_by_its_rows(twin: Twin, clock: VirtualTime, status: int) -> None:
    answer = httpx.Response(status, json={"responseStatusCode": 200, "result": [ROW_L]})
    assert [s.listener_id for s in statuses(twin, Token(answer))] == ["L"]


def test_a_202_code_with_listener_rows_only_is_complete(twin: Twin, clock: VirtualTime) -> None:
    server = Token(body(202, ROW_L, ROW_M, count=2))
    assert [s.listener_id for s in statuses(twin, server)] == ["L", "M"]
    assert server.read_count == 1


def test_a_202_code_with_a_progress_row_among_listener_rows_is_in_progress(twin: Twin, clock: VirtualTime) -> None:
    server = Token(body(202, ROW_L, ROW_M, PROGRESS, count=3), body(200, ROW_L, count=1))
    assert [s.listener_id for s in statuses(twin, server)] == ["L"]
    assert server.read_count == 2


def test_rows_of_another_type_are_not_listeners(twin: Twin, clock: VirtualTime) -> None:
    other = {"@type": "Zebra", "listenerId": "Z", "status": "listening"}
    assert [s.listener_id for s in statuses(twin, Token(body(200, ROW_L, other, count=2)))] == ["L"]


def test_a_gone_token_is_queried_again_three_times_then_given_up(twin: Twin, clock: VirtualTime) -> None:
    server = Token(httpx.Response(204))
    with pytest.raises(UnexpectedResponseError, match="204"):
        statuses(twin, server)
    assert (server.queries, server.read_count) == (4, 4)


def test_a_query_that_never_completes_ends_at_the_deadline_without_another_request(
    twin: Twin, clock: VirtualTime
) -> None:
    server = Token(still_running())
    with pytest.raises(APITimeoutError) as caught:
        statuses(twin, server, timeout=2.0)
    assert (caught.value.deadline_passed, caught.value.may_have_reached_server) == (True, False)
    assert "timeout ran out" in str(caught.value)
    assert sum(clock.sleeps) == pytest.approx(2.0), "the sleeps took the call to its deadline and not past it"
    assert server.read_count == 4  # at 0, 0.5, 1 and 1.5 s; the read due at 2 s is not sent


def test_no_sleep_runs_past_the_deadline(twin: Twin, clock: VirtualTime) -> None:
    slow_polls = PollPolicy(initial=5.0, factor=1.0, maximum=5.0)
    with pytest.raises(APITimeoutError):
        twin.call(Token(still_running()), "statuses", options={"poll": slow_polls}, container_id="C", timeout=1.5)
    assert clock.sleeps == [pytest.approx(1.5)], "one poll delay, cut to the time left"


# -- waits that run out ----------------------------------------------------------------------------


def test_a_wait_picks_its_own_listener_from_the_rows(twin: Twin, clock: VirtualTime) -> None:
    ahead = {"@type": "ListenerStatus", "listenerId": "Z", "status": "paused"}
    server = Token(body(200, ahead, {**ROW_L, "status": "paused"}, count=2))
    state = twin.call(server, "wait_for", container_id="C", listener_id="L", status="paused", timeout=5)
    assert state.listener_id == "L"


def test_a_wait_whose_query_never_completes_says_which_status_it_waited_for(twin: Twin, clock: VirtualTime) -> None:
    with pytest.raises(WaitTimeoutError) as caught:
        twin.call(Token(still_running()), "wait_for", container_id="C", listener_id="L", status="paused", timeout=2)
    assert caught.value.expected == "paused"
    assert caught.value.last_state is None
    assert "last seen: nothing" in str(caught.value)


def test_a_wait_that_runs_out_names_the_last_status_seen(twin: Twin, clock: VirtualTime) -> None:
    server = Token(body(200, ROW_L, count=1))
    with pytest.raises(WaitTimeoutError) as caught:
        twin.call(server, "wait_for", container_id="C", listener_id="L", status="paused", timeout=2)
    assert caught.value.last_state == ListenerState("L", "listening")
    assert "listener L on container C did not reach 'paused' within 2s; last seen: listening" in str(caught.value)


def test_a_wait_for_every_listener_that_runs_out_names_each(twin: Twin, clock: VirtualTime) -> None:
    server = Token(body(200, ROW_L, ROW_M, count=2))
    with pytest.raises(WaitTimeoutError) as caught:
        twin.call(server, "wait_for_all", container_id="C", status="paused", timeout=2)
    assert "every listener on container C did not reach 'paused'" in str(caught.value)
    assert "last seen: L=listening, M=paused" in str(caught.value)


def test_the_calls_deadline_ending_a_read_is_reported_as_such(twin: Twin, clock: VirtualTime) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        clock.advance(10.0)  # the query's answer takes 10 s: the call's 5 s run out while it arrives
        return token_answer()

    with pytest.raises(APITimeoutError) as caught:
        twin.call(handler, "statuses", options={"retry": RetryPolicy()}, container_id="C", timeout=5)
    assert (caught.value.deadline_passed, caught.value.may_have_reached_server) == (True, True)
    assert "the call's timeout ran out; the request may have reached Boomi" in str(caught.value)


def test_a_read_timeout_is_not_the_calls_deadline(twin: Twin) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(APITimeoutError) as caught:
        twin.call(handler, "pause", container_id="C", listener_id="L")
    assert caught.value.deadline_passed is False
    assert caught.value.may_have_reached_server is True


# -- what the log says ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "kwargs", "said"),
    [
        ("pause", {"listener_id": "L"}, "accepted: pause on container C, listener L"),
        ("pause_all", {}, "accepted: pause_all on container C"),
    ],
)
def test_an_accepted_change_is_logged_naming_its_target(
    twin: Twin, caplog: pytest.LogCaptureFixture, method: str, kwargs: dict[str, Any], said: str
) -> None:
    with caplog.at_level(logging.INFO, logger="boomi_listeners"):
        twin.call(answering(200), method, container_id="C", **kwargs)
    assert said in [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize("retry_after", [None, "0"], ids=["backoff", "retry-after-0"])
def test_each_retry_is_logged_once_with_its_attempt_number(
    twin: Twin, clock: VirtualTime, caplog: pytest.LogCaptureFixture, retry_after: str | None
) -> None:
    answers = iter([503, 503, 200])
    retry = RetryPolicy(attempts=4, wait_initial=0.1, wait_max=0.1, wait_jitter=0.0)
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    with caplog.at_level(logging.DEBUG):
        twin.call(
            lambda request: httpx.Response(next(answers), headers=headers),
            "pause",
            options={"retry": retry},
            container_id="C",
            listener_id="L",
        )
    ours = [r.getMessage() for r in caplog.records if r.name == "boomi_listeners" and "retrying" in r.getMessage()]
    assert ours == [
        "POST /changeListenerStatus failed (503 Service Unavailable (POST /changeListenerStatus)); "
        f"retrying (attempt {n} of 4)"
        for n in (2, 3)
    ]
    assert [r.levelno for r in caplog.records if "retrying" in r.getMessage()] == [logging.WARNING] * 2
    assert len(clock.sleeps) == 2


# -- the account budget at the deadline -------------------------------------------------------------


def paced(account: str) -> dict[str, Any]:
    """One request per second, on a budget of its own (budgets are shared per account)."""
    return {"max_requests_per_second": 1.0, "account_id": account}


def test_a_request_the_budget_cannot_place_before_the_deadline_ends_the_call_at_once(twin: Twin) -> None:
    server = Token(still_running())
    with pytest.raises(APITimeoutError) as caught:
        twin.call(server, "statuses", options=paced(f"budget-statuses-{twin.kind}"), container_id="C", timeout=0.3)
    assert (caught.value.deadline_passed, caught.value.may_have_reached_server) == (True, False)
    assert (server.queries, server.read_count) == (1, 0), "the token read found no place and was not sent"


def test_a_wait_the_budget_cuts_short_is_a_wait_timeout(twin: Twin) -> None:
    server = Token(still_running())
    with pytest.raises(WaitTimeoutError) as caught:
        twin.call(
            server,
            "wait_for",
            options=paced(f"budget-wait-{twin.kind}"),
            container_id="C",
            listener_id="L",
            status="paused",
            timeout=0.3,
        )
    assert caught.value.expected == "paused"


def test_a_failure_that_is_not_retried_is_not_announced_as_a_retry(
    twin: Twin, clock: VirtualTime, caplog: pytest.LogCaptureFixture
) -> None:
    answers = iter([503, 400])
    retry = RetryPolicy(attempts=4, wait_initial=0.1, wait_max=0.1, wait_jitter=0.0)
    with caplog.at_level(logging.WARNING, logger="boomi_listeners"), pytest.raises(BadRequestError):
        twin.call(
            lambda request: httpx.Response(next(answers)),
            "pause",
            options={"retry": retry},
            container_id="C",
            listener_id="L",
        )
    assert [r.getMessage().rsplit("(", 1)[1] for r in caplog.records if "retrying" in r.getMessage()] == [
        "attempt 2 of 4)"
    ]


def test_the_last_attempt_is_not_announced_as_a_retry(
    twin: Twin, clock: VirtualTime, caplog: pytest.LogCaptureFixture
) -> None:
    retry = RetryPolicy(attempts=3, wait_initial=0.1, wait_max=0.1, wait_jitter=0.0)
    with caplog.at_level(logging.WARNING, logger="boomi_listeners"), pytest.raises(ServiceUnavailableError):
        twin.call(
            lambda request: httpx.Response(503), "pause", options={"retry": retry}, container_id="C", listener_id="L"
        )
    assert [r.getMessage().rsplit("(", 1)[1] for r in caplog.records if "retrying" in r.getMessage()] == [
        "attempt 2 of 3)",
        "attempt 3 of 3)",
    ]


def test_a_wait_ended_by_a_read_timeout_reports_the_timeout_not_a_wait_timeout(twin: Twin, clock: VirtualTime) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(APITimeoutError) as caught:
        twin.call(handler, "wait_for", container_id="C", listener_id="L", status="paused", timeout=30)
    assert caught.value.deadline_passed is False


def test_a_node_that_reports_no_connector_type_does_not_hide_another_nodes(twin: Twin, clock: VirtualTime) -> None:
    rows = [{**ROW_L, "connectorType": ""}, {**ROW_L, "connectorType": "wss"}]
    (state,) = statuses(twin, Token(body(200, *rows, count=2)))
    assert state.connector_type == "wss"
    assert state.nodes == ("listening", "listening")
