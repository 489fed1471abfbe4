"""The fake Boomi in its own process, driven over a line protocol on stdin/stdout.

The machine has two cores; a uvicorn thread inside the measured process would compete with the
client for the GIL and distort every ratio. So the fake runs here, in a child process, and the
benchmark talks to it over loopback like a client of the real platform would.

Protocol: once it serves, the child prints ``{"ready": {...}}`` (the fields of
:class:`bench.common.Endpoint`), then answers one JSON line per JSON command line it reads:

* ``{"cmd": "configure", "latency": 0.05, "rate_limit": 100}`` resets the faults (and the rate
  limit's window) and sets both; ``rate_limit`` null means unlimited;
* ``{"cmd": "stats"}`` returns ``{"statuses": {"200": n, "503": m, ...}}`` for the requests
  received since the previous ``stats`` (or start) and clears the request log;
* ``{"cmd": "quit"}`` or end of input stops the server.

Seeded with the demo data set plus ``--runtimes`` runtimes sharing ``--listeners`` listeners for bulk runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from bench.common import Endpoint

__all__ = [
    "BENCH_CONTAINER_ID",
    "FakeServer",
    "bench_listener_ids",
    "bench_runtime_ids",
    "main",
]

BENCH_CONTAINER_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "boomi-listeners/bench/runtime"))
_ROOT = Path(__file__).resolve().parent.parent


def bench_runtime_ids(count: int) -> list[str]:
    """The bench runtimes' IDs: the first is BENCH_CONTAINER_ID, as the single-runtime figures expect."""
    extra = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"boomi-listeners/bench/runtime/{i}")) for i in range(1, count)]
    return [BENCH_CONTAINER_ID, *extra]


def bench_listener_ids(count: int) -> list[str]:
    """The IDs of the bench runtime's listeners (deterministic, so both processes agree)."""
    return [str(uuid.uuid5(uuid.NAMESPACE_URL, f"boomi-listeners/bench/listener/{i}")) for i in range(count)]


# -- child side --------------------------------------------------------------------------------


def _reply(out: IO[str], payload: dict[str, Any]) -> None:
    out.write(json.dumps(payload) + "\n")
    out.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the fake Boomi for the benchmarks.")
    parser.add_argument("--listeners", type=int, default=300, help="listeners on the bench runtime")
    parser.add_argument("--apply-delay", type=float, default=0.0, help="seconds before a change takes effect")
    parser.add_argument(
        "--runtimes", type=int, default=1, help="spread the bench listeners over this many runtimes (round robin)"
    )
    args = parser.parse_args(argv)

    from boomi_listeners import testing

    state = testing.demo_state()
    listener_ids = bench_listener_ids(args.listeners)
    runtimes = bench_runtime_ids(args.runtimes)
    placed: dict[str, list[str]] = {cid: listener_ids[i :: len(runtimes)] for i, cid in enumerate(runtimes)}
    for number, (cid, ids) in enumerate(placed.items()):
        listeners = [testing.Listener(lid, f"Bench listener {lid[:8]}") for lid in ids]
        state.add_runtime(testing.Runtime(cid, f"Bench Atom {number}", testing.DEMO_ACCOUNT_ID, listeners=listeners))
    # Repeated pauses of one listener are all accepted (the fake does not reject a no-op change),
    # and with no apply delay each change is applied at the next request, so nothing accumulates.
    fake = testing.FakeBoomi(state, apply_delay=args.apply_delay)
    with testing.serve(fake, "127.0.0.1", 0) as base_url:
        ready = {
            "base_url": base_url,
            "account_id": testing.DEMO_ACCOUNT_ID,
            "username": testing.DEMO_USERNAME,
            "password": testing.DEMO_PASSWORD,
            "container_id": testing.DEMO_TEST_CONTAINER_ID,
            "listener_id": testing.DEMO_TEST_LISTENER_ID,
            "bulk_container_id": BENCH_CONTAINER_ID,
            "bulk_listener_ids": placed[BENCH_CONTAINER_ID],
            "bulk_runtimes": placed,
        }
        _reply(sys.stdout, {"ready": ready})
        for line in sys.stdin:
            command: dict[str, Any] = json.loads(line)
            name = command.get("cmd")
            if name == "quit":
                break
            if name == "configure":
                fake.faults.reset()
                fake.faults.latency = float(command.get("latency") or 0.0)
                limit = command.get("rate_limit")
                fake.faults.rate_limit = None if limit is None else float(limit)
                _reply(sys.stdout, {"ok": True})
            elif name == "stats":
                time.sleep(0.05)  # the log entry is appended just after the answer went out
                statuses = Counter(str(r.status) for r in fake.requests)
                fake.clear_requests()
                _reply(sys.stdout, {"statuses": dict(statuses)})
            else:
                _reply(sys.stdout, {"error": f"unknown command {name!r}"})
    return 0


# -- parent side -------------------------------------------------------------------------------


class FakeServer:
    """Start the fake in a child process; ``endpoint`` says where it serves and what it holds."""

    def __init__(self, *, listeners: int = 300, apply_delay: float = 0.0, runtimes: int = 1) -> None:
        command = [
            sys.executable,
            "-m",
            "bench.fake_server",
            "--listeners",
            str(listeners),
            "--apply-delay",
            str(apply_delay),
            "--runtimes",
            str(runtimes),
        ]
        self._process = subprocess.Popen(
            command,
            cwd=_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        first = self._read()
        if "ready" not in first:
            self.close()
            raise RuntimeError(f"the bench fake server did not start: {first}")
        ready = first["ready"]
        self.endpoint = Endpoint(
            **{k: v for k, v in ready.items() if k not in ("bulk_listener_ids", "bulk_runtimes")},
            bulk_listener_ids=tuple(ready["bulk_listener_ids"]),
            bulk_runtimes={cid: tuple(ids) for cid, ids in ready["bulk_runtimes"].items()},
        )

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            code = self._process.wait(10)
            raise RuntimeError(f"the bench fake server exited (code {code})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _ask(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(command) + "\n")
        self._process.stdin.flush()
        return self._read()

    def configure(self, *, latency: float = 0.0, rate_limit: float | None = None) -> None:
        """Reset the fake's faults, then add ``latency`` seconds per request and the rate limit."""
        self._ask({"cmd": "configure", "latency": latency, "rate_limit": rate_limit})

    def statuses(self) -> Counter[int]:
        """Status codes the fake answered since the last call (the request log is cleared)."""
        raw = self._ask({"cmd": "stats"})["statuses"]
        return Counter({int(k) if k != "None" else 0: int(v) for k, v in raw.items()})

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            try:
                self._process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                self._process.stdin.close()
                self._process.wait(15)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait(5)
        if self._process.stdout is not None:
            self._process.stdout.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


if __name__ == "__main__":
    sys.exit(main())
