"""``python -m regen [--spec DOWNLOAD [--accept-breaking]] [--check]`` (what ``make regen`` runs).

Exit codes: 0 done; 1 ``--check`` found stale files, or an import has breaking
changes and no consent; 2 a problem to fix first (bad download, overlay that no
longer fits, generator failure), said in one message without a traceback;
130 interrupted (the next run finishes or discards what was staged).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from regen.errors import RegenError
from regen.pipeline import Layout, check, regen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="regen", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: cwd)")
    parser.add_argument("--spec", type=Path, help="a full Boomi platform spec download to slice and import")
    parser.add_argument(
        "--accept-breaking", action="store_true", help="write an import even though it has breaking changes"
    )
    parser.add_argument("--check", action="store_true", help="fail if generated/ is out of date")
    args = parser.parse_args(argv)
    layout = Layout(args.root.resolve())
    started = time.perf_counter()
    try:
        if args.check:
            stale = check(layout)
            if stale:
                print("generated/ is out of date with openapi/; run `make regen`. Differing files:")
                for name in stale:
                    print(f"  generated/{layout.package.name}/{name}")
                return 1
            print("generated/ is up to date with openapi/.")
            return 0
        result = regen(layout, args.spec, accept_breaking=args.accept_breaking)
    except RegenError as exc:
        print(f"regen: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("regen: interrupted; the next `make regen` finishes or discards what was staged.", file=sys.stderr)
        return 130
    print(result.render())
    print(f"regenerated generated/{layout.package.name} in {time.perf_counter() - started:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
