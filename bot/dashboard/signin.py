"""Signing in with a link (confirmed with a button, so a link preview cannot spend it) and signing out."""

from __future__ import annotations

from sanic import Request, Sanic
from sanic.response import HTTPResponse, redirect

from bot.dashboard import access, links
from bot.dashboard.cookies import seal
from bot.dashboard.web import (
    PageRefusalError,
    checked_form,
    clear_session,
    origin_ok,
    page,
    parts,
    run,
    set_session,
    signed_in,
)

HOW = (
    'Ask the assistant "open my dashboard" and open the link it sends you: it works once, for 10 minutes. '
    "An administrator can also make one with: python -m bot dashboard link YOUR_STAFF_ID"
)
NEW_LINK = 'Ask the assistant "open my dashboard" for a new link.'


def routes(app: Sanic) -> None:
    """Register the sign-in and sign-out pages."""
    app.add_route(confirm, "/signin/<token:str>", methods=["GET"])
    app.add_route(sign_in, "/signin", methods=["POST"])
    app.add_route(sign_out, "/signout", methods=["POST"])


async def confirm(request: Request, token: str) -> HTTPResponse:
    """Whose link this is, with a Sign in button; refused (audited) when expired, used or unknown.

    Opening the link spends nothing: chat apps fetch links to preview them, and would use it up.
    """
    dash = parts(request)
    try:
        actor = await run(links.check, dash.uow, token, dash.clock())
    except links.LinkRefusedError as refusal:
        raise PageRefusalError(403, "Sign-in link refused", str(refusal), hint=NEW_LINK) from refusal
    return page(request, "signin.html", title="Sign in", who=actor, token=token)


async def sign_in(request: Request) -> HTTPResponse:
    """Spend the link and start a session: a signed cookie, then on to the person's page."""
    dash = parts(request)
    if not origin_ok(request):
        raise PageRefusalError(403, "Sign-in refused", "That sign-in form came from another site.", hint=NEW_LINK)
    token = str(request.form.get("token", "")) if request.form else ""
    try:
        actor = await run(links.redeem, dash.uow, token, dash.clock())
    except links.LinkRefusedError as refusal:
        raise PageRefusalError(403, "Sign-in link refused", str(refusal), hint=NEW_LINK) from refusal
    session = await run(access.start, dash.uow, actor, dash.clock())
    response = redirect("/", status=303)
    set_session(response, dash.config, seal(session, dash.config.key))
    return response


async def sign_out(request: Request) -> HTTPResponse:
    """End the session here and in the audit trail, so a copy of the cookie is refused too."""
    dash = parts(request)
    visit = await signed_in(request)
    await checked_form(request, visit)
    await run(access.sign_out, dash.uow, visit.session, dash.clock())
    request.ctx.signed_out = True
    response = page(request, "message.html", title="Signed out", text="You've signed out.", hint=NEW_LINK, me=None)
    clear_session(response, dash.config)
    return response
