"""What the suite runs against and how hard it pushes, read from ``BOOMI_*`` environment variables.

Everything that decides whether the suite may start is here, free of I/O, so that the staging guard
refuses before a single request is made.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from boomi_listeners import ConfigurationError, Settings
from boomi_listeners.testing import PROFILE_NAMES, PROFILES

__all__ = [
    "ENV_FUZZ",
    "ENV_MAX_EXAMPLES",
    "ENV_PROFILE",
    "ENV_RATE_LIMIT",
    "ENV_REHEARSAL",
    "ENV_SEED",
    "ENV_SETTLE",
    "ENV_TARGET",
    "ENV_WATCH",
    "SuiteConfig",
    "SuiteConfigError",
    "load",
]

ENV_TARGET = "BOOMI_CONTRACT_TARGET"
ENV_PROFILE = "BOOMI_CONTRACT_PROFILE"
ENV_MAX_EXAMPLES = "BOOMI_CONTRACT_MAX_EXAMPLES"
ENV_FUZZ = "BOOMI_CONTRACT_FUZZ"
ENV_RATE_LIMIT = "BOOMI_CONTRACT_RATE_LIMIT"
ENV_SEED = "BOOMI_CONTRACT_SEED"
ENV_WATCH = "BOOMI_CONTRACT_WATCH_CONTAINER_IDS"
ENV_SETTLE = "BOOMI_CONTRACT_SETTLE_SECONDS"
ENV_REHEARSAL = "BOOMI_CONTRACT_REHEARSAL"
ENV_CONTAINER = "BOOMI_TEST_CONTAINER_ID"
ENV_LISTENER = "BOOMI_TEST_LISTENER_ID"

#: Fuzzing-phase examples per operation and generation mode.
DEFAULT_MAX_EXAMPLES = {"fake": 100, "staging": 15}
#: The same for a fake that rate-limits: every case waits for its place in the 10/s budget, so fewer of them
#: keep the run within a minute.
DEFAULT_PACED_MAX_EXAMPLES = 5
#: Requests per second (Schemathesis' rate limit) the provider tests send to a staging account.
DEFAULT_STAGING_RATE_LIMIT = "4/s"
#: Seconds between two status reads that must agree before the designated runtime counts as settled.
DEFAULT_STAGING_SETTLE = 5.0
_RATE_LIMIT = re.compile(r"^[1-9][0-9]*/[smhd]$")

TargetKind = Literal["fake", "staging"]


class SuiteConfigError(Exception):
    """The environment does not describe a target the suite may run against."""


@dataclass(frozen=True)
class SuiteConfig:
    """The target and the limits of one run.

    ``settings`` is None for the fake: its address is known only once it is served.
    """

    target: TargetKind
    settings: Settings | None
    container_id: str | None
    listener_id: str | None
    max_examples: int
    fuzz: bool
    rate_limit: str | None
    seed: int | None
    #: Other runtimes whose listeners the scenario tests read (never change) to see they stay untouched.
    watch_container_ids: tuple[str, ...] = ()
    #: Staging only: seconds between the two status reads that show no change is still being applied.
    settle_seconds: float = DEFAULT_STAGING_SETTLE
    #: Fake only: the behaviour profile (a name in ``boomi_listeners.testing.PROFILE_NAMES``) the session's fake speaks.
    profile: str = "documented"
    #: Staging only: the account is a fake on loopback, so the suite keeps a fake's pace (no account budget,
    #: quick polls and retries) instead of Boomi's.
    rehearsal: bool = False

    @property
    def staging(self) -> bool:
        return self.target == "staging"

    def describe(self) -> str:
        if self.settings is None:
            return f"embedded fake (boomi_listeners.testing) on loopback, profile {self.profile}"
        where = self.settings.base_url
        loopback = " (loopback rehearsal, at a fake's pace)" if self.rehearsal else ""
        loopback = loopback or (" (loopback rehearsal)" if is_loopback(where) else "")
        return (
            f"staging account {self.settings.account_id} at {where}{loopback}; designated runtime "
            f"{self.container_id}, listener {self.listener_id}"
        )


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == "localhost" or host == "::1" or host.startswith("127.")


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SuiteConfigError(f"{name} must be 1 or 0; got {value!r}")


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SuiteConfigError(f"{name} must be a whole number; got {value!r}") from None
    if number < 1:
        raise SuiteConfigError(f"{name} must be at least 1; got {number}")
    return number


def _rate_limit(env: Mapping[str, str], default: str | None) -> str | None:
    value = env.get(ENV_RATE_LIMIT, "").strip().lower()
    if not value:
        return default
    if value in ("0", "off", "none"):
        return None
    if not _RATE_LIMIT.match(value):
        raise SuiteConfigError(f"{ENV_RATE_LIMIT} must look like 4/s or 100/m (or 'off'); got {value!r}")
    return value


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise SuiteConfigError(f"{name} must be a number of seconds; got {value!r}") from None
    if number <= 0:
        raise SuiteConfigError(f"{name} must be more than 0; got {number}")
    return number


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _missing_staging_variables(env: Mapping[str, str]) -> list[str]:
    missing = [name for name in ("BOOMI_ACCOUNT_ID", "BOOMI_USERNAME") if not env.get(name)]
    if not env.get("BOOMI_PASSWORD") and not env.get("BOOMI_API_TOKEN"):
        missing.append("BOOMI_PASSWORD or BOOMI_API_TOKEN")
    missing.extend(name for name in (ENV_CONTAINER, ENV_LISTENER) if not env.get(name, "").strip())
    return missing


def _fake_config(env: Mapping[str, str], profile_name: str, seed: int | None) -> SuiteConfig:
    if profile_name not in PROFILE_NAMES:
        raise SuiteConfigError(f"{ENV_PROFILE} must be one of {', '.join(PROFILE_NAMES)}; got {profile_name!r}")
    # Under a rate limit every request waits for its place in the target's budget (see Target.budget).
    paced = PROFILES[profile_name].rate_limited
    return SuiteConfig(
        target="fake",
        settings=None,
        container_id=None,
        listener_id=None,
        max_examples=_positive_int(
            env, ENV_MAX_EXAMPLES, DEFAULT_PACED_MAX_EXAMPLES if paced else DEFAULT_MAX_EXAMPLES["fake"]
        ),
        fuzz=_flag(env, ENV_FUZZ, True),
        rate_limit=_rate_limit(env, None),
        seed=seed,
        profile=profile_name,
    )


def load(environ: Mapping[str, str] | None = None) -> SuiteConfig:
    """The suite's configuration; SuiteConfigError names every missing or malformed variable."""
    env = os.environ if environ is None else environ
    kind = env.get(ENV_TARGET, "").strip().lower() or "fake"
    if kind not in ("fake", "staging"):
        raise SuiteConfigError(f"{ENV_TARGET} must be 'fake' (the default) or 'staging'; got {kind!r}")
    seed_text = env.get(ENV_SEED, "").strip()
    try:
        seed = int(seed_text) if seed_text else None
    except ValueError:
        raise SuiteConfigError(f"{ENV_SEED} must be a whole number; got {seed_text!r}") from None
    profile_name = env.get(ENV_PROFILE, "").strip().lower()
    if kind == "fake":
        return _fake_config(env, profile_name or "documented", seed)
    if profile_name:
        raise SuiteConfigError(
            f"{ENV_PROFILE} picks a behaviour profile of the embedded fake; a staging account behaves as it "
            f"does. Unset {ENV_PROFILE} or drop {ENV_TARGET}=staging."
        )
    missing = _missing_staging_variables(env)
    if missing:
        raise SuiteConfigError(
            f"{ENV_TARGET}=staging: refusing to start, {_names(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set. The suite pauses, resumes and restarts "
            f"listeners, so it runs against a Boomi account only when {ENV_CONTAINER} and {ENV_LISTENER} "
            "name the runtime and listener it may change (see contract_tests/README.md)."
        )
    watch = tuple(part.strip() for part in env.get(ENV_WATCH, "").split(",") if part.strip())
    if env[ENV_CONTAINER].strip() in watch:
        raise SuiteConfigError(f"{ENV_WATCH} must not name the designated runtime {env[ENV_CONTAINER].strip()}")
    try:
        settings = Settings.from_env(env)
    except ConfigurationError as exc:
        raise SuiteConfigError(f"{ENV_TARGET}=staging: refusing to start: {exc}") from None
    rehearsal = _flag(env, ENV_REHEARSAL, False)
    if rehearsal and not is_loopback(settings.base_url):
        # Without Boomi's pace a real account would be sent more than its 10 requests per second.
        raise SuiteConfigError(
            f"{ENV_REHEARSAL}=1 is for a fake on loopback; {settings.base_url} is not a loopback address"
        )
    return SuiteConfig(
        target="staging",
        settings=settings,
        container_id=env[ENV_CONTAINER].strip(),
        listener_id=env[ENV_LISTENER].strip(),
        max_examples=_positive_int(env, ENV_MAX_EXAMPLES, DEFAULT_MAX_EXAMPLES["staging"]),
        fuzz=_flag(env, ENV_FUZZ, False),
        rate_limit=_rate_limit(env, DEFAULT_STAGING_RATE_LIMIT),
        seed=seed,
        watch_container_ids=watch,
        settle_seconds=_seconds(env, ENV_SETTLE, DEFAULT_STAGING_SETTLE),
        rehearsal=rehearsal,
    )
