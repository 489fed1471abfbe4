"""The ``cli`` extra as a user installs it today: the built wheel with only ``[cli]``, in a fresh virtual
environment, at the newest releases the package index has (no constraints file).

``make test`` runs on the pinned versions of constraints.txt, which would hide a dependency that a new
release of typer (or rich) stops bringing along. This check is slow (a wheel build and a download of
the dependencies), so it is its own target, ``make test-packaging``, run by CI after ``make test``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PROJECT_PYTHON = Path(sys.executable)


def run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PIP_CONSTRAINT"}}
    done = subprocess.run(
        command, cwd=cwd, env={**clean, **(env or {})}, capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done


def test_the_cli_extra_alone_runs_the_command_at_the_newest_releases(tmp_path: Path) -> None:
    wheels = tmp_path / "wheel"
    run([str(PROJECT_PYTHON), "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), "."], cwd=REPO_ROOT)
    [wheel] = wheels.glob("boomi_listeners-*.whl")
    venv = tmp_path / "venv"
    run([str(PROJECT_PYTHON), "-m", "venv", str(venv)], cwd=tmp_path)
    python, command = venv / "bin" / "python", venv / "bin" / "boomi-listeners"

    run([str(python), "-m", "pip", "install", "-q", "--upgrade", f"{wheel}[cli]"], cwd=tmp_path)
    installed = run([str(python), "-m", "pip", "list", "--format", "freeze"], cwd=tmp_path).stdout
    print("installed:", " ".join(line for line in installed.split() if line.split("==")[0].lower() in
                                  {"typer", "click", "rich", "httpx", "attrs"}))  # fmt: skip

    help_text = run([str(command), "--help"], cwd=tmp_path, env={"COLUMNS": "200"})
    settings = {
        "BOOMI_ACCOUNT_ID": "acct",
        "BOOMI_USERNAME": "ops@example.com",
        "BOOMI_BASE_URL": "https://boomi.invalid",
    }
    # A command's own options (repeated --container, --output's choices) parsed by the typer installed.
    dry_run = run(
        [str(command), "--dry-run", "--output", "plain", "pause", "-c", "A", "-c", "B", "--all"],
        cwd=tmp_path, env=settings,
    )  # fmt: skip

    assert "Usage: boomi-listeners" in help_text.stdout
    for name in ("pause", "resume", "restart", "status", "wait", "snapshot", "apply", "window", "fake-server"):
        assert name in help_text.stdout
    assert [line.split("\t")[:2] for line in dry_run.stdout.splitlines()] == [
        ["POST", "https://boomi.invalid/api/rest/v1/acct/changeListenerStatus"]
    ] * 2
    assert '"containerId":"A"' in dry_run.stdout
    assert '"containerId":"B"' in dry_run.stdout
