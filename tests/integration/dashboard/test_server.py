"""Every answer carries the security headers; failures get clear pages, never a stack trace; and with the
database down the page says so, and a review is either saved whole or not at all."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot.dashboard.server import DB_DOWN, HEADERS
from bot.decisions import log
from bot.storage import chain
from bot.storage.db import SqlUnitOfWork, make_engine, unit_of_work
from bot.storage.models import ChainHeadRow, ReviewRow
from tests.integration.dashboard.conftest import World, csrf, said, sign_in
from tests.integration.dashboard.serving import client, serving


def _secure(answer: object) -> None:
    headers = answer.headers  # type: ignore[attr-defined]
    for name, value in HEADERS.items():
        assert headers[name] == value, name
    assert "default-src 'self'" in headers["content-security-policy"]


def test_every_kind_of_answer_carries_the_security_headers(world: World, site: str) -> None:
    anyone = client(site)
    browser = sign_in(site, world, "demo-supervisor")
    answers = [
        anyone.get("/health"), anyone.get("/"), anyone.get("/static/dashboard.css"), anyone.get("/team"),
        anyone.get("/no/such/page"), anyone.get("/signin/" + "B" * 43), browser.get("/team"),
        browser.get("/team/charts/weekly.png"), browser.get(f"/decisions/{world.ids['other_team']}"),
        browser.get("/pack", params={"from": "2026-11-01", "to": "2026-11-30"}), anyone.delete("/team"),
    ]  # fmt: skip
    assert [a.status_code for a in answers] == [200, 200, 200, 401, 404, 403, 200, 200, 403, 200, 405]
    for answer in answers:
        _secure(answer)
        assert "Traceback" not in answer.text


def test_the_stylesheet_is_served_by_the_app_and_pages_fetch_nothing_from_elsewhere(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    css = browser.get("/static/dashboard.css")
    assert css.headers["content-type"].startswith("text/css") and ".counts" in css.text
    for path in ("/team", f"/decisions/{world.ids['late']}", "/mine"):
        page = browser.get(path).text
        assert "http://" not in page and "https://" not in page and "<script" not in page, path


class _DownAtCommit:
    """Units of work on the real database whose commit fails, as when the server goes away mid-review."""

    def __init__(self, real: SqlUnitOfWork) -> None:
        self.real = real

    def __call__(self, *, read_only: bool = False) -> AbstractContextManager[Session]:
        return self._unit(read_only)

    @contextmanager
    def _unit(self, read_only: bool) -> Iterator[Session]:
        with unit_of_work(self.real.engine, read_only=read_only) as session:
            yield session
            if session.info.get(chain.APPENDED):  # a chain row (the review) was written: fail its commit
                raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))


def test_a_review_is_never_half_written_when_the_database_fails_at_the_commit(world: World) -> None:
    real = world.dashboard.uow
    assert isinstance(real, SqlUnitOfWork)
    with serving(world.dashboard) as base:  # sign in and open the form while all is well
        browser = sign_in(base, world, "demo-supervisor")
        form = browser.get(f"/decisions/{world.ids['late']}").text
    with unit_of_work(world.engine) as session:
        head = session.get(ChainHeadRow, "reviews").last_hash
    failing = dataclasses.replace(world.dashboard, uow=_DownAtCommit(real))
    with serving(failing) as base:
        again = client(base)
        again.cookies.update(browser.cookies)
        answer = again.post(f"/decisions/{world.ids['late']}/review", data={"csrf": csrf(form), "outcome": "agree"})
    assert answer.status_code == 503 and DB_DOWN in said(answer) and "Traceback" not in answer.text
    with unit_of_work(world.engine) as session:
        assert session.execute(select(func.count(ReviewRow.id))).scalar_one() == 4  # the 4 seeded, no more
        assert session.get(ChainHeadRow, "reviews").last_hash == head
        assert log.verify(session) is None


@pytest.mark.parametrize("path", ["/", "/team", "/mine", "/signin/" + "C" * 43])
def test_with_the_database_unreachable_every_page_says_so_plainly(world: World, path: str) -> None:
    unreachable = make_engine("postgresql+psycopg2://nobody@127.0.0.1:9/none", connect_args={"connect_timeout": 2})
    down = dataclasses.replace(world.dashboard, uow=SqlUnitOfWork(unreachable))
    with serving(world.dashboard) as base:
        cookies = sign_in(base, world, "demo-supervisor").cookies
    try:
        with serving(down) as base:
            browser = client(base)
            browser.cookies.update(cookies)
            answer = browser.get(path)
            post = browser.post("/signin", data={"token": "D" * 43})
    finally:
        unreachable.dispose()
    for failed in (answer, post):
        assert failed.status_code == 503 and DB_DOWN in said(failed)
        assert (
            "Traceback" not in failed.text and "psycopg2" not in failed.text and "OperationalError" not in failed.text
        )
        _secure(failed)
    assert "set-cookie" not in answer.headers  # a session that could not be checked is not renewed
