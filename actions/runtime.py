"""Composition root of the action server: council data and the clock, loaded once, lazily."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from bot.clock import system_clock
from bot.config import Council, council_from_env


@lru_cache(maxsize=1)
def council() -> Council:
    """The council data named by the environment, validated (the server checks it at start)."""
    return council_from_env()


def now() -> dt.datetime:
    """The current moment (fixed by PRACTICE_NOW in tests)."""
    return system_clock()
