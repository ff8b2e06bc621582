"""Deliver reminders on Telegram and Teams: one pass (for cron) or a loop beside the servers."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.clock import Clock
from bot.council.models import Profile
from bot.decisions.reminders import Push, mark_sent, release, review_news, supervisor_summaries
from bot.storage.db import unit_of_work

logger = logging.getLogger(__name__)

Pusher = Callable[[dict[str, Any], str], Awaitable[None]]
INTERVAL_S = 60


@dataclass(frozen=True)
class PassReport:
    """What one pass did."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0  # for a channel not configured here: kept for later or for the next session start


# Every setting a channel needs to send: a half-configured channel is skipped with one warning,
# rather than failing every due reminder every minute.
REQUIRED = {
    "telegram": ("TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN"),
    "teams": ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_TENANT_IDS"),
}


def configured_channels(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The channels whose settings are all present (a cheap check: nothing is imported)."""
    found = []
    for channel, names in REQUIRED.items():
        present = [n for n in names if environ.get(n, "").strip()]
        if present and len(present) < len(names):
            missing = ", ".join(n for n in names if n not in present)
            logger.warning("reminders: %s is not fully configured (missing %s); not sending on it", channel, missing)
        elif present:
            found.append(channel)
    return found


async def run_once(engine: Engine, profile: Profile, pushers: Mapping[str, Pusher], now: dt.datetime) -> PassReport:
    """Send what is due, each message claimed in the database first, so any number of runners send it once.

    A claim whose send fails is released for the next pass. A runner that dies between its claim and the
    send loses that one message; the author still hears of the review at their next session start.
    """
    with unit_of_work(engine, read_only=True) as session:
        pushes = review_news(session) + supervisor_summaries(session, profile, now)
    sent = failed = waiting = 0
    for push in pushes:
        sender = pushers.get(push.to.channel)
        if sender is None:
            waiting += 1
            continue
        if not _claim(engine, push, now):
            continue  # another runner has it
        try:
            await sender(push.to.address, push.text)
        except Exception:  # one unreachable person must not stop everyone else's reminders
            logger.exception("could not send a reminder to %s on %s", push.staff_id, push.to.channel)
            with unit_of_work(engine) as session:
                release(session, push, now)
            failed += 1
            continue
        sent += 1
    return PassReport(sent, failed, waiting)


def _claim(engine: Engine, push: Push, now: dt.datetime) -> bool:
    """True when this runner's claim on the push committed; False when another runner's came first."""
    try:
        with unit_of_work(engine) as session:
            mark_sent(session, push, now)
    except IntegrityError:
        return False
    return True


async def run_forever(engine: Engine, profile: Profile, pushers: Mapping[str, Pusher], clock: Clock) -> None:
    """A pass every minute until cancelled; a database fault waits for the next pass."""
    while True:
        try:
            report = await run_once(engine, profile, pushers, clock())
            if report.sent or report.failed:
                logger.info("reminders: %s sent, %s failed, %s waiting", report.sent, report.failed, report.waiting)
        except SQLAlchemyError:
            logger.exception("reminders: database unavailable; trying again in %s s", INTERVAL_S)
        except Exception:  # e.g. a corrupt stored address: log it, keep the loop (and the servers) alive
            logger.exception("reminders: this pass failed; trying again in %s s", INTERVAL_S)
        await asyncio.sleep(INTERVAL_S)
