"""Reminders that reach people where they are: review news for authors, a daily queue summary for supervisors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from bot.council.hours import local_time
from bot.council.models import Profile
from bot.decisions.log import OUTCOMES
from bot.practice.timescales import is_working_day
from bot.staff.directory import Reachable, last_used
from bot.storage.models import DecisionRow, NoticeRow, ReminderRow, ReviewRow, StaffRow

SUMMARY = "daily_summary"
# Supervisors get the day's summary once, at the start of a working day (local time).
SUMMARY_AT = dt.time(8, 30)


@dataclass(frozen=True)
class Push:
    """One message to send unprompted, and what to mark once it has gone."""

    staff_id: str
    to: Reachable
    text: str
    review_ids: tuple[int, ...] = ()
    summary_day: dt.date | None = None


def review_news(session: Session) -> list[Push]:
    """Untold reviews, one message per author who can be reached on Telegram or Teams.

    The message names the decision number and the outcome only: no case reference or comment
    travels through a third-party channel; the author opens the decision in the assistant.
    """
    told = exists().where(NoticeRow.review_id == ReviewRow.id)
    rows = session.execute(
        select(ReviewRow, DecisionRow.author_id)
        .join(DecisionRow, DecisionRow.id == ReviewRow.decision_id)
        .join(StaffRow, StaffRow.id == DecisionRow.author_id)
        .where(~told, StaffRow.active.is_(True))  # a leaver's personal phone gets nothing more
        .order_by(ReviewRow.id)
    ).all()
    by_author: dict[str, list[ReviewRow]] = {}
    for review, author in rows:
        by_author.setdefault(author, []).append(review)
    pushes = []
    for author, reviews in by_author.items():
        reachable = last_used(session, author)
        if reachable is None:
            continue  # REST only: they hear at their next session start
        lines = [
            f"- decision {r.decision_id}: {OUTCOMES.get(r.outcome, r.outcome)} (say 'open decision {r.decision_id}')"
            for r in reviews
        ]
        text = "Your supervisor has reviewed your decision log:\n" + "\n".join(lines)
        pushes.append(Push(author, reachable, text, review_ids=tuple(r.id for r in reviews)))
    return pushes


def summary_due(profile: Profile, now: dt.datetime) -> bool:
    """True on a working day from SUMMARY_AT local time onwards."""
    local = local_time(profile, now)
    return is_working_day(profile, local.date()) and local.time() >= SUMMARY_AT


def supervisor_summaries(session: Session, profile: Profile, now: dt.datetime) -> list[Push]:
    """Today's summary for each reachable supervisor with decisions awaiting review, not yet sent today."""
    if not summary_due(profile, now):
        return []
    today = local_time(profile, now).date()
    sent = exists().where(ReminderRow.kind == SUMMARY, ReminderRow.staff_id == StaffRow.id, ReminderRow.day == today)
    supervisors = session.execute(
        select(StaffRow).where(StaffRow.role == "supervisor", StaffRow.active.is_(True), ~sent)
    ).scalars()
    pushes = []
    for supervisor in supervisors:
        reviewed = exists().where(ReviewRow.decision_id == DecisionRow.id)
        count, oldest = session.execute(
            select(func.count(DecisionRow.id), func.min(DecisionRow.created_at))
            .join(StaffRow, StaffRow.id == DecisionRow.author_id)
            .where(StaffRow.team == supervisor.team, DecisionRow.author_id != supervisor.id, ~reviewed)
        ).one()
        reachable = last_used(session, supervisor.id)
        if not count or reachable is None:
            continue
        text = (
            f"Good morning. {count} decision{'s' if count != 1 else ''} from {supervisor.team} "
            f"{'are' if count != 1 else 'is'} awaiting your review; the oldest was logged on "
            f"{local_time(profile, oldest):%d %B}. Say 'decisions awaiting my review' to see them."
        )
        pushes.append(Push(supervisor.id, reachable, text, summary_day=today))
    return pushes


def mark_sent(session: Session, push: Push, now: dt.datetime) -> None:
    """Record that a push is going out, so it is not sent again.

    Written before sending, as a claim: the rows' keys are unique, so when two runners race for the same
    push the second commit fails and that runner skips it (see `deliver.run_once`).
    """
    for review_id in push.review_ids:
        if session.get(NoticeRow, review_id) is None:
            session.add(NoticeRow(review_id=review_id, told_at=now))
    if push.summary_day is not None:
        session.add(ReminderRow(kind=SUMMARY, staff_id=push.staff_id, day=push.summary_day, sent_at=now))


def release(session: Session, push: Push, now: dt.datetime) -> None:
    """Undo this runner's claim on a push its channel did not accept, so the next pass sends it."""
    if push.review_ids:
        session.execute(delete(NoticeRow).where(NoticeRow.review_id.in_(push.review_ids), NoticeRow.told_at == now))
    if push.summary_day is not None:
        session.execute(
            delete(ReminderRow).where(
                ReminderRow.kind == SUMMARY,
                ReminderRow.staff_id == push.staff_id,
                ReminderRow.day == push.summary_day,
                ReminderRow.sent_at == now,
            )
        )
