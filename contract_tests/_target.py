"""The target under test: where it is, how to log in, and which runtime and listener are ours."""

from __future__ import annotations

import base64
import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import pyotp

from boomi_listeners import AsyncListenerClient, ListenerClient, PollPolicy, RequestBudget, RetryPolicy, Settings
from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_OTP_SECRET,
    DEMO_PASSWORD,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    DEMO_USERNAME,
    PROFILES,
    FakeBoomi,
    demo_state,
    serve,
)
from boomi_listeners.testing.exchanges import ExchangeRecorder, Redactor
from contract_tests._config import SuiteConfig, TargetKind

__all__ = [
    "Designation",
    "Target",
    "designation_for",
    "fake_settings",
    "fake_target",
    "new_fake",
    "served_fake_target",
    "staging_recorder",
    "staging_target",
]

#: Delays of the suite's own fakes: long enough to be asynchronous, short enough to keep waits quick. A
#: restart stays visible (not listening) longer than the wrapper's polling interval, so waits see it.
APPLY_DELAY = 0.1
RESTART_PHASE = 0.3
QUERY_DELAY = 0.02
#: Seconds a query of the suite's ``slow-runtime`` fakes stays in progress.
SLOW_QUERY = 0.1
#: The clients' polls and retries against a fake: its delays are tenths of a second, not Boomi's seconds.
FAKE_POLL = PollPolicy(initial=0.02, factor=1.5, maximum=0.2, restart_settle=2.0)
FAKE_RETRY = RetryPolicy(attempts=5, wait_initial=0.05, wait_max=0.5, wait_jitter=0.05)


def basic_authorization(settings: Settings) -> str:
    """The Authorization header value (HTTP Basic) for these settings."""
    pair = f"{settings.username}:{settings.secret.reveal()}"
    return "Basic " + base64.b64encode(pair.encode()).decode("ascii")


@dataclass(frozen=True)
class Designation:
    """What the suite knows of a target before it is running: how to log in and what it may change.

    Schemathesis builds its cases when the test module is imported, before the fake is served, so
    everything but the target's address comes from here.
    """

    kind: TargetKind
    authorization: str = field(repr=False)
    container_id: str
    listener_id: str
    #: Runtimes only a fake is known to have (an offline one), used to reach more answers.
    extra_container_ids: tuple[str, ...] = ()
    #: Base32 TOTP secret when the target checks ``X-Boomi-OTP`` codes (a fresh code per request).
    otp_secret: str | None = field(default=None, repr=False)
    #: A fixed ``X-Boomi-OTP`` code (``BOOMI_OTP``), for a short staging run without the secret.
    otp: str | None = field(default=None, repr=False)

    @property
    def staging(self) -> bool:
        return self.kind == "staging"

    def otp_code(self) -> str | None:
        """The ``X-Boomi-OTP`` value for a request about to be sent, if the target wants one."""
        if self.otp_secret is not None:
            return pyotp.TOTP(self.otp_secret).now()
        return self.otp


class _OtpFields(TypedDict):
    otp_secret: str | None
    otp: str | None


def _otp_fields(settings: Settings) -> _OtpFields:
    """The designation's OTP fields for these settings (a fresh code per request needs the secret itself)."""
    return _OtpFields(
        otp_secret=settings.otp_secret.reveal() if settings.otp_secret is not None else None,
        otp=settings.otp.reveal() if settings.otp is not None else None,
    )


def designation_for(config: SuiteConfig) -> Designation:
    """The designation of the target ``config`` describes."""
    if config.staging:
        assert config.settings is not None
        assert config.container_id is not None
        assert config.listener_id is not None
        return Designation(
            "staging",
            basic_authorization(config.settings),
            config.container_id,
            config.listener_id,
            **_otp_fields(config.settings),
        )
    settings = fake_settings("http://127.0.0.1", otp_secret=DEMO_OTP_SECRET if PROFILES[config.profile].totp else None)
    return Designation(
        "fake",
        basic_authorization(settings),
        DEMO_TEST_CONTAINER_ID,
        DEMO_TEST_LISTENER_ID,
        (DEMO_OFFLINE_CONTAINER_ID,),
        **_otp_fields(settings),
    )


@dataclass(frozen=True)
class Target:
    """A Boomi platform the suite talks to, and the one runtime and listener it may change.

    ``fake`` is set when the target is an embedded fake served by the suite itself; ``extra_container_ids``
    are runtimes that only a fake is known to have (e.g. an offline one), used to reach more answers.
    """

    kind: TargetKind
    settings: Settings
    container_id: str
    listener_id: str
    fake: FakeBoomi | None = None
    extra_container_ids: tuple[str, ...] = ()
    #: Other runtimes the scenario tests read, to see that changes to the designated one leave them be.
    watched_container_ids: tuple[str, ...] = ()
    poll: PollPolicy = field(default_factory=PollPolicy)
    wait_timeout: float = 60.0
    #: Two status reads this far apart that agree mean no change is still being applied.
    settle_interval: float = 3.0
    #: Saves every exchange of the suite's clients, redacted (staging only).
    recorder: ExchangeRecorder | None = None
    #: The clients' request budget: Boomi's documented account limit on staging; none on a fake without one.
    max_requests_per_second: float | None = 10.0
    #: The account's budget at that rate, shared by the target's clients and the provider tests' requests,
    #: so that together they keep below the limit (None: unpaced).
    budget: RequestBudget | None = field(default=None, compare=False, repr=False)
    #: The clients' retries: the default (Boomi's connector's pace) on staging, quick on a fake.
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def __post_init__(self) -> None:
        if self.budget is None and self.max_requests_per_second is not None:
            object.__setattr__(self, "budget", RequestBudget(self.max_requests_per_second))

    @property
    def api_root(self) -> str:
        return self.settings.api_root

    @contextmanager
    def paced(self) -> Iterator[None]:
        """Hold a place in the account's budget while sending one request outside the clients."""
        if self.budget is None:
            yield
            return
        self.budget.start()
        try:
            yield
        finally:
            self.budget.finish()

    @property
    def staging(self) -> bool:
        return self.kind == "staging"

    @property
    def authorization(self) -> str:
        return basic_authorization(self.settings)

    @property
    def designation(self) -> Designation:
        return Designation(
            self.kind,
            self.authorization,
            self.container_id,
            self.listener_id,
            self.extra_container_ids,
            **_otp_fields(self.settings),
        )

    def client(self, retry: RetryPolicy | None = None) -> ListenerClient:
        transport = self.recorder.transport() if self.recorder is not None else None
        return ListenerClient(
            settings=self.settings,
            retry=retry or self.retry,
            poll=self.poll,
            transport=transport,
            max_requests_per_second=self.max_requests_per_second,
            budget=self.budget,
        )

    def async_client(self, retry: RetryPolicy | None = None) -> AsyncListenerClient:
        transport = self.recorder.async_transport() if self.recorder is not None else None
        return AsyncListenerClient(
            settings=self.settings,
            retry=retry or self.retry,
            poll=self.poll,
            transport=transport,
            max_requests_per_second=self.max_requests_per_second,
            budget=self.budget,
        )


def fake_settings(base_url: str, *, api_token: str | None = None, otp_secret: str | None = None) -> Settings:
    """Settings for the demo user of a fake served at ``base_url`` (``otp_secret`` for a fake that checks codes)."""
    if api_token is not None:
        return Settings.build(
            account_id=DEMO_ACCOUNT_ID,
            username=DEMO_USERNAME,
            api_token=api_token,
            base_url=base_url,
            otp_secret=otp_secret,
        )
    return Settings.build(
        account_id=DEMO_ACCOUNT_ID,
        username=DEMO_USERNAME,
        password=DEMO_PASSWORD,
        base_url=base_url,
        otp_secret=otp_secret,
    )


def new_fake(profile: str = "documented") -> FakeBoomi:
    """A fresh fake with the demo data set and the suite's delays, speaking ``profile`` (a profile name).

    Queries of a ``slow-runtime`` profile stay in progress for SLOW_QUERY seconds instead of the
    profile's default 5, to keep the suite quick; every other switch is the profile's own.
    """
    return FakeBoomi(
        state=demo_state(),
        apply_delay=APPLY_DELAY,
        restart_phase=RESTART_PHASE,
        query_delay=QUERY_DELAY,
        profile=dataclasses.replace(PROFILES[profile], slow_query_seconds=SLOW_QUERY),
    )


def fake_target(fake: FakeBoomi, base_url: str) -> Target:
    watched = tuple(
        runtime.id
        for runtime in fake.state.runtimes_of(DEMO_ACCOUNT_ID)
        if runtime.online and runtime.id not in (DEMO_TEST_CONTAINER_ID, DEMO_OFFLINE_CONTAINER_ID)
    )
    profile = fake.profile
    return Target(
        kind="fake",
        settings=fake_settings(base_url, otp_secret=DEMO_OTP_SECRET if profile.totp else None),
        container_id=DEMO_TEST_CONTAINER_ID,
        listener_id=DEMO_TEST_LISTENER_ID,
        fake=fake,
        extra_container_ids=(DEMO_OFFLINE_CONTAINER_ID,),
        watched_container_ids=watched,
        # Under a rate limit every poll spends the budget: fewer, later reads of a query's token.
        poll=dataclasses.replace(FAKE_POLL, initial=0.1) if profile.rate_limited else FAKE_POLL,
        wait_timeout=10.0,
        settle_interval=0.3,
        # Unpaced unless the fake rate-limits; then the clients keep to its limit as they would to Boomi's.
        max_requests_per_second=profile.requests_per_second if profile.rate_limited else None,
        retry=FAKE_RETRY,
    )


#: Where ``make contract-staging`` saves the exchanges it made (format: boomi_listeners.testing.exchanges);
#: ``BOOMI_CONTRACT_EXCHANGES`` names another file.
STAGING_EXCHANGES = Path("reports") / "staging-exchanges.jsonl"
ENV_EXCHANGES = "BOOMI_CONTRACT_EXCHANGES"


def staging_recorder(settings: Settings, path: Path = STAGING_EXCHANGES) -> ExchangeRecorder:
    """A recorder that masks this account's ID and every credential in the settings."""
    secrets = [settings.username, settings.secret.reveal()]
    secrets += [s.reveal() for s in (getattr(settings, "otp", None), getattr(settings, "otp_secret", None)) if s]
    return ExchangeRecorder(path, redactor=Redactor(settings.account_id, tuple(secrets)))


def staging_target(config: SuiteConfig) -> Target:
    assert config.settings is not None
    assert config.container_id is not None
    assert config.listener_id is not None
    target = Target(
        kind="staging",
        settings=config.settings,
        container_id=config.container_id,
        listener_id=config.listener_id,
        watched_container_ids=config.watch_container_ids,
        wait_timeout=120.0,
        settle_interval=config.settle_seconds,
        recorder=staging_recorder(config.settings, Path(os.environ.get(ENV_EXCHANGES) or STAGING_EXCHANGES)),
    )
    if not config.rehearsal:
        return target
    # A fake on loopback (BOOMI_CONTRACT_REHEARSAL=1): no account budget, a fake's polls and retries.
    # Everything the suite sends and checks stays as on staging.
    return dataclasses.replace(target, poll=FAKE_POLL, retry=FAKE_RETRY, max_requests_per_second=None, budget=None)


@contextmanager
def served_fake_target(fake: FakeBoomi | None = None) -> Iterator[Target]:
    """Serve a fake (a new demo one unless given) on loopback for the duration of the block."""
    fake = fake if fake is not None else new_fake()
    with serve(fake, port=0) as base_url:
        yield fake_target(fake, base_url)
