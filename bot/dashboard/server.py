"""The dashboard's Sanic app: security headers on every answer, clear pages for every failure, and its routes."""

from __future__ import annotations

import logging
import uuid

from sanic import Request, Sanic
from sanic.exceptions import MethodNotSupported, NotFound, PayloadTooLarge
from sanic.response import BaseHTTPResponse, HTTPResponse, html, redirect, text
from sqlalchemy.exc import SQLAlchemyError

from bot.dashboard import pack, review, signin, views
from bot.dashboard.pages import STATIC
from bot.dashboard.web import (
    Dashboard,
    PageRefusalError,
    clear_session,
    cookie_name,
    page,
    parts,
    refresh_session,
    signed_in,
)

logger = logging.getLogger(__name__)
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    # Same-origin only: the sign-in page's address (with its token) never travels to another site,
    # and our own forms still carry an Origin header the server can check.
    "Referrer-Policy": "same-origin",
}
DB_DOWN = "The decision log can't be reached right now; nothing was changed."
MAX_BODY_BYTES = 64 * 1024  # a review comment is at most 5,000 characters


def build_app(dashboard: Dashboard, name: str | None = None) -> Sanic:
    """The dashboard as a Sanic app over the given parts (the composition root builds them)."""
    app = Sanic(name or f"dashboard_{uuid.uuid4().hex[:8]}", configure_logging=False)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.config.FALLBACK_ERROR_FORMAT = "html"
    app.ctx.dashboard = dashboard
    app.ctx.css = (STATIC / "dashboard.css").read_bytes()
    app.add_route(health, "/health", methods=["GET"])
    app.add_route(stylesheet, "/static/dashboard.css", methods=["GET"])
    app.add_route(home, "/", methods=["GET"])
    for module in (signin, views, review, pack):
        module.routes(app)
    app.register_middleware(secure_headers, "response")
    app.error_handler.add(PageRefusalError, refused)
    app.error_handler.add(SQLAlchemyError, database_down)
    app.error_handler.add(NotFound, not_found)
    app.error_handler.add(MethodNotSupported, not_allowed)
    app.error_handler.add(PayloadTooLarge, too_large)
    app.error_handler.add(Exception, failed)
    return app


async def health(request: Request) -> HTTPResponse:
    """200 when the server answers (it does not touch the database)."""
    return text("ok")


async def stylesheet(request: Request) -> HTTPResponse:
    """The one stylesheet, served by the app (nothing is fetched from anywhere else)."""
    return HTTPResponse(request.app.ctx.css, content_type="text/css; charset=utf-8")


async def home(request: Request) -> HTTPResponse:
    """Supervisors to their team, everyone else to their own decisions; how to sign in when signed out."""
    dash = parts(request)
    if not request.cookies.get(cookie_name(dash.config)):
        return html(dash.pages.message("Practice Companion dashboard", "You're not signed in.", hint=signin.HOW),
                    status=200)  # fmt: skip
    visit = await signed_in(request)
    return redirect("/team" if visit.actor.supervises else "/mine", status=303)


async def secure_headers(request: Request, response: BaseHTTPResponse) -> None:
    """Every answer: the security headers, and the session cookie refreshed for a signed-in visit."""
    for header, value in HEADERS.items():
        response.headers[header] = value
    refresh_session(request, response)


def _message(request: Request, status: int, title: str, words: str, hint: str = "") -> HTTPResponse:
    dash: Dashboard = request.app.ctx.dashboard
    return html(dash.pages.message(title, words, hint=hint), status=status)


def refused(request: Request, exception: Exception) -> HTTPResponse:
    """A refusal or an ended session, said plainly (its audit row is already written)."""
    if not isinstance(exception, PageRefusalError):
        return failed(request, exception)
    dash: Dashboard = request.app.ctx.dashboard
    response = page(request, "message.html", exception.status, title=exception.title, text=exception.text,
                          hint=exception.hint)  # fmt: skip
    if exception.end_session:
        request.ctx.visit = None
        clear_session(response, dash.config)
    return response


def database_down(request: Request, exception: Exception) -> HTTPResponse:
    """The database cannot be reached: say so, and that nothing was changed (the unit of work rolled back)."""
    logger.warning("dashboard: the decision log could not be reached: %s", type(exception).__name__)
    request.ctx.visit = None  # the session could not be checked: do not renew it
    return _message(request, 503, "The decision log can't be reached", DB_DOWN, "Please try again in a few minutes.")


def not_found(request: Request, exception: Exception) -> HTTPResponse:
    """No such page."""
    return _message(request, 404, "Not found", "There is no page at this address.", "Start again from the home page.")


def not_allowed(request: Request, exception: Exception) -> HTTPResponse:
    """A page asked for in a way it does not answer (a form posted to a page, say)."""
    return _message(request, 405, "Not here", "This page can't do that.", "Start again from the home page.")


def too_large(request: Request, exception: Exception) -> HTTPResponse:
    """A form far bigger than any review comment."""
    return _message(request, 413, "Too long", "That form was too long to save; nothing was changed.")


def failed(request: Request, exception: Exception) -> HTTPResponse:
    """Anything else: logged here in full, and a plain page for the person (never a stack trace)."""
    logger.exception("dashboard: %s %s failed", request.method, request.path)
    request.ctx.visit = None
    return _message(
        request, 500, "Something went wrong", "Something went wrong on our side.",
        "If you were saving a review, open the decision again to see whether it was saved.",
    )  # fmt: skip
