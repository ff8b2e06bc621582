"""Refusals are counted per identity per day in a bounded number of rows, whatever the flood."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select

from bot.loading import Council
from bot.staff import refusals
from bot.staff.identity import identify
from bot.staff.refusals import MAX_IDENTITIES_PER_DAY, OVERFLOW, recent
from bot.storage.models import AuditRow, RefusalCountRow
from tests.fakes.uow import MemoryUnitOfWork

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)


def _rows(uow: MemoryUnitOfWork) -> list[RefusalCountRow]:
    with uow(read_only=True) as session:
        return list(session.execute(select(RefusalCountRow).order_by(RefusalCountRow.first_at)).scalars())


def _refuse(uow: MemoryUnitOfWork, ids: list[str], start: dt.datetime = NOW) -> None:
    for n, external_id in enumerate(ids):
        with uow() as session:
            assert identify(session, "telegram", external_id, start + dt.timedelta(seconds=n)) is None


def test_a_thousand_messages_from_one_id_are_one_row(council: Council) -> None:
    uow = MemoryUnitOfWork(council.staff)
    _refuse(uow, ["999"] * 1_000)
    (row,) = _rows(uow)
    assert (row.identity, row.count) == ("telegram:999", 1_000)
    assert row.last_at - row.first_at == dt.timedelta(seconds=999)


def test_a_thousand_made_up_ids_fill_at_most_the_bound_and_the_overflow(council: Council) -> None:
    uow = MemoryUnitOfWork(council.staff)
    strangers = [str(random.randrange(10**12)) for _ in range(1_000)]
    _refuse(uow, strangers)
    rows = _rows(uow)
    assert len(rows) == MAX_IDENTITIES_PER_DAY + 1
    assert sum(r.count for r in rows) == 1_000  # every message counted, none lost
    overflow = next(r for r in rows if r.identity == OVERFLOW)
    assert overflow.count == 1_000 - MAX_IDENTITIES_PER_DAY
    assert [r.identity for r in rows if r.identity != OVERFLOW] == [f"telegram:{s}" for s in strangers[:100]]
    with uow(read_only=True) as session:
        assert session.execute(select(func.count()).select_from(AuditRow)).scalar_one() == 0


def test_identities_with_a_row_keep_counting_after_the_bound_is_reached(council: Council) -> None:
    uow = MemoryUnitOfWork(council.staff)
    with uow() as session:
        for n in range(5):
            assert refusals.count(session, f"rest:{n}", NOW, limit=3) == (f"rest:{n}" if n < 3 else OVERFLOW)
        assert refusals.count(session, "rest:0", NOW, limit=3) == "rest:0"
    counts = {r.identity: r.count for r in _rows(uow)}
    assert counts == {"rest:0": 2, "rest:1": 1, "rest:2": 1, OVERFLOW: 2}


def test_each_day_has_its_own_rows_and_bound(council: Council) -> None:
    uow = MemoryUnitOfWork(council.staff)
    with uow() as session:
        for day in range(3):
            for n in range(5):
                refusals.count(session, f"rest:{n}", NOW + dt.timedelta(days=day), limit=2)
    with uow(read_only=True) as session:
        found = recent(session, (NOW + dt.timedelta(days=1)).date())
    assert [(c.day.day, c.identity, c.count) for c in found] == [
        (28, OVERFLOW, 3),
        (28, "rest:0", 1),
        (28, "rest:1", 1),
        (27, OVERFLOW, 3),
        (27, "rest:0", 1),
        (27, "rest:1", 1),
    ]


def test_the_day_is_the_utc_day(council: Council) -> None:
    uow = MemoryUnitOfWork(council.staff)
    late = dt.datetime(2026, 11, 26, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))  # 04:30 UTC on the 27th
    with uow() as session:
        refusals.count(session, "rest:x", late)
    assert [r.day for r in _rows(uow)] == [dt.date(2026, 11, 27)]
