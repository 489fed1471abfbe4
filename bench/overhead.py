"""Figure 1: per-call overhead of ``pause`` through the wrapper and the generated client vs raw httpx.

The three callers send the same request (method, path, headers, basic auth, JSON body) over
their own keep-alive connection to the same fake, which runs in another process without added
latency. Within each round the callers take turns call by call, rotating who goes first, so
drift on the shared machine hits all three alike; each round yields a mean per-call time for
every caller, and the figure is the median over rounds of the per-round ratio to raw httpx.

A second, in-process variant answers from an ``httpx.MockTransport``: no socket and no server,
so it shows the client-side cost alone, magnified (useful when the loopback ratio moves).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack

import httpx

from bench.common import HEADERS, Endpoint
from bench.report import FigureResult, Row
from bench.stats import paired_ratios, summarize
from boomi_listeners import ListenerClient
from boomi_listeners_api.api.change_listener_status import update_listener_status
from boomi_listeners_api.client import AuthenticatedClient
from boomi_listeners_api.models import ChangeListenerStatusRequest, ListenerAction

__all__ = ["TARGET", "Callers", "callers", "measure", "measure_mock", "mock_transport"]

TARGET = 1.05
Call = Callable[[], None]
Callers = dict[str, Call]
NAMES = ("wrapper", "generated", "httpx")


def _http(endpoint: Endpoint, transport: httpx.BaseTransport | None) -> httpx.Client:
    return httpx.Client(
        base_url=endpoint.api_root,
        auth=httpx.BasicAuth(endpoint.username, endpoint.password),
        headers=HEADERS,
        timeout=30.0,
        transport=transport,
    )


def callers(endpoint: Endpoint, stack: ExitStack, transport: httpx.BaseTransport | None = None) -> Callers:
    """One ``pause`` of the test listener per call, through each of the three layers."""
    container_id, listener_id = endpoint.container_id, endpoint.listener_id

    raw = stack.enter_context(_http(endpoint, transport))
    body = {"action": "pause", "containerId": container_id, "listenerId": listener_id}

    def via_httpx() -> None:
        response = raw.post("/changeListenerStatus", json=body)
        if response.status_code != 200:
            raise RuntimeError(f"raw httpx pause answered {response.status_code}: {response.text}")

    api = AuthenticatedClient(base_url=endpoint.api_root, token="", prefix="")
    api.set_httpx_client(stack.enter_context(_http(endpoint, transport)))

    def via_generated() -> None:
        request = ChangeListenerStatusRequest(
            action=ListenerAction.PAUSE, container_id=container_id, listener_id=listener_id
        )
        response = update_listener_status.sync_detailed(client=api, body=request)
        if response.status_code != 200:
            raise RuntimeError(f"generated client pause answered {response.status_code}")

    wrapper = stack.enter_context(
        ListenerClient(
            account_id=endpoint.account_id,
            username=endpoint.username,
            password=endpoint.password,
            base_url=endpoint.base_url,
            transport=transport,
            # Per-call overhead is measured back to back; the account budget's pacing is not what it measures.
            max_requests_per_second=None,
        )
    )

    def via_wrapper() -> None:
        wrapper.pause(container_id=container_id, listener_id=listener_id)

    return {"wrapper": via_wrapper, "generated": via_generated, "httpx": via_httpx}


def interleaved(calls: Callers, rounds: int, per_round: int, warmup: int) -> dict[str, list[float]]:
    """Seconds per call of each caller, one value (the round's mean) per round.

    Within a round the callers take turns call by call, and who goes first rotates every turn,
    so a slow spell of the machine lands on all of them alike; timing blocks of calls per caller
    instead let such spells fall on one caller and doubled the spread of the ratios.
    """
    names = list(calls)
    for name in names:
        for _ in range(warmup):
            calls[name]()
    timings: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter
    for index in range(rounds):
        spent = dict.fromkeys(names, 0.0)
        for turn in range(per_round):
            shift = (index * per_round + turn) % len(names)
            for name in names[shift:] + names[:shift]:
                call = calls[name]
                started = clock()
                call()
                spent[name] += clock() - started
        for name in names:
            timings[name].append(spent[name] / per_round)
    return timings


def _rows(timings: dict[str, list[float]], label: str, where: str, with_target: bool) -> FigureResult:
    result = FigureResult()
    base = timings["httpx"]
    base_us = summarize(base).median * 1e6
    for name in ("wrapper", "generated"):
        ratios = summarize(paired_ratios(timings[name], base))
        extra_us = summarize([(a - b) * 1e6 for a, b in zip(timings[name], base, strict=True)])
        key = f"overhead_{name}_vs_httpx{label}"
        result.metrics[key] = ratios.median
        result.metrics[f"{key}_extra_us"] = extra_us.median
        met = ratios.median <= TARGET if with_target and name == "wrapper" else None
        result.rows.append(
            Row(
                figure=key,
                median=f"{ratios.median:.3f}x",
                spread=ratios.spread(),
                compared=(
                    f"pause via {name} vs raw httpx.Client.post {where}; per call "
                    f"{base_us + extra_us.median:.0f} vs {base_us:.0f} us ({extra_us.median:+.0f} us)"
                ),
                target=f"<= {TARGET:.2f}x" if met is not None else "",
                met=met,
            )
        )
    result.metrics[f"overhead_httpx_call{label}_us"] = base_us
    return result


def measure(endpoint: Endpoint, *, rounds: int, per_round: int, warmup: int = 20) -> FigureResult:
    """Interleaved rounds against the fake over loopback (latency and rate limit off)."""
    with ExitStack() as stack:
        timings = interleaved(callers(endpoint, stack), rounds, per_round, warmup)
    return _rows(timings, "", f"to the fake over loopback, {rounds} rounds x {per_round} calls", True)


def mock_transport() -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200))


def measure_mock(endpoint: Endpoint, *, rounds: int, per_round: int, warmup: int = 50) -> FigureResult:
    """The same three callers answered in-process by a MockTransport: client-side cost only."""
    with ExitStack() as stack:
        timings = interleaved(callers(endpoint, stack, mock_transport()), rounds, per_round, warmup)
    return _rows(timings, "_mock", f"answered in-process by httpx.MockTransport, {rounds} rounds x {per_round}", False)
