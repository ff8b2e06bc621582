"""Sign-in links on a real database: once, for 10 minutes, for one person; only a hash is kept; refusals audited."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from bot.dashboard import links
from bot.storage.db import unit_of_work
from bot.storage.models import AuditRow
from tests.integration.dashboard.conftest import World


def _token(link: str) -> str:
    return link.rsplit("/", 1)[1]


def test_a_link_is_issued_for_one_person_and_only_its_hash_is_kept(world: World) -> None:
    link = links.issue_link(world.dashboard.uow, "demo-supervisor", world.clock(), base_url="https://pc.example")
    token = _token(link)
    assert link == f"https://pc.example/signin/{token}" and len(token) >= 40
    with unit_of_work(world.engine) as session:
        stored = [(r.actor, r.target, r.detail) for r in session.execute(select(AuditRow)).scalars()]
    assert ("demo-supervisor", "demo-supervisor", links.digest(token)) in stored
    assert not any(token in detail for _, _, detail in stored)  # the token itself is nowhere


def test_a_link_signs_in_its_owner_once(world: World) -> None:
    token = _token(world.link("demo-worker"))
    assert links.check(world.dashboard.uow, token, world.clock()).staff_id == "demo-worker"  # looking spends nothing
    assert links.redeem(world.dashboard.uow, token, world.clock()).staff_id == "demo-worker"
    with pytest.raises(links.LinkRefusedError) as refused:
        links.redeem(world.dashboard.uow, token, world.clock())
    assert refused.value.reason == "used"
    assert [r.detail.split()[0] for r in world.audits(links.REFUSED)] == ["used"]
    assert [r.actor for r in world.audits(links.USED)] == ["demo-worker"]


def test_a_link_expires_after_ten_minutes(world: World) -> None:
    token = _token(world.link("demo-worker"))
    almost = world.clock() + links.LIFETIME - dt.timedelta(seconds=1)
    assert links.check(world.dashboard.uow, token, almost).staff_id == "demo-worker"
    with pytest.raises(links.LinkRefusedError) as refused:
        links.redeem(world.dashboard.uow, token, world.clock() + links.LIFETIME)
    assert refused.value.reason == "expired" and "10 minutes" in str(refused.value)
    assert [(r.actor, r.detail.split()[0]) for r in world.audits(links.REFUSED)] == [("demo-worker", "expired")]


@pytest.mark.parametrize("token", ["x" * 43, "short", "<script>", "a" * 500])
def test_a_made_up_link_is_refused_and_audited(world: World, token: str) -> None:
    with pytest.raises(links.LinkRefusedError) as refused:
        links.redeem(world.dashboard.uow, token, world.clock())
    assert refused.value.reason == "unknown"
    assert [(r.actor, r.detail.split()[0]) for r in world.audits(links.REFUSED)] == [("unknown", "unknown")]


def test_no_link_for_someone_not_in_the_directory_or_no_longer_active(world: World) -> None:
    with pytest.raises(links.LinkError, match="no active member of staff with id 'nobody'"):
        links.issue_link(world.dashboard.uow, "nobody", world.clock())
    token = _token(world.link("demo-nqsw"))
    with unit_of_work(world.engine) as session:
        from bot.staff.directory import deactivate

        deactivate(session, "demo-nqsw")
    with pytest.raises(links.LinkRefusedError) as refused:
        links.redeem(world.dashboard.uow, token, world.clock())
    assert refused.value.reason == "inactive"


def test_two_tabs_racing_with_one_link_get_in_once(world: World) -> None:
    token = _token(world.link("demo-supervisor"))
    results: list[str] = []
    start = threading.Barrier(4)

    def attempt() -> None:
        start.wait()
        try:
            results.append(links.redeem(world.dashboard.uow, token, world.clock()).staff_id)
        except links.LinkRefusedError as refused:
            results.append(refused.reason)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["demo-supervisor", "used", "used", "used"]
    assert len(world.audits(links.USED)) == 1


def test_the_chat_gives_a_link_to_the_person_behind_the_identity(world: World) -> None:
    said = links.chat_link(world.dashboard.uow, "rest", "demo-supervisor", world.clock()).text
    assert "your team's decisions" in said and "/signin/" in said and "Don't forward it" in said
    token = said.split("/signin/")[1].split()[0]
    assert links.redeem(world.dashboard.uow, token, world.clock()).staff_id == "demo-supervisor"
    own = links.chat_link(world.dashboard.uow, "rest", "demo-worker", world.clock()).text
    assert "your decisions and their reviews" in own
    stranger = links.chat_link(world.dashboard.uow, "rest", "someone-else", world.clock()).text
    assert "not in this council's staff directory" in stranger and "/signin/" not in stranger
