"""Summaries of repeated measurements: median and spread, and ratios of paired samples."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Summary", "paired_ratios", "summarize"]


@dataclass(frozen=True)
class Summary:
    """Median, quartiles and range of a sample."""

    median: float
    q1: float
    q3: float
    minimum: float
    maximum: float
    n: int

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1

    def spread(self, fmt: str = "{:.3f}") -> str:
        """``IQR q1–q3, range min–max`` with ``fmt`` applied to each number."""
        f = fmt.format
        return f"IQR {f(self.q1)}–{f(self.q3)}, range {f(self.minimum)}–{f(self.maximum)}, n={self.n}"


def summarize(values: Sequence[float]) -> Summary:
    """Median, quartiles (inclusive method) and range; a single value is its own spread."""
    if not values:
        raise ValueError("cannot summarize an empty sample")
    ordered = sorted(values)
    if len(ordered) == 1:
        q1 = q3 = ordered[0]
    else:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Summary(statistics.median(ordered), q1, q3, ordered[0], ordered[-1], len(ordered))


def paired_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """Element-wise ratios of samples taken side by side (round i of one against round i of the other)."""
    if len(numerators) != len(denominators):
        raise ValueError("paired samples must have the same length")
    return [n / d for n, d in zip(numerators, denominators, strict=True)]
