"""Tables of the decision log. Decisions and reviews are append-only and hash-chained."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base

# Typed as Any: SQLAlchemy 1.4 ships no type information without its separate stubs.
Base: Any = declarative_base()


class StaffRow(Base):
    """A member of staff: role, team and supervisor."""

    __tablename__ = "staff"

    id = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    role = Column(String(20), nullable=False)
    team = Column(String(100), nullable=False)
    supervisor_id = Column(String(64), ForeignKey("staff.id"), nullable=True)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=lambda: dt.datetime.now(dt.timezone.utc))


class IdentityRow(Base):
    """A channel identity (REST sender id, Telegram user id, Teams AAD object id) of a member of staff."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_identity_channel_external"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    channel = Column(String(20), nullable=False)
    external_id = Column(String(200), nullable=False)
    staff_id = Column(String(64), ForeignKey("staff.id"), nullable=False, index=True)
    last_seen_at = Column(DateTime(timezone=True), nullable=True)
    # Where to reach this person unprompted (Telegram chat id; Teams service URL and conversation), as JSON.
    address = Column(Text, nullable=True)


class DecisionRow(Base):
    """A decision and its rationale. Never updated: its status comes from its reviews."""

    __tablename__ = "decisions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    uid = Column(String(36), nullable=False, unique=True)
    kind = Column(String(20), nullable=False)
    case_ref = Column(String(40), nullable=False, index=True)
    recommended_level = Column(Integer, nullable=True)
    chosen_level = Column(Integer, nullable=True)
    indicators = Column(Text, nullable=False, default="[]")
    rationale = Column(Text, nullable=False)
    next_step = Column(Text, nullable=False, default="")
    author_id = Column(String(64), ForeignKey("staff.id"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, index=True)
    prev_hash = Column(String(64), nullable=False)
    row_hash = Column(String(64), nullable=False)


class ReviewRow(Base):
    """A supervisor's review of a decision. Never updated."""

    __tablename__ = "reviews"

    id = Column(Integer, primary_key=True, autoincrement=True)
    uid = Column(String(36), nullable=False, unique=True)
    decision_id = Column(Integer, ForeignKey("decisions.id"), nullable=False, index=True)
    reviewer_id = Column(String(64), ForeignKey("staff.id"), nullable=False)
    outcome = Column(String(20), nullable=False)
    comment = Column(Text, nullable=False, default="")
    created_at = Column(DateTime(timezone=True), nullable=False)
    prev_hash = Column(String(64), nullable=False)
    row_hash = Column(String(64), nullable=False)


class NoticeRow(Base):
    """When the author of a decision was told about a review (so each review is told once)."""

    __tablename__ = "review_notices"

    review_id = Column(Integer, ForeignKey("reviews.id"), primary_key=True)
    told_at = Column(DateTime(timezone=True), nullable=False)


class ChainHeadRow(Base):
    """The last hash of each chain; locked while a row is appended so chains never fork."""

    __tablename__ = "chain_heads"

    chain = Column(String(20), primary_key=True)
    last_hash = Column(String(64), nullable=False)


class AuditRow(Base):
    """Refused actions of staff and other events worth an audit trail (strangers are counted in RefusalCountRow)."""

    __tablename__ = "audit_events"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime(timezone=True), nullable=False, index=True)
    actor = Column(String(200), nullable=False)
    action = Column(String(60), nullable=False)
    target = Column(String(200), nullable=False, default="")
    detail = Column(Text, nullable=False, default="")


class RefusalCountRow(Base):
    """Messages refused from one unregistered identity on one day (UTC): a counter, not a row a message.

    The identity is "channel:id", or `OVERFLOW` in bot/staff/refusals.py for everyone beyond the day's bound.
    """

    __tablename__ = "refusal_counts"

    day = Column(Date, primary_key=True)
    identity = Column(String(200), primary_key=True)
    count = Column(Integer, nullable=False)
    first_at = Column(DateTime(timezone=True), nullable=False)
    last_at = Column(DateTime(timezone=True), nullable=False)


class FeedbackRow(Base):
    """A practitioner's "did this help?" on a procedure answer, for the content owners (no free text)."""

    __tablename__ = "procedure_feedback"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime(timezone=True), nullable=False, index=True)
    procedure_id = Column(String(100), nullable=False, index=True)
    section = Column(String(200), nullable=False)
    helpful = Column(Boolean, nullable=False)


class ReminderRow(Base):
    """A daily summary already sent, so each supervisor gets at most one a day."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("kind", "staff_id", "day", name="uq_reminder_kind_staff_day"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    kind = Column(String(20), nullable=False)
    staff_id = Column(String(64), ForeignKey("staff.id"), nullable=False)
    day = Column(Date, nullable=False)
    sent_at = Column(DateTime(timezone=True), nullable=False)


class PracticeAttemptRow(Base):
    """An answer to a fictional practice scenario (induction), kept apart from the decision log: never reviewed.

    The free text is redacted before it is written; `first_try` marks the worker's first answer to the
    scenario, which is what agreement is measured on (a retry after the model answer would flatter it).
    """

    __tablename__ = "practice_attempts"

    id = Column(Integer, primary_key=True, autoincrement=True)
    staff_id = Column(String(64), ForeignKey("staff.id"), nullable=False, index=True)
    scenario_id = Column(String(100), nullable=False, index=True)
    # Kept with the attempt: the council may reword or retire a scenario later.
    theme = Column(String(60), nullable=False)
    at = Column(DateTime(timezone=True), nullable=False, index=True)
    level_given = Column(Integer, nullable=False)
    expected_level = Column(Integer, nullable=False)
    exact = Column(Boolean, nullable=False)
    within_one = Column(Boolean, nullable=False)
    first_try = Column(Boolean, nullable=False)
    route_given = Column(String(30), nullable=True)
    route_expected = Column(String(30), nullable=False)
    missed = Column(Text, nullable=False, default="[]")  # JSON list of indicator ids
    pitfalls = Column(Text, nullable=False, default="[]")  # JSON list of pitfall keys
    hints = Column(Integer, nullable=False, default=0)
    reasons = Column(Text, nullable=False, default="")
    next_step = Column(Text, nullable=False, default="")
