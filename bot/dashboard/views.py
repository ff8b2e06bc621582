"""The team page, its lists and charts, a colleague's recent decisions (and a newly qualified worker's practice),
and one's own page."""

from __future__ import annotations

from sanic import Request, Sanic
from sanic.response import HTTPResponse, raw
from sqlalchemy.orm import Session

from bot.council.hours import local_time
from bot.dashboard import access, charts, team
from bot.dashboard.figures import LISTS, Figures
from bot.dashboard.pages import default_range
from bot.dashboard.web import Dashboard, PageRefusalError, page, parts, run, signed_in
from bot.dashboard.workdays import Calendar
from bot.decisions import log
from bot.induction import progress
from bot.induction.report import Progress
from bot.staff.directory import Actor

QUEUE_SHOWN = 25
LIST_SHOWN = 500
TEAM_REFUSED, PERSON_REFUSED = "refused:dashboard_team_page", "refused:dashboard_person"


def routes(app: Sanic) -> None:
    """Register the team, list, chart, colleague and own pages."""
    app.add_route(team_page, "/team", methods=["GET"])
    app.add_route(team_list, "/team/list/<which:str>", methods=["GET"])
    app.add_route(team_chart, "/team/charts/<name:str>", methods=["GET"])
    app.add_route(colleague_page, "/team/people/<staff_id:str>", methods=["GET"])
    app.add_route(own_page, "/mine", methods=["GET"])


def figures(dash: Dashboard, supervisor: Actor) -> Figures:
    """The team's figures as of now, read in one read-only unit of work unless nothing has changed since."""
    today = local_time(dash.profile, dash.clock()).date()
    with dash.uow(read_only=True) as session:
        key = (team.version(session, supervisor), today)
        kept = dash.figures.get(key)
        if kept is not None:
            return kept
        found = team.load(session, supervisor)
    oldest = min((d.created_at for d in found.decisions), default=None)
    first = local_time(dash.profile, oldest).date() if oldest else today
    return dash.figures.put(key, Figures(found, Calendar(dash.profile, min(first, today.replace(day=1)), today), today))


async def _supervisor(request: Request) -> Actor:
    """The signed-in supervisor, or a refusal (audited) for anyone else."""
    dash = parts(request)
    visit = await signed_in(request)
    if not visit.actor.supervises:
        await run(access.record, dash.uow, visit.actor, TEAM_REFUSED, dash.clock(), target=request.path)
        hint = "Your own decisions are under My decisions."
        raise PageRefusalError(403, "Team page refused", "The team page is for supervisors.", hint=hint)
    return visit.actor


def _team_practice(dash: Dashboard, supervisor: Actor) -> list[Progress]:
    with dash.uow(read_only=True) as session:
        return progress.team(session, supervisor, dash.bank, dash.clock())


async def team_page(request: Request) -> HTTPResponse:
    """Counts, the review queue oldest first, the charts, the team, their practice and the supervision pack."""
    dash = parts(request)
    supervisor = await _supervisor(request)
    found = await run(figures, dash, supervisor)
    practice = await run(_team_practice, dash, supervisor)
    queue = found.queue()
    start, end = default_range(found.today)
    return page(
        request, "team.html", title=f"Team {found.team.name}", team_name=found.team.name, counts=found.counts(),
        queue=queue[:QUEUE_SHOWN], queue_total=len(queue), charts=found.charts(), members=found.team.members,
        practice=practice, start=start, end=end,
    )  # fmt: skip


async def team_list(request: Request, which: str) -> HTTPResponse:
    """The decisions behind one of the counts."""
    if which not in LISTS:
        raise PageRefusalError(404, "Not found", "There is no such list.", hint="Go back to the team page.")
    dash = parts(request)
    found = await run(figures, dash, await _supervisor(request))
    rows = found.rows(which)
    return page(request, "list.html", title=LISTS[which], rows=rows[:LIST_SHOWN], total=len(rows))


async def team_chart(request: Request, name: str) -> HTTPResponse:
    """One chart of the team page as a PNG drawn by matplotlib."""
    dash = parts(request)
    found = await run(figures, dash, await _supervisor(request))
    chart = next((c for c in found.charts() if f"{c.key}.png" == name), None)
    if chart is None:
        raise PageRefusalError(404, "Not found", "There is no such chart.")
    return raw(await run(charts.png, chart), content_type="image/png")


Colleague = tuple[Actor, list[log.DecisionView], Progress | None]


def _practice(session: Session, person: Actor, dash: Dashboard) -> Progress | None:
    """A newly qualified worker's practice progress, else None (the caller has checked the viewer may see them)."""
    if person.role != progress.NEWLY_QUALIFIED:
        return None
    return progress.progress_of(session, person.staff_id, dash.bank)


def _colleague(dash: Dashboard, supervisor: Actor, staff_id: str) -> Colleague | None:
    with dash.uow(read_only=True) as session:
        person = team.colleague(session, supervisor, staff_id)
        if person is None:
            return None
        return person, log.list_own(session, person, limit=30), _practice(session, person, dash)


async def colleague_page(request: Request, staff_id: str) -> HTTPResponse:
    """A team member's recent decisions (the log's own list of them), for their supervisor."""
    dash = parts(request)
    supervisor = await _supervisor(request)
    found = await run(_colleague, dash, supervisor, staff_id)
    if found is None:
        await run(access.record, dash.uow, supervisor, PERSON_REFUSED, dash.clock(), target=staff_id[:200])
        raise PageRefusalError(403, "Not in your team", "That person isn't an active member of your team.")
    person, decisions, practice = found
    start, end = default_range(local_time(dash.profile, dash.clock()).date())
    return page(
        request, "person.html", title=person.name, person=person, decisions=decisions, practice=practice,
        bank=dash.bank, start=start, end=end,
    )  # fmt: skip


Own = tuple[list[log.DecisionView], list[team.Review], dict[str, str], Progress | None]


def _own(dash: Dashboard, actor: Actor) -> Own:
    with dash.uow(read_only=True) as session:
        decisions = log.list_own(session, actor, limit=50)
        reviews = team.reviews_received(session, actor)
        names = team.names(session, {r.reviewer_id for r in reviews})
        return decisions, reviews, names, _practice(session, actor, dash)


async def own_page(request: Request) -> HTTPResponse:
    """The signed-in person's own decisions and the reviews of them, and their supervision pack."""
    dash = parts(request)
    visit = await signed_in(request)
    decisions, reviews, names, practice = await run(_own, dash, visit.actor)
    start, end = default_range(local_time(dash.profile, dash.clock()).date())
    return page(request, "mine.html", title="My decisions", decisions=decisions, reviews=reviews, names=names,
                practice=practice, bank=dash.bank, start=start, end=end)  # fmt: skip
