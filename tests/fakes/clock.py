"""A monotonic clock the test moves by hand (for the rate limit)."""

from __future__ import annotations


class ManualTicks:
    """Seconds that only move when the test says so."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now
