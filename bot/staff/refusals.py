"""Messages refused from unregistered identities: counted per identity per day, in a bounded number of rows.

A flood of messages from one made-up id adds to one counter; a flood of made-up ids fills at most
MAX_IDENTITIES_PER_DAY rows a day, and every identity after those is counted in the day's one
OVERFLOW row. So refusals never add more than MAX_IDENTITIES_PER_DAY + 1 rows a day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.storage.models import RefusalCountRow

# Far more than the unregistered staff who might try in a day; beyond it, one row counts the rest.
MAX_IDENTITIES_PER_DAY = 100
OVERFLOW = "(over the daily limit)"
# PostgreSQL: newcomers of a day take turns on this lock, so concurrent ones cannot pass the bound.
NEWCOMER_LOCK = 0x7E_F05A_1C0E


@dataclass(frozen=True)
class RefusalCount:
    """How often one identity (or the overflow) was refused on one day, and when first and last."""

    day: dt.date
    identity: str
    count: int
    first_at: dt.datetime
    last_at: dt.datetime


def _utc(now: dt.datetime) -> dt.datetime:
    # SQLite keeps the wall-clock time and drops the zone: store UTC, as everything else does.
    return now.astimezone(dt.timezone.utc) if now.tzinfo else now.replace(tzinfo=dt.timezone.utc)


def _bump(session: Session, day: dt.date, identity: str, now: dt.datetime) -> bool:
    table = RefusalCountRow.__table__
    done = session.execute(
        update(table)
        .where(table.c.day == day, table.c.identity == identity)
        .values(count=table.c.count + 1, last_at=now)
    )
    return bool(done.rowcount)


def _upsert(session: Session, day: dt.date, identity: str, now: dt.datetime) -> None:
    # One statement, atomic on both databases: whoever inserts second adds to the first one's row.
    table = RefusalCountRow.__table__
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(day=day, identity=identity, count=1, first_at=now, last_at=now)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.day, table.c.identity], set_={"count": table.c.count + 1, "last_at": now}
        )
    )


def count(session: Session, identity: str, now: dt.datetime, *, limit: int = MAX_IDENTITIES_PER_DAY) -> str:
    """Count one refused message; returns the row it was counted under (the identity, or OVERFLOW)."""
    now = _utc(now)
    day = now.date()
    if _bump(session, day, identity, now):
        return identity
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(NEWCOMER_LOCK)))
    # SQLite needs no lock: every write transaction there begins IMMEDIATE, so writers queue already.
    known = session.execute(
        select(func.count())
        .select_from(RefusalCountRow)
        .where(RefusalCountRow.day == day, RefusalCountRow.identity != OVERFLOW)
    ).scalar_one()
    target = identity if known < limit else OVERFLOW
    _upsert(session, day, target, now)
    return target


def recent(session: Session, since: dt.date) -> list[RefusalCount]:
    """Every day's counts from `since` on, the newest day first and the most refused identity first."""
    rows = session.execute(
        select(RefusalCountRow)
        .where(RefusalCountRow.day >= since)
        .order_by(RefusalCountRow.day.desc(), RefusalCountRow.count.desc(), RefusalCountRow.identity)
    ).scalars()
    return [RefusalCount(r.day, r.identity, r.count, r.first_at, r.last_at) for r in rows]
