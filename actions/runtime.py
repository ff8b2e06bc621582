"""Composition root of the action server: council data and the clock, loaded once, lazily."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from bot import nlp
from bot.clock import system_clock
from bot.config import Council, council_from_env, settings_from_env
from bot.thresholds import ThresholdEngine


@lru_cache(maxsize=1)
def council() -> Council:
    """The council data named by the environment, validated (the server checks it at start)."""
    return council_from_env()


def now() -> dt.datetime:
    """The current moment (fixed by PRACTICE_NOW in tests)."""
    return system_clock()


@lru_cache(maxsize=1)
def engine() -> ThresholdEngine:
    """The threshold engine over the council's data and the shared spaCy pipeline."""
    path = nlp.ensure_built(council(), settings_from_env().var_dir / "nlp")
    return ThresholdEngine(nlp.load(path), council())
