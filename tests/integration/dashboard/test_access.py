"""Sessions through the real server: forged or changed cookies, idle logout, leavers; each refusal audited."""

from __future__ import annotations

import datetime as dt

from bot.dashboard import access
from bot.dashboard.cookies import seal, unseal
from bot.staff.directory import deactivate
from bot.storage.db import unit_of_work
from tests.integration.dashboard.conftest import KEY, World, said, sign_in
from tests.integration.dashboard.serving import client


def _cookie(browser: object) -> str:
    value = browser.cookies.get("pc_session")  # type: ignore[attr-defined]
    assert value
    return str(value)


def test_a_cookie_signed_with_another_key_is_refused_and_audited(world: World, site: str) -> None:
    real = unseal(_cookie(sign_in(site, world, "demo-worker")), KEY)
    assert real is not None
    forged = client(site)
    # The same contents, claiming the supervisor, signed with the development key anyone has.
    forged.cookies.set("pc_session", seal(real.__class__(real.sid, "demo-supervisor", real.started, real.seen), b"x"))
    answer = forged.get("/team")
    assert answer.status_code == 403 and "couldn't be checked" in said(answer)
    assert 'pc_session=""' in answer.headers["set-cookie"]  # and the browser is told to drop it
    assert [(r.actor, r.detail) for r in world.audits(access.BAD_COOKIE)] == [("unknown", "forged or changed cookie")]


def test_a_cookie_changed_by_one_character_is_refused(world: World, site: str) -> None:
    value = _cookie(sign_in(site, world, "demo-worker"))
    body = value.split(".")[1]
    changed = value.replace(body, body[:-1] + ("A" if body[-1] != "A" else "B"))
    tampered = client(site)
    tampered.cookies.set("pc_session", changed)
    assert tampered.get("/mine").status_code == 403
    assert len(world.audits(access.BAD_COOKIE)) == 1


def test_thirty_idle_minutes_sign_you_out_but_each_visit_restarts_the_clock(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    for _ in range(3):
        world.clock.now += dt.timedelta(minutes=29)
        assert browser.get("/team").status_code == 200  # 87 minutes in all, never 30 idle
    world.clock.now += dt.timedelta(minutes=30, seconds=1)
    answer = browser.get("/team")
    assert answer.status_code == 401 and "30 minutes without activity" in said(answer)
    assert [r.detail for r in world.audits(access.IDLE_OUT)] == ["idle"]


def test_someone_who_leaves_the_directory_is_signed_out_at_once(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-worker")
    assert browser.get("/mine").status_code == 200
    with unit_of_work(world.engine) as session:
        deactivate(session, "demo-worker")
    answer = browser.get("/mine")
    assert answer.status_code == 403 and "no longer in the staff directory" in said(answer)


def test_no_cookie_means_a_sign_in_page_not_an_error(world: World, site: str) -> None:
    answer = client(site).get("/team")
    assert answer.status_code == 401 and "open my dashboard" in said(answer)
    assert world.audits(access.BAD_COOKIE) == []
