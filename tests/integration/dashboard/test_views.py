"""The team page, its lists and charts, colleagues' pages and one's own page, through the real server."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from bot.dashboard import views
from bot.decisions import log
from bot.storage.db import unit_of_work
from bot.storage.models import PracticeAttemptRow
from tests.integration.dashboard.conftest import UTC, World, said, sign_in

PNG = b"\x89PNG\r\n\x1a\n"


def _ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/decisions/(\d+)"', page)]


def test_the_team_page_counts_lists_the_queue_oldest_first_with_ages_and_shows_charts(world: World, site: str) -> None:
    page = sign_in(site, world, "demo-supervisor").get("/team")
    text = said(page)
    counts = dict(re.findall(r'id="count-(\w+)"><span class="n">(\d+)</span>', page.text))
    assert counts == {"awaiting": "3", "overdue": "1", "challenged": "1", "reviewed": "2"}
    queue = page.text.split("Review queue")[1].split("</table>")[0]
    assert _ids(queue) == [world.ids["late"], world.ids["edge"], world.ids["fresh"]]  # oldest first
    ages = re.findall(r'<td class="num">(\d+)', queue)
    assert ages == ["3", "2", "0"]  # Mon 23rd, Tue 24th, Thu 26th, seen on Thursday 26th
    assert queue.count("over 2") == 1  # only Monday's is over the limit
    with unit_of_work(world.engine) as session:  # the same queue as the chat's "decisions awaiting my review"
        assert [d.id for d in log.review_queue(session, world.actor("demo-supervisor"))] == _ids(queue)
    charts = re.findall(r'<img src="(/team/charts/\w+\.png)" alt="([^"]+)"', page.text)
    assert [c for c, _ in charts] == [
        f"/team/charts/{k}.png" for k in ("weekly", "outcomes", "delay", "differs", "kinds")
    ]
    assert "Supervision topic" in text and "Not a score" in text
    assert "Demo Practitioner" in text and "Ola Other" not in text  # the other team is nowhere
    assert 'action="/pack"' in page.text


def test_every_chart_is_a_png_drawn_from_the_teams_numbers(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    for key in ("weekly", "outcomes", "delay", "differs", "kinds"):
        image = browser.get(f"/team/charts/{key}.png")
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        assert image.content.startswith(PNG) and len(image.content) > 5_000
    assert browser.get("/team/charts/nothing.png").status_code == 404


@pytest.mark.parametrize(
    ("which", "names"),
    [("awaiting", ["late", "edge", "fresh"]), ("overdue", ["late"]), ("challenged", ["challenged"]),
     ("reviewed", ["challenged", "second"])],
)  # fmt: skip
def test_each_count_links_to_its_decisions(world: World, site: str, which: str, names: list[str]) -> None:
    page = sign_in(site, world, "demo-supervisor").get(f"/team/list/{which}")
    assert page.status_code == 200
    assert _ids(page.text) == [world.ids[n] for n in names]


def test_a_practitioner_is_refused_the_team_page_its_lists_and_charts(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-worker")
    for path in ("/team", "/team/list/awaiting", "/team/charts/weekly.png", "/team/people/demo-nqsw"):
        answer = browser.get(path)
        assert answer.status_code == 403 and "The team page is for supervisors." in said(answer), path
    refused = world.audits(views.TEAM_REFUSED)
    assert [(r.actor, r.target) for r in refused][:2] == [
        ("demo-worker", "/team"),
        ("demo-worker", "/team/list/awaiting"),
    ]
    assert len(refused) == 4


def test_a_supervisor_sees_a_colleagues_recent_decisions_but_not_another_teams_people(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    page = browser.get("/team/people/demo-nqsw")
    assert page.status_code == 200 and "Demo Newly Qualified Social Worker" in said(page)
    assert _ids(page.text) == [world.ids[n] for n in ("second", "agreed", "edge")]  # newest first, as the log lists
    other = browser.get("/team/people/other-worker")
    assert other.status_code == 403
    assert [(r.actor, r.target) for r in world.audits(views.PERSON_REFUSED)] == [("demo-supervisor", "other-worker")]


def test_a_practitioner_sees_only_their_own_decisions_and_reviews(world: World, site: str) -> None:
    page = sign_in(site, world, "demo-worker").get("/mine")
    assert page.status_code == 200
    mine = {world.ids[n] for n in ("late", "fresh", "challenged")}
    assert set(_ids(page.text)) == mine
    assert "challenged by Demo Supervisor" in said(page) and "Talked it through." in said(page)


def test_an_unknown_list_is_not_found(world: World, site: str) -> None:
    assert sign_in(site, world, "demo-supervisor").get("/team/list/everything").status_code == 404


def test_the_figures_are_reused_only_until_the_log_or_the_team_changes(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")

    def counts() -> dict[str, str]:
        return dict(re.findall(r'id="count-(\w+)"><span class="n">(\d+)</span>', browser.get("/team").text))

    assert counts()["awaiting"] == "3"
    assert counts()["awaiting"] == "3"  # the second visit reuses the figures
    with unit_of_work(world.engine) as session:  # a review made in the chat, by another process
        log.add_review(session, world.actor("demo-supervisor"), world.ids["late"], outcome="challenge", comment="",
                       now=world.clock())  # fmt: skip
    assert counts() == {"awaiting": "2", "overdue": "0", "challenged": "2", "reviewed": "3"}
    with unit_of_work(world.engine) as session:
        from bot.staff.directory import deactivate

        deactivate(session, "demo-nqsw")
    assert "Demo Newly Qualified Social Worker</a>" not in browser.get("/team").text  # shown as having left


def _practised(world: World) -> None:
    """Demo NQSW's answers to three induction scenarios: right first time, an under-call and its retry, an over-call."""
    answers = [  # scenario, theme, given, expected, first try, pitfalls, missed, day
        ("disability_hearing_aids_starting_nursery", "disability", 1, 1, True, [], [], 2),
        ("disability_tied_to_a_chair", "disability", 3, 4, True, ["rule_of_optimism", "under_call"],
         ["l4_disabled_child_harm"], 3),
        ("disability_tied_to_a_chair", "disability", 4, 4, False, [], [], 3),
        ("prebirth_young_first_time_mum", "pre_birth", 4, 2, True, ["over_call"], [], 20),
    ]  # fmt: skip
    with unit_of_work(world.engine) as session:
        for scenario, theme, given, expected, first, pitfalls, missed, day in answers:
            session.add(PracticeAttemptRow(
                staff_id="demo-nqsw", scenario_id=scenario, theme=theme, at=dt.datetime(2026, 11, day, 9, tzinfo=UTC),
                level_given=given, expected_level=expected, exact=given == expected,
                within_one=abs(given - expected) <= 1, first_try=first, route_expected="early_help",
                pitfalls=json.dumps(pitfalls), missed=json.dumps(missed),
            ))  # fmt: skip


def test_a_supervisor_sees_a_newly_qualified_workers_practice_progress(world: World, site: str) -> None:
    _practised(world)
    browser = sign_in(site, world, "demo-supervisor")
    team_text = said(browser.get("/team"))
    row = team_text.split('id="team-practice"')[1].split("</table>")[0]
    assert "Demo Newly Qualified Social Worker" in row
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).count("3 33% 67% 1 / 1 20 Nov 2026") == 1
    page = said(browser.get("/team/people/demo-nqsw"))
    practice = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split('id="practice"')[1]))
    assert "Scenarios tried 3 (4 answers in all)" in practice
    assert "First tries at the expected level 1 of 3 (33%)" in practice
    assert "Within one level 2 of 3 (67%)" in practice and "Under-calls / over-calls 1 / 1" in practice
    assert "Disability and special educational needs (2), Pre-birth (1)" in practice
    assert "Neglect" in practice.split("Not yet practised")[1].split("Pitfalls")[0]
    assert "Rule of optimism (1)" in practice and "Over-call (1)" in practice
    assert "Disabled child who is restrained, confined" in practice  # the missed indicator, in the council's words
    assert "2026-11 4 3 1 2" in practice  # by month: answers, first tries, exact, within one
    assert 'id="practice"' not in browser.get("/team/people/demo-worker").text  # only for newly qualified workers


def test_practice_progress_is_on_the_workers_own_page_and_nobody_elses(world: World, site: str) -> None:
    _practised(world)
    own = said(sign_in(site, world, "demo-nqsw").get("/mine"))
    assert "Scenarios tried 3 (4 answers in all)" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", own))
    worker = sign_in(site, world, "demo-worker")
    assert 'id="practice"' not in worker.get("/mine").text
    assert worker.get("/team/people/demo-nqsw").status_code == 403  # a practitioner has no team pages
    assert "Demo Newly Qualified" not in said(worker.get("/mine"))
