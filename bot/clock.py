"""The injectable clock: every use case takes `now` from here so tests can fix the time."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """The current time in UTC, or PRACTICE_NOW (ISO 8601) when set for tests and demos."""
    fixed = os.environ.get("PRACTICE_NOW")
    if fixed:
        moment = dt.datetime.fromisoformat(fixed)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)
