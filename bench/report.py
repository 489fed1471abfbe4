"""What each figure hands back to the runner: numbers for results.json and rows for the table."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["FigureResult", "Row"]


@dataclass(frozen=True)
class Row:
    """One line of the printed table."""

    figure: str
    median: str
    spread: str
    compared: str
    target: str = ""
    met: bool | None = None


@dataclass
class FigureResult:
    """``metrics`` go to results.json as they are; ``rows`` and ``notes`` are printed."""

    metrics: dict[str, float] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
