"""When the database cannot be written, a decision waits on disk and arrives exactly once."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.council.models import StaffFile, StaffMember
from bot.decisions import log as decisions
from bot.decisions.log import Draft
from bot.decisions.outbox import Outbox, save
from bot.staff import directory as staff
from bot.storage.db import SqlUnitOfWork, unit_of_work

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)
DRAFT = Draft("other", "1234567", "A rationale long enough to be kept in the decision log for supervision review.")


def _worker(engine: Engine) -> staff.Actor:
    member = StaffMember(id="pw", name="Pat W", role="practitioner", team="a", identities={"rest": ["pw"]})
    with unit_of_work(engine) as session:
        staff.import_file(session, StaffFile(staff=[member]))
        actor = staff.get_actor(session, "pw")
    assert actor is not None
    return actor


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM decisions")).scalar() or 0)


def test_locked_database_queues_then_writes_once(engine: Engine, sqlite_url: str, tmp_path: Path) -> None:
    actor, outbox = _worker(engine), Outbox(tmp_path / "outbox")
    lock = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        kept = save(SqlUnitOfWork(engine), outbox, actor, DRAFT, NOW)
    finally:
        lock.rollback()
        lock.close()
    assert kept.queued and kept.decision is None and len(outbox.pending()) == 1
    assert _count(engine) == 0
    written = save(SqlUnitOfWork(engine), outbox, actor, DRAFT, NOW + dt.timedelta(minutes=1))
    assert not written.queued and outbox.pending() == []
    assert _count(engine) == 2  # the waiting one first, then the new one; no copies
    with unit_of_work(engine) as session:
        assert decisions.verify(session) is None


def test_crash_after_commit_before_delete_does_not_copy(engine: Engine, tmp_path: Path) -> None:
    actor, outbox = _worker(engine), Outbox(tmp_path / "outbox")
    entry = outbox.put(actor, DRAFT, NOW, "uid-1")
    with unit_of_work(engine) as session:
        decisions.record(session, actor, DRAFT, NOW, uid="uid-1")  # written, but the file stayed
    assert json.loads(entry.read_text())["uid"] == "uid-1"
    assert outbox.flush(SqlUnitOfWork(engine)) == 1
    assert _count(engine) == 1 and outbox.pending() == []
