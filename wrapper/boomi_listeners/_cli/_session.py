"""Global options, settings from options and ``BOOMI_*`` variables, the secret prompt and the client.

The password or API token is never a command-line argument (process lists
show arguments to every user of the machine): it comes from BOOMI_PASSWORD or
BOOMI_API_TOKEN, or from a prompt.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import typer

from boomi_listeners._cli._problems import MissingSecretError
from boomi_listeners._config import TOKEN_PREFIX, Settings
from boomi_listeners._policies import RetryPolicy

if TYPE_CHECKING:
    from boomi_listeners._cli._observed import ObservedClient

__all__ = [
    "DEFAULT_RETRIES",
    "OUTPUT_MODES",
    "Globals",
    "enable_request_log",
    "make_client",
    "resolve_settings",
]

#: ``--retries N``: retries after the first attempt (the SDK's policy counts attempts, the first included).
DEFAULT_RETRIES = RetryPolicy().attempts - 1
#: ``--output``: a Rich table (the default), plain lines for grep/awk/cut, or one JSON document.
OUTPUT_MODES = ("table", "plain", "json")

# Stands in for a secret nobody gave, in a dry run (which sends nothing) and while checking the other settings.
NO_SECRET_PLACEHOLDER = "-"  # noqa: S105


@dataclass(frozen=True)
class Globals:
    """Options given before the command (``--output``, ``--json``, ``--dry-run`` and ``-v`` also after it)."""

    account: str | None = None
    region: str | None = None
    base_url: str | None = None
    username: str | None = None
    #: Retries after the first attempt of each request (0: one attempt only).
    retries: int = DEFAULT_RETRIES
    json: bool = False
    dry_run: bool = False
    verbose: bool = False
    #: ``table``, ``plain`` or ``json``; None: not given (``json`` if ``--json``, else ``table``).
    output: str | None = None

    @property
    def attempts(self) -> int:
        """Attempts per request: the first one and ``retries`` more."""
        return max(self.retries, 0) + 1

    @property
    def output_mode(self) -> str:
        """The output format asked for: ``--json`` is ``--output json``."""
        return "json" if self.json else (self.output or "table")

    def with_flags(self, *, json: bool, dry_run: bool, verbose: bool, output: str | None = None) -> Globals:
        """Flags given after the command add to those given before it (an ``--output`` after it wins)."""
        return replace(
            self,
            json=self.json or json or output == "json",
            dry_run=self.dry_run or dry_run,
            verbose=self.verbose or verbose,
            output=output or self.output,
        )


def resolve_settings(options: Globals, *, need_secret: bool, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from options, then ``BOOMI_*`` variables; prompt for the secret if neither variable is set.

    Everything but the secret is checked first, so nobody types a password
    only to learn that the account ID is missing. Without ``need_secret``
    (a dry run) a missing secret is not asked for: nothing will be sent.
    """
    env = os.environ if environ is None else environ
    password = env.get("BOOMI_PASSWORD") or None
    token = env.get("BOOMI_API_TOKEN") or None

    def build(password: str | None, token: str | None) -> Settings:
        return Settings.build(
            account_id=options.account,
            username=options.username,
            password=password,
            api_token=token,
            region=options.region,
            base_url=options.base_url,
            otp=env.get("BOOMI_OTP") or None,
            otp_secret=env.get("BOOMI_OTP_SECRET") or None,
            source=env,
        )

    if password or token:
        return build(password, token)
    checked = build(NO_SECRET_PLACEHOLDER, None)
    if not need_secret:
        return checked
    return build(prompt_secret(checked.username), None)


def prompt_secret(username: str) -> str:
    """Ask for the password (or the token, for a ``BOOMI_TOKEN.`` user) on stderr.

    On a terminal the input is hidden. When stdin is a pipe the first line is
    read from it (a pipe echoes nothing, and a hidden prompt would read the
    terminal instead of the pipe).
    """
    what = "API token" if username.startswith(TOKEN_PREFIX) else "password"
    interactive = sys.stdin is not None and sys.stdin.isatty()
    try:
        # The prompt goes to stderr, all of it: stdout carries only the result (one JSON document with --json).
        with contextlib.redirect_stdout(sys.stderr):
            value: str = typer.prompt(f"Boomi {what} for {username}", hide_input=interactive, err=True)
    except typer.Abort:
        value = ""
    if not interactive:
        typer.echo("", err=True)
    value = value.strip("\r\n")
    if not value:
        raise MissingSecretError(
            f"no {what} was given: set BOOMI_PASSWORD or BOOMI_API_TOKEN, or type it at the prompt"
        )
    return value


def make_client(settings: Settings, options: Globals) -> ObservedClient:
    # The SDK's client (and all it imports) loads with the first command that sends a request,
    # not with `--help`.
    from boomi_listeners._cli import _observed

    return _observed.ObservedClient(settings=settings, retry=RetryPolicy(attempts=options.attempts))


def enable_request_log() -> None:
    """Show the package's request log (one DEBUG line per request, never headers) on stderr."""
    log = logging.getLogger("boomi_listeners")
    if any(isinstance(h, _RequestLogHandler) for h in log.handlers):
        return
    handler = _RequestLogHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)


class _RequestLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The CLI's handler, recognisable so that it is added once."""
