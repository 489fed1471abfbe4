"""Behaviour profiles: the readings of Boomi's public documentation the fake can switch on.

The public evidence (sources S1..S10, summarised in the project's behaviour notes) disagrees on how
the asynchronous ListenerStatus query answers while it runs, how an empty result looks, whether a
token can be read twice, and more. A :class:`Profile` is plain data, one switch per reading, so a
test can run the same scenario against every reading and a client must survive all of them::

    FakeBoomi(profile="strict")                       # every switch on
    FakeBoomi(profile=Profile.parse("http-202,molecule"))
    FakeBoomi(profile=PROFILES["totp"] | PROFILES["read-once"])

``documented`` (all switches off) is the fake's behaviour before profiles existed, and the default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

__all__ = ["PROFILES", "PROFILE_NAMES", "Profile", "resolve_profile"]


@dataclass(frozen=True)
class Profile:
    """Switches for the readings of Boomi's behaviour the evidence allows (all off: ``documented``)."""

    #: A ListenerStatus token read still in progress answers HTTP 202 instead of 200 (S2, S10).
    http_202: bool = False
    #: An in-progress answer carries an ``AsyncOperationStatus`` row, e.g. "Connecting to runtime..." (S8).
    status_row: bool = False
    #: A finished but empty result is ``responseStatusCode`` 202 with ``numberOfResults`` 0 and no rows (S8).
    empty_202: bool = False
    #: A finished token can be read once; a second read, or any read 30 min after the query, answers 204 (S2).
    read_once: bool = False
    #: MOLECULE and CLOUD runtimes answer one row per node, and their nodes apply a change at different times.
    molecule: bool = False
    #: Listeners whose connector type is ``wss`` never appear in ListenerStatus results (S9).
    unreported_wss: bool = False
    #: ListenerStatus queries stay in progress for ``slow_query_seconds`` (runtime-backed queries, S8).
    slow_runtime: bool = False
    #: 10 requests per second per account; beyond it 503 with Boomi's message and no Retry-After (S4, S5).
    rate_limited: bool = False
    #: ``X-Boomi-OTP`` is checked as a 30-second TOTP against the user's ``otp_secret``; stale/missing: 401 (S1, S7).
    totp: bool = False
    #: How long a query stays in progress under ``slow_runtime`` (seconds on the fake's clock).
    slow_query_seconds: float = 5.0
    #: Requests per second per account under ``rate_limited``.
    requests_per_second: float = 10.0

    def __post_init__(self) -> None:
        if not self.slow_query_seconds >= 0:  # also refuses NaN
            raise ValueError("slow_query_seconds must be a number >= 0")
        if not self.requests_per_second > 0:
            raise ValueError("requests_per_second must be a number > 0")

    @classmethod
    def parse(cls, text: str) -> Profile:
        """A profile from names separated by commas or ``+``, e.g. ``"http-202,molecule"``."""
        if not isinstance(text, str):
            raise TypeError(f"a profile name must be a string, not {type(text).__name__}")
        names = [part.strip().lower() for part in re.split(r"[,+]", text) if part.strip()]
        if not names:
            raise ValueError(f"no profile named; choose from {', '.join(PROFILE_NAMES)}")
        result = cls()
        for name in names:
            try:
                result = result | PROFILES[name]
            except KeyError:
                raise ValueError(f"unknown profile {name!r}; choose from {', '.join(PROFILE_NAMES)}") from None
        return result

    def __or__(self, other: object) -> Profile:
        """Both profiles' switches at once; of the two settings, the slower query and the lower rate win."""
        if not isinstance(other, Profile):
            return NotImplemented
        switches = {f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self) if f.type == "bool"}
        return replace(
            self,
            **switches,
            slow_query_seconds=max(self.slow_query_seconds, other.slow_query_seconds),
            requests_per_second=min(self.requests_per_second, other.requests_per_second),
        )

    @property
    def switches(self) -> tuple[str, ...]:
        """The profile names of the switches that are on, in the canonical order."""
        return tuple(name for name, flag in _SWITCH_OF_NAME.items() if getattr(self, flag))

    @property
    def name(self) -> str:
        """``documented``, ``strict``, a single profile name, or the names joined by commas."""
        on = self.switches
        if not on:
            return "documented"
        if len(on) == len(_SWITCH_OF_NAME):
            return "strict"
        return ",".join(on)


#: Profile name -> the switch (field) it turns on.
_SWITCH_OF_NAME = {
    "http-202": "http_202",
    "status-row": "status_row",
    "empty-202": "empty_202",
    "read-once": "read_once",
    "molecule": "molecule",
    "unreported-wss": "unreported_wss",
    "slow-runtime": "slow_runtime",
    "rate-limited": "rate_limited",
    "totp": "totp",
}


def _build() -> dict[str, Profile]:
    profiles = {"documented": Profile()}
    for name, switch in _SWITCH_OF_NAME.items():
        profiles[name] = Profile(**{switch: True})
    profiles["strict"] = Profile(**dict.fromkeys(_SWITCH_OF_NAME.values(), True))
    return profiles


#: Every named profile; ``strict`` is all the others at once.
PROFILES: dict[str, Profile] = _build()
#: The names, in documentation order.
PROFILE_NAMES: tuple[str, ...] = tuple(PROFILES)


def resolve_profile(profile: Profile | str | None) -> Profile:
    """A :class:`Profile` from a profile, a name (or comma-separated names), or None (``documented``)."""
    if profile is None:
        return PROFILES["documented"]
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, str):
        return Profile.parse(profile)
    raise TypeError(f"profile must be a Profile, a profile name or None, not {type(profile).__name__}")
