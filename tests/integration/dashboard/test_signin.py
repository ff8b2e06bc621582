"""Signing in through the real server: a link, a confirm button, a signed HttpOnly SameSite=Strict cookie."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.dashboard import access, links
from tests.integration.dashboard.conftest import World, csrf, said, sign_in
from tests.integration.dashboard.serving import client, serving


def test_a_link_signs_a_supervisor_in_to_their_team_page(world: World, site: str) -> None:
    browser = client(site)
    token = world.link("demo-supervisor").rsplit("/", 1)[1]
    confirm = browser.get(f"/signin/{token}")
    assert confirm.status_code == 200 and "Demo Supervisor" in said(confirm) and 'id="sign-in"' in said(confirm)
    assert world.audits(links.USED) == []  # opening the link (as a chat preview does) spends nothing
    done = browser.post("/signin", data={"token": token})
    assert done.status_code == 303 and done.headers["location"] == "/"
    cookie = done.headers["set-cookie"]
    assert cookie.startswith("pc_session=v1.") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Path=/" in cookie and "Secure" not in cookie and "Max-Age" not in cookie  # a session cookie
    home = browser.get("/")
    assert home.status_code == 303 and home.headers["location"] == "/team"
    team = browser.get("/team")
    assert team.status_code == 200 and "Team assessment-1" in said(team)
    assert [r.actor for r in world.audits(access.SIGNED_IN)] == ["demo-supervisor"]


def test_a_practitioner_is_taken_to_their_own_decisions(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-worker")
    home = browser.get("/")
    assert home.status_code == 303 and home.headers["location"] == "/mine"


def test_a_used_link_is_refused_with_a_clear_page_and_an_audit_row(world: World, site: str) -> None:
    link = world.link("demo-supervisor")
    token = link.rsplit("/", 1)[1]
    assert client(site).post("/signin", data={"token": token}).status_code == 303
    again = client(site)
    for answer in (again.get(f"/signin/{token}"), again.post("/signin", data={"token": token})):
        assert answer.status_code == 403
        assert "already been used" in said(answer) and "open my dashboard" in said(answer)
        assert "set-cookie" not in answer.headers
    assert [r.detail.split()[0] for r in world.audits(links.REFUSED)] == ["used", "used"]


def test_an_expired_link_is_refused_with_a_clear_page_and_an_audit_row(world: World, site: str) -> None:
    token = world.link("demo-supervisor").rsplit("/", 1)[1]
    world.clock.now += dt.timedelta(minutes=10, seconds=1)
    answer = client(site).get(f"/signin/{token}")
    assert answer.status_code == 403 and "has expired" in said(answer)
    assert [(r.actor, r.detail.split()[0]) for r in world.audits(links.REFUSED)] == [("demo-supervisor", "expired")]


def test_a_made_up_link_is_refused(world: World, site: str) -> None:
    answer = client(site).get("/signin/" + "A" * 43)
    assert answer.status_code == 403 and "isn't one we issued" in said(answer)
    assert len(world.audits(links.REFUSED)) == 1


def test_a_sign_in_form_posted_from_another_site_is_refused(world: World, site: str) -> None:
    token = world.link("demo-worker").rsplit("/", 1)[1]
    answer = client(site).post("/signin", data={"token": token}, headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403 and "another site" in said(answer)
    assert world.audits(links.USED) == []  # the link is still good for its owner


def test_signing_out_ends_the_session_even_for_a_copy_of_the_cookie(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    page = browser.get("/team")
    copied = dict(browser.cookies)
    out = browser.post("/signout", data={"csrf": csrf(page.text)})
    assert out.status_code == 200 and "signed out" in said(out).lower()
    assert 'pc_session=""' in out.headers["set-cookie"] and "Max-Age=0" in out.headers["set-cookie"]
    replay = client(site)
    replay.cookies.update(copied)
    answer = replay.get("/team")
    assert answer.status_code == 403 and "signed out" in said(answer)
    assert [r.detail for r in world.audits(access.BAD_COOKIE)] == ["signed-out session"]
    assert [r.actor for r in world.audits(access.SIGNED_OUT)] == ["demo-supervisor"]


def test_signing_out_needs_the_pages_csrf_token(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    answer = browser.post("/signout", data={"csrf": "not-the-token"})
    assert answer.status_code == 403
    assert browser.get("/team").status_code == 200  # still signed in


def test_with_https_the_cookie_is_secure_and_bound_to_this_host(world: World) -> None:
    secure = dataclasses.replace(world.dashboard, config=dataclasses.replace(world.dashboard.config, secure=True))
    with serving(secure) as base:
        token = world.link("demo-supervisor").rsplit("/", 1)[1]
        cookie = client(base).post("/signin", data={"token": token}).headers["set-cookie"]
    assert cookie.startswith("__Host-pc_session=v1.") and "; Secure" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie
