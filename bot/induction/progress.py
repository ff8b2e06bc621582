"""Practice progress: recording attempts (redacted) and who may see whose progress, then the use cases
the conversation calls, each taking a unit of work and plain values and returning one `Reply`.

Practice answers live in their own table: they never enter the decision log or a review queue.
A worker sees their own progress; a supervisor sees their team's and the newly qualified workers
they supervise; anyone else is refused, and the refusal is audited.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.dialogue import Reply, respond
from bot.induction.data import Scenario, ScenarioBank
from bot.induction.dialogue import scenario_list
from bot.induction.feedback import Attempt, Marked, answer
from bot.induction.report import Progress, Tried, progress_text, summarise, team_text
from bot.privacy import Redacted, redact
from bot.staff.directory import Actor
from bot.staff.identity import audit, identify
from bot.storage.db import RefusalError, UnitOfWork
from bot.storage.models import PracticeAttemptRow, StaffRow
from bot.threshold.engine import ThresholdEngine

NOT_IN_DIRECTORY = respond("utter_not_in_directory")
REFUSED = "refused:practice_progress"
NEWLY_QUALIFIED = "nqsw"


class NotAllowedError(RefusalError, PermissionError):
    """The actor may not see this progress; the refusal has been written to the audit table."""


class Sender(Protocol):
    """Who is talking: the channel and the sender id it vouches for (bot.decisions.usecases.Who is one)."""

    @property
    def channel(self) -> str:
        """The channel's name: rest, telegram or teams."""

    @property
    def sender_id(self) -> str:
        """The channel's id for the sender."""


@dataclass(frozen=True)
class Recorded:
    """A stored attempt: its id, whether it was the first try, and what redaction removed (in words)."""

    id: int
    first_try: bool
    removed: str


def record(session: Session, actor: Actor, marked: Marked, attempt: Attempt, now: dt.datetime) -> Recorded:
    """Store a marked attempt with its free text redacted; the first try at a scenario is marked as such."""
    scenario = marked.scenario
    reasons, next_step = redact(attempt.reasons), redact(attempt.next_step)
    tried_before = session.execute(
        select(
            exists().where(PracticeAttemptRow.staff_id == actor.staff_id, PracticeAttemptRow.scenario_id == scenario.id)
        )
    ).scalar_one()
    row = PracticeAttemptRow(
        staff_id=actor.staff_id,
        scenario_id=scenario.id,
        theme=scenario.theme,
        at=now,
        level_given=marked.level,
        expected_level=scenario.expected_level,
        exact=marked.exact,
        within_one=marked.within_one,
        first_try=not tried_before,
        route_given=marked.route,
        route_expected=scenario.route.key,
        missed=json.dumps(list(marked.missed)),
        pitfalls=json.dumps(list(marked.pitfalls)),
        hints=max(0, attempt.hints),
        reasons=reasons.text,
        next_step=next_step.text,
    )
    session.add(row)
    session.flush()
    removed = Redacted(reasons.text, (*reasons.removals, *next_step.removals)).summary()
    return Recorded(row.id, not tried_before, removed.replace("before saving", "before saving your answer"))


def _tried(row: PracticeAttemptRow) -> Tried:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.timezone.utc)  # SQLite hands back naive UTC
    return Tried(
        row.scenario_id,
        row.theme,
        at,
        row.level_given,
        row.expected_level,
        bool(row.exact),
        bool(row.within_one),
        bool(row.first_try),
        tuple(json.loads(row.pitfalls or "[]")),
        tuple(json.loads(row.missed or "[]")),
    )


def progress_of(session: Session, staff_id: str, bank: ScenarioBank | None = None) -> Progress | None:
    """A member of staff's progress (None when there is no such member of staff); no permission check."""
    person = session.get(StaffRow, staff_id)
    if person is None:
        return None
    rows = session.execute(
        select(PracticeAttemptRow)
        .where(PracticeAttemptRow.staff_id == staff_id)
        .order_by(PracticeAttemptRow.at, PracticeAttemptRow.id)
    ).scalars()
    return summarise(person.id, person.name, person.role, [_tried(r) for r in rows], bank)


def _oversees(actor: Actor, person: StaffRow) -> bool:
    return actor.supervises and (person.supervisor_id == actor.staff_id or person.team == actor.team)


def visible_progress(
    session: Session, actor: Actor, staff_id: str, bank: ScenarioBank | None, now: dt.datetime
) -> Progress:
    """Someone's progress if the actor may see it (their own, or a supervisee's); else audit and refuse."""
    person = session.get(StaffRow, staff_id)
    if person is None or not (person.id == actor.staff_id or _oversees(actor, person)):
        audit(session, actor.staff_id, REFUSED, target=staff_id, detail=f"role {actor.role}", now=now)
        raise NotAllowedError("You can see your own practice progress, and a supervisor can see their team's.")
    found = progress_of(session, staff_id, bank)
    assert found is not None  # the person was found just above
    return found


def team(session: Session, actor: Actor, bank: ScenarioBank | None, now: dt.datetime) -> list[Progress]:
    """The progress of the newly qualified workers a supervisor supervises or has in their team."""
    if not actor.supervises:
        audit(session, actor.staff_id, REFUSED, target="team", detail=f"role {actor.role}", now=now)
        raise NotAllowedError("Only supervisors can see their team's practice progress; you can see your own.")
    people = session.execute(
        select(StaffRow)
        .where(
            StaffRow.role == NEWLY_QUALIFIED,
            StaffRow.active.is_(True),
            or_(StaffRow.supervisor_id == actor.staff_id, StaffRow.team == actor.team),
        )
        .order_by(StaffRow.name, StaffRow.id)
    ).scalars()
    return [p for p in (progress_of(session, person.id, bank) for person in people) if p is not None]


def submit(
    uow: UnitOfWork, engine: ThresholdEngine, who: Sender, *, scenario: Scenario | None, attempt: Attempt,
    now: dt.datetime,
) -> Reply:  # fmt: skip
    """Feedback on an answer, and the attempt saved to the worker's progress (never to the decision log)."""
    if scenario is None:
        return Reply("I can't find that scenario any more; it may have been retired. Pick another one.")
    marked, reply = answer(engine, scenario, attempt)
    if marked is None:
        return reply  # no level or no reasons yet: nothing to save
    try:
        with uow() as session:
            actor = identify(session, who.channel, who.sender_id, now)
            if actor is None:
                return NOT_IN_DIRECTORY
            saved = record(session, actor, marked, attempt, now)
    except SQLAlchemyError:
        return reply.followed_by(Reply("I couldn't save this to your progress just now; the feedback still stands."))
    return reply.followed_by(Reply(saved.removed) if saved.removed else None)


def my_progress(uow: UnitOfWork, who: Sender, bank: ScenarioBank, now: dt.datetime) -> Reply:
    """The worker's own practice progress."""
    with uow() as session:
        actor = identify(session, who.channel, who.sender_id, now)
        found = progress_of(session, actor.staff_id, bank) if actor else None
    return Reply(progress_text(found, bank)) if found else NOT_IN_DIRECTORY


def worker_progress(uow: UnitOfWork, who: Sender, staff_id: str, bank: ScenarioBank, now: dt.datetime) -> Reply:
    """One worker's progress, for themselves or their supervisor; anyone else is refused (and audited)."""
    try:
        with uow() as session:
            actor = identify(session, who.channel, who.sender_id, now)
            if actor is None:
                return NOT_IN_DIRECTORY
            found = visible_progress(session, actor, staff_id, bank, now)
    except NotAllowedError as refusal:
        return Reply(str(refusal))
    return Reply(progress_text(found, bank, own=found.staff_id == actor.staff_id))


def team_progress(uow: UnitOfWork, who: Sender, bank: ScenarioBank, now: dt.datetime) -> Reply:
    """A supervisor's view of their newly qualified workers' practice; anyone else is refused (and audited)."""
    try:
        with uow() as session:
            actor = identify(session, who.channel, who.sender_id, now)
            if actor is None:
                return NOT_IN_DIRECTORY
            people = team(session, actor, bank, now)
    except NotAllowedError as refusal:
        return Reply(str(refusal))
    return Reply(team_text(people))


def choose(uow: UnitOfWork, who: Sender, bank: ScenarioBank, theme: str | None, now: dt.datetime) -> Reply:
    """Scenarios to pick from, the ones this worker has not tried first (anyone may practise)."""
    done: set[str] = set()
    try:
        with uow() as session:
            actor = identify(session, who.channel, who.sender_id, now)
            if actor is not None:
                query = select(PracticeAttemptRow.scenario_id).where(PracticeAttemptRow.staff_id == actor.staff_id)
                done = set(session.execute(query).scalars())
    except SQLAlchemyError:  # practice works without the database; only the "not tried yet" order is lost
        done = set()
    return scenario_list(bank, done, theme)
