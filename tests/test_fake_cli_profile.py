"""``--profile`` on ``python -m boomi_listeners.testing`` and ``boomi-listeners fake-server``."""

from __future__ import annotations

import io
import shlex
import signal
from collections.abc import Sequence
from pathlib import Path

import httpx
import pyotp
import pytest

from boomi_listeners._cli import _fake
from boomi_listeners.testing import (
    DEMO_OTP_SECRET,
    DEMO_TEST_CONTAINER_ID,
    DEMO_TEST_LISTENER_ID,
    PROFILES,
    FakeBoomi,
    ManualClock,
    cli as fake_cli,
    load_state,
)
from tests._cli_runner import start_fake_server


def banner(fake: FakeBoomi, *, demo: bool) -> dict[str, str]:
    out = io.StringIO()
    fake_cli._print_banner(out, fake, "http://127.0.0.1:1", fake_cli._pick(fake.state, demo, fake.profile))
    exports = {}
    for line in out.getvalue().splitlines():
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            exports[name] = shlex.split(value)[0]
    assert f"# Behaviour profile: {fake.profile.name}" in out.getvalue()
    return exports


def test_parser_reads_profiles_and_refuses_unknown_ones(capsys: pytest.CaptureFixture[str]) -> None:
    parser = fake_cli.build_parser()
    assert parser.parse_args(["--profile", "strict"]).profile == PROFILES["strict"]
    assert parser.parse_args([]).profile == PROFILES["documented"]
    combined = parser.parse_args(["--profile", "http-202,molecule"]).profile
    assert combined.switches == ("http-202", "molecule")
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["--profile", "bogus"])
    assert exited.value.code == 2
    assert "unknown profile 'bogus'" in capsys.readouterr().err


@pytest.mark.parametrize("name", list(PROFILES))
def test_demo_banner_under_every_profile(name: str) -> None:
    exports = banner(FakeBoomi(profile=name, clock=ManualClock()), demo=True)
    assert exports["BOOMI_TEST_CONTAINER_ID"] == DEMO_TEST_CONTAINER_ID
    assert exports["BOOMI_TEST_LISTENER_ID"] == DEMO_TEST_LISTENER_ID
    if PROFILES[name].totp:
        assert exports["BOOMI_OTP_SECRET"] == DEMO_OTP_SECRET
    else:
        assert "BOOMI_OTP_SECRET" not in exports


def test_data_file_banner_picks_a_reported_listener(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(
        "users:\n"
        "  - {username: ops@example.com, password: pw, accounts: [acct-9], otp_secret: JBSWY3DPEHPK3PXP}\n"
        "runtimes:\n"
        "  - id: rt-1\n"
        "    name: Test Cluster\n"
        "    account: acct-9\n"
        "    kind: CLOUD\n"
        "    nodes: 2\n"
        "    listeners:\n"
        "      - {id: l-wss, connector_type: wss}\n"
        "      - {id: l-http, connector_type: http}\n"
    )
    state = load_state(data)
    assert state.runtimes["rt-1"].nodes == 2
    documented = banner(FakeBoomi(state, clock=ManualClock()), demo=False)
    assert documented["BOOMI_TEST_LISTENER_ID"] == "l-wss"
    strict = banner(FakeBoomi(load_state(data), profile="strict", clock=ManualClock()), demo=False)
    assert strict["BOOMI_TEST_LISTENER_ID"] == "l-http", "a wss listener would never be reported"
    assert strict["BOOMI_OTP_SECRET"] == "JBSWY3DPEHPK3PXP"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("users: [{username: u, password: p, otp_secret: 'not base32!'}]", "base32"),
        ("runtimes: [{id: r, account: a, nodes: 0}]", "nodes must be a whole number"),
    ],
)
def test_state_file_checks_the_new_keys(tmp_path: Path, text: str, message: str) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text(text)
    with pytest.raises(ValueError, match=message):
        load_state(data)


def test_fake_server_refuses_an_unknown_profile_before_starting(capsys: pytest.CaptureFixture[str]) -> None:
    code = _fake.serve(host="127.0.0.1", port=0, demo=True, data=None, apply_delay=None, profile="fastest")
    assert code == 2
    assert "--profile: unknown profile 'fastest'" in capsys.readouterr().err


def test_fake_server_passes_the_profile_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Sequence[str]] = []

    def fake_main(argv: Sequence[str], *, prog: str) -> int:
        seen.append(argv)
        return 0

    monkeypatch.setattr(fake_cli, "main", fake_main)
    assert _fake.serve(host="127.0.0.1", port=0, demo=True, data=None, apply_delay=None, profile="totp,molecule") == 0
    assert seen == [["--host", "127.0.0.1", "--port", "0", "--profile", "totp,molecule", "--demo"]]


@pytest.mark.slow
def test_fake_server_process_with_the_totp_profile() -> None:
    proc = start_fake_server("--demo", "--profile", "totp")
    exports: dict[str, str] = {}
    seen: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.append(line)
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").strip().partition("=")
                exports[name] = shlex.split(value)[0]
            elif line.startswith("# Behaviour profile:"):
                break
        url = f"{exports['BOOMI_BASE_URL']}/api/rest/v1/{exports['BOOMI_ACCOUNT_ID']}/changeListenerStatus"
        body = {"action": "pause", "containerId": exports["BOOMI_TEST_CONTAINER_ID"],
                "listenerId": exports["BOOMI_TEST_LISTENER_ID"]}  # fmt: skip
        auth = (exports["BOOMI_USERNAME"], exports["BOOMI_PASSWORD"])
        assert httpx.post(url, json=body, auth=auth, timeout=10).status_code == 401
        code = pyotp.TOTP(exports["BOOMI_OTP_SECRET"]).now()
        assert httpx.post(url, json=body, auth=auth, headers={"X-Boomi-OTP": code}, timeout=10).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert seen[-1] == "# Behaviour profile: totp\n"
