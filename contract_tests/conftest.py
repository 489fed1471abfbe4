"""Target selection, the staging guard, session fixtures and the contract summary.

By default the suite serves its own embedded fake on loopback. ``BOOMI_CONTRACT_TARGET=staging``
points it at a Boomi account instead; then it refuses to start (a usage error, before any request)
unless the runtime and listener it may change are named. Whatever the target, the designated
listener's status is read at the start and restored at the end, also after failures or Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from schemathesis import GenerationMode

from boomi_listeners.testing import PROFILE_NAMES
from contract_tests._config import ENV_FUZZ, SuiteConfig, SuiteConfigError, load
from contract_tests._provider import NAME_READS, OPERATIONS, ProviderRecord
from contract_tests._restore import DesignatedListenerGuard, RestoreOutcome
from contract_tests._session import RUN, RunState
from contract_tests._target import Target, new_fake, served_fake_target, staging_target


def pytest_configure(config: pytest.Config) -> None:
    try:
        suite = load()
    except SuiteConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[RUN] = RunState(suite=suite)


def pytest_report_header(config: pytest.Config) -> list[str]:
    suite = config.stash[RUN].suite
    fuzz = "on" if suite.fuzz else f"off (set {ENV_FUZZ}=1 to enable)"
    return [
        f"contract target: {suite.describe()}",
        f"contract cases: up to {suite.max_examples} fuzzed per operation and mode; negative phase {fuzz}; "
        f"rate limit {suite.rate_limit or 'none'}",
    ]


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def run_state(pytestconfig: pytest.Config) -> RunState:
    return pytestconfig.stash[RUN]


@pytest.fixture(scope="session")
def suite(run_state: RunState) -> SuiteConfig:
    return run_state.suite


@pytest.fixture(scope="session")
def target(suite: SuiteConfig) -> Iterator[Target]:
    """The platform under test: a staging account, or a fake this session serves on loopback."""
    if suite.staging:
        yield staging_target(suite)
        return
    with served_fake_target(new_fake(suite.profile)) as served:
        yield served


@pytest.fixture(scope="session", autouse=True)
def designated_listener(run_state: RunState, target: Target) -> Iterator[DesignatedListenerGuard]:
    """Snapshot the designated runtime first; restore its listener when the session ends."""
    guard = DesignatedListenerGuard(target)
    run_state.guard = guard
    guard.snapshot()
    yield guard
    outcome = guard.restore()
    if not outcome.ok:
        pytest.fail(outcome.message, pytrace=False)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Scenario tests run against every behaviour profile when the target is the fake; staging keeps its one target."""
    if "profile_name" in metafunc.fixturenames:
        suite = metafunc.config.stash[RUN].suite
        names = ["staging"] if suite.staging else list(PROFILE_NAMES)
        metafunc.parametrize("profile_name", names, scope="session")


@pytest.fixture(scope="session")
def scenario_guard(
    profile_name: str, suite: SuiteConfig, designated_listener: DesignatedListenerGuard
) -> Iterator[DesignatedListenerGuard]:
    """The guard (and so the target) of a scenario: the session's own, or a fake of its own speaking the profile.

    Each other profile's fake is served once for the session, its designated runtime read at the start
    and restored at the end, like the session's target.
    """
    if profile_name in ("staging", suite.profile):
        yield designated_listener
        return
    with served_fake_target(new_fake(profile_name)) as served:
        guard = DesignatedListenerGuard(served)
        guard.snapshot()
        yield guard
        outcome = guard.restore()
    if not outcome.ok:
        pytest.fail(f"{profile_name}: {outcome.message}", pytrace=False)


@pytest.fixture(scope="session")
def scenario_target(scenario_guard: DesignatedListenerGuard) -> Target:
    return scenario_guard.target


@pytest.fixture(autouse=True)
def label_exchanges(request: pytest.FixtureRequest, target: Target) -> Iterator[None]:
    """Against staging, label each saved exchange with the test that made it."""
    if target.recorder is None:
        yield
        return
    with target.recorder.step(request.node.nodeid):
        yield


# -- end of session ---------------------------------------------------------------------------------


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Restore the designated listener if the fixture finalizer did not get to it."""
    run = session.config.stash.get(RUN, None)
    if run is None or run.guard is None:
        return
    outcome = run.guard.restore()
    if not outcome.ok and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _case_table(record: ProviderRecord) -> list[str]:
    modes = [m.value for m in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    operations = (*OPERATIONS, *NAME_READS)
    width = max(len(op) for op in operations)
    lines = [f"{'operation':<{width}}  {'positive':>8}  {'negative':>8}  {'total':>6}  {'2xx':>5}"]
    for op in operations:
        counts = [record.cases[(mode, op)] for mode in modes]
        successes = sum(record.successes[(mode, op)] for mode in modes)
        lines.append(f"{op:<{width}}  {counts[0]:>8}  {counts[1]:>8}  {sum(counts):>6}  {successes:>5}")
    return lines


def _restore_lines(outcome: RestoreOutcome | None) -> list[str]:
    if outcome is None:
        return ["designated listener: not restored (the session ended before the suite could)"]
    status = "OK" if outcome.ok else "FAILED"
    return [f"designated listener restore {status}: {outcome.message}", *(f"  note: {n}" for n in outcome.notes)]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    run = config.stash.get(RUN, None)
    if run is None:
        return
    tr = terminalreporter
    tr.section("Boomi contract suite")
    tr.line(f"target: {run.suite.describe()}")
    record = run.record
    if record.cases:
        tr.line("provider cases per operation (sent by Schemathesis, including examples and coverage):")
        for line in _case_table(record):
            tr.line("  " + line)
        seeds = ", ".join(f"{mode} {seed}" for mode, seed in sorted(record.seeds.items()))
        tr.line(f"seeds: {seeds} (rerun one with BOOMI_CONTRACT_SEED=<seed>)")
        if run.suite.staging:
            tr.line(f"changeListenerStatus bodies confined to the designated runtime/listener: {record.confined}")
    if run.guard is not None:
        outcome = run.guard.outcome
        for line in _restore_lines(outcome):
            tr.line(line, red=outcome is not None and not outcome.ok, green=outcome is not None and outcome.ok)
