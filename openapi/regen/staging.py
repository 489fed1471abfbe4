"""Write ``openapi/`` and ``generated/`` together or not at all.

A regen builds every output in ``.regen-work/staging`` (the project spec, the
generated package, the change log), then writes ``manifest.json`` there: that
file is the commit point. The swap moves each current file or folder into
``.regen-work/backup`` and the staged one into its place, one rename at a time.

An interrupt can stop this anywhere; the next run looks at what is left:

* staging without a manifest: the build never finished, nothing was replaced;
  the staging folder is discarded;
* staging with a manifest: the regen was committed; the swap is rolled forward
  from wherever it stopped (each item is either still staged, half-moved with
  its backup taken, or done), then the backup is deleted.

So ``openapi/``, ``generated/`` and ``CHANGES.md`` always end up all old or all
new, and a committed change report is never lost.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from regen.errors import RegenError

WORK_DIR = ".regen-work"
TRASH_DIR = ".regen-work.done"
MANIFEST = "manifest.json"

# Renames go through this name so tests can interrupt the swap after any step.
rename: Callable[[Path, Path], None] = os.replace


@dataclass(frozen=True)
class Staging:
    """Where a regen stages its outputs, relative to the project root."""

    root: Path

    @property
    def work(self) -> Path:
        return self.root / WORK_DIR

    @property
    def staging(self) -> Path:
        return self.work / "staging"

    @property
    def backup(self) -> Path:
        return self.work / "backup"

    def staged(self, relative: str) -> Path:
        return self.staging / relative

    def fresh(self) -> Path:
        """An empty staging folder (call :meth:`recover` first)."""
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        return self.staging

    def commit(self, items: list[str], report: str) -> None:
        """Mark the staged ``items`` (paths relative to the root) ready to swap in."""
        manifest = self.staging / MANIFEST
        partial = manifest.with_suffix(".tmp")
        partial.write_text(json.dumps({"items": items, "report": report}, indent=2), encoding="utf-8")
        rename(partial, manifest)

    def swap(self) -> None:
        """Move the committed outputs into place (idempotent: safe to re-run after an interrupt)."""
        manifest = json.loads((self.staging / MANIFEST).read_text(encoding="utf-8"))
        for item in manifest["items"]:
            staged, target, backup = self.staging / item, self.root / item, self.backup / item
            if not staged.exists():
                continue  # already swapped in
            backup.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() and not backup.exists():
                rename(target, backup)
            elif target.exists():
                _remove(target)  # a backup is already taken; what is here is a stale copy
            target.parent.mkdir(parents=True, exist_ok=True)
            rename(staged, target)
        self._discard()

    def _discard(self) -> None:
        # One rename retires the whole work folder, so a half-deleted one is never mistaken for a live one.
        trash = self.root / TRASH_DIR
        shutil.rmtree(trash, ignore_errors=True)
        rename(self.work, trash)
        shutil.rmtree(trash)

    def recover(self) -> str | None:
        """Resolve what an interrupted run left behind; say what was done (``None``: nothing was left)."""
        shutil.rmtree(self.root / TRASH_DIR, ignore_errors=True)
        if not self.work.exists():
            return None
        if (self.staging / MANIFEST).is_file():
            report = json.loads((self.staging / MANIFEST).read_text(encoding="utf-8"))["report"]
            self.swap()
            return f"finished an interrupted regen found in {WORK_DIR}/ (it had been committed); its report:\n{report}"
        if self.backup.exists() and any(self.backup.iterdir()):
            # Only a committed swap takes backups, and it keeps its manifest until the end: this is foreign.
            raise RegenError(f"{self.backup} holds files but no staged regen; inspect them, then delete {self.work}")
        self._discard()
        return f"discarded an unfinished regen found in {WORK_DIR}/ (it never replaced anything)"

    def leftover(self) -> bool:
        return self.work.exists()


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
