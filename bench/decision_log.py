"""Decision-log benchmark: write p95, review queue over 100,000 decisions, and verify time (SQLite)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert

from bot.app.records import upgrade
from bot.council.models import StaffFile, StaffMember
from bot.decisions import log as decisions
from bot.decisions.log import Draft
from bot.staff import directory as staff
from bot.storage import chain
from bot.storage.db import make_engine, unit_of_work
from bot.storage.models import ChainHeadRow, DecisionRow

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."
TEAMS = 50


def _people() -> StaffFile:
    members = [
        StaffMember(id=f"sup{t}", name=f"Sup {t}", role="supervisor", team=f"t{t}", identities={"rest": [f"sup{t}"]})
        for t in range(TEAMS)
    ]
    members += [
        StaffMember(
            id=f"w{t}-{i}",
            name=f"W {t}-{i}",
            role="practitioner",
            team=f"t{t}",
            supervisor=f"sup{t}",
            identities={"rest": [f"w{t}-{i}"]},
        )
        for t in range(TEAMS)
        for i in range(8)
    ]
    return StaffFile(staff=members)


def _fill(engine_url: str, count: int) -> None:
    """Insert `count` chained decisions quickly (one transaction, computed hashes)."""
    engine = make_engine(engine_url)
    prev = chain.GENESIS
    rows = []
    for n in range(count):
        author = f"w{n % TEAMS}-{n % 8}"
        created = T0 + dt.timedelta(minutes=n)
        row = DecisionRow(
            uid=str(uuid.uuid4()),
            kind="threshold",
            case_ref=str(1_000_000 + n),
            recommended_level=3,
            chosen_level=2,
            indicators=json.dumps(["l2_school_absence"]),
            rationale=RATIONALE,
            next_step="EHA",
            author_id=author,
            created_at=created,
        )
        payload = decisions._payload(row)
        digest = chain.row_hash(prev, payload)
        rows.append(
            {**payload, "indicators": row.indicators, "created_at": created, "prev_hash": prev, "row_hash": digest}
        )
        prev = digest
    with engine.begin() as conn:
        conn.execute(insert(DecisionRow.__table__), rows)
        conn.execute(insert(ChainHeadRow.__table__), [{"chain": "decisions", "last_hash": prev}])
    engine.dispose()


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[94]


def main() -> int:
    """Run the three measurements and print them as Markdown."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pc-bench-db-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    upgrade(url)
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        staff.import_file(session, _people())
    started = time.perf_counter()
    _fill(url, args.rows)
    fill_s = time.perf_counter() - started
    with unit_of_work(engine) as session:
        worker, supervisor = staff.get_actor(session, "w1-1"), staff.get_actor(session, "sup1")
    assert worker and supervisor
    writes = []
    for n in range(200):
        t = time.perf_counter()
        with unit_of_work(engine) as session:
            decisions.record(
                session, worker, Draft("other", "1234567", RATIONALE), T0 + dt.timedelta(days=400, minutes=n)
            )
        writes.append((time.perf_counter() - t) * 1000)
    queue = []
    for _ in range(50):
        t = time.perf_counter()
        with unit_of_work(engine) as session:
            decisions.review_queue(session, supervisor)
        queue.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    with unit_of_work(engine) as session:
        broken = decisions.verify(session)
    verify_s = time.perf_counter() - t
    print(f"| measure ({args.rows:,} decisions, SQLite) | value | goal |\n|---|---|---|")
    print(f"| fill (bulk, computed chain) | {fill_s:.1f} s | - |")
    print(f"| record a decision, p95 | {_p95(writes):.1f} ms | < 20 ms {'PASS' if _p95(writes) < 20 else 'FAIL'} |")
    print(f"| review queue, p95 | {_p95(queue):.1f} ms | < 50 ms {'PASS' if _p95(queue) < 50 else 'FAIL'} |")
    state = "intact" if broken is None else str(broken)
    verdict = "PASS" if verify_s < 5 else "FAIL"
    print(f"| verify both chains | {verify_s:.2f} s ({state}) | < 5 s {verdict} |")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
