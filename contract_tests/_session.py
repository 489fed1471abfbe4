"""What one pytest session of the suite keeps: its configuration, what it sent, and the restore guard."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from contract_tests._config import SuiteConfig
from contract_tests._provider import ProviderRecord
from contract_tests._restore import DesignatedListenerGuard

__all__ = ["RUN", "RunState"]


@dataclass
class RunState:
    """What the summary reports: cases sent, and what became of the designated listener."""

    suite: SuiteConfig
    record: ProviderRecord = field(default_factory=ProviderRecord)
    guard: DesignatedListenerGuard | None = None


RUN = pytest.StashKey[RunState]()
