"""Who is signed in: a session cookie checked against its signature, the idle limit, sign-outs and the directory.

Every refusal writes an audit event. A session ends after 30 minutes without a request, after 10
hours whatever, when its owner signs out (the sign-out is recorded, so a copied cookie dies with it),
and as soon as its owner leaves the staff directory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from bot.dashboard.cookies import SessionCookie, new_session, unseal
from bot.staff.directory import Actor, get_actor
from bot.staff.identity import audit
from bot.storage.db import RefusalError, UnitOfWork
from bot.storage.models import AuditRow

IDLE = dt.timedelta(minutes=30)
LONGEST = dt.timedelta(hours=10)
SIGNED_IN, SIGNED_OUT, IDLE_OUT = "dashboard:signed_in", "dashboard:signed_out", "dashboard:idle_signout"
BAD_COOKIE = "refused:dashboard_cookie"
ENDED = {
    "forged": "Your sign-in couldn't be checked (the cookie was changed or not made by this server).",
    "idle": "You were signed out after 30 minutes without activity.",
    "expired": "You were signed out: a sign-in lasts at most 10 hours.",
    "signed_out": "That session was signed out.",
    "inactive": "You are no longer in the staff directory.",
}


class SessionEndedError(RefusalError):
    """The cookie no longer signs anyone in, with the reason; audited."""

    def __init__(self, reason: str) -> None:
        super().__init__(ENDED[reason])
        self.reason = reason


@dataclass(frozen=True)
class Visit:
    """A request from a signed-in member of staff: who, and their session as seen now."""

    actor: Actor
    session: SessionCookie


def _epoch(now: dt.datetime) -> int:
    return int(now.timestamp())


def start(uow: UnitOfWork, actor: Actor, now: dt.datetime) -> SessionCookie:
    """A new session for someone who has just used a sign-in link (audited with the session id)."""
    session = new_session(actor.staff_id, _epoch(now))
    with uow() as db:
        audit(db, actor.staff_id, SIGNED_IN, target=session.sid, now=now)
    return session


def _ended(uow: UnitOfWork, session: SessionCookie | None, reason: str, now: dt.datetime) -> SessionEndedError:
    action, detail = {
        "forged": (BAD_COOKIE, "forged or changed cookie"),
        "idle": (IDLE_OUT, "idle"),
        "expired": (IDLE_OUT, "expired"),
        "signed_out": (BAD_COOKIE, "signed-out session"),
        "inactive": (BAD_COOKIE, "not an active member of staff"),
    }[reason]
    with uow() as db:
        audit(db, session.staff_id if session else "unknown", action, target=session.sid if session else "",
              detail=detail, now=now)  # fmt: skip
    return SessionEndedError(reason)


def visit(uow: UnitOfWork, cookie: str, key: bytes, now: dt.datetime) -> Visit:
    """The signed-in member of staff behind a cookie, or SessionEndedError (audited)."""
    session = unseal(cookie, key)
    if session is None:
        raise _ended(uow, None, "forged", now)
    moment = _epoch(now)
    if moment - session.seen > IDLE.total_seconds():
        raise _ended(uow, session, "idle", now)
    if moment - session.started > LONGEST.total_seconds():
        raise _ended(uow, session, "expired", now)
    # Every page view asks this: a read-only unit of work, so views never queue for SQLite's write lock.
    with uow(read_only=True) as db:
        since = dt.datetime.fromtimestamp(session.started, dt.timezone.utc) - dt.timedelta(minutes=1)
        ended = select(AuditRow.id).where(
            AuditRow.at >= since, AuditRow.action == SIGNED_OUT, AuditRow.target == session.sid
        )
        signed_out = db.execute(ended.limit(1)).first() is not None
        actor = None if signed_out else get_actor(db, session.staff_id)
    if signed_out:
        raise _ended(uow, session, "signed_out", now)
    if actor is None:
        raise _ended(uow, session, "inactive", now)
    return Visit(actor, session.touched(moment))


def sign_out(uow: UnitOfWork, session: SessionCookie, now: dt.datetime) -> None:
    """Record a sign-out, so the session's cookie is refused from now on even if it was copied."""
    with uow() as db:
        audit(db, session.staff_id, SIGNED_OUT, target=session.sid, now=now)


def record(uow: UnitOfWork, actor: Actor, action: str, now: dt.datetime, *, target: str = "", detail: str = "") -> None:
    """Audit something a signed-in member of staff did or was refused (a pack downloaded, the team page)."""
    with uow() as db:
        audit(db, actor.staff_id, action, target=target, detail=detail or f"role {actor.role}", now=now)
