"""``bench/run.py --quick`` runs end to end and writes every figure as a number.

A smoke test only: it checks that the benchmarks work, never how fast anything is (the machine is
shared, and timings belong in ``make bench``, not in the test suite).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from boomi_listeners.testing import PROFILE_NAMES

REPO_ROOT = Path(__file__).resolve().parents[1]

REQUIRED_KEYS = (
    "overhead_wrapper_vs_httpx",
    "overhead_generated_vs_httpx",
    "bulk_change_many_vs_bound",
    "bulk_sequential_vs_bound",
    "bulk_failed_targets",
    "bulk_confirmed_vs_bound",
    "bulk_confirmed_requests_per_change",
    "bulk_confirmed_server_503",
    "bulk_confirmed_naive_vs_bound",
    "regen_project_spec_s",
    "regen_full_download_s",
    "contract_cases_per_s",
    "import_ratio_vs_httpx",
    "import_sync_client_ratio_vs_httpx",
    "cli_help_ratio_vs_httpx",
    "names_status_vs_id_only",
    "names_requests_per_status",
    *(f"profile_{name}_{key}" for name in PROFILE_NAMES for key in ("pause_wait_vs_bound", "requests_per_change")),
    # restart(wait=True) of a paused and of a listening listener, fast and default polls (quick: two profiles)
    *(
        f"profile_{name}_restart_{before}_{policy}_{what}"
        for name in ("documented", "molecule")
        for before in ("paused", "listening")
        for policy in ("fast", "default")
        for what in ("vs_bound", "requests")
    ),
)


@pytest.mark.slow
def test_quick_bench_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert done.returncode == 0, f"bench/run.py --quick failed:\n{done.stdout}\n{done.stderr}"
    assert out.is_file(), "the results file was not written where --out said"
    results = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(results, dict)
    missing = [key for key in REQUIRED_KEYS if key not in results]
    assert not missing, f"results.json lacks {missing}"
    not_numbers = {
        key: value
        for key, value in results.items()
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
    }
    assert not not_numbers, f"results.json values must be finite numbers: {not_numbers}"
    assert results["bench_quick"] == 1
    for key in REQUIRED_KEYS:
        assert key in done.stdout, f"the printed table does not show {key}"
