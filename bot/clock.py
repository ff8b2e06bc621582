"""The injectable clock: every use case takes `now` from here so tests can fix the time."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable

Clock = Callable[[], dt.datetime]
# Seconds on a clock that only goes forward: for rate limits, where PRACTICE_NOW (a fixed time)
# would stop every bucket refilling and a wall-clock jump would empty or refill them all.
Ticks = Callable[[], float]


def system_clock() -> dt.datetime:
    """The current time in UTC, or PRACTICE_NOW (ISO 8601) when set for tests and demos."""
    fixed = os.environ.get("PRACTICE_NOW")
    if fixed:
        moment = dt.datetime.fromisoformat(fixed)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def monotonic_ticks() -> float:
    """Seconds since an arbitrary start, never going back and never fixed by PRACTICE_NOW."""
    return time.monotonic()
