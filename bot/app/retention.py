"""Conversation retention: Rasa's tracker store keeps what workers typed; old events are purged."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import inspect, text

from bot.storage.db import make_engine

_DURATION = re.compile(r"^\s*(\d{1,4})\s*(d|day|days|h|hour|hours|w|week|weeks)\s*$", re.I)


def parse_duration(value: str) -> dt.timedelta:
    """'30d', '12h' or '2w' as a timedelta; ValueError with a reason otherwise."""
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a period like 30d, 12h or 2w")
    amount, unit = int(match.group(1)), match.group(2)[0].lower()
    if amount == 0:
        raise ValueError("the period must be at least 1")
    return {"d": dt.timedelta(days=amount), "h": dt.timedelta(hours=amount), "w": dt.timedelta(weeks=amount)}[unit]


def purge_events(url: str, older_than: dt.timedelta, now: dt.datetime) -> int:
    """Delete tracker events older than the period; return how many were deleted."""
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        cutoff = (now - older_than).timestamp()
        with engine.begin() as conn:
            result = conn.execute(text("DELETE FROM events WHERE timestamp < :cutoff"), {"cutoff": cutoff})
            return int(result.rowcount or 0)
    finally:
        engine.dispose()
