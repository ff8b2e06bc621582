"""What every page handler shares: the dashboard's parts, the signed-in visit, CSRF and Origin checks, pages.

Database work runs in a thread (SQLAlchemy here is synchronous), so one slow query never holds up
every other request on the event loop.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sanic import Request
from sanic.response import BaseHTTPResponse, HTTPResponse, html

from bot.clock import Clock
from bot.council.models import Profile
from bot.dashboard import access
from bot.dashboard.config import DashboardConfig
from bot.dashboard.cookies import csrf_ok, csrf_token, seal
from bot.dashboard.figures import Figures
from bot.dashboard.memo import Memo
from bot.dashboard.pages import Pages
from bot.induction.data import ScenarioBank
from bot.storage.db import UnitOfWork

T = TypeVar("T")
CSRF_REFUSED = "refused:dashboard_csrf"


@dataclass(frozen=True)
class Dashboard:
    """The parts every request uses, built once by the composition root (bot/dashboard/cli.py)."""

    uow: UnitOfWork
    clock: Clock
    profile: Profile
    config: DashboardConfig
    pages: Pages
    # The practice scenarios' themes and pitfalls, to name them on newly qualified workers' progress.
    bank: ScenarioBank = field(default_factory=ScenarioBank)
    figures: Memo[Figures] = field(default_factory=Memo, compare=False)


class PageRefusalError(Exception):
    """Answer with a page that says why (and, when the session has ended, clear its cookie)."""

    def __init__(self, status: int, title: str, text: str, *, hint: str = "", end_session: bool = False) -> None:
        super().__init__(text)
        self.status, self.title, self.text, self.hint, self.end_session = status, title, text, hint, end_session


SIGN_IN_HINT = 'Ask the assistant "open my dashboard" for a new link, or ask your administrator.'


def parts(request: Request) -> Dashboard:
    """The dashboard's parts for this request's app."""
    found: Dashboard = request.app.ctx.dashboard
    return found


async def run(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking work (the database, drawing) in a thread and wait for it."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(function, *args, **kwargs))


def cookie_name(config: DashboardConfig) -> str:
    """The session cookie's name: with HTTPS, the __Host- prefix (browsers then refuse any other domain or path)."""
    return "__Host-pc_session" if config.secure else "pc_session"


async def signed_in(request: Request) -> access.Visit:
    """The signed-in visit behind this request, or a refusal page (401 with no cookie, 403 when it has ended)."""
    dash = parts(request)
    cookie = request.cookies.get(cookie_name(dash.config))
    if not cookie:
        raise PageRefusalError(401, "Please sign in", "You're not signed in to the dashboard.", hint=SIGN_IN_HINT)
    try:
        found = await run(access.visit, dash.uow, cookie, dash.config.key, dash.clock())
    except access.SessionEndedError as ended:
        raise PageRefusalError(
            401 if ended.reason == "idle" else 403, "Signed out", str(ended), hint=SIGN_IN_HINT, end_session=True
        ) from ended
    request.ctx.visit = found
    return found


def origin_ok(request: Request) -> bool:
    """False for a form posted from another site (browsers name the page's origin on every POST)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser, or a very old one: the CSRF token still has to match
    allowed = {request.host, urlsplit(parts(request).config.public_url).netloc}
    return urlsplit(origin).netloc in allowed


async def checked_form(request: Request, visit: access.Visit) -> None:
    """Refuse (audited) a form without this session's CSRF token or from another site."""
    dash = parts(request)
    given = request.form.get("csrf", "") if request.form else ""
    if origin_ok(request) and csrf_ok(visit.session, dash.config.key, str(given)):
        return
    await run(access.record, dash.uow, visit.actor, CSRF_REFUSED, dash.clock(), target=request.path)
    words = "That form didn't come from this page (or it is too old)."
    raise PageRefusalError(403, "Form refused", words, hint="Reload the page and try again.")


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTTPResponse:
    """A rendered page for the signed-in visit (its name, role and the sign-out form) or for nobody."""
    dash = parts(request)
    visit: access.Visit | None = getattr(request.ctx, "visit", None)
    if visit is not None:
        context.setdefault("me", visit.actor)
        context.setdefault("csrf", csrf_token(visit.session, dash.config.key))
    return html(dash.pages.render(template, **context), status=status)


def set_session(response: BaseHTTPResponse, config: DashboardConfig, value: str) -> None:
    """Put the signed session in an HttpOnly, SameSite=Strict cookie (Secure with DASHBOARD_SECURE=1)."""
    name = cookie_name(config)
    response.cookies[name] = value
    response.cookies[name]["httponly"] = True
    response.cookies[name]["samesite"] = "Strict"
    response.cookies[name]["path"] = "/"
    if config.secure:
        response.cookies[name]["secure"] = True


def clear_session(response: BaseHTTPResponse, config: DashboardConfig) -> None:
    """Tell the browser to forget the session cookie."""
    set_session(response, config, "")
    response.cookies[cookie_name(config)]["max-age"] = 0


def refresh_session(request: Request, response: BaseHTTPResponse) -> None:
    """After a signed-in request, the cookie again with the new last-seen time (the idle clock restarts)."""
    visit: access.Visit | None = getattr(request.ctx, "visit", None)
    if visit is not None and not getattr(request.ctx, "signed_out", False):
        config = parts(request).config
        set_session(response, config, seal(visit.session, config.key))
