"""What the pages read from the decision log: a team's decisions and reviews, a person's, one decision's reviews.

The review queue, one decision in full and a person's recent decisions come from bot.decisions.log
itself (its rules on who sees what); the team-wide reads here are the same visibility rule (authors
in the supervisor's team) in two queries, so that 2,000 decisions cost two round trips, not 2,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.decisions import log
from bot.staff.directory import Actor, get_actor
from bot.storage.models import DecisionRow, ReviewRow, StaffRow

# The whole queue is counted; a page shows the oldest of it and links to the rest.
QUEUE_ALL = 100_000


class Member(NamedTuple):
    """Someone in the team."""

    id: str
    name: str
    role: str
    active: bool


class Item(NamedTuple):
    """One team decision, with its status derived from its latest review (as bot.decisions.log does)."""

    id: int
    kind: str
    case_ref: str
    recommended_level: int | None
    chosen_level: int | None
    author_id: str
    created_at: dt.datetime
    outcome: str | None  # the latest review's outcome, None while it awaits review
    first_review_at: dt.datetime | None

    @property
    def status(self) -> str:
        """The status in the log's words."""
        return log.OUTCOMES.get(self.outcome, self.outcome) if self.outcome else log.AWAITING


class Review(NamedTuple):
    """A review of a decision (the comment is left out where only counts are needed)."""

    id: int
    decision_id: int
    reviewer_id: str
    outcome: str
    comment: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Team:
    """A supervisor's team as the page shows it."""

    name: str
    members: list[Member]
    decisions: list[Item]
    reviews: list[Review]
    queue: list[log.DecisionView]

    def names(self) -> dict[str, str]:
        """Staff id to name, for everyone in the team."""
        return {m.id: m.name for m in self.members}


def members(session: Session, team: str) -> list[Member]:
    """Everyone in a team, active first, by name."""
    rows = session.execute(
        select(StaffRow.id, StaffRow.name, StaffRow.role, StaffRow.active).where(StaffRow.team == team)
    )
    found = [Member(r.id, r.name, r.role, bool(r.active)) for r in rows]
    return sorted(found, key=lambda m: (not m.active, m.name.lower()))


def version(session: Session, supervisor: Actor) -> tuple[Any, ...]:
    """What the team page depends on, cheaply: the log only grows, so its newest ids and the team say it all."""
    newest = session.execute(select(func.max(DecisionRow.id), func.count(DecisionRow.id))).one()
    reviews = session.execute(select(func.max(ReviewRow.id), func.count(ReviewRow.id))).one()
    return (supervisor, *newest, *reviews, tuple(members(session, supervisor.team)))


def _reviews(session: Session, decision_ids: Any, *, comments: bool = True, newest: int | None = None) -> list[Review]:
    # decision_ids: a list of ids or a subquery of them; counts and charts need no comments (the longest column)
    columns = [ReviewRow.id, ReviewRow.decision_id, ReviewRow.reviewer_id, ReviewRow.outcome, ReviewRow.created_at]
    query = select(*columns, *([ReviewRow.comment] if comments else [])).where(ReviewRow.decision_id.in_(decision_ids))
    query = query.order_by(ReviewRow.id) if newest is None else query.order_by(ReviewRow.id.desc()).limit(newest)
    return [Review(r.id, r.decision_id, r.reviewer_id, r.outcome, r.comment if comments else "", r.created_at)
            for r in session.execute(query)]  # fmt: skip


def load(session: Session, supervisor: Actor) -> Team:
    """A supervisor's team: its members, every decision by them with its status, every review, the queue."""
    queue = log.review_queue(session, supervisor, limit=QUEUE_ALL)  # refuses (audited) anyone but a supervisor
    in_team = select(StaffRow.id).where(StaffRow.team == supervisor.team)
    columns = (DecisionRow.id, DecisionRow.kind, DecisionRow.case_ref, DecisionRow.recommended_level,
               DecisionRow.chosen_level, DecisionRow.author_id, DecisionRow.created_at)  # fmt: skip
    rows = session.execute(select(*columns).where(DecisionRow.author_id.in_(in_team)).order_by(DecisionRow.id)).all()
    reviews = _reviews(session, select(DecisionRow.id).where(DecisionRow.author_id.in_(in_team)), comments=False)
    latest: dict[int, str] = {}
    first: dict[int, dt.datetime] = {}
    for review in reviews:  # in id order: the last one seen is the latest, as the log reads a status
        latest[review.decision_id] = review.outcome
        first.setdefault(review.decision_id, review.created_at)
    items = [
        Item(r.id, r.kind, r.case_ref, r.recommended_level, r.chosen_level, r.author_id, r.created_at,
             latest.get(r.id), first.get(r.id))
        for r in rows
    ]  # fmt: skip
    return Team(supervisor.team, members(session, supervisor.team), items, reviews, queue)


def reviews_of(session: Session, decision_id: int) -> list[Review]:
    """A decision's review history, oldest first (ask bot.decisions.log.open_decision first: it checks access)."""
    return _reviews(session, [decision_id])


def reviews_received(session: Session, actor: Actor, limit: int = 50) -> list[Review]:
    """Reviews of the actor's own decisions, newest first (without marking them told: the chat does that)."""
    own = select(DecisionRow.id).where(DecisionRow.author_id == actor.staff_id)
    return _reviews(session, own, newest=limit)


def colleague(session: Session, supervisor: Actor, staff_id: str) -> Actor | None:
    """A member of the supervisor's team (active), or None: the log's rule that supervisors see their team."""
    found = get_actor(session, staff_id)
    return found if found is not None and supervisor.supervises and found.team == supervisor.team else None


def names(session: Session, staff_ids: set[str]) -> dict[str, str]:
    """Names for staff ids (reviewers and authors shown on a page)."""
    if not staff_ids:
        return {}
    rows = session.execute(select(StaffRow.id, StaffRow.name).where(StaffRow.id.in_(staff_ids)))
    return {r.id: r.name for r in rows}
