"""Retention: old conversation events and old audit events are deleted, by hand or on a schedule.

Rasa's tracker store keeps what workers typed; the audit table keeps refusals and privacy
requests. The reminders runner calls `keep` so both are purged at start-up and every hour, with
the periods from the council's `retention` settings.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.engine import Engine

from bot.app.tracker import delete_before
from bot.clock import Clock
from bot.council.models import Retention, parse_period
from bot.storage.db import unit_of_work
from bot.storage.models import AuditRow, RefusalCountRow

logger = logging.getLogger(__name__)

EVERY = dt.timedelta(hours=1)
TICK_S = 60.0


def parse_duration(value: str) -> dt.timedelta:
    """'30d', '12h' or '2w' as a timedelta; ValueError with a reason otherwise."""
    return parse_period(value)


def purge_events(url: str, older_than: dt.timedelta, now: dt.datetime) -> int:
    """Delete tracker events older than the period; return how many were deleted."""
    return delete_before(url, now - older_than)


def purge_audit(engine: Engine, older_than: dt.timedelta, now: dt.datetime) -> int:
    """Delete audit events and refusal counts older than the period; return how many were deleted."""
    # Audit times are written in UTC; SQLite compares them as text, so the cutoff must be UTC too.
    cutoff = (now - older_than).astimezone(dt.timezone.utc)
    with unit_of_work(engine) as session:
        deleted = int(session.execute(delete(AuditRow).where(AuditRow.at < cutoff)).rowcount or 0)
        # The per-day refusal counters name channel identities too: they go with the audit events.
        refusals = delete(RefusalCountRow).where(RefusalCountRow.day < cutoff.date())
        return deleted + int(session.execute(refusals).rowcount or 0)


@dataclass(frozen=True)
class Purged:
    """What one retention pass deleted; None where that purge failed (the failure is logged)."""

    conversations: int | None
    audit: int | None

    def __str__(self) -> str:
        def _shown(what: str, count: int | None) -> str:
            return f"{what} failed (see the log)" if count is None else f"{count} {what} deleted"

        conversations, audit = (
            _shown("old conversation events", self.conversations),
            _shown("old audit events", self.audit),
        )
        return f"retention: {conversations}, {audit}"


def _attempt(what: str, purge: Callable[[], int]) -> int | None:
    try:
        return purge()
    except Exception:  # one purge failing must not stop the other, nor the reminders beside it
        logger.exception("retention: could not delete old %s; trying again at the next pass", what)
        return None


def retention_pass(db: Engine, tracker: str, periods: Retention, now: dt.datetime) -> Purged:
    """Delete conversation events and audit events older than their periods; a failure in one is logged."""
    conversations = _attempt("conversation events", lambda: purge_events(tracker, periods.conversations, now))
    audit = _attempt("audit events", lambda: purge_audit(db, periods.audit, now))
    return Purged(conversations, audit)


@dataclass
class Schedule:
    """When retention runs: at the first look (start-up), then once every `every`."""

    every: dt.timedelta = EVERY
    next_at: dt.datetime | None = None

    def due(self, now: dt.datetime) -> bool:
        """True when a pass should run now."""
        return self.next_at is None or now >= self.next_at

    def ran(self, now: dt.datetime) -> None:
        """Note that a pass ran now: the next one is `every` later."""
        self.next_at = now + self.every


def step(schedule: Schedule, now: dt.datetime, work: Callable[[dt.datetime], Purged]) -> Purged | None:
    """Run the pass if it is due (and note it ran); its result, or None when it was not due."""
    if not schedule.due(now):
        return None
    schedule.ran(now)  # before the work: a pass that raises waits its turn like any other
    return work(now)


async def keep(
    db: Engine,
    tracker: str,
    periods: Retention,
    clock: Clock,
    *,
    schedule: Schedule | None = None,
    tick: float = TICK_S,
) -> None:
    """Purge on the schedule until cancelled; the database work runs in a thread beside the reminders."""
    schedule = schedule or Schedule()

    def _work(now: dt.datetime) -> Purged:
        return retention_pass(db, tracker, periods, now)

    while True:
        try:
            purged = await asyncio.to_thread(step, schedule, clock(), _work)
            if purged is not None:
                logger.info("%s", purged)
        except Exception:  # e.g. a clock that cannot be read: log it, keep the loop (and the reminders) alive
            logger.exception("retention: this pass failed; trying again later")
        await asyncio.sleep(tick)
