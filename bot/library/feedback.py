"""Did this answer help? Yes/no per procedure section, stored for the library's content owners."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.storage.db import UnitOfWork
from bot.storage.models import FeedbackRow

__all__ = ["FeedbackLine", "FeedbackRow", "is_helpful", "record", "report", "save"]
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedbackLine:
    """How often a section was marked helpful and not helpful."""

    procedure_id: str
    section: str
    helpful: int
    not_helpful: int


# Words that say an answer did not help: negations, and the verdicts people type ("waste of time", "rubbish").
_NEGATIVE = re.compile(
    r"\b(?:no|nope|nah|not|didn'?t|wasn'?t|isn'?t|doesn'?t|don'?t|unhelpful|useless|rubbish|pointless|wrong|"
    r"waste|irrelevant|confusing|unclear|vague|poor|bad|terrible)\b|\U0001F44E",
    re.I,
)


def is_helpful(value: str | None, intent: str | None, text: str) -> bool:
    """Yes or no from a button value, a typed yes/no, or words such as "that didn't help"."""
    if value in ("yes", "no"):
        return value == "yes"
    if intent in ("affirm", "deny"):
        return intent == "affirm"
    # Phones type a curly apostrophe ("didn’t"): read it as a straight one.
    return not _NEGATIVE.search(text.replace("\u2019", "'"))


def record(session: Session, procedure_id: str, section: str, helpful: bool, now: dt.datetime) -> None:
    """Store one yes/no (no free text, so nothing personal can be typed into it)."""
    session.add(FeedbackRow(at=now, procedure_id=procedure_id[:100], section=section[:200], helpful=helpful))


def save(uow: UnitOfWork, procedure_id: str, section: str, helpful: bool, now: dt.datetime) -> bool:
    """record() in its own unit of work; False when the database could not take it (logged)."""
    try:
        with uow() as session:
            record(session, procedure_id, section, helpful, now)
    except SQLAlchemyError:
        logger.exception("could not store feedback on %s / %s", procedure_id, section)
        return False
    return True


def report(session: Session, since: dt.datetime | None = None) -> list[FeedbackLine]:
    """Counts per section, least helpful first: what content owners should look at first."""
    yes = func.sum(case((FeedbackRow.helpful.is_(True), 1), else_=0))
    no = func.sum(case((FeedbackRow.helpful.is_(False), 1), else_=0))
    query = select(FeedbackRow.procedure_id, FeedbackRow.section, yes, no).group_by(
        FeedbackRow.procedure_id, FeedbackRow.section
    )
    if since is not None:
        query = query.where(FeedbackRow.at >= since)
    rows = session.execute(query).all()
    lines = [FeedbackLine(r[0], r[1], int(r[2] or 0), int(r[3] or 0)) for r in rows]
    return sorted(lines, key=lambda line: (line.helpful - line.not_helpful, line.procedure_id, line.section))
