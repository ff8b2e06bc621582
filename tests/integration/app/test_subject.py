"""Data-protection requests on real databases (SQLite, and PostgreSQL for both the decision log and
Rasa's tracker store): export finds everything, erasure removes what is theirs alone and keeps the
decision log intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.app import subject
from bot.app.tracker import conversations, count_events
from bot.council.models import StaffFile, StaffMember
from bot.decisions import log as decisions
from bot.decisions.log import Draft, NotAllowedError
from bot.library import feedback
from bot.staff import directory as staff
from bot.staff import identity, refusals
from bot.storage.db import unit_of_work
from bot.storage.models import (
    AuditRow,
    DecisionRow,
    FeedbackRow,
    IdentityRow,
    PracticeAttemptRow,
    RefusalCountRow,
    ReminderRow,
    ReviewRow,
    StaffRow,
)
from tests.integration.stores import save_conversation

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)
RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."
PEOPLE = StaffFile(
    staff=[
        StaffMember(
            id="sup", name="Sam Sup", role="supervisor", team="a", identities={"rest": ["sup"], "teams": ["aad-s"]}
        ),
        StaffMember(
            id="pw",
            name="Pat W",
            role="practitioner",
            team="a",
            supervisor="sup",
            identities={"rest": ["pw"], "telegram": ["111"]},
        ),
        StaffMember(id="other", name="Olu Other", role="practitioner", team="a", identities={"rest": ["other"]}),
    ]
)
OPERATOR = "cli:tester"


def _practice(staff_id: str) -> PracticeAttemptRow:
    """An answer to a practice scenario (the induction use cases write these; bot/induction/progress.py)."""
    return PracticeAttemptRow(
        staff_id=staff_id, scenario_id="neglect_hungry_same_clothes", theme="neglect", at=T0, level_given=3,
        expected_level=2, exact=False, within_one=True, first_try=True, route_given="cin_assessment",
        route_expected="early_help", missed='["l2_financial_hardship"]', pitfalls='["over_call"]', hints=1,
        reasons="[name] is often hungry", next_step="refer to MASH",
    )  # fmt: skip


def _fill(engine: Engine, tracker: str) -> dict[str, int]:
    """Three people with decisions, a review, a notice, a reminder, refusals, feedback and conversations."""
    with unit_of_work(engine) as session:
        # Pat's Telegram account wrote before Pat was registered: refused, audited under the identity.
        identity.audit(session, "telegram:111", "refused:unregistered", now=T0)
        identity.audit(session, "rest:stranger", "refused:unregistered", now=T0)
        refusals.count(session, "telegram:111", T0)
        refusals.count(session, "rest:stranger", T0)
        staff.import_file(session, PEOPLE)
    with unit_of_work(engine) as session:
        actors = {m.id: staff.get_actor(session, m.id) for m in PEOPLE.staff}
        draft = Draft("other", "1234567", RATIONALE)
        mine = [
            decisions.record(session, actors["pw"], draft, T0).id,
            decisions.record(session, actors["pw"], draft, T0).id,
        ]
        theirs = decisions.record(session, actors["other"], Draft("other", "7654321", RATIONALE), T0).id
    with unit_of_work(engine) as session:
        decisions.add_review(session, actors["sup"], mine[0], outcome="agree", comment="Good work", now=T0)
        decisions.add_review(session, actors["sup"], theirs, outcome="discuss", comment="", now=T0)
    with unit_of_work(engine) as session:
        decisions.untold_reviews(session, actors["pw"], T0)
        session.add(ReminderRow(kind="daily_summary", staff_id="pw", day=T0.date(), sent_at=T0))
        session.add(ReminderRow(kind="daily_summary", staff_id="sup", day=T0.date(), sent_at=T0))
        feedback.record(session, "neglect", "Tools", True, T0)
        for person in ("pw", "other"):
            session.add(_practice(person))
    with pytest.raises(NotAllowedError), unit_of_work(engine) as session:
        decisions.review_queue(session, actors["pw"])
    at = NOW.timestamp() - 3600
    save_conversation(tracker, "pw", [(at, "hello from rest"), (at + 1, "save my decision")])
    save_conversation(tracker, "111", [(at, "hello from telegram")], channel="telegram")
    save_conversation(tracker, "other", [(at, "a colleague's words")])
    save_conversation(tracker, "sup", [(at, "the supervisor's words")])
    return {"mine": mine[0], "second": mine[1], "theirs": theirs}


def _log_rows(engine: Engine) -> list[tuple[object, ...]]:
    with unit_of_work(engine, read_only=True) as session:
        found = [tuple(r) for r in session.execute(select(DecisionRow.__table__).order_by(DecisionRow.id))]
        return found + [tuple(r) for r in session.execute(select(ReviewRow.__table__).order_by(ReviewRow.id))]


def test_export_finds_everything_and_nothing_of_anyone_else(stores: tuple[Engine, str]) -> None:
    engine, tracker = stores
    ids = _fill(engine, tracker)
    found = subject.export(engine, tracker, "pw", OPERATOR, NOW)
    assert found["staff"]["name"] == "Pat W" and found["staff"]["supervisor_id"] == "sup"
    assert {(i["channel"], i["external_id"]) for i in found["identities"]} == {("rest", "pw"), ("telegram", "111")}
    assert [d["id"] for d in found["decisions"]] == [ids["mine"], ids["second"]]
    assert found["decisions"][0]["rationale"] == RATIONALE and found["decisions"][0]["indicators"] == []
    assert [r["decision_id"] for r in found["reviews_received"]] == [ids["mine"]]
    assert found["reviews_made"] == []
    assert [n["review_id"] for n in found["review_notices"]] == [found["reviews_received"][0]["id"]]
    assert [r["staff_id"] for r in found["reminders_sent"]] == ["pw"]
    audited = {(a["actor"], a["action"]) for a in found["audit_events"]}
    assert audited == {("telegram:111", "refused:unregistered"), ("pw", "refused:review_queue")}
    assert [(r["identity"], r["count"]) for r in found["refusal_counts"]] == [("telegram:111", 1)]
    said = {
        s: [e["data"]["text"] for e in events if e["type"] == "user"] for s, events in found["conversations"].items()
    }
    assert said == {"pw": ["hello from rest", "save my decision"], "111": ["hello from telegram"]}
    assert found["conversations"]["pw"][1]["at"].startswith("2026-11-26T09:00")
    assert set(found["not_held"]) == {"feedback"}
    practice = found["practice_attempts"]
    assert [(p["staff_id"], p["missed"], p["pitfalls"]) for p in practice] == [
        ("pw", ["l2_financial_hardship"], ["over_call"])
    ]
    supervisor = subject.export(engine, tracker, "sup", OPERATOR, NOW)
    assert sorted(r["decision_id"] for r in supervisor["reviews_made"]) == sorted([ids["mine"], ids["theirs"]])
    with unit_of_work(engine, read_only=True) as session:
        exports = session.execute(select(AuditRow).where(AuditRow.action == "privacy:export")).scalars().all()
    assert [(a.actor, a.target) for a in exports] == [(OPERATOR, "pw"), (OPERATOR, "sup")]


def test_erase_removes_theirs_keeps_the_log_and_leaves_others_alone(stores: tuple[Engine, str]) -> None:
    engine, tracker = stores
    ids = _fill(engine, tracker)
    log_before = _log_rows(engine)
    planned = subject.preview(engine, tracker, "pw")
    assert count_events(tracker, ["pw", "111"]) == 9  # preview changes nothing
    done = subject.erase(engine, tracker, "pw", OPERATOR, NOW)
    assert done == planned
    assert (done.conversation_events, done.sender_ids, done.identities, done.reminders_sent) == (9, 2, 2, 1)
    assert done.practice_attempts == 1 and "practice answers: 1" in done.lines()
    assert done.anonymised and (done.decisions_kept, done.reviews_kept) == (2, 1)
    assert conversations(tracker, ["pw", "111"]) == {}
    assert set(conversations(tracker, ["other", "sup"])) == {"other", "sup"}
    with unit_of_work(engine, read_only=True) as session:
        pat = session.get(StaffRow, "pw")
        assert (pat.name, pat.active, pat.role, pat.team) == (subject.FORMER, False, "practitioner", "a")
        assert session.execute(select(IdentityRow).where(IdentityRow.staff_id == "pw")).first() is None
        assert staff.resolve(session, "telegram", "111") is None
        assert [r.staff_id for r in session.execute(select(ReminderRow)).scalars()] == ["sup"]
        assert [r.staff_id for r in session.execute(select(PracticeAttemptRow)).scalars()] == ["other"]
        assert session.execute(select(func.count(FeedbackRow.id))).scalar_one() == 1  # anonymous: not theirs
        assert session.get(StaffRow, "other").name == "Olu Other"
        assert staff.resolve(session, "rest", "other") is not None and staff.resolve(session, "teams", "aad-s")
        steps = [a.action for a in session.execute(select(AuditRow).where(AuditRow.target == "pw")).scalars()]
        assert decisions.verify(session) is None
    assert _log_rows(engine) == log_before  # not one hashed column touched
    assert steps == [
        f"privacy:erase:{s}"
        for s in ("conversations", "refusals", "identities", "reminders", "practice", "staff", "kept")
    ]
    with unit_of_work(engine, read_only=True) as session:
        left = [r.identity for r in session.execute(select(RefusalCountRow)).scalars()]
    assert left == ["rest:stranger"]
    after = subject.export(engine, tracker, "pw", OPERATOR, NOW)
    assert after["staff"]["name"] == subject.FORMER and after["identities"] == [] and after["conversations"] == {}
    assert [d["id"] for d in after["decisions"]] == [ids["mine"], ids["second"]]


def test_a_second_erasure_is_harmless(stores: tuple[Engine, str]) -> None:
    engine, tracker = stores
    _fill(engine, tracker)
    subject.erase(engine, tracker, "pw", OPERATOR, NOW)
    again = subject.erase(engine, tracker, "pw", OPERATOR, NOW + dt.timedelta(minutes=1))
    assert (again.conversation_events, again.identities, again.reminders_sent, again.anonymised) == (0, 0, 0, False)
    assert again.practice_attempts == 0
    assert (again.decisions_kept, again.reviews_kept) == (2, 1)
    assert "staff entry: already" in "\n".join(again.lines())
    with unit_of_work(engine, read_only=True) as session:
        assert decisions.verify(session) is None
    assert set(conversations(tracker, ["other", "sup"])) == {"other", "sup"}


def test_an_unknown_member_of_staff_is_named(stores: tuple[Engine, str]) -> None:
    engine, tracker = stores
    _fill(engine, tracker)
    for request in (
        lambda: subject.export(engine, tracker, "nobody", OPERATOR, NOW),
        lambda: subject.preview(engine, tracker, "nobody"),
        lambda: subject.erase(engine, tracker, "nobody", OPERATOR, NOW),
    ):
        with pytest.raises(subject.UnknownStaffError, match="no member of staff with id 'nobody'"):
            request()
    with unit_of_work(engine, read_only=True) as session:
        assert session.execute(select(AuditRow).where(AuditRow.action.like("privacy:%"))).first() is None


def test_no_tracker_store_yet_means_no_conversations(tmp_path: Path, stores: tuple[Engine, str]) -> None:
    engine, _ = stores
    _fill(engine, f"sqlite:///{tmp_path / 'elsewhere.db'}")
    missing = tmp_path / "never-written.db"
    done = subject.erase(engine, f"sqlite:///{missing}", "pw", OPERATOR, NOW)
    assert done.conversation_events == 0 and done.identities == 2
    assert not missing.exists()  # looking did not create Rasa's database
