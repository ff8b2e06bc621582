"""The one identity check: refusals audited under one name, visits noted at most every few minutes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.loading import Council
from bot.staff.identity import TOUCH_EVERY, identify
from bot.storage.models import AuditRow, IdentityRow, RefusalCountRow
from tests.fakes.uow import MemoryUnitOfWork

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)


def _seen(uow: MemoryUnitOfWork, external_id: str) -> dt.datetime | None:
    with uow(read_only=True) as session:
        row = session.execute(select(IdentityRow).where(IdentityRow.external_id == external_id)).scalar_one()
        return row.last_seen_at


def test_a_registered_identity_is_found_and_its_visit_noted(council: Council) -> None:
    uow = MemoryUnitOfWork(council.staff)
    with uow() as session:
        actor = identify(session, "rest", "demo-worker", NOW)
    assert actor is not None and actor.staff_id == "demo-worker"
    assert _seen(uow, "demo-worker") is not None


def test_an_unknown_identity_is_refused_and_counted_not_audited_one_by_one(council: Council) -> None:
    uow = MemoryUnitOfWork(council.staff)
    for _ in range(3):
        with uow() as session:
            assert identify(session, "telegram", "999", NOW) is None
    with uow(read_only=True) as session:
        counted = session.execute(select(RefusalCountRow)).scalars().all()
        assert session.execute(select(AuditRow)).scalars().all() == []
    assert [(r.day, r.identity, r.count) for r in counted] == [(NOW.date(), "telegram:999", 3)]


def test_a_visit_is_not_written_again_within_the_quiet_period(council: Council) -> None:
    uow = MemoryUnitOfWork(council.staff)
    with uow() as session:
        identify(session, "rest", "demo-worker", NOW)
    first = _seen(uow, "demo-worker")
    with uow() as session:
        identify(session, "rest", "demo-worker", NOW + TOUCH_EVERY / 2)
    assert _seen(uow, "demo-worker") == first
    with uow() as session:
        identify(session, "rest", "demo-worker", NOW + TOUCH_EVERY * 2)
    assert _seen(uow, "demo-worker") != first


def test_a_new_address_is_written_at_once(council: Council) -> None:
    uow = MemoryUnitOfWork(council.staff)
    with uow() as session:
        identify(session, "rest", "demo-worker", NOW, {"chat_id": 1})
        identify(session, "rest", "demo-worker", NOW + dt.timedelta(seconds=5), {"chat_id": 2})
    with uow(read_only=True) as session:
        row = session.execute(select(IdentityRow).where(IdentityRow.external_id == "demo-worker")).scalar_one()
    assert row.address == '{"chat_id": 2}'
