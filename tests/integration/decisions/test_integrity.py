"""The anchored decision log on real databases: every save checkpointed, and a rewritten chain found anyway."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from bot.council.models import StaffFile, StaffMember
from bot.decisions import log
from bot.decisions.integrity import check, sign_heads
from bot.decisions.outbox import Outbox, save
from bot.staff import directory as staff
from bot.storage.chain import Break, canonical_time, row_hash
from bot.storage.checkpoints import CheckpointFile, SigningKey
from bot.storage.db import SqlUnitOfWork, unit_of_work
from bot.storage.models import DecisionRow

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)
KEY = SigningKey(b"integration-test-key-of-32-characters!")
RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."
PEOPLE = StaffFile(
    staff=[
        StaffMember(id="sup", name="Sam Sup", role="supervisor", team="a", identities={"rest": ["sup"]}),
        StaffMember(
            id="pw", name="Pat W", role="practitioner", team="a", supervisor="sup", identities={"rest": ["pw"]}
        ),
    ]
)


@pytest.fixture()
def db(any_engine: Engine) -> Engine:
    """A freshly migrated decision-log database (SQLite, then PostgreSQL) with two members of staff."""
    with unit_of_work(any_engine) as session:
        staff.import_file(session, PEOPLE)
    return any_engine


@pytest.fixture()
def file(tmp_path: Path) -> CheckpointFile:
    return CheckpointFile(tmp_path / "var" / "chain-checkpoints.jsonl", KEY)


def _actor(engine: Engine, staff_id: str) -> staff.Actor:
    with unit_of_work(engine) as session:
        actor = staff.get_actor(session, staff_id)
    assert actor is not None
    return actor


def _save(engine: Engine, file: CheckpointFile, outbox: Path, count: int, start: int = 0) -> list[int]:
    """Save decisions the way the conversation does (outbox first), each in its own unit of work."""
    uow, actor = SqlUnitOfWork(engine, file), _actor(engine, "pw")
    ids = []
    for minute in range(start, start + count):
        draft = log.Draft("threshold", "1234567", RATIONALE, "EHA next week", recommended_level=3, chosen_level=2)
        saved = save(uow, Outbox(outbox), actor, draft, T0 + dt.timedelta(minutes=minute))
        assert saved.decision is not None
        ids.append(saved.decision.id)
    return ids


def _report(engine: Engine, file: CheckpointFile) -> Any:
    with unit_of_work(engine, read_only=True) as session:
        return check(session, file)


def _hash_chain_alone_is_fooled(engine: Engine) -> None:
    with unit_of_work(engine, read_only=True) as session:
        assert log.verify(session) is None


def _payload(row: Any) -> dict[str, Any]:
    # The attacker knows the code: the same fields, in the same canonical form.
    fields = ("uid", "kind", "case_ref", "recommended_level", "chosen_level", "indicators", "rationale", "next_step")
    return {
        **{f: getattr(row, f) for f in fields},
        "author_id": row.author_id,
        "created_at": canonical_time(row.created_at),
    }


def _rewrite(engine: Engine, row_id: int, rationale: str) -> None:
    """What someone with write access to the database can do: change a row, then recompute every hash and the head."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE decisions SET rationale = :r WHERE id = :id"), {"r": rationale, "id": row_id})
        prev = conn.execute(text("SELECT prev_hash FROM decisions WHERE id = :id"), {"id": row_id}).scalar_one()
        rows = conn.execute(select(DecisionRow.__table__).where(DecisionRow.id >= row_id).order_by("id")).all()
        for row in rows:
            new = row_hash(prev, _payload(row))
            conn.execute(
                text("UPDATE decisions SET prev_hash = :p, row_hash = :h WHERE id = :id"),
                {"p": prev, "h": new, "id": row.id},
            )
            prev = new
        conn.execute(text("UPDATE chain_heads SET last_hash = :h WHERE chain = 'decisions'"), {"h": prev})


def test_saved_decisions_and_reviews_are_checkpointed_and_verify_clean(
    db: Engine, file: CheckpointFile, tmp_path: Path
) -> None:
    ids = _save(db, file, tmp_path / "outbox", 3)
    with unit_of_work(db, anchor=file) as session:
        log.add_review(session, _actor(db, "sup"), ids[0], outcome="agree", comment="", now=T0)
    signed, problems = file.read()
    assert problems == [] and [(c.chain, c.row_id) for c in signed] == [("decisions", i) for i in ids] + [
        ("reviews", 1)
    ]
    report = _report(db, file)
    assert report.ok and report.findings == [] and report.broken is None
    assert report.rows == {"decisions": 3, "reviews": 1} and report.checkpoints == 4


def test_a_row_changed_and_the_chain_recomputed_in_sql_is_found(
    db: Engine, file: CheckpointFile, tmp_path: Path
) -> None:
    ids = _save(db, file, tmp_path / "outbox", 5)
    _rewrite(db, ids[2], "Nothing to worry about here; the family are doing well and no plan is needed.")
    _hash_chain_alone_is_fooled(db)
    report = _report(db, file)
    assert not report.ok
    (finding,) = [f for f in report.findings if f.serious]
    assert (finding.chain, finding.row_id) == ("decisions", ids[2])
    assert "recomputed" in finding.reason and "3 signed row(s) differ" in finding.reason


def test_deleting_the_newest_rows_and_moving_the_head_back_is_found(
    db: Engine, file: CheckpointFile, tmp_path: Path
) -> None:
    ids = _save(db, file, tmp_path / "outbox", 4)
    with db.begin() as conn:
        conn.execute(text("DELETE FROM decisions WHERE id >= :id"), {"id": ids[2]})
        conn.execute(
            text("UPDATE chain_heads SET last_hash = (SELECT row_hash FROM decisions WHERE id = :id)"), {"id": ids[1]}
        )
    _hash_chain_alone_is_fooled(db)
    (finding,) = _report(db, file).findings
    assert finding.row_id == ids[2] and finding.serious and "the newest rows were deleted" in finding.reason


def test_a_failed_commit_writes_no_checkpoint(db: Engine, file: CheckpointFile, tmp_path: Path) -> None:
    def refuse(_: Any) -> None:
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    uow, outbox, actor = SqlUnitOfWork(db, file), Outbox(tmp_path / "outbox"), _actor(db, "pw")
    event.listen(db, "commit", refuse)
    try:
        kept = save(uow, outbox, actor, log.Draft("other", "1234567", RATIONALE), T0)
    finally:
        event.remove(db, "commit", refuse)
    assert kept.queued and not file.path.exists()  # no checkpoint for a row that was never written
    _save(db, file, tmp_path / "outbox", 1, start=1)  # the waiting record goes first, checkpointed too
    with unit_of_work(db, read_only=True) as session:
        stored = session.execute(select(DecisionRow.id).order_by(DecisionRow.id)).scalars().all()
    assert len(stored) == 2 and [c.row_id for c in file.read()[0]] == stored
    assert _report(db, file).ok


def test_a_checkpoint_that_cannot_be_written_loses_no_record_and_is_reported(
    db: Engine, file: CheckpointFile, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ids = _save(db, file, tmp_path / "outbox", 1)
    aside = file.path.with_suffix(".aside")
    file.path.rename(aside)
    file.path.mkdir()  # the checkpoint file cannot be opened for writing now
    lost = _save(db, file, tmp_path / "outbox", 1, start=1)
    assert [r for r in caplog.records if r.levelno == logging.CRITICAL and "CHECKPOINT NOT WRITTEN" in r.getMessage()]
    shutil.rmtree(file.path)
    aside.rename(file.path)
    with unit_of_work(db, read_only=True) as session:
        assert session.get(DecisionRow, lost[0]) is not None  # the record itself is kept
    (finding,) = _report(db, file).findings
    assert finding.row_id == lost[0] and finding.serious and "not covered by any signed checkpoint" in finding.reason
    later = _save(db, file, tmp_path / "outbox", 1, start=2)  # the next save's checkpoint covers the gap
    report = _report(db, file)
    assert report.ok and [(f.row_id, f.serious) for f in report.findings] == [(lost[0], False)]
    assert ids[0] < lost[0] < later[0]


def test_signing_the_heads_closes_a_gap_but_never_signs_a_broken_chain(
    db: Engine, file: CheckpointFile, tmp_path: Path
) -> None:
    ids = _save(db, file, tmp_path / "outbox", 2)
    _save(db, CheckpointFile(tmp_path / "elsewhere.jsonl", KEY), tmp_path / "outbox", 1, start=2)
    assert not _report(db, file).ok
    with unit_of_work(db, read_only=True) as session:
        signed = sign_heads(session, file)
    assert not isinstance(signed, Break) and [(h.chain, h.row_id) for h in signed] == [("decisions", ids[1] + 1)]
    assert _report(db, file).ok
    with db.begin() as conn:
        conn.execute(text("UPDATE decisions SET rationale = 'changed later' WHERE id = :id"), {"id": ids[0]})
    lines = file.path.read_text()
    with unit_of_work(db, read_only=True) as session:
        broken = sign_heads(session, file)
    assert isinstance(broken, Break) and broken.row_id == ids[0] and file.path.read_text() == lines


class SaveDuringRead(CheckpointFile):
    """A checkpoint file that, the first time verify reads it, lets another save land right after."""

    def __init__(self, base: CheckpointFile, save: Any) -> None:
        super().__init__(base.path, base.key)
        self._save = save

    def read(self) -> Any:
        found = super().read()
        if self._save is not None:
            self._save, save = None, self._save
            save()
        return found


def test_a_save_while_verify_reads_the_file_is_no_false_alarm(db: Engine, file: CheckpointFile, tmp_path: Path) -> None:
    _save(db, file, tmp_path / "outbox", 2)
    racing = SaveDuringRead(file, lambda: _save(db, file, tmp_path / "outbox", 1, start=2))
    report = _report(db, racing)
    assert report.ok and report.findings == [] and report.rows["decisions"] == 3


def test_a_save_while_verify_reads_the_rows_is_no_false_alarm(db: Engine, file: CheckpointFile, tmp_path: Path) -> None:
    _save(db, file, tmp_path / "outbox", 2)
    pending = [lambda: _save(db, file, tmp_path / "outbox", 1, start=2)]

    def between(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "chain_heads" in statement and pending:  # verify has read the heads; now a save commits
            pending.pop()()

    event.listen(db, "after_cursor_execute", between)
    try:
        report = _report(db, file)
    finally:
        event.remove(db, "after_cursor_execute", between)
    assert not pending  # the save really landed in the middle
    assert report.ok and report.findings == [] and report.rows["decisions"] == 2  # one moment, seen whole
    assert _report(db, file).rows["decisions"] == 3
