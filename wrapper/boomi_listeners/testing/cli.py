"""``python -m boomi_listeners.testing``: run the fake as a process (also ``boomi-listeners fake-server``).

On start it prints ``export`` lines to paste into another shell (``BOOMI_OTP_SECRET`` too when the
profile checks one-time codes), then the runtimes and listeners it serves. Ctrl-C or SIGTERM stop it
cleanly with exit code 0. ``--profile NAME`` picks a behaviour profile (see :mod:`.profiles`).
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
from .profiles import PROFILE_NAMES, PROFILES, Profile
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
        "--profile",
        type=_profile,
        default=PROFILES["documented"],
        metavar="NAME",
        help=f"behaviour profile, or several joined by commas: {', '.join(PROFILE_NAMES)} (default: documented)",
    )
    parser.add_argument(
        "--slow-seconds",
        type=float,
        default=None,
        metavar="S",
        help="seconds a query stays in progress under the slow-runtime profile (default 5)",
    )
    parser.add_argument(
        "--request-log-size",
        type=int,
        default=1000,
        metavar="N",
        help="requests kept in the fake's request log (default 1000)",
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn log level (default: warning)",
    )
    return parser


def _profile(text: str) -> Profile:
    try:
        return Profile.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


@dataclass(frozen=True)
class _Pick:
    account_id: str
    username: str
    password: str
    container_id: str
    listener_id: str
    otp_secret: str | None = None


def _pick(state: FakeState, demo: bool, profile: Profile = PROFILES["documented"]) -> _Pick:
    """Credentials and a runtime/listener to advertise: the demo's own, or a sensible choice from a file.

    The listener is one every profile reports (not a ``wss`` one when ``unreported-wss`` is on).
    """
    if demo:
        demo_user = state.users.get(DEMO_USERNAME)
        return _Pick(
            DEMO_ACCOUNT_ID,
            DEMO_USERNAME,
            DEMO_PASSWORD,
            DEMO_TEST_CONTAINER_ID,
            DEMO_TEST_LISTENER_ID,
            demo_user.otp_secret if demo_user is not None else None,
        )
    users = sorted(
        state.users.values(),
        key=lambda u: not {PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT} <= u.privileges,
    )
    username = password = account_id = ""
    otp_secret: str | None = None
    for user in users:
        secret = user.password if user.password is not None else (user.api_tokens[0] if user.api_tokens else None)
        if secret is not None and user.accounts:
            username = user.username if user.password is not None else f"BOOMI_TOKEN.{user.username}"
            password, account_id, otp_secret = secret, user.accounts[0], user.otp_secret
            break

    def reported(connector_type: str) -> bool:
        return not (profile.unreported_wss and connector_type == "wss")

    runtimes = [
        r for r in state.runtimes_of(account_id) if r.online and any(reported(li.connector_type) for li in r.listeners)
    ]
    # Prefer a runtime that looks reserved for tests, as in the demo data.
    runtimes.sort(key=lambda r: not any(word in r.name.lower() for word in ("test", "contract")))
    container_id = runtimes[0].id if runtimes else ""
    listener_id = next((li.id for li in runtimes[0].listeners if reported(li.connector_type)), "") if runtimes else ""
    return _Pick(account_id, username, password, container_id, listener_id, otp_secret)


def _print_banner(out: TextIO, fake: FakeBoomi, base_url: str, pick: _Pick) -> None:
    exports = {
        "BOOMI_BASE_URL": base_url,
        "BOOMI_ACCOUNT_ID": pick.account_id,
        "BOOMI_USERNAME": pick.username,
        "BOOMI_PASSWORD": pick.password,
        "BOOMI_TEST_CONTAINER_ID": pick.container_id,
        "BOOMI_TEST_LISTENER_ID": pick.listener_id,
    }
    if fake.profile.totp and pick.otp_secret:
        exports["BOOMI_OTP_SECRET"] = pick.otp_secret
    for name, value in exports.items():
        print(f"export {name}={shlex.quote(value)}", file=out)
    print(file=out)
    print(f"# Fake Boomi platform at {base_url} (API: {base_url}{API_PREFIX}/<accountId>). Ctrl-C stops it.", file=out)
    print(f"# Behaviour profile: {fake.profile.name}", file=out)
    state = fake.state
    with state.lock:
        for account in state.accounts.values():
            runtimes = state.runtimes_of(account.id)
            if not runtimes:
                continue
            print(f"\nAccount {account.id}" + (f" ({account.name})" if account.name else ""), file=out)
            for runtime in runtimes:
                online = "online" if fake.is_online(runtime.id) else "OFFLINE"
                nodes = f", {runtime.nodes} nodes" if runtime.nodes > 1 else ""
                print(f"  {runtime.name or '(unnamed runtime)'}  [{runtime.kind}{nodes}, {online}]", file=out)
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
    profile: Profile = args.profile
    if args.slow_seconds is not None:
        if not args.slow_seconds >= 0:
            parser.error("--slow-seconds must be a number >= 0")
        profile = replace(profile, slow_query_seconds=args.slow_seconds)
    if args.request_log_size < 1:
        parser.error("--request-log-size must be >= 1")
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
        profile=profile,
        request_log_size=args.request_log_size,
    )
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with serve(fake, args.host, args.port, log_level=args.log_level) as base_url:
            _print_banner(sys.stdout, fake, base_url, _pick(fake.state, demo, fake.profile))
            # Short waits: the signal handler runs between them, and a stop takes effect at once.
            while not stop.wait(0.05):
                pass
    except OSError as exc:
        print(f"error: cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("# Fake Boomi platform stopped.", flush=True)
    return 0
