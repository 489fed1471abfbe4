"""``python -m boomi_listeners.testing``: run the fake as a process (also ``boomi-listeners fake-server``).

On start it prints ``export`` lines to paste into another shell, then the runtimes and listeners it
serves. Ctrl-C or SIGTERM stop it cleanly with exit code 0.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TextIO

from .app import API_PREFIX, FakeBoomi
from .demo import (
    DEMO_ACCOUNT_ID,
    DEMO_PASSWORD,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    demo_state,
)
from .loading import load_state
from .server import serve
from .state import PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT, FakeState

__all__ = ["build_parser", "main"]


def build_parser(prog: str = "python -m boomi_listeners.testing") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Run a fake Boomi Platform API (listener operations) on a local port.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to bind; 0 picks a free one (default: 8080)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", type=Path, metavar="FILE", help="seed from a JSON or YAML data file")
    source.add_argument("--demo", action="store_true", help="seed with the built-in demo data (the default)")
    parser.add_argument(
        "--apply-delay", type=float, default=0.2, metavar="S", help="seconds before a change takes effect (default 0.2)"
    )
    parser.add_argument(
        "--restart-phase",
        type=float,
        default=1.0,
        metavar="S",
        help="seconds a restart stays not listening (default 1.0)",
    )
    parser.add_argument(
        "--query-delay",
        type=float,
        default=0.05,
        metavar="S",
        help="seconds a ListenerStatus query takes (default 0.05)",
    )
    parser.add_argument(
        "--token-ttl", type=float, default=300.0, metavar="S", help="seconds a query token stays valid (default 300)"
    )
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=None,
        metavar="N",
        help="requests per second per account (default: unlimited)",
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn log level (default: warning)",
    )
    return parser


@dataclass(frozen=True)
class _Pick:
    account_id: str
    username: str
    password: str
    container_id: str
    listener_id: str


def _pick(state: FakeState, demo: bool) -> _Pick:
    """Credentials and a runtime/listener to advertise: the demo's own, or a sensible choice from a file."""
    if demo:
        return _Pick(DEMO_ACCOUNT_ID, DEMO_USERNAME, DEMO_PASSWORD, DEMO_TEST_CONTAINER_ID, DEMO_TEST_LISTENER_ID)
    users = sorted(
        state.users.values(),
        key=lambda u: not {PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT} <= u.privileges,
    )
    username = password = account_id = ""
    for user in users:
        secret = user.password if user.password is not None else (user.api_tokens[0] if user.api_tokens else None)
        if secret is not None and user.accounts:
            username = user.username if user.password is not None else f"BOOMI_TOKEN.{user.username}"
            password, account_id = secret, user.accounts[0]
            break
    runtimes = [r for r in state.runtimes_of(account_id) if r.online and r.listeners] if account_id else []
    # Prefer a runtime that looks reserved for tests, as in the demo data.
    runtimes.sort(key=lambda r: not any(word in r.name.lower() for word in ("test", "contract")))
    container_id = runtimes[0].id if runtimes else ""
    listener_id = runtimes[0].listeners[0].id if runtimes else ""
    return _Pick(account_id, username, password, container_id, listener_id)


def _print_banner(out: TextIO, fake: FakeBoomi, base_url: str, pick: _Pick) -> None:
    exports = {
        "BOOMI_BASE_URL": base_url,
        "BOOMI_ACCOUNT_ID": pick.account_id,
        "BOOMI_USERNAME": pick.username,
        "BOOMI_PASSWORD": pick.password,
        "BOOMI_TEST_CONTAINER_ID": pick.container_id,
        "BOOMI_TEST_LISTENER_ID": pick.listener_id,
    }
    for name, value in exports.items():
        print(f"export {name}={shlex.quote(value)}", file=out)
    print(file=out)
    print(f"# Fake Boomi platform at {base_url} (API: {base_url}{API_PREFIX}/<accountId>). Ctrl-C stops it.", file=out)
    state = fake.state
    with state.lock:
        for account in state.accounts.values():
            runtimes = state.runtimes_of(account.id)
            if not runtimes:
                continue
            print(f"\nAccount {account.id}" + (f" ({account.name})" if account.name else ""), file=out)
            for runtime in runtimes:
                online = "online" if fake.is_online(runtime.id) else "OFFLINE"
                print(f"  {runtime.name or '(unnamed runtime)'}  [{runtime.kind}, {online}]", file=out)
                print(f"    containerId {runtime.id}", file=out)
                width = max((len(li.name) for li in runtime.listeners), default=0)
                for listener in runtime.listeners:
                    print(
                        f"    - {listener.name.ljust(width)}  {listener.id}  "
                        f"{listener.connector_type:<6} {listener.status}",
                        file=out,
                    )
    out.flush()


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
    """Run the fake until Ctrl-C or SIGTERM; returns the exit code."""
    parser = build_parser(prog) if prog else build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    demo = args.data is None
    try:
        state = demo_state() if demo else load_state(args.data)
    except (OSError, ValueError) as exc:
        print(f"error: cannot load {args.data}: {exc}", file=sys.stderr)
        return 2
    fake = FakeBoomi(
        state,
        apply_delay=args.apply_delay,
        restart_phase=args.restart_phase,
        query_delay=args.query_delay,
        token_ttl=args.token_ttl,
        rate_limit=args.rate_limit,
    )
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with serve(fake, args.host, args.port, log_level=args.log_level) as base_url:
            _print_banner(sys.stdout, fake, base_url, _pick(fake.state, demo))
            while not stop.wait(0.5):
                pass
    except OSError as exc:
        print(f"error: cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("# Fake Boomi platform stopped.", flush=True)
    return 0
