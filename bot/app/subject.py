"""A member of staff's data-protection requests: everything held about them, and erasure.

Erasure deletes what is theirs alone: their conversations, channel identities, reminder records
and practice answers. Decisions and reviews are kept under the council's records retention rule.
They name their author and reviewer by staff id, and that id is inside each row's hash, so the
staff entry is kept too, anonymised ("former member of staff", inactive), and `decisions verify`
still passes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.app.tracker import conversations, count_events, delete_conversations
from bot.staff.identity import audit
from bot.storage.db import unit_of_work
from bot.storage.models import (
    AuditRow,
    DecisionRow,
    IdentityRow,
    NoticeRow,
    PracticeAttemptRow,
    RefusalCountRow,
    ReminderRow,
    ReviewRow,
    StaffRow,
)

FORMER = "former member of staff"
# Held without anyone's identity, or not stored at all: said in every export and erasure.
NOT_HELD = {
    "feedback": "procedure feedback ('did this help?') is stored without any identity, so none is theirs",
}


class UnknownStaffError(LookupError):
    """No member of staff has this id."""


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
        return (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _row(row: Any, json_columns: Iterable[str] = ()) -> dict[str, Any]:
    found = {column.name: _plain(getattr(row, column.name)) for column in row.__table__.columns}
    for name in json_columns:
        if isinstance(found.get(name), str):
            found[name] = json.loads(found[name])
    return found


def _staff(session: Session, staff_id: str) -> StaffRow:
    row = session.get(StaffRow, staff_id)
    if row is None:
        raise UnknownStaffError(f"no member of staff with id '{staff_id}'")
    return row


def _identities(session: Session, staff_id: str) -> list[IdentityRow]:
    query = select(IdentityRow).where(IdentityRow.staff_id == staff_id).order_by(IdentityRow.id)
    return list(session.execute(query).scalars())


def sender_ids(identities: Iterable[IdentityRow]) -> list[str]:
    """The conversation ids Rasa keeps for these identities: each channel passes its external id as the sender."""
    return sorted({identity.external_id for identity in identities})


def _reviews_received(staff_id: str) -> Any:
    return (
        select(ReviewRow)
        .join(DecisionRow, DecisionRow.id == ReviewRow.decision_id)
        .where(DecisionRow.author_id == staff_id)
    )


def held(session: Session, staff_id: str) -> dict[str, Any]:
    """Everything the decision-log database holds about a member of staff, as plain JSON values."""
    staff = _staff(session, staff_id)
    identities = _identities(session, staff_id)
    # Refusals before someone was registered (or after they left) name the channel identity, not the id.
    names = [staff_id, *(f"{i.channel}:{i.external_id}" for i in identities)]
    rows = {
        "decisions": select(DecisionRow).where(DecisionRow.author_id == staff_id).order_by(DecisionRow.id),
        "reviews_made": select(ReviewRow).where(ReviewRow.reviewer_id == staff_id).order_by(ReviewRow.id),
        "reviews_received": _reviews_received(staff_id).order_by(ReviewRow.id),
        "review_notices": select(NoticeRow)
        .join(ReviewRow, ReviewRow.id == NoticeRow.review_id)
        .join(DecisionRow, DecisionRow.id == ReviewRow.decision_id)
        .where(DecisionRow.author_id == staff_id)
        .order_by(NoticeRow.review_id),
        "reminders_sent": select(ReminderRow).where(ReminderRow.staff_id == staff_id).order_by(ReminderRow.id),
        # Answers to induction scenarios (their free text was redacted before it was stored).
        "practice_attempts": select(PracticeAttemptRow)
        .where(PracticeAttemptRow.staff_id == staff_id)
        .order_by(PracticeAttemptRow.id),
        "audit_events": select(AuditRow)
        .where(or_(AuditRow.actor.in_(names), AuditRow.target == staff_id))
        .order_by(AuditRow.id),
        # Messages refused from their identities before they were registered (or after they left).
        "refusal_counts": select(RefusalCountRow)
        .where(RefusalCountRow.identity.in_(names[1:]))
        .order_by(RefusalCountRow.day),
    }
    found: dict[str, Any] = {
        "staff": _row(staff),
        "identities": [_row(i, json_columns=("address",)) for i in identities],
    }
    for kind, query in rows.items():
        found[kind] = [
            _row(r, json_columns=("indicators", "missed", "pitfalls")) for r in session.execute(query).scalars()
        ]
    return found


def export(engine: Engine, tracker: str, staff_id: str, actor: str, now: dt.datetime) -> dict[str, Any]:
    """Everything held about a member of staff, conversations included; the export itself is audited."""
    with unit_of_work(engine) as session:
        found = held(session, staff_id)
        senders = sender_ids(_identities(session, staff_id))
        found["conversations"] = conversations(tracker, senders)
        events = sum(len(e) for e in found["conversations"].values())
        audit(session, actor, "privacy:export", target=staff_id, detail=f"{events} conversation event(s)", now=now)
    return {"staff_id": staff_id, "exported_at": now.isoformat(), **found, "not_held": dict(NOT_HELD)}


@dataclass(frozen=True)
class Erasure:
    """What an erasure did (or, as a preview, would do), by kind."""

    staff_id: str
    conversation_events: int
    sender_ids: int
    identities: int
    reminders_sent: int
    anonymised: bool  # False when the staff entry already was
    decisions_kept: int
    reviews_kept: int
    practice_attempts: int

    def lines(self) -> list[str]:
        """The erasure in words, one kind a line."""
        entry = f'anonymised as "{FORMER}", inactive' if self.anonymised else f'already "{FORMER}", inactive'
        return [
            f"conversations: {self.conversation_events} event(s) of {self.sender_ids} sender id(s)",
            f"channel identities: {self.identities}",
            f"reminder records: {self.reminders_sent}",
            f"practice answers: {self.practice_attempts}",
            *(f"{kind.replace('_', ' ')}: none ({why})" for kind, why in NOT_HELD.items()),
            f"staff entry: {entry}",
            f"kept under the council's retention rule: {self.decisions_kept} decision(s), "
            f"{self.reviews_kept} review(s)",
        ]

    def as_dict(self) -> dict[str, Any]:
        """The erasure as plain values, for --json."""
        return asdict(self)


def _kept(session: Session, staff_id: str) -> tuple[int, int]:
    decisions = session.execute(
        select(func.count(DecisionRow.id)).where(DecisionRow.author_id == staff_id)
    ).scalar_one()
    received = {r.id for r in session.execute(_reviews_received(staff_id)).scalars()}
    made = set(session.execute(select(ReviewRow.id).where(ReviewRow.reviewer_id == staff_id)).scalars())
    return int(decisions), len(received | made)


def _reminders(session: Session, staff_id: str) -> int:
    return int(session.execute(select(func.count(ReminderRow.id)).where(ReminderRow.staff_id == staff_id)).scalar_one())


def _practice(session: Session, staff_id: str) -> int:
    query = select(func.count(PracticeAttemptRow.id)).where(PracticeAttemptRow.staff_id == staff_id)
    return int(session.execute(query).scalar_one())


def preview(engine: Engine, tracker: str, staff_id: str) -> Erasure:
    """What erasing this member of staff would do, changing nothing."""
    with unit_of_work(engine, read_only=True) as session:
        staff = _staff(session, staff_id)
        identities = _identities(session, staff_id)
        senders, reminders = sender_ids(identities), _reminders(session, staff_id)
        anonymise = staff.name != FORMER or bool(staff.active)
        decisions, reviews = _kept(session, staff_id)
        practice = _practice(session, staff_id)
    events = count_events(tracker, senders)
    return Erasure(staff_id, events, len(senders), len(identities), reminders, anonymise, decisions, reviews, practice)


def erase(engine: Engine, tracker: str, staff_id: str, actor: str, now: dt.datetime) -> Erasure:
    """Delete a member of staff's conversations, identities, reminder records and practice answers; anonymise them.

    Conversations go first, found through the identities: if anything after fails, running the
    erasure again still finds what is left. Each step writes its own audit event; a second erasure
    of the same person finds nothing more to do and says so.
    """
    with unit_of_work(engine, read_only=True) as session:
        _staff(session, staff_id)
        senders = sender_ids(_identities(session, staff_id))
    events = delete_conversations(tracker, senders)
    with unit_of_work(engine) as session:
        detail = f"{events} event(s) of {len(senders)} sender id(s) deleted"
        audit(session, actor, "privacy:erase:conversations", target=staff_id, detail=detail, now=now)
    with unit_of_work(engine) as session:
        staff = _staff(session, staff_id)
        names = [f"{i.channel}:{i.external_id}" for i in _identities(session, staff_id)]
        refusals = session.execute(delete(RefusalCountRow).where(RefusalCountRow.identity.in_(names))).rowcount or 0
        audit(session, actor, "privacy:erase:refusals", target=staff_id, detail=f"{refusals} deleted", now=now)
        identities = session.execute(delete(IdentityRow).where(IdentityRow.staff_id == staff_id)).rowcount or 0
        audit(session, actor, "privacy:erase:identities", target=staff_id, detail=f"{identities} deleted", now=now)
        reminders = session.execute(delete(ReminderRow).where(ReminderRow.staff_id == staff_id)).rowcount or 0
        audit(session, actor, "privacy:erase:reminders", target=staff_id, detail=f"{reminders} deleted", now=now)
        practice = session.execute(delete(PracticeAttemptRow).where(PracticeAttemptRow.staff_id == staff_id)).rowcount
        audit(session, actor, "privacy:erase:practice", target=staff_id, detail=f"{practice or 0} deleted", now=now)
        anonymised = staff.name != FORMER or bool(staff.active)
        staff.name, staff.active = FORMER, False
        detail = "name replaced, marked inactive" if anonymised else "already anonymised"
        audit(session, actor, "privacy:erase:staff", target=staff_id, detail=detail, now=now)
        decisions, reviews = _kept(session, staff_id)
        detail = f"{decisions} decision(s), {reviews} review(s) kept under the retention rule"
        audit(session, actor, "privacy:erase:kept", target=staff_id, detail=detail, now=now)
    return Erasure(
        staff_id,
        events,
        len(senders),
        int(identities),
        int(reminders),
        anonymised,
        decisions,
        reviews,
        int(practice or 0),
    )
