"""A decision in full and a review from the page: the log's own rules, chain, audit and the author's notice."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from bot.dashboard.web import CSRF_REFUSED
from bot.decisions import log, usecases
from bot.storage.db import unit_of_work
from bot.storage.models import ReviewRow
from tests.integration.dashboard.conftest import World, csrf, said, sign_in


def _reviews(world: World) -> int:
    with unit_of_work(world.engine) as session:
        return int(session.execute(select(func.count(ReviewRow.id))).scalar_one())


def _form(page: str) -> dict[str, str]:
    uid = re.search(r'name="uid" value="([^"]+)"', page)
    assert uid
    return {"csrf": csrf(page), "uid": uid.group(1)}


def test_a_decision_opens_in_full(world: World, site: str) -> None:
    page = sign_in(site, world, "demo-supervisor").get(f"/decisions/{world.ids['late']}")
    text = said(page)
    assert page.status_code == 200
    for expected in ("Case", "1234501", "Level 3: Targeted", "Level 2: Early help", "differs from the recommendation",
                     "School and health both report", "EHA", "Demo Practitioner", "3 working days ago",
                     "Not reviewed yet.", "awaiting review"):  # fmt: skip
        assert expected in text, expected
    assert "l2_school_absence" not in text  # the indicator in the council's words, not its id
    assert 'id="review-agree"' in page.text and 'id="review-challenge"' in page.text


def test_a_supervisor_reviews_from_the_page_and_the_author_is_told_in_the_chat(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    decision = world.ids["late"]
    page = browser.get(f"/decisions/{decision}")
    form = {
        **_form(page.text),
        "outcome": "discuss",
        "comment": "Let's talk about the school's view. Call 07700 900123.",
    }
    saved = browser.post(f"/decisions/{decision}/review", data=form)
    assert saved.status_code == 303 and saved.headers["location"] == f"/decisions/{decision}?saved=redacted"
    again = browser.post(f"/decisions/{decision}/review", data=form)  # a double click, or the back button
    assert again.status_code == 303 and _reviews(world) == 5  # 4 seeded, this one once
    shown = said(browser.get(saved.headers["location"]))
    assert "Review saved." in shown and "Personal details were removed" in shown
    assert "to discuss in supervision" in shown and "07700 900123" not in shown
    with unit_of_work(world.engine) as session:
        assert log.verify(session) is None  # the review is on the hash chain
    _, told = usecases.session_start(world.dashboard.uow, usecases.Who("rest", "demo-worker"), world.clock())
    assert told is not None and f"#{decision}: to discuss in supervision by demo-supervisor" in told.text


def test_a_review_without_the_pages_csrf_token_is_refused_and_nothing_is_saved(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    decision = world.ids["late"]
    form = _form(browser.get(f"/decisions/{decision}").text)
    for bad in ({**form, "csrf": "forged"}, {k: v for k, v in form.items() if k != "csrf"}):
        answer = browser.post(f"/decisions/{decision}/review", data={**bad, "outcome": "agree"})
        assert answer.status_code == 403 and "Form refused" in said(answer)
    cross_site = browser.post(f"/decisions/{decision}/review", data={**form, "outcome": "agree"},
                              headers={"Origin": "https://evil.example"})  # fmt: skip
    assert cross_site.status_code == 403
    assert _reviews(world) == 4
    assert len(world.audits(CSRF_REFUSED)) == 3


def test_another_teams_decision_is_refused_and_audited_by_the_log(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    other = world.ids["other_team"]
    answer = browser.get(f"/decisions/{other}")
    assert answer.status_code == 403 and f"Decision {other} is not one you can see." in said(answer)
    assert "7654321" not in answer.text
    form = _form(browser.get(f"/decisions/{world.ids['late']}").text)
    review = browser.post(f"/decisions/{other}/review", data={**form, "outcome": "agree"})
    assert review.status_code == 403 and _reviews(world) == 4
    assert [r.target for r in world.audits("refused:open_decision")] == [str(other), str(other)]


def test_a_practitioner_sees_their_own_decision_without_a_review_form_and_cannot_review(
    world: World, site: str
) -> None:
    browser = sign_in(site, world, "demo-worker")
    own = browser.get(f"/decisions/{world.ids['late']}")
    assert own.status_code == 200 and "review-agree" not in own.text
    colleague = browser.get(f"/decisions/{world.ids['edge']}")  # the NQSW's, in the same team
    assert colleague.status_code == 403
    answer = browser.post(f"/decisions/{world.ids['late']}/review", data={"csrf": csrf(own.text), "outcome": "agree"})
    assert answer.status_code == 403 and "Only the author's supervisor" in said(answer)
    assert _reviews(world) == 4


def test_a_bad_outcome_or_an_overlong_comment_is_explained_on_the_form(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    decision = world.ids["edge"]
    form = _form(browser.get(f"/decisions/{decision}").text)
    bad = browser.post(f"/decisions/{decision}/review", data={**form, "outcome": "approve"})
    assert bad.status_code == 400 and "A review is one of: agree, discuss, challenge." in said(bad)
    long = browser.post(f"/decisions/{decision}/review", data={**form, "outcome": "agree", "comment": "word " * 1_100})
    assert long.status_code == 400 and "over 5,000 characters" in said(long)
    assert "word word" in long.text  # what was typed is kept for shortening
    assert _reviews(world) == 4


def test_a_decision_that_does_not_exist_is_refused_like_any_other(world: World, site: str) -> None:
    answer = sign_in(site, world, "demo-supervisor").get("/decisions/999999")
    assert answer.status_code == 403
