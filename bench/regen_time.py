"""Figure 3: regeneration wall time, from the project spec and from a full-platform download.

Each run is ``python -m regen --root COPY [--spec DOWNLOAD]`` in a fresh process, timed from the
outside, on temporary copies of ``openapi/`` and ``generated/`` (never on the project itself).
The two kinds alternate so drift hits both. The download is the synthetic Boomi-sized spec from
``tests/fixtures/full_platform.py`` (about 4 MB, 300+ operations), written once per bench run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import FigureResult, Row
from bench.stats import summarize

__all__ = ["ROOT", "TARGET_FULL_S", "measure"]

ROOT = Path(__file__).resolve().parent.parent
TARGET_FULL_S = 2.0


def _copy_project(into: Path) -> Path:
    into.mkdir(parents=True)
    shutil.copytree(ROOT / "openapi", into / "openapi", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "generated", into / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    return into


def _write_download(path: Path) -> tuple[float, int]:
    """Write the synthetic full-platform spec; returns (size in MB, number of paths)."""
    subprocess.run(
        [sys.executable, "-m", "tests.fixtures.full_platform", str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    import json

    paths = len(json.loads(path.read_text(encoding="utf-8"))["paths"])
    return path.stat().st_size / 1e6, paths


def _regen(root: Path, download: Path | None) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "openapi")}
    command = [sys.executable, "-m", "regen", "--root", str(root)]
    if download is not None:
        command += ["--spec", str(download)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"regen failed ({' '.join(command)}):\n{done.stdout}\n{done.stderr}")
    return seconds


def measure(*, rounds: int) -> FigureResult:
    with tempfile.TemporaryDirectory(prefix="bench-regen-") as tmp:
        base = Path(tmp)
        project = _copy_project(base / "project")
        imported = _copy_project(base / "download")
        download = base / "full-platform.json"
        size_mb, n_paths = _write_download(download)
        _regen(project, None)  # warm the file cache and bytecode of the generator once
        own: list[float] = []
        full: list[float] = []
        for index in range(rounds):
            pair = [("own", project, None), ("full", imported, download)]
            for kind, root, spec in pair if index % 2 == 0 else reversed(pair):
                (own if kind == "own" else full).append(_regen(root, spec))
    own_s, full_s = summarize(own), summarize(full)
    ratio = summarize([f / o for f, o in zip(full, own, strict=True)])
    result = FigureResult()
    result.metrics.update(
        {
            "regen_project_spec_s": own_s.median,
            "regen_full_download_s": full_s.median,
            "regen_full_vs_project": ratio.median,
            "regen_download_mb": size_mb,
        }
    )
    result.rows.append(
        Row(
            "regen_project_spec_s",
            f"{own_s.median:.2f} s",
            own_s.spread("{:.2f}"),
            "python -m regen on a copy of openapi/ (overlay, validate, generate, ruff), whole process",
        )
    )
    result.rows.append(
        Row(
            "regen_full_download_s",
            f"{full_s.median:.2f} s",
            full_s.spread("{:.2f}"),
            f"python -m regen --spec <synthetic download, {size_mb:.1f} MB, {n_paths} paths> (slice + the above)",
            f"<= {TARGET_FULL_S:.1f} s",
            full_s.median <= TARGET_FULL_S,
        )
    )
    result.rows.append(
        Row(
            "regen_full_vs_project",
            f"{ratio.median:.3f}x",
            ratio.spread(),
            "full download vs project spec, paired rounds",
        )
    )
    return result
