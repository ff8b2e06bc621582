"""Staff identities: who is talking, in what role, from the example file or the staff directory."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.council.models import StaffFile, StaffMember
from bot.storage.models import IdentityRow, StaffRow


class StaffError(ValueError):
    """Bad input for a staff change, with a one-line reason."""


@dataclass(frozen=True)
class Actor:
    """A member of staff acting through the assistant."""

    staff_id: str
    name: str
    role: str
    team: str

    @property
    def supervises(self) -> bool:
        """True for supervisors (they review their team's decisions)."""
        return self.role == "supervisor"


def _actor(row: StaffRow) -> Actor:
    return Actor(row.id, row.name, row.role, row.team)


def resolve(session: Session, channel: str, external_id: str) -> Actor | None:
    """The active member of staff behind a channel identity, or None."""
    query = (
        select(StaffRow, IdentityRow)
        .join(IdentityRow, IdentityRow.staff_id == StaffRow.id)
        .where(IdentityRow.channel == channel, IdentityRow.external_id == external_id, StaffRow.active.is_(True))
    )
    found = session.execute(query).first()
    if found is None:
        return None
    return _actor(found[0])


@dataclass(frozen=True)
class Reachable:
    """Where a member of staff last talked to the assistant: the channel and its stored address."""

    channel: str
    external_id: str
    address: dict[str, Any]


def last_used(session: Session, staff_id: str) -> Reachable | None:
    """The identity a member of staff used most recently, if it can be reached unprompted."""
    row = session.execute(
        select(IdentityRow)
        .where(IdentityRow.staff_id == staff_id, IdentityRow.last_seen_at.is_not(None))
        .order_by(IdentityRow.last_seen_at.desc(), IdentityRow.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None or not row.address:
        return None  # REST has no address: the news waits for the next session start
    return Reachable(row.channel, row.external_id, json.loads(row.address))


def get_actor(session: Session, staff_id: str) -> Actor | None:
    """The active member of staff with this id, or None."""
    row = session.get(StaffRow, staff_id)
    return _actor(row) if row is not None and row.active else None


def add(session: Session, member: StaffMember) -> None:
    """Add a member of staff or update their details and identities (an import is repeatable)."""
    if member.supervisor and member.supervisor != member.id and session.get(StaffRow, member.supervisor) is None:
        raise StaffError(f"supervisor '{member.supervisor}' of '{member.id}' is not in the directory; add them first")
    row = session.get(StaffRow, member.id) or StaffRow(id=member.id)
    row.name, row.role, row.team, row.supervisor_id, row.active = (
        member.name,
        member.role,
        member.team,
        member.supervisor,
        True,
    )
    session.add(row)
    session.flush()
    for channel, ids in member.identities.items():
        for external_id in ids:
            owner = session.execute(
                select(IdentityRow).where(IdentityRow.channel == channel, IdentityRow.external_id == external_id)
            ).scalar_one_or_none()
            if owner is not None and owner.staff_id != member.id:
                raise StaffError(f"{channel} identity '{external_id}' already belongs to '{owner.staff_id}'")
            if owner is None:
                session.add(IdentityRow(channel=channel, external_id=external_id, staff_id=member.id))


def import_file(session: Session, staff: StaffFile) -> int:
    """Add or update everyone in a staff file, supervisors first; return how many."""
    ordered = sorted(staff.staff, key=lambda m: (m.supervisor is not None, m.id))
    for member in ordered:
        add(session, member)
    return len(ordered)


def deactivate(session: Session, staff_id: str) -> None:
    """Stop serving a member of staff; their records stay."""
    row = session.get(StaffRow, staff_id)
    if row is None:
        raise StaffError(f"no member of staff with id '{staff_id}'")
    row.active = False


def list_all(session: Session) -> list[dict[str, object]]:
    """Everyone in the directory with their identities, for `staff list`."""
    rows = session.execute(select(StaffRow).order_by(StaffRow.team, StaffRow.id)).scalars().all()
    identities = session.execute(select(IdentityRow)).scalars().all()
    by_staff: dict[str, list[str]] = {}
    for identity in identities:
        by_staff.setdefault(identity.staff_id, []).append(f"{identity.channel}:{identity.external_id}")
    return [
        {
            "id": r.id,
            "name": r.name,
            "role": r.role,
            "team": r.team,
            "supervisor": r.supervisor_id,
            "active": bool(r.active),
            "identities": sorted(by_staff.get(r.id, [])),
        }
        for r in rows
    ]


def is_empty(session: Session) -> bool:
    """True when nobody is in the directory yet (the example file is imported on first run)."""
    return session.execute(select(StaffRow.id).limit(1)).first() is None
