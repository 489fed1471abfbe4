"""Where the wrapper's per-call time goes: pyinstrument over ``pause`` answered by a MockTransport.

With no socket and no server, the profile holds client CPU only. Self time is attributed to the
package whose code was running, standard-library frames to the package that called them (httpx,
the generated client, the wrapper, ...), which names the layer responsible for
the overhead figure.
"""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

from pyinstrument import Profiler
from pyinstrument.frame import Frame

from bench.common import Endpoint
from bench.overhead import callers, mock_transport

__all__ = ["GROUPS", "profile_pause"]

# Checked in order; the first fragment found in a frame's file path names its group.
GROUPS = (
    ("boomi_listeners_api", "generated client"),
    ("boomi_listeners", "wrapper"),
    ("httpcore", "httpx"),
    ("httpx", "httpx"),
    ("bench", "bench harness"),
)


def _group(frame: Frame) -> str | None:
    path = (frame.file_path or "").replace("\\", "/")
    for fragment, name in GROUPS:
        if f"/{fragment}/" in path:
            return name
    return None


def _self_times(frame: Frame, into: defaultdict[str, float], inherited: str) -> None:
    """Self time by group; standard-library frames count for the group that called them."""
    group = _group(frame) or inherited
    into[group] += frame.total_self_time
    for child in frame.children:
        _self_times(child, into, group)


def profile_pause(endpoint: Endpoint, *, calls: int, out: Path | None = None) -> tuple[dict[str, float], float]:
    """Profile ``calls`` wrapper pauses; returns (share of self time per group, µs per call unprofiled).

    ``out``: where to write pyinstrument's text report.
    """
    with ExitStack() as stack:
        wrapper = callers(endpoint, stack, mock_transport())["wrapper"]
        for _ in range(200):
            wrapper()
        started = time.perf_counter()
        for _ in range(calls):
            wrapper()
        per_call_us = (time.perf_counter() - started) / calls * 1e6
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for _ in range(calls):
            wrapper()
        profiler.stop()
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    times: defaultdict[str, float] = defaultdict(float)
    if root is not None:
        _self_times(root, times, "other")
    total = sum(times.values()) or 1.0
    if out is not None:
        out.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    ranked = sorted(times.items(), key=lambda item: -item[1])
    return {name: value / total for name, value in ranked}, per_call_us
