"""Write the synchronous client and transports from the asynchronous ones (the source), or check that they match.

The async client and transports are the only handwritten versions; this script turns each into
its sync twin with a small table of token replacements, as encode/httpcore's
``scripts/unasync.py`` does, and formats the result with ruff so that it reads like handwritten
code. Whatever cannot be said the same way in both flavours lives in ``_async_io``/``_sync_io``,
one signature each.

    python scripts/unasync.py            # write the sync files
    python scripts/unasync.py --check    # exit 1, naming each file, when a sync file is out of date
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wrapper" / "boomi_listeners"

#: async source -> (generated sync file, its module docstring). The source's docstring says how
#: the sync file is made; the sync file's says where it came from.
FILES = {
    PACKAGE / "_async_client.py": (
        PACKAGE / "_client.py",
        "``ListenerClient``: the synchronous client, the twin of ``AsyncListenerClient``.\n\n"
        "Generated from ``_async_client.py``; threads and ``time.sleep`` (``_sync_io``) where the\n"
        "source uses tasks and ``asyncio.sleep`` (``_async_io``).",
    ),
    PACKAGE / "_async_transports.py": (
        PACKAGE / "_sync_transports.py",
        "The transports a sync client sends through, the twins of those in ``_async_transports``.\n\n"
        "Generated from ``_async_transports.py``; sockets bounded by the deadline (``_sync_io``) where\n"
        "the source cuts an exchange short with ``asyncio.timeout`` (``_async_io``).",
    ),
}

#: Whole-word replacements, applied in this order.
SUBS: list[tuple[str, str]] = [
    (r"\bAsyncListenerClient\b", "ListenerClient"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncIterable\b", "Iterable"),
    (r"\bAsyncBudgetTransport\b", "BudgetTransport"),
    (r"\bAsyncObservedTransport\b", "ObservedTransport"),
    (r"\bAsyncThroughClient\b", "ThroughClient"),
    (r"\bhttpx\.AsyncClient\b", "httpx.Client"),
    (r"\bhttpx\.AsyncBaseTransport\b", "httpx.BaseTransport"),
    (r"\bhandle_async_request\b", "handle_request"),
    (r"\baiter_raw\b", "iter_raw"),
    (r"\bstart_async\b", "start"),
    (r"\b_async_transports\b", "_sync_transports"),
    (r"\b_async_io\b", "_sync_io"),
    (r"\basynccontextmanager\b", "contextmanager"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\baclose\b", "close"),
    (r"\bacquire_async\b", "acquire"),
    (r"\bAwaitable\[([^\]]*)\]", r"\1"),
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
]

HEADER = (
    "# This file is generated from {source} by scripts/unasync.py: do not edit it.\n"
    "# Edit the async source, then run `make sync` (`make check-sync` fails while they differ).\n"
)


def unasync(text: str, source: str, docstring: str) -> str:
    for pattern, replacement in SUBS:
        text = re.sub(pattern, replacement, text, flags=re.DOTALL)
    # After the replacements, which must not touch the docstring's names of the async side.
    text = re.sub(r'\A""".*?"""', lambda _: f'"""{docstring}\n"""', text, count=1, flags=re.DOTALL)
    return HEADER.format(source=source) + text


def formatted(text: str, path: Path) -> str:
    """The text as ``ruff format`` (and ``ruff check --fix`` for import order) would leave it."""
    ruff = Path(sys.executable).parent / "ruff"
    command = str(ruff) if ruff.exists() else "ruff"
    fixed = subprocess.run(
        [command, "check", "--fix-only", "--quiet", "--stdin-filename", str(path), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return subprocess.run(
        [command, "format", "--quiet", "--stdin-filename", str(path), "-"],
        input=fixed,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout


def expected(source: Path, target: Path, docstring: str) -> str:
    relative = source.relative_to(ROOT).as_posix()
    return formatted(unasync(source.read_text(encoding="utf-8"), relative, docstring), target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail when a sync file differs from its async source")
    args = parser.parse_args(argv)
    stale = []
    for source, (target, docstring) in FILES.items():
        text = expected(source, target, docstring)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(target.relative_to(ROOT).as_posix())
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT).as_posix()}")
    if stale:
        print(
            "out of date with their async source (run `make sync`; never edit them by hand): " + ", ".join(stale),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
