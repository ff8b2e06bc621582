"""Decision-log use cases: record (redacted), list, review queue, review, notices and verify."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.council.models import CaseReference
from bot.privacy import redact
from bot.staff.directory import Actor
from bot.staff.identity import audit
from bot.storage import chain
from bot.storage.db import RefusalError
from bot.storage.models import ChainHeadRow, DecisionRow, NoticeRow, ReviewRow, StaffRow

KINDS = ("threshold", "escalation", "reflection", "other")
OUTCOMES = {"agree": "agreed", "discuss": "to discuss in supervision", "challenge": "challenged"}
MIN_RATIONALE_CHARS = 40
MIN_RATIONALE_WORDS = 8
MAX_TEXT_CHARS = 5_000
AWAITING = "awaiting review"


class DecisionError(ValueError):
    """Bad input for a decision or review, with a message a worker can act on."""


class NotAllowedError(RefusalError, PermissionError):
    """The actor may not see or do this; the refusal has been written to the audit table."""


@dataclass(frozen=True)
class Draft:
    """A decision as the worker gave it, before redaction."""

    kind: str
    case_ref: str
    rationale: str
    next_step: str = ""
    recommended_level: int | None = None
    chosen_level: int | None = None
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecisionView:
    """A stored decision with its derived status."""

    id: int
    uid: str
    kind: str
    case_ref: str
    recommended_level: int | None
    chosen_level: int | None
    indicators: list[str]
    rationale: str
    next_step: str
    author_id: str
    created_at: dt.datetime
    status: str


@dataclass(frozen=True)
class ReviewView:
    """A stored review."""

    id: int
    decision_id: int
    reviewer_id: str
    outcome: str
    comment: str
    created_at: dt.datetime


def rationale_problem(text: str) -> str | None:
    """Why a rationale cannot be saved, or None."""
    stripped = text.strip()
    if len(stripped) > MAX_TEXT_CHARS:
        return f"That is {len(stripped):,} characters; the limit is {MAX_TEXT_CHARS:,}. Please shorten it."
    if len(stripped) < MIN_RATIONALE_CHARS or len(stripped.split()) < MIN_RATIONALE_WORDS:
        return (
            "Please give your reasons in a sentence or two (at least 8 words): what you know, what it means "
            "for the child, and why this decision follows."
        )
    return None


def case_ref_problem(case_ref: str, rule: CaseReference) -> str | None:
    """Why a case reference cannot be used, or None."""
    if re.fullmatch(rule.pattern, case_ref.strip()):
        return None
    return f"That doesn't look like a case reference. Use {rule.description}, for example {rule.example}."


def check(draft: Draft, rule: CaseReference) -> list[str]:
    """Every problem with a draft, in words for the worker."""
    problems = [p for p in (case_ref_problem(draft.case_ref, rule), rationale_problem(draft.rationale)) if p]
    if draft.kind not in KINDS:
        problems.append(f"Unknown kind '{draft.kind}' (use {', '.join(KINDS)}).")
    if len(draft.next_step) > MAX_TEXT_CHARS:
        problems.append(f"The next step is over {MAX_TEXT_CHARS:,} characters; please shorten it.")
    for level in (draft.recommended_level, draft.chosen_level):
        if level is not None and level not in (1, 2, 3, 4):
            problems.append(f"Level {level} is not a level of need (1-4).")
    return problems


def _payload(row: Any) -> dict[str, Any]:
    return {
        "uid": row.uid,
        "kind": row.kind,
        "case_ref": row.case_ref,
        "recommended_level": row.recommended_level,
        "chosen_level": row.chosen_level,
        "indicators": row.indicators,
        "rationale": row.rationale,
        "next_step": row.next_step,
        "author_id": row.author_id,
        "created_at": chain.canonical_time(row.created_at),
    }


def _review_payload(row: Any) -> dict[str, Any]:
    return {
        "uid": row.uid,
        "decision_id": row.decision_id,
        "reviewer_id": row.reviewer_id,
        "outcome": row.outcome,
        "comment": row.comment,
        "created_at": chain.canonical_time(row.created_at),
    }


def record(session: Session, actor: Actor, draft: Draft, now: dt.datetime, uid: str | None = None) -> DecisionView:
    """Append a (redacted) decision; with a uid already stored, return that one instead of a copy."""
    uid = uid or str(uuid.uuid4())
    existing = session.execute(select(DecisionRow).where(DecisionRow.uid == uid)).scalar_one_or_none()
    if existing is not None:
        return _view(session, existing)
    row = DecisionRow(
        uid=uid,
        kind=draft.kind,
        case_ref=draft.case_ref,
        recommended_level=draft.recommended_level,
        chosen_level=draft.chosen_level,
        indicators=json.dumps(list(draft.indicators)),
        rationale=draft.rationale,
        next_step=draft.next_step,
        author_id=actor.staff_id,
        created_at=now,
    )
    chain.add(session, "decisions", row, _payload(row))
    return _view(session, row, AWAITING)


def _status(session: Session, decision_id: int) -> str:
    latest = session.execute(
        select(ReviewRow.outcome).where(ReviewRow.decision_id == decision_id).order_by(ReviewRow.id.desc()).limit(1)
    ).scalar_one_or_none()
    return OUTCOMES.get(latest, latest) if latest else AWAITING


def _view(session: Session, row: DecisionRow, status: str | None = None) -> DecisionView:
    return DecisionView(
        row.id,
        row.uid,
        row.kind,
        row.case_ref,
        row.recommended_level,
        row.chosen_level,
        json.loads(row.indicators or "[]"),
        row.rationale,
        row.next_step,
        row.author_id,
        row.created_at,
        status or _status(session, row.id),
    )


def list_own(session: Session, actor: Actor, limit: int = 10) -> list[DecisionView]:
    """The actor's own most recent decisions, newest first."""
    rows = session.execute(
        select(DecisionRow).where(DecisionRow.author_id == actor.staff_id).order_by(DecisionRow.id.desc()).limit(limit)
    ).scalars()
    return [_view(session, r) for r in rows]


def review_queue(session: Session, actor: Actor, limit: int = 20) -> list[DecisionView]:
    """A supervisor's team decisions that nobody has reviewed yet, oldest first."""
    if not actor.supervises:
        audit(session, actor.staff_id, "refused:review_queue", detail=f"role {actor.role}")
        raise NotAllowedError("Only supervisors have a review queue.")
    reviewed = exists().where(ReviewRow.decision_id == DecisionRow.id)
    rows = session.execute(
        select(DecisionRow)
        .join(StaffRow, StaffRow.id == DecisionRow.author_id)
        .where(StaffRow.team == actor.team, DecisionRow.author_id != actor.staff_id, ~reviewed)
        .order_by(DecisionRow.created_at, DecisionRow.id)
        .limit(limit)
    ).scalars()
    return [_view(session, r, AWAITING) for r in rows]


def open_decision(session: Session, actor: Actor, decision_id: int) -> DecisionView:
    """One decision, if the actor wrote it or supervises the author's team."""
    row = session.get(DecisionRow, decision_id)
    author = session.get(StaffRow, row.author_id) if row else None
    allowed = row is not None and (
        row.author_id == actor.staff_id or (actor.supervises and author is not None and author.team == actor.team)
    )
    if not allowed or row is None:
        audit(session, actor.staff_id, "refused:open_decision", target=str(decision_id))
        raise NotAllowedError(f"Decision {decision_id} is not one you can see.")
    return _view(session, row)


def add_review(
    session: Session,
    actor: Actor,
    decision_id: int,
    *,
    outcome: str,
    comment: str,
    now: dt.datetime,
    uid: str | None = None,
) -> ReviewView:
    """Append a supervisor's review of a team member's decision."""
    if outcome not in OUTCOMES:
        raise DecisionError(f"A review is one of: {', '.join(OUTCOMES)}.")
    if len(comment) > MAX_TEXT_CHARS:
        raise DecisionError(f"The comment is over {MAX_TEXT_CHARS:,} characters; please shorten it.")
    decision = open_decision(session, actor, decision_id)
    if not actor.supervises or decision.author_id == actor.staff_id:
        audit(session, actor.staff_id, "refused:review", target=str(decision_id), detail=f"role {actor.role}")
        raise NotAllowedError("Only the author's supervisor can review a decision, and never their own.")
    row = ReviewRow(
        uid=uid or str(uuid.uuid4()),
        decision_id=decision_id,
        reviewer_id=actor.staff_id,
        outcome=outcome,
        comment=redact(comment).text,
        created_at=now,
    )
    chain.add(session, "reviews", row, _review_payload(row))
    return ReviewView(row.id, row.decision_id, row.reviewer_id, row.outcome, row.comment, row.created_at)


def untold_reviews(session: Session, actor: Actor, now: dt.datetime) -> list[ReviewView]:
    """Reviews of the actor's decisions they have not been told about; marks them told."""
    told = exists().where(NoticeRow.review_id == ReviewRow.id)
    rows = (
        session.execute(
            select(ReviewRow)
            .join(DecisionRow, DecisionRow.id == ReviewRow.decision_id)
            .where(DecisionRow.author_id == actor.staff_id, ~told)
            .order_by(ReviewRow.id)
        )
        .scalars()
        .all()
    )
    for row in rows:
        session.add(NoticeRow(review_id=row.id, told_at=now))
    return [ReviewView(r.id, r.decision_id, r.reviewer_id, r.outcome, r.comment, r.created_at) for r in rows]


def verify(session: Session) -> chain.Break | None:
    """The first row of either chain that does not fit its hashes, or None when both are intact."""
    heads = {h.chain: h.last_hash for h in session.execute(select(ChainHeadRow)).scalars()}
    # Plain rows, not ORM objects: verifying 100,000 rows must stay well under five seconds.
    for table, to_payload in (("decisions", _payload), ("reviews", _review_payload)):
        model = DecisionRow if table == "decisions" else ReviewRow
        result = session.execute(select(model.__table__).order_by(model.id).execution_options(yield_per=5000))
        rows = ((r.id, r.prev_hash, r.row_hash, to_payload(r)) for r in result)
        broken = chain.verify(table, rows, heads.get(table))
        if broken:
            return broken
    return None
