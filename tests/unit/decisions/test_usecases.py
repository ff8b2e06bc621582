"""Decision-log use cases on an in-memory unit of work: one Reply each, redaction once, the outbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from bot.decisions import usecases
from bot.decisions.outbox import Outbox
from bot.decisions.usecases import Who
from bot.loading import Council
from bot.storage.models import DecisionRow
from tests.fakes.uow import DownUnitOfWork, MemoryUnitOfWork

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)
WORKER, SUPERVISOR, STRANGER = Who("rest", "demo-worker"), Who("rest", "demo-supervisor"), Who("rest", "nobody")
SLOTS = {
    "decision_kind": "other",
    "case_ref": "1234567",
    "rationale": "Mum Sharon Smith (07700 900123) says the children are safe; school confirms good attendance now.",
    "next_step": "Review at the next supervision",
    "decision_confirmed": True,
}


def test_submit_redacts_once_and_saves_then_the_supervisor_sees_it(council: Council, tmp_path: Path) -> None:
    uow = MemoryUnitOfWork(council.staff)
    reply = usecases.submit(uow, Outbox(tmp_path), WORKER, SLOTS, NOW)
    assert reply.text.startswith("Saved as decision 1")
    with uow(read_only=True) as session:
        stored = session.execute(select(DecisionRow)).scalar_one()
    assert "07700" not in stored.rationale and "[phone]" in stored.rationale
    queue = usecases.review_queue(uow, SUPERVISOR, NOW)
    assert "#1" in queue.text and queue.choices[0].payload.startswith("/open_decision")


def test_preview_shows_what_was_removed_and_offers_save_or_discard() -> None:
    reply = usecases.preview(SLOTS)
    assert "removed" in reply.text and "07700" not in reply.text
    assert [c.title for c in reply.choices] == ["Save", "Discard"]


def test_submit_keeps_the_record_in_the_outbox_when_the_database_is_down(tmp_path: Path) -> None:
    outbox, down = Outbox(tmp_path), DownUnitOfWork()
    remembered = {**SLOTS, "staff_id": "demo-worker", "role": "practitioner"}  # set at session start
    reply = usecases.submit(down, outbox, WORKER, remembered, NOW)
    assert "kept your record safely" in reply.text and len(outbox.pending()) == 1
    assert "07700" not in outbox.pending()[0].read_text()  # redacted before it is kept anywhere


def test_written_from_the_outbox_once_the_database_is_back(council: Council, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    remembered = {**SLOTS, "staff_id": "demo-worker", "role": "practitioner"}
    usecases.submit(DownUnitOfWork(), outbox, WORKER, remembered, NOW)
    uow = MemoryUnitOfWork(council.staff)
    assert usecases.submit(uow, outbox, WORKER, SLOTS, NOW).text.startswith("Saved as decision 2")
    assert outbox.pending() == [] and outbox.flush(uow) == 0


def test_an_unregistered_sender_is_told_and_nothing_is_saved(council: Council, tmp_path: Path) -> None:
    uow = MemoryUnitOfWork(council.staff)
    reply = usecases.submit(uow, Outbox(tmp_path), STRANGER, SLOTS, NOW)
    assert [m.response for m in reply.messages()] == ["utter_not_in_directory", "utter_decision_discarded"]
    assert usecases.my_decisions(uow, STRANGER, NOW).response == "utter_not_in_directory"


def test_an_unconfirmed_record_is_discarded_without_a_lookup(tmp_path: Path) -> None:
    down = DownUnitOfWork()
    reply = usecases.submit(down, Outbox(tmp_path), WORKER, {**SLOTS, "decision_confirmed": False}, NOW)
    assert reply.response == "utter_decision_discarded" and down.calls == 0


def test_review_then_the_author_is_told_once(council: Council, tmp_path: Path) -> None:
    uow = MemoryUnitOfWork(council.staff)
    usecases.submit(uow, Outbox(tmp_path), WORKER, SLOTS, NOW)
    opened = usecases.open_decision(uow, SUPERVISOR, "1", NOW)
    assert opened is not None and [c.title for c in opened.choices] == ["Agree", "Discuss in supervision", "Challenge"]
    saved = usecases.review(uow, SUPERVISOR, {"review_decision_id": "1", "review_outcome": "agree"}, NOW)
    assert saved is not None and saved.text == "Review saved: decision #1 agreed."
    actor, told = usecases.session_start(uow, WORKER, NOW)
    assert actor is not None and told is not None and "#1: agreed" in told.text
    assert usecases.notices(uow, WORKER, NOW) is None


def test_a_worker_cannot_review_or_open_another_teams_decision(council: Council, tmp_path: Path) -> None:
    uow = MemoryUnitOfWork(council.staff)
    usecases.submit(uow, Outbox(tmp_path), WORKER, SLOTS, NOW)
    refused = usecases.review(uow, WORKER, {"review_decision_id": "1", "review_outcome": "agree"}, NOW)
    assert refused is not None and "supervisor" in refused.text
    assert usecases.open_decision(uow, SUPERVISOR, "not a number", NOW) is None
