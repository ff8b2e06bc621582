"""The one identity check: who is behind a channel identity, with one audit vocabulary.

The channels' gate and the actions both call `identify`, so a refusal is counted the same way
wherever it happens (per identity per day, bounded: bot/staff/refusals.py), and a visit is noted
in the same write transaction as the look-up.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff import refusals
from bot.staff.directory import Actor, resolve
from bot.storage.models import AuditRow, IdentityRow

# What a refused unregistered identity is called in logs and reports (counted, not audited one by one).
REFUSED = "refused:unregistered"
# A visit is noted at most this often: reminders need minute-level freshness, not a write per message.
TOUCH_EVERY = dt.timedelta(minutes=5)


def audit(
    session: Session, actor: str, action: str, *, target: str = "", detail: str = "", now: dt.datetime | None = None
) -> None:
    """Write an audit event (refusals, unknown identities, sign-ins)."""
    session.add(
        AuditRow(at=now or dt.datetime.now(dt.timezone.utc), actor=actor, action=action, target=target, detail=detail)
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def touch(
    session: Session, channel: str, external_id: str, now: dt.datetime, address: dict[str, Any] | None = None
) -> bool:
    """Note a visit and where to reach the identity, unless one was noted lately at the same address."""
    identity = session.execute(
        select(IdentityRow).where(IdentityRow.channel == channel, IdentityRow.external_id == external_id)
    ).scalar_one_or_none()
    if identity is None:
        return False
    stored = json.dumps(address, sort_keys=True) if address is not None else identity.address
    recent = identity.last_seen_at is not None and now - _aware(identity.last_seen_at) < TOUCH_EVERY
    if recent and stored == identity.address:
        return False
    identity.last_seen_at, identity.address = now, stored
    return True


def identify(
    session: Session, channel: str, external_id: str, now: dt.datetime, address: dict[str, Any] | None = None
) -> Actor | None:
    """The active member of staff behind this identity (visit noted), or None with the refusal counted."""
    found = resolve(session, channel, external_id)
    if found is None:
        refusals.count(session, f"{channel}:{external_id}"[:200], now)
    else:
        touch(session, channel, external_id, now, address)
    return found
