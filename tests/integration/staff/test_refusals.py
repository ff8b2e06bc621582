"""Refusal counts under concurrency on real databases: no message lost, the bound held, one row per identity."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.loading import Council
from bot.staff import refusals
from bot.staff.gate import Gate
from bot.storage.db import unit_of_work
from bot.storage.models import RefusalCountRow

T0 = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.timezone.utc)
# 160 made-up ids: more than the daily bound, so the overflow row is raced for too.
WORKERS, EACH = 8, 40
LIMIT = refusals.MAX_IDENTITIES_PER_DAY


def _counts(engine: Engine) -> dict[str, int]:
    with unit_of_work(engine, read_only=True) as session:
        return {r.identity: r.count for r in session.execute(select(RefusalCountRow)).scalars()}


def test_concurrent_refusals_are_all_counted_within_the_bound(any_engine: Engine, council: Council) -> None:
    gate = Gate(any_engine, council.profile, lambda: T0)
    failures: list[str] = []
    start = threading.Barrier(WORKERS)

    def flood(worker: int) -> None:
        start.wait()
        for n in range(EACH):
            # Half from one identity everyone shares (the same row, updated at once), half made up.
            external_id = "shared-stranger" if n % 2 else f"w{worker}-{uuid.uuid4().hex[:8]}"
            admission = gate.admit("telegram", external_id)
            if admission.actor is not None or admission.unavailable:
                failures.append(f"{external_id}: {admission}")

    threads = [threading.Thread(target=flood, args=(w,)) for w in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    counts = _counts(any_engine)
    assert sum(counts.values()) == WORKERS * EACH  # every refused message counted exactly once
    assert counts["telegram:shared-stranger"] == WORKERS * EACH // 2
    assert len(counts) == LIMIT + 1 and counts[refusals.OVERFLOW] == WORKERS * EACH // 2 - (LIMIT - 1)
