"""Figure 5: start-up cost of ``boomi_listeners`` against ``import httpx``, in fresh processes.

Five kinds of process alternate (rotating the order every round): a bare interpreter, one that
imports httpx, one that imports boomi_listeners, one that imports the sync client, and
``boomi-listeners --help``. The figures are medians over rounds of the per-round ratio of wall
times; the "net" ratio subtracts the bare interpreter's start first. One ``-X importtime`` run
names the heaviest modules ``import boomi_listeners`` pulls in.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.report import FigureResult, Row
from bench.stats import paired_ratios, summarize

__all__ = ["heaviest_imports", "measure"]


def _cli() -> list[str]:
    """``boomi-listeners --help`` as installed beside this interpreter (``python -m`` where there is no script)."""
    script = Path(sys.executable).with_name("boomi-listeners")
    return [str(script), "--help"] if script.exists() else [sys.executable, "-m", "boomi_listeners", "--help"]


_PROGRAMS = {
    "bare": [sys.executable, "-c", "pass"],
    "httpx": [sys.executable, "-c", "import httpx"],
    "boomi_listeners": [sys.executable, "-c", "import boomi_listeners"],
    # What a sync program pays before its first call: the package names load lazily, so this is the honest figure.
    "sync_client": [sys.executable, "-c", "from boomi_listeners import ListenerClient"],
    "cli_help": _cli(),
}
#: Installed packages come with their bytecode compiled; a run with PYTHONDONTWRITEBYTECODE set would
#: compile this package's sources in every process and time the compiler, which no user pays.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _start(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=_ENV, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def heaviest_imports(module: str, top: int = 8) -> list[tuple[str, float]]:
    """(package, cumulative ms) of the packages ``import module`` loads directly, from -X importtime.

    The output lists children before their parent, with two spaces of indent per level. The lines
    between the previous top-level entry and ``module``'s own line are what importing it cost; of
    those, a package counts if no other package it was imported under is an ancestor (so httpx
    counts, and the click that httpx pulls in is part of httpx's figure).
    """
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    block: list[tuple[int, str, float]] = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue  # the header, or anything that is not an entry
        raw = parts[2].removeprefix(" ")
        name = raw.strip()
        depth = (len(raw) - len(name)) // 2
        if depth == 0:  # the target, or something the interpreter loaded before it
            if name == module:
                break
            block.clear()
            continue
        block.append((depth, name, int(parts[1]) / 1000))
    found: list[tuple[str, float]] = []
    ancestors: list[tuple[int, str]] = []
    for depth, name, cumulative in reversed(block):  # parents now come before their children
        while ancestors and ancestors[-1][0] >= depth:
            ancestors.pop()
        inside_package = any(p and not p.startswith("_") and p != name for _, p in ancestors)
        if "." not in name and not name.startswith("_") and not inside_package:
            found.append((name, cumulative))
        top_level = name.partition(".")[0]
        ancestors.append((depth, "" if top_level == module else top_level))
    return sorted(found, key=lambda item: -item[1])[:top]


def measure(*, rounds: int) -> FigureResult:
    names = list(_PROGRAMS)
    for name in names:
        _start(_PROGRAMS[name])  # warm the OS file cache and the bytecode caches
    times: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(_start(_PROGRAMS[name]))
    bare, httpx_t, ours = times["bare"], times["httpx"], times["boomi_listeners"]
    ratio = summarize(paired_ratios(ours, httpx_t))
    client = summarize(paired_ratios(times["sync_client"], httpx_t))
    cli_help = summarize(paired_ratios(times["cli_help"], httpx_t))
    ours_net = [o - b for o, b in zip(ours, bare, strict=True)]
    httpx_net = [h - b for h, b in zip(httpx_t, bare, strict=True)]
    net = summarize(paired_ratios(ours_net, httpx_net))
    ms = {name: summarize([t * 1000 for t in values]).median for name, values in times.items()}
    result = FigureResult()
    result.metrics.update(
        {
            "import_ratio_vs_httpx": ratio.median,
            "import_sync_client_ratio_vs_httpx": client.median,
            "import_sync_client_ms": ms["sync_client"],
            "cli_help_ratio_vs_httpx": cli_help.median,
            "cli_help_ms": ms["cli_help"],
            "import_net_ratio_vs_httpx": net.median,
            "import_boomi_listeners_ms": ms["boomi_listeners"],
            "import_httpx_ms": ms["httpx"],
            "import_bare_interpreter_ms": ms["bare"],
        }
    )
    result.rows.append(
        Row(
            "import_ratio_vs_httpx",
            f"{ratio.median:.3f}x",
            ratio.spread(),
            f"fresh `python -c 'import boomi_listeners'` vs `-c 'import httpx'` ({ms['boomi_listeners']:.0f} vs "
            f"{ms['httpx']:.0f} ms per process), {rounds} interleaved rounds",
            "<= 1.50x",
            ratio.median <= 1.5,
        )
    )
    result.rows.append(
        Row(
            "import_sync_client_ratio_vs_httpx",
            f"{client.median:.3f}x",
            client.spread(),
            f"`from boomi_listeners import ListenerClient` vs `import httpx` ({ms['sync_client']:.0f} vs "
            f"{ms['httpx']:.0f} ms): the package with the sync client loaded (the generated models, pyotp and "
            "httpcore load with the first call that needs them)",
            "<= 1.30x",
            client.median <= 1.3,
        )
    )
    result.rows.append(
        Row(
            "cli_help_ratio_vs_httpx",
            f"{cli_help.median:.3f}x",
            cli_help.spread(),
            f"whole process `boomi-listeners --help` vs `python -c 'import httpx'` ({ms['cli_help']:.0f} vs "
            f"{ms['httpx']:.0f} ms): typer and rich; neither httpx nor the SDK's client",
            "<= 1.80x",
            cli_help.median <= 1.8,
        )
    )
    result.rows.append(
        Row(
            "import_net_ratio_vs_httpx",
            f"{net.median:.3f}x",
            net.spread(),
            f"the same with a bare interpreter start ({ms['bare']:.0f} ms) subtracted from both",
        )
    )
    heavy = ", ".join(f"{name} {cum:.0f} ms" for name, cum in heaviest_imports("boomi_listeners"))
    result.notes.append(
        f"-X importtime, what `import boomi_listeners` loads (cumulative ms where first imported): {heavy}"
    )
    return result
