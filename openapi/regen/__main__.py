"""``python -m regen [--spec DOWNLOAD] [--check]`` (what ``make regen`` runs)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from regen.pipeline import Layout, check, regen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="regen", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: cwd)")
    parser.add_argument("--spec", type=Path, help="a full Boomi platform spec download to slice and import")
    parser.add_argument("--check", action="store_true", help="fail if generated/ is out of date")
    args = parser.parse_args(argv)
    layout = Layout(args.root.resolve())
    started = time.perf_counter()
    if args.check:
        stale = check(layout)
        if stale:
            print("generated/ is out of date with openapi/; run `make regen`. Differing files:")
            for name in stale:
                print(f"  generated/{layout.package.name}/{name}")
            return 1
        print("generated/ is up to date with openapi/.")
        return 0
    if args.spec is not None and not args.spec.is_file():
        parser.error(f"--spec {args.spec}: no such file")
    print(regen(layout, args.spec))
    print(f"regenerated generated/{layout.package.name} in {time.perf_counter() - started:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
