"""One decision in full with its review history, and the supervisor's review of it from the page.

The review goes through bot.decisions.log.add_review, as the chat's does: the same checks, hash
chain, audit and redaction, in one unit of work (all of it is saved, or none), and the author is
told in the chat as today. A form carries a review id, so a double click saves one review.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sanic import Request, Sanic
from sanic.response import HTTPResponse, redirect
from sqlalchemy import select

from bot.council.hours import local_time
from bot.dashboard import team
from bot.dashboard.web import Dashboard, PageRefusalError, checked_form, page, parts, run, signed_in
from bot.dashboard.workdays import Calendar
from bot.decisions import dialogue, log
from bot.staff.directory import Actor
from bot.storage.models import ReviewRow

_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Opened:
    """A decision as its page shows it."""

    decision: log.DecisionView
    reviews: list[team.Review]
    names: dict[str, str]
    age: int
    can_review: bool


def routes(app: Sanic) -> None:
    """Register the decision page and its review form."""
    app.add_route(decision_page, "/decisions/<decision_id:int>", methods=["GET"])
    app.add_route(review_decision, "/decisions/<decision_id:int>/review", methods=["POST"])


def _open(dash: Dashboard, actor: Actor, decision_id: int) -> Opened:
    now = dash.clock()
    with dash.uow() as session:  # writable: a refusal is audited by the log itself
        decision = log.open_decision(session, actor, decision_id)
        reviews = team.reviews_of(session, decision_id)
        names = team.names(session, {decision.author_id, *(r.reviewer_id for r in reviews)})
    today = local_time(dash.profile, now).date()
    made = local_time(dash.profile, decision.created_at).date()
    age = Calendar(dash.profile, made, today).between(made, today)
    return Opened(decision, reviews, names, age, actor.supervises and decision.author_id != actor.staff_id)


async def _opened(request: Request, actor: Actor, decision_id: int) -> Opened:
    try:
        return await run(_open, parts(request), actor, decision_id)
    except log.NotAllowedError as refusal:
        hint = "Supervisors see their own team's decisions; everyone sees their own."
        raise PageRefusalError(403, "Not one you can see", str(refusal), hint=hint) from refusal


def _context(opened: Opened, **extra: Any) -> dict[str, Any]:
    return {"title": f"Decision #{opened.decision.id}", "opened": opened, "review_uid": str(uuid.uuid4()), **extra}


async def decision_page(request: Request, decision_id: int) -> HTTPResponse:
    """The recommendation, indicators, the worker's level and reasons, next step, reviews and the review form."""
    visit = await signed_in(request)
    opened = await _opened(request, visit.actor, decision_id)
    saved = request.args.get("saved", "")
    return page(request, "decision.html", **_context(opened, saved=saved, error="", comment=""))


def _save(
    dash: Dashboard, actor: Actor, decision_id: int, *, outcome: str, comment: str, uid: str
) -> log.ReviewView | None:
    """Save the review once (None when this form's review is already saved)."""
    with dash.uow() as session:
        if session.execute(select(ReviewRow.id).where(ReviewRow.uid == uid)).first() is not None:
            return None
        return log.add_review(session, actor, decision_id, outcome=outcome, comment=comment, now=dash.clock(), uid=uid)


async def review_decision(request: Request, decision_id: int) -> HTTPResponse:
    """Agree, discuss or challenge with a comment; then back to the decision, showing what was saved."""
    dash = parts(request)
    visit = await signed_in(request)
    await checked_form(request, visit)
    form = request.form or {}
    outcome, typed = str(form.get("outcome", "")), str(form.get("comment", ""))
    uid = str(form.get("uid", ""))
    uid = uid if _UID.fullmatch(uid) else str(uuid.uuid4())
    try:
        comment = dialogue.comment_text(typed)
        saved = await run(_save, dash, visit.actor, decision_id, outcome=outcome, comment=comment, uid=uid)
    except log.DecisionError as problem:
        opened = await _opened(request, visit.actor, decision_id)
        return page(request, "decision.html", 400, **_context(opened, saved="", error=str(problem), comment=typed))
    except log.NotAllowedError as refusal:
        raise PageRefusalError(403, "Review refused", str(refusal)) from refusal
    redacted = saved is not None and saved.comment != dialogue.comment_text(typed)
    return redirect(f"/decisions/{decision_id}?saved={'redacted' if redacted else 'yes'}", status=303)
