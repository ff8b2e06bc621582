"""Sign-in links: valid once, for 10 minutes, for one member of staff; only the token's hash is kept.

The issue and the use are audit events (no table of their own): the issue row carries the token's
hash, and a use row with the same hash marks it spent. Redeeming locks the issue row, so two
tabs racing with one link cannot both get in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.dashboard.config import public_url
from bot.dialogue import Reply
from bot.staff.directory import Actor, get_actor
from bot.staff.identity import audit, identify
from bot.storage.db import RefusalError, UnitOfWork
from bot.storage.models import AuditRow

LIFETIME = dt.timedelta(minutes=10)
ISSUED, USED, REFUSED = "dashboard:link_issued", "dashboard:link_used", "refused:dashboard_link"
SIGNIN_PATH = "/signin/"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
WHY = {
    "expired": "This sign-in link has expired: links last 10 minutes.",
    "used": "This sign-in link has already been used: each link works once.",
    "unknown": "This sign-in link isn't one we issued (it may have been mistyped or cut short).",
    "inactive": "This sign-in link belongs to someone who is no longer in the staff directory.",
}


class LinkError(ValueError):
    """No link can be made for this member of staff (unknown or inactive)."""


class LinkRefusedError(RefusalError):
    """A link that cannot be used, with the reason (expired, used, unknown, inactive); audited."""

    def __init__(self, reason: str) -> None:
        super().__init__(WHY[reason])
        self.reason = reason


def digest(token: str) -> str:
    """What is stored of a token: its SHA-256, never the token."""
    return "sha256:" + hashlib.sha256(token.encode()).hexdigest()


def issue_link(uow: UnitOfWork, staff_id: str, now: dt.datetime, *, base_url: str | None = None) -> str:
    """A sign-in link for one active member of staff, valid once for 10 minutes (the issue is audited)."""
    token = secrets.token_urlsafe(32)
    with uow() as session:
        actor = get_actor(session, staff_id)
        if actor is None:
            raise LinkError(f"no active member of staff with id '{staff_id}'")
        audit(session, actor.staff_id, ISSUED, target=actor.staff_id, detail=digest(token), now=now)
    return f"{base_url or public_url()}{SIGNIN_PATH}{token}"


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _refuse(session: Session, hashed: str, reason: str, now: dt.datetime, staff_id: str = "") -> LinkRefusedError:
    # A prefix of the hash is enough to tie refusals of one link together, and says nothing of the token.
    audit(session, staff_id or "unknown", REFUSED, target=staff_id, detail=f"{reason} {hashed[:23]}", now=now)
    return LinkRefusedError(reason)


def _valid(session: Session, token: str, now: dt.datetime, *, lock: bool) -> Actor:
    """The member of staff a link is for, or LinkRefusedError (audited) when it cannot be used."""
    if not _TOKEN.fullmatch(token):
        raise _refuse(session, "malformed", "unknown", now)
    hashed = digest(token)
    query = select(AuditRow).where(AuditRow.action == ISSUED, AuditRow.detail == hashed)
    issued = session.execute(query.with_for_update() if lock else query).scalars().first()
    if issued is None:
        raise _refuse(session, hashed, "unknown", now)
    spent = select(AuditRow.id).where(AuditRow.action == USED, AuditRow.detail == hashed).limit(1)
    if session.execute(spent).first() is not None:
        raise _refuse(session, hashed, "used", now, issued.target)
    if now - _aware(issued.at) >= LIFETIME:
        raise _refuse(session, hashed, "expired", now, issued.target)
    actor = get_actor(session, issued.target)
    if actor is None:
        raise _refuse(session, hashed, "inactive", now, issued.target)
    return actor


def check(uow: UnitOfWork, token: str, now: dt.datetime) -> Actor:
    """Who a link would sign in, without spending it (a refusal is audited)."""
    with uow() as session:
        return _valid(session, token, now, lock=False)


def redeem(uow: UnitOfWork, token: str, now: dt.datetime) -> Actor:
    """Spend a link and return who it signs in; LinkRefusedError (audited) if it cannot be used."""
    with uow() as session:
        actor = _valid(session, token, now, lock=True)
        audit(session, actor.staff_id, USED, target=actor.staff_id, detail=digest(token), now=now)
        return actor


def chat_link(uow: UnitOfWork, channel: str, sender_id: str, now: dt.datetime) -> Reply:
    """ "Open my dashboard" in the chat: a link for the member of staff behind this identity, or why not."""
    with uow() as session:
        actor = identify(session, channel, sender_id, now)
    if actor is None:
        return Reply(
            "You're not in this council's staff directory yet, so there is no page for you. "
            "Please ask your team administrator to add you."
        )
    url = issue_link(uow, actor.staff_id, now)
    page = "your team's decisions" if actor.supervises else "your decisions and their reviews"
    return Reply(
        f"Here is your link to the page with {page}: {url}\n"
        "It works once, within 10 minutes. Don't forward it: until it is used, anyone with it can sign in as you."
    )
