"""A decision log with two teams and decisions of every status, on SQLite and PostgreSQL, and its dashboard.

The clock is fixed on Thursday 26 November 2026, 10:30 (London = UTC): a decision logged on Monday
23rd is 3 working days old (over the limit of 2), one logged on Tuesday 24th exactly 2 (not over).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.app.records import upgrade
from bot.council.models import StaffFile, StaffMember
from bot.dashboard.cli import assemble
from bot.dashboard.config import DashboardConfig
from bot.dashboard.links import issue_link
from bot.dashboard.web import Dashboard
from bot.decisions import log
from bot.loading import Council
from bot.settings import ROOT, Settings
from bot.staff import directory
from bot.storage.db import SqlUnitOfWork, make_engine, unit_of_work
from bot.storage.models import AuditRow
from tests.integration.dashboard.serving import client, serving
from tests.integration.stores import fresh_postgres

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 26, 10, 30, tzinfo=UTC)  # a Thursday
KEY = b"a-test-key-for-the-dashboard-sessions-0123456789"
RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."
OTHERS = [
    StaffMember(id="other-sup", name="Olu Other", role="supervisor", team="assessment-2", identities={"rest": ["os"]}),
    StaffMember(
        id="other-worker", name="Ola Other", role="practitioner", team="assessment-2", supervisor="other-sup",
        identities={"rest": ["ow"]},
    ),
]  # fmt: skip


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class World:
    """The seeded database, the dashboard's parts over it, and the decisions by name."""

    url: str
    engine: Engine
    clock: Clock
    dashboard: Dashboard
    council: Council
    ids: dict[str, int] = field(default_factory=dict)

    def actor(self, staff_id: str) -> directory.Actor:
        with unit_of_work(self.engine) as session:
            found = directory.get_actor(session, staff_id)
        assert found is not None
        return found

    def link(self, staff_id: str) -> str:
        return issue_link(self.dashboard.uow, staff_id, self.clock(), base_url="http://dashboard.test")

    def audits(self, action: str) -> list[AuditRow]:
        with unit_of_work(self.engine) as session:
            return list(session.execute(select(AuditRow).where(AuditRow.action == action)).scalars())


def _at(day: int, hour: int = 9, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=UTC)


def _seed(engine: Engine, council: Council) -> dict[str, int]:
    with unit_of_work(engine) as session:
        directory.import_file(session, council.staff)
        directory.import_file(session, StaffFile(staff=OTHERS))
    ids: dict[str, int] = {}
    plan = [
        ("late", "demo-worker", log.Draft("threshold", "1234501", RATIONALE, "EHA", 3, 2, ("l2_school_absence",)),
         _at(23)),
        ("edge", "demo-nqsw", log.Draft("threshold", "1234502", RATIONALE, "Visit", 2, 2), _at(24)),
        ("fresh", "demo-worker", log.Draft("escalation", "1234503", RATIONALE, "Call the LADO"), _at(26)),
        ("challenged", "demo-worker", log.Draft("threshold", "1234504", RATIONALE, "Strategy", 4, 3), _at(10)),
        ("agreed", "demo-nqsw", log.Draft("reflection", "1234505", RATIONALE), _at(2, month=10)),
        ("second", "demo-nqsw", log.Draft("other", "1234506", RATIONALE, "Review in a week"), _at(3)),
        ("own", "demo-supervisor", log.Draft("other", "1234507", RATIONALE), _at(25)),
        ("other_team", "other-worker", log.Draft("threshold", "7654321", RATIONALE, "MASH", 3, 3), _at(20)),
    ]  # fmt: skip
    with unit_of_work(engine) as session:
        people = {m: directory.get_actor(session, m) for _, m, _, _ in plan}
        for name, author, draft, moment in plan:
            actor = people[author]
            assert actor is not None
            ids[name] = log.record(session, actor, draft, moment).id
    reviews = [("challenged", "challenge", _at(12)), ("agreed", "agree", _at(5, month=10)),
               ("second", "challenge", _at(4)), ("second", "agree", _at(5))]  # fmt: skip
    with unit_of_work(engine) as session:
        supervisor = directory.get_actor(session, "demo-supervisor")
        assert supervisor is not None
        for name, outcome, moment in reviews:
            log.add_review(session, supervisor, ids[name], outcome=outcome, comment="Talked it through.", now=moment)
    return ids


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty decision-log database of this test's own."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'practice.db'}"
        upgrade(url)
        yield url
        return
    with fresh_postgres(str(request.getfixturevalue("postgres_url"))) as url:
        upgrade(url)
        yield url


@pytest.fixture()
def world(database: str, tmp_path: Path, council: Council) -> Iterator[World]:
    """The seeded log and the dashboard's parts over it, built by the dashboard's own composition root."""
    engine = make_engine(database)
    ids = _seed(engine, council)
    settings = Settings(
        database_url=database, var_dir=tmp_path / "var", chain_checkpoints=tmp_path / "checkpoints.jsonl",
        council_dir=ROOT / "council" / "haringey",
    )  # fmt: skip
    clock = Clock(NOW)
    dashboard = assemble(settings, DashboardConfig(key=KEY, development_key=False), clock)
    try:
        yield World(database, engine, clock, dashboard, council, ids)
    finally:
        uow = dashboard.uow
        if isinstance(uow, SqlUnitOfWork):
            uow.engine.dispose()
        engine.dispose()


@pytest.fixture()
def site(world: World) -> Iterator[str]:
    """The dashboard served on a free port over the world's database."""
    with serving(world.dashboard) as base:
        yield base


def sign_in(base: str, world: World, staff_id: str) -> httpx.Client:
    """A client signed in as this member of staff through a fresh link (confirm page, then the button)."""
    browser = client(base)
    token = world.link(staff_id).rsplit("/", 1)[1]
    confirm = browser.get(f"/signin/{token}")
    assert confirm.status_code == 200, confirm.text
    done = browser.post("/signin", data={"token": token})
    assert done.status_code == 303 and done.headers["location"] == "/"
    return browser


def csrf(page: str) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def said(answer: httpx.Response) -> str:
    """A page's text as a person reads it (entities such as &#39; turned back into characters)."""
    return html.unescape(answer.text)
