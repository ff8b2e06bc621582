"""Decision-log use cases: each takes a unit of work and plain values and returns one `Reply`.

Actions call exactly one of these; redaction happens once, in `submit` and `preview`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot import menu
from bot.decisions import dialogue as dd
from bot.decisions import log
from bot.decisions.outbox import Outbox, save
from bot.dialogue import Choice, Reply, respond
from bot.privacy import Redacted, redact
from bot.staff.directory import Actor
from bot.staff.identity import identify
from bot.storage.db import UnitOfWork

NOT_IN_DIRECTORY = respond("utter_not_in_directory")


@dataclass(frozen=True)
class Who:
    """Who is writing: the channel and the sender id the channel vouches for."""

    channel: str
    sender_id: str


def redacted(draft: log.Draft) -> tuple[log.Draft, list[Redacted]]:
    """The draft with identifiers removed from its free text, and what was removed from each."""
    rationale, next_step = redact(draft.rationale), redact(draft.next_step)
    clean = replace(draft, case_ref=draft.case_ref.strip(), rationale=rationale.text, next_step=next_step.text)
    return clean, [rationale, next_step]


def _actor(uow: UnitOfWork, who: Who, now: dt.datetime) -> Actor | None:
    with uow() as session:
        return identify(session, who.channel, who.sender_id, now)


def _remembered(slots: Mapping[str, Any]) -> Actor | None:
    staff_id, role = slots.get("staff_id"), slots.get("role")
    return Actor(str(staff_id), "", str(role), "") if staff_id and role and role != "unregistered" else None


def session_start(uow: UnitOfWork, who: Who, now: dt.datetime) -> tuple[Actor | None, Reply | None]:
    """The worker behind this identity and what they have not been told yet, in one transaction."""
    with uow() as session:
        actor = identify(session, who.channel, who.sender_id, now)
        told = dd.notice(log.untold_reviews(session, actor, now)) if actor else ""
    return actor, (Reply(told) if told else None)


def greeting(uow: UnitOfWork, who: Who, now: dt.datetime) -> Reply:
    """The greeting and menu for this worker's role, then reviews they have not been told about."""
    with uow() as session:
        actor = identify(session, who.channel, who.sender_id, now)
        waiting = len(log.review_queue(session, actor, limit=500)) if actor and actor.supervises else None
        told = dd.notice(log.untold_reviews(session, actor, now)) if actor else ""
    reply = menu.greeting(waiting, newly_qualified=bool(actor and actor.role == "nqsw"))
    return reply.followed_by(Reply(told)) if told else reply


def notices(uow: UnitOfWork, who: Who, now: dt.datetime) -> Reply | None:
    """Reviews of this worker's decisions they have not been told about (marks them told)."""
    return session_start(uow, who, now)[1]


def preview(slots: Mapping[str, Any]) -> Reply:
    """The record as it will be saved (redacted), with Save and Discard buttons."""
    clean, removed = redacted(dd.draft_from_slots(slots))
    return Reply(dd.summary(clean, removed), (Choice("Save", "/affirm"), Choice("Discard", "/deny")))


def submit(uow: UnitOfWork, outbox: Outbox, who: Who, slots: Mapping[str, Any], now: dt.datetime) -> Reply:
    """Save a confirmed record once, redacted; keep it in the outbox when the database cannot take it."""
    if not slots.get("decision_confirmed"):
        return respond("utter_decision_discarded")
    try:
        actor = _actor(uow, who, now)
    except SQLAlchemyError:
        # The directory is down too: the worker was identified at session start, so the record
        # waits in the outbox under that identity rather than being lost.
        actor = _remembered(slots)
        if actor is None:
            raise
    if actor is None:
        return NOT_IN_DIRECTORY.followed_by(respond("utter_decision_discarded"))
    clean, _ = redacted(dd.draft_from_slots(slots))
    result = save(uow, outbox, actor, clean, now)
    return Reply(dd.saved_text(result.decision.id if result.decision else None, result.queued))


def my_decisions(uow: UnitOfWork, who: Who, now: dt.datetime) -> Reply:
    """The worker's most recent decisions with their review status."""
    with uow() as session:
        actor = identify(session, who.channel, who.sender_id, now)
        items = log.list_own(session, actor) if actor else None
    if items is None:
        return NOT_IN_DIRECTORY
    lines = [dd.decision_line(d) for d in items] or ["You haven't logged any decisions yet."]
    return Reply("Your recent decisions:\n" + "\n".join(lines))


def review_queue(uow: UnitOfWork, who: Who, now: dt.datetime) -> Reply:
    """A supervisor's team decisions awaiting review, oldest first, each with a button to open it."""
    try:
        with uow() as session:
            actor = identify(session, who.channel, who.sender_id, now)
            items = log.review_queue(session, actor) if actor else None
    except log.NotAllowedError as refusal:
        return Reply(str(refusal))
    if items is None:
        return NOT_IN_DIRECTORY
    if not items:
        return Reply("Nothing is waiting for your review.")
    text = "Decisions awaiting your review (oldest first):\n" + "\n".join(dd.decision_line(d) for d in items)
    return Reply(text, tuple(dd.open_choices(items)))


def open_decision(uow: UnitOfWork, who: Who, wanted: str | None, now: dt.datetime) -> Reply | None:
    """One decision in full, with review buttons for its supervisor (None when no number was given)."""
    try:
        with uow() as session:
            actor = identify(session, who.channel, who.sender_id, now)
            if actor is None:
                return NOT_IN_DIRECTORY
            if not (wanted or "").isdigit():
                return None
            item = log.open_decision(session, actor, int(wanted or 0))
    except log.NotAllowedError as refusal:
        return Reply(str(refusal))
    can_review = actor.supervises and item.author_id != actor.staff_id
    return Reply(dd.decision_detail(item), tuple(dd.review_choices(item.id)) if can_review else ())


def review(uow: UnitOfWork, who: Who, slots: Mapping[str, Any], now: dt.datetime) -> Reply | None:
    """Save a supervisor's review; the author is told next time they talk to the assistant."""
    decision_id, outcome = slots.get("review_decision_id"), str(slots.get("review_outcome"))
    comment = dd.comment_text(str(slots.get("review_comment") or ""))
    try:
        with uow() as session:
            actor = identify(session, who.channel, who.sender_id, now)
            if actor is None:
                return NOT_IN_DIRECTORY
            if not str(decision_id or "").isdigit():
                return None
            log.add_review(session, actor, int(str(decision_id)), outcome=outcome, comment=comment, now=now)
    except (log.NotAllowedError, log.DecisionError) as refusal:
        return Reply(str(refusal))
    return Reply(f"Review saved: decision #{decision_id} {log.OUTCOMES.get(outcome, outcome)}.")
