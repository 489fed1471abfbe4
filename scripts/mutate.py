"""``make mutate``: mutation testing of the handwritten core with cosmic-ray, one module at a time.

Why cosmic-ray and not mutmut: mutmut 3 runs the tests from its own copy of the sources and expects
them in ``./``, ``src/`` or ``source/``; this project's packages live in ``wrapper/``, ``generated/``
and ``openapi/`` and the tests rely on pytest's ``pythonpath``, which mutmut 3 rejects. cosmic-ray
mutates a file in place and runs any test command, so it needs no layout of its own.

Each module (``scripts/mutation.toml``) runs in a private copy of the source tree under
``build/mutation/<module>`` with ``PYTHONPATH`` pointing at the copy, so the working tree is never
mutated and modules can run side by side. Only the module's own fast tests run per mutant. The
results go into ``reports/mutation.json`` (modules from earlier runs are kept, so a run can be
split) and a readable ``reports/mutation.md``.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "scripts" / "mutation.toml"
#: What a copy needs to import the packages and run the unit tests.
COPIED = ("wrapper", "generated", "openapi", "tests", "contract_tests", "bench", "scripts", "docs", "pyproject.toml")
#: Source roots of the copy, in the order the editable install and pytest's ``pythonpath`` use.
ROOTS = ("wrapper", "generated", "openapi", ".")


@dataclass(frozen=True)
class Equivalent:
    """A survivor that cannot change behaviour a user relies on, and why."""

    operator: str
    line: str
    reason: str
    #: Optional: text the mutated line must contain, to tell apart mutants of one operator on one line.
    mutant: str = ""

    def matches(self, operator: str, source_line: str, diff: str = "") -> bool:
        if operator != self.operator or self.line not in source_line:
            return False
        return not self.mutant or any(
            self.mutant in line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")
        )


@dataclass(frozen=True)
class Module:
    name: str
    path: str
    tests: tuple[str, ...]
    equivalent: tuple[Equivalent, ...] = field(default=())


def load_modules(config: Path) -> dict[str, Module]:
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    modules: dict[str, Module] = {}
    for name, entry in data["modules"].items():
        equivalent = tuple(
            Equivalent(str(e["operator"]), str(e["line"]), str(e["reason"]), str(e.get("mutant", "")))
            for e in entry.get("equivalent", [])
        )
        modules[name] = Module(name, str(entry["path"]), tuple(str(t) for t in entry["tests"]), equivalent)
    return modules


def prepare_copy(module: Module, workdir: Path) -> Path:
    """A fresh copy of the source tree for this module's mutants."""
    copy = workdir / module.name
    if copy.exists():
        shutil.rmtree(copy)
    copy.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache", "results.json")
    for item in COPIED:
        source = REPO / item
        if source.is_dir():
            shutil.copytree(source, copy / item, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, copy / item)
    return copy


def copy_env(copy: Path) -> dict[str, str]:
    """The environment with the copy's sources first on the path (ahead of the editable install)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(copy / root) for root in ROOTS)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # pytest's plugin autoload (Schemathesis, Hypothesis, our own fixtures plugin) costs over a second
    # per mutant; the unit tests need only the plugins test_command names.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return env


#: The pytest plugins the mutation tests load (autoload is off, see copy_env).
PLUGINS = ("pytest_asyncio.plugin", "pytest_timeout")


def test_command(module: Module) -> list[str]:
    plugins = [arg for name in PLUGINS for arg in ("-p", name)]
    return [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *plugins, *module.tests]


def check_copy_is_used(copy: Path, env: Mapping[str, str]) -> None:
    """Fail unless the copy, not the working tree, is what the tests import."""
    probe = "import boomi_listeners, regen; print(boomi_listeners.__file__); print(regen.__file__)"
    found = subprocess.run(
        [sys.executable, "-c", probe], cwd=copy, env=dict(env), capture_output=True, text=True, check=True
    )
    for line in found.stdout.split():
        if not Path(line).resolve().is_relative_to(copy.resolve()):
            raise SystemExit(f"the tests would import {line}, not the copy in {copy}: mutants would go unseen")


def baseline(module: Module, copy: Path, env: Mapping[str, str]) -> float:
    """Run the module's tests unmutated; they must pass. Returns how long they took."""
    started = time.monotonic()
    result = subprocess.run(test_command(module), cwd=copy, env=dict(env), capture_output=True, text=True, check=False)
    took = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(f"{module.name}: the tests fail without any mutation:\n{result.stdout}\n{result.stderr}")
    return took


def run_cosmic_ray(
    module: Module, copy: Path, env: Mapping[str, str], timeout: float, only: set[tuple[str, int]] | None = None
) -> list[Any]:
    """init + exec + dump; returns cosmic-ray's (work item, result) pairs.

    ``only``: run just these mutants (operator, occurrence); the others are recorded as skipped.
    """
    config = copy / "cosmic-ray.toml"
    command = " ".join(test_command(module))
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(module.path)}\n"
        f"timeout = {timeout:.1f}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(command)}\n"
        '\n[cosmic-ray.distributor]\nname = "local"\n',
        encoding="utf-8",
    )
    session = copy / "session.sqlite"
    tool = [sys.executable, "-m", "cosmic_ray.cli"]
    subprocess.run([*tool, "init", str(config), str(session)], cwd=copy, env=dict(env), check=True)
    skipped = skip_annotation_mutants(session, (copy / module.path).read_text(encoding="utf-8"))
    print(f"{module.name}: {skipped} annotation-only mutants not run", flush=True)
    if only is not None:
        skip_all_but(session, only)
    subprocess.run([*tool, "exec", str(config), str(session)], cwd=copy, env=dict(env), check=True)
    return dump_session(copy, env)


def skip_all_but(session: Path, only: set[tuple[str, int]]) -> None:
    """Record every pending mutant not in ``only`` as skipped (``--recheck``)."""
    from cosmic_ray.work_db import WorkDB, use_db  # type: ignore[import-untyped]
    from cosmic_ray.work_item import WorkerOutcome, WorkResult  # type: ignore[import-untyped]

    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in db.pending_work_items:
            mutation = item.mutations[0]
            if (mutation.operator_name, int(mutation.occurrence)) not in only:
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output="not rechecked"))


def skip_annotation_mutants(session: Path, text: str) -> int:
    """Record every mutant inside an annotation as skipped, so ``exec`` does not run the tests for it.

    With postponed annotations such a mutant cannot change behaviour, and as a certain survivor it
    would cost a full run of the module's tests each (a third of the mutants of some modules).
    """
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans = annotation_spans(text)
    skipped = 0
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in db.pending_work_items:
            start = tuple(item.mutations[0].start_pos)
            if any(low <= start < high for low, high in spans):
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output=ANNOTATION_ONLY))
                skipped += 1
    return skipped


def dump_session(copy: Path, env: Mapping[str, str]) -> list[Any]:
    """cosmic-ray's (work item, result) pairs of the module's session."""
    session = copy / "session.sqlite"
    if not session.exists():
        raise SystemExit(f"no session in {copy}: run the module first")
    dumped = subprocess.run(
        [sys.executable, "-m", "cosmic_ray.cli", "dump", str(session)],
        cwd=copy,
        env=dict(env),
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in dumped.stdout.splitlines() if line.strip()]


ANNOTATION_ONLY = "mutates a type annotation, which is never evaluated (from __future__ import annotations)"


def annotation_spans(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) positions of every annotation, when the module postpones their evaluation."""
    tree = ast.parse(text)
    postponed = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )
    if not postponed:
        return []
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None:
            found.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            found.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            found.append(node.annotation)
    return [((n.lineno, n.col_offset), (n.end_lineno or n.lineno, n.end_col_offset or n.col_offset)) for n in found]


def summarise(module: Module, pairs: Sequence[Any], source: Sequence[str], seconds: float) -> dict[str, Any]:
    """Counts and surviving diffs for one module."""
    spans = annotation_spans("\n".join(source) + "\n")
    counts = {"mutants": 0, "killed": 0, "survived": 0, "equivalent": 0, "timeouts": 0, "no_tests": 0}
    counts["incompetent"] = 0
    counts["annotation_only"] = 0  # part of "equivalent": not run, not listed one by one
    survivors: list[dict[str, Any]] = []
    for item, result in pairs:
        counts["mutants"] += 1
        mutation = item["mutations"][0]
        line_no = int(mutation["start_pos"][0])
        line = source[line_no - 1].strip() if 0 < line_no <= len(source) else ""
        if result is not None and result["worker_outcome"] == "skipped" and result.get("output") == ANNOTATION_ONLY:
            counts["equivalent"] += 1
            counts["annotation_only"] += 1
            continue
        if result is None or result["worker_outcome"] in ("no-test", "skipped"):
            counts["no_tests"] += 1
            continue
        outcome = result["test_outcome"]
        if outcome == "incompetent" or result["worker_outcome"] == "exception":
            counts["incompetent"] += 1
        elif outcome == "killed":
            counts["killed"] += 1
            counts["timeouts"] += result.get("output") == "timeout"
        else:
            diff = result.get("diff") or ""
            operator = mutation["operator_name"]
            reason = next((e.reason for e in module.equivalent if e.matches(operator, line, diff)), None)
            start = (int(mutation["start_pos"][0]), int(mutation["start_pos"][1]))
            if reason is None and any(low <= start < high for low, high in spans):
                reason = ANNOTATION_ONLY
            counts["equivalent" if reason else "survived"] += 1
            survivors.append(
                {
                    "operator": mutation["operator_name"],
                    "occurrence": mutation["occurrence"],
                    "line": line_no,
                    "source": line,
                    "diff": result.get("diff") or "",
                    **({"equivalent": reason} if reason else {}),
                }
            )
    judged = counts["killed"] + counts["survived"]
    return {
        "path": module.path,
        "tests": list(module.tests),
        **counts,
        "kill_rate": round(counts["killed"] / judged, 3) if judged else None,
        "seconds": round(seconds, 1),
        "ran_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "survivors": sorted(survivors, key=lambda s: (s["line"], s["operator"], s["occurrence"])),
    }


def write_reports(results: Mapping[str, dict[str, Any]], out: Path) -> None:
    """Merge into reports/mutation.json (earlier modules are kept) and rewrite the summary next to it."""
    report: dict[str, Any] = {"tool": f"cosmic-ray {metadata.version('cosmic-ray')}", "modules": {}}
    if out.exists():
        report["modules"] = json.loads(out.read_text(encoding="utf-8")).get("modules", {})
    report["modules"].update(results)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(summary(report), encoding="utf-8")


def summary(report: Mapping[str, Any]) -> str:
    header = "| module | mutants | killed | survived | equivalent | timeouts | no tests | incompetent | kill rate |"
    lines = [f"# Mutation testing ({report['tool']})", "", header, "|" + "---|" * 9]
    for name, m in sorted(report["modules"].items()):
        rate = "n/a" if m["kill_rate"] is None else f"{m['kill_rate']:.0%}"
        lines.append(
            f"| {name} | {m['mutants']} | {m['killed']} | {m['survived']} | {m['equivalent']} | {m['timeouts']} "
            f"| {m['no_tests']} | {m['incompetent']} | {rate} |"
        )
    lines += [
        "",
        "Kill rate = killed / (killed + survived); equivalent survivors are listed, not counted. Equivalent",
        "includes the mutants inside type annotations, which are never evaluated: they are not run or listed.",
        "",
    ]
    for name, m in sorted(report["modules"].items()):
        if not m["survivors"]:
            continue
        lines += [f"## {name}: survivors ({m['path']}, tests: {', '.join(m['tests'])})", ""]
        for s in m["survivors"]:
            why = f" (equivalent: {s['equivalent']})" if "equivalent" in s else ""
            lines += [f"- line {s['line']}, {s['operator']} #{s['occurrence']}{why}", "", "```diff", s["diff"].strip()]
            lines += ["```", ""]
    return "\n".join(lines) + "\n"


def recheck(module: Module, copy: Path, env: Mapping[str, str], timeout: float, out: Path) -> None:
    """Run the survivors of the last report again and print the ones the tests still let through."""
    report = json.loads(out.read_text(encoding="utf-8"))["modules"][module.name]
    survivors = [s for s in report["survivors"] if "equivalent" not in s]
    only = {(s["operator"], int(s["occurrence"])) for s in survivors}
    pairs = run_cosmic_ray(module, copy, env, timeout, only)
    left = [
        (item["mutations"][0], result)
        for item, result in pairs
        if result is not None and result["worker_outcome"] == "normal" and result["test_outcome"] == "survived"
    ]
    source = (copy / module.path).read_text(encoding="utf-8").splitlines()
    for mutation, result in left:
        line = int(mutation["start_pos"][0])
        diff = result.get("diff") or ""
        if any(e.matches(mutation["operator_name"], source[line - 1].strip(), diff) for e in module.equivalent):
            continue
        changed = [d for d in diff.splitlines() if d.startswith("+") and not d.startswith("+++")]
        print(f"  still survives: line {line} {mutation['operator_name']}: {' '.join(changed).strip()}")
    print(f"{module.name}: {len(only)} survivors rechecked", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--modules", help="comma-separated module names from the config (default: all)")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--out", type=Path, default=REPO / "reports" / "mutation.json")
    parser.add_argument("--workdir", type=Path, default=REPO / "build" / "mutation")
    parser.add_argument("--list", action="store_true", help="list the configured modules and exit")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the reports from the sessions of the last run, no mutants"
    )
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="run only the survivors the report lists for each module and print those that still survive; "
        "the report is left as it is (the module's source must not have changed since)",
    )
    args = parser.parse_args(argv)
    # The copies run with their own folder as the working directory: paths must not be relative.
    args.workdir, args.out = args.workdir.resolve(), args.out.resolve()
    modules = load_modules(args.config)
    if args.list:
        for module in modules.values():
            print(f"{module.name}: {module.path} <- {' '.join(module.tests)}")
        return 0
    chosen = [m.strip() for m in args.modules.split(",") if m.strip()] if args.modules else list(modules)
    unknown = [m for m in chosen if m not in modules]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; configured: {', '.join(modules)}")
    for module in (modules[name] for name in chosen):
        missing = [t for t in module.tests if not (REPO / t.partition("::")[0]).exists()]
        if missing or not (REPO / module.path).exists():
            parser.error(f"{module.name}: missing {', '.join(missing) or module.path}; fix {args.config}")
    for name in chosen:
        module = modules[name]
        started = time.monotonic()
        copy = args.workdir / module.name
        if args.report_only:
            pairs = dump_session(copy, copy_env(copy))
        else:
            copy = prepare_copy(module, args.workdir)
            env = copy_env(copy)
            check_copy_is_used(copy, env)
            took = baseline(module, copy, env)
            # Generous: a mutant that makes a wait run to its end is killed by the timeout, not hung on.
            timeout = max(4 * took, took + 20.0)
            print(f"{name}: baseline {took:.1f}s, per-mutant timeout {timeout:.0f}s", flush=True)
            if args.recheck:
                recheck(module, copy, env, timeout, args.out)
                continue
            pairs = run_cosmic_ray(module, copy, env, timeout)
        source = (copy / module.path).read_text(encoding="utf-8").splitlines()
        result = summarise(module, pairs, source, time.monotonic() - started)
        write_reports({name: result}, args.out)
        rate = "n/a" if result["kill_rate"] is None else f"{result['kill_rate']:.0%}"
        print(
            f"{name}: {result['mutants']} mutants, {result['killed']} killed, {result['survived']} survived, "
            f"{result['equivalent']} equivalent, kill rate {rate}",
            flush=True,
        )
    if not args.recheck:
        print(f"wrote {args.out} and {args.out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
