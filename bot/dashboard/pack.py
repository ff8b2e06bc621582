"""The supervision pack for a period, from the page: bot/decisions/export.py's HTML or CSV, as a download.

A practitioner gets their own; a supervisor their own or a team member's. Each download is audited
(it is personal data leaving the system), and so is each refusal.
"""

from __future__ import annotations

import datetime as dt

from sanic import Request, Sanic
from sanic.response import HTTPResponse, raw

from bot.dashboard import team
from bot.dashboard.web import Dashboard, PageRefusalError, parts, run, signed_in
from bot.decisions import export
from bot.staff.directory import Actor
from bot.staff.identity import audit

PACK, PACK_REFUSED = "dashboard:pack", "refused:dashboard_pack"
LONGEST = dt.timedelta(days=366)
TYPES = {"html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def routes(app: Sanic) -> None:
    """Register the pack download."""
    app.add_route(download, "/pack", methods=["GET"])


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise PageRefusalError(400, "Check the dates", f"The {field} date should be a date like 2026-11-02.") from exc


def _pack(dash: Dashboard, actor: Actor, staff_id: str, *, start: dt.date, end: dt.date, kind: str) -> str | None:
    """The pack's text, or None (refusal audited) when the actor may not have this person's."""
    now = dash.clock()
    with dash.uow() as session:
        allowed = staff_id == actor.staff_id or team.colleague(session, actor, staff_id) is not None
        name = export.staff_name(session, staff_id) if allowed else None
        if name is None:
            audit(session, actor.staff_id, PACK_REFUSED, target=staff_id[:200], detail=f"role {actor.role}", now=now)
            return None
        items = export.lines(session, staff_id, start, end)
        audit(session, actor.staff_id, PACK, target=staff_id, detail=f"{start}..{end} {kind}", now=now)
    return export.to_csv(items) if kind == "csv" else export.to_html(items, name, start, end)


async def download(request: Request) -> HTTPResponse:
    """The pack for ?staff=ID&from=YYYY-MM-DD&to=YYYY-MM-DD&format=html|csv."""
    dash = parts(request)
    visit = await signed_in(request)
    staff_id = str(request.args.get("staff") or visit.actor.staff_id)
    start, end = _date(request.args.get("from", ""), "from"), _date(request.args.get("to", ""), "to")
    kind = request.args.get("format", "html")
    if kind not in TYPES:
        raise PageRefusalError(400, "Check the format", "A pack is HTML (to print) or CSV (for a spreadsheet).")
    if end < start or end - start > LONGEST:
        raise PageRefusalError(400, "Check the dates", "The period must end after it starts, and last a year at most.")
    body = await run(_pack, dash, visit.actor, staff_id, start=start, end=end, kind=kind)
    if body is None:
        raise PageRefusalError(403, "Pack refused", "You can download your own pack, or a member of your team's.")
    filename = f"supervision-pack-{staff_id}-{start}-to-{end}.{kind}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return raw(body.encode("utf-8"), content_type=TYPES[kind], headers=headers)
