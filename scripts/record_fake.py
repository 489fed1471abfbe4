"""``make recordings``: record the replay scenario against the fake under every behaviour profile.

Writes ``contract_tests/recordings/<profile>.jsonl`` (format: ``boomi_listeners.testing.exchanges``).
The output is reproducible: run it after changing the fake, and commit the files it changes.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from boomi_listeners.testing.exchanges import classify, load_exchanges
from boomi_listeners.testing.profiles import PROFILE_NAMES
from boomi_listeners.testing.scenario import write_recordings

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "contract_tests" / "recordings"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_DIRECTORY, help="directory for the .jsonl files")
    parser.add_argument("profiles", nargs="*", choices=[[], *PROFILE_NAMES], help="profiles to record (default: all)")
    args = parser.parse_args()
    names = tuple(args.profiles) or PROFILE_NAMES
    for path in asyncio.run(write_recordings(args.out, names)):
        exchanges = load_exchanges(path)
        print(f"{path}: {len(exchanges)} exchanges, shows profile {classify(exchanges).name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
